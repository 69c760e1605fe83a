"""The console entry points exist and list every subcommand."""
import subprocess
import sys


def test_anninh_help_lists_subcommands():
    out = subprocess.run([sys.executable, "-c", "from train.cli import main; main()", "--help"],
                         capture_output=True, text=True, check=True).stdout
    for cmd in ("label", "train", "evaluate", "annotate", "pretrain", "review", "segment"):
        assert cmd in out


def test_python_m_train_cli_runs_any_command():
    """``accelerate launch -m train.cli pretrain ...`` needs the package to run as a module."""
    out = subprocess.run([sys.executable, "-m", "train.cli", "pretrain", "--help"],
                         capture_output=True, text=True, check=True).stdout
    assert "--config" in out and "--resume" in out


def test_train_entry_point_is_the_train_command():
    out = subprocess.run([sys.executable, "-m", "train", "--help"], capture_output=True, text=True, check=True).stdout
    assert "--config" in out
