"""Words cut where the letter case changes: a name glued to the next word by the segmenter
must not hide the entity's boundary (model.text.wordcase)."""
from __future__ import annotations

import pytest

from model.text.tokens import tokenize
from model.text.wordcase import dictionary_words, split_case_changes
from model.text.wordseg import _align, segment_words

KNOWN = frozenset({"bí thư", "công an", "thực hiện", "tài chính", "bộ tư lệnh", "đại úy", "châu âu"})


def _forms(text: str, words: list[str], known=KNOWN) -> list[str]:
    toks = tokenize(text)
    return ["_".join(t.norm for t in toks[i:j]) for i, j in split_case_changes(toks, _align(toks, words), known)]


def test_name_glued_to_the_next_verb_is_cut():
    assert _forms("Bí thư Hùng hỏi tiếp", ["Bí_thư", "Hùng_hỏi", "tiếp"]) == ["Bí_thư", "Hùng", "hỏi", "tiếp"]
    assert _forms("ông Lê Văn Bảo kiện", ["ông", "Lê_Văn_Bảo_kiện"]) == ["ông", "Lê_Văn_Bảo", "kiện"]
    assert _forms("ông Bảo cung cấp", ["ông", "Bảo_cung_cấp"]) == ["ông", "Bảo", "cung_cấp"]


def test_lower_then_capitalised_always_starts_a_new_word():
    assert _forms("nghi phạm Tâm khai", ["nghi_phạm_Tâm", "khai"]) == ["nghi_phạm", "Tâm", "khai"]
    assert _forms("Bí thư Hùng nói", ["Bí_thư_Hùng", "nói"]) == ["Bí_thư", "Hùng", "nói"]


def test_dictionary_words_stay_whole_at_sentence_start_and_in_titles():
    assert _forms("Công an tỉnh", ["Công_an", "tỉnh"]) == ["Công_an", "tỉnh"]
    assert _forms("Tài chính là", ["Tài_chính", "là"]) == ["Tài_chính", "là"]
    assert _forms("Bộ Tư lệnh Cảnh vệ", ["Bộ_Tư_lệnh", "Cảnh_vệ"]) == ["Bộ_Tư_lệnh", "Cảnh", "vệ"]
    # the segmenter sees canonical tones (token.norm), as the dictionary keys are
    assert _forms("Đại uý Hà", ["Đại_úy", "Hà"]) == ["Đại_úy", "Hà"]
    assert _forms("ở châu Âu", ["ở", "châu_Âu"]) == ["ở", "châu_Âu"]


def test_the_last_capitalised_syllable_goes_with_a_known_word():
    assert _forms("Lê Tiến Thực hiện", ["Lê_Tiến_Thực_hiện"]) == ["Lê_Tiến", "Thực_hiện"]


def test_without_a_dictionary_only_lower_to_upper_changes_cut():
    empty = frozenset()
    assert _forms("Hùng hỏi", ["Hùng_hỏi"], empty) == ["Hùng_hỏi"]
    assert _forms("nghi phạm Tâm", ["nghi_phạm_Tâm"], empty) == ["nghi_phạm", "Tâm"]


def test_digits_acronyms_and_single_case_words_are_untouched():
    assert _forms("Nguyễn Văn An", ["Nguyễn_Văn_An"]) == ["Nguyễn_Văn_An"]
    assert _forms("quận 9 mới", ["quận_9", "mới"]) == ["quận_9", "mới"]
    assert _forms("đối tượng", ["đối_tượng"]) == ["đối_tượng"]


def test_underthesea_dictionary_is_loaded_in_the_canonical_tone():
    words = dictionary_words()
    if not words:
        pytest.fail("underthesea's Viet74K word list was not found; it ships with underthesea")
    assert "bí thư" in words and "công an" in words
    assert "đại úy" in words and "đại uý" not in words  # canonical (old-style) placement


@pytest.mark.parametrize("text, name", [
    ("Tại tòa, ông Bảo đòi bồi thường ở Công an quận.", "Bảo"),  # underthesea: Bảo_đòi
    ("Sau đó, Hải lục người Minh lấy điện thoại.", "Hải"),  # underthesea: Hải_lục
    ("Bí thư Quang hỏi tiếp.", "Quang"),  # underthesea: Bí_thư_Quang
])
def test_underthesea_words_never_hide_a_name_boundary(text, name):
    words = segment_words(tokenize(text), "underthesea")
    for w in words:
        assert text[w.start:w.end].replace(" ", "_") == w.form
    assert all(a.end <= b.start for a, b in zip(words, words[1:]))
    assert name in [w.form for w in words]
    assert "Công_an" in [w.form for w in words] or "Công an" not in text
