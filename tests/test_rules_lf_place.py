"""lf_place: the LOCATION functions (gazetteer, admin context, addresses, roads, house numbers,
country pairs, propagation), on invented sentences."""

from __future__ import annotations

import pytest

from rules_helpers import ents, only, votes


def test_place_country_pair_labels_each_side_of_a_dashed_pair():
    assert votes("place_country_pair", "Lực lượng tuần tra trên tuyến biên giới Việt - Lào đã bắt hai đối tượng.") \
        == ["Việt", "Lào"]
    assert votes("place_country_pair", "Hai nước Việt Nam - Lào ký kết biên bản hợp tác.") == ["Việt Nam", "Lào"]
    # only whole names: `Lào Cai` is a province, not the country's half of a pair
    assert votes("place_country_pair", "Lực lượng tuần tra trên tuyến Việt - Lào Cai.") == []
    assert votes("place_country_pair", "Trận đấu giữa Hùng - Dũng diễn ra sôi nổi.") == []


def test_admin_words_stay_outside_glued_abbreviations_stay_inside():
    out = ents("Tại thành phố Đông Hà, huyện Vĩnh Linh và TP Cao Lãnh, TP.Vinh, TP. Hồ Chí Minh, TP HCM.")
    assert [t for t, lab in out if lab == "LOCATION"] == ["Đông Hà", "Vĩnh Linh", "Cao Lãnh", "TP.Vinh",
                                                           "Hồ Chí Minh", "HCM"]


def test_unknown_places_after_admin_words_and_lists():
    out = only("LOCATION", "đối tượng trú tại bản Phá Khăm, xã Nậm Càn, huyện Mường Xén")
    assert out == ["Phá Khăm", "Nậm Càn", "Mường Xén"]


def test_country_pairs_and_ambiguous_countries():
    assert only("LOCATION", "tuyến biên giới Việt - Lào và quan hệ Việt Nam - Campuchia") == [
        "Việt", "Lào", "Việt Nam", "Campuchia"]
    assert only("LOCATION", "sang Nga học tập; bà Nga về nước; Pháp luật quy định") == ["Nga"]
    assert only("LOCATION", "nước CHDCND Lào và nước bạn Lào") == ["CHDCND Lào", "Lào"]


def test_foreign_province_spellings():
    assert only("LOCATION", "hàng từ Savannakhet, Sê Kông, Bô-ly-khăm-xay chuyển về") == [
        "Savannakhet", "Sê Kông", "Bô-ly-khăm-xay"]


def test_parenthetical_addresses_and_border_units():
    assert only("LOCATION", "trú tại xã Châu Hạnh (Quỳ Châu, Nghệ An) và (Quận Gò Vấp, TP.HCM)") == [
        "Châu Hạnh", "Quỳ Châu", "Nghệ An", "Gò Vấp", "TP.HCM"]
    assert only("AGENCY", "Đồn Biên phòng cửa khẩu quốc tế Lao Bảo và Đoàn Thanh niên xã") == [
        "Đồn Biên phòng cửa khẩu quốc tế Lao Bảo"]


@pytest.mark.parametrize("text, place", [
    ("Anh trú tại khu Tân Hòa, phường Phương Lâm.", "Tân Hòa"),
    ("Người dân ở khóm Vĩnh Lạc, phường 2 báo tin.", "Vĩnh Lạc"),
    ("Con tàu nằm tại cảng cá Sa Kỳ từ tháng trước.", "Sa Kỳ"),
])
def test_neighbourhood_words_introduce_a_place(text, place):
    found = ents(text)
    assert (place, "LOCATION") in found


def test_places_with_an_apostrophe_are_one_name():
    assert only("LOCATION", "Anh trú tại xã Ea R’bin, huyện Cư M'gar.") == ["Ea R’bin", "Cư M'gar"]
    assert only("AGENCY", "Vụ việc đang được Công an huyện Ea H’leo điều tra.") == ["Công an huyện Ea H’leo"]


def test_roads_by_their_capitalised_name_and_number():
    text = "Xe chạy trên QL19B, rẽ vào Quốc lộ 1A rồi QL 14; đoạn quốc lộ 6 thì không."
    assert only("LOCATION", text, ["place_highway"]) == ["QL19B", "Quốc lộ 1A", "QL 14"]


def test_tp_and_a_space_stay_outside_the_city():
    assert only("LOCATION", "Anh ngụ tại TP. HCM và làm việc ở TP.HCM.") == ["HCM", "TP.HCM"]


def test_a_time_of_day_ends_a_name_whose_sentence_lost_its_period():
    text = "Nhóm côn đồ lao vào tấn công ông Hiến Chiều 19/6, ông Hiến cho biết."
    assert only("PERSON", text) == ["Hiến", "Hiến"]


def test_officials_of_a_country_name_the_country_not_a_person():
    assert only("LOCATION", "Một số quan chức Mỹ và lãnh đạo Nga đã lên tiếng.") == ["Mỹ", "Nga"]
    assert only("PERSON", "Bà Nga cho biết quan chức Nga đã tới.") == ["Nga"]


