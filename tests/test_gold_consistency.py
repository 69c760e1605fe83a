"""Consistency checks of hand-labelled gold across sets (train/evaluation/gold_consistency.py)."""
import hashlib
import json

import pytest

from train.evaluation.gold_consistency import (
    Para,
    boundary_findings,
    label_findings,
    load_news,
    load_reference,
    span_changes,
    structure_findings,
    unlabelled_findings,
)
from train.evaluation.gold_sets import INVENTED, SEEDS, dev_police, shared_gold_dir
from train.evaluation.news_gold import SPANS, news_corpus


def para(set_, text, *marks, doc="d", n=0):
    """A paragraph with spans given as (surface, label), each found after the previous one."""
    ents, pos = [], 0
    for surface, lab in marks:
        i = text.index(surface, pos)
        ents.append((i, i + len(surface), lab))
        pos = i + len(surface)
    return Para(set_, doc, n, text, ents)


# --- the bundled gold ----------------------------------------------------------------------

def test_bundled_gold_has_no_structural_problem():
    """Offsets in order, known labels, no overlaps, and (where the text is here) no span on a
    space or stray punctuation, none cutting a word, every news paragraph matching its SHA-1."""
    paras = load_news(SPANS, news_corpus(shared_gold_dir()))
    paras += load_reference("seeds", SEEDS) + load_reference("invented", INVENTED)
    if dev_police() is not None:
        paras += load_reference("dev-police", dev_police())
    assert len(paras) > 400
    problems = [(f.detail, f.surface, f.places) for f in structure_findings(paras)]
    assert problems == []


def test_bundled_news_texts_were_checked_when_the_corpus_is_here():
    corpus = news_corpus(shared_gold_dir())
    if corpus is None:
        pytest.skip("../shared/corpus/news is not beside the checkout: the text checks ran on seeds/invented only")
    paras = load_news(SPANS, corpus)
    assert all(p.text is not None and p.sha1_ok for p in paras)


# --- (d) structure -------------------------------------------------------------------------

def test_structure_finds_each_kind_of_broken_span():
    text = "Ông Lê Văn Tám, Công an tỉnh Nghệ An bắt."
    p = Para("news-x", "d", 0, text, [
        (4, 15, "PERSON"),        # 'Lê Văn Tám,' ends on a comma
        (16, 20, "AGENCY"),       # 'Công' ...
        (18, 36, "AGENCY"),       # ... overlaps 'ng an tỉnh Nghệ An', which also cuts 'Công' in two
        (3, 4, "LOCATION"),       # out of order, and a single space
    ])
    details = sorted(f.detail for f in structure_findings([p]))
    assert details == sorted([
        "entities not in offset order",
        "PERSON ends on punctuation ','",
        "AGENCY cuts a word",
        "overlap AGENCY / AGENCY",
        "LOCATION starts or ends on whitespace",
    ])


def test_structure_accepts_privacy_periods_quotes_and_brackets():
    p = para("news-x", 'Bà K.T.L. và Tư "sẹo" cùng Nguyễn Văn Th. đến Công ty (Việt Nam) X.',
             ("K.T.L.", "PERSON"), ('Tư "sẹo"', "PERSON"), ("Nguyễn Văn Th.", "PERSON"),
             ("Công ty (Việt Nam) X", "AGENCY"))
    assert structure_findings([p]) == []


def test_structure_accepts_a_name_ending_in_a_plus_but_not_a_stray_one():
    ok = para("news-x", "Theo PL+: nghi phạm bị bắt.", ("PL+", "AGENCY"))
    assert structure_findings([ok]) == []
    stray = para("news-x", "Theo PL +: nghi phạm bị bắt.", ("PL +", "AGENCY"))
    assert [f.detail for f in structure_findings([stray])] == ["AGENCY ends on punctuation '+'"]


