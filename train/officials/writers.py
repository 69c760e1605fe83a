"""The officials table as CSV, JSONL or Parquet, chosen by the output's suffix."""
from __future__ import annotations

import csv
import json
from pathlib import Path

from train.atomic import OutputError, atomic_write

from .table import PersonRow

FORMATS = (".csv", ".jsonl", ".parquet")
COLUMNS = ["name", "ranks", "posts", "agencies", "n_articles", "n_mentions", "first_seen", "last_seen",
           "evidence_doc", "evidence_date", "evidence", "conflicts", "key"]


def flat(row: dict) -> dict:
    """One CSV row: lists joined by ``; ``, each rank with its dates in brackets."""
    ranks = "; ".join(f"{r['rank']} ({', '.join(r['dates'])})" if r["dates"] else r["rank"] for r in row["ranks"])
    return {**{c: row[c] for c in COLUMNS}, "ranks": ranks, "posts": "; ".join(row["posts"]),
            "agencies": "; ".join(row["agencies"]), "conflicts": "; ".join(row["conflicts"])}


def output_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise OutputError(f"output {path}: use a .csv, .jsonl or .parquet file name")
    return suffix


def write_table(rows: list[PersonRow], path: str | Path) -> None:
    fmt = output_format(path)
    dicts = [r.to_dict() for r in rows]
    if fmt == ".csv":
        with atomic_write(path, newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=COLUMNS)
            w.writeheader()
            for d in dicts:
                w.writerow(flat(d))
    elif fmt == ".jsonl":
        with atomic_write(path) as fh:
            for d in dicts:
                fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    else:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise OutputError("writing .parquet needs pyarrow: pip install pyarrow (or write .csv / .jsonl)") from None
        table = pa.Table.from_pylist(dicts)
        tmp = Path(path).with_name(f".{Path(path).name}.tmp")
        pq.write_table(table, tmp)
        tmp.replace(path)
