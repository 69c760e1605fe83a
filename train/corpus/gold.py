"""Gold files: JSONL, one paragraph per line, spans over the paragraph's original text.

The loader refuses anything a scorer could silently mis-score (offsets outside the text,
spans starting or ending on whitespace, overlaps, unknown labels) and names the file,
line, document and paragraph, so the annotator can fix the exact record.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence, TypeVar

from model.labels import LABELS, Span


class GoldFormatError(ValueError):
    """A gold file record is malformed; the message names file, line, doc and paragraph."""


@dataclass
class GoldParagraph:
    doc: str
    para: int
    text: str
    entities: list[Span] = field(default_factory=list)


def validate_record(rec: object, where: str) -> GoldParagraph:
    if not isinstance(rec, dict):
        raise GoldFormatError(f"{where}: expected a JSON object, got {type(rec).__name__}")
    for key, typ in (("doc", str), ("para", int), ("text", str), ("entities", list)):
        if key not in rec:
            raise GoldFormatError(f"{where}: missing key {key!r} (need doc, para, text, entities)")
        if not isinstance(rec[key], typ) or (typ is int and isinstance(rec[key], bool)):
            raise GoldFormatError(f"{where}: {key!r} must be {typ.__name__}, got {type(rec[key]).__name__}")
    where = f"{where} (doc {rec['doc']!r}, para {rec['para']})"
    text = rec["text"]
    spans: list[Span] = []
    for k, ent in enumerate(rec["entities"]):
        if (
            not isinstance(ent, (list, tuple))
            or len(ent) != 3
            or not all(isinstance(x, int) and not isinstance(x, bool) for x in ent[:2])
            or not isinstance(ent[2], str)
        ):
            raise GoldFormatError(f"{where}: entity #{k} must be [start, end, LABEL], got {ent!r}")
        s, e, lab = ent
        if lab not in LABELS:
            raise GoldFormatError(f"{where}: entity #{k} {ent!r} has unknown label {lab!r}; expected one of {', '.join(LABELS)}")
        if not 0 <= s < e <= len(text):
            raise GoldFormatError(f"{where}: entity #{k} {ent!r} is outside the text (length {len(text)})")
        frag = text[s:e]
        if frag != frag.strip():
            raise GoldFormatError(f"{where}: entity #{k} {ent!r} = {frag!r} starts or ends on whitespace")
        spans.append((s, e, lab))
    spans.sort()
    for a, b in zip(spans, spans[1:]):
        if b[0] < a[1]:
            raise GoldFormatError(
                f"{where}: entities {list(a)} {text[a[0]:a[1]]!r} and {list(b)} {text[b[0]:b[1]]!r} overlap"
            )
    return GoldParagraph(rec["doc"], rec["para"], text, spans)


def load_gold(path: str | Path) -> list[GoldParagraph]:
    """Read and validate a gold JSONL file; raise :class:`GoldFormatError` on the first bad
    record, on text that is not UTF-8, and on a file without any record (scoring nothing
    would print zeros that look like a result)."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"gold file {path} does not exist (expected JSONL like data/gold/seeds.gold.jsonl)")
    out: list[GoldParagraph] = []
    seen: set[tuple[str, int]] = set()
    lineno = 0
    try:
        with path.open(encoding="utf-8-sig") as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                where = f"{path}:{lineno}"
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise GoldFormatError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from None
                except RecursionError:
                    raise GoldFormatError(f"{where}: JSON nested too deeply; a record is "
                                          '{"doc", "para", "text", "entities": [[start, end, LABEL], ...]}') from None
                gp = validate_record(rec, where)
                if (gp.doc, gp.para) in seen:
                    raise GoldFormatError(f"{where}: duplicate record for doc {gp.doc!r}, para {gp.para}")
                seen.add((gp.doc, gp.para))
                out.append(gp)
    except UnicodeDecodeError as exc:
        raise GoldFormatError(f"{path}:{lineno + 1}: not UTF-8 text ({exc.reason}); "
                              "convert the file to UTF-8 (iconv -f <encoding> -t UTF-8)") from None
    except IsADirectoryError:
        raise GoldFormatError(f"gold file {path} is a folder; give a .jsonl file") from None
    if not out:
        raise GoldFormatError(f"gold file {path} holds no records: nothing to score "
                              "(expected one JSON object per line, like data/gold/seeds.gold.jsonl)")
    return out


def write_gold(path: str | Path, paragraphs: list[GoldParagraph]) -> None:
    """Write spans in the gold format (also used for silver labels), atomically: a failure
    half-way leaves the previous file, never a truncated one."""
    from train.atomic import atomic_write

    with atomic_write(path) as fh:
        for gp in paragraphs:
            rec = {"doc": gp.doc, "para": gp.para, "text": gp.text, "entities": [list(s) for s in gp.entities]}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


P = TypeVar("P")  # a paragraph record with ``doc``, ``para`` and ``text`` (GoldParagraph, ReviewItem)


def join_documents(paragraphs: Sequence[P]) -> tuple[list[str], list[list[tuple[int, P]]]]:
    """Per document, in first-seen order: its text (paragraphs joined by newlines, in
    ``para`` order) and each paragraph with its start in that text, so annotating whole
    articles maps back onto paragraph offsets."""
    docs: dict[str, list[P]] = {}
    for p in paragraphs:
        docs.setdefault(p.doc, []).append(p)  # type: ignore[attr-defined]
    texts: list[str] = []
    layouts: list[list[tuple[int, P]]] = []
    for paras in docs.values():
        pos, layout = 0, []
        for p in sorted(paras, key=lambda x: x.para):  # type: ignore[attr-defined]
            layout.append((pos, p))
            pos += len(p.text) + 1  # type: ignore[attr-defined]
        layouts.append(layout)
        texts.append("\n".join(p.text for _, p in layout))  # type: ignore[attr-defined]
    return texts, layouts
