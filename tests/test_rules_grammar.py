"""grammar.py through agency_pattern: agency names kept whole (heads, places, units, dash joins,
activity phrases, companies, committees), plural and generic references refused. Invented sentences."""

from __future__ import annotations

import pytest

from rules_helpers import ents, only


@pytest.mark.parametrize("agency", [
    "Công an tỉnh Quảng Ngãi", "Công an TP Huế", "Công an TP. Hồ Chí Minh", "Công an TPHCM", "Công an Bình Dương",
    "Phòng Cảnh sát hình sự Công an tỉnh Đồng Nai", "Cơ quan Cảnh sát điều tra Công an huyện Kỳ Anh",
    "Đội Cảnh sát giao thông số 3", "Cục Cảnh sát hình sự Bộ Công an", "Quân khu 9", "Bộ Quốc phòng",
    "Chi cục Hải quan khu vực IV", "UBND huyện Mường Nhé", "Tỉnh ủy tỉnh Lâm Đồng", "Viện KSND tỉnh Sóc Trăng",
    "Bộ Chỉ huy Bộ đội Biên phòng tỉnh An Giang", "Đồn Biên phòng Tịnh Biên", "Công an xã Ea Kly",
    "Phòng PC04 Công an tỉnh Bến Tre", "Công an phường 7", "Bộ Tư lệnh Thủ đô",
])
def test_agency_patterns(agency):
    assert ents(f"Theo thông báo, {agency} đã vào cuộc.") == [(agency, "AGENCY")]


def test_standalone_committees_and_capitalised_bare_admin():
    assert only("AGENCY", "báo cáo Thành ủy, UBND Thành phố các kết quả") == ["Thành ủy", "UBND Thành phố"]


@pytest.mark.parametrize("text,locations", [
    ("Công an 3 tỉnh Xay Nha Bu Ly, Luông Pha Bang và U Đôm Xay đã họp.",
     ["Xay Nha Bu Ly", "Luông Pha Bang", "U Đôm Xay"]),
    ("Công an các tỉnh Tây Ninh, Long An phối hợp.", ["Tây Ninh", "Long An"]),
    ("lãnh đạo công an hai địa phương trao đổi", []),
    ("Bộ Công an hai nước ký kết thỏa thuận.", []),
    ("Giám đốc Công an tỉnh làm trưởng đoàn.", []),
    ("Công an 2 tỉnh của nước bạn Campuchia", ["Campuchia"]),
    ("lực lượng Công an xây dựng trụ sở Công an bản", []),
])
def test_plural_and_generic_heads_are_not_agencies_but_places_are_locations(text, locations):
    out = ents(text)
    assert [t for t, lab in out if lab == "AGENCY"] == []
    assert [t for t, lab in out if lab == "LOCATION"] == locations


def test_agency_wins_over_the_place_inside_it():
    assert ents("Công an tỉnh Hà Tĩnh và Cà Mau") == [("Công an tỉnh Hà Tĩnh", "AGENCY"), ("Cà Mau", "LOCATION")]


def test_agency_does_not_swallow_the_following_name():
    assert ents("Chủ nhiệm Ủy ban Dân tộc Hầu A Lềnh phát biểu") == [
        ("Ủy ban Dân tộc", "AGENCY"), ("Hầu A Lềnh", "PERSON")]
    assert ents("Giám đốc Sở Tư pháp Hà Nội Lê Thị Nga") == [("Sở Tư pháp Hà Nội", "AGENCY"), ("Lê Thị Nga", "PERSON")]


@pytest.mark.parametrize("text, agency", [
    ("Sư trụ trì bị Công an Vạn Lộc (Hưng Yên) bắt quả tang.", "Công an Vạn Lộc"),
    ("Xe được cấp cho Văn phòng Huyện ủy Cờ Lau.", "Văn phòng Huyện ủy Cờ Lau"),
])
def test_a_district_no_list_holds_names_the_head_before_it(text, agency):
    found = ents(text)
    assert (agency, "AGENCY") in found


def test_an_unlisted_place_never_swallows_a_nested_agency_or_a_person():
    found = ents(
        "Thanh tra Sở Xây dựng thành phố Đà Nẵng đã kiểm tra. Công an Nguyễn Văn Tâm đến.")
    assert ("Thanh tra Sở Xây dựng thành phố Đà Nẵng", "AGENCY") in found
    assert ("Nguyễn Văn Tâm", "PERSON") in found


