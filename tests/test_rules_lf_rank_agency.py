"""lf_rank_agency: ranks, the agency grammar and unit codes (invented sentences)."""
from __future__ import annotations

from rules_helpers import votes


def test_agency_code_labels_a_unit_code_after_a_cue_but_not_a_lookalike():
    text = "Đại tá Lê Văn Hùng, Trưởng phòng PC04 Công an tỉnh Bình Định, cho biết vụ án đang được điều tra."
    assert votes("agency_code", text) == ["PC04"]
    # the same letters on a number plate, or a product's model, in an article not about the police
    assert votes("agency_code", "Chiếc xe mang biển số PC04 đã bị bỏ lại bên đường.") == []
    assert votes("agency_code", "Công ty bán mẫu điện thoại X99 cho khách hàng ở chợ.") == []
