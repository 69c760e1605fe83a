"""Dev metrics during fine-tuning: the Trainer's ``compute_metrics``.

Each dev word is scored once, in the window inference would read it from
(:func:`train.training.dataset.encode_eval`). The predicted words are turned back into
character spans and scored by the project's shared scorer
(:mod:`train.evaluation.scoring`), so the F1 that drives early stopping and picks the best
checkpoint is the F1 that ``anninh evaluate`` reports. A word-level seqeval report
(strict IOB2) is kept beside it.
"""
from __future__ import annotations

from typing import Any, Sequence

from model.labels import LABELS, OUTSIDE, TAGS, tags_to_spans, token_spans_to_char_spans
from model.wordprobs import decode_words, outside_row

from .data import PreparedData
from .dataset import EncodedRows, WordSentence


def word_predictions(probs: Any, inputs: Any, rows: EncodedRows, sentences: Sequence[WordSentence], pad_id: int) -> list[list[str]]:
    """Predicted tag per dev word: each word's label probabilities in the window that scores
    it, decoded per sentence with the IOB2 Viterbi inference uses (:mod:`model.wordprobs`).

    The Trainer may return eval windows in another order than the dataset's (length-grouped
    or distributed sampling), so each prediction row is matched to its window by its input
    ids. Identical windows get identical predictions, so which copy a row is matched to
    does not matter.
    """
    import numpy as np

    index: dict[tuple, list[int]] = {}
    for r, ids in enumerate(rows.input_ids):
        index.setdefault(tuple(ids), []).append(r)
    seen = [False] * len(rows.input_ids)
    outside = outside_row(TAGS)
    word_probs = [[outside] * len(s.forms) for s in sentences]
    for k in range(len(probs)):
        ids = np.asarray(inputs[k])
        n = len(ids)
        while n and (ids[n - 1] == pad_id or ids[n - 1] == -100):
            n -= 1
        cands = index.get(tuple(int(x) for x in ids[:n]))
        if not cands:
            raise RuntimeError(f"evaluation returned a window that is not in the dev dataset (row {k})")
        r = next((c for c in cands if not seen[c]), cands[0])
        seen[r] = True
        sent = word_probs[rows.sentence[r]]
        pos = [p for p, lab in enumerate(rows.labels[r]) if lab != -100]
        for p, w in zip(pos, rows.scored_words[r]):
            sent[w] = [float(x) for x in probs[k][p]]
    if not all(seen):
        raise RuntimeError(f"evaluation returned predictions for {sum(seen)} of {len(seen)} dev windows")
    return [decode_words(wp, TAGS)[0] for wp in word_probs]


def _float_report(report: dict) -> dict:
    return {k: {m: float(v) for m, v in d.items()} for k, d in report.items()}


def word_report(sentences: Sequence[WordSentence], predicted: Sequence[Sequence[str]]) -> dict:
    """seqeval (strict, IOB2) over dev words; the predictions are already well-formed (Viterbi)."""
    from seqeval.metrics import classification_report
    from seqeval.scheme import IOB2

    y_true = [list(s.tags) for s in sentences]
    y_pred = [list(p) for p in predicted]
    if not any(t != OUTSIDE for seq in y_true + y_pred for t in seq):
        return {}
    return _float_report(classification_report(y_true, y_pred, mode="strict", scheme=IOB2, output_dict=True, zero_division=0))


def span_predictions(sentences: Sequence[WordSentence], predicted: Sequence[Sequence[str]]) -> dict:
    """(doc, para) -> character spans, from word tags and the words' offsets."""
    out: dict[tuple[str, int], list] = {}
    for s, tags in zip(sentences, predicted):
        spans = token_spans_to_char_spans(s.offsets, tags_to_spans(tags))
        out.setdefault((s.doc, s.para), []).extend(spans)
    return out


def dev_reports(probs, inputs, rows: EncodedRows, data: PreparedData, pad_id: int) -> tuple[dict, Any]:
    from train.evaluation.scoring import score_paragraphs

    predicted = word_predictions(probs, inputs, rows, data.dev, pad_id)
    spans = span_predictions(data.dev, predicted)
    for gp in data.dev_gold:
        spans.setdefault((gp.doc, gp.para), [])
    return word_report(data.dev, predicted), score_paragraphs(data.dev_gold, spans)


class DevMetrics:
    """Trainer's ``compute_metrics``: dev F1 from the shared scorer; keeps the last full reports."""

    def __init__(self, rows: EncodedRows, data: PreparedData, pad_id: int) -> None:
        self.rows, self.data, self.pad_id = rows, data, pad_id
        self.last: tuple[dict, Any] | None = None

    def __call__(self, eval_pred) -> dict:
        words, score = dev_reports(eval_pred.predictions, eval_pred.inputs, self.rows, self.data, self.pad_id)
        self.last = (words, score)
        out = {
            "f1": score.micro_f1,
            "precision": float(score.seqeval.get("micro avg", {}).get("precision", 0.0)),
            "recall": float(score.seqeval.get("micro avg", {}).get("recall", 0.0)),
            "word_f1": float(words.get("micro avg", {}).get("f1-score", 0.0)),
        }
        for lab in LABELS:
            out[f"f1_{lab}"] = score.f1(lab)
        return out


def label_probabilities(logits, labels):
    """``preprocess_logits_for_metrics``: softmax over the labels, which the dev metrics
    decode as inference does (a plain argmax would score another decoder)."""
    if isinstance(logits, tuple):
        logits = logits[0]
    return logits.float().softmax(dim=-1)