def test_a_command_head_in_sentence_case():
    found = ents(
        "Bộ tư lệnh Cảnh sát biển Việt Nam phối hợp với Sở GD-ĐT Hà Nội chỉ đạo kiểm tra.")
    assert ("Bộ tư lệnh Cảnh sát biển Việt Nam", "AGENCY") in found
    assert ("Sở GD-ĐT Hà Nội", "AGENCY") in found


def test_a_capitalised_admin_word_after_a_unit_name_starts_its_place():
    text = "Sở Y tế Thành phố Hồ Chí Minh yêu cầu các bệnh viện. Ban Biên tập Báo An ninh Thủ đô đã cử cán bộ."
    assert only("AGENCY", text) == ["Sở Y tế Thành phố Hồ Chí Minh", "Ban Biên tập Báo An ninh Thủ đô"]


def test_district_police_abbreviations_are_named_by_their_place():
    text = "Vụ việc đang được CAQ Kim Mã điều tra. CAH Tân Lạc vào cuộc. Cơ quan CAQ đã phối hợp."
    assert only("AGENCY", text) == ["CAQ Kim Mã", "CAH Tân Lạc"]
    # the abbreviation holds the admin word: the place runs to its whole name, beyond the
    # gazetteer's shorter entry, and stops before a person
    text = "CAP Thanh Xuân Bắc và CAT Bắc Ninh vào cuộc. CAX Tam Quang Nguyễn Văn Hòa cho biết."
    assert only("AGENCY", text) == ["CAP Thanh Xuân Bắc", "CAT Bắc Ninh", "CAX Tam Quang"]


def test_companies_and_banks_with_their_legal_form_and_trade_words():
    text = "Công ty TNHH thương mại dịch vụ Phú Khang lừa đảo. Ngân hàng TMCP Đông Hải cho vay."
    assert only("AGENCY", text, ["agency_pattern"]) == [
        "Công ty TNHH thương mại dịch vụ Phú Khang", "Ngân hàng TMCP Đông Hải"]
    # a full name right after a plain company head is the director, not a company
    assert only("AGENCY", "Giám đốc Công ty Trần Văn Lộc cho biết.", ["agency_pattern"]) == []
    assert only("AGENCY", "Công ty TNHH đã bị phạt.", ["agency_pattern"]) == []
    # two trades joined by `và` inside the name; another company or a place after `và` is not
    text = "Công ty CP Đầu tư và Xây dựng Tây Trường Sơn bị phạt. Công ty Minh Anh và Công ty Sông Đà và Hà Nội."
    assert only("AGENCY", text, ["agency_pattern"]) == [
        "Công ty CP Đầu tư và Xây dựng Tây Trường Sơn", "Công ty Minh Anh", "Công ty Sông Đà"]


def test_schools_and_hospitals_named_after_people():
    text = "Học sinh Trường THCS Lương Thế Vinh và Bệnh viện Lê Văn Thịnh."
    assert only("AGENCY", text, ["agency_pattern"]) == ["Trường THCS Lương Thế Vinh", "Bệnh viện Lê Văn Thịnh"]


def test_police_abbreviations_and_codes_with_their_parent():
    text = "CSGT TP Cần Thơ phối hợp với PC02-Công an tỉnh Bạc Liêu và CATP Đà Nẵng."
    assert only("AGENCY", text, ["agency_pattern"]) == [
        "CSGT TP Cần Thơ", "PC02-Công an tỉnh Bạc Liêu", "CATP Đà Nẵng"]
    assert only("AGENCY", "Vụ việc do cơ quan CSĐT Công an huyện Đông Anh thụ lý; cơ quan CSĐT đang làm rõ.",
                ["agency_pattern"]) == ["cơ quan CSĐT Công an huyện Đông Anh"]


def test_forces_and_governments_of_a_country_in_lower_case():
    text = "cảnh sát Bỉ và lực lượng cảnh sát quốc gia Peru phối hợp; Chính phủ Chile lên tiếng."
    assert only("AGENCY", text, ["agency_pattern"]) == ["cảnh sát Bỉ", "cảnh sát quốc gia Peru", "Chính phủ Chile"]
    assert only("AGENCY", "Thủ tướng Chính phủ chỉ đạo Bộ Tư pháp.", ["agency_pattern"]) == ["Bộ Tư pháp"]


