"""lf_media: newspapers, news agencies and outlets where the text refers to them, never in a credit."""

from __future__ import annotations

from rules_helpers import only


def test_an_outlet_that_reported_earlier_takes_its_capitalised_descriptor():
    text = "Như Báo Giao thông đã đưa tin, vụ việc xảy ra. Trước đó, như PNVN đã thông tin, anh A bị bắt."
    assert only("AGENCY", text, ["agency_media_outlet"]) == ["Báo Giao thông", "PNVN"]
    # a known outlet's name as an ordinary phrase, with no cue and no reporting verb: nothing
    assert only("AGENCY", "Anh sống như thanh niên khác.", ["agency_media_outlet"]) == []


def test_media_in_the_body_descriptor_inside_only_when_capitalised():
    text = "Hãng tin KNA dẫn lời cảnh sát. Theo báo Đời Mới, tờ The Morning Post đưa tin. Reuters đưa tin."
    got = only("AGENCY", text, ["agency_media", "agency_media_subject"])
    assert got == ["Hãng tin KNA", "Đời Mới", "The Morning Post", "Reuters"]
    assert only("AGENCY", "Ông Tư trình báo Công an xã.", ["agency_media"]) == []


def test_a_known_outlet_after_a_cue_is_an_agency_but_not_in_a_credit():
    fn = ["agency_media_outlet"]
    text = "Theo Tuổi Trẻ, vụ việc xảy ra lúc 9h. Trao đổi với PV Tiền Phong, ông A nói. VTV đưa tin thêm."
    assert only("AGENCY", text, fn) == ["Tuổi Trẻ", "Tiền Phong", "VTV"]
    # a credit, or the same words as ordinary words without a cue, are not entities
    assert only("AGENCY", "Nạn nhân tại hiện trường (Ảnh: Tuổi Trẻ). Ảnh VTV. Tuổi Trẻ là tài sản.", fn) == []
    # `nguồn tin của` is a cue, not a credit
    assert only("AGENCY", "Một nguồn tin của Dân Việt cho hay.", fn) == ["Dân Việt"]


def test_an_outlet_in_a_closing_source_tag_or_a_credit_is_no_agency():
    fn = ["agency_media_outlet"]
    assert only("AGENCY", "Vụ việc đang được điều tra. Minh Hà (Tổng hợp theo VOV, Tuổi Trẻ)", fn) == []
    assert only("AGENCY", "Vụ việc đang được điều tra. Theo Tiền Phong", fn) == []
    assert only("AGENCY", "Theo Tiền Phong, vụ việc xảy ra lúc 9 giờ.", fn) == ["Tiền Phong"]
    assert only("AGENCY", "Hiện trường. Ảnh: Lê Hai/VOV Thông tin ban đầu cho biết hai người bị thương.", fn) == []
    assert only("AGENCY", "Phóng viên VOV tại Lào cho biết.", fn) == ["VOV"]
    assert only("AGENCY", "Như báo An ninh thủ đô đã thông tin, vụ việc xảy ra hôm qua.", ["agency_media_outlet", "agency_media"]) == [
        "An ninh thủ đô"]


def test_a_foreign_outlet_needs_no_cue_but_stays_out_of_credits_and_source_tags():
    assert only("AGENCY", "Sau đó Wall Street Journal ngày 3/5 dẫn một nguồn tin.") == ["Wall Street Journal"]
    assert only("AGENCY", "Reuters cho biết phiên tòa hoãn. Ảnh: Reuters") == ["Reuters"]
    assert only("AGENCY", "Phiên tòa bị hoãn lại. (Nguồn: AFP/TTXVN)") == []
    assert only("AGENCY", "Giới trẻ Tuổi Trẻ ngày nay.") == []  # a Vietnamese title still needs its cue


def test_an_outlet_before_a_slash_is_a_source_tag():
    assert only("AGENCY", "Băng nhóm bị triệt phá hôm qua. TTXVN/Tin Tức") == []
