"""The model directory of a run: everything inference needs (:mod:`model.modeldir`).

Weights, tokenizer and ``config.json`` from the Trainer; ``anninh.json`` (segmenter,
windows, labels, backbone provenance), the resolved ``config.yaml``, ``metrics.json`` and
the model card. It is written to ``model.tmp`` beside the target, checked the way
inference reads it, and only then renamed over ``model/``, so a killed run never leaves a
half-written model behind.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

from model.labels import TAGS

from .config import Config, save_config
from .errors import TrainError

# What a model directory records about its backbone (anninh.json, metrics.json, card).
BACKBONE_KEYS = ("requested", "used", "pretrained", "tokenizer", "pretrained_by", "fallback", "encoder", "init_from")


def git_commit() -> str:
    """The checked-out commit (``-dirty`` with uncommitted changes), or "" outside a git checkout."""
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True, timeout=10).stdout.strip()
        return head + ("-dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return ""


def utc_now() -> str:
    """Now, in UTC to the second, ISO 8601."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def write_model_dir(trainer, cfg: Config, backbone_info: dict, metrics: dict, model_dir: Path) -> None:
    """Everything inference needs, written beside and then renamed over ``model_dir``."""
    from model.modeldir import ModelMeta, read_meta, write_meta

    from .modelcard import model_card

    tmp = model_dir.with_name(model_dir.name + ".tmp")
    main = trainer.is_world_process_zero()
    if main and tmp.exists():
        shutil.rmtree(tmp)
    trainer.save_model(str(tmp))  # every process: sharded set-ups gather weights collectively
    if not main:
        return
    (tmp / "training_args.bin").unlink(missing_ok=True)  # a pickle; inference never needs it
    cfg_json = json.loads((tmp / "config.json").read_text(encoding="utf-8"))
    if [cfg_json["id2label"][str(i)] for i in range(len(TAGS))] != list(TAGS):
        raise TrainError(f"{tmp / 'config.json'}: id2label does not match the label scheme {list(TAGS)}")
    created, commit = utc_now(), git_commit()
    backbone = {k: backbone_info[k] for k in BACKBONE_KEYS if k in backbone_info}
    write_meta(tmp, ModelMeta(segmenter=cfg.data.segmenter, max_length=cfg.data.max_length, stride=cfg.data.stride,
                              context_words=cfg.data.context_words, labels=list(TAGS), backbone=backbone,
                              created=created, git_commit=commit))
    save_config(cfg, tmp / "config.yaml")
    metrics = {**metrics, "created": created, "git_commit": commit}
    (tmp / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (tmp / "README.md").write_text(model_card(cfg, metrics), encoding="utf-8")
    read_meta(tmp)  # the directory must be one that inference accepts
    if model_dir.exists():
        shutil.rmtree(model_dir)
    tmp.rename(model_dir)