def test_ampersand_inside_a_unit_name():
    text = "Sở Lao động Thương binh & Xã hội tỉnh Lạng Sơn thông báo."
    assert only("AGENCY", text, ["agency_pattern"]) == ["Sở Lao động Thương binh & Xã hội tỉnh Lạng Sơn"]


def test_what_is_done_at_a_hospital_is_not_part_of_its_name():
    text = "Nạn nhân được đưa đến Bệnh viện Đa khoa Hồng Ngọc cấp cứu, sau chuyển Bệnh viện Xanh Pôn điều trị."
    assert only("AGENCY", text, ["agency_pattern"]) == ["Bệnh viện Đa khoa Hồng Ngọc", "Bệnh viện Xanh Pôn"]


def test_unit_names_may_hold_words_that_are_never_names_alone():
    text = "Vụ việc được gửi lên Tòa án Hiến pháp; nạn nhân nằm ở Bệnh viện Thể thao Việt Nam. Vụ TNGT xảy ra."
    assert only("AGENCY", text, ["agency_pattern"]) == ["Tòa án Hiến pháp", "Bệnh viện Thể thao Việt Nam"]


def test_hospitals_and_schools_with_their_kind_in_lower_case_or_abbreviated():
    text = ("Nạn nhân được đưa tới Bệnh viện đa khoa Trường An, sau đó chuyển lên BV Hồng Phúc. "
            "Học sinh Trường tiểu học Sao Mai được nghỉ.")
    assert only("AGENCY", text, ["agency_pattern"]) == [
        "Bệnh viện đa khoa Trường An", "BV Hồng Phúc", "Trường tiểu học Sao Mai"]


def test_a_listed_body_matches_whatever_case_its_inner_words_take():
    assert only("AGENCY", "Bộ trưởng Bộ ngoại giao tiếp đoàn.") == ["Bộ ngoại giao"]
    assert only("AGENCY", "Ông là ủy viên Ban chấp hành Trung ương Đảng.") == ["Ban chấp hành Trung ương Đảng"]
    assert only("AGENCY", "Ông từng làm bộ trưởng bộ ngoại giao.") == []  # the first word still needs its capital


def test_a_lower_case_word_after_a_place_does_not_join_the_name():
    assert only("AGENCY", "Một bảo vệ Bệnh viện Sản nhi Quảng Nam vừa bị đánh.", ["agency_pattern"]) == [
        "Bệnh viện Sản nhi Quảng Nam"]
    assert only("AGENCY", "Cục Cảnh sát giao thông đã vào cuộc.", ["agency_pattern"]) == ["Cục Cảnh sát giao thông"]


def test_a_term_of_office_belongs_to_the_body():
    assert only("AGENCY", "Kỳ họp của HĐND tỉnh Quảng Nam khóa X bế mạc.") == ["HĐND tỉnh Quảng Nam khóa X"]
    assert only("AGENCY", "Quốc hội khóa XIV thông qua luật.") == ["Quốc hội khóa XIV"]
    assert only("AGENCY", "Bộ Công an khóa học mới.") == ["Bộ Công an"]  # no numeral, no term


def test_forest_rangers_and_bar_associations_are_named_by_their_place():
    assert only("AGENCY", "Hạt Kiểm lâm huyện Tây Giang đã lập biên bản.") == ["Hạt Kiểm lâm huyện Tây Giang"]
    assert only("AGENCY", "Luật sư Hồ Văn Tám (Đoàn luật sư tỉnh Quảng Ngãi) cho biết.") == [
        "Đoàn luật sư tỉnh Quảng Ngãi"]
    assert only("AGENCY", "Giám đốc Hạt kiểm lâm cho biết.") == []  # no place: generic


