"""lf_groups: armed groups after a cue, organisations with a capitalised head, acronyms and their
propagation."""

from __future__ import annotations

from rules_helpers import only, votes


def test_a_laws_title_is_no_organisation():
    got = only("AGENCY", "Theo luật Tổ chức TAND, Tổ chức Y tế Thế giới cho biết.", ["agency_group_head"])
    assert got == ["Tổ chức Y tế Thế giới"]


def test_armed_groups_after_a_cue_and_their_acronym():
    text = ("Phiến quân thân tổ chức khủng bố al-Shabaab tấn công. Lực lượng tự xưng Quân đội Giải phóng "
            "Miền Tây (QGM) nhận trách nhiệm. Nhóm khủng bố Zarqa bắt cóc 3 người.")
    got = only("AGENCY", text)
    assert "al-Shabaab" in got and "Zarqa" in got and "QGM" in got
    assert only("AGENCY", "phiến quân Syria và phiến quân Hồi giáo", ["agency_armed_group"]) == []


def test_acronym_in_brackets_then_alone_later():
    text = "Tổ chức Bảo vệ Rừng Núi (LBM) cho biết. Sau đó, LBM đã gửi văn bản."
    got = only("AGENCY", text, ["agency_group_head", "agency_pattern", "agency_acronym", "agency_propagation"])
    assert got.count("LBM") == 2


def test_organisations_with_a_capitalised_head():
    assert only("AGENCY", "Tổ chức Y tế Thế giới cho biết.", ["agency_group_head"]) == ["Tổ chức Y tế Thế giới"]
    assert only("AGENCY", 'Tổ chức "Mặt trời Đen" đứng sau vụ việc.', ["agency_group_head"]) == [
        'Tổ chức "Mặt trời Đen"']


def test_an_acronym_in_brackets_confirms_a_translated_name():
    fn = ["agency_before_acronym"]
    text = "Liên minh Dân chủ Miền Đông (LDMĐ) tuyên bố; Bộ chỉ huy tác chiến chung Yemen (JOC) cho biết."
    assert only("AGENCY", text, fn) == ["Liên minh Dân chủ Miền Đông", "Bộ chỉ huy tác chiến chung Yemen"]
    assert only("AGENCY", "Lực lượng chức năng (LLCN) và Cơ quan điều tra (TPHCM) vào cuộc.", fn) == []


def test_a_spaced_dash_joins_a_unit_to_its_parent_not_two_peers():
    assert only("AGENCY", "Phòng Cảnh sát kinh tế - Công an tỉnh Lạng Sơn phát hiện.") == [
        "Phòng Cảnh sát kinh tế - Công an tỉnh Lạng Sơn"]
    assert only("AGENCY", "Công an tỉnh Lạng Sơn - Công an tỉnh Cao Bằng ký kết.") == [
        "Công an tỉnh Lạng Sơn", "Công an tỉnh Cao Bằng"]
    assert votes("agency_dash_parent", "Đội 3 - Cục Hải quan tỉnh Lạng Sơn kiểm tra.") == [
        "Đội 3 - Cục Hải quan tỉnh Lạng Sơn"]
    # a parent's head of five words (the lexicon's longest) is read whole
    assert votes("agency_dash_parent", "Phòng 7 - Viện kiểm sát nhân dân tỉnh Nghệ An kháng nghị.") == [
        "Phòng 7 - Viện kiểm sát nhân dân tỉnh Nghệ An"]


def test_parties_by_name_and_after_a_lower_case_cue():
    text = "Đảng Bảo thủ thắng cử; ứng viên đảng Dân chủ và phe Cộng hòa phản đối. Đảng và Nhà nước quan tâm."
    assert only("AGENCY", text) == ["Đảng Bảo thủ", "Dân chủ", "Cộng hòa"]
    assert only("AGENCY", "Đảng Cộng sản Việt Nam lãnh đạo toàn diện.") == ["Đảng Cộng sản Việt Nam"]
    assert "Đảng UBND TP" not in only("AGENCY", "Ban Cán sự Đảng UBND TP thảo luận.")
    # a known group's name after the head stays inside it
    assert only("AGENCY", "Tổ chức Nhà nước Hồi giáo tự xưng (IS) đã nhận trách nhiệm.") == [
        "Tổ chức Nhà nước Hồi giáo", "IS"]


def test_a_command_by_its_abbreviation():
    assert only("AGENCY", "BTL Quân khu 9 tổ chức hội nghị.") == ["BTL Quân khu 9"]
