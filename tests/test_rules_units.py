"""Police unit names the agency grammar must keep whole (dash joins, activity phrases with
commas), unit code names, and foreign armed forces. Invented sentences only."""
import pytest

from model.rules import RuleEngine


def ents(text: str) -> list[tuple[str, str]]:
    return [(e.text, e.label) for e in RuleEngine().annotate(text)]


def agencies(text: str) -> list[str]:
    return [t for t, lab in ents(text) if lab == "AGENCY"]


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
    assert agencies(f"Hôm qua, {unit} đã tổ chức hội nghị.") == [unit]


def test_a_dash_before_a_parent_agency_or_a_comma_after_the_activity_still_separates():
    assert agencies("Phòng Cảnh sát hình sự - Công an tỉnh Nam Định cho biết.") == [
        "Phòng Cảnh sát hình sự", "Công an tỉnh Nam Định"]
    assert agencies("Phòng Cảnh sát phòng, chống tội phạm về môi trường, Công an tỉnh Thái Bình kiểm tra.") == [
        "Phòng Cảnh sát phòng, chống tội phạm về môi trường", "Công an tỉnh Thái Bình"]
    # an activity phrase after something that is not a unit is not a name
    assert agencies("Hội nghị phòng, chống ma túy diễn ra sáng nay.") == []


def test_a_parenthesised_code_is_its_own_span_between_unit_and_parent():
    assert ents("Phòng Cảnh sát kinh tế (PC03) Công an tỉnh Hưng Yên vừa khởi tố.") == [
        ("Phòng Cảnh sát kinh tế", "AGENCY"), ("PC03", "AGENCY"), ("Công an tỉnh Hưng Yên", "AGENCY")]


def test_bare_codes_after_a_cue_or_in_a_police_article():
    assert agencies("Phó Trưởng phòng PC06 cho biết thêm.") == ["PC06"]
    assert agencies("Cán bộ PA05 đã làm việc với doanh nghiệp.") == ["PA05"]
    text = "Công an tỉnh Yên Bái vừa triệt phá đường dây.\nTrước đó, PK02 và C04 đã nắm tình hình, do X01 chủ trì."
    assert agencies(text) == ["Công an tỉnh Yên Bái", "PK02", "C04", "X01"]
    # a code that is the unit's name after its head stays inside the unit
    assert agencies("Phòng PC09 Công an tỉnh Phú Yên giám định.") == ["Phòng PC09 Công an tỉnh Phú Yên"]


@pytest.mark.parametrize("text", [
    "Mẫu Samsung A05 giá rẻ vừa lên kệ.",
    "Đội tuyển U23 thắng 2-0, xe đi quốc lộ QL1A, kênh K+ phát sóng.",
    "Bổ sung vitamin C12 và B12 cho trẻ.",
    "Công an xã đến hiện trường tại bến K15 ven sông.",
    "Kết quả hạng A1, C1 và C63 AMG.",
])
def test_code_lookalikes_outside_police_units_are_not_agencies(text):
    assert agencies(text) == []


@pytest.mark.parametrize("force", [
    "Hải quân Hoàng gia Thái Lan", "Quân đội nhân dân Lào", "Lực lượng Phòng vệ Nhật Bản",
    "Cảnh sát Quốc gia Hàn Quốc", "Không quân Mỹ", "Cảnh sát biển Nhật Bản",
])
def test_foreign_armed_forces_named_by_a_country_are_one_agency(force):
    assert ents(f"Đại diện {force} tham dự buổi diễn tập.") == [(force, "AGENCY")]


def test_a_force_without_a_country_is_generic():
    assert ents("Hải quân và Quân đội hai nước phối hợp tuần tra.") == []


def test_a_named_agency_with_a_national_qualifier_and_country():
    assert agencies("Đoàn công tác làm việc với Tổng cục Cảnh sát Quốc gia Campuchia.") == [
        "Tổng cục Cảnh sát Quốc gia Campuchia"]
    assert agencies("Chuyên gia của Cơ quan Cảnh sát Liên bang Đức sang hỗ trợ.") == [
        "Cơ quan Cảnh sát Liên bang Đức"]


def test_an_all_capitals_headline_keeps_an_unlisted_district_named_in_the_body():
    text = "CÔNG AN HUYỆN KRÔNG PẮC BẮT GIỮ NHÓM TRỘM XE MÁY\nSáng 2/4, Công an huyện Krông Pắc cho biết."
    assert agencies(text) == ["CÔNG AN HUYỆN KRÔNG PẮC", "Công an huyện Krông Pắc"]
    # without the body the end of the name is unknown; verbs are never taken for it
    assert agencies("CÔNG AN HUYỆN KRÔNG PẮC BẮT GIỮ NHÓM TRỘM XE MÁY") == []
    assert ents("CÔNG AN TỈNH ĐÃ KHỞI TỐ VỤ ÁN") == []
    assert ents("CÔNG AN XÃ BẮT QUẢ TANG VỤ ĐÁNH BẠC") == []


