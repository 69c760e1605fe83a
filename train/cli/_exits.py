"""How a command ends when the user or the system stops it: one line, never a traceback.

* **Ctrl-C.** The terminal sends SIGINT to every process of its group, so the workers of
  ``datasets.map(num_proc=N)`` printed one traceback each, and the pool's clean-up then
  raised a ``TimeoutError`` *while* the KeyboardInterrupt was being handled, which no
  ``except KeyboardInterrupt`` caught. Forked workers now leave SIGINT to the main process
  (:func:`quiet_children_on_sigint`), and any exception raised while an interrupt was
  being handled counts as the interrupt (:func:`was_interrupted`): one line
  ``interrupted``, exit status 130 (128 + SIGINT, what shells expect).
* **Standard output that cannot take the output** (``annotate ... > /dev/full``, a pipe
  whose reader quit): one line on stderr saying so and a non-zero exit status; standard
  output is then pointed at /dev/null so Python's own flush at exit cannot print a second
  report.
"""
from __future__ import annotations

import errno
import functools
import os
import signal
import sys
from pathlib import Path
from typing import Any, Callable

import typer

EXIT_INTERRUPTED = 130  # 128 + SIGINT
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for `cmd | head`
EXIT_ERROR = 2  # the commands' status for every other error


def _chain(exc: BaseException):
    """``exc`` and the exceptions it was raised from or while handling."""
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        yield cur
        cur = cur.__cause__ or cur.__context__


def was_interrupted(exc: BaseException) -> bool:
    """Whether ``exc`` is a Ctrl-C, or was raised while one was being handled."""
    return any(isinstance(e, KeyboardInterrupt) for e in _chain(exc))


def interrupted_message(run_dir: Path) -> str:
    """``interrupted``, plus how to continue when the run has a checkpoint to continue from."""
    from train.training.rundir import last_checkpoint

    ckpt = last_checkpoint(run_dir) if Path(run_dir).is_dir() else None
    if ckpt is None:
        return "interrupted"
    return (f"interrupted: checkpoints are in {Path(ckpt).parent} (last complete: {Path(ckpt).name}); "
            "continue with the same command plus --resume")


def output_failure(exc: BaseException) -> tuple[str, int] | None:
    """``(message, exit status)`` when ``exc`` is standard output refusing the output."""
    for e in _chain(exc):
        if isinstance(e, BrokenPipeError) or (isinstance(e, OSError) and e.errno == errno.EPIPE):
            return ("error: the output was cut off: its reader closed the pipe (broken pipe)", EXIT_BROKEN_PIPE)
        if isinstance(e, OSError) and e.errno == errno.ENOSPC:
            return ("error: cannot write the output: No space left on device "
                    "(free space, or write it elsewhere with -o FILE)", EXIT_ERROR)
    return None


def _silence_stdout() -> None:
    """Point standard output at /dev/null: what is still buffered for it is dropped
    instead of failing once more when Python flushes it at exit."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # a test runner's in-memory stdout
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def guarded(command: Callable[..., Any]) -> Callable[..., Any]:
    """``command`` ending in one line on Ctrl-C or an unwritable standard output.

    Its own ``typer.Exit`` (a command that already reported, ``train``'s own interrupt
    message included) passes through untouched."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            result = command(*args, **kwargs)
            sys.stdout.flush()  # a full device or a closed pipe shows here, not at exit
            return result
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except BaseException as exc:
            if was_interrupted(exc):
                typer.echo("interrupted", err=True)
                raise typer.Exit(EXIT_INTERRUPTED) from None
            failure = output_failure(exc)
            if failure is None:
                raise
            _silence_stdout()
            typer.echo(failure[0], err=True)
            raise typer.Exit(failure[1]) from None

    return run


def quiet_children_on_sigint() -> None:
    """SIGINT raises KeyboardInterrupt in this process, and is ignored in processes forked
    from it (pool workers), which the main process stops itself on the way out."""
    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        return  # started with SIGINT ignored (nohup, a background job) or handled by a host: keep that
    main_pid = os.getpid()

    def on_sigint(signum: int, frame: Any) -> None:
        if os.getpid() == main_pid:
            raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGINT, on_sigint)
    except ValueError:  # not the main thread: leave the handler as it is
        pass
