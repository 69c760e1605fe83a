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
from typing import Callable, Iterable, Mapping

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


Span = tuple[int, int, str]  # start, end (exclusive), label


@dataclass(frozen=True)
class Rejected:
    """A candidate a kept span beat: its ``span``, the ``functions`` that proposed it and
    the ``reason`` (``outvoted``: the same offsets, another label won; ``overlap``: it
    overlapped the kept span and lost the longest-first or priority order)."""

    span: Span
    functions: tuple[str, ...]
    reason: str


@dataclass
class Decision:
    """A kept span with who voted for it and what it beat, so a wrong silver label can be
    traced to its rule. :func:`aggregate` gives token offsets; ``ParagraphLabels.decisions``
    holds the same records in character offsets of the paragraph (:meth:`mapped`)."""

    span: Span
    score: float
    voters: tuple[str, ...]
    rejected: list[Rejected] = field(default_factory=list)

    @property
    def i(self) -> int:
        return self.span[0]

    @property
    def j(self) -> int:
        return self.span[1]

    @property
    def label(self) -> str:
        return self.span[2]

    def mapped(self, to: Callable[[Span], Span]) -> "Decision":
        """The same decision with every span (its own and the rejected ones) passed through
        ``to``: token offsets to character offsets."""
        return Decision(to(self.span), self.score, self.voters,
                        [Rejected(to(r.span), r.functions, r.reason) for r in self.rejected])


def _noisy_or(ws: Iterable[float]) -> float:
    p = 1.0
    for w in ws:
        p *= 1.0 - max(0.0, min(1.0, w))
    return 1.0 - p


def _check_mode(mode: str, prefer: str) -> None:
    if mode not in MODES:
        raise ValueError(f"aggregation mode {mode!r} unknown; use one of {', '.join(MODES)}")
    if prefer not in PREFER:
        raise ValueError(f"prefer {prefer!r} unknown; use one of {', '.join(PREFER)}")


def _by_span(votes: Iterable[tuple[str, int, int, str]]) -> dict[tuple[int, int], dict[str, list[str]]]:
    """``(i, j) -> label -> functions`` (each function once, in voting order); empty spans dropped."""
    spans: dict[tuple[int, int], dict[str, list[str]]] = {}
    for lf, i, j, lab in votes:
        if j <= i:
            continue
        lst = spans.setdefault((i, j), {}).setdefault(lab, [])
        if lf not in lst:
            lst.append(lf)
    return spans


def _candidate(i: int, j: int, by: dict[str, list[str]], rank: Mapping[str, int],
               weight: Mapping[str, float], mode: str) -> Candidate:
    """One span's label by priority or summed weight, its score and who dissented."""
    big = 10 ** 6

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
    return Candidate(i, j, label, tuple(sorted(agree, key=lambda f: rank.get(f, big))), dissent,
                     round(score, 4), prio(label))


def _order(mode: str, prefer: str) -> Callable[[Candidate], tuple]:
    """Which overlapping candidate is kept first: the longer one (the guideline's outer
    span) or the higher-priority one, ties by rank or score."""
    if prefer == "longest":
        return (lambda c: (-(c.j - c.i), c.rank, -c.score, c.i)) if mode == "priority" else \
               (lambda c: (-(c.j - c.i), -c.score, c.rank, c.i))
    return (lambda c: (c.rank, -(c.j - c.i), -c.score, c.i)) if mode == "priority" else \
           (lambda c: (-c.score, c.rank, -(c.j - c.i), c.i))


def _rejections(c: Candidate, reason: str, itself: bool) -> list[Rejected]:
    """What ``c`` lost: its dissenting labels, and ``c`` itself when it lost an overlap."""
    out = [Rejected((c.i, c.j, c.label), c.voters, reason)] if itself else []
    return out + [Rejected((c.i, c.j, lab), fs, reason) for lab, fs in c.dissent.items()]


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
    _check_mode(mode, prefer)
    cands = [_candidate(i, j, by, rank, weight, mode) for (i, j), by in _by_span(votes).items()]
    cands.sort(key=_order(mode, prefer))
    kept: list[Decision] = []
    occupied: dict[int, Decision] = {}
    losers: list[tuple[Candidate, Decision]] = []
    for c in cands:
        clash = next((occupied[t] for t in range(c.i, c.j) if t in occupied), None)
        if clash is not None:
            losers.append((c, clash))
            continue
        d = Decision((c.i, c.j, c.label), c.score, c.voters, _rejections(c, "outvoted", itself=False))
        kept.append(d)
        for t in range(c.i, c.j):
            occupied[t] = d
    for c, d in losers:
        d.rejected.extend(_rejections(c, "overlap", itself=True))
    kept.sort(key=lambda d: d.i)
    return kept