def test_hyphenated_korean_names_and_places_stay_whole():
    out = ents("Ông Park Ji-hoon gặp thiếu tá Lee Sang-woo tại thành phố Rostov-on-Don.")
    assert ("Park Ji-hoon", "PERSON") in out and ("Lee Sang-woo", "PERSON") in out
    assert ("Rostov-on-Don", "LOCATION") in out
    # a glued country pair is still two places
    assert only_loc("tuyến biên giới Việt-Lào") == ["Việt", "Lào"]


def only_loc(text: str) -> list[str]:
    return [t for t, lab in ents(text) if lab == "LOCATION"]


def test_a_middle_name_like_given_name_alone_before_a_verb_is_the_person_seen_earlier():
    text = ("Công an xã vừa bắt Trịnh Văn Hùng về hành vi trộm cắp.\n"
            "Trước đó, người dân phát hiện Hùng đang cạy khóa xe máy; chiến dịch Hùng Vương kết thúc.")
    out = [t for t, lab in ents(text) if lab == "PERSON"]
    assert out == ["Trịnh Văn Hùng", "Hùng"]


def test_diplomatic_missions_with_sending_country_and_seat():
    assert agencies("Đại sứ quán Nhật Bản tại Việt Nam và Tổng Lãnh sự quán Lào tại TP.HCM hỗ trợ.") == [
        "Đại sứ quán Nhật Bản tại Việt Nam", "Tổng Lãnh sự quán Lào tại TP.HCM"]
    assert agencies("các Cơ quan đại diện Việt Nam ở nước ngoài") == []


def test_high_courts_sit_in_a_place_and_headline_agencies_after_a_title():
    assert agencies("TAND cấp cao tại Hà Nội giữ nguyên bản án; VKSND cấp cao kháng nghị.") == [
        "TAND cấp cao tại Hà Nội"]
    out = ents("KHỞI TỐ NGUYÊN GIÁM ĐỐC SỞ XÂY DỰNG TỈNH NINH THUẬN")
    assert out == [("SỞ XÂY DỰNG TỈNH NINH THUẬN", "AGENCY")]


def test_a_person_introduced_by_nguoi_ten_but_not_a_thing_by_ten():
    assert [t for t, lab in ents("Hắn mua hàng của một người tên Lộc ở chợ.") if lab == "PERSON"] == ["Lộc"]
    assert [t for t, lab in ents("Bộ phim mang tên Ngọn Đèn Khuya ra mắt.") if lab == "PERSON"] == []


def test_central_highlands_names_end_with_a_clan_name():
    out = [t for t, lab in ents("Bà H'Bia Ksor cùng Y Djoan Mlô bị bắt; Y tế xã Ea Kao hỗ trợ.") if lab == "PERSON"]
    assert out == ["H'Bia Ksor", "Y Djoan Mlô"]


def test_thuoc_separates_a_unit_from_the_one_it_belongs_to():
    assert agencies("Trạm CSGT Phủ Lý thuộc Phòng CSGT Công an tỉnh Ninh Bình kiểm tra xe.") == [
        "Trạm CSGT Phủ Lý", "Phòng CSGT Công an tỉnh Ninh Bình"]
    assert agencies("Học viên Trường Đại học An ninh nhân dân tham gia.") == ["Trường Đại học An ninh nhân dân"]


def test_two_syllable_districts_that_start_with_a_rare_surname_are_places():
    assert agencies("Công an huyện Lục Nam vừa bắt giữ hai đối tượng.") == ["Công an huyện Lục Nam"]
    assert [t for t, lab in ents("trú tại huyện Kim Thành, tỉnh Hải Dương") if lab == "LOCATION"] == [
        "Kim Thành", "Hải Dương"]
    # a common surname and a middle name after a generic admin word is still the person
    assert ents("Chủ tịch UBND tỉnh Trần Quang phát biểu.") == [("Trần Quang", "PERSON")]


def test_chinese_and_korean_names_by_a_surname_no_vietnamese_syllable_spells():
    persons = [t for t, lab in ents("Hai đối tượng Zhao Minghui và Kim Tae-yong thuê căn hộ; Kim Long bán vàng.")
               if lab == "PERSON"]
    assert persons[:2] == ["Zhao Minghui", "Kim Tae-yong"]
    # `Kim` + Vietnamese syllables is left to the Vietnamese rules; web addresses are not names
    assert [t for t, lab in ents("Nguồn: Wang Hui Tintuc.vn") if lab == "PERSON"] == []


def test_a_long_unit_name_does_not_teach_the_grammar_to_run_into_verbs():
    assert agencies("Đồn BP Vạn Ninh bắt giữ và tiêu hủy 2 tấn hàng lậu.") == ["Đồn BP Vạn Ninh"]


def test_an_activity_verb_after_a_unit_is_not_part_of_its_name():
    assert agencies("Phòng Cảnh sát hình sự phòng ngừa tội phạm bằng tuần tra.") == ["Phòng Cảnh sát hình sự"]
    assert agencies("Đội Cảnh sát kinh tế đấu tranh với tội phạm buôn lậu.") == ["Đội Cảnh sát kinh tế"]
