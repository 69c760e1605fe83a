"""Backbone loading: local folders, env overrides, the scratch fallback, its vocabularies."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from model.labels import ID2LABEL
from tests.tinymodels import tiny_roberta_config, write_tiny_phobert_tokenizer
from train.training.backbone import (
    ENV_BACKBONE, ENV_PHOBERT_DIR, SPECIAL_TOKENS, BackboneError, hub_reachable, load_backbone,
    train_corpus_tokenizer,
)
from train.training.config import BackboneConfig, ScratchConfig

REAL_PHOBERT_DIR = os.environ.get(ENV_PHOBERT_DIR)  # read before the fixture below hides it
WORDS = ("Công_an tỉnh Thừa_Thiên_Huế và Công_an TP.HCM đã ký_kết , Đại_tá Nguyễn Thanh Tuấn " * 20).split()
TINY = ScratchConfig(hidden_size=32, num_hidden_layers=1, num_attention_heads=2, intermediate_size=64,
                     vocab_size=400, min_frequency=1)


@pytest.fixture(autouse=True)
def _offline(monkeypatch):
    """No test here may touch the network or see the caller's backbone settings."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.delenv(ENV_BACKBONE, raising=False)
    monkeypatch.delenv(ENV_PHOBERT_DIR, raising=False)


def words():
    return iter(WORDS)


@pytest.fixture(scope="module")
def pretrained_dir(tmp_path_factory) -> Path:
    """A local 'PhoBERT folder': tokenizer files plus a (tiny, random) pretrained MLM."""
    from transformers import AutoTokenizer, RobertaForMaskedLM

    d = tmp_path_factory.mktemp("phobert-local")
    write_tiny_phobert_tokenizer(d)
    tok = AutoTokenizer.from_pretrained(str(d))
    cfg = tiny_roberta_config(len(tok))
    del cfg.id2label, cfg.label2id
    RobertaForMaskedLM(cfg).save_pretrained(str(d))
    return d


def test_corpus_tokenizer_has_phobert_special_ids_and_no_unknowns(tmp_path):
    tok = train_corpus_tokenizer(words(), vocab_size=400, min_frequency=1, save_dir=tmp_path)
    assert tok.convert_tokens_to_ids(list(SPECIAL_TOKENS)) == [0, 1, 2, 3, 4]
    assert (tok.bos_token_id, tok.pad_token_id, tok.eos_token_id, tok.unk_token_id) == (0, 1, 2, 3)
    assert "Công_an" in tok.get_vocab()
    # Words never seen, with every Vietnamese diacritic, split into known pieces, not <unk>.
    for w in ("Quỳnh_Lưu", "Đắk_Nông", "ĐIỆN_BIÊN", "Ỷ_Lan", "2024"):
        ids = tok.convert_tokens_to_ids(tok.tokenize(w))
        assert ids and tok.unk_token_id not in ids, w
    from transformers import AutoTokenizer

    again = AutoTokenizer.from_pretrained(str(tmp_path))
    assert again.tokenize("Thừa_Thiên_Huế") == tok.tokenize("Thừa_Thiên_Huế")


def test_local_folder_with_weights_is_loaded_as_pretrained(pretrained_dir):
    bb = load_backbone(BackboneConfig(name=str(pretrained_dir), scratch=TINY), 64, words)
    assert bb.info["pretrained"] is True and bb.info["used"] == str(pretrained_dir)
    assert bb.model.config.num_labels == len(ID2LABEL)
    assert bb.model.config.id2label == ID2LABEL
    assert type(bb.tokenizer).__name__ == "PhobertTokenizer"


def test_env_var_overrides_the_configured_backbone(pretrained_dir, monkeypatch):
    monkeypatch.setenv(ENV_BACKBONE, str(pretrained_dir))
    bb = load_backbone(BackboneConfig(name="vinai/phobert-base", fallback="error", scratch=TINY), 64, words)
    assert bb.info["requested"] == str(pretrained_dir) and bb.info["pretrained"] is True


def test_unreachable_hub_falls_back_to_scratch_with_a_corpus_vocabulary(tmp_path, capsys):
    assert not hub_reachable()  # HF_HUB_OFFLINE=1
    cfg = BackboneConfig(name="vinai/phobert-base", fallback="scratch", scratch=TINY)
    bb = load_backbone(cfg, 64, words, vocab_dir=tmp_path / "vocab")
    assert bb.info["pretrained"] is False
    assert bb.info["requested"] == "vinai/phobert-base"
    assert bb.info["used"] == "scratch:roberta-h32-l1-a2-i64"
    assert bb.info["tokenizer"].startswith("corpus-bpe:")
    c = bb.model.config
    assert (c.hidden_size, c.num_hidden_layers, c.vocab_size) == (32, 1, len(bb.tokenizer))
    # PhoBERT's architecture: RoBERTa, pad 1, 258 positions, one token type.
    assert (c.model_type, c.pad_token_id, c.max_position_embeddings, c.type_vocab_size) == ("roberta", 1, 258, 1)
    err = capsys.readouterr().err
    assert "RANDOMLY INITIALISED" in err and "ANNINH_BACKBONE" in err
    # The vocabulary is kept, so a resumed run reuses it instead of training another.
    assert (tmp_path / "vocab" / "tokenizer.json").is_file()
    again = load_backbone(cfg, 64, lambda: iter(["other", "words"]), vocab_dir=tmp_path / "vocab")
    assert again.tokenizer.get_vocab() == bb.tokenizer.get_vocab()


