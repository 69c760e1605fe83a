"""`anninh segment` writes a corpus word-segmented once; pretraining reads it back with
``data.segmenter: presegmented`` to exactly the words it would have segmented itself."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from model.text.wordseg import segment_words
from model.text.tokens import tokenize
from train.cli import app
from train.corpus.prepare import prepare_words
from train.training.config import ConfigError, load_config
from train.training.pretrain import run_pretraining
from train.training.pretrain_config import load_pretrain_config

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
runner = CliRunner()


@pytest.fixture(autouse=True)
def _cache(monkeypatch, tmp_path):
    monkeypatch.setenv("ANNINH_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


def test_presegmented_keeps_each_underscore_word_whole():
    text = "Công_an tỉnh Thừa_Thiên_Huế bắt đối_tượng Nguyễn_Văn_A ."
    assert [w.form for w in segment_words(tokenize(text), "presegmented")] == text.split()


def test_presegmented_words_are_normalised_like_segmented_ones():
    """NFD input and the old tone placement arrive as the forms training reads."""
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Đại_uý Lê_Văn_Hoà")
    forms = [w.form for w in segment_words(tokenize(nfd), "presegmented")]
    assert forms == [w.form for w in segment_words(tokenize("Đại_úy Lê_Văn_Hòa"), "presegmented")]
    assert all(unicodedata.is_normalized("NFC", f) for f in forms)


@pytest.mark.parametrize("name", ["seeds.jsonl.gz", "seeds.jsonl"])
def test_segment_then_presegmented_gives_back_the_same_words(tmp_path, name):
    out = tmp_path / name
    r = runner.invoke(app, ["segment", str(RAW), "-o", str(out), "--segmenter", "underthesea", "--no-progress"])
    assert r.exit_code == 0, r.output
    assert "5 articles" in r.output and "data.segmenter=presegmented" in r.output
    opener = gzip.open if name.endswith(".gz") else open
    with opener(out, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    assert len(rows) == 5 and all(set(r) == {"id", "text"} for r in rows)
    assert any("_" in r["text"] for r in rows)  # multi-syllable words are joined

    direct = prepare_words(RAW, "underthesea", cache_dir=tmp_path / "c").dataset
    back = prepare_words(out, "presegmented", cache_dir=tmp_path / "c").dataset
    assert back["words"] == direct["words"]
    assert back["doc"] == direct["doc"]  # same ids: the same articles are held out


def test_segment_reports_bad_arguments_with_the_fix(tmp_path):
    r = runner.invoke(app, ["segment", str(RAW), "-o", str(tmp_path / "x.txt")])
    assert r.exit_code == 2 and ".jsonl.gz" in r.output
    r = runner.invoke(app, ["segment", str(RAW), "-o", str(tmp_path / "x.jsonl"), "--segmenter", "presegmented"])
    assert r.exit_code == 2 and "underthesea" in r.output
    r = runner.invoke(app, ["segment", str(tmp_path / "nope"), "-o", str(tmp_path / "x.jsonl")])
    assert r.exit_code == 2 and "does not exist" in r.output
    r = runner.invoke(app, ["segment", str(RAW), "-o", str(tmp_path / "no" / "x.jsonl")])
    assert r.exit_code == 2 and "mkdir -p" in r.output
    assert not (tmp_path / "x.jsonl").exists()


def test_training_refuses_a_presegmented_corpus_by_key(tmp_path):
    with pytest.raises(ConfigError, match="data.segmenter.*pretraining"):
        load_config(ROOT / "configs" / "tiny.yaml", [f"output_dir={tmp_path}", "data.segmenter=presegmented"])


@pytest.mark.slow
def test_pretraining_on_a_presegmented_corpus_sees_its_words(tmp_path):
    out = tmp_path / "seeds.jsonl.gz"
    assert runner.invoke(app, ["segment", str(RAW), "-o", str(out), "--no-progress"]).exit_code == 0
    cfg = load_pretrain_config(ROOT / "configs" / "pretrain-tiny.yaml",
                               [f"output_dir={tmp_path}", f"data.corpus={out}", "data.segmenter=presegmented"])
    prov = run_pretraining(cfg).provenance
    assert prov["corpus"]["segmenter"] == "presegmented" and prov["corpus"]["documents"] == 5
    assert prov["steps"] > 0 and prov["tokens_seen"] > 0


def test_pretraining_warns_when_a_presegmented_corpus_is_raw_text(tmp_path, caplog, monkeypatch):
    import logging

    monkeypatch.setattr(logging.getLogger("train"), "propagate", True)  # the CLI's handler may have taken it
    from train.training.pretrain import _warn_if_unsegmented

    raw = prepare_words(RAW, "presegmented", cache_dir=tmp_path / "c").dataset
    with caplog.at_level(logging.WARNING, logger="train"):
        _warn_if_unsegmented(raw, str(RAW))
    assert "looks unsegmented" in caplog.text and "anninh segment" in caplog.text
    caplog.clear()
    seg = prepare_words(RAW, "underthesea", cache_dir=tmp_path / "c").dataset
    with caplog.at_level(logging.WARNING, logger="train"):
        _warn_if_unsegmented(seg, str(RAW))
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