def test_a_place_named_with_its_admin_word_labels_its_bare_mentions():
    fn = ["place_admin_context", "agency_pattern", "agency_institution_lower", "place_propagation"]
    text = ("Nhóm thanh niên náo loạn quốc lộ ở Kỳ Phong. Công an huyện Kỳ Phong đã vào cuộc. "
            "Tỉnh yêu cầu dừng khai thác cát tại các khu vực: Tam Lộc, Kỳ Phong. Trước đó, xã Tam Lộc đã kiểm tra.")
    assert only("LOCATION", text, fn) == ["Kỳ Phong", "Tam Lộc", "Kỳ Phong", "Tam Lộc"]
    assert only("LOCATION", text, ["place_admin_context", "agency_pattern"]) == ["Tam Lộc"]


def test_an_international_airport_and_a_forest_are_place_words():
    text = "Nghi phạm bị bắt tại sân bay quốc tế Haneda. Nhóm lâm tặc phá rừng Cả Lũng."
    assert only("LOCATION", text, ["place_admin_context"]) == ["Haneda", "Cả Lũng"]


def test_the_street_after_a_house_number():
    text = ("Khách về khách sạn (số 10 Bát Đàn, quận Hoàn Kiếm). Đám tang tại nhà số 59/9 Trương Phước Phan. "
            "Công an ập vào số nhà 56 A, đường Lê Văn Huân. Theo quyết định số 12 ngày 3/5.")
    assert only("LOCATION", text, ["place_house_number"]) == ["Bát Đàn", "Trương Phước Phan"]


def test_place_propagation_stays_out_of_names_people_and_pairs():
    fn = ["place_admin_context", "agency_pattern", "agency_institution_lower", "place_propagation"]
    # an institution named after the place, an honorific before it, a dashed pair, a credit
    text = ("Xã Hòa Nam có 3 trường. Thầy giáo trường THCS Hòa Nam bị bắt, ông Hòa Nam nói. "
            "Trạm thu phí Hòa Nam - An Lạc thu tiền. Tàu vào Cảng hàng không quốc tế Hòa Nam.")
    # (the airport, its site word capitalised, is one place of its own: no bare `Hòa Nam` in it)
    assert only("LOCATION", text, fn) == ["Hòa Nam", "Cảng hàng không quốc tế Hòa Nam"]


def test_structures_and_sites_with_the_descriptor_outside():
    text = "Nạn nhân rơi từ cầu Bãi Cháy; nhóm bỏ trốn qua bến xe Mỹ Đình tới khu dân cư Cồn Khương."
    assert only("LOCATION", text, ["place_admin_context"]) == ["Bãi Cháy", "Mỹ Đình", "Cồn Khương"]
    assert only("LOCATION", "Bộ yêu cầu Công an tỉnh báo cáo.", ["place_admin_context"]) == []


def test_short_country_names_by_context():
    text = "Tổng thống Nga phát biểu; tình báo Mỹ và giới chức Anh lên tiếng."
    assert only("LOCATION", text, ["place_gazetteer"]) == ["Nga", "Mỹ", "Anh"]
    # an article that uses the word as a person's name keeps it a person except after `sang`/`tại`
    text = "Bà Nga bị bắt. Giữa Nga và Dung có mâu thuẫn. Trước đó Nga sống tại Nga."
    assert only("LOCATION", text, ["place_gazetteer"]) == ["Nga"]


def test_compass_regions_and_times_of_day_are_not_places():
    text = "Mưa lớn ở miền Nam và phía Bắc; xe đi từ hướng Krông Pắc về Pleiku. Xác trôi trên sông Chiều ngày 3/4."
    assert only("LOCATION", text, ["place_admin_context"]) == ["Krông Pắc"]


def test_a_short_country_name_used_as_a_given_name_is_that_person():
    text = "Hồ Thị Mỹ bị bắt. Cơ quan điều tra làm việc với Mỹ và Dung. Trước đó Mỹ khai nhận đã sang Mỹ."
    got = ents(text)
    assert got.count(("Mỹ", "PERSON")) == 2 and got.count(("Mỹ", "LOCATION")) == 1
    assert ents("Vụ nổ ở Flint (bang Michigan, Mỹ) làm 2 người bị thương.", ["place_gazetteer"]) == [
        ("Michigan", "LOCATION"), ("Mỹ", "LOCATION")]


def test_a_list_of_units_after_one_division_word_and_both_streets_of_a_junction():
    fn = ["place_admin_context"]
    text = "Cửa hàng tại phường Tân Mỹ, Phú Hòa và An Lạc bị cướp. Tai nạn ở ngã ba Lý Thường Kiệt - Hai Bà Trưng."
    assert only("LOCATION", text, fn) == ["Tân Mỹ", "Phú Hòa", "An Lạc", "Lý Thường Kiệt", "Hai Bà Trưng"]
    # a person or another level after the comma is not part of the list
    text = "Anh trú tại phường Tân Mỹ, Nguyễn Văn Hòa cho biết. Chị ở xã Phú Hòa, huyện Yên Phong."
    assert only("LOCATION", text, fn) == ["Tân Mỹ", "Phú Hòa", "Yên Phong"]


