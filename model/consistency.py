"""Document-level consistency of the model's output: a name the model labels in one
sentence labels its other mentions in the same article.

The classifier reads one sentence at a time (as it was trained), so it cannot know that
``Giang`` at the start of a later sentence is the ``Đồng Thị Mai Giang`` it labelled
PERSON three sentences earlier; the rules know it from their stage-2 propagation. Here a
surface the model labelled with one label only (in one window of whole paragraphs, about
an article) labels its other mentions that

- stand as whole words in the model's own word segmentation (``Chính`` inside the word
  ``Chính_phủ`` is no mention of a person ``Chính``; ``Tài`` inside ``Tài_xế`` neither),
- and overlap no span of the model.

Which labels propagate is policy, in ``model/consistency.yaml`` (PERSON and LOCATION,
chosen with ``scripts/compare_consistency.py``); agencies share their short names with
their places too often.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from .policy_file import label_list, read_policy, score_value

POLICY_FILE = Path(__file__).with_name("consistency.yaml")

Span = tuple[int, int, str, float]


class ConsistencyPolicyError(ValueError):
    """``model/consistency.yaml`` is invalid; the message names the key."""


@dataclass(frozen=True)
class ConsistencyPolicy:
    labels: frozenset[str]  # labels whose surfaces label their other mentions
    min_score: float = 0.0  # a span's score must reach this to be propagated
    window_chars: int = 32_000  # names propagate within runs of whole paragraphs this long (about an article)


def load_consistency(path: str | Path | None = None) -> ConsistencyPolicy:
    path = Path(path) if path is not None else POLICY_FILE
    raw = read_policy(path, {"labels", "min_score", "window_chars"}, ConsistencyPolicyError)
    labels = label_list(raw, "labels", [], path, ConsistencyPolicyError)
    min_score = score_value(raw, "min_score", 0.0, path, ConsistencyPolicyError)
    window = raw.get("window_chars", 32_000)
    if isinstance(window, bool) or not isinstance(window, int) or window < 4_000:
        raise ConsistencyPolicyError(f"{path}: window_chars must be an integer of at least 4000, got {window!r}")
    return ConsistencyPolicy(labels, min_score, window)


def propagate_mentions(
    text: str,
    spans: Sequence[Span],
    word_starts: bytearray,
    word_ends: bytearray,
    windows: Iterable[tuple[int, int]],
    policy: ConsistencyPolicy,
) -> list[Span]:
    """``spans`` plus the other whole-word mentions of each surface labelled in ``policy.labels``.

    ``word_starts[i]``/``word_ends[i]`` are non-zero where a segmented word starts/ends at
    character ``i`` of ``text``; ``windows`` are ``(start, end)`` runs of whole paragraphs
    (:func:`model.text.paragraphs.iter_windows`): a surface labels mentions in its own
    window only, so one article's name does not spill into the next one of a long input."""
    if not policy.labels or not spans:
        return list(spans)
    spans = sorted(spans)
    out = list(spans)
    k = 0
    for a, b in windows:
        inside = []
        while k < len(spans) and spans[k][0] < b:
            if spans[k][0] >= a:
                inside.append(spans[k])
            k += 1
        labels_of: dict[str, set[str]] = {}
        best: dict[str, float] = {}  # a propagated mention carries its surface's best score
        for s, e, lab, sc in inside:
            surface = text[s:e]
            labels_of.setdefault(surface, set()).add(lab)  # every label, to see the model's doubts
            if lab in policy.labels and sc >= policy.min_score and surface[:1].isupper():
                best[surface] = max(best.get(surface, 0.0), sc)
        if not best:
            continue
        taken = bytearray(b - a)
        for s, e, _lab, _sc in inside:
            taken[s - a:e - a] = b"\x01" * (e - s)
        window = text[a:b]
        for surface in sorted(best, key=len, reverse=True):  # longer names first
            labs = labels_of[surface]
            if len(labs) != 1:
                continue  # the model itself labels this surface two ways here
            lab = next(iter(labs))
            for m in re.finditer(re.escape(surface), window):
                s, e = m.start(), m.end()
                if any(taken[s:e]) or not word_starts[a + s] or not word_ends[a + e - 1]:
                    continue
                out.append((a + s, a + e, lab, best[surface]))
                taken[s:e] = b"\x01" * (e - s)
    return sorted(out)
