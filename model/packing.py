"""Consecutive sentences of a paragraph read together, as one encoder unit.

A sentence alone often lacks what names its entities: the given name used alone
(``Tuấn khai ...``) was introduced one sentence earlier, the agency's abbreviation was
spelt out before. With ``context_words`` > 0 the classifier reads consecutive sentences
of one paragraph together, up to that many words, in training and at inference alike
(the grouping is this one function, so both see the same units); 0 keeps one sentence
per unit, as models trained before the option read. A sentence longer than the limit is
a unit of its own, and windows (:mod:`model.encoding`) still split anything longer than
``max_length`` subwords.
"""
from __future__ import annotations

from typing import Sequence


def pack_groups(lengths: Sequence[int], limit: int) -> list[tuple[int, int]]:
    """Index ranges ``[i, j)`` over ``lengths`` (words per sentence, in order): consecutive
    sentences are joined while their words total at most ``limit``; ``limit`` 0: one each."""
    groups: list[tuple[int, int]] = []
    i = 0
    n = len(lengths)
    while i < n:
        j, total = i + 1, lengths[i]
        if limit > 0:
            while j < n and total + lengths[j] <= limit:
                total += lengths[j]
                j += 1
        groups.append((i, j))
        i = j
    return groups
