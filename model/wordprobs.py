"""Per-word label probabilities from encoder windows, and their decoding into tags.

One place for what inference, self-training's relabelling, the review margins and the dev
metrics all need: run the encoder over windows, read each word's probabilities on its
first subword in the window where the word sits farthest from an edge, and decode the
sentence with :func:`model.decoding.bio_viterbi`. Had each caller kept its own copy, the
teacher of a self-training round and the model a user runs would read words differently.
"""
from __future__ import annotations

from typing import Any, Sequence

from .decoding import bio_viterbi
from .encoding import Window, best_window_for_words
from .labels import OUTSIDE


def window_probabilities(
    model: Any, windows: Sequence[Window], pad_id: int, batch_size: int, device: Any = None
) -> list[list[list[float]]]:
    """Per window: the softmax probability of every label at every position.

    Windows are batched by length, so padding stays small. Everything after the forward
    pass is plain Python on small lists: on a busy CPU each extra small torch op can wait on
    torch's intra-op thread pool for a whole scheduler slice (measured: 15 ms per op with 2
    threads on 2 shared cores)."""
    import torch

    device = device if device is not None else next(model.parameters()).device
    out: list = [None] * len(windows)
    order = sorted(range(len(windows)), key=lambda i: len(windows[i].input_ids))
    for b in range(0, len(order), batch_size):
        idx = order[b : b + batch_size]
        width = max(len(windows[i].input_ids) for i in idx)
        rows = [windows[i].input_ids + [pad_id] * (width - len(windows[i].input_ids)) for i in idx]
        masks = [[1] * len(windows[i].input_ids) + [0] * (width - len(windows[i].input_ids)) for i in idx]
        ids = torch.tensor(rows, dtype=torch.long, device=device)
        mask = torch.tensor(masks, dtype=torch.long, device=device)
        with torch.inference_mode():
            probs = model(input_ids=ids, attention_mask=mask).logits.float().softmax(-1).cpu().tolist()
        for r, i in enumerate(idx):
            out[i] = probs[r][: len(windows[i].input_ids)]
    return out


def outside_row(labels: Sequence[str]) -> list[float]:
    """Probabilities of a word read as certainly ``O`` (one that no prediction reached)."""
    return [1.0 if t == OUTSIDE else 0.0 for t in labels]


def word_probabilities(
    windows: Sequence[Window], preds: Sequence[Sequence[Sequence[float]]], n_words: int, labels: Sequence[str]
) -> list[list[float]]:
    """Each word's label probabilities, from its first subword in its most central window.

    A word no window reached (which encoding never produces) reads as certainly ``O``."""
    best = best_window_for_words(windows, n_words)
    out: list[list[float]] = [outside_row(labels)] * n_words
    for wi, (win, probs) in enumerate(zip(windows, preds)):
        for k, (w, first) in enumerate(zip(win.word_index, win.first)):
            if first and w is not None and best[w] == wi:
                out[w] = list(probs[k])
    return out


def decode_words(word_probs: Sequence[Sequence[float]], labels: Sequence[str]) -> tuple[list[str], list[float]]:
    """The best well-formed IOB2 tags of one sentence and each word's probability of its tag."""
    ids = bio_viterbi(word_probs, labels)
    return [labels[i] for i in ids], [float(word_probs[w][i]) for w, i in enumerate(ids)]
