"""What to do with ``<output_dir>/<name>``: start, resume, refuse, or move an old run aside.

A run folder holds one run. A new run into a folder that already holds a *different* run
(another config, another backbone) is refused rather than mixed with it, and so is a
``--resume`` whose config or backbone changed; ``--overwrite`` moves the old run aside to
``<name>.old-<time>`` and never deletes anything. Differences in :data:`COSMETIC_KEYS`
(where runs go, progress bars, loader workers, the description) do not make another run.
"""
from __future__ import annotations

import json
import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from .config import Config, ConfigError, config_diff, load_config
from .errors import TrainError

logger = logging.getLogger(__name__)

# Keys that may change between a run and its --resume without making it a different run.
COSMETIC_KEYS = ("output_dir", "training.progress", "training.dataloader_num_workers", "description")

# The backbone keys that must match between a run and its --resume (run.json).
IDENTITY_KEYS = ("requested", "used", "pretrained", "tokenizer")


# A checkpoint's model weights: one safetensors file, or the index of a sharded one.
WEIGHT_FILES = ("model.safetensors", "model.safetensors.index.json")


def checkpoint_gaps(ckpt: Path) -> list[str]:
    """What a checkpoint folder lacks to be resumed from (empty when complete)."""
    gaps = [] if (ckpt / "trainer_state.json").is_file() else ["trainer_state.json"]
    if not any((ckpt / w).is_file() for w in WEIGHT_FILES):
        gaps.append("model weights (model.safetensors)")
    return gaps


def last_checkpoint(run_dir: Path) -> str | None:
    """The run's newest *complete* Trainer checkpoint under ``<run>/checkpoints``, for
    training and pretraining alike.

    transformers' own lookup takes the highest step, but a run killed or out of disk while
    saving leaves that one half-written (no ``trainer_state.json``), and resuming from it
    fails; so newer incomplete checkpoints are skipped, each named in a warning."""
    import re

    ckpt_dir = Path(run_dir) / "checkpoints"
    if not ckpt_dir.is_dir():
        return None
    steps = []
    for d in ckpt_dir.iterdir():
        m = re.fullmatch(r"checkpoint-(\d+)", d.name)
        if m and d.is_dir():
            steps.append((int(m.group(1)), d))
    for _, d in sorted(steps, reverse=True):
        gaps = checkpoint_gaps(d)
        if not gaps:
            return str(d)
        logger.warning(f"skipped incomplete checkpoint {d} (no {' and no '.join(gaps)}; "
                       "probably written when the disk filled or the run was killed)")
    return None


def best_checkpoint_name(trainer: Any) -> str | None:
    """The folder name of the checkpoint a Trainer chose as best (None without dev)."""
    best = trainer.state.best_model_checkpoint
    return Path(best).name if best else None


def prepare_run_dir(cfg: Config, resume: bool = False, overwrite: bool = False) -> tuple[Path, str | None]:
    """Decide what to do with ``<output_dir>/<name>``; return it and the checkpoint to resume.

    Never deletes anything: ``overwrite`` moves an old run aside to ``<name>.old-<time>``.
    """
    from accelerate import PartialState

    run_dir = cfg.run_dir
    saved = run_dir / "config.yaml"
    ckpt_dir = run_dir / "checkpoints"
    if run_dir.exists() and not run_dir.is_dir():
        raise TrainError(f"{run_dir} exists and is not a directory; choose another output_dir or --name")
    occupied = run_dir.is_dir() and any(run_dir.iterdir())
    if occupied and overwrite and not resume:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = run_dir.with_name(f"{run_dir.name}.old-{stamp}")
        if PartialState().is_main_process:
            run_dir.rename(aside)
            logger.info(f"--overwrite: moved the previous run to {aside} (delete it yourself when no longer needed)")
        return run_dir, None
    if not occupied:
        if resume:
            logger.info(f"--resume: {run_dir} holds no run yet; starting from the beginning")
        return run_dir, None
    if not saved.is_file():
        raise TrainError(
            f"{run_dir} already exists and does not hold an anninh training run (no config.yaml). "
            "Choose another --name / output_dir, or pass --overwrite to move it aside."
        )
    try:
        old = load_config(saved)
    except ConfigError as exc:
        raise TrainError(f"{run_dir} holds a run whose config.yaml cannot be read ({exc}); use another --name or --overwrite") from None
    diff = [d for d in config_diff(old, cfg) if d.split(':', 1)[0] not in COSMETIC_KEYS]
    if diff:
        shown = "; ".join(diff[:6]) + (f"; and {len(diff) - 6} more" if len(diff) > 6 else "")
        what = "cannot --resume it with a different config" if resume else "refusing to mix runs"
        raise TrainError(
            f"{run_dir} already holds a different run ({shown}): {what}. "
            "Use another --name, or --overwrite to move the old run aside."
        )
    last = last_checkpoint(run_dir)
    finished = (run_dir / "model" / "model.safetensors").is_file()
    if resume:
        if finished:
            raise TrainError(f"{run_dir} holds a finished run (model/ is complete); nothing to resume. Use --overwrite to retrain.")
        if last is None:
            logger.info(f"--resume: no checkpoint in {ckpt_dir} yet; starting from the beginning")
        return run_dir, last
    if finished:
        raise TrainError(f"{run_dir} already holds this finished run ({run_dir / 'model'}). Use another --name, or --overwrite to retrain.")
    if last is not None:
        raise TrainError(
            f"{run_dir} holds an unfinished run with checkpoint {Path(last).name}: continue it with --resume, "
            "or pass --overwrite to start again (the old run is moved aside)."
        )
    return run_dir, None


def check_resume_identity(run_dir: Path, info: dict) -> None:
    """Refuse to resume a run whose backbone (``run.json``) resolves differently now."""
    path = run_dir / "run.json"
    if not path.is_file():
        return
    old = json.loads(path.read_text(encoding="utf-8")).get("backbone", {})
    keys = IDENTITY_KEYS
    if any(old.get(k) != info.get(k) for k in keys):
        raise TrainError(
            f"--resume: {run_dir} was started with backbone {({k: old.get(k) for k in keys})} but this run resolves "
            f"to {({k: info.get(k) for k in keys})} (check $ANNINH_BACKBONE / $ANNINH_PHOBERT_DIR); "
            "restore the same backbone, or train under another --name"
        )
