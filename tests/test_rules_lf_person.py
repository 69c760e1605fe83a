"""lf_person: the PERSON functions (names after a rank, an honorific, a title or `tên`; surname
runs, bylines and credits; propagation, given names, nicknames, coordination), on invented sentences."""

from __future__ import annotations

import pytest

from model.rules import default_functions

from rules_helpers import ents, only, votes


def test_person_before_verb_labels_a_given_name_as_the_subject_of_a_verb():
    assert votes("person_before_verb", "Tại cơ quan điều tra, Thảo khai nhận đã lấy trộm xe máy.") == ["Thảo"]
    # a capitalised noun phrase before the same verb is no name, nor is a pronoun
    assert votes("person_before_verb", "Tại cơ quan điều tra, Nhà nước khai nhận.") == []
    assert votes("person_before_verb", "Tại cơ quan điều tra, hắn khai nhận đã lấy trộm xe máy.") == []


def test_person_foreign_surname_reads_a_chinese_surname_and_its_given_names():
    assert votes("person_foreign_surname", "Cảnh sát đã bắt giữ Wang Lei tại sân bay.") == ["Wang Lei"]
    # a Vietnamese surname is not its business, and the name must be capitalised
    assert votes("person_foreign_surname", "Cảnh sát đã bắt giữ Lê Lợi tại sân bay.") == []
    assert votes("person_foreign_surname", "Cảnh sát đã bắt giữ wang lei tại sân bay.") == []


def test_person_highland_list_reads_y_names_in_a_list():
    text = "Công an đã triệu tập Y Bao, Y Kŭi và Y Rô đến làm việc."
    assert votes("person_highland_list", text) == ["Y Bao", "Y Kŭi", "Y Rô"]
    # a lone capital Y is a letter: `phương án Y`
    assert votes("person_highland_list", "Tổ công tác chọn phương án Y để triển khai.") == []


def test_person_nickname_keeps_a_quoted_nickname_in_the_span():
    named = "Nguyễn Văn Hoàng trú tại xã Tân Lập. "
    assert votes("person_nickname", named + 'Sau đó, Hoàng "béo" đã bỏ trốn khỏi địa phương.') == ['Hoàng "béo"']
    # a verb in scare quotes is followed by its object, not by what follows a nickname
    assert votes("person_nickname", named + 'Sau đó, Hoàng "xin" tiền của bị hại.') == []


def test_person_coordinated_labels_given_names_listed_with_a_known_person():
    named = "Nguyễn Văn Hùng bị bắt. "
    assert votes("person_coordinated", named + "Trước đó, Tâm cùng Hùng và Tuấn đã đi trộm xe máy.") == ["Tuấn"]
    # without a coordinated known person, a given name alone is not this function's
    assert votes("person_coordinated", named + "Trước đó, Tâm đã đi trộm xe máy một mình.") == []


def test_person_after_honorific_and_role_nouns():
    assert only("PERSON", "ông Vinh cho biết, bị can Trịnh Văn Quý khai nhận") == ["Vinh", "Trịnh Văn Quý"]
    assert only("PERSON", "đồng chí Trương Minh Khải phát biểu") == ["Trương Minh Khải"]


def test_coordinated_given_names():
    assert only("PERSON", "Chị Lò Thị Xuân cùng Dung và Hoa đã bị bắt.") == ["Lò Thị Xuân", "Dung", "Hoa"]
    assert only("PERSON", "Ông Trần Văn Nhu, Phó ban Dân vận") == ["Trần Văn Nhu"]


def test_person_after_title_skips_the_agency():
    assert ents("Phó Chủ tịch UBND tỉnh Quảng Trị Hoàng Nam phát biểu") == [
        ("UBND tỉnh Quảng Trị", "AGENCY"), ("Hoàng Nam", "PERSON")]


def test_surname_runs_and_names_shortened_for_privacy():
    assert only("PERSON", "Qua kiểm tra, Nguyễn Thị Thu H. và Lục Văn K. bị bắt.") == ["Nguyễn Thị Thu H.", "Lục Văn K."]
    # a place at the start of a run is not a surname: `Hà Giang`
    assert only("PERSON", "Từ Hà Giang, Bùi Đức Mạnh vận chuyển hàng.") == ["Bùi Đức Mạnh"]


def test_lao_names_after_rank():
    assert only("PERSON", "Đại tá Xổm Phết Văn Na Lăm, Giám đốc Công an tỉnh Khăm Muộn") == ["Xổm Phết Văn Na Lăm"]


