"""Spans <-> IOB2 tags, and agreement with how seqeval reads ill-formed sequences."""
from hypothesis import given, settings
from hypothesis import strategies as st
from seqeval.metrics.sequence_labeling import get_entities

from model.labels import (LABELS, TAGS, repair_tags, spans_lost, spans_to_tags, tags_to_spans,
                          token_spans_to_char_spans)
from model.text.tokens import tokenize
from strategies import vietnamese_text


@st.composite
def tokens_and_spans(draw):
    text = draw(vietnamese_text())
    toks = [(t.start, t.end) for t in tokenize(text)]
    spans, i = [], 0
    while i < len(toks):
        if draw(st.booleans()):
            j = draw(st.integers(i + 1, min(len(toks), i + 4)))
            spans.append((toks[i][0], toks[j - 1][1], draw(st.sampled_from(LABELS))))
            i = j
        else:
            i += 1
    return toks, spans


@given(tokens_and_spans())
@settings(max_examples=300, deadline=None)
def test_spans_tags_spans_round_trip(data):
    toks, spans = data
    tags = spans_to_tags(toks, spans)
    assert all(t in TAGS for t in tags)
    assert token_spans_to_char_spans(toks, tags_to_spans(tags)) == spans
    assert spans_lost(toks, spans) == []


@given(st.lists(st.sampled_from(list(TAGS)), max_size=30))
@settings(max_examples=500, deadline=None)
def test_ill_formed_sequences_read_as_seqeval_reads_them(tags):
    ours = [(lab, i, j - 1) for i, j, lab in tags_to_spans(tags)]
    assert ours == get_entities(list(tags))
    fixed = repair_tags(tags)
    assert tags_to_spans(fixed) == tags_to_spans(tags)
    assert all(not (t.startswith("I-") and (k == 0 or fixed[k - 1][2:] != t[2:])) for k, t in enumerate(fixed))


def test_adjacent_spans_of_the_same_type_stay_apart():
    toks = [(0, 5), (6, 10), (11, 15)]
    spans = [(0, 5, "PERSON"), (6, 15, "PERSON")]
    assert spans_to_tags(toks, spans) == ["B-PERSON", "B-PERSON", "I-PERSON"]


def test_span_inside_a_token_is_reported_lost():
    toks = [(0, 6)]
    assert spans_lost(toks, [(2, 6, "LOCATION")]) == [(2, 6, "LOCATION")]
