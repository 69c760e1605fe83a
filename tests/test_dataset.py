"""Training data: sentences, word tags, windows and labels, augmentation, dev-word mapping."""
from __future__ import annotations

import random

import pytest

from model.encoding import IGNORE_INDEX
from model.labels import ID2LABEL, LABEL2ID, OUTSIDE, repair_tags, tags_to_spans
from tests.tinymodels import write_tiny_phobert_tokenizer
from train.training.augment import AugmentError, augment, augment_sentences, build_pools
from train.training.config import AugmentConfig
from train.training.dataset import WordSentence, encode_eval, encode_train, paragraphs_to_sentences
from train.corpus.gold import GoldParagraph

TEXT = "Đại tá Nguyễn Văn An, Giám đốc Công an tỉnh Nghệ An phát biểu. Sau đó ông làm việc tại Hà Nội."


def span(text: str, frag: str, label: str, nth: int = 0) -> tuple[int, int, str]:
    i = -1
    for _ in range(nth + 1):
        i = text.index(frag, i + 1)
    return (i, i + len(frag), label)


GOLD = GoldParagraph("d1", 0, TEXT, [
    span(TEXT, "Đại tá", "RANK"), span(TEXT, "Nguyễn Văn An", "PERSON"),
    span(TEXT, "Công an tỉnh Nghệ An", "AGENCY"), span(TEXT, "Hà Nội", "LOCATION"),
])
PLAIN = GoldParagraph("d1", 1, "Buổi lễ diễn ra trang trọng.", [])


@pytest.fixture(scope="module")
def tok(tmp_path_factory):
    from transformers import AutoTokenizer

    d = write_tiny_phobert_tokenizer(tmp_path_factory.mktemp("tok"))
    return AutoTokenizer.from_pretrained(str(d))


def test_paragraphs_become_tagged_word_sentences():
    sents, stats = paragraphs_to_sentences([GOLD, PLAIN], "syllable")
    assert len(sents) == 3 and stats.sentences == 3 and stats.paragraphs == 2
    first = sents[0]
    pairs = list(zip(first.forms, first.tags))
    assert pairs[:5] == [("Đại", "B-RANK"), ("tá", "I-RANK"), ("Nguyễn", "B-PERSON"), ("Văn", "I-PERSON"), ("An", "I-PERSON")]
    assert pairs[5] == (",", OUTSIDE)
    assert [f for f, t in pairs if t.endswith("AGENCY")] == ["Công", "an", "tỉnh", "Nghệ", "An"]
    # Offsets are the words' places in the paragraph, so spans come back exactly.
    for f, (s, e) in zip(first.forms, first.offsets):
        assert TEXT[s:e] == f
    second = sents[1]
    assert second.forms[0] == "Sau" and [f for f, t in zip(second.forms, second.tags) if t != OUTSIDE] == ["Hà", "Nội"]
    assert (second.doc, second.para) == ("d1", 0)
    assert not sents[2].has_entity
    assert stats.entities == {"RANK": 1, "PERSON": 1, "AGENCY": 1, "LOCATION": 1}
    assert stats.spans_misaligned == 0


def test_word_segmenter_groups_syllables_and_tags_follow():
    sents, _ = paragraphs_to_sentences([GOLD], "underthesea")
    words = dict(zip(sents[0].forms, sents[0].tags))
    assert words.get("Nghệ_An") == "I-AGENCY"
    assert any(f.startswith("Nguyễn") and t == "B-PERSON" for f, t in words.items())


def test_boilerplate_is_skipped_and_counted():
    boiler = GoldParagraph("d1", 2, "Mới nhất", [])
    sents, stats = paragraphs_to_sentences([GOLD, boiler], "syllable", skip_boilerplate=True)
    assert stats.boilerplate_skipped == 1 and all(s.para != 2 for s in sents)
    sents, stats = paragraphs_to_sentences([GOLD, boiler], "syllable", skip_boilerplate=False)
    assert stats.boilerplate_skipped == 0 and any(s.para == 2 for s in sents)


def test_spans_inside_a_word_are_counted_as_misaligned():
    bad = GoldParagraph("d1", 0, TEXT, [(0, 2, "RANK")])  # "Đạ": ends inside the word "Đại"
    _, stats = paragraphs_to_sentences([bad], "syllable")
    assert stats.spans_misaligned == 1


