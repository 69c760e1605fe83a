"""Sentences read together: the grouping shared by training and inference."""
from model.packing import pack_groups
from train.training.dataset import WordSentence, pack_sentences


def test_groups_fill_up_to_the_limit_and_a_long_sentence_stands_alone():
    assert pack_groups([5, 5, 5, 30, 2, 2], 12) == [(0, 2), (2, 3), (3, 4), (4, 6)]
    assert pack_groups([5, 5], 0) == [(0, 1), (1, 2)]
    assert pack_groups([], 10) == []


def test_sentences_join_within_a_paragraph_only_and_keep_offsets_tags_and_vetoes():
    a = WordSentence(["Anh", "Tuấn", "."], ["O", "B-PERSON", "O"], "d", 0, [(0, 3), (4, 8), (8, 9)])
    b = WordSentence(["Tuấn", "khai", "."], ["B-PERSON", "O", "O"], "d", 0, [(10, 14), (15, 19), (19, 20)],
                     veto=[False, True, False])
    c = WordSentence(["Hết", "."], ["O", "O"], "d", 1, [(0, 3), (3, 4)])
    out = pack_sentences([a, b, c], 10)
    assert len(out) == 2
    joined = out[0]
    assert joined.forms == ["Anh", "Tuấn", ".", "Tuấn", "khai", "."]
    assert joined.tags == ["O", "B-PERSON", "O", "B-PERSON", "O", "O"]
    assert joined.offsets[3] == (10, 14) and (joined.doc, joined.para) == ("d", 0)
    assert joined.veto == [False, False, False, False, True, False]
    assert out[1] is c  # another paragraph: never joined
    assert pack_sentences([a, b, c], 0) == [a, b, c]
    assert len(pack_sentences([a, b, c], 5)) == 3  # over the limit: one sentence a unit


def test_the_classifier_reads_the_units_its_anninh_json_asks_for(tmp_path):
    from inference_helpers import copy_model_dir, edit_json, tiny_model_dir
    from model.classifier import TokenClassifier

    text = "Anh Tuấn bị bắt. Tuấn khai nhận. Công an huyện X điều tra.\nĐoạn hai. Hết."
    packed = copy_model_dir(tiny_model_dir(0), tmp_path / "packed")
    edit_json(packed / "anninh.json", context_words=40)
    one = [u.words for u in TokenClassifier(tiny_model_dir(0)).units([text])]
    many = [u.words for u in TokenClassifier(packed).units([text])]
    assert len(one) == 5 and len(many) == 2  # two paragraphs, never joined across them
    assert [w for ws in one for w in ws] == [w for ws in many for w in ws]  # the same words, in order
    edit_json(packed / "anninh.json", context_words=-1)
    import pytest
    from model.modeldir import ModelDirError
    with pytest.raises(ModelDirError, match="context_words"):
        TokenClassifier(packed)
