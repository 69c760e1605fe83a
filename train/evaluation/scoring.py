"""Scoring predicted spans against gold: seqeval (strict IOB2) and exact character spans.

One scorer serves the rule report, ``anninh evaluate`` and the trainer's final dev
report, so every number the project prints means the same thing. Both sides are turned
into IOB2 tags over the same syllable tokens of each gold paragraph (cut again where a
span boundary falls inside one: :func:`scoring_tokens`), and seqeval reads them in strict
mode, entity level, per type. The exact-span table compares character
offsets directly and so also catches boundary errors inside a token.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

from seqeval.metrics import classification_report
from seqeval.scheme import IOB2

from model.labels import LABELS, Span, spans_to_tags
from model.text.tokens import tokenize

from train.corpus.gold import GoldParagraph

ParaKey = tuple[str, int]
AVERAGES = ("micro avg", "macro avg", "weighted avg")


@dataclass
class ScoreReport:
    """``seqeval``: seqeval's report dict; ``exact``: per type and micro {precision, recall, f1, support}."""

    seqeval: dict
    exact: dict
    n_paragraphs: int
    missing: list[ParaKey] = field(default_factory=list)  # gold paragraphs with no prediction entry

    @property
    def micro_f1(self) -> float:
        return float(self.seqeval.get("micro avg", {}).get("f1-score", 0.0))

    def f1(self, label: str) -> float:
        return float(self.seqeval.get(label, {}).get("f1-score", 0.0))

    def as_dict(self) -> dict:
        return {"seqeval": self.seqeval, "exact": self.exact, "n_paragraphs": self.n_paragraphs,
                "missing_predictions": [list(k) for k in self.missing]}

    def to_markdown(self, title: str = "seqeval (strict, IOB2, entity level)") -> str:
        return compare_markdown({"": self}, title=title)


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts; 0.0 where a ratio is undefined. The one
    computation behind every exact-match score the project prints (this module's tables
    and the rule report's per-function scores)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _prf(tp: int, fp: int, fn: int) -> dict:
    p, r, f = prf(tp, fp, fn)
    return {"precision": p, "recall": r, "f1-score": f, "support": tp + fn}


def exact_scores(pairs: Iterable[tuple[list[Span], list[Span]]]) -> dict:
    """Exact character-span P/R/F1 per type and micro-averaged."""
    counts = {lab: [0, 0, 0] for lab in LABELS}
    for gold, pred in pairs:
        g, p = set(map(tuple, gold)), set(map(tuple, pred))
        for s in g & p:
            counts[s[2]][0] += 1
        for s in p - g:
            counts.setdefault(s[2], [0, 0, 0])[1] += 1
        for s in g - p:
            counts[s[2]][2] += 1
    out = {lab: _prf(*c) for lab, c in counts.items()}
    tot = [sum(c[i] for c in counts.values()) for i in range(3)]
    out["micro avg"] = _prf(*tot)
    return out


def scoring_tokens(text: str, spans: Iterable[Span]) -> list[tuple[int, int]]:
    """The syllable tokens of ``text``, cut again at every span boundary that falls inside
    one. A span that ends inside a word (``Cư M`` for ``Cư M'gar``) then differs from the
    gold span in its tags as it does in its characters, so the score never depends on the
    tokeniser's version: a boundary the tokeniser once split at cannot hide an error."""
    cuts = sorted({b for sp in spans for b in sp[:2]})
    out: list[tuple[int, int]] = []
    k = 0
    for t in tokenize(text):
        a = t.start
        while k < len(cuts) and cuts[k] <= a:
            k += 1
        m = k
        while m < len(cuts) and cuts[m] < t.end:
            out.append((a, cuts[m]))
            a = cuts[m]
            m += 1
        out.append((a, t.end))
    return out


def score_paragraphs(gold: list[GoldParagraph], predicted: Mapping[ParaKey, list[Span]]) -> ScoreReport:
    """Score ``predicted`` spans (paragraph-relative offsets, keyed by (doc, para)) against ``gold``.

    A gold paragraph without an entry in ``predicted`` counts as predicting nothing and is
    listed in ``missing``, so a scorer never silently drops documents.
    """
    y_true: list[list[str]] = []
    y_pred: list[list[str]] = []
    pairs = []
    missing = []
    for gp in gold:
        key = (gp.doc, gp.para)
        if key not in predicted:
            missing.append(key)
        pred = list(predicted.get(key, []))
        offs = scoring_tokens(gp.text, list(gp.entities) + pred)
        y_true.append(spans_to_tags(offs, gp.entities))
        y_pred.append(spans_to_tags(offs, pred))
        pairs.append((gp.entities, pred))
    if any(any(t != "O" for t in seq) for seq in y_true + y_pred):
        report = classification_report(
            y_true, y_pred, mode="strict", scheme=IOB2, output_dict=True, zero_division=0
        )
    else:
        report = {}
    report = {k: {m: float(v) for m, v in d.items()} for k, d in report.items()}
    for lab in LABELS:
        report.setdefault(lab, {"precision": 0.0, "recall": 0.0, "f1-score": 0.0, "support": 0.0})
    for avg in AVERAGES:
        report.setdefault(avg, {"precision": 0.0, "recall": 0.0, "f1-score": 0.0, "support": 0.0})
    return ScoreReport(report, exact_scores(pairs), len(gold), missing)


def compare_markdown(reports: Mapping[str, ScoreReport], title: str = "seqeval (strict, IOB2, entity level)") -> str:
    """One Markdown table with systems side by side: P/R/F1 per type, micro and macro,
    then exact-span F1. With one unnamed system the system column is dropped."""
    named = not (len(reports) == 1 and "" in reports)
    rows = list(LABELS) + ["micro avg", "macro avg"]
    head = (["system"] if named else []) + ["type", "precision", "recall", "f1", "support", "exact-span f1"]
    lines = [f"### {title}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, rep in reports.items():
        for row in rows:
            d = rep.seqeval.get(row, {})
            ex = rep.exact.get(row, {}).get("f1-score") if row != "macro avg" else None
            cells = ([name] if named else []) + [
                row, f"{d.get('precision', 0):.3f}", f"{d.get('recall', 0):.3f}", f"{d.get('f1-score', 0):.3f}",
                f"{int(d.get('support', 0))}", "" if ex is None else f"{ex:.3f}",
            ]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
