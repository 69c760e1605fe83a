"""All-or-nothing file writes.

An import that fails on task 180 of 200 must not leave 179 records in
``reviewed.gold.jsonl``, which the trainer would then read as the whole review. Every
output of the review commands is written to a temporary file in the target's folder and
renamed over the target only when complete (``os.replace`` is atomic on one filesystem).
"""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, TextIO


@contextmanager
def atomic_open(path: str | Path) -> Iterator[TextIO]:
    """Open ``path`` for writing (UTF-8); the file appears only if the block succeeds."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def atomic_write_text(path: str | Path, text: str) -> None:
    with atomic_open(path) as fh:
        fh.write(text)


def write_gold_atomic(path: str | Path, paragraphs) -> None:
    """:func:`train.gold.write_gold` (the one gold writer), through a temporary file."""
    from train.gold import write_gold

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write_gold(tmp, paragraphs)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
