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

from model.wordprobs import decode_words, window_probabilities, word_probabilities

# (start, end, margin): a word's character offsets in its text and its margin
WordMargin = tuple[int, int, float]


def word_margins(clf, texts: Sequence[str]) -> list[list[WordMargin]]:
    """For each text, ``(start, end, margin)`` of every word the model reads."""
    return [[(s, e, m) for s, e, _tag, m in words] for words in word_predictions(clf, texts)]


def word_predictions(clf, texts: Sequence[str]) -> list[list[tuple[int, int, str, float]]]:
    """For each text, ``(start, end, tag, margin)`` of every word, in reading order.
    The tags are the classifier's own decoded tags (:mod:`model.wordprobs`), which lets a
    test check that margins are read at the very positions the classifier decides from."""
    units = list(clf.units(texts))
    windows = [w for u in units for w in u.windows]
    probs = window_probabilities(clf.model, windows, clf.pad_id, clf.batch_size, clf.device)
    out: list[list[tuple[int, int, str, float]]] = [[] for _ in texts]
    k = 0
    for u in units:
        word_probs = word_probabilities(u.windows, probs[k : k + len(u.windows)], len(u.words), clf.labels)
        k += len(u.windows)
        tags, _ = decode_words(word_probs, clf.labels)
        for w, tag, p in zip(u.words, tags, word_probs):
            top = sorted(p, reverse=True)
            margin = top[0] - top[1] if len(top) > 1 else 1.0
            out[u.text_index].append((u.offset + w.start, u.offset + w.end, tag, float(margin)))
    return out
