"""Normalisation: canonical form for matching, exact and monotone offset map."""
import unicodedata

from hypothesis import given, settings

from model.text.normalize import fold_case, norm_key, normalize
from model.text.tone import canonical_tone
from strategies import vietnamese_text

IGNORABLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\r"}


@given(vietnamese_text())
@settings(max_examples=300, deadline=None)
def test_offset_map_is_monotone_and_exact(text):
    nt = normalize(text)
    assert len(nt.text) == len(nt.starts) == len(nt.ends)
    covered = [False] * len(text)
    prev = (0, 0)
    for i in range(len(nt.text)):
        s, e = nt.starts[i], nt.ends[i]
        assert 0 <= s < e <= len(text)
        # Monotone: each source range starts at or after the previous one; ranges of
        # different characters are either the same cluster or disjoint and in order.
        assert (s, e) == prev or s >= prev[1]
        prev = (s, e)
        for k in range(s, e):
            covered[k] = True
    # Nothing is lost: every original character not covered is an ignorable one.
    assert all(c or text[k] in IGNORABLE for k, c in enumerate(covered))
    whole = (nt.starts[0], nt.ends[-1]) if nt.text else (len(text), len(text))
    assert nt.to_original(0, len(nt.text)) == whole


@given(vietnamese_text())
@settings(max_examples=200, deadline=None)
def test_nfd_and_nfc_normalise_to_the_same_text(text):
    nfc = unicodedata.normalize("NFC", text)
    nfd = unicodedata.normalize("NFD", text)
    assert normalize(nfc).text == normalize(nfd).text
    assert unicodedata.is_normalized("NFC", normalize(nfd).text)


def test_canonical_forms():
    nt = normalize("Đại uý\u00a0Nguyễn&nbsp;Văn “A” – hoà\u200b bình <br/>TP.HCM")
    assert nt.text == 'Đại úy Nguyễn Văn "A" - hòa bình \nTP.HCM'
    # the zero-width space is dropped, the HTML entity maps to its whole source
    i = nt.text.index("Văn") - 1
    assert nt.original[nt.starts[i]:nt.ends[i]] == "&nbsp;"


def test_tone_placement_variants():
    assert canonical_tone("hoà thuỷ uý khoẻ Thuỷ") == "hòa thủy úy khỏe Thủy"
    # after "q" the tone is already right, and closed syllables are never touched
    assert canonical_tone("quý quỳnh hoàng thuyền toán") == "quý quỳnh hoàng thuyền toán"
    assert norm_key("ĐẠI UÝ") == norm_key("Đại úy") == norm_key(unicodedata.normalize("NFD", "đại uý"))


def test_fold_case_keeps_length():
    s = "İstanbul ĐẠI TÁ"
    assert len(fold_case(s)) == len(s)
    assert fold_case("ĐẠI TÁ") == "đại tá"


def test_span_maps_back_through_nfd():
    text = unicodedata.normalize("NFD", "Công an tỉnh Nghệ An")
    nt = normalize(text)
    s = nt.text.index("Nghệ An")
    a, b = nt.to_original(s, s + len("Nghệ An"))
    assert unicodedata.normalize("NFC", text[a:b]) == "Nghệ An"
    assert b == len(text)
