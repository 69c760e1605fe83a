"""Partial labels: proper nouns the rules say nothing about are left out of the loss, not taught as O."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from model.encoding import IGNORE_INDEX
from model.labels import LABEL2ID
from train.training.config import ConfigError, load_config
from train.training.dataset import WordSentence, _word_label_ids, pack_sentences
from train.training.partial import count_case, mark_unknown, mid_sentence, title_case

ROOT = Path(__file__).resolve().parents[1]


def S(text: str, tags: str | None = None, para: int = 0, veto: list[bool] | None = None) -> WordSentence:
    forms = text.split()
    return WordSentence(forms, tags.split() if tags else ["O"] * len(forms), "d", para, veto=veto or [])


def test_title_case_means_every_syllable_capitalised_and_not_an_acronym():
    assert title_case("Nhà_Trắng") and title_case("Oceanbank") and title_case("Mỹ")
    assert not title_case("UBND") and not title_case("CSGT") and not title_case("T.")
    assert not title_case("Giám_đốc") and not title_case("ngân_hàng") and not title_case("2017")


def test_mid_sentence_is_after_a_word_or_a_comma():
    forms = ["Theo", "ông", "Oceanbank", ",", "Vinaconex", "và", '"', "Nhà_Trắng"]
    assert [mid_sentence(forms, i) for i in range(len(forms))] == [False, True, True, True, True, True, True, False]


CORPUS = [
    S("Theo ngân_hàng Oceanbank , khoản vay được duyệt ."),
    S("Lãnh_đạo Oceanbank cho biết như vậy ."),
    S("Ông Phó trở_lại tại Oceanbank hôm_qua ."),
    S("ông là phó giám_đốc , phó chủ_tịch và phó trưởng_phòng ."),
    S("Ông Phó nói ; bà phó nói ."),
    S("Đại_tá Lê_Văn_An làm_việc tại Oceanbank .", "B-RANK B-PERSON O O O O"),
    S("Lực_lượng UBND và UBND làm_việc tại Oceanbank .", veto=[False, False, False, False, False, False, True, False]),
    S("Oceanbank đứng đầu câu ."),
]


def test_only_proper_nouns_the_rules_left_unlabelled_are_unknown():
    out, stats = mark_unknown(CORPUS, min_ratio=0.9, min_count=3)
    unknown = [[f for f, u in zip(s.forms, s.unknown) if u] for s in out]
    # Oceanbank mid-sentence is unknown; `Phó` is written lower-case too often; UBND is an
    # acronym; a vetoed word stays O; the sentence-initial one keeps its O.
    assert unknown == [["Oceanbank"], ["Oceanbank"], ["Oceanbank"], [], [], ["Oceanbank"], [], []]
    assert stats.words == 4 and stats.sentences == 4 and stats.forms["Oceanbank"] == 4
    assert [s.tags for s in out] == [s.tags for s in CORPUS]  # tags never change
    counts = count_case(CORPUS)
    assert counts.capitalised["oceanbank"] == 5 and counts.lower["phó"] == 4 and counts.capitalised["phó"] == 2


def test_thresholds_decide_which_words_count_as_proper():
    assert mark_unknown(CORPUS, min_ratio=0.9, min_count=6)[1].words == 0  # Oceanbank: 5 times mid-sentence
    loose, _ = mark_unknown(CORPUS, min_ratio=0.5, min_count=1)
    # `Lê_Văn_An` is labelled; `Phó` is capitalised 2 of 6 times; `Lực_lượng` opens its sentence
    assert not any("Phó" in [f for f, u in zip(s.forms, s.unknown) if u] for s in loose)
    assert mark_unknown(CORPUS, min_ratio=0.3, min_count=1)[1].forms["Phó"] == 2


def test_an_unknown_word_is_out_of_the_loss_only_while_tagged_o():
    s = S("ông Morgenthau và ông Trump", "O O O O B-PERSON")
    s.unknown = [False, True, False, False, True]
    assert _word_label_ids(s) == [LABEL2ID["O"], IGNORE_INDEX, LABEL2ID["O"], LABEL2ID["O"], LABEL2ID["B-PERSON"]]
    s.unknown = []
    assert IGNORE_INDEX not in _word_label_ids(s)


def test_packing_keeps_the_flags_on_their_words():
    a, b, c = S("tại Oceanbank ."), S("ông An nói ."), S("ở Nhà_Trắng .")
    a.unknown, c.unknown = [False, True, False], [False, True, False]
    (unit,) = pack_sentences([a, b, c], 64)
    assert [f for f, u in zip(unit.forms, unit.unknown) if u] == ["Oceanbank", "Nhà_Trắng"]
    assert pack_sentences([b, S("ở đây .")], 64)[0].unknown == []


def test_config_checks_name_the_key():
    with pytest.raises(ConfigError, match="data.partial_labels.min_ratio"):
        load_config(ROOT / "configs" / "tiny.yaml", ["data.partial_labels.min_ratio=0.2"])
    with pytest.raises(ConfigError, match="data.partial_labels.min_count"):
        load_config(ROOT / "configs" / "tiny.yaml", ["data.partial_labels.min_count=0"])
    with pytest.raises(ConfigError, match="data.partial_labels.enable"):
        load_config(ROOT / "configs" / "tiny.yaml", ["data.partial_labels.enable=true"])


def test_prepare_data_marks_silver_sentences_and_reports_them(tmp_path):
    from train.training.data import prepare_data

    corpus = tmp_path / "c.jsonl"
    lines = [{"id": f"a{i}", "text": f"Ông Lê Văn An là khách hàng của Vexora từ năm 201{i}. Đại tá Lê Văn An làm việc tại Hà Nội."}
             for i in range(4)]
    corpus.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    base = ["augment.enabled=false", f"data.corpus={corpus}", "data.dev_file=null", "data.segmenter=syllable",
            f"data.cache_dir={tmp_path / 'cache'}", "data.context_words=0"]
    off = prepare_data(load_config(ROOT / "configs" / "tiny.yaml", base))
    on = prepare_data(load_config(ROOT / "configs" / "tiny.yaml", base + ["data.partial_labels.enabled=true"]))
    assert off.summary["partial_labels"] is None and not any(s.unknown for s in off.train)
    marked = [f for s in on.train for f, u in zip(s.forms, s.unknown) if u]
    assert marked == ["Vexora"] * 4  # an invented company the rules know nothing of
    assert on.summary["partial_labels"]["unknown_words"] == 4
    assert [s.tags for s in on.train] == [s.tags for s in off.train]


def test_the_model_card_says_how_many_words_were_left_out():
    from train.training.modelcard import model_card

    cfg = load_config(ROOT / "configs" / "tiny.yaml")
    card = model_card(cfg, {"data": {"partial_labels": {"unknown_words": 7, "sentences": 5}}})
    assert "partial labels: 7 words" in card
    assert "partial labels" not in model_card(cfg, {"data": {"partial_labels": None}})
