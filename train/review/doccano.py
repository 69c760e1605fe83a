"""doccano: sequence-labelling JSONL both ways.

doccano imports and exports one JSON object per line, ``{"text": ..., "label":
[[start, end, "LABEL"], ...]}``; other keys (our ``doc`` and ``para``) are kept as the
example's metadata and come back on export. Exports made with relation labelling on use
``"entities": [{"start_offset", "end_offset", "label"}]`` instead; both are read.
doccano records no span text, so offsets are checked for range, label, overlap and cut
letters, but a shifted offset inside a word can only be warned about.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Sequence

from model.labels import LABELS

from .items import ReviewItem
from .labelstudio import COLORS, HOTKEYS, ImportResult
from .spans import Problems, Region, ReviewImportError, accept_paragraph, check_spans, finish_import


def to_records(items: Sequence[ReviewItem], system: str | None) -> list[dict[str, Any]]:
    """One doccano example per item: a gold file's own spans, else ``system``'s spans
    (doccano has one label list per example, so only one system can pre-annotate)."""
    out = []
    for it in items:
        if it.gold is not None:
            spans = [list(s) for s in it.gold]
        elif system is not None:
            spans = [[s, e, lab] for s, e, lab, _ in it.predictions.get(system, [])]
        else:
            spans = []
        out.append({"text": it.text, "label": spans, "doc": it.doc, "para": it.para})
    return out


def dumps(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def label_types() -> list[dict[str, Any]]:
    """doccano's label-type import file (Labels > Actions > Import): our four labels."""
    return [{"text": lab, "suffix_key": HOTKEYS[lab], "background_color": COLORS[lab], "text_color": "#ffffff"}
            for lab in LABELS]


def _regions(rec: dict, ref: str, problems: Problems) -> list[Region] | None:
    if "entities" in rec and "label" not in rec:
        raw = rec["entities"]
    else:
        raw = rec.get("label", [])
    if not isinstance(raw, list):
        problems.errors.append(f"{ref}: 'label' must be a list of [start, end, LABEL]")
        return None
    regions = []
    for k, ent in enumerate(raw):
        if isinstance(ent, dict):
            regions.append(Region(ent.get("start_offset"), ent.get("end_offset"), ent.get("label"), None, f"entity #{k}"))
        elif isinstance(ent, (list, tuple)) and len(ent) == 3:
            regions.append(Region(ent[0], ent[1], ent[2], None, f"entity #{k}"))
        elif isinstance(ent, str):
            problems.errors.append(f"{ref}: label {ent!r} is a category, not a span: this looks like a "
                                   "text-classification export, not sequence labelling")
            return None
        else:
            problems.errors.append(f"{ref}: entity #{k} must be [start, end, LABEL], got {ent!r}")
            return None
    return regions


def parse_lines(lines: Sequence[str], source: str = "export", *, utf16: bool = False) -> ImportResult:
    """Gold paragraphs from doccano JSONL; same contract as
    :func:`train.review.labelstudio.parse_export` (all problems listed, nothing partial)."""
    problems = Problems()
    out = []
    seen: dict[tuple[str, int], str] = {}
    stats = {"tasks": 0, "annotated": 0, "unannotated": 0, "entities": 0}
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        stats["tasks"] += 1
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.errors.append(f"line {lineno}: not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(rec, dict):
            problems.errors.append(f"line {lineno}: expected a JSON object, got {type(rec).__name__}")
            continue
        meta = rec.get("meta") if isinstance(rec.get("meta"), dict) else {}
        doc = rec.get("doc", meta.get("doc"))
        para = rec.get("para", meta.get("para"))
        ref = f"line {lineno}" + (f" (id {rec['id']})" if "id" in rec else "") + (
            f" (doc {doc!r}, para {para})" if doc is not None else "")
        text = rec.get("text", rec.get("data"))
        if not isinstance(text, str):
            problems.errors.append(f"{ref}: no text (expected a string under 'text')")
            continue
        if isinstance(para, str) and para.strip().isdigit():
            para = int(para)
        if doc is None and para is None:
            doc, para = f"doccano-{rec.get('id', lineno)}", 0
            problems.warnings.append(f"{ref}: no doc/para; stored as doc {doc!r}, para 0")
        if not isinstance(doc, str) or not isinstance(para, int) or isinstance(para, bool):
            problems.errors.append(f"{ref}: doc must be a string and para an integer, got {doc!r}, {para!r}")
            continue
        n_err = len(problems.errors)
        regions = _regions(rec, ref, problems)
        if regions is None:
            continue
        spans = check_spans(ref, text, regions, problems, utf16=utf16)
        if len(problems.errors) > n_err:
            continue
        accept_paragraph(ref, doc, para, text, spans, seen=seen, out=out, stats=stats, problems=problems)
    return finish_import(source, out, problems, stats)


def load_export(path: str | Path, *, utf16: bool = False) -> ImportResult:
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").split("\n")  # not splitlines(): U+2028 may sit inside a JSON string
    except FileNotFoundError:
        raise FileNotFoundError(f"export file {path} does not exist") from None
    except UnicodeDecodeError as exc:
        raise ReviewImportError(str(path), [f"not UTF-8 ({exc.reason} at byte {exc.start})"]) from None
    return parse_lines(lines, str(path), utf16=utf16)