def test_bylines_credits_and_initials():
    assert only("PERSON", "Ảnh: Quang Huy") == ["Quang Huy"]
    assert only("PERSON", "Đoàn công tác tại cửa khẩu. Ảnh: CACC") == []
    assert only("PERSON", "TRÚC LINH - BẢO NGỌC") == ["TRÚC LINH", "BẢO NGỌC"]
    assert only("PERSON", "Việt Hà-Thu Phương 03/04/2025 08:15") == ["Việt Hà", "Thu Phương"]
    assert only("PERSON", "Nhiều đơn vị tham gia. T.L") == []
    assert only("PERSON", "(Ảnh: Getty Images)") == []


def test_propagation_labels_other_mentions_and_given_names():
    text = ("Đại úy Khăm Xay Phon Thip tham dự.\n"
            "Sau buổi làm việc, Khăm Xay Phon Thip phát biểu.\n"
            "Đối tượng Lò Văn Tỉnh bị bắt. Tại cơ quan điều tra, Tỉnh thừa nhận hành vi.")
    out = ents(text)
    assert ("Khăm Xay Phon Thip", "PERSON") in out and out.count(("Khăm Xay Phon Thip", "PERSON")) == 2
    assert out[-1] == ("Tỉnh", "PERSON")
    # without the propagation function, the second full mention is not found
    names = [n for n in default_functions() if n != "person_propagation"]
    assert ents(text, names).count(("Khăm Xay Phon Thip", "PERSON")) == 1


@pytest.mark.parametrize("text, name", [
    ("Cơ quan điều tra ghi lời khai đối với Lê Anh Hùng, nghi can đâm người.", "Lê Anh Hùng"),  # title `Anh hùng`
    ("Hai đối tượng Đỗ Hải Quân và Vũ Văn Tài bỏ trốn.", "Đỗ Hải Quân"),  # unit `Hải quân`
    ("Thiếu tá Bùi Tiến Sĩ, Phó Đội trưởng, cho biết.", "Bùi Tiến Sĩ"),  # title `Tiến sĩ`
])
def test_a_title_written_in_name_case_after_a_surname_is_part_of_the_name(text, name):
    found = ents(text)
    assert (name, "PERSON") in found


def test_a_title_in_its_own_case_after_a_surname_still_ends_the_name():
    found = ents("Luật sư Phan Văn Tâm (Đoàn Luật sư TP Hà Nội) cho rằng.")
    assert ("Phan Văn Tâm", "PERSON") in found
    assert not any(lab == "PERSON" and "Luật" in t for t, lab in found)


@pytest.mark.parametrize("text, name", [
    ("Công an tạm giữ một đối tượng tên Khải về hành vi dùng dao.", "Khải"),
    ("Do vết thương quá nặng, nạn nhân tên là Tấn đã không qua khỏi.", "Tấn"),
    ("Chị bị một người đàn ông có tên Đoàn Văn Kha lừa.", "Đoàn Văn Kha"),
])
def test_the_name_after_a_role_noun_and_ten(text, name):
    found = ents(text)
    assert (name, "PERSON") in found


def test_ten_alone_after_a_thing_is_not_a_person_cue():
    found = ents("Một công ty có tên Giải pháp chăm sóc tại nhà.")
    assert not any(lab == "PERSON" for _, lab in found)


@pytest.mark.parametrize("text, name", [
    ("Lúc này, trong nhà có anh trai Khởi và vợ.", "Khởi"),
    ("Chị đi cùng em gái Lan Chi đến chợ.", "Lan Chi"),
])
def test_two_word_kin_terms_introduce_a_name(text, name):
    found = ents(text)
    assert (name, "PERSON") in found


def test_highland_men_named_without_a_clan_and_their_lists():
    text = "Sau khi nhậu xong thì Y Bao, Y Kŭi, Y Noăn và Y Rô lần lượt bỏ đi. Y Kŭi bị bắt."
    assert only("PERSON", text) == ["Y Bao", "Y Kŭi", "Y Noăn", "Y Rô", "Y Kŭi"]
    # a letter, or Vietnamese syllables with no such name beside them: no name
    assert only("PERSON", "Theo phương án Y, đội Y Bao vây khu vực.") == []
    assert only("PERSON", "Chị H’Lan Ksor cho biết.", ["person_highland"]) == ["H’Lan Ksor"]


def test_privacy_names_keep_their_period_and_propagate():
    text = "Người dân phát hiện bà K.T.L. tử vong. Ông Kh. cho hay bà K.T.L. sống một mình."
    assert only("PERSON", text) == ["K.T.L.", "Kh.", "K.T.L."]


def test_given_name_alone_is_its_own_function():
    text = "Đối tượng Hoàng Văn Khải bị bắt. Tại cơ quan điều tra, Khải khai nhận."
    assert only("PERSON", text, ["person_surname", "person_given_name"]) == ["Hoàng Văn Khải", "Khải"]
    assert only("PERSON", text, ["person_surname", "person_propagation"]) == ["Hoàng Văn Khải"]