def test_a_short_address_after_an_address_word_ending_in_a_province():
    fn = ["place_parenthetical"]
    assert only("LOCATION", "Chị Lan (SN 1990 ở Yên Phong, Bắc Ninh) bị ngã.", fn) == ["Yên Phong"]
    assert only("LOCATION", "Anh Hòa quê Diễn Châu, Nghệ An đã bỏ trốn.", fn) == ["Diễn Châu"]
    # the last item must be a province or country
    assert only("LOCATION", "Sau khi ở Hà Nội, Nguyễn Văn Hòa về quê.", fn) == []


def test_an_address_read_from_the_street_down_to_a_known_place():
    fn = ["place_parenthetical"]
    # an admin item opens the chain; a district of the gazetteer may end it
    assert only("LOCATION", "Anh T. (trú tại thôn Hợp Đức, Hương Minh, Vũ Quang) bị bắt.", fn) == ["Hương Minh"]
    assert only("LOCATION", "Quán trong ngõ 219, đường Trung Kính, Yên Hòa, Cầu Giấy, Hà Nội.", fn) == ["Yên Hòa"]
    # a house number names the street after it; a street named after a person is a place
    assert only("LOCATION", "Diệp (SN 1985 ở 24 Hàng Muối, Hoàn Kiếm) hành hung chị.", fn) == ["Hàng Muối"]
    assert only("LOCATION", "Giao dịch (quán cafe ở Nguyễn Quý Đức, Hà Nội) bị phát hiện.", fn) == ["Nguyễn Quý Đức"]
    assert only("LOCATION", "Sơn (SN 1994, quê quán Đức Sơn, huyện Anh Sơn, Nghệ An) bị bắt.", fn) == ["Đức Sơn"]
    # a hyphen glued on both sides joins one name; a district ends no chain a cue did not open
    assert only("LOCATION", "Công an huyện Si-Ma-Cai, Lào Cai cho biết.", fn) == []
    assert only("LOCATION", "Bác sĩ Hải, Nguyễn Văn Hòa, Cầu Giấy cùng đến.", fn) == []


def test_a_capitalised_site_word_inside_a_sentence_begins_the_place():
    fn = ["place_admin_context"]
    text = ("Họ đến Quảng trường Ba Đình, Khu đô thị Tây Nam Linh Đàm và Cảng hàng không quốc tế Nội Bài. "
            "Quảng trường Lam Sơn đông người. Xe dừng ở quảng trường Lam Sơn.")
    assert only("LOCATION", text, fn) == ["Quảng trường Ba Đình", "Khu đô thị Tây Nam Linh Đàm",
                                          "Cảng hàng không quốc tế Nội Bài", "Lam Sơn", "Lam Sơn"]
    # a capitalised middle name that is also a place word starts a person's name there
    assert only("LOCATION", "Hẻm 5 Bùi Đình Túy bị ngập. Anh bán xe cho Đình Tuấn.", fn) == []


def test_two_syllable_districts_that_start_with_a_rare_surname_are_places():
    assert only("AGENCY", "Công an huyện Lục Nam vừa bắt giữ hai đối tượng.") == ["Công an huyện Lục Nam"]
    assert [t for t, lab in ents("trú tại huyện Kim Thành, tỉnh Hải Dương") if lab == "LOCATION"] == [
        "Kim Thành", "Hải Dương"]
    # a common surname and a middle name after a generic admin word is still the person
    assert ents("Chủ tịch UBND tỉnh Trần Quang phát biểu.") == [("Trần Quang", "PERSON")]


def test_a_capitalised_cue_opening_a_sentence_supports_a_short_country():
    text = "Tại Anh, nhiều bệnh viện bị tấn công. Báo Mỹ: tình báo Pháp đã biết."
    assert only("LOCATION", text, ["place_gazetteer"]) == ["Anh", "Mỹ", "Pháp"]
    # and does not make the word a person's name for the whole article
    text = "Báo Mỹ đưa tin. Trong nhiều năm, Mỹ và Trung Quốc đã đối đầu."
    assert only("LOCATION", text, ["place_gazetteer"]) == ["Mỹ", "Mỹ", "Trung Quốc"]
    assert only("LOCATION", "Hoa hậu Phương Nga hầu tòa; Nga khai nhận.", ["place_gazetteer"]) == []


def test_a_compass_region_of_a_known_country_leaves_the_direction_out():
    text = "Giao tranh ở miền Tây Syria và miền Bắc Iraq; tỉnh Tây Java yên bình; miền Nam mưa."
    assert only("LOCATION", text) == ["Syria", "Iraq", "Tây Java"]
