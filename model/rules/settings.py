"""The rules' settings file (``rules.yaml`` next to this module), read once.

Why one file: a labeling function's priority and weight, and the thresholds its grammar
uses, are policy rather than code. Keeping them together lets a reviewer see and tune the
whole rule set at a glance, and lets ``anninh label --config`` override any of them.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


class RulesSettingsError(ValueError):
    """``rules.yaml`` is malformed or lacks an entry; the message says which."""


@lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    text = resources.files("model.rules").joinpath("rules.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    if not isinstance(data, dict) or not isinstance(data.get("functions"), dict):
        raise RulesSettingsError("model/rules/rules.yaml must be a mapping with a 'functions' mapping")
    return data


def function_settings(name: str) -> dict[str, Any]:
    """``priority``, ``weight``, ``stage``, ``default`` of labeling function ``name``."""
    data = settings()
    entry = data["functions"].get(name)
    if entry is None:  # a new function runs with the defaults until it gets its own line
        entry = {}
    if not isinstance(entry, dict):
        raise RulesSettingsError(f"model/rules/rules.yaml: functions.{name} must be a mapping "
                                 "like {priority: 40, weight: 0.8}")
    merged = {**(data.get("defaults") or {}), **entry}
    missing = {"priority", "weight"} - set(merged)
    if missing:
        raise RulesSettingsError(f"model/rules/rules.yaml: functions.{name} lacks {', '.join(sorted(missing))} "
                                 "and 'defaults:' gives none")
    return {"priority": int(merged["priority"]), "weight": float(merged["weight"]),
            "stage": int(merged.get("stage", 1)), "default": bool(merged.get("default", True))}


def threshold(name: str) -> int | float:
    """A named threshold from ``rules.yaml``'s ``thresholds`` (KeyError names the missing one)."""
    th = settings().get("thresholds") or {}
    if name not in th:
        raise RulesSettingsError(f"threshold {name!r} is missing from model/rules/rules.yaml 'thresholds:'")
    return th[name]
