"""lf_place: the LOCATION functions, each with a sentence it labels and one it leaves alone
(invented sentences, no seed-article text)."""
from __future__ import annotations

from rules_helpers import votes


def test_place_country_pair_labels_each_side_of_a_dashed_pair():
    assert votes("place_country_pair", "Lực lượng tuần tra trên tuyến biên giới Việt - Lào đã bắt hai đối tượng.") \
        == ["Việt", "Lào"]
    assert votes("place_country_pair", "Hai nước Việt Nam - Lào ký kết biên bản hợp tác.") == ["Việt Nam", "Lào"]
    # only whole names: `Lào Cai` is a province, not the country's half of a pair
    assert votes("place_country_pair", "Lực lượng tuần tra trên tuyến Việt - Lào Cai.") == []
    assert votes("place_country_pair", "Trận đấu giữa Hùng - Dũng diễn ra sôi nổi.") == []
