"""Reading the small YAML policy files of inference (``model/hybrid.yaml``,
``model/consistency.yaml``): one reader and the shared checks, so every policy names the
file and the key in its errors the same way."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from .labels import LABELS


def read_policy(path: Path, keys: set[str], error: type[ValueError]) -> dict:
    """The file as a mapping with no key outside ``keys``; ``error`` names the file otherwise."""
    import yaml

    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise error(f"{path}: cannot be read as YAML ({exc})") from None
    if not isinstance(raw, dict) or set(raw) - keys:
        raise error(f"{path}: must be a mapping with keys {', '.join(sorted(keys))}, got {raw!r}")
    return raw


def score_value(raw: dict, key: str, default: float, path: Path, error: type[ValueError],
                where: str | None = None) -> float:
    """``raw[key]`` as a number in [0, 1]; ``where`` names the key in the error when it is
    nested (``model_min_score_by_label.AGENCY``)."""
    v: Any = raw.get(key, default)
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0.0 <= v <= 1.0:
        raise error(f"{path}: {where or key} must be a number in [0, 1], got {v!r}")
    return float(v)


def label_list(raw: dict, key: str, default: list[str], path: Path, error: type[ValueError]) -> frozenset[str]:
    """``raw[key]`` as a list of known labels."""
    v = raw.get(key, default)
    if not isinstance(v, list) or any(lab not in LABELS for lab in v):
        raise error(f"{path}: {key} must be a list of {', '.join(LABELS)}, got {v!r}")
    return frozenset(v)
