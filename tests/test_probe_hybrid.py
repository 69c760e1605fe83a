"""Reliability probe (issue 25, part 4), item 6: the hybrid's cut never leaves an invisible
character (zero-width joiner / non-joiner / space, BOM, soft hyphen) at a span's edge."""
from __future__ import annotations

import pytest

from model.entity import Entity
from model.hybrid import HybridPolicy, combine, merge_trusted

INVISIBLE = ["\u200c", "\u200d", "\u200b", "\ufeff", "\u00ad"]


def _ent(text: str, sub: str, label: str, score: float = 0.9) -> Entity:
    s = text.index(sub)
    return Entity(s, s + len(sub), label, sub, score)


def _check(text: str, ents: list[Entity]) -> None:
    for e in ents:
        assert text[e.start:e.end] == e.text  # offsets exact into the original text
        assert e.text[0] not in INVISIBLE and e.text[-1] not in INVISIBLE, repr(e.text)
        assert not e.text[0].isspace() and not e.text[-1].isspace()


@pytest.mark.parametrize("ch", INVISIBLE)
def test_cut_after_a_rule_span_trims_an_invisible_character(ch):
    text = f"Ông Đại tá {ch}Nguyễn Văn A đến."
    model = [_ent(text, f"Đại tá {ch}Nguyễn Văn A", "PERSON")]
    rules = [_ent(text, "Đại tá", "RANK", 1.0)]
    out = merge_trusted(text, model, rules)
    _check(text, out)
    assert [(e.text, e.label) for e in out] == [("Nguyễn Văn A", "PERSON"), ("Đại tá", "RANK")]


@pytest.mark.parametrize("ch", INVISIBLE)
def test_cut_before_a_rule_span_trims_an_invisible_character(ch):
    text = f"Nguyễn Văn A{ch} Công an tỉnh Huế."
    model = [_ent(text, f"Nguyễn Văn A{ch} Công an tỉnh Huế", "PERSON")]
    rules = [_ent(text, "Công an tỉnh Huế", "AGENCY", 1.0)]
    out = merge_trusted(text, model, rules)
    _check(text, out)
    assert [(e.text, e.label) for e in out] == [("Nguyễn Văn A", "PERSON"), ("Công an tỉnh Huế", "AGENCY")]


@pytest.mark.parametrize("ch", INVISIBLE)
def test_a_model_span_with_an_invisible_edge_is_trimmed_under_model_first(ch):
    text = f"Tại {ch}Hà Nội{ch} hôm qua."
    model = [_ent(text, f"{ch}Hà Nội{ch}", "LOCATION")]
    policy = HybridPolicy(trusted=None, model_labels=frozenset({"LOCATION"}), order="model-first")
    out = combine(text, model, [], policy)
    _check(text, out)
    assert [(e.text, e.label) for e in out] == [("Hà Nội", "LOCATION")]


def test_a_span_of_invisible_characters_only_is_dropped():
    text = "Ông Đại tá \u200c\u200b Công an."
    model = [Entity(4, 13, "PERSON", text[4:13], 0.9)]  # "Đại tá \u200c\u200b"
    rules = [_ent(text, "Đại tá", "RANK", 1.0)]
    out = merge_trusted(text, model, rules)
    assert [(e.text, e.label) for e in out] == [("Đại tá", "RANK")]
