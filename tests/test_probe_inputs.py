"""Reliability probe (issue 25, part 4), item 5: odd inputs and paths get a message that
names the real problem, and nothing is left behind or silently dropped."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from train.cli import app

from inference_helpers import copy_model_dir, edit_json, tiny_model_dir

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "gold" / "seeds.gold.jsonl"
RAW = ROOT / "data" / "raw"
TEXT = "Đại tá Lê Văn A, Công an tỉnh Thừa Thiên Huế.\n"
runner = CliRunner()


def _run(*args: str, **kw):
    return runner.invoke(app, list(args), **kw)


# ----------------------------------------------------------------- --hybrid with the rules

@pytest.mark.parametrize("model_args", [["-m", "rules"], []])
def test_hybrid_with_the_rules_alone_is_an_error(monkeypatch, model_args):
    monkeypatch.delenv("ANNINH_MODEL", raising=False)
    res = _run("annotate", *model_args, "--hybrid", input=TEXT)
    assert res.exit_code == 2
    assert "--hybrid" in res.output and "needs a trained model" in res.output


# ------------------------------------------------------------------- broken symbolic links

def test_annotate_names_and_counts_a_broken_symlink_in_a_folder(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    res = _run("annotate", str(tmp_path), "-m", "rules")
    assert res.exit_code == 0, res.output
    assert "gone.txt" in res.output and "broken symbolic link" in res.output
    assert "skipped 1 of 2 input(s)" in res.output
    assert sum(1 for x in res.stdout.splitlines() if x.startswith("{")) == 1


def test_label_names_and_counts_a_broken_symlink(tmp_path):
    corpus = tmp_path / "raw"
    corpus.mkdir()
    (corpus / "a.txt").write_text(TEXT, encoding="utf-8")
    (corpus / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    res = _run("label", "-i", str(corpus), "-o", str(tmp_path / "out"), "--no-progress")
    assert res.exit_code == 0, res.output
    assert "skipped 1 file(s): gone.txt (a broken symbolic link" in res.output


# ------------------------------------------------------------------------------ UTF-16 files

@pytest.mark.parametrize("encoding,name", [("utf-16", "UTF-16"), ("utf-32", "UTF-32")])
def test_label_suggests_the_right_iconv_for_a_utf16_or_utf32_file(tmp_path, encoding, name):
    corpus = tmp_path / "raw"
    corpus.mkdir()
    (corpus / "a.txt").write_text(TEXT, encoding="utf-8")
    (corpus / "wide.txt").write_bytes(TEXT.encode(encoding))  # with its byte-order mark
    res = _run("label", "-i", str(corpus), "-o", str(tmp_path / "out"), "--no-progress")
    assert res.exit_code == 0, res.output
    assert f"iconv -f {name} -t UTF-8" in res.output
    assert "WINDOWS-1258" not in res.output


def test_annotate_names_utf32_as_utf32(tmp_path):
    f = tmp_path / "wide.txt"
    f.write_bytes(TEXT.encode("utf-32"))
    res = _run("annotate", str(f), "-m", "rules")
    assert res.exit_code == 2 and "UTF-32" in res.output and "iconv -f UTF-32" in res.output


# --------------------------------------------------------------------------- missing folders

def test_evaluate_json_refuses_a_missing_folder(tmp_path):
    out = tmp_path / "newdir" / "x.json"
    res = _run("evaluate", "-m", "rules", "--gold", str(SEEDS), "--json", str(out))
    assert res.exit_code == 2
    assert "does not exist" in res.output and "mkdir -p" in res.output
    assert not (tmp_path / "newdir").exists()


# ------------------------------------------------------------------- what model= really is

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_given_as_model_is_called_a_fifo(tmp_path):
    from model.modeldir import ModelDirError, read_meta

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(ModelDirError, match="is a FIFO, not a directory"):
        read_meta(fifo)


def test_a_file_given_as_model_is_not_a_model_directory(tmp_path):
    from model.modeldir import ModelDirError, read_meta

    f = tmp_path / "model.safetensors"
    f.write_bytes(b"x")
    with pytest.raises(ModelDirError, match="is a file, not a model directory"):
        read_meta(f)
    with pytest.raises(ModelDirError, match="does not exist"):
        read_meta(tmp_path / "missing")


@pytest.mark.slow
def test_a_config_json_type_error_blames_config_json(tmp_path):
    from model.classifier import TokenClassifier
    from model.modeldir import ModelDirError

    d = copy_model_dir(tiny_model_dir(0), tmp_path / "m")
    edit_json(d / "config.json", hidden_size="big")
    with pytest.raises(ModelDirError) as info:
        TokenClassifier(d)
    msg = str(info.value)
    assert "config.json" in msg and "hidden_size" in msg
    assert "tokenizer" not in msg


# ------------------------------------------------------------------- SIGTERM and temp files

def test_sigterm_during_an_atomic_write_leaves_no_temp_file(tmp_path):
    target = tmp_path / "out.jsonl"
    script = textwrap.dedent(f"""
        import sys, time
        from train.atomic import atomic_write
        with atomic_write({str(target)!r}) as fh:
            print("writing", flush=True)
            time.sleep(60)
    """)
    p = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    assert p.stdout.readline().strip() == b"writing"
    assert [x.name for x in tmp_path.iterdir() if x.name.endswith(".tmp")]  # the temp file is there
    p.send_signal(signal.SIGTERM)
    _, err = p.communicate(timeout=60)
    assert p.returncode in (-signal.SIGTERM, 128 + signal.SIGTERM), err
    assert list(tmp_path.iterdir()) == []  # no temp file, no half-written target
    assert b"Traceback" not in err