def test_the_last_two_syllables_of_a_full_name_are_that_person():
    fn = ["person_surname", "person_propagation"]
    text = ("Tòa tuyên phạt Trịnh Quốc Bảo (SN 1996) 3 năm tù. Tối hôm đó, Lâm nhờ Quốc Bảo chở về nhà. "
            "Quốc Bảo biết rõ Lâm mang dao.")
    assert only("PERSON", text, fn) == ["Trịnh Quốc Bảo", "Quốc Bảo", "Quốc Bảo"]
    # the same two syllables after a place word are the place; `Văn X` stands for nobody
    text = "Bà Vũ Thanh Hòa quê ở huyện Thanh Hòa. Ông Lý Văn Kiên đến, Văn Kiên đứng chờ."
    assert only("PERSON", text, fn) == ["Vũ Thanh Hòa", "Lý Văn Kiên"]
    # at a sentence start an honorific before the given name is not the name's first syllable
    text = "Công an triệu tập Đặng Anh Khoa. Anh Khoa sau đó khai nhận."
    assert only("PERSON", text, fn) == ["Đặng Anh Khoa"]
    assert only("PERSON", "Công an triệu tập Đặng Anh Khoa. Sau đó Anh Khoa khai nhận.", fn) == [
        "Đặng Anh Khoa", "Anh Khoa"]


def test_the_name_after_ten_whatever_noun_comes_before():
    fn = ["person_after_name_word"]
    text = ("Ông Hào cãi nhau với một phụ nữ hàng xóm tên Trâm (23 tuổi). Đối tượng đâm bảo vệ tên là Quý. "
            "Hàng được giao cho một đối tượng có tên là Mập.")
    assert only("PERSON", text, fn) == ["Trâm", "Quý", "Mập"]
    # a thing's name: a school named after someone, a company, a Facebook page
    text = ("Trường mang tên Lê Lợi. Một công ty có tên Giải pháp Xanh. Trang Facebook có tên Yêu Biển chia sẻ clip. "
            "Tàu bị chìm tên là Việt Hưng 05.")
    assert only("PERSON", text, fn) == []


def test_a_middle_name_like_given_name_alone_before_a_verb_of_a_subject():
    text = "Công an bắt giữ Lê Bá Hoài (32 tuổi). Sau đó Hoài được đưa đi cấp cứu, Hoài về nhà."
    assert only("PERSON", text, ["person_surname", "person_given_name"]) == ["Lê Bá Hoài", "Hoài", "Hoài"]
    # with no verb after it, a middle-name-like word alone stays out (`người Hoài khó chịu`)
    text = "Công an bắt giữ Lê Bá Hoài (32 tuổi). Thuốc ngấm vào người Hoài khó chịu."
    assert only("PERSON", text, ["person_surname", "person_given_name"]) == ["Lê Bá Hoài"]


def test_roles_of_crime_and_celebrity_news_introduce_a_person():
    text = "Cảnh sát bắt hotgirl Thu Vy cùng bạn trai Lò Văn Khởi và ông trùm Tám Lùn. Sau đó Thu Vy khai nhận."
    assert only("PERSON", text, ["person_after_honorific"]) == ["Thu Vy", "Lò Văn Khởi", "Tám Lùn"]
    assert only("PERSON", text).count("Thu Vy") == 2


def test_a_credit_with_an_initial_is_a_person_not_a_glued_district():
    text = "Hiện trường vụ việc. Ảnh: H.Khoa Sau đó, người dân ở Q.Gò Vấp trình báo."
    assert ents(text, ["person_credit", "place_glued_admin"]) == [("H.Khoa", "PERSON"), ("Q.Gò Vấp", "LOCATION")]


def test_a_title_in_a_capitals_headline_needs_a_surname_after_it():
    assert only("PERSON", "BẢO VỆ NHÀ BÁO TÁC NGHIỆP ĐÚNG LUẬT", ["person_after_title"]) == []


def test_given_names_after_a_title_and_at_the_end_of_a_list():
    text = "Luật sư Đỗ Minh Khôi nhận lời. Luật sư Khôi nói. Lê Văn Tám bị bắt; Tám, Hào và Lực đuổi đánh anh Quý."
    got = only("PERSON", text)
    assert got.count("Khôi") == 1 and "Hào" in got and "Lực" in got


def test_aliases_and_nicknames():
    text = ('Trần Văn Tý (tức Tý "điên", 40 tuổi) bị bắt. Sau đó Tý "điên" đã khai. Khi bực tức Quang bỏ đi. '
            'Vũ Minh Lộc (biệt danh Lộc Lửa) cũng bị bắt.')
    got = only("PERSON", text)
    assert got.count('Tý "điên"') == 2 and "Lộc Lửa" in got and "Quang" not in got
    got = only("PERSON", 'Nguyễn Văn Tuấn bị bắt. Sau đó anh Tuấn "xin" tiền bị hại.')
    assert "Tuấn" in got and 'Tuấn "xin"' not in got  # a verb in scare quotes is not a nickname


