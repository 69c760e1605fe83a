"""The encoder shipped in the package: small, safetensors only, with its provenance."""
from __future__ import annotations

import json

import pytest

from train.training.backbone import BUNDLED_DIR, fallback_bundled
from train.training.config import BackboneConfig

ENCODER = BUNDLED_DIR / "anninh-small"


def test_the_shipped_encoder_is_small_safe_and_says_where_it_comes_from():
    files = {p.name: p for p in ENCODER.iterdir()}
    assert {"model.safetensors", "config.json", "tokenizer.json", "anninh_pretrain.json", "README.md"} <= set(files)
    assert not any(n.endswith((".bin", ".pt", ".pkl", ".pth")) for n in files)
    assert sum(p.stat().st_size for p in files.values()) <= 25 * 1024 * 1024
    prov = json.loads(files["anninh_pretrain.json"].read_text(encoding="utf-8"))
    assert prov["pretrained_by"] == "anninh-pretrain" and prov["is_phobert"] is False
    assert prov["reproduce"].startswith("anninh pretrain --config configs/pretrain.yaml")
    assert prov["tokens_seen"] > 1_000_000 and prov["corpus"]["fingerprint"]
    card = files["README.md"].read_text(encoding="utf-8")
    assert "not PhoBERT" in card and prov["reproduce"] in card


@pytest.mark.slow
def test_the_default_fallback_loads_it_for_token_classification(monkeypatch, capsys):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    bb = fallback_bundled(BackboneConfig(), 256, reason="offline (test)")
    assert bb is not None and bb.info["used"] == "bundled:anninh-small" and bb.info["fallback"] == "bundled"
    assert bb.model.config.num_labels == 9 and len(bb.tokenizer) == bb.model.config.vocab_size
    assert "NOT PhoBERT" in capsys.readouterr().err