def test_a_paragraph_whose_text_changed_is_one_finding():
    p = para("news-x", "Công an tỉnh Nghệ An", ("Nghệ An", "LOCATION"))
    p.sha1_ok = False
    assert [f.detail for f in structure_findings([p])] == ["text does not match its SHA-1"]


def test_without_texts_the_offsets_are_still_checked(tmp_path):
    rec = {"set": "news-x", "doc": "d", "para": 0, "sha1": hashlib.sha1(b"x").hexdigest(),
           "entities": [[5, 9, "PERSON"], [0, 6, "AGENCY"]]}
    spans = tmp_path / "s.jsonl"
    spans.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    details = sorted(f.detail for f in structure_findings(load_news(spans, None)))
    assert details == ["entities not in offset order", "overlap AGENCY / PERSON"]


# --- (a) labels, (b) unlabelled, (c) boundaries --------------------------------------------

def test_one_surface_with_two_labels_is_found_and_one_label_is_not():
    paras = [
        para("news-x", "Về Kim Thành hôm qua.", ("Kim Thành", "LOCATION")),
        para("news-y", "Tiệm vàng Kim Thành bị cướp.", ("Kim Thành", "AGENCY")),
        para("news-y", "Về Hải Dương, rồi Hải Dương.", ("Hải Dương", "LOCATION"), ("Hải Dương", "LOCATION"), n=1),
    ]
    found = label_findings(paras)
    assert [f.surface for f in found] == ["Kim Thành"]
    assert sorted(p.split()[-1] for p in found[0].places) == ["AGENCY", "LOCATION"]


def test_a_labelled_surface_left_unlabelled_elsewhere_is_found():
    paras = [
        para("news-x", "Ông Tô Lâm phát biểu tại Quốc hội.", ("Tô Lâm", "PERSON"), ("Quốc hội", "AGENCY")),
        # unlabelled, token-bounded: found
        para("news-y", "Chủ tịch Quốc hội dự họp.", doc="e"),
        # inside a larger labelled span, or inside a longer word: not found
        para("news-y", "Ủy ban Thường vụ Quốc hội họp; Quốc hộiX không phải.",
             ("Ủy ban Thường vụ Quốc hội", "AGENCY"), doc="e", n=1),
    ]
    found = unlabelled_findings(paras)
    assert [(f.surface, f.places) for f in found] == [("Quốc hội", ["news-y:e#0@9 unlabelled"])]


def test_a_short_span_where_the_text_spells_a_longer_labelled_one_is_a_boundary_variant():
    paras = [
        para("news-x", "Chủ tịch Quốc hội phát biểu.", ("Chủ tịch Quốc hội", "AGENCY")),
        para("news-y", "Chủ tịch Quốc hội và Quốc hội Mỹ.", ("Quốc hội", "AGENCY"), ("Quốc hội", "AGENCY"), doc="e"),
    ]
    found = boundary_findings(paras)
    # only the first 'Quốc hội' sits inside the text 'Chủ tịch Quốc hội'
    assert [(f.surface, f.places) for f in found] == [("[Quốc hội] in Chủ tịch Quốc hội", ["news-y:e#0@9 short"])]


def test_span_changes_count_added_removed_and_relabelled_per_set():
    old = [{"set": "news-x", "doc": "d", "para": 0, "entities": [[0, 3, "PERSON"], [5, 8, "LOCATION"]]},
           {"set": "news-y", "doc": "e", "para": 0, "entities": [[0, 3, "AGENCY"]]}]
    new = [{"set": "news-x", "doc": "d", "para": 0, "entities": [[0, 3, "AGENCY"], [10, 12, "PERSON"]]},
           {"set": "news-y", "doc": "e", "para": 0, "entities": [[0, 3, "AGENCY"]]}]
    ch = span_changes(old, new)
    assert dict(ch["news-x"]) == {"added": 1, "removed": 1, "relabelled": 1}
    assert sum(ch["news-y"].values()) == 0