def test_a_weak_surname_before_thi_starts_a_name_and_its_given_name_then_counts_alone():
    text = "Trang quen Đồng Thị Mai Lan ở Malaysia. Sau đó Lan mời Trang tham gia. Lan biết việc này."
    got = only("PERSON", text)
    assert got.count("Đồng Thị Mai Lan") == 1 and got.count("Lan") == 2


def test_deputies_by_their_abbreviated_title():
    text = "ĐB Lưu Hoàng Long cho rằng như vậy. Bên lề QH, ĐB Long nói thêm."
    assert only("PERSON", text) == ["Lưu Hoàng Long", "Long"]
    assert only("AGENCY", text) == ["QH"]


def test_a_capitalised_honorific_starts_another_mention():
    # a missing period between two mentions: `ông Vĩnh Ông Vĩnh` is not one three-syllable name
    got = only("PERSON", "Container bít trước nhà ông Khải Ông Khải kể lại.")
    assert "Khải" in got and "Khải Ông Khải" not in got
    # places keep theirs
    assert only("AGENCY", "Bé được đưa về Công an phường Cầu Ông Lãnh.") == ["Công an phường Cầu Ông Lãnh"]


def test_a_known_given_name_does_not_propagate_into_a_listed_non_name():
    # `Chính` is a person here, but `Chính phủ` (non_names) is the government wherever it stands
    text = "Ông Chính cho biết Thủ tướng Chính phủ đã chỉ đạo. Chính phủ họp. Sau đó ông Chính về."
    assert only("PERSON", text) == ["Chính", "Chính"]
    assert only("PERSON", "Bà Nhà khai. Theo quy định của Nhà nước, bà Nhà bị phạt.") == ["Nhà", "Nhà"]


def test_hyphenated_korean_names_and_places_stay_whole():
    out = ents("Ông Park Ji-hoon gặp thiếu tá Lee Sang-woo tại thành phố Rostov-on-Don.")
    assert ("Park Ji-hoon", "PERSON") in out and ("Lee Sang-woo", "PERSON") in out
    assert ("Rostov-on-Don", "LOCATION") in out
    # a glued country pair is still two places
    assert only("LOCATION", "tuyến biên giới Việt-Lào") == ["Việt", "Lào"]


def test_a_middle_name_like_given_name_alone_before_a_verb_is_the_person_seen_earlier():
    text = ("Công an xã vừa bắt Trịnh Văn Hùng về hành vi trộm cắp.\n"
            "Trước đó, người dân phát hiện Hùng đang cạy khóa xe máy; chiến dịch Hùng Vương kết thúc.")
    out = [t for t, lab in ents(text) if lab == "PERSON"]
    assert out == ["Trịnh Văn Hùng", "Hùng"]


def test_a_person_introduced_by_nguoi_ten_but_not_a_thing_by_ten():
    assert [t for t, lab in ents("Hắn mua hàng của một người tên Lộc ở chợ.") if lab == "PERSON"] == ["Lộc"]
    assert [t for t, lab in ents("Bộ phim mang tên Ngọn Đèn Khuya ra mắt.") if lab == "PERSON"] == []


def test_central_highlands_names_end_with_a_clan_name():
    out = [t for t, lab in ents("Bà H'Bia Ksor cùng Y Djoan Mlô bị bắt; Y tế xã Ea Kao hỗ trợ.") if lab == "PERSON"]
    assert out == ["H'Bia Ksor", "Y Djoan Mlô"]


def test_chinese_and_korean_names_by_a_surname_no_vietnamese_syllable_spells():
    persons = [t for t, lab in ents("Hai đối tượng Zhao Minghui và Kim Tae-yong thuê căn hộ; Kim Long bán vàng.")
               if lab == "PERSON"]
    assert persons[:2] == ["Zhao Minghui", "Kim Tae-yong"]
    # `Kim` + Vietnamese syllables is left to the Vietnamese rules; web addresses are not names
    assert [t for t, lab in ents("Nguồn: Wang Hui Tintuc.vn") if lab == "PERSON"] == []


def test_a_nickname_after_the_given_name_of_a_person_named_in_full():
    text = "Trần Văn Khải (Khải \"sẹo\") khai nhận. Khải “sẹo” cầm đầu băng nhóm; Khải \"xin\" tiền."
    assert only("PERSON", text) == ["Trần Văn Khải", 'Khải "sẹo"', "Khải “sẹo”", "Khải"]
