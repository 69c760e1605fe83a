"""Labeling functions by name.

A labeling function (LF) takes a :class:`~model.rules.context.DocView` and yields votes
``(paragraph index, token start, token end, label)``; yielding nothing is abstaining.
Each LF's stage (stage 2 runs after the first aggregation and may read it, e.g. to
propagate names through the article), its weight for the weighted vote and its place in
the default priority order live in ``rules.yaml`` (one file for the whole rule set, see
:mod:`.settings`), not on the decorator. The registry is what a config names.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from .context import DocView
from .settings import function_settings

Vote = tuple[int, int, int, str]  # paragraph index, token i, token j (exclusive), label
LFCallable = Callable[[DocView], Iterable[Vote]]


@dataclass(frozen=True)
class LabelingFunction:
    name: str
    func: LFCallable
    labels: tuple[str, ...]
    stage: int = 1
    weight: float = 0.8  # how much a vote counts in the weighted vote (~ expected precision)
    priority: int = 50  # lower wins ties in "priority" aggregation
    description: str = ""
    default: bool = True  # part of the default set

    def __call__(self, view: DocView) -> Iterator[Vote]:
        for v in self.func(view):
            yield v


LABELING_FUNCTIONS: dict[str, LabelingFunction] = {}


def labeling_function(name: str, labels: Iterable[str]) -> Callable[[LFCallable], LFCallable]:
    """Decorator: register ``func`` under ``name`` (its docstring is the description);
    priority, weight, stage and default come from ``rules.yaml``."""

    def deco(func: LFCallable) -> LFCallable:
        if name in LABELING_FUNCTIONS:
            raise ValueError(f"labeling function {name!r} is already registered")
        doc = (func.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
        cfg = function_settings(name)
        LABELING_FUNCTIONS[name] = LabelingFunction(name, func, tuple(labels), cfg["stage"], cfg["weight"],
                                                    cfg["priority"], " ".join(doc.split()), cfg["default"])
        return func

    return deco


def get_function(name: str) -> LabelingFunction:
    if name not in LABELING_FUNCTIONS:
        raise KeyError(f"unknown labeling function {name!r}; registered: {', '.join(sorted(LABELING_FUNCTIONS))}")
    return LABELING_FUNCTIONS[name]


def default_functions() -> list[str]:
    """Names of the default set, in priority order."""
    return [f.name for f in sorted(LABELING_FUNCTIONS.values(), key=lambda f: (f.priority, f.name)) if f.default]
