"""anninh-ner inference side: text handling, label scheme, rules, classifier, ``annotate``.

Heavy modules (torch, transformers) load lazily, so ``import model`` stays cheap and the
rule engine works without them.
"""
from __future__ import annotations

from .entity import Entity
from .labels import LABELS

__all__ = ["Entity", "LABELS", "annotate", "Annotator"]


def __getattr__(name: str):
    if name in ("annotate", "Annotator"):
        from . import annotator as _annotate_mod

        return getattr(_annotate_mod, name)
    raise AttributeError(f"module 'model' has no attribute {name!r}")
