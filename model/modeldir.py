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
    # consecutive sentences of a paragraph read as one unit, up to this many words
    # (model/packing.py); 0, and absent in older models: one sentence a unit
    context_words: int = 0
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
        raise ModelDirError(_not_a_directory(d))
    for name in REQUIRED_FILES:
        if not (d / name).is_file():
            hint = " (weights are loaded from safetensors only)" if name == "model.safetensors" else ""
            raise ModelDirError(f"{d / name} is missing: {d} is not a complete anninh model directory{hint}")
    meta_path = d / META_FILE
    raw = _read_json_object(meta_path)
    known = set(ModelMeta.__dataclass_fields__)
    unknown = set(raw) - known
    if unknown:
        raise ModelDirError(f"{meta_path} has unknown keys {sorted(unknown)}")
    for key, (typ, hint) in _META_TYPES.items():
        if key in raw and not (isinstance(raw[key], typ) and not (typ is int and isinstance(raw[key], bool))):
            raise ModelDirError(f"{meta_path}: {key} must be {hint}, got {raw[key]!r}")
    meta = ModelMeta(**raw)
    if meta.format != FORMAT_VERSION:
        raise ModelDirError(f"{meta_path}: format {meta.format} is not supported (expected {FORMAT_VERSION})")
    if meta.max_length < 8:
        raise ModelDirError(f"{meta_path}: max_length must be at least 8 subwords, got {meta.max_length}")
    if not 0 <= meta.stride < (meta.max_length - 2) // 2:
        raise ModelDirError(f"{meta_path}: stride must be in [0, {(meta.max_length - 2) // 2}) for max_length "
                            f"{meta.max_length}, got {meta.stride}")
    if meta.context_words < 0:
        raise ModelDirError(f"{meta_path}: context_words must be 0 or more words, got {meta.context_words}")
    if list(meta.labels) != list(TAGS):
        raise ModelDirError(
            f"{meta_path}: label set {meta.labels} differs from this version's {list(TAGS)}; "
            "retrain the model or use a matching anninh-ner version"
        )
    cfg_path = d / "config.json"
    cfg = _read_json_object(cfg_path)
    raw_ids = cfg.get("id2label") or {}
    if not isinstance(raw_ids, dict):
        raise ModelDirError(f"{cfg_path}: id2label must be an object {{\"0\": \"O\", ...}}, got {raw_ids!r}")
    try:
        id2label = {int(k): v for k, v in raw_ids.items()}
    except ValueError:
        raise ModelDirError(f"{cfg_path}: id2label keys must be label ids (\"0\", \"1\", ...), "
                            f"got {sorted(raw_ids)}") from None
    if [id2label.get(i) for i in range(len(TAGS))] != list(TAGS) or len(id2label) != len(TAGS):
        raise ModelDirError(
            f"{cfg_path}: id2label {id2label} does not match the label scheme {list(TAGS)}"
        )
    return meta


def _not_a_directory(d: Path) -> str:
    """Why ``d`` (not a directory) is no model: missing, a FIFO, a file, or something else."""
    import stat

    try:
        mode = d.stat().st_mode
    except FileNotFoundError:
        broken = " (a broken symbolic link)" if d.is_symlink() else ""
        return f"model directory {d} does not exist{broken} (train one with: train --config configs/base.yaml)"
    except OSError as exc:
        return f"model directory {d} cannot be read: {exc.strerror or exc}"
    if stat.S_ISFIFO(mode):
        return f"{d} is a FIFO, not a directory: give the model directory (the folder holding anninh.json)"
    if stat.S_ISREG(mode):
        return (f"{d} is a file, not a model directory: give the folder that holds it "
                f"({d.parent}) if that is the model directory")
    return f"{d} is not a model directory: give the folder that holds anninh.json, config.json and model.safetensors"


# The JSON type each anninh.json key must have, and how to say it in an error.
_META_TYPES: dict[str, tuple[type | tuple[type, ...], str]] = {
    "segmenter": (str, "a segmenter name (str)"),
    "max_length": (int, "an integer number of subwords"),
    "stride": (int, "an integer number of subwords"),
    "context_words": (int, "an integer number of words (0: one sentence a unit)"),
    "labels": (list, "a list of tags"),
    "backbone": (dict, "an object"),
    "created": (str, "a date string"),
    "git_commit": (str, "a string"),
    "format": (int, "an integer"),
}


def _read_json_object(path: Path) -> dict:
    """``path`` parsed as a JSON object, or :class:`ModelDirError` naming the file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ModelDirError(f"{path} is not UTF-8 text ({exc.reason})") from None
    except (json.JSONDecodeError, RecursionError) as exc:
        raise ModelDirError(f"{path} is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ModelDirError(f"{path} must hold a JSON object {{...}}, got {type(data).__name__}")
    return data
