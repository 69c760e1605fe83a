"""The one error a training run stops with: a message that says why and what to do.

The commands print it as a one-line ``error:`` and exit 2; more specific failures
(:class:`train.training.runlock.RunLockedError`,
:class:`train.training.callbacks.TrainingDiverged`) are subclasses.
"""
from __future__ import annotations


class TrainError(RuntimeError):
    """Training cannot start or continue; the message says why and what to do."""


# What a full disk looks like on its way up: the OS error itself (errno 28), torch.save's
# C++ writer (a std::iostream failure or "unexpected pos" once a write came up short) and
# safetensors' Rust writer (StorageFull). None of them says "disk" in words a user knows.
_DISK_FULL_TEXT = ("no space left", "enospc", "storagefull", "iostream error", "file write failed",
                   "unexpected pos")


def is_disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` (or an exception it was raised from) is a write that ran out of disk."""
    import errno

    if isinstance(exc, TrainError):  # already says what happened and what to do
        return False
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        if isinstance(cur, OSError) and cur.errno == errno.ENOSPC:
            return True
        if isinstance(cur, (OSError, RuntimeError)) or type(cur).__name__ == "SafetensorError":
            text = str(cur).lower()
            if any(t in text for t in _DISK_FULL_TEXT):
                return True
        cur = cur.__cause__ or cur.__context__
    return False


def disk_full_error(exc: BaseException, where: object) -> TrainError:
    """The one-line error a full disk becomes; ``where`` is the folder being written."""
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return TrainError(f"No space left on device: free space or set output_dir elsewhere "
                      f"(writing {where} failed: {detail}); an incomplete checkpoint is skipped by --resume")
