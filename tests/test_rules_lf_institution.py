"""lf_institution: a hospital's or school's name after a lower-case head, head outside."""

from __future__ import annotations

from rules_helpers import only


def test_a_lower_case_hospital_or_school_head_stays_outside_the_name():
    fn = ["agency_institution_lower"]
    text = "Anh được đưa vào bệnh viện Hồng Phúc. Hiệu trưởng trường tiểu học Sao Mai cho biết."
    assert only("AGENCY", text, fn) == ["Hồng Phúc", "Sao Mai"]
    # no name after the head, or `trường` without a school level: nothing
    assert only("AGENCY", "Anh được đưa vào bệnh viện tỉnh. Tại hiện trường Công an làm việc.", fn) == []
