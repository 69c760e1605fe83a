"""Reliability probe (issue 25, part 4): training on a full disk, and resuming after one."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest
from typer.testing import CliRunner

from train.cli import app
from train.training.errors import TrainError, disk_full_error, is_disk_full
from train.training.rundir import last_checkpoint

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "configs" / "tiny.yaml"
RAW = ROOT / "data" / "raw"
GOLD = ROOT / "data" / "gold" / "seeds.gold.jsonl"
runner = CliRunner()


def _checkpoint(run: Path, step: int, *, state: bool = True, weights: bool = True) -> Path:
    d = run / "checkpoints" / f"checkpoint-{step}"
    d.mkdir(parents=True)
    if state:
        (d / "trainer_state.json").write_text("{}", encoding="utf-8")
    if weights:
        (d / "model.safetensors").write_bytes(b"x")
    return d


def test_resume_picks_the_newest_complete_checkpoint_and_names_the_skipped(tmp_path, caplog):
    _checkpoint(tmp_path, 100)
    good = _checkpoint(tmp_path, 200)
    _checkpoint(tmp_path, 300, state=False)  # the disk filled while it was written
    _checkpoint(tmp_path, 400, weights=False)
    log = logging.getLogger("train.training.rundir")
    log.addHandler(caplog.handler)  # the commands stop 'train' records at their own handler
    try:
        with caplog.at_level(logging.WARNING, logger="train.training.rundir"):
            assert last_checkpoint(tmp_path) == str(good)
    finally:
        log.removeHandler(caplog.handler)
    text = caplog.text
    assert "checkpoint-300" in text and "checkpoint-400" in text and "trainer_state.json" in text
    assert "checkpoint-100" not in text


def test_no_complete_checkpoint_means_none(tmp_path):
    _checkpoint(tmp_path, 100, state=False)
    assert last_checkpoint(tmp_path) is None
    assert last_checkpoint(tmp_path / "nothing-here") is None


def test_sharded_weights_count_as_weights(tmp_path):
    d = _checkpoint(tmp_path, 100, weights=False)
    (d / "model.safetensors.index.json").write_text("{}", encoding="utf-8")
    assert last_checkpoint(tmp_path) == str(d)


@pytest.mark.parametrize("exc", [
    OSError(28, "No space left on device"),
    RuntimeError("basic_ios::clear: iostream error"),
    RuntimeError("[enforce fail at inline_container.cc:626] . unexpected pos 5184 vs 5072"),
    RuntimeError("PytorchStreamWriter failed writing file data/0: file write failed"),
    RuntimeError('Error while serializing: IoError(Os { code: 28, kind: StorageFull, message: "No space left on device" })'),
])
def test_disk_full_is_recognised(exc):
    assert is_disk_full(exc)
    err = disk_full_error(exc, Path("runs/x"))
    assert isinstance(err, TrainError)
    assert "No space left on device" in str(err) and "output_dir" in str(err) and "runs/x" in str(err)


@pytest.mark.parametrize("exc", [OSError(13, "Permission denied"), RuntimeError("CUDA out of memory"),
                                 ValueError("No space left on device")])
def test_other_errors_are_not_called_disk_full(exc):
    assert not is_disk_full(exc)


def test_wrapped_disk_full_is_recognised_through_the_cause():
    try:
        try:
            raise OSError(28, "No space left on device")
        except OSError as inner:
            raise RuntimeError("saving failed") from inner
    except RuntimeError as outer:
        assert is_disk_full(outer)


@pytest.mark.slow
def test_train_on_a_full_disk_says_so_in_one_line(tmp_path, monkeypatch):
    from transformers import Trainer

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.delenv("ANNINH_BACKBONE", raising=False)
    monkeypatch.delenv("ANNINH_PHOBERT_DIR", raising=False)

    def full_disk(self, *args, **kwargs):  # what torch.save's C++ writer raises on a full disk
        raise RuntimeError("basic_ios::clear: iostream error")

    monkeypatch.setattr(Trainer, "_save_checkpoint", full_disk)
    res = runner.invoke(app, ["train", "--config", str(TINY), "--output-dir", str(tmp_path), "--name", "full",
                              "--set", f"data.corpus_dir={RAW}", "--set", f"data.dev_file={GOLD}",
                              "--set", "training.epochs=1", "--set", "augment.enabled=false"])
    assert res.exit_code == 2, res.output
    assert "No space left on device: free space or set output_dir elsewhere" in res.output
    assert "Traceback" not in res.output


# ------------------------------------------------- item 7: what training shows, and where

def test_trainer_logs_become_one_readable_line():
    from train.training.callbacks import format_logs

    line = format_logs({"loss": 1.23456, "learning_rate": 0.01, "grad_norm": 2.5, "epoch": 0.5, "total_flos": 9.0},
                       step=10)
    assert line == "step 10, epoch 0.50: loss 1.235, learning rate 0.01, grad norm 2.5"
    line = format_logs({"eval_loss": 0.5, "eval_f1": 0.8123, "eval_runtime": 1.9, "epoch": 1.0}, step=20)
    assert line.startswith("step 20, epoch 1.00: dev loss 0.5, dev f1 0.8123")
    assert "{" not in line


def test_library_log_records_lose_ansi_codes_off_a_terminal(monkeypatch):
    import io

    from train.training.callbacks import PlainTextFilter

    stream = io.StringIO()  # not a terminal
    handler = logging.StreamHandler(stream)
    handler.addFilter(PlainTextFilter(handler))
    log = logging.getLogger("test_probe_ansi")
    log.addHandler(handler)
    log.propagate = False
    try:
        log.warning("\x1b[1mRobertaForTokenClassification LOAD REPORT\x1b[0m from: %s", "x")
    finally:
        log.removeHandler(handler)
    assert stream.getvalue() == "RobertaForTokenClassification LOAD REPORT from: x\n"


def test_the_fallback_banner_wraps_on_word_boundaries(capsys):
    from train.training.backbone import loud_warning

    reason = " ".join(f"x{i}y" for i in range(120))  # a long error message
    loud_warning(["WARNING: pretrained backbone 'vinai/phobert-base' could not be loaded:", f"   {reason}",
                  "To use real PhoBERT offline, supply a local PhoBERT directory: copy a PhoBERT folder "
                  "(config.json, model.safetensors, vocab.txt, bpe.codes) to this machine."])
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert all(len(ln) <= 78 for ln in lines), max(lines, key=len)
    assert all(ln.startswith("!!") for ln in lines)
    words = " ".join(ln.lstrip("!").strip() for ln in lines[1:-1]).split()
    shown = [w for w in words if w.startswith("x") and w[1:2].isdigit()]
    assert shown and all(w.endswith("y") for w in shown)  # no word cut in two
    assert "machine." in words and "'vinai/phobert-base'" in words


@pytest.mark.slow
def test_train_keeps_stdout_for_the_report_and_stderr_free_of_ansi_codes(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    env.pop("ANNINH_BACKBONE", None)
    env.pop("ANNINH_PHOBERT_DIR", None)
    r = subprocess.run([sys.executable, "-m", "train.cli", "train", "--config", str(TINY), "--output-dir",
                        str(tmp_path), "--name", "out", "--set", f"data.corpus_dir={RAW}",
                        "--set", f"data.dev_file={GOLD}", "--set", "backbone.fallback=bundled",
                        "--set", "training.max_steps=1", "--set", "training.logging_steps=1",
                        "--set", "augment.enabled=false"],
                       capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    assert "{'" not in r.stdout and "\x1b[" not in r.stdout
    assert "\x1b[" not in r.stderr
    assert "LOAD REPORT" in r.stderr  # still there, as plain text
    assert "dev loss" in r.stderr and "loss" in r.stderr
    assert r.stdout.rstrip().endswith(f"model: {tmp_path / 'out' / 'model'}")
