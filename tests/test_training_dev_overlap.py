"""A dev set made of the training articles is said out loud when training starts.

configs/base.yaml once scored dev on the seeds gold, the very articles of data/raw it
trained on, and only the model card said so. Now the run's log warns as well.
"""
from __future__ import annotations

import logging
from pathlib import Path

from train.training.config import load_config
from train.training.data import prepare_data

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "configs" / "tiny.yaml"


def _prepare(caplog, dev_file: str):
    cfg = load_config(TINY, [f"data.dev_file={dev_file}", "training.progress=false", "augment.enabled=false"])
    log = logging.getLogger("train.training.data")
    # The CLI stops 'train' records from propagating to the root logger once a command ran
    # in this process; read the logger itself, whatever ran before.
    log.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.WARNING, logger="train.training.data"):
            data = prepare_data(cfg)
    finally:
        log.removeHandler(caplog.handler)
    records = {id(r): r for r in caplog.records if r.name == "train.training.data"}  # once, however it came
    return data, [r.getMessage() for r in records.values()]


def test_dev_set_of_the_training_articles_is_warned_about(caplog, monkeypatch):
    monkeypatch.chdir(ROOT)
    data, warnings = _prepare(caplog, "data/gold/seeds.gold.jsonl")
    assert len(data.summary["dev_documents_also_in_train"]) == 5
    assert len(warnings) == 1 and "5 of 5 dev document(s)" in warnings[0]
    assert "not new articles" in warnings[0] and "data.dev_file" in warnings[0]


def test_dev_set_of_other_text_is_not(caplog, monkeypatch):
    monkeypatch.chdir(ROOT)
    data, warnings = _prepare(caplog, "data/gold/invented.gold.jsonl")
    assert data.summary["dev_documents_also_in_train"] == [] and warnings == []
