"""Turn hand labels written as surfaces into offset gold for ``news-heldout.spans.jsonl``.

Why: a person labelling from the guideline writes what they see (``["Bộ Công an", "AGENCY"]``,
in reading order); counting characters by hand drifts. This converter places each surface
at its next occurrence after the previous span, refuses a surface that is not there or that
cuts a word, and writes the offset records (set, doc, para, the paragraph's SHA-1, entities)
that ``train/evaluation/news_gold.py`` joins back to the corpus.

Input, two JSONL files: the paragraphs (``{"doc", "para", "text"}``) and the labels
(``{"doc", "para", "entities": [[surface, LABEL], ...]}``, one line per labelled paragraph;
a paragraph with no line has no entity). A surface may be ``[surface, LABEL, k]`` to skip
to its k-th later occurrence (1 = the next one) when the same string occurs unlabelled in
between.

    python scripts/spans_from_surfaces.py --set news-j PARAS LABELS >> data/gold/news-heldout.spans.jsonl
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

LABELS = {"AGENCY", "RANK", "PERSON", "LOCATION"}


class SurfaceError(ValueError):
    """A labelled surface cannot be placed in its paragraph."""


def _is_word_char(ch: str) -> bool:
    return ch.isalnum()


def place(text: str, entities: list[list], where: str) -> list[list]:
    """Offsets ``[start, end, label]`` of each surface, in order, each after the last."""
    out: list[list] = []
    pos = 0
    for item in entities:
        if not 2 <= len(item) <= 3:
            raise SurfaceError(f"{where}: {item!r} is not [surface, LABEL] or [surface, LABEL, k]")
        surface, label = item[0], item[1]
        skip = int(item[2]) if len(item) == 3 else 1
        if label not in LABELS:
            raise SurfaceError(f"{where}: label {label!r} of {surface!r} is none of {sorted(LABELS)}")
        if not surface or surface != surface.strip():
            raise SurfaceError(f"{where}: surface {surface!r} is empty or starts/ends with a space")
        start, found = pos, -1
        for _ in range(skip):
            while True:
                found = text.find(surface, start)
                if found < 0:
                    raise SurfaceError(f"{where}: {surface!r} ({label}) not found after offset {pos}; "
                                       "check the spelling and the reading order")
                end = found + len(surface)
                cuts = (found > 0 and _is_word_char(text[found - 1]) and _is_word_char(surface[0])) or (
                    end < len(text) and _is_word_char(text[end]) and _is_word_char(surface[-1]))
                start = found + 1
                if not cuts:
                    break
        out.append([found, found + len(surface), label])
        pos = found + len(surface)
    return out


def convert(paras: list[dict], labels: list[dict], set_name: str) -> list[dict]:
    """One offset record per paragraph of ``paras`` (empty entities where unlabelled)."""
    by_key = {}
    for rec in labels:
        key = (rec["doc"], int(rec["para"]))
        if key in by_key:
            raise SurfaceError(f"{key[0]}#{key[1]} is labelled twice")
        by_key[key] = rec.get("entities", [])
    known = {(p["doc"], int(p["para"])) for p in paras}
    stray = sorted(set(by_key) - known)
    if stray:
        raise SurfaceError(f"labels for paragraphs that do not exist: {stray[:3]}")
    out = []
    for p in paras:
        key = (p["doc"], int(p["para"]))
        spans = place(p["text"], by_key.get(key, []), f"{key[0]}#{key[1]}")
        out.append({"set": set_name, "doc": p["doc"], "para": key[1],
                    "sha1": hashlib.sha1(p["text"].encode("utf-8")).hexdigest(), "entities": spans})
    return out


def _read(path: Path) -> list[dict]:
    return [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", required=True, dest="set_name")
    ap.add_argument("paras", type=Path)
    ap.add_argument("labels", type=Path)
    a = ap.parse_args(argv)
    try:
        records = convert(_read(a.paras), _read(a.labels), a.set_name)
    except SurfaceError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    for r in records:
        sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
    n = sum(len(r["entities"]) for r in records)
    print(f"{a.set_name}: {len(records)} paragraphs, {len({r['doc'] for r in records})} articles, "
          f"{n} entities", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
