"""lf_foreign: foreign persons' names after a title, a role or an office, or before a speech verb."""

from __future__ import annotations

from rules_helpers import only, votes


def test_foreign_names_after_strong_role_nouns_only():
    assert only("PERSON", "Đối tượng Zhang Wei (quốc tịch Trung Quốc) bị bắt") == ["Zhang Wei"]
    assert only("PERSON", "thanh niên Kogo tham gia") == []


def test_foreign_names_after_a_title_or_before_a_speech_verb():
    text = ("Thị trưởng Bangkok Carlos Mendoza khẳng định đã tăng cường an ninh. "
            "Phát ngôn viên Anatoly Petrov nói. Tay súng Kevin Doyle bị bắt, Marcus Webb cho biết.")
    assert only("PERSON", text, ["person_foreign_name"]) == [
        "Carlos Mendoza", "Anatoly Petrov", "Kevin Doyle", "Marcus Webb"]
    # brands, media and titles in the same shapes are not persons
    assert only("PERSON", "Ông chủ The Morning Post cho biết. Tổng thống Pháp Louis Moreau nói.",
                ["person_foreign_name"]) == ["Louis Moreau"]


def test_a_foreign_office_holder_named_by_the_surname_alone():
    fn = ["person_foreign_after_office"]
    text = ("Tổng thống Kowalski đã ký sắc lệnh. Ngoại trưởng Ba Lan Nowak nói. "
            "Thủ tướng Brennan gặp Đại sứ Lindqvist.")
    assert only("PERSON", text, fn) == ["Kowalski", "Nowak", "Brennan", "Lindqvist"]
    # a place, a Vietnamese word, a company head, a longer name, a name with a particle
    assert only("PERSON", "Thị trưởng London cho biết. Thủ tướng Chính phủ chỉ đạo. Giám đốc Zentrix nói. "
                "Tổng thống Carlos Mendoza nói. Tổng thống Luiz da Costa nói. tổng thống Kowalski", fn) == []


def test_a_foreign_surname_alone_is_the_person_named_earlier():
    text = "Cảnh sát trưởng Rodrigo Palacios cho biết. Theo ông Palacios, nghi phạm đã bỏ trốn."
    assert "Palacios" in only("PERSON", text)
    assert "Palacios" not in only("PERSON", text, ["person_foreign_name"])  # propagation did it


def test_foreign_names_leave_vietnamese_words_and_buildings_out():
    text = "Thư ký báo chí Nhà Trắng Sean Brody cho rằng. Ông Ivanov đang ở Điện Kremlin nói thêm. Nghệ sĩ Thu Lan nói."
    assert only("PERSON", text, ["person_foreign_name"]) == ["Sean Brody"]
    assert "Thu Lan" in only("PERSON", text, ["person_after_title"])


def test_transliterated_names_with_an_initial():
    fn = ["person_transliterated"]
    text = "Tổng thống A.Pê-lô-xi gặp Ngoại trưởng R.Ta-va-rét-xơ; Thủ tướng T.Blô hối thúc đồng minh."
    assert only("PERSON", text, fn) == ["A.Pê-lô-xi", "R.Ta-va-rét-xơ", "T.Blô"]


def test_initials_of_districts_and_a_stop_without_a_space_are_no_names():
    fn = ["person_transliterated"]
    assert only("PERSON", "Nhà ở Q.Tân Phú, P.Bến Thành và H.Hóc Môn; TP.HCM.", fn) == []
    assert only("PERSON", "đứng đầu châu Á.Nằm trong kế hoạch này", fn) == []
    assert only("PERSON", "Đội trưởng Q.Lê-vin-xki bị bắt.", fn) == ["Q.Lê-vin-xki"]  # hyphens: a name


def test_a_role_in_apposition_and_the_surname_alone_afterwards():
    text = "Jan Kowalczyk, phóng viên báo Ba Lan, đã điều tra. Sau đó Kowalczyk gặp Kowalczyk Group."
    assert only("PERSON", text) == ["Jan Kowalczyk", "Kowalczyk"]
    assert votes("person_foreign_surname_alone", text) == ["Kowalczyk"]


def test_a_foreign_name_after_a_post_and_the_place_it_is_held_in():
    assert only("PERSON", "Đại sứ Anh tại Thái Lan Mark Gooding cho rằng", ["person_foreign_name"]) == ["Mark Gooding"]
