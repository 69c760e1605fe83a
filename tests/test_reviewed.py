"""Strong + weak training (data.reviewed): gold beside silver, NEEDLE's three steps."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from train.corpus.gold import GoldParagraph, load_gold, write_gold
from train.training.config import ConfigError, load_config
from train.training.dataset import GOLD, LABELLED, SILVER, WordSentence, encode_train
from train.training.errors import TrainError
from train.training.partial import mark_unknown
from train.training.reviewed import (article_order, finetune_units, load_reviewed, repeat_gold, replace_silver,
                                     sample_silver, source_weights)

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "configs" / "tiny.yaml"
RAW = ROOT / "data" / "raw"
SEEDS = ROOT / "data" / "gold" / "seeds.gold.jsonl"
INVENTED = ROOT / "data" / "gold" / "invented.gold.jsonl"


def sent(source: str, doc: str = "d", para: int = 0, forms=("Ông", "Nam", "đến"), tags=("O", "B-PERSON", "O")):
    return WordSentence(list(forms), list(tags), doc, para, [], source)


def dev_docs(cfg) -> set[str]:
    return {p.doc for p in load_gold(cfg.data.dev_file)}


def rv_cfg(*extra: str, tmp: Path | None = None):
    base = [f"data.corpus={RAW}", f"data.dev_file={SEEDS}"]
    if tmp is not None:
        base += [f"output_dir={tmp}"]
    return load_config(TINY, [*base, *extra])


# --------------------------------------------------------------------------- the loss


def test_weighted_loss_equals_cross_entropy_at_weight_one_and_scales_silver_rows():
    import torch
    import torch.nn.functional as F

    from train.training.weighted_loss import weighted_token_loss

    torch.manual_seed(0)
    logits = torch.randn(2, 5, 9)
    labels = torch.tensor([[0, 3, -100, 1, 2], [4, -100, -100, 0, 0]])
    plain = F.cross_entropy(logits.reshape(-1, 9), labels.reshape(-1), ignore_index=-100)
    ones = weighted_token_loss(logits, labels, torch.tensor([1.0, 1.0]))
    assert torch.allclose(ones, plain, atol=1e-6)
    # A batch of silver alone counts for its weight: normalised by tokens, not by weights.
    half = weighted_token_loss(logits, labels, torch.tensor([0.5, 0.5]))
    assert torch.allclose(half, 0.5 * plain, atol=1e-6)
    # Only the silver row shrinks.
    mixed = weighted_token_loss(logits, labels, torch.tensor([1.0, 0.0]))
    ce = F.cross_entropy(logits.reshape(-1, 9), labels.reshape(-1), ignore_index=-100, reduction="none")
    row0 = ce.view(2, 5)[0][labels[0] != -100].sum()
    assert torch.allclose(mixed, row0 / (labels != -100).sum(), atol=1e-6)


def test_rows_carry_the_weight_of_their_source_and_the_dataset_keeps_it():
    from transformers import PreTrainedTokenizerFast
    from tokenizers import Tokenizer, models, pre_tokenizers

    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, "Ông": 4, "Nam": 5, "đến": 6}
    tk = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    tk.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    tok = PreTrainedTokenizerFast(tokenizer_object=tk, bos_token="<s>", eos_token="</s>", unk_token="<unk>",
                                  pad_token="<pad>", cls_token="<s>", sep_token="</s>")
    sents = [sent(SILVER), sent(GOLD, "g"), sent(LABELLED, "l")]
    rows = encode_train(sents, tok, 16, 2, source_weights=source_weights(
        rv_cfg("data.reviewed.sets=[x.jsonl]", "data.reviewed.silver_weight=0.25").data.reviewed))
    assert rows.weights == [0.25, 1.0, 1.0]
    ds = rows.to_dataset()
    assert ds["loss_weight"] == [0.25, 1.0, 1.0]
    # Without weights the dataset is as before: no column the model would not take.
    assert "loss_weight" not in encode_train(sents, tok, 16, 2).to_dataset().column_names


# --------------------------------------------------------------------------- gold stays gold


def test_gold_replaces_the_silver_of_its_paragraph_only():
    train = [sent(SILVER, "a", 0), sent(SILVER, "a", 1), sent(LABELLED, "a", 0)]
    gold = [sent(GOLD, "a", 0, tags=("O", "O", "O"))]
    out, gave_way = replace_silver(train, gold)
    assert gave_way == 1
    assert [(s.doc, s.para, s.source) for s in out] == [("a", 1, SILVER), ("a", 0, LABELLED), ("a", 0, GOLD)]


def test_partial_labels_never_mask_a_gold_or_labelled_word():
    # "Hà" written capitalised mid-sentence, never labelled: a silver O becomes unknown...
    forms, tags = ["ở", "Hà", "nay"], ["O", "O", "O"]
    silver = [WordSentence(forms, tags, f"s{k}", 0, [], SILVER) for k in range(4)]
    gold = [WordSentence(forms, tags, "g", 0, [], GOLD), WordSentence(forms, tags, "l", 0, [], LABELLED)]
    out, _ = mark_unknown(silver + gold, 0.9, 3)
    assert all(s.unknown and s.unknown[1] for s in out[:4])
    # ... but a person's O is an O.
    assert not out[4].unknown and not out[5].unknown


def test_repeat_sample_and_finetune_units_treat_sources_apart():
    from train.training.dataset import SELF_TRAINING

    units = [sent(SILVER, f"s{k}") for k in range(5)] + [sent(SELF_TRAINING, f"t{k}") for k in range(5)] \
        + [sent(GOLD, "g1"), sent(GOLD, "g2"), sent(LABELLED, "l")]
    assert sum(u.source == GOLD for u in repeat_gold(units, 3)) == 6
    weak = (SILVER, SELF_TRAINING)
    sampled = sample_silver(units, 4, seed=1)
    assert sum(u.source in weak for u in sampled) == 4
    assert sum(u.source == GOLD for u in sampled) == 2 and sum(u.source == LABELLED for u in sampled) == 1
    assert sample_silver(units, 4, seed=1) == sampled  # the seed fixes the draw
    ft = finetune_units(units, 0.5, seed=1)
    assert sum(u.source == GOLD for u in ft) == 2 and sum(u.source in weak for u in ft) == 1
    assert not any(u.source == LABELLED for u in ft)


def test_only_the_rules_silver_is_completed_by_a_model():
    from train.training.dataset import SELF_TRAINING
    from train.training.reviewed import split_silver

    units = [sent(SILVER, "s"), sent(GOLD, "g"), sent(LABELLED, "l"), sent(SELF_TRAINING, "t")]
    silver, kept = split_silver(units)
    assert [u.doc for u in silver] == ["s"] and [u.doc for u in kept] == ["g", "l", "t"]


def test_completion_and_self_training_rounds_are_not_both_asked():
    with pytest.raises(ConfigError, match="training.self_training.rounds: data.reviewed.complete already"):
        rv_cfg("backbone.init_from=x", "data.reviewed.sets=[a.jsonl]", "training.self_training.rounds=1")


# --------------------------------------------------------------------------- what may be trained on


def test_held_out_sets_and_the_dev_set_are_refused(tmp_path):
    for name in ("news-i", "news-l", "news-t", "news-ah", "police-q", "police-x", "dev-police"):
        cfg = rv_cfg(f"data.reviewed.sets=[{name}]")
        with pytest.raises(TrainError, match=f"{name} is held out for evaluation"):
            load_reviewed(cfg.data.reviewed, cfg.data.dev_file, dev_docs(cfg))
    cfg = rv_cfg(f"data.reviewed.sets=[{SEEDS}]")
    with pytest.raises(TrainError, match="also data.dev_file"):
        load_reviewed(cfg.data.reviewed, cfg.data.dev_file, dev_docs(cfg))
    # A copy under another name is caught by its articles.
    copy = tmp_path / "copy.jsonl"
    write_gold(copy, load_gold(SEEDS)[:3])
    cfg = rv_cfg(f"data.reviewed.sets=[{copy}]")
    with pytest.raises(TrainError, match="also in data.dev_file"):
        load_reviewed(cfg.data.reviewed, cfg.data.dev_file, dev_docs(cfg))
    cfg = rv_cfg("data.reviewed.sets=[news-zz]")
    with pytest.raises(TrainError, match="no gold set named 'news-zz'"):
        load_reviewed(cfg.data.reviewed, cfg.data.dev_file, dev_docs(cfg))


def test_max_articles_takes_nested_subsets(tmp_path):
    paras = [GoldParagraph(f"doc{k}", 0, "Ông Nam đến.", [(4, 7, "PERSON")]) for k in range(20)]
    path = tmp_path / "r.jsonl"
    write_gold(path, paras)
    docs = {}
    for n in (3, 7, 20):
        cfg = rv_cfg(f"data.reviewed.sets=[{path}]", f"data.reviewed.max_articles={n}")
        got = load_reviewed(cfg.data.reviewed, cfg.data.dev_file, dev_docs(cfg))
        docs[n] = {p.doc for p in got.paragraphs}
        assert got.articles == n and got.articles_available == 20
    assert docs[3] < docs[7] < docs[20]
    assert article_order(["b", "a"]) == article_order(["a", "b"])


def test_config_validates_reviewed_keys_with_their_path():
    with pytest.raises(ConfigError, match=r"data\.reviewed\.silver_weight: must be in \(0, 1\]"):
        rv_cfg("data.reviewed.sets=[a.jsonl]", "data.reviewed.silver_weight=0")
    with pytest.raises(ConfigError, match=r"data\.reviewed\.finetune\.epochs: fine-tunes on the reviewed gold"):
        rv_cfg("data.reviewed.finetune.epochs=2")
    with pytest.raises(ConfigError, match=r"data\.reviewed\.repeat: must be at least 1"):
        rv_cfg("data.reviewed.sets=[a.jsonl]", "data.reviewed.repeat=0")


# --------------------------------------------------------------------------- a whole run


@pytest.mark.slow
def test_strong_and_weak_run_from_a_silver_model(tmp_path, monkeypatch):
    """Silver model first; then from it (init_from) the joint weighted fit with self-training,
    and the fine-tuning on gold: gold is never relabelled, and the card says what happened."""
    import torch

    from train.training.trainer import run_training

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.delenv("ANNINH_BACKBONE", raising=False)
    torch.set_num_threads(1)
    silver = run_training(rv_cfg("name=silver", "training.epochs=1", tmp=tmp_path))
    cfg = rv_cfg("name=reviewed", f"backbone.init_from={silver.model_dir}", f"data.reviewed.sets=[{INVENTED}]",
                 "data.reviewed.silver_weight=0.3", "data.reviewed.repeat=2", "data.reviewed.finetune.epochs=1",
                 "data.reviewed.finetune.silver_replay=0.5", "training.epochs=1", "augment.enabled=false",
                 "training.self_training.threshold=0.5", tmp=tmp_path)
    res = run_training(cfg)
    m = res.metrics
    n_gold = m["data"]["reviewed"]["sentences"]
    assert n_gold > 0 and m["data"]["reviewed"]["articles"] == len({p.doc for p in load_gold(INVENTED)})
    # Step (a) completed the silver only (train.sentences counts the corpus' sentences);
    # with the gold it would have relabelled n_gold more.
    assert m["data"]["completion"]["sentences"] == m["data"]["train"]["sentences"]
    assert m["finetune"]["gold_units"] > 0 and m["finetune"]["silver_replay_units"] > 0
    # It started from the silver model at the fine-tuning rate, not the scratch model's.
    assert m["backbone"]["init_from"]["path"] == str(silver.model_dir)
    assert m["train"]["learning_rate"] == cfg.training.learning_rate
    card = (res.model_dir / "README.md").read_text(encoding="utf-8")
    assert "backbone.init_from" in card and "reviewed gold" in card
    meta = json.loads((res.model_dir / "anninh.json").read_text(encoding="utf-8"))
    assert meta["backbone"]["init_from"]["path"] == str(silver.model_dir)


def test_init_from_a_missing_model_says_what_to_train_first(tmp_path):
    from train.training.trainer import run_training

    cfg = rv_cfg("name=r", f"backbone.init_from={tmp_path / 'nope'}", tmp=tmp_path)
    with pytest.raises(TrainError, match="train the silver model first"):
        run_training(cfg)
