"""Tokens, sentences, words and paragraphs keep exact offsets on any input."""
import glob
import os

from hypothesis import given, settings

from model.document import make_document
from model.text.normalize import normalize
from model.text.paragraphs import split_paragraphs
from model.text.sentences import split_sentences
from model.text.tokens import tokenize
from model.text.wordseg import SyllableSegmenter, _align, segment_words
from strategies import hostile_text, vietnamese_text

RAW = os.path.join(os.path.dirname(__file__), "..", "data", "raw")


@given(vietnamese_text())
@settings(max_examples=300, deadline=None)
def test_every_token_slices_the_original(text):
    toks = tokenize(text)
    last = 0
    for t in toks:
        assert text[t.start:t.end] == t.text
        assert t.start >= last and t.end > t.start
        assert t.norm and not t.norm.isspace()
        assert normalize(t.text).text == t.norm
        last = t.end


@given(vietnamese_text())
@settings(max_examples=100, deadline=None)
def test_paragraphs_sentences_and_words_cover_tokens(text):
    doc = make_document(text)
    for p in doc.paragraphs:
        assert text[p.start:p.end] == p.text and p.text.strip()
        ranges = p.sentences
        assert [i for r in ranges for i in range(*r)] == list(range(len(p.tokens)))
        words = segment_words(p.tokens, "syllable")
        for w in words:
            # a word is its tokens and the spaces between them, nothing else: no offset drift
            assert "".join(p.text[w.start:w.end].split()) == "".join(p.text[t.start:t.end] for t in p.tokens[w.first:w.last])
            assert w.last > w.first and p.text[w.start:w.end].strip() == p.text[w.start:w.end]
            assert w.start == p.tokens[w.first].start and w.end == p.tokens[w.last - 1].end


def test_abbreviations_stay_whole():
    toks = [t.text for t in tokenize("Công an TP.HCM, TP. Hồ Chí Minh, Q.1, TP.Huế ngày 22-3 và 16/08/2024 (PLO)- N.X")]
    for whole in ("TP.HCM", "Q.1", "TP.Huế", "22-3", "16/08/2024", "N.X", "PLO"):
        assert whole in toks
    assert toks[toks.index("TP") + 1] == "."  # "TP." followed by a space is two tokens


def test_an_apostrophe_between_letters_stays_inside_the_word():
    text = "huyện Cư M’gar, chị H'Nãi Ksor, ông O'Neill và biệt danh 'Sát thủ' ở Ea H‘leo"
    toks = [t.text for t in tokenize(text)]
    for whole in ("M’gar", "H'Nãi", "O'Neill", "H‘leo"):
        assert whole in toks
    assert toks[toks.index("danh") + 1] == "'" and toks[toks.index("thủ") + 1] == "'"  # quotes stay apart
    assert [t.norm for t in tokenize("M’gar")] == ["M'gar"]


def test_sentence_splitting_survives_domain_conventions():
    text = ("Ngày 22-3, Công an TP.HCM làm việc với TP. Hồ Chí Minh tại Q.1 lúc 16/08/2024. "
            "Nguyễn Văn H. khai nhận. Ảnh: CA")
    toks = tokenize(text)
    sents = [text[toks[i].start:toks[j - 1].end] for i, j in split_sentences(toks)]
    assert sents == [
        "Ngày 22-3, Công an TP.HCM làm việc với TP. Hồ Chí Minh tại Q.1 lúc 16/08/2024.",
        "Nguyễn Văn H. khai nhận.",
        "Ảnh: CA",
    ]


def test_seed_articles_paragraphs_sentences_and_boilerplate():
    counts = {}
    for f in sorted(glob.glob(os.path.join(RAW, "*.txt"))):
        doc = make_document(open(f, encoding="utf-8").read(), os.path.basename(f)[:-4])
        counts[doc.doc_id] = (len(doc.paragraphs), sum(len(p.sentences) for p in doc.paragraphs))
        if doc.doc_id.startswith("003"):
            reasons = [p.boilerplate for p in doc.paragraphs if p.boilerplate]
            assert sorted(reasons) == sorted(["section-label", "image", "image", "button",
                                              "lone-symbol", "lone-symbol", "footer"])
    assert counts == {
        "000_a4485ea5e863f0e5": (11, 13),
        "001_df5e52d94e631ff8": (8, 13),
        "002_0f3e3d74b8ed3b5e": (8, 10),
        "003_6d11ab08a666574b": (23, 31),
        "004_5f6a8ff26f461b87": (16, 16),
    }


def test_paragraphs_are_nonempty_lines_kept_exactly():
    text = " date 2024\n\n  \r\nline two \r\nlast"
    paras = split_paragraphs(text)
    assert [p.text for p in paras] == [" date 2024", "line two ", "last"]
    assert [p.index for p in paras] == [0, 1, 2]
    assert all(text[p.start:p.end] == p.text for p in paras)


def test_word_segmentation_groups_whole_tokens():
    toks = tokenize("Công an tỉnh Thừa Thiên Huế bắt đối tượng ở TP.HCM.")
    words = segment_words(toks, "underthesea")
    forms = [w.form for w in words]
    assert "Công_an" in forms and "Thừa_Thiên_Huế" in forms
    assert "TP.HCM" in forms and forms[-1] == "."
    text = "Công an tỉnh Thừa Thiên Huế bắt đối tượng ở TP.HCM."
    for w in words:
        assert text[w.start:w.end].replace(" ", "_") == w.form


def test_alignment_never_glues_punctuation_and_survives_mismatch():
    toks = tokenize("Hà Nội, ngày")
    assert _align(toks, ["Hà_Nội,", "ngày"]) == [(0, 2), (2, 3), (3, 4)]
    # a segmenter that rewrote the text falls back to one word per token
    assert _align(toks, ["Ha_Noi", ",", "ngay"]) == SyllableSegmenter().segment(toks)


def test_acronyms_are_not_glued_to_lowercase_words():
    toks = tokenize("Bộ Tư lệnh TPHCM đồng chủ trì")
    assert _align(toks, ["Bộ_Tư_lệnh", "TPHCM_đồng", "chủ_trì"]) == [(0, 3), (3, 4), (4, 5), (5, 7)]


@settings(max_examples=300, deadline=None)
@given(text=hostile_text())
def test_tokens_never_overlap_nor_start_on_whitespace(text):
    """The root of issue 10's overlapping model spans: a doubled tone mark gave two tokens
    sharing characters (``Tuấ́`` 18-22 and ``́`` 20-22)."""
    prev_end = 0
    for t in tokenize(text):
        assert prev_end <= t.start < t.end and t.text == text[t.start : t.end]
        assert not text[t.start].isspace() and not text[t.end - 1].isspace()
        prev_end = t.end


def test_doubled_tone_mark_stays_inside_its_syllable():
    text = "Nguyễn Văn Tuấ\u0301n, Công an"
    toks = tokenize(text)
    assert [t.text for t in toks] == ["Nguyễn", "Văn", "Tuấ\u0301n", ",", "Công", "an"]
