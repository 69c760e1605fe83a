"""Evaluate annotators against gold paragraphs with the shared scorer.

Gold paragraphs of one document are joined with newlines and annotated as one article, as
users annotate articles: document-level evidence (a name seen as PERSON earlier labels its
later mentions, ``ông [Lưu]``) is then available, as it is in real use. Each predicted
entity is mapped back into its paragraph, so offsets compare with gold directly (gold
offsets index each paragraph's ``text``); ``context="paragraph"`` annotates every
paragraph on its own instead. The same
functions serve ``anninh evaluate`` and the trainer's report on its dev set, so a number
printed by either means the same thing.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence, Union

from model.entity import Entity
from model.labels import Span

from train.corpus.gold import GoldParagraph, join_documents, load_gold
from .scoring import ParaKey, ScoreReport, compare_markdown, score_paragraphs

CONTEXT_CHARS = 60
HYBRID_PREFIX = "hybrid:"  # "--model hybrid:DIR" puts a model and its hybrid side by side


@dataclass
class SystemResult:
    name: str
    report: ScoreReport
    predictions: dict[ParaKey, list[Span]]


def _run(annotator, texts: list[str], progress: bool) -> list[list[Entity]]:
    if hasattr(annotator, "annotate_many"):
        return annotator.annotate_many(texts, progress=progress)
    return [annotator(t) for t in texts]


def predict_gold(
    annotator, gold: Sequence[GoldParagraph], progress: bool = False, context: str = "document"
) -> dict[ParaKey, list[Span]]:
    """Predicted spans per gold paragraph, keyed ``(doc, para)``, offsets into ``gp.text``.

    ``annotator`` is anything with ``annotate_many(list[str]) -> list[list[Entity]]``
    (an :class:`model.annotator.Annotator`) or a plain callable ``text -> list[Entity]``.
    ``context`` is ``"document"`` (paragraphs of a document annotated together, in ``para``
    order) or ``"paragraph"`` (each on its own).
    """
    if context == "paragraph":
        results = _run(annotator, [gp.text for gp in gold], progress)
        return {(gp.doc, gp.para): [(e.start, e.end, e.label) for e in ents] for gp, ents in zip(gold, results)}
    if context != "document":
        raise ValueError(f"context must be 'document' or 'paragraph', got {context!r}")
    texts, layouts = join_documents(gold)
    preds: dict[ParaKey, list[Span]] = {(gp.doc, gp.para): [] for gp in gold}
    for layout, ents in zip(layouts, _run(annotator, texts, progress)):
        for e in ents:
            for start, gp in layout:
                if start <= e.start and e.end <= start + len(gp.text):
                    preds[(gp.doc, gp.para)].append((e.start - start, e.end - start, e.label))
                    break
    return preds


def evaluate_annotator(annotator, gold: Sequence[GoldParagraph], name: str = "", progress: bool = False) -> SystemResult:
    preds = predict_gold(annotator, gold, progress=progress)
    return SystemResult(name or getattr(annotator, "name", "system"), score_paragraphs(list(gold), preds), preds)


def evaluate_model_dir(model_dir: str | Path, gold: Sequence[GoldParagraph], batch_size: int = 16,
                       consistency: bool = False) -> ScoreReport:
    """Load ``model_dir`` afresh and score it on ``gold``: by default the sentence-level
    predictions, as training scores dev (the training tests check that a model's
    ``metrics.json`` agrees with this independent measurement); ``consistency=True`` adds
    the document-level consistency that ``anninh evaluate`` applies (model/consistency.yaml)."""
    from model.annotator import Annotator

    ann = Annotator(str(model_dir), batch_size=batch_size, consistency=None if consistency else False)
    return evaluate_annotator(ann, gold).report


SystemSpec = Union[str, Path, object]


def evaluate_systems(
    systems: Mapping[str, SystemSpec] | Sequence[str],
    gold: Sequence[GoldParagraph] | str | Path,
    *,
    hybrid: bool = False,
    batch_size: int = 16,
    progress: bool = False,
) -> dict[str, SystemResult]:
    """Score several systems on the same gold; values are model dirs, ``"rules"``,
    ``"hybrid:DIR"`` (that model combined with the rules, :mod:`model.hybrid`) or annotators."""
    from model.annotator import Annotator

    if isinstance(gold, (str, Path)):
        gold = load_gold(gold)
    if not isinstance(systems, Mapping):
        systems = {str(s): s for s in systems}
    out: dict[str, SystemResult] = {}
    for name, spec in systems.items():
        if isinstance(spec, (str, Path)):
            spec, hyb = str(spec), hybrid
            if spec.startswith(HYBRID_PREFIX):
                spec, hyb = spec[len(HYBRID_PREFIX):], True
            ann = Annotator(spec, hybrid=hyb, batch_size=batch_size)
        else:
            ann = spec
        out[name] = evaluate_annotator(ann, gold, name=name, progress=progress)
    return out


def comparison_table(results: Mapping[str, SystemResult]) -> str:
    return compare_markdown({name: r.report for name, r in results.items()})


def _context(text: str, s: int, e: int, width: int = CONTEXT_CHARS) -> str:
    left = text[max(0, s - width) : s]
    right = text[e : e + width]
    return ("…" if s > width else "") + left + "[[" + text[s:e] + "]]" + right + ("…" if e + width < len(text) else "")


def error_records(name: str, gold: Sequence[GoldParagraph], preds: Mapping[ParaKey, list[Span]]) -> list[dict]:
    """False positives and negatives (exact character spans) with context.

    Each record says what the other side had at the same place (``overlaps``), so a
    boundary or type error reads as one FP and one FN pointing at each other.
    """
    out = []
    for gp in gold:
        g = set(map(tuple, gp.entities))
        p = set(map(tuple, preds.get((gp.doc, gp.para), [])))
        for kind, mine, other in (("FP", p - g, g), ("FN", g - p, p)):
            for s, e, lab in sorted(mine):
                over = [
                    {"start": a, "end": b, "label": lb, "text": gp.text[a:b]}
                    for a, b, lb in sorted(other) if a < e and s < b
                ]
                if over and any(o["start"] == s and o["end"] == e for o in over):
                    why = "type"
                elif over:
                    why = "boundary"
                else:
                    why = "spurious" if kind == "FP" else "missed"
                out.append({
                    "system": name, "kind": kind, "error": why, "doc": gp.doc, "para": gp.para,
                    "start": s, "end": e, "label": lab, "text": gp.text[s:e],
                    "context": _context(gp.text, s, e), "overlaps": over,
                })
    return out


def write_errors(path: str | Path, results: Mapping[str, SystemResult], gold: Sequence[GoldParagraph]) -> int:
    """Write every system's FP/FN: JSONL when ``path`` ends in ``.jsonl``, else readable TSV.
    Returns the number of error records written."""
    from train.atomic import atomic_write

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    records = [r for name, res in results.items() for r in error_records(name, gold, res.predictions)]
    with atomic_write(path) as fh:
        if path.suffix == ".jsonl":
            for r in records:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        else:
            fh.write("system\tkind\terror\tdoc\tpara\tlabel\ttext\tother side\tcontext\n")
            for r in records:
                other = "; ".join(f"{o['label']}:{o['text']}" for o in r["overlaps"])
                cells = [r["system"], r["kind"], r["error"], r["doc"], str(r["para"]), r["label"],
                         r["text"], other, r["context"]]
                fh.write("\t".join(c.replace("\t", " ").replace("\n", " ") for c in cells) + "\n")
    return len(records)
