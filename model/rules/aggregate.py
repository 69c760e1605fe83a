"""Turning labeling-function votes into flat, non-overlapping spans, traceably.

Two ways to settle a span's label: ``priority`` (the label of the highest-priority
function that proposed it) and ``vote`` (the label with the largest summed weight).
Overlapping spans then compete: by default the longer span wins (the guideline's
"longer outer span" rule), ties go to priority or score; ``prefer="priority"`` puts the
function order first. Every kept span records the functions that voted for it and
every dropped candidate the reason, so a wrong silver label can be traced to its rule.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

MODES = ("priority", "vote")
PREFER = ("longest", "priority")


@dataclass
class Candidate:
    i: int
    j: int
    label: str
    voters: tuple[str, ...]
    dissent: dict[str, tuple[str, ...]]  # other labels proposed for the same span -> functions
    score: float
    rank: int  # best (lowest) priority rank among voters


@dataclass
class Decision:
    """A kept span (token indices) with who voted for it and what it beat."""

    i: int
    j: int
    label: str
    score: float
    voters: tuple[str, ...]
    rejected: list[dict] = field(default_factory=list)


def _noisy_or(ws: Iterable[float]) -> float:
    p = 1.0
    for w in ws:
        p *= 1.0 - max(0.0, min(1.0, w))
    return 1.0 - p


def aggregate(
    votes: Iterable[tuple[str, int, int, str]],
    rank: Mapping[str, int],
    weight: Mapping[str, float],
    mode: str = "priority",
    prefer: str = "longest",
) -> list[Decision]:
    """Resolve ``(function, i, j, label)`` votes of one paragraph into decisions.

    ``rank``: function -> position in the priority order (0 first); ``weight``: function
    -> vote weight in 0..1.
    """
    if mode not in MODES:
        raise ValueError(f"aggregation mode {mode!r} unknown; use one of {', '.join(MODES)}")
    if prefer not in PREFER:
        raise ValueError(f"prefer {prefer!r} unknown; use one of {', '.join(PREFER)}")
    spans: dict[tuple[int, int], dict[str, list[str]]] = {}
    for lf, i, j, lab in votes:
        if j <= i:
            continue
        by = spans.setdefault((i, j), {})
        lst = by.setdefault(lab, [])
        if lf not in lst:
            lst.append(lf)
    cands: list[Candidate] = []
    big = 10 ** 6
    for (i, j), by in spans.items():
        def prio(lab: str) -> int:
            return min(rank.get(f, big) for f in by[lab])

        def total(lab: str) -> float:
            return sum(weight.get(f, 0.5) for f in by[lab])

        if mode == "priority":
            label = min(by, key=lambda lab: (prio(lab), -total(lab), lab))
        else:
            label = max(by, key=lambda lab: (total(lab), -prio(lab), lab))
        agree = by[label]
        all_w = sum(total(lab) for lab in by)
        score = _noisy_or(weight.get(f, 0.5) for f in agree) * (total(label) / all_w if all_w else 1.0)
        dissent = {lab: tuple(fs) for lab, fs in by.items() if lab != label}
        cands.append(Candidate(i, j, label, tuple(sorted(agree, key=lambda f: rank.get(f, big))), dissent,
                               round(score, 4), prio(label)))
    if prefer == "longest":
        key = (lambda c: (-(c.j - c.i), c.rank, -c.score, c.i)) if mode == "priority" else \
              (lambda c: (-(c.j - c.i), -c.score, c.rank, c.i))
    else:
        key = (lambda c: (c.rank, -(c.j - c.i), -c.score, c.i)) if mode == "priority" else \
              (lambda c: (-c.score, c.rank, -(c.j - c.i), c.i))
    cands.sort(key=key)
    kept: list[Decision] = []
    occupied: dict[int, Decision] = {}
    losers: list[tuple[Candidate, Decision]] = []
    for c in cands:
        clash = next((occupied[t] for t in range(c.i, c.j) if t in occupied), None)
        if clash is not None:
            losers.append((c, clash))
            continue
        d = Decision(c.i, c.j, c.label, c.score, c.voters)
        for lab, fs in c.dissent.items():
            d.rejected.append({"i": c.i, "j": c.j, "label": lab, "functions": list(fs), "reason": "outvoted"})
        kept.append(d)
        for t in range(c.i, c.j):
            occupied[t] = d
    for c, d in losers:
        d.rejected.append({"i": c.i, "j": c.j, "label": c.label, "functions": list(c.voters), "reason": "overlap"})
        for lab, fs in c.dissent.items():
            d.rejected.append({"i": c.i, "j": c.j, "label": lab, "functions": list(fs), "reason": "overlap"})
    kept.sort(key=lambda d: d.i)
    return kept
