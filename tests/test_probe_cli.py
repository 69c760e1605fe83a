"""Reliability probe (issue 25, part 4): the commands end in one clear line, never a
traceback, on Ctrl-C, a full output device or a closed pipe; and the smaller CLI findings."""
from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from train.cli import app

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "configs" / "tiny.yaml"
PRETRAIN_TINY = ROOT / "configs" / "pretrain-tiny.yaml"
TEXT = "Đại tá Lê Văn A, Công an tỉnh Thừa Thiên Huế, làm việc tại Lào.\n"
runner = CliRunner()


def anninh(*args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "train.cli", *args], stdin=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=ROOT, **kw)


# ----------------------------------------------------------- item 3: stdout full or closed

@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="/dev/full is Linux's always-full device")
def test_annotate_to_a_full_device_is_one_line_not_a_traceback():
    with open("/dev/full", "wb") as full:
        p = anninh("annotate", "-m", "rules", stdout=full)
        _, err = p.communicate(TEXT.encode("utf-8"), timeout=300)
    err = err.decode("utf-8", "replace")
    assert p.returncode not in (0, None)
    assert "Traceback" not in err and "Exception ignored" not in err
    lines = [x for x in err.splitlines() if x.strip()]
    assert len(lines) == 1 and "No space left on device" in lines[0], err


def test_annotate_into_a_closed_pipe_is_one_line_not_a_traceback():
    r, w = os.pipe()
    os.close(r)  # nobody reads: every write is EPIPE (Python ignores SIGPIPE)
    try:
        p = anninh("annotate", "-m", "rules", stdout=w)
    finally:
        os.close(w)
    _, err = p.communicate(TEXT.encode("utf-8"), timeout=300)
    err = err.decode("utf-8", "replace")
    assert p.returncode not in (0, None)
    assert "Traceback" not in err and "Exception ignored" not in err
    lines = [x for x in err.splitlines() if x.strip()]
    assert len(lines) == 1 and "broken pipe" in lines[0], err


# ------------------------------------------------------------------- item 3: Ctrl-C

def _interrupted_in_a_pool(*args, **kwargs):
    """What datasets.map(num_proc=2) raises on Ctrl-C: its pool clean-up times out while the
    KeyboardInterrupt is being handled, so a TimeoutError carries the interrupt."""
    try:
        raise KeyboardInterrupt
    except KeyboardInterrupt:
        raise multiprocessing.TimeoutError


@pytest.mark.parametrize("command,target,config", [
    ("train", "train.training.trainer.run_training", TINY),
    ("pretrain", "train.training.pretrain.run_pretraining", PRETRAIN_TINY),
])
def test_ctrl_c_during_corpus_preparation_is_one_line_and_exit_130(monkeypatch, tmp_path, command, target, config):
    module, name = target.rsplit(".", 1)
    monkeypatch.setattr(__import__(module, fromlist=[name]), name, _interrupted_in_a_pool)
    res = runner.invoke(app, [command, "--config", str(config), "--output-dir", str(tmp_path), "--name", "x"])
    assert res.exit_code == 130, res.output
    assert "interrupted" in res.output and "Traceback" not in res.output
    assert "checkpoints are in" not in res.output  # none was written: no false --resume hint
    assert res.exception is None or isinstance(res.exception, SystemExit)


def test_ctrl_c_in_any_command_is_one_line_and_exit_130(monkeypatch):
    import model.annotator

    def interrupt(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(model.annotator, "get_annotator", interrupt)
    res = runner.invoke(app, ["annotate", "-m", "rules"], input=TEXT)
    assert res.exit_code == 130
    assert res.output.strip() == "interrupted"


def _interrupt_myself() -> str:
    os.kill(os.getpid(), signal.SIGINT)
    return "worked on"


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_forked_workers_leave_ctrl_c_to_the_main_process():
    """Ctrl-C reaches every process of the terminal's group: pool workers printed one
    traceback each. Under the commands they ignore it; the main process stops them."""
    from train.cli._exits import quiet_children_on_sigint

    old = signal.getsignal(signal.SIGINT)
    try:
        quiet_children_on_sigint()
        with multiprocessing.get_context("fork").Pool(1) as pool:
            assert pool.apply(_interrupt_myself) == "worked on"
        with pytest.raises(KeyboardInterrupt):  # the main process is still interrupted
            os.kill(os.getpid(), signal.SIGINT)
            for _ in range(1000):  # the handler runs between bytecodes
                pass
    finally:
        signal.signal(signal.SIGINT, old)


# ------------------------------------------------------------- item 7: progress and output

def test_rules_annotation_of_a_long_text_shows_progress_by_characters(capsys):
    from model.annotator import RULES_WINDOW_CHARS, Annotator

    text = (TEXT * (3 * RULES_WINDOW_CHARS // len(TEXT) + 1))
    ents = Annotator("rules").annotate(text, progress=True)
    err = capsys.readouterr().err
    assert "annotate" in err and "char" in err and "100%" in err
    assert ents and all(text[e.start:e.end] == e.text for e in ents)
    Annotator("rules").annotate(text[:200], progress=False)
    assert capsys.readouterr().err == ""
    Annotator("rules").annotate(text[:200], progress=True)  # one window: nothing to show
    assert capsys.readouterr().err == ""
