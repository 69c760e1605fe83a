"""Which paragraphs a person should review first.

* ``disagreement``: rules and model disagree most: the number of spans (exact offsets and
  label) that only one of them predicts. Both are right or both wrong where they agree;
  where they disagree at least one is wrong, so every such paragraph teaches something.
* ``uncertain``: the model's lowest word margin (:mod:`.margins`) is smallest.
* ``random``: a uniform sample, the unbiased check of the other two.

Ties (and ``random``) are broken by a :class:`random.Random` seeded with ``seed`` over
items in input order, so the same input and seed give the same selection.
"""
from __future__ import annotations

import random
from typing import Sequence

from .items import ReviewItem

METHODS = ("disagreement", "uncertain", "random")


def disagreement(a: Sequence[tuple], b: Sequence[tuple]) -> int:
    """Spans (start, end, label) predicted by exactly one of the two systems."""
    sa = {tuple(s[:3]) for s in a}
    sb = {tuple(s[:3]) for s in b}
    return len(sa ^ sb)


def _ranked(items: Sequence[ReviewItem], keys: Sequence[float], n: int, seed: int) -> list[ReviewItem]:
    rng = random.Random(seed)
    ties = [rng.random() for _ in items]
    order = sorted(range(len(items)), key=lambda i: (keys[i], ties[i]))
    return [items[i] for i in order[:n]]


def select_random(items: Sequence[ReviewItem], n: int, seed: int = 0) -> list[ReviewItem]:
    """``n`` items drawn uniformly, returned in input order (document order reads best)."""
    rng = random.Random(seed)
    keep = sorted(rng.sample(range(len(items)), min(n, len(items))))
    return [items[i] for i in keep]


def select_disagreement(items: Sequence[ReviewItem], rules: str, model: str, n: int, seed: int = 0) -> list[ReviewItem]:
    """Up to ``n`` items where ``rules`` and ``model`` (prediction names) disagree, most
    disagreement first; paragraphs where they agree exactly are never picked."""
    for it in items:
        it.select_score = float(disagreement(it.predictions.get(rules, []), it.predictions.get(model, [])))
    live = [it for it in items if it.select_score > 0]
    return _ranked(live, [-it.select_score for it in live], n, seed)


def select_uncertain(items: Sequence[ReviewItem], margins: Sequence[Sequence[tuple]], n: int,
                     seed: int = 0) -> list[ReviewItem]:
    """Up to ``n`` items with the smallest lowest-word margin, smallest first.
    ``margins[i]`` are :func:`.margins.word_margins` of ``items[i].text``."""
    for it, ms in zip(items, margins):
        it.select_score = round(min((m for _, _, m in ms), default=1.0), 6)
    return _ranked(list(items), [it.select_score for it in items], n, seed)
