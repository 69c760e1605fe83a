"""One training process per run directory.

Two ``train`` commands with the same ``--name`` used to race: one crashed with a
SafetensorError reading weights the other was writing, or both claimed "model written".
The lock is an ``fcntl.flock`` on ``<output_dir>/.<name>.lock``, beside the run folder
rather than inside it, because ``--overwrite`` renames the run folder aside and a lock
inside it would move away with it. The kernel drops a flock when its process dies, so a
killed run never leaves a stale lock; the file records who holds it, for the error.
"""
from __future__ import annotations

import fcntl
import json
import os
import socket
import sys
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from .errors import TrainError


class RunLockedError(TrainError):
    """Another live process is training into the same run directory."""


def lock_path(run_dir: str | Path) -> Path:
    run_dir = Path(run_dir)
    return run_dir.with_name(f".{run_dir.name}.lock")


def _holder(path: Path) -> str:
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
        return (f"process {info.get('pid')} on {info.get('host')} (started {info.get('started')}: "
                f"{info.get('command')})")
    except (OSError, ValueError, AttributeError):
        return "another process"


@contextmanager
def run_lock(run_dir: str | Path) -> Iterator[Path]:
    """Hold the lock of ``run_dir`` for the block, or raise :class:`RunLockedError` at once."""
    path = lock_path(run_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise RunLockedError(
                f"{Path(run_dir)} is in use by {_holder(path)}: wait for it to finish, stop it, "
                "or train into another --name"
            ) from None
        # The holder before us may have unlinked the file between our open and our flock:
        # then we hold a lock nobody else can see; take the file that is there now instead.
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
        time.sleep(0.01)
    try:
        info = {"pid": os.getpid(), "host": socket.gethostname(),
                "started": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
                "command": " ".join(sys.argv)[:300]}
        os.ftruncate(fd, 0)
        os.write(fd, (json.dumps(info) + "\n").encode("utf-8"))
        yield path
    finally:
        try:
            os.unlink(path)  # while still holding it, so no one can lock the dying inode unseen
        except FileNotFoundError:
            pass
        os.close(fd)
