"""Writing the user's files safely: checked first, written to a temporary file, renamed.

Every command that writes a file the user named (``annotate -o``, ``label -o``,
``evaluate --json/--errors``, the silver and gold JSONL) goes through here, for two
reasons:

* A crash, a Ctrl-C, a SIGTERM or a full disk half-way leaves the old file as it was,
  never a truncated one, and no temporary file: the data go to a temporary file in the same folder, which is renamed
  over the target only once complete (``os.replace`` is atomic on one file system).
* The target is checked before any work is done, so a typo costs one line of error and
  not a traceback after minutes of annotation, and an output that is also an input
  (``annotate a.txt -o a.txt``) is refused instead of destroying the input.
"""
from __future__ import annotations

import gzip
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterable, Iterator


class OutputError(ValueError):
    """An output path cannot be written; the message names it and says what to do."""


def check_output_file(path: str | Path, inputs: Iterable[str | Path] = (), what: str = "output") -> Path:
    """Return ``path`` if a file can be written there, else raise :class:`OutputError`.

    ``inputs`` are files the same command reads: writing over one of them would destroy it
    before (or while) it is read, so that is refused too.
    """
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"{what} {path} is a folder; give a file name, e.g. {path / 'out.jsonl'}")
    parent = path.parent
    if not parent.is_dir():
        raise OutputError(f"cannot write {what} {path}: folder {parent} does not exist "
                          f"(create it with mkdir -p {parent})")
    if path.exists() and not os.access(path, os.W_OK):
        raise OutputError(f"cannot write {what} {path}: the file is read-only")
    try:  # the folder must take the temporary file that atomic_write renames over path
        fd, probe = tempfile.mkstemp(dir=parent, prefix=f".{path.name}.", suffix=".probe")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OutputError(f"cannot write {what} {path}: {exc.strerror or exc} in folder {parent}") from None
    for inp in inputs:
        try:
            same = Path(inp).exists() and path.exists() and os.path.samefile(inp, path)
        except OSError:
            same = False
        if same or Path(inp).resolve() == path.resolve():
            raise OutputError(f"{what} {path} is also an input: writing it would destroy the input; "
                              "choose another output file")
    return path


def check_output_dir(path: str | Path, what: str = "output folder") -> Path:
    """Create ``path`` (with parents) and check that files can be created in it."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise OutputError(f"{what} {path} exists and is not a folder; give a folder name")
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=path, prefix=".anninh-probe-", delete=True)
        probe.close()
    except OSError as exc:
        raise OutputError(f"cannot write into {what} {path}: {exc.strerror or exc}") from None
    return path


def _new_file_mode() -> int:
    """The permissions ``open()`` would give a new file (0666 minus the umask)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextmanager
def _exit_on_sigterm() -> Iterator[None]:
    """While the block runs, SIGTERM (``kill``, a job scheduler's stop) raises SystemExit(143)
    instead of ending the process on the spot, so the clean-up below runs and no empty
    temporary file is left beside the output. Only where SIGTERM still has its default
    action and only in the main thread (Python's rule for signal handlers)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread() or \
            signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        yield
        return

    def terminate(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextmanager
def atomic_write(path: str | Path, encoding: str = "utf-8", newline: str | None = None,
                 compress: bool = False) -> Iterator[IO[str]]:
    """A text file handle whose content replaces ``path`` only if the block completes;
    ``compress`` writes it gzip-compressed (a ``.jsonl.gz`` corpus).

    On any exception the temporary file is removed and ``path`` is untouched. OS errors
    (missing folder, permission, full disk) become :class:`OutputError` naming ``path``.
    """
    path = Path(path)
    with _exit_on_sigterm():
        with _atomic_write(path, encoding, newline, compress) as fh:
            yield fh


@contextmanager
def _atomic_write(path: Path, encoding: str, newline: str | None, compress: bool) -> Iterator[IO[str]]:
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        if compress:
            with os.fdopen(fd, "wb") as raw:
                with gzip.open(raw, "wt", encoding=encoding, newline=newline) as fh:
                    yield fh
                raw.flush()  # closing the gzip stream wrote its trailer, not closed raw
                os.fsync(raw.fileno())
        else:
            with os.fdopen(fd, "w", encoding=encoding, newline=newline) as fh:
                yield fh
                fh.flush()
                os.fsync(fh.fileno())
        mode = path.stat().st_mode & 0o7777 if path.exists() else _new_file_mode()
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError) and not isinstance(exc, OutputError):
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise


def write_text_atomic(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    """Replace ``path`` with ``text`` atomically (see :func:`atomic_write`)."""
    with atomic_write(path, encoding=encoding) as fh:
        fh.write(text)
    return Path(path)
