"""The rule engine's contract: the registry's default set, one function alone, offsets into the original
text (NFD too), one result per paragraph, empty and very long input, rules.yaml."""

from __future__ import annotations

import pytest
import unicodedata

from model.document import make_document
from model.rules import LABELING_FUNCTIONS, RuleEngine, default_functions

from rules_helpers import ents, votes


def test_registry_names_the_default_set():
    names = default_functions()
    for n in ["rank_lexicon", "agency_pattern", "place_gazetteer", "place_admin_context", "person_after_rank",
              "person_surname", "person_byline", "person_propagation"]:
        assert n in names and n in LABELING_FUNCTIONS
    assert all(LABELING_FUNCTIONS[n].description for n in names)


def test_single_function_engine_only_labels_its_type():
    text = "Thượng tá Đỗ Văn Khoa, Phó Trưởng phòng Cảnh sát kinh tế Công an tỉnh Gia Lai."
    assert ents(text, ["rank_lexicon"]) == [("Thượng tá", "RANK")]
    with pytest.raises(KeyError, match="unknown labeling function 'nope'"):
        RuleEngine(functions=["nope"])
    with pytest.raises(ValueError, match="aggregation"):
        RuleEngine(aggregation="majority")


def test_annotate_offsets_index_the_original_text_even_in_nfd():
    text = unicodedata.normalize("NFD", "Sáng 3/9, Trung tá Hà Quang Vinh làm việc tại Công an tỉnh Yên Bái.")
    out = RuleEngine().annotate(text)
    assert [(unicodedata.normalize("NFC", e.text), e.label) for e in out] == [
        ("Trung tá", "RANK"), ("Hà Quang Vinh", "PERSON"), ("Công an tỉnh Yên Bái", "AGENCY")]
    for e in out:
        assert text[e.start:e.end] == e.text and 0 < e.score <= 1


def test_label_document_gives_one_result_per_paragraph_with_paragraph_offsets():
    from model.document import make_document

    doc = make_document("Tiêu đề\n\nĐại úy Lê Minh Phát trực ban.\nKhông có gì.", "d1")
    labels = RuleEngine().label_document(doc)
    assert len(labels) == len(doc.paragraphs) == 3
    para, pl = doc.paragraphs[1], labels[1]
    assert [para.text[s:e] for s, e, _ in pl.spans] == ["Đại úy", "Lê Minh Phát"]
    assert pl.tags[:5] == ["B-RANK", "I-RANK", "B-PERSON", "I-PERSON", "I-PERSON"]
    assert labels[2].spans == [] and "rank_lexicon" in labels[2].votes


def test_non_entities_stay_unlabelled():
    text = "Đảng, Nhà nước và Tổ quốc; Hội nghị Tổng kết; Lễ Ra quân; ANTT; bảo vệ Tổ quốc."
    assert ents(text) == []


def test_empty_and_whitespace_documents():
    eng = RuleEngine()
    assert eng.annotate("") == [] and eng.annotate(" \n\t\n") == []
    from model.document import make_document

    assert eng.label_document(make_document("", "e")) == []


def test_a_one_megabyte_paragraph_completes():
    unit = "Thiếu tá Nguyễn Văn Long, Công an huyện Tủa Chùa, cùng ông Chảo A Sử đi tuần tra. "
    text = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    out = RuleEngine().annotate(text)
    assert len(out) > 40_000
    assert all(text[e.start:e.end] == e.text for e in out[:50] + out[-50:])


def test_rules_yaml_holds_priorities_and_a_new_function_gets_defaults():
    from model.rules.settings import function_settings, threshold

    assert function_settings("agency_pattern")["priority"] < function_settings("person_surname")["priority"]
    assert function_settings("person_propagation")["stage"] == 2
    assert function_settings("a_function_not_in_the_file") == {"priority": 50, "weight": 0.8, "stage": 1,
                                                              "default": True}
    assert threshold("agency_max_nesting") == 3
    with pytest.raises(ValueError, match="threshold 'nope'"):
        threshold("nope")
