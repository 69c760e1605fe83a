"""lf_age: short names right before an age or a birth year."""

from __future__ import annotations

from rules_helpers import only


def test_short_names_before_an_age_or_a_birth_year():
    fn = ["person_before_age"]
    text = ("Em L.Th.H. (14 tuổi) và N.V.H (SN 2002) cùng em BTH (15 tuổi), anh V. V. T (SN 1991), "
            "nữ sinh Nguyễn Thị T.A. (SN 1999) và Hùng, 40 tuổi.")
    assert only("PERSON", text, fn) == ["L.Th.H.", "N.V.H", "BTH", "V. V. T", "Nguyễn Thị T.A.", "Hùng"]
    # a place, an acronym with no honorific, an age with no name before it: nothing
    text = "Tại Hà Nội, 40 tuổi trở lên. Lực lượng CSGT (SN 2000). Người già (80 tuổi) đi bộ."
    assert only("PERSON", text, fn) == []
