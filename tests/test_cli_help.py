"""The console entry points exist and list every subcommand."""
import subprocess
import sys


def test_anninh_help_lists_subcommands():
    out = subprocess.run([sys.executable, "-c", "from train.cli import main; main()", "--help"],
                         capture_output=True, text=True, check=True).stdout
    for cmd in ("label", "train", "evaluate", "annotate"):
        assert cmd in out


def test_train_entry_point_is_the_train_command():
    out = subprocess.run([sys.executable, "-m", "train", "--help"], capture_output=True, text=True, check=True).stdout
    assert "--config" in out
