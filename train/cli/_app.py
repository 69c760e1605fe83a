"""The one typer app every command file registers on (spaCy's layout)."""
from __future__ import annotations

import logging
import sys

import typer

from ._exits import guarded


class GuardedTyper(typer.Typer):
    """A typer app whose every command ends in one line on Ctrl-C or an unwritable
    standard output (:mod:`._exits`), instead of a traceback."""

    def command(self, *args, **kwargs):
        register = super().command(*args, **kwargs)

        def decorator(f):
            register(guarded(f))
            return f

        return decorator


app = GuardedTyper(
    name="anninh",
    help="anninh-ner: named entities (AGENCY, RANK, PERSON, LOCATION) in Vietnamese police news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class _StderrHandler(logging.Handler):
    """Writes each record to the ``sys.stderr`` of the moment (a test runner swaps it)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
            sys.stderr.flush()
        except Exception:  # noqa: BLE001 - logging must never raise; the handler reports it
            self.handleError(record)


def show_progress() -> None:
    """Training and pretraining report progress through ``logging`` (module loggers under
    ``train``, as inference logs under ``model``); the commands show it on stderr at INFO,
    as ``[module] message``."""
    logger = logging.getLogger("train")
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("[%(module)s] %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    # This handler is how the commands show these records: passed on to the root logger as
    # well, they would print twice wherever a library configured root logging at import
    # (underthesea calls logging.basicConfig).
    logger.propagate = False


@app.callback()
def _configure() -> None:
    show_progress()


def run_overrides(set_: list[str] | None, name: str | None, output_dir: str | None) -> list[str]:
    """``--set`` overrides plus the ``--name`` / ``--output-dir`` shortcuts, as dotted overrides."""
    overrides = list(set_ or [])
    if name is not None:
        overrides.append(f"name={name}")
    if output_dir is not None:
        overrides.append(f"output_dir={output_dir}")
    return overrides
