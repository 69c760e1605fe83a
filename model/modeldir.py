"""The trained-model directory format, read by inference and written by training.

``runs/<name>/model/`` holds what ``transformers`` saves (``config.json`` with
``id2label``, ``model.safetensors``, tokenizer files) plus ``anninh.json``: how text must
be prepared for this model (word segmenter, window length, stride) and where its
backbone came from. Inference refuses a directory whose files or labels do not match, and
names the file to fix.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .labels import TAGS

META_FILE = "anninh.json"
FORMAT_VERSION = 1
REQUIRED_FILES = ("config.json", "model.safetensors", META_FILE)


class ModelDirError(ValueError):
    """A model directory is incomplete or inconsistent; the message names the file."""


@dataclass
class ModelMeta:
    segmenter: str = "underthesea"
    max_length: int = 256
    stride: int = 32
    labels: list[str] = field(default_factory=lambda: list(TAGS))
    backbone: dict = field(default_factory=dict)  # {requested, used, pretrained}
    created: str = ""
    git_commit: str = ""
    format: int = FORMAT_VERSION

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)


def write_meta(directory: str | Path, meta: ModelMeta) -> Path:
    path = Path(directory) / META_FILE
    path.write_text(meta.to_json() + "\n", encoding="utf-8")
    return path


def read_meta(directory: str | Path) -> ModelMeta:
    """Validate ``directory`` as an anninh model and return its metadata."""
    d = Path(directory)
    if not d.is_dir():
        raise ModelDirError(f"model directory {d} does not exist (train one with: train --config configs/base.yaml)")
    for name in REQUIRED_FILES:
        if not (d / name).is_file():
            hint = " (weights are loaded from safetensors only)" if name == "model.safetensors" else ""
            raise ModelDirError(f"{d / name} is missing: {d} is not a complete anninh model directory{hint}")
    try:
        raw = json.loads((d / META_FILE).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ModelDirError(f"{d / META_FILE} is not valid JSON: {exc}") from None
    known = set(ModelMeta.__dataclass_fields__)
    unknown = set(raw) - known
    if unknown:
        raise ModelDirError(f"{d / META_FILE} has unknown keys {sorted(unknown)}")
    meta = ModelMeta(**raw)
    if meta.format != FORMAT_VERSION:
        raise ModelDirError(f"{d / META_FILE}: format {meta.format} is not supported (expected {FORMAT_VERSION})")
    if list(meta.labels) != list(TAGS):
        raise ModelDirError(
            f"{d / META_FILE}: label set {meta.labels} differs from this version's {list(TAGS)}; "
            "retrain the model or use a matching anninh-ner version"
        )
    try:
        cfg = json.loads((d / "config.json").read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ModelDirError(f"{d / 'config.json'} is not valid JSON: {exc}") from None
    id2label = {int(k): v for k, v in (cfg.get("id2label") or {}).items()}
    if [id2label.get(i) for i in range(len(TAGS))] != list(TAGS) or len(id2label) != len(TAGS):
        raise ModelDirError(
            f"{d / 'config.json'}: id2label {id2label} does not match the label scheme {list(TAGS)}"
        )
    return meta
