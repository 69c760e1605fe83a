"""The one error a training run stops with: a message that says why and what to do.

The commands print it as a one-line ``error:`` and exit 2; more specific failures
(:class:`train.training.runlock.RunLockedError`,
:class:`train.training.callbacks.TrainingDiverged`) are subclasses.
"""
from __future__ import annotations


class TrainError(RuntimeError):
    """Training cannot start or continue; the message says why and what to do."""
