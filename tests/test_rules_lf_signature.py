"""lf_signature: the pen name after an article's last sentence."""

from __future__ import annotations

from rules_helpers import only


def test_signature_after_the_last_sentence():
    text = "Công an huyện đang điều tra làm rõ vụ việc. Lam Khuê – Tường Vi Theo Báo Mới"
    assert only("PERSON", text, ["person_signature"]) == ["Lam Khuê", "Tường Vi"]
    assert only("PERSON", "Vụ việc đang được điều tra. Nguồn: Dân Việt", ["person_signature"]) == []
    assert only("PERSON", "Vụ việc đang được điều tra. Tổng hợp Kiều Oanh (TTXVN)", ["person_signature"]) == ["Kiều Oanh"]
    assert only("PERSON", "Vụ việc đang được điều tra. Khánh Hòa", ["person_signature"]) == []  # a place


def test_signatures_after_a_bracketed_compilation_cue_or_before_an_outlet_tag():
    fn = ["person_signature"]
    assert only("PERSON", "Cơ quan giữ nguyên như dự thảo. (Tổng hợp) Duy An", fn) == ["Duy An"]
    assert only("PERSON", "Lực lượng đang khám nghiệm (Ảnh: Công an tỉnh Nghệ An) Minh Khôi/VOV.VN", fn) == ["Minh Khôi"]