def test_a_committee_keeps_the_body_it_belongs_to():
    text = ("Ủy ban Quốc phòng và An ninh của Quốc hội họp. Ban Dân nguyện của QH giám sát. "
            "Bộ Công an của Chính phủ ra quyết định.")
    # only committees take it: `Chính phủ` alone is no AGENCY (NOTES 6)
    assert only("AGENCY", text) == ["Ủy ban Quốc phòng và An ninh của Quốc hội", "Ban Dân nguyện của QH", "Bộ Công an"]
    # the person the title is about may follow; another body's country may not
    text = "Chủ nhiệm Ủy ban Tư pháp của Quốc hội Lê Thị Nga phát biểu. Ủy ban Đối ngoại của Quốc hội Lào họp."
    assert only("AGENCY", text) == ["Ủy ban Tư pháp của Quốc hội", "Ủy ban Đối ngoại", "Quốc hội Lào"]


def test_a_ministry_by_its_initials_in_any_spelling():
    text = "Bộ TN&MT, Bộ TTTT và Bộ LĐ-TB-XH phối hợp. Bộ CA ra quyết định. Một bộ TTTT khác."
    assert only("AGENCY", text) == ["Bộ TN&MT", "Bộ TTTT", "Bộ LĐ-TB-XH"]


def test_a_dash_typed_against_one_word_joins_a_units_name():
    text = "Bệnh viện Sản- Nhi Nghệ An tiếp nhận. Bộ Lao động - Thương binh và Xã hội chỉ đạo."
    assert only("AGENCY", text) == ["Bệnh viện Sản- Nhi Nghệ An", "Bộ Lao động - Thương binh và Xã hội"]
    # before another agency's head the dash still separates
    assert only("AGENCY", "Phòng Cảnh sát Kinh tế- Công an TP.Hà Nội vào cuộc.") == [
        "Phòng Cảnh sát Kinh tế", "Công an TP.Hà Nội"]


def test_a_region_closes_a_units_name():
    text = "Cảng vụ Hàng không miền Bắc cho biết. Tổng công ty Điện lực miền Nam họp. Lũ lụt ở miền Bắc."
    assert only("AGENCY", text) == ["Cảng vụ Hàng không miền Bắc", "Tổng công ty Điện lực miền Nam"]
    assert only("LOCATION", text) == []  # a compass region alone is no place (NOTES 7)


@pytest.mark.parametrize("unit", [
    "Đội Cảnh sát giao thông - Trật tự - Cơ động Công an quận Long Biên",
    "Đội An ninh - Tình báo Công an huyện Thanh Oai",
    "Đội Cảnh sát hình sự - Kinh tế - Ma túy Công an thị xã Kỳ Anh",
    "Cục Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ",
    "Phòng Cảnh sát phòng, chống tội phạm sử dụng công nghệ cao Công an tỉnh Ninh Bình",
    "Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao",
    "Ban Chỉ đạo phòng, chống tham nhũng, tiêu cực tỉnh Bình Định",
    "Phòng Cảnh sát quản lý trại giam, cơ sở giáo dục bắt buộc, trường giáo dưỡng Công an tỉnh Hậu Giang",
])
def test_dash_joins_and_activity_phrases_stay_inside_one_unit(unit):
    assert only("AGENCY", f"Hôm qua, {unit} đã tổ chức hội nghị.") == [unit]


def test_a_dash_before_a_parent_agency_joins_and_a_comma_after_the_activity_separates():
    # GUIDELINE: a unit and its parent joined by a spaced dash are one AGENCY
    assert only("AGENCY", "Phòng Cảnh sát hình sự - Công an tỉnh Nam Định cho biết.") == [
        "Phòng Cảnh sát hình sự - Công an tỉnh Nam Định"]
    assert only("AGENCY", "Phòng Cảnh sát phòng, chống tội phạm về môi trường, Công an tỉnh Thái Bình kiểm tra.") == [
        "Phòng Cảnh sát phòng, chống tội phạm về môi trường", "Công an tỉnh Thái Bình"]
    # an activity phrase after something that is not a unit is not a name
    assert only("AGENCY", "Hội nghị phòng, chống ma túy diễn ra sáng nay.") == []


@pytest.mark.parametrize("force", [
    "Hải quân Hoàng gia Thái Lan", "Quân đội nhân dân Lào", "Lực lượng Phòng vệ Nhật Bản",
    "Cảnh sát Quốc gia Hàn Quốc", "Không quân Mỹ", "Cảnh sát biển Nhật Bản",
])
def test_foreign_armed_forces_named_by_a_country_are_one_agency(force):
    assert ents(f"Đại diện {force} tham dự buổi diễn tập.") == [(force, "AGENCY")]


