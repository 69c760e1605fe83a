"""Label Studio's ML-backend protocol, on the same server as ``/annotate``.

Label Studio calls ``GET /health`` (alive), ``POST /setup`` (``{project, schema, ...}``;
answered with the ``model_version``), ``POST /predict`` (``{tasks, label_config, ...}``;
answered with ``{"results": [prediction per task]}``) and ``POST /webhook`` (annotation
events; accepted and ignored: this backend does not train online). The official SDK,
``label-studio-ml``, is a Flask server and cannot share a FastAPI app, so the four routes
are written here from its ``label_studio_ml/api.py``.

Predictions have the shape ``anninh review export`` writes (the same function builds
them): one region per entity with its score, and a task score that is the weakest
region's, so sorting tasks by prediction score puts doubtful ones first. The text and
label names are read from the project's labelling config; the config
``anninh review export`` writes (``label`` over ``text``) is the one the backend is made
for, and spans whose label the config lacks are left out.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

from model.labels import LABELS
from train.review.labelstudio import FROM_NAME, TO_NAME, prediction

MAX_CONFIG_CHARS = 200_000


class LabelConfigError(ValueError):
    """The project's labelling config has no span labels over a text this backend can fill."""


@dataclass(frozen=True)
class Target:
    """Where predictions go: the ``Labels`` control, the ``Text`` object, the task data key."""

    from_name: str
    to_name: str
    data_key: str
    labels: frozenset[str]


DEFAULT_TARGET = Target(FROM_NAME, TO_NAME, "text", frozenset(LABELS))


def parse_target(label_config: str | None) -> Target:
    """The first ``Labels`` control over a ``Text`` object that has one of our labels.

    No config at all gives the export's names; a config without such a pair is a
    :class:`LabelConfigError` saying which config to use."""
    if not label_config:
        return DEFAULT_TARGET
    if len(label_config) > MAX_CONFIG_CHARS:
        raise LabelConfigError(f"the labelling config is over {MAX_CONFIG_CHARS:,} characters")
    try:
        root = ET.fromstring(label_config)
    except ET.ParseError as exc:
        raise LabelConfigError(f"the labelling config is not valid XML ({exc})") from None
    texts = {el.get("name"): el.get("value", "") for el in root.iter() if el.tag in ("Text", "HyperText")}
    for el in root.iter("Labels"):
        to_name = el.get("toName", "")
        values = {lab.get("value") for lab in el.iter("Label")} & set(LABELS)
        if to_name in texts and values and texts[to_name].startswith("$"):
            return Target(el.get("name", FROM_NAME), to_name, texts[to_name][1:], frozenset(values))
    raise LabelConfigError(
        "the labelling config has no <Labels> with AGENCY, RANK, PERSON or LOCATION over a <Text value=\"$...\">: "
        "create the project with the config `anninh review export` writes (label_config.xml)")


def task_text(task: Any, target: Target) -> str | None:
    data = task.get("data") if isinstance(task, dict) else None
    value = data.get(target.data_key) if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def task_prediction(text: str, entities: list, target: Target, model_version: str) -> dict[str, Any]:
    """One task's prediction in Label Studio's format (regions with scores, task score)."""
    spans = [(e.start, e.end, e.label, e.score) for e in entities if e.label in target.labels]
    pred = prediction(text, model_version, spans, 0)
    if (target.from_name, target.to_name) != (FROM_NAME, TO_NAME):
        for region in pred["result"]:
            region["from_name"], region["to_name"] = target.from_name, target.to_name
    return pred
