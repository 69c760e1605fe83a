"""Training fails loudly and leaves nothing misleading (issue 10 items 5, 6, 8).

A diverged run must not exit 0 with an all-NaN model, two runs must not share a run
folder, and a run that failed on its inputs must not block the corrected command.
"""
from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest

from train.training.config import ConfigError, load_config
from train.training.runlock import RunLockedError, lock_path, run_lock

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "configs" / "tiny.yaml"
RAW = ROOT / "data" / "raw"
GOLD = ROOT / "data" / "gold" / "seeds.gold.jsonl"


def tiny(out: Path, name: str, *extra: str):
    return load_config(TINY, [f"output_dir={out}", f"name={name}", f"data.corpus={RAW}",
                              f"data.dev_file={GOLD}", *extra])


@pytest.fixture(autouse=True)
def _offline(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.delenv("ANNINH_BACKBONE", raising=False)
    monkeypatch.delenv("ANNINH_PHOBERT_DIR", raising=False)


# ------------------------------------------------------------------ non-finite config
@pytest.mark.parametrize("override, key", [
    ("backbone.scratch.learning_rate=.inf", "backbone.scratch.learning_rate"),
    ("training.epochs=.inf", "training.epochs"),
    ("training.early_stopping_threshold=.nan", "training.early_stopping_threshold"),
    ("training.learning_rate=1e400", "training.learning_rate"),
    ("training.warmup_ratio=-.inf", "training.warmup_ratio"),
])
def test_non_finite_numbers_are_refused_with_their_dotted_key(tmp_path, override, key):
    with pytest.raises(ConfigError, match=rf"{key}: must be a finite number"):
        tiny(tmp_path, "x", override)


# ------------------------------------------------------------------ divergence
@pytest.mark.slow
def test_a_diverged_run_fails_and_writes_no_model(tmp_path):
    from train.training.callbacks import TrainingDiverged
    from train.training.trainer import run_training

    cfg = tiny(tmp_path, "div", "backbone.scratch.learning_rate=1e30", "training.epochs=1",
               "training.logging_steps=1", "augment.enabled=false")
    with pytest.raises(TrainingDiverged, match="diverged.*lower the learning rate"):
        run_training(cfg)
    assert not (tmp_path / "div" / "model").exists()


def test_the_callback_checks_weights_at_the_end():
    import torch
    from types import SimpleNamespace

    from train.training.callbacks import NonFiniteLossCallback, TrainingDiverged

    model = torch.nn.Linear(2, 2)
    state = SimpleNamespace(global_step=7)
    cb = NonFiniteLossCallback()
    cb.on_log(None, state, None, logs={"loss": 0.3, "learning_rate": float("inf")})  # only losses count
    cb.on_train_end(None, state, None, model=model)
    with pytest.raises(TrainingDiverged, match="step 7: loss is nan"):
        cb.on_log(None, state, None, logs={"loss": float("nan")})
    with torch.no_grad():
        model.bias[0] = float("nan")
    with pytest.raises(TrainingDiverged, match="1 weight tensor"):
        cb.on_train_end(None, state, None, model=model)


# ------------------------------------------------------------------ run lock
def _hold_lock(run_dir: str, ready, release) -> None:
    with run_lock(run_dir):
        ready.set()
        release.wait(30)


def test_a_second_run_into_the_same_folder_is_refused_naming_the_first(tmp_path):
    run_dir = tmp_path / "runs" / "base"
    ctx = multiprocessing.get_context("fork")
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(str(run_dir), ready, release))
    holder.start()
    try:
        assert ready.wait(30)
        with pytest.raises(RunLockedError, match=rf"in use by process {holder.pid} on"):
            with run_lock(run_dir):
                pass
    finally:
        release.set()
        holder.join(30)
    with run_lock(run_dir):  # released when the holder ends
        assert lock_path(run_dir).is_file()
    assert not lock_path(run_dir).exists()


def test_a_killed_holder_leaves_no_stale_lock(tmp_path):
    run_dir = tmp_path / "base"
    ctx = multiprocessing.get_context("fork")
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(str(run_dir), ready, release))
    holder.start()
    assert ready.wait(30)
    os.kill(holder.pid, 9)
    holder.join(30)
    with run_lock(run_dir):
        pass


@pytest.mark.slow
def test_train_refuses_a_locked_run(tmp_path):
    from train.training.errors import TrainError
    from train.training.trainer import run_training

    cfg = tiny(tmp_path, "busy")
    ctx = multiprocessing.get_context("fork")
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(str(cfg.run_dir), ready, release))
    holder.start()
    try:
        assert ready.wait(30)
        with pytest.raises(TrainError, match="in use by process"):
            run_training(cfg)
    finally:
        release.set()
        holder.join(30)
    assert not cfg.run_dir.exists()


# ------------------------------------------------------------------ failed inputs
@pytest.mark.slow
@pytest.mark.parametrize("bad", ["data.corpus={tmp}/no-such-folder", "data.dev_file={tmp}/no-such.jsonl"])
def test_a_run_that_failed_on_its_inputs_does_not_block_the_corrected_command(tmp_path, bad):
    from train.training.trainer import run_training

    cfg = tiny(tmp_path, "fix", bad.format(tmp=tmp_path), "training.max_steps=1", "augment.enabled=false")
    with pytest.raises(Exception):
        run_training(cfg)
    assert not cfg.run_dir.exists()
    result = run_training(tiny(tmp_path, "fix", "training.max_steps=1", "augment.enabled=false"))
    assert (result.model_dir / "model.safetensors").is_file()