def test_a_force_without_a_country_is_generic():
    assert ents("Hải quân và Quân đội hai nước phối hợp tuần tra.") == []


def test_a_named_agency_with_a_national_qualifier_and_country():
    assert only("AGENCY", "Đoàn công tác làm việc với Tổng cục Cảnh sát Quốc gia Campuchia.") == [
        "Tổng cục Cảnh sát Quốc gia Campuchia"]
    assert only("AGENCY", "Chuyên gia của Cơ quan Cảnh sát Liên bang Đức sang hỗ trợ.") == [
        "Cơ quan Cảnh sát Liên bang Đức"]


def test_an_all_capitals_headline_keeps_an_unlisted_district_named_in_the_body():
    text = "CÔNG AN HUYỆN KRÔNG PẮC BẮT GIỮ NHÓM TRỘM XE MÁY\nSáng 2/4, Công an huyện Krông Pắc cho biết."
    assert only("AGENCY", text) == ["CÔNG AN HUYỆN KRÔNG PẮC", "Công an huyện Krông Pắc"]
    # without the body the end of the name is unknown; verbs are never taken for it
    assert only("AGENCY", "CÔNG AN HUYỆN KRÔNG PẮC BẮT GIỮ NHÓM TRỘM XE MÁY") == []
    assert ents("CÔNG AN TỈNH ĐÃ KHỞI TỐ VỤ ÁN") == []
    assert ents("CÔNG AN XÃ BẮT QUẢ TANG VỤ ĐÁNH BẠC") == []


def test_diplomatic_missions_with_sending_country_and_seat():
    assert only("AGENCY", "Đại sứ quán Nhật Bản tại Việt Nam và Tổng Lãnh sự quán Lào tại TP.HCM hỗ trợ.") == [
        "Đại sứ quán Nhật Bản tại Việt Nam", "Tổng Lãnh sự quán Lào tại TP.HCM"]
    assert only("AGENCY", "các Cơ quan đại diện Việt Nam ở nước ngoài") == []


def test_high_courts_sit_in_a_place_and_headline_agencies_after_a_title():
    assert only("AGENCY", "TAND cấp cao tại Hà Nội giữ nguyên bản án; VKSND cấp cao kháng nghị.") == [
        "TAND cấp cao tại Hà Nội"]
    out = ents("KHỞI TỐ NGUYÊN GIÁM ĐỐC SỞ XÂY DỰNG TỈNH NINH THUẬN")
    assert out == [("SỞ XÂY DỰNG TỈNH NINH THUẬN", "AGENCY")]


def test_thuoc_separates_a_unit_from_the_one_it_belongs_to():
    assert only("AGENCY", "Trạm CSGT Phủ Lý thuộc Phòng CSGT Công an tỉnh Ninh Bình kiểm tra xe.") == [
        "Trạm CSGT Phủ Lý", "Phòng CSGT Công an tỉnh Ninh Bình"]
    assert only("AGENCY", "Học viên Trường Đại học An ninh nhân dân tham gia.") == ["Trường Đại học An ninh nhân dân"]


def test_a_long_unit_name_does_not_teach_the_grammar_to_run_into_verbs():
    assert only("AGENCY", "Đồn BP Vạn Ninh bắt giữ và tiêu hủy 2 tấn hàng lậu.") == ["Đồn BP Vạn Ninh"]


def test_an_activity_verb_after_a_unit_is_not_part_of_its_name():
    assert only("AGENCY", "Phòng Cảnh sát hình sự phòng ngừa tội phạm bằng tuần tra.") == ["Phòng Cảnh sát hình sự"]
    assert only("AGENCY", "Đội Cảnh sát kinh tế đấu tranh với tội phạm buôn lậu.") == ["Đội Cảnh sát kinh tế"]


def test_a_units_lower_case_field_ends_before_a_verb_an_agency_does():
    assert only("AGENCY", "Văn bản của Cục Quản lý cạnh tranh gửi Sở Công Thương.") == [
        "Cục Quản lý cạnh tranh", "Sở Công Thương"]
    assert only("AGENCY", "Một văn bản mạo danh Tổng cục Hải quan thông báo đấu giá.") == ["Tổng cục Hải quan"]
