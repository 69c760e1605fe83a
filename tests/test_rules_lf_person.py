"""lf_person: the PERSON functions, each with a sentence it labels and one it leaves alone
(invented sentences, no seed-article text)."""
from __future__ import annotations

from rules_helpers import votes


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
