"""Trainer callbacks that stop a run which can no longer produce a usable model.

A learning rate of ``.inf`` or ``1e30`` used to "succeed": the loss turned NaN, every
weight with it, and the run exited 0 writing a model that finds nothing. This callback
fails such a run with a clear message instead, so ``write_model_dir`` is never reached:
at each log when the training or dev loss is not finite, and at the end of training when
any weight is not finite (a NaN can appear between two logs).
"""
from __future__ import annotations

import math
from typing import Any

from transformers import TrainerCallback

from .errors import TrainError

ADVICE = ("lower the learning rate (training.learning_rate, or backbone.scratch.learning_rate for a scratch "
          "backbone), or set training.max_grad_norm to clip gradients; no model was written")


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
