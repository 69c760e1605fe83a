"""Atomic writes of the user's files (issue 10: "writes are atomic everywhere")."""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

from train.atomic import OutputError, atomic_write, check_output_file, write_text_atomic

ROOT = Path(__file__).resolve().parents[1]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    path = tmp_path / "out.jsonl"
    path.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_write(path) as fh:
            fh.write("new, half")
            raise RuntimeError("interrupted")
    assert path.read_text(encoding="utf-8") == "old\n"
    assert os.listdir(tmp_path) == ["out.jsonl"]


def test_a_compressed_write_is_gzip_and_atomic_too(tmp_path):
    import gzip

    target = tmp_path / "words.jsonl.gz"
    with atomic_write(target, compress=True) as fh:
        fh.write("Công_an tỉnh Thừa_Thiên_Huế\n")
    assert gzip.open(target, "rt", encoding="utf-8").read() == "Công_an tỉnh Thừa_Thiên_Huế\n"
    with pytest.raises(RuntimeError):
        with atomic_write(target, compress=True) as fh:
            fh.write("half")
            raise RuntimeError("interrupted")
    assert gzip.open(target, "rt", encoding="utf-8").read() == "Công_an tỉnh Thừa_Thiên_Huế\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["words.jsonl.gz"]


def test_a_replaced_file_keeps_its_permissions_and_a_new_one_gets_the_umask(tmp_path):
    old = tmp_path / "a.txt"
    old.write_text("x", encoding="utf-8")
    old.chmod(0o640)
    write_text_atomic(old, "y")
    assert old.read_text(encoding="utf-8") == "y" and (old.stat().st_mode & 0o777) == 0o640
    new = write_text_atomic(tmp_path / "b.txt", "z")
    mask = os.umask(0)
    os.umask(mask)
    assert (new.stat().st_mode & 0o777) == 0o666 & ~mask


@pytest.mark.parametrize("target, says", [
    ("missing/o.jsonl", "does not exist"),
    (".", "is a folder"),
    ("in.txt", "is also an input"),
    ("./sub/../in.txt", "is also an input"),
])
def test_check_output_file_says_what_is_wrong(tmp_path, monkeypatch, target, says):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "in.txt").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match=says):
        check_output_file(target, [tmp_path / "in.txt"])


def test_a_hard_link_to_an_input_is_the_input(tmp_path):
    src = tmp_path / "in.txt"
    src.write_text("x", encoding="utf-8")
    os.link(src, tmp_path / "alias.txt")
    with pytest.raises(OutputError, match="is also an input"):
        check_output_file(tmp_path / "alias.txt", [src])


def test_unwritable_folder_is_refused_before_any_work():
    with pytest.raises(OutputError, match="cannot write"):
        check_output_file("/proc/anninh-out.jsonl")


def test_save_config_is_atomic(tmp_path, monkeypatch):
    from train.training.config import load_config, save_config

    cfg = load_config(ROOT / "configs" / "tiny.yaml")
    path = tmp_path / "config.yaml"
    path.write_text("old: 1\n", encoding="utf-8")
    # Text that fails half-way through encoding: the write starts, then stops.
    monkeypatch.setattr(type(cfg), "to_yaml", lambda self: "name: tiny\n" * 1000 + "bad: \ud800\n")
    with pytest.raises(UnicodeEncodeError):
        save_config(cfg, path)
    assert path.read_text(encoding="utf-8") == "old: 1\n"


def test_convert_to_safetensors_leaves_no_partial_file(tmp_path, monkeypatch):
    import safetensors.torch
    import torch

    spec = importlib.util.spec_from_file_location("convert", ROOT / "scripts" / "convert_to_safetensors.py")
    convert = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(convert)
    torch.save({"w": torch.ones(2)}, tmp_path / "pytorch_model.bin")

    def half_then_fail(tensors, filename, metadata=None):
        Path(filename).write_bytes(b"partial")
        raise OSError("disk full")

    monkeypatch.setattr(safetensors.torch, "save_file", half_then_fail)
    with pytest.raises(OSError):
        convert.convert(tmp_path)
    assert sorted(os.listdir(tmp_path)) == ["pytorch_model.bin"]
    monkeypatch.undo()
    assert convert.convert(tmp_path).is_file()
