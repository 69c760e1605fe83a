"""What ``GET /model`` reports: the facts of the model card a client needs to know what
answers it (backend, backbone, pretrained or not, labels, the rules' version)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from model.annotator import RULES, resolve_model
from model.labels import LABELS


def rules_version() -> str:
    from train.corpus.prepare import rules_version as _rv

    return _rv()


def model_facts(model: str | None, hybrid: bool) -> dict[str, Any]:
    """Read from the model directory's ``anninh.json`` (no weights are loaded here)."""
    spec = resolve_model(model)
    facts: dict[str, Any] = {"labels": list(LABELS), "rules_version": rules_version()}
    if spec == RULES:
        facts.update(backend="rules", model="rules", hybrid=False, backbone=None, pretrained=None)
        facts["model_version"] = f"anninh-rules-{facts['rules_version']}"
        return facts
    from model.modeldir import read_meta

    meta = read_meta(spec)
    backbone = dict(meta.backbone or {})
    facts.update(
        backend="hybrid" if hybrid else "model", model=spec, hybrid=bool(hybrid),
        backbone=backbone.get("used") or backbone.get("requested"), pretrained=backbone.get("pretrained"),
        backbone_detail=backbone, segmenter=meta.segmenter, created=meta.created, git_commit=meta.git_commit,
    )
    metrics = Path(spec) / "metrics.json"
    if metrics.is_file():
        try:
            facts["metrics"] = json.loads(metrics.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            facts["metrics"] = None
    name = Path(spec).name if Path(spec).name != "model" else Path(spec).parent.name
    stamp = (meta.created or meta.git_commit or "").replace(" ", "T")[:19]
    facts["model_version"] = f"anninh-{facts['backend']}-{name}" + (f"-{stamp}" if stamp else "")
    return facts