def test_fallback_error_says_how_to_supply_phobert():
    cfg = BackboneConfig(name="vinai/phobert-base", fallback="error", scratch=TINY)
    with pytest.raises(BackboneError) as err:
        load_backbone(cfg, 64, words)
    msg = str(err.value)
    assert "vinai/phobert-base" in msg and ENV_BACKBONE in msg and "local" in msg


def test_missing_local_folder_is_not_sent_to_the_hub(tmp_path):
    cfg = BackboneConfig(name=str(tmp_path / "nope" / "phobert-base"), fallback="error", scratch=TINY)
    with pytest.raises(BackboneError, match="does not exist"):
        load_backbone(cfg, 64, words)


def test_tokenizer_only_folder_gives_scratch_model_with_that_tokenizer(tmp_path):
    """A PhoBERT folder without weights (like shared/phobert-base): scratch model, PhoBERT tokenizer."""
    d = write_tiny_phobert_tokenizer(tmp_path / "tok-only")
    bb = load_backbone(BackboneConfig(name=str(d), fallback="scratch", scratch=TINY), 64, words)
    assert bb.info["pretrained"] is False
    assert bb.info["tokenizer"] == f"phobert-tokenizer:{d}"
    assert type(bb.tokenizer).__name__ == "PhobertTokenizer"
    assert bb.model.config.vocab_size == len(bb.tokenizer)


def test_tokenizer_dir_from_env_and_bad_values(tmp_path, monkeypatch):
    d = write_tiny_phobert_tokenizer(tmp_path / "tok")
    monkeypatch.setenv(ENV_PHOBERT_DIR, str(d))
    bb = load_backbone(BackboneConfig(fallback="scratch", scratch=TINY), 64, words)
    assert bb.info["tokenizer"] == f"phobert-tokenizer:{d}"
    monkeypatch.setenv(ENV_PHOBERT_DIR, str(tmp_path / "missing"))
    with pytest.raises(BackboneError, match=ENV_PHOBERT_DIR):
        load_backbone(BackboneConfig(fallback="scratch", scratch=TINY), 64, words)
    monkeypatch.delenv(ENV_PHOBERT_DIR)
    (tmp_path / "empty").mkdir()
    with pytest.raises(BackboneError, match="backbone.tokenizer_dir.*no tokenizer files"):
        load_backbone(BackboneConfig(tokenizer_dir=str(tmp_path / "empty"), fallback="scratch", scratch=TINY), 64, words)


def test_max_length_beyond_the_pretrained_positions_is_refused(pretrained_dir):
    with pytest.raises(BackboneError, match="data.max_length is 300"):
        load_backbone(BackboneConfig(name=str(pretrained_dir), scratch=TINY), 300, words)


def test_scratch_positions_grow_with_max_length():
    bb = load_backbone(BackboneConfig(fallback="scratch", scratch=TINY), 510, words)
    assert bb.model.config.max_position_embeddings == 512


@pytest.mark.skipif(not REAL_PHOBERT_DIR, reason=f"integration: set {ENV_PHOBERT_DIR} to a PhoBERT folder")
def test_real_phobert_tokenizer_folder(monkeypatch):
    """.ci/run sets ANNINH_PHOBERT_DIR to shared/phobert-base (real tokenizer + config, no weights)."""
    monkeypatch.setenv(ENV_PHOBERT_DIR, REAL_PHOBERT_DIR)  # the autouse fixture removed it
    bb = load_backbone(BackboneConfig(name="vinai/phobert-base", fallback="scratch", scratch=TINY), 256, words)
    tok = bb.tokenizer
    assert type(tok).__name__ == "PhobertTokenizer" and len(tok) == 64001
    assert bb.model.config.vocab_size == 64001 and bb.model.config.hidden_size == 32
    assert (tok.bos_token_id, tok.pad_token_id, tok.eos_token_id, tok.unk_token_id) == (0, 1, 2, 3)
    # Word-segmented forms are whole PhoBERT tokens.
    for w in ("Công_an", "Thừa_Thiên_Huế", "Đại_tá"):
        assert tok.tokenize(w) == [w]


def test_pickled_weights_are_refused_with_the_conversion_command(tmp_path):
    import torch
    from transformers import RobertaForTokenClassification

    from tinymodels import tiny_roberta_config, write_tiny_phobert_tokenizer
    from train.training.backbone import load_pretrained

    d = write_tiny_phobert_tokenizer(tmp_path / "phobert-pickle")
    model = RobertaForTokenClassification(tiny_roberta_config(500))
    model.config.save_pretrained(str(d))
    torch.save(model.state_dict(), d / "pytorch_model.bin")
    with pytest.raises(OSError, match="convert_to_safetensors.py"):
        load_pretrained(str(d))
    import subprocess, sys
    subprocess.run([sys.executable, "scripts/convert_to_safetensors.py", str(d)], check=True,
                   cwd=Path(__file__).resolve().parents[1])
    loaded = load_pretrained(str(d))
    assert loaded.info["pretrained"] is True


def test_default_fallback_is_the_bundled_encoder_even_with_a_phobert_tokenizer_at_hand(tmp_path, monkeypatch):
    """$ANNINH_PHOBERT_DIR only chooses the scratch model's tokenizer; the default fallback
    is the shipped encoder, which brings its own."""
    monkeypatch.setenv("ANNINH_PHOBERT_DIR", str(write_tiny_phobert_tokenizer(tmp_path / "tok")))
    bb = load_backbone(BackboneConfig(name="vinai/phobert-base", scratch=TINY), 256, lambda: iter(()))
    assert bb.info["fallback"] == "bundled" and bb.info["used"] == "bundled:anninh-small"