def test_labels_sit_on_the_first_subword_only(tok):
    sents, _ = paragraphs_to_sentences([GOLD], "syllable")
    rows = encode_train(sents[:1], tok, max_length=256, stride=8)
    assert len(rows.input_ids) == 1
    ids, labels = rows.input_ids[0], rows.labels[0]
    assert ids[0] == tok.bos_token_id and ids[-1] == tok.eos_token_id
    assert labels[0] == labels[-1] == IGNORE_INDEX
    labelled = [lab for lab in labels if lab != IGNORE_INDEX]
    assert labelled == [LABEL2ID[t] for t in sents[0].tags]  # one label per word, in order
    # Every word of the tiny vocabulary is split into characters: "Nguyễn" is 6 subwords.
    assert len(ids) - 2 == sum(len(tok.tokenize(w)) for w in sents[0].forms)
    k = 1 + len(tok.tokenize("Đại")) + len(tok.tokenize("tá"))
    assert labels[k] == LABEL2ID["B-PERSON"] and labels[k + 1 : k + 6] == [IGNORE_INDEX] * 5


def test_label_all_tokens_continues_with_inside_tags(tok):
    sents, _ = paragraphs_to_sentences([GOLD], "syllable")
    labels = encode_train(sents[:1], tok, 256, 8, label_all_tokens=True).labels[0]
    k = 1 + len(tok.tokenize("Đại")) + len(tok.tokenize("tá"))
    assert labels[k] == LABEL2ID["B-PERSON"]
    assert labels[k + 1 : k + 6] == [LABEL2ID["I-PERSON"]] * 5
    assert IGNORE_INDEX not in labels[1:-1]


