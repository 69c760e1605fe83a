"""Document-level consistency of the model's names (model/consistency.py), on invented text."""
import pytest

from model.consistency import ConsistencyPolicy, ConsistencyPolicyError, load_consistency, propagate_mentions
from model.text.paragraphs import iter_windows

PERSON = ConsistencyPolicy(frozenset({"PERSON"}))


def bounds(text: str, words: list[str]) -> tuple[bytearray, bytearray]:
    """Word-start and word-end bitmaps for ``words`` (in order, each found after the last)."""
    starts, ends = bytearray(len(text)), bytearray(len(text))
    pos = 0
    for w in words:
        i = text.index(w, pos)
        starts[i] = 1
        ends[i + len(w) - 1] = 1
        pos = i + len(w)
    return starts, ends


def run(text, spans, words, policy=PERSON, window=32_000):
    s, e = bounds(text, words)
    out = propagate_mentions(text, spans, s, e, iter_windows(text, window), policy)
    return [(text[a:b], lab, round(sc, 2)) for a, b, lab, sc in out]


def test_a_name_labels_its_other_whole_word_mentions_with_its_score():
    text = "Ông Đồng Thị Mai Giang bị bắt. Giang khai nhận. Sau đó Giang bỏ trốn."
    words = ["Ông", "Đồng Thị Mai Giang", "bị", "bắt", ".", "Giang", "khai nhận", ".", "Sau", "đó", "Giang", "bỏ", "trốn", "."]
    spans = [(4, 22, "PERSON", 0.97), (31, 36, "PERSON", 0.96)]
    assert run(text, spans, words) == [
        ("Đồng Thị Mai Giang", "PERSON", 0.97), ("Giang", "PERSON", 0.96), ("Giang", "PERSON", 0.96)]


def test_a_mention_inside_a_longer_word_or_span_is_left_alone():
    text = "Anh Chính bị bắt. Chính phủ yêu cầu. Chính khai nhận."
    words = ["Anh", "Chính", "bị", "bắt", ".", "Chính phủ", "yêu cầu", ".", "Chính", "khai nhận", "."]
    spans = [(4, 9, "PERSON", 0.9)]
    got = run(text, spans, words)
    assert got == [("Chính", "PERSON", 0.9), ("Chính", "PERSON", 0.9)]  # not the `Chính` of `Chính phủ`


def test_other_labels_conflicting_labels_and_low_scores_do_not_propagate():
    text = "Hà Nam bị bắt tại Hà Nam. Hà Nam khai. Nam Định. Nam Định."
    words = ["Hà Nam", "bị", "bắt", "tại", "Hà Nam", ".", "Hà Nam", "khai", ".", "Nam Định", ".", "Nam Định", "."]
    spans = [(0, 6, "PERSON", 0.9), (18, 24, "LOCATION", 0.9), (39, 47, "LOCATION", 0.9)]
    # `Hà Nam` is labelled two ways, `Nam Định` is no PERSON: nothing is added
    assert run(text, spans, words) == [(t, lab, 0.9) for t, lab in
                                       [("Hà Nam", "PERSON"), ("Hà Nam", "LOCATION"), ("Nam Định", "LOCATION")]]
    low = ConsistencyPolicy(frozenset({"PERSON"}), min_score=0.95)
    text = "Anh Tùng bị bắt. Tùng khai."
    words = ["Anh", "Tùng", "bị", "bắt", ".", "Tùng", "khai", "."]
    assert len(run(text, [(4, 8, "PERSON", 0.9)], words, low)) == 1
    assert len(run(text, [(4, 8, "PERSON", 0.9)], words)) == 2


def test_names_stay_inside_their_window_of_paragraphs():
    first = "Anh Tùng bị bắt. " * 200  # 3,400 characters: one window of 4,000 holds this paragraph only
    text = first.strip() + "\n" + "Chị Lan nói. " * 80 + "Tùng cũng đến."
    words = []
    for chunk in text.split("\n"):
        words += chunk.replace(".", " .").split()
    spans = [(4, 8, "PERSON", 0.9)]
    small = run(text, spans, words, window=4_000)  # the second paragraph is another window
    big = run(text, spans, words, window=32_000)
    assert len(big) == len(small) + 1


def test_the_policy_file_is_validated_with_the_key_in_the_message(tmp_path):
    assert load_consistency().labels == frozenset({"PERSON", "LOCATION"})
    bad = tmp_path / "c.yaml"
    for text, key in (("labels: [NAME]", "labels"), ("min_score: 2", "min_score"),
                      ("window_chars: 10", "window_chars"), ("colour: red", "keys")):
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(ConsistencyPolicyError, match=key):
            load_consistency(bad)
