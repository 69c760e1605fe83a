"""Leave nothing behind when a new run fails before it has trained anything.

A run writes ``config.yaml`` before its data are read, so a typo in ``data.corpus``
or ``data.dev_file`` used to leave a run folder holding that config, and the corrected
command was then refused as "a different run" in the same folder. A run folder that this
process created and that holds no checkpoint and no model has nothing worth keeping, so
it is removed when the run fails; a folder that existed before is never touched.
"""
from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


def holds_training(run_dir: Path) -> bool:
    """Whether ``run_dir`` holds anything training produced (a checkpoint or a model)."""
    ckpts = run_dir / "checkpoints"
    return (run_dir / "model").exists() or (ckpts.is_dir() and any(ckpts.glob("checkpoint-*")))


@contextmanager
def discard_unstarted_run(run_dir: str | Path, enabled: bool = True) -> Iterator[None]:
    """Remove ``run_dir`` if the block fails, the folder is new and nothing was trained."""
    run_dir = Path(run_dir)
    new = enabled and not (run_dir.exists() and (not run_dir.is_dir() or any(run_dir.iterdir())))
    try:
        yield
    except BaseException:
        if new and run_dir.is_dir() and not holds_training(run_dir):
            shutil.rmtree(run_dir, ignore_errors=True)
        raise
