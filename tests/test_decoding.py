"""IOB2-constrained Viterbi decoding of per-word label probabilities (model.decoding)."""
from __future__ import annotations

import itertools
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from model.decoding import bio_viterbi
from model.labels import TAGS, repair_tags

SMALL = ["O", "B-PERSON", "I-PERSON", "B-AGENCY", "I-AGENCY"]


def _well_formed(tags: list[str]) -> bool:
    return list(repair_tags(tags)) == list(tags)


def _log_score(probs, seq) -> float:
    return sum(math.log(max(probs[w][c], 1e-12)) for w, c in enumerate(seq))


def test_an_unsure_middle_word_keeps_the_name_whole():
    # argmax reads B-AGENCY, O, I-AGENCY: two entities after repair, both with wrong ends
    probs = [
        [0.05, 0.0, 0.0, 0.90, 0.05],
        [0.50, 0.0, 0.0, 0.05, 0.45],
        [0.05, 0.0, 0.0, 0.05, 0.90],
    ]
    assert [SMALL[c] for c in bio_viterbi(probs, SMALL)] == ["B-AGENCY", "I-AGENCY", "I-AGENCY"]


def test_inside_never_follows_outside_or_another_type():
    probs = [[0.1, 0.0, 0.9, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 1.0]]
    tags = [SMALL[c] for c in bio_viterbi(probs, SMALL)]
    assert _well_formed(tags)


def test_empty_input():
    assert bio_viterbi([], TAGS) == []


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 4).flatmap(
    lambda n: st.lists(st.lists(st.floats(0.0, 1.0), min_size=5, max_size=5), min_size=n, max_size=n)))
def test_matches_brute_force_over_all_well_formed_sequences(raw):
    probs = [[p / (sum(row) or 1.0) for p in row] for row in raw]
    got = bio_viterbi(probs, SMALL)
    assert _well_formed([SMALL[c] for c in got])
    best = max(
        _log_score(probs, seq)
        for seq in itertools.product(range(len(SMALL)), repeat=len(probs))
        if _well_formed([SMALL[c] for c in seq])
    )
    assert math.isclose(_log_score(probs, got), best, rel_tol=1e-9, abs_tol=1e-9)
