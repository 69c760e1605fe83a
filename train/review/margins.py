"""Per-word confidence margins of a trained token classifier.

The margin of a word is ``p(best tag) - p(second best tag)`` on its first subword, in the
window where the word sits farthest from an edge: exactly the prediction
:class:`model.classifier.TokenClassifier` keeps for that word. A small margin means the
model nearly chose another tag, which is where a reviewer's time pays most.

This reads the classifier's public pieces (``units``, ``model``, ``pad_id``,
``batch_size``, ``device``) and leaves its prediction code untouched.
"""
from __future__ import annotations

from typing import Sequence

from model.encoding import best_window_for_words

# (start, end, margin): a word's character offsets in its text and its margin
WordMargin = tuple[int, int, float]


def word_margins(clf, texts: Sequence[str]) -> list[list[WordMargin]]:
    """For each text, ``(start, end, margin)`` of every word the model reads."""
    return [[(s, e, m) for s, e, _tag, m in words] for words in word_predictions(clf, texts)]


def word_predictions(clf, texts: Sequence[str]) -> list[list[tuple[int, int, str, float]]]:
    """For each text, ``(start, end, best tag, margin)`` of every word, in reading order.
    The tags are the classifier's own (before its repair into spans), which lets a test
    check that margins are read at the very positions the classifier decides from."""
    import torch

    units = list(clf.units(texts))
    windows = [w for u in units for w in u.windows]
    margins: list[list[tuple[int, float]]] = [[] for _ in windows]  # (best tag id, margin) per subword
    order = sorted(range(len(windows)), key=lambda i: len(windows[i].input_ids))
    for b in range(0, len(order), clf.batch_size):
        idx = order[b : b + clf.batch_size]
        width = max(len(windows[i].input_ids) for i in idx)
        rows = [windows[i].input_ids + [clf.pad_id] * (width - len(windows[i].input_ids)) for i in idx]
        masks = [[1] * len(windows[i].input_ids) + [0] * (width - len(windows[i].input_ids)) for i in idx]
        with torch.inference_mode():
            logits = clf.model(
                input_ids=torch.tensor(rows, dtype=torch.long, device=clf.device),
                attention_mask=torch.tensor(masks, dtype=torch.long, device=clf.device),
            ).logits
            top = logits.float().softmax(-1).topk(2, dim=-1)
            diff = (top.values[..., 0] - top.values[..., 1]).cpu().tolist()
            top_ids = top.indices[..., 0].cpu().tolist()
        for r, i in enumerate(idx):
            n = len(windows[i].input_ids)
            margins[i] = list(zip(top_ids[r][:n], diff[r][:n]))
    out: list[list[tuple[int, int, str, float]]] = [[] for _ in texts]
    k = 0
    for u in units:
        n = len(u.words)
        best = best_window_for_words(u.windows, n)
        word_p = [(0, 1.0)] * n  # a word no window reached (cannot happen) reads as O, certain
        for wi, win in enumerate(u.windows):
            for pos, (w, first) in enumerate(zip(win.word_index, win.first)):
                if first and w is not None and best[w] == wi:
                    word_p[w] = margins[k + wi][pos]
        k += len(u.windows)
        for w, (tag, m) in zip(u.words, word_p):
            out[u.text_index].append((u.offset + w.start, u.offset + w.end, clf.labels[tag], float(m)))
    return out
