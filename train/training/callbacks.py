"""Trainer callbacks that stop a run: one that can no longer produce a usable model, and
one whose time or step budget is spent (:func:`stop_callback`).

A learning rate of ``.inf`` or ``1e30`` used to "succeed": the loss turned NaN, every
weight with it, and the run exited 0 writing a model that finds nothing. This callback
fails such a run with a clear message instead, so ``write_model_dir`` is never reached:
at each log when the training or dev loss is not finite, and at the end of training when
any weight is not finite (a NaN can appear between two logs).
"""
from __future__ import annotations

import logging
import math
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
