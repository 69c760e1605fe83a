"""Trainer callbacks that stop a run: one that can no longer produce a usable model, and
one whose time or step budget is spent (:func:`stop_callback`); and the ones that decide
what a run shows (:func:`route_trainer_output`: readable log lines on stderr, stdout kept
for the command's report, no raw ANSI codes off a terminal).

A learning rate of ``.inf`` or ``1e30`` used to "succeed": the loss turned NaN, every
weight with it, and the run exited 0 writing a model that finds nothing. This callback
fails such a run with a clear message instead, so ``write_model_dir`` is never reached:
at each log when the training or dev loss is not finite, and at the end of training when
any weight is not finite (a NaN can appear between two logs).
"""
from __future__ import annotations

import logging
import math
import re
import time
from typing import Any

from transformers import TrainerCallback

from .errors import TrainError

ADVICE = ("lower the learning rate (training.learning_rate, or backbone.scratch.learning_rate for a scratch "
          "backbone), or set training.max_grad_norm to clip gradients; no model was written")


_logger = logging.getLogger(__name__)


class TrainingDiverged(TrainError):
    """The loss or the weights became NaN or infinite."""


class NonFiniteLossCallback(TrainerCallback):
    """Raise :class:`TrainingDiverged` as soon as training has visibly diverged."""

    KEYS = ("loss", "eval_loss")

    def on_log(self, args: Any, state: Any, control: Any, logs: dict | None = None, **kwargs: Any) -> None:
        for key in self.KEYS:
            value = (logs or {}).get(key)
            if isinstance(value, (int, float)) and not math.isfinite(value):
                raise TrainingDiverged(f"training diverged at step {state.global_step}: {key} is {value}; {ADVICE}")

    def on_train_end(self, args: Any, state: Any, control: Any, model: Any = None, **kwargs: Any) -> None:
        if model is None:
            return
        import torch

        with torch.no_grad():
            bad = [name for name, p in model.named_parameters() if not torch.isfinite(p).all()]
        if bad:
            raise TrainingDiverged(
                f"training diverged: {len(bad)} weight tensor(s) hold NaN or infinite values "
                f"(first: {bad[0]}) after step {state.global_step}; {ADVICE}"
            )


def stop_callback(minutes: float | None, steps: int | None, evaluate: bool = False):
    """Stops training cleanly after ``minutes`` of wall time in this process or at global
    step ``steps``, whichever comes first (the Trainer then saves and evaluates, and the
    encoder or model is written as usual); the learning-rate schedule is not changed.
    Why: a time budget (a CPU box for 45 minutes, a GPU lease) must end with a usable
    output, never with a run killed from outside that wrote nothing. ``evaluate`` also
    scores the last steps on dev, so a fine-tuning run can pick them as its best.
    """

    class Stop(TrainerCallback):
        def __init__(self) -> None:
            self.deadline = time.time() + minutes * 60 if minutes else None
            self.reason = ""

        def on_step_end(self, args, state, control, **kw):
            if steps is not None and state.global_step >= steps:
                self.reason = f"training.stop_after_steps={steps}"
            elif self.deadline is not None and time.time() >= self.deadline:
                self.reason = f"training.max_minutes={minutes:g}"
            if self.reason:
                _logger.info(f"{self.reason}: stopping at step {state.global_step}")
                control.should_training_stop = True
                control.should_save = True
                control.should_evaluate = control.should_evaluate or evaluate
            return control

    return Stop()


# ----------------------------------------------------------- what a run shows, and where

# Throughput figures the Trainer logs with every evaluation: noise in a progress line.
_DROPPED = ("total_flos", "samples_per_second", "steps_per_second")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def format_logs(logs: dict, step: int) -> str:
    """One Trainer log as a line people read (``step 10, epoch 0.50: loss 1.235, learning
    rate 0.01``) instead of the dict the Trainer prints; ``eval_`` keys read ``dev``."""
    parts = []
    for key, value in logs.items():
        if key == "epoch" or key.endswith(_DROPPED):
            continue
        name = key.replace("eval_", "dev_", 1) if key.startswith("eval_") else key
        name = name.replace("_", " ")
        shown = f"{value:.4g}" if isinstance(value, float) else str(value)
        parts.append(f"{name} {shown}" + (" s" if key.endswith("runtime") else ""))
    epoch = logs.get("epoch")
    where = f"step {step}" + (f", epoch {epoch:.2f}" if isinstance(epoch, (int, float)) else "")
    return f"{where}: " + ", ".join(parts)


class LogCallback(TrainerCallback):
    """The Trainer's logs through ``logging`` (stderr, ``[callbacks] step ...``), one line
    each: its own PrinterCallback printed raw dicts on stdout, where the dev report goes."""

    def on_log(self, args: Any, state: Any, control: Any, logs: dict | None = None, **kwargs: Any) -> None:
        if logs and state.is_world_process_zero:
            _logger.info(format_logs(logs, state.global_step))


def _quiet_progress_callback():
    """transformers' ProgressCallback without its ``on_log``, which wrote each log dict
    through the bar onto stdout; :class:`LogCallback` reports them instead."""
    from transformers.trainer_callback import ProgressCallback

    class QuietProgressCallback(ProgressCallback):
        def on_log(self, args: Any, state: Any, control: Any, logs: dict | None = None, **kwargs: Any) -> None:
            return None

    return QuietProgressCallback


def route_trainer_output(trainer: Any) -> Any:
    """Keep stdout for the command's report: the Trainer's logs go through :class:`LogCallback`,
    its progress bars (``training.progress``) stay, on stderr."""
    from transformers.trainer_callback import PrinterCallback, ProgressCallback

    callbacks = trainer.callback_handler.callbacks
    had_bar = any(type(cb) is ProgressCallback for cb in callbacks)
    trainer.remove_callback(PrinterCallback)
    if had_bar:
        trainer.remove_callback(ProgressCallback)
        trainer.add_callback(_quiet_progress_callback())
    if not any(isinstance(cb, LogCallback) for cb in callbacks):
        trainer.add_callback(LogCallback())
    return trainer


class PlainTextFilter(logging.Filter):
    """Strips ANSI colour codes from records a handler writes to anything but a terminal
    (transformers' LOAD REPORT is bold-faced with raw escape codes, which a log file or CI
    shows as ``^[[1m``)."""

    def __init__(self, handler: logging.Handler) -> None:
        super().__init__()
        self.handler = handler

    def filter(self, record: logging.LogRecord) -> bool:
        stream = getattr(self.handler, "stream", None)
        try:
            tty = bool(stream is not None and stream.isatty())
        except (AttributeError, ValueError, OSError):
            tty = False
        if not tty:
            message = record.getMessage()
            if "\x1b[" in message:
                record.msg, record.args = _ANSI.sub("", message), None
        return True


def plain_library_logs() -> None:
    """Put :class:`PlainTextFilter` on transformers' own log handlers (once)."""
    from transformers.utils import logging as hf_logging

    root = hf_logging.get_logger()  # the library's root logger, which owns its handlers
    for handler in root.handlers:
        if not any(isinstance(f, PlainTextFilter) for f in handler.filters):
            handler.addFilter(PlainTextFilter(handler))
