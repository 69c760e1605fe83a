"""``backbone.init_from``: start a run from a model this project trained, not from the
pretrained encoder. Strong + weak training (configs/reviewed.yaml) starts from the silver
model of configs/corpus.yaml: the weak labels completed by a model, NEEDLE's step (a).

The new model records where it started, and keeps the backbone record of the model it
started from, so a model whose encoder is not PhoBERT still says so on its card.
"""
from __future__ import annotations

from pathlib import Path

from .backbone import Backbone, check_positions, load_pretrained
from .config import Config
from .errors import TrainError


def open_trained(cfg: Config) -> Backbone:
    """The model folder named by ``backbone.init_from``, checked to read text as this run will."""
    from model.modeldir import ModelDirError, read_meta

    path = Path(cfg.backbone.init_from)
    fix = ("train the silver model first (train --config configs/corpus.yaml --set data.corpus=PATH) "
           "and point backbone.init_from at its model/ folder, or set backbone.init_from: null")
    if not path.is_dir():
        raise TrainError(f"backbone.init_from: {path} is not a folder (relative paths start from {Path.cwd()}): {fix}")
    try:
        meta = read_meta(path)
    except ModelDirError as exc:
        raise TrainError(f"backbone.init_from: {exc}; {fix}") from None
    d = cfg.data
    for key, theirs, ours in (("segmenter", meta.segmenter, d.segmenter), ("max_length", meta.max_length, d.max_length),
                              ("context_words", meta.context_words, d.context_words)):
        if theirs != ours:
            raise TrainError(f"data.{key} is {ours!r} but the model in backbone.init_from ({path}) was trained with "
                             f"{theirs!r}: set data.{key}: {theirs!r}")
    try:
        bb = load_pretrained(str(path), local_files_only=True)
    except (OSError, ValueError) as exc:
        raise TrainError(f"backbone.init_from: cannot load {path}: {' '.join(str(exc).split())[:300]}") from None
    info = dict(meta.backbone)
    info["init_from"] = {"path": str(path), "created": meta.created, "git_commit": meta.git_commit}
    return check_positions(Backbone(bb.model, bb.tokenizer, info), d.max_length)
