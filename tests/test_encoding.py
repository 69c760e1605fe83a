"""Word -> subword windows: never truncates, labels first subwords, picks central windows."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.encoding import IGNORE_INDEX, WordPiecer, best_window_for_words, encode_words, window_labels
from tinymodels import write_tiny_phobert_tokenizer


@pytest.fixture(scope="module")
def piecer(tmp_path_factory):
    from transformers import AutoTokenizer

    d = write_tiny_phobert_tokenizer(tmp_path_factory.mktemp("tok"))
    return WordPiecer(AutoTokenizer.from_pretrained(str(d)))


WORDS = st.lists(st.text(alphabet="abcđếĐÊ_.9", min_size=1, max_size=12), max_size=80)


@given(words=WORDS, max_length=st.integers(8, 40), stride=st.integers(0, 2))
@settings(max_examples=150, deadline=None)
def test_windows_cover_every_word_and_respect_the_limit(piecer, words, max_length, stride):
    wins = encode_words(piecer, words, max_length=max_length, stride=stride)
    seen = set()
    for w in wins:
        assert len(w.input_ids) <= max_length
        assert w.input_ids[0] == piecer.cls_id and w.input_ids[-1] == piecer.sep_id
        firsts = [wi for wi, f in zip(w.word_index, w.first) if f]
        assert firsts == list(range(*w.words))
        seen.update(firsts)
    assert seen == set(range(len(words)))
    best = best_window_for_words(wins, len(words))
    assert all(wins[b].words[0] <= k < wins[b].words[1] for k, b in enumerate(best))


def test_labels_on_first_subword_only(piecer):
    wins = encode_words(piecer, ["Công_an", "Huế"], max_length=32, stride=0)
    labels = window_labels(wins[0], [1, 7])
    assert labels[0] == IGNORE_INDEX and labels[-1] == IGNORE_INDEX
    firsts = [l for l, f in zip(labels, wins[0].first) if f]
    assert firsts == [1, 7]
    assert labels.count(IGNORE_INDEX) == len(labels) - 2
    all_tok = window_labels(wins[0], [1, 7], label_all_tokens=True, continuation={1: 2, 7: 8})
    assert all_tok[1] == 1 and all_tok[2] == 2  # B- on the first subword, I- after it


def test_bad_window_settings_are_rejected(piecer):
    with pytest.raises(ValueError, match="max_length"):
        encode_words(piecer, ["a"], max_length=4)
    with pytest.raises(ValueError, match="stride"):
        encode_words(piecer, ["a"], max_length=16, stride=10)


def test_encoder_positions_is_the_one_limit_training_and_inference_use():
    from types import SimpleNamespace

    import train.training.backbone
    from model.encoding import encoder_positions

    roberta = SimpleNamespace(model_type="roberta", max_position_embeddings=258, pad_token_id=1)
    assert encoder_positions(roberta) == 256  # PhoBERT: positions start after the pad id
    assert encoder_positions(SimpleNamespace(model_type="bert", max_position_embeddings=512)) == 512
    assert encoder_positions(SimpleNamespace(model_type="roberta")) is None
    bb = SimpleNamespace(model=SimpleNamespace(config=roberta), info={"used": "x"})
    assert train.training.backbone.check_positions(bb, 256) is bb
    with pytest.raises(train.training.backbone.BackboneError, match="at most 256 positions"):
        train.training.backbone.check_positions(bb, 257)
