"""lf_rank_agency: ranks, titles beside them and unit codes (the agency grammar behind agency_pattern
is tested in test_rules_grammar.py); invented sentences."""

from __future__ import annotations

import pytest

from rules_helpers import ents, only, votes


def test_agency_code_labels_a_unit_code_after_a_cue_but_not_a_lookalike():
    text = "Đại tá Lê Văn Hùng, Trưởng phòng PC04 Công an tỉnh Bình Định, cho biết vụ án đang được điều tra."
    assert votes("agency_code", text) == ["PC04"]
    # the same letters on a number plate, or a product's model, in an article not about the police
    assert votes("agency_code", "Chiếc xe mang biển số PC04 đã bị bỏ lại bên đường.") == []
    assert votes("agency_code", "Công ty bán mẫu điện thoại X99 cho khách hàng ở chợ.") == []


def test_rank_and_name_are_separate_adjacent_spans():
    assert ents("Thiếu tá Mạc Văn Hưng chỉ huy lực lượng.") == [("Thiếu tá", "RANK"), ("Mạc Văn Hưng", "PERSON")]
    assert ents("thượng úy Tạ Quốc Bảo") == [("thượng úy", "RANK"), ("Tạ Quốc Bảo", "PERSON")]


def test_titles_are_not_ranks_and_stay_outside_person():
    out = ents("Đại tá Vương Đình Luật Phó Giám đốc Công an tỉnh Kon Tum dự họp.")
    assert out == [("Đại tá", "RANK"), ("Vương Đình Luật", "PERSON"), ("Công an tỉnh Kon Tum", "AGENCY")]


def test_a_parenthesised_code_is_its_own_span_between_unit_and_parent():
    assert ents("Phòng Cảnh sát kinh tế (PC03) Công an tỉnh Hưng Yên vừa khởi tố.") == [
        ("Phòng Cảnh sát kinh tế", "AGENCY"), ("PC03", "AGENCY"), ("Công an tỉnh Hưng Yên", "AGENCY")]


def test_bare_codes_after_a_cue_or_in_a_police_article():
    assert only("AGENCY", "Phó Trưởng phòng PC06 cho biết thêm.") == ["PC06"]
    assert only("AGENCY", "Cán bộ PA05 đã làm việc với doanh nghiệp.") == ["PA05"]
    text = "Công an tỉnh Yên Bái vừa triệt phá đường dây.\nTrước đó, PK02 và C04 đã nắm tình hình, do X01 chủ trì."
    assert only("AGENCY", text) == ["Công an tỉnh Yên Bái", "PK02", "C04", "X01"]
    # a code that is the unit's name after its head stays inside the unit
    assert only("AGENCY", "Phòng PC09 Công an tỉnh Phú Yên giám định.") == ["Phòng PC09 Công an tỉnh Phú Yên"]


@pytest.mark.parametrize("text", [
    "Mẫu Samsung A05 giá rẻ vừa lên kệ.",
    "Đội tuyển U23 thắng 2-0, xe đi quốc lộ QL1A, kênh K+ phát sóng.",
    "Bổ sung vitamin C12 và B12 cho trẻ.",
    "Công an xã đến hiện trường tại bến K15 ven sông.",
    "Kết quả hạng A1, C1 và C63 AMG.",
])
def test_code_lookalikes_outside_police_units_are_not_agencies(text):
    assert only("AGENCY", text) == []