def long_sentence(n: int = 60) -> WordSentence:
    forms = [f"từ{i}" for i in range(n)]
    tags = [OUTSIDE] * n
    tags[n // 2], tags[n // 2 + 1] = "B-LOCATION", "I-LOCATION"
    return WordSentence(forms, tags)


def test_long_sentences_become_overlapping_windows_never_truncated(tok):
    s = long_sentence()
    rows = encode_train([s], tok, max_length=32, stride=6)
    assert len(rows.input_ids) > 3
    assert all(len(ids) <= 32 for ids in rows.input_ids)
    # Every word is in some window, each window's labelled words are a run of the
    # sentence's words, and neighbours overlap (the stride).
    from model.encoding import WordPiecer, encode_words

    windows = encode_words(WordPiecer(tok), s.forms, 32, 6)
    assert len(windows) == len(rows.input_ids)
    assert windows[0].words[0] == 0 and windows[-1].words[1] == len(s.forms)
    for a, b in zip(windows, windows[1:]):
        assert b.words[0] < a.words[1]  # overlap, no gap
    for win, labels in zip(windows, rows.labels):
        assert [lab for lab in labels if lab != IGNORE_INDEX] == [LABEL2ID[s.tags[w]] for w in range(*win.words)]
    assert rows.sentence == [0] * len(rows.input_ids)


def test_eval_windows_score_each_word_exactly_once(tok):
    s = long_sentence()
    rows = encode_eval([s], tok, max_length=32, stride=6)
    scored = [w for ws in rows.scored_words for w in ws]
    assert sorted(scored) == list(range(len(s.forms)))
    for labels, words in zip(rows.labels, rows.scored_words):
        assert [lab for lab in labels if lab != IGNORE_INDEX] == [LABEL2ID[s.tags[w]] for w in words]


def test_word_predictions_do_not_depend_on_the_order_windows_come_back(tok):
    import numpy as np

    from train.training.metrics import word_predictions

    sents = [long_sentence(), long_sentence(20), WordSentence(["a", "b"], ["B-RANK", "I-RANK"])]
    rows = encode_eval(sents, tok, max_length=32, stride=6)
    n, width = len(rows.input_ids), max(map(len, rows.input_ids)) + 3
    inputs = np.full((n, width), tok.pad_token_id)
    preds = np.full((n, width, len(ID2LABEL)), -100.0)  # the Trainer pads probabilities with -100
    for r, ids in enumerate(rows.input_ids):
        inputs[r, : len(ids)] = ids
        # A model is a function of its input: identical windows (the two sentences start
        # alike) get identical predictions, whatever their position in the batch.
        for k in range(len(ids)):
            preds[r, k] = np.eye(len(ID2LABEL))[(sum(ids[: k + 1]) * 7 + k) % len(ID2LABEL)] * 0.9 + 0.1 / len(ID2LABEL)
    inputs[0, -1] = -100  # the Trainer pads across batches with -100
    expected = word_predictions(preds, inputs, rows, sents, tok.pad_token_id)
    order = list(range(n))
    random.Random(1).shuffle(order)
    assert word_predictions(preds[order], inputs[order], rows, sents, tok.pad_token_id) == expected
    assert [len(t) for t in expected] == [len(s.forms) for s in sents]
    assert len({t for tags in expected for t in tags}) > 3  # predictions really were placed
    with pytest.raises(RuntimeError, match="predictions for"):
        word_predictions(preds[1:], inputs[1:], rows, sents, tok.pad_token_id)


# --------------------------------------------------------------------------- augmentation

AUG = AugmentConfig(copies=3, replace_prob=0.8, lexicons={"RANK": ["ranks"], "LOCATION": ["places"]},
                    person_surnames="surnames")


@pytest.fixture(scope="module")
def sentences():
    sents, _ = paragraphs_to_sentences([GOLD, PLAIN], "syllable")
    return sents


def test_pools_hold_lexicon_entries_and_derived_names(sentences):
    pools = build_pools(sentences, AUG, "syllable", seed=0).pools
    assert ("Thiếu", "tướng") in pools["RANK"] and ("Đại", "tá") in pools["RANK"]
    assert ("Đà", "Nẵng") in pools["LOCATION"] and ("Hà", "Nội") in pools["LOCATION"]
    persons = [m for m in pools["PERSON"] if m[1:] == ("Văn", "An") and m[0] != "Nguyễn"]
    assert persons, "corpus names under other surnames"
    agencies = [m for m in pools["AGENCY"] if m[:3] == ("Công", "an", "tỉnh") and m[3:] != ("Nghệ", "An")]
    assert agencies and all(m[3:] in pools["LOCATION"] for m in agencies)


def test_augmented_copies_keep_context_and_swap_mentions(sentences):
    pools = build_pools(sentences, AUG, "syllable", seed=0)
    new = augment_sentences(sentences, pools, copies=3, replace_prob=0.8, seed=5)
    src = sentences[0]
    from_first = [s for s in new if s.forms[-1] == "." and "Giám" in s.forms]
    assert len(new) == 6 and len(from_first) == 3  # 3 copies per sentence with entities, none for the plain one
    src_context = [f for f, t in zip(src.forms, src.tags) if t == OUTSIDE]
    for s in from_first:
        assert s.source == "augment" and not s.offsets
        assert repair_tags(s.tags) == s.tags  # well-formed IOB2
        assert [f for f, t in zip(s.forms, s.tags) if t == OUTSIDE] == src_context
        mentions = [(lab, tuple(s.forms[i:j])) for i, j, lab in tags_to_spans(s.tags)]
        assert [lab for lab, _ in mentions] == ["RANK", "PERSON", "AGENCY"]
        assert all(m in pools.pools[lab] for lab, m in mentions)
        originals = [tuple(src.forms[i:j]) for i, j, _ in tags_to_spans(src.tags)]
        assert [m for _, m in mentions] != originals


def test_augmentation_is_seeded(sentences):
    a, _ = augment(sentences, AUG, "syllable", seed=7)
    b, _ = augment(sentences, AUG, "syllable", seed=7)
    c, _ = augment(sentences, AUG, "syllable", seed=8)
    assert [s.forms for s in a] == [s.forms for s in b]
    assert [s.forms for s in a] != [s.forms for s in c]


def test_augmentation_off_and_bad_lexicon(sentences):
    new, summary = augment(sentences, AugmentConfig(enabled=False), "syllable", seed=0)
    assert new == [] and summary == {"enabled": False}
    bad = AugmentConfig(lexicons={"RANK": ["no_such_lexicon"]})
    with pytest.raises(AugmentError, match="augment.lexicons.RANK.*no_such_lexicon"):
        augment(sentences, bad, "syllable", seed=0)
