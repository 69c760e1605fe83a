"""Hybrid inference: the model and the trusted rule spans, one side first.

The rules are precise on the kinds of mention they were written for and miss names they
have no rule for; the model generalises from context but moves boundaries and confuses
types. ``order: rules-first`` keeps a trusted rule span exactly and lets the model add
only where no trusted rule span is (a model span that overlaps one is cut back to its
whole words outside it, or dropped when the cut would split a word); ``model-first``
keeps the model's spans and adds the trusted rule spans around them. RANK comes from
the rank lexicon alone either way. Which side goes first, which functions are trusted and
which labels and scores the model may bring is policy, kept in ``model/hybrid.yaml`` and
chosen on gold (docs/log.md, "The hybrid policy over time").
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from .entity import Entity
from .labels import LABELS
from .policy_file import label_list, read_policy, score_value

POLICY_FILE = Path(__file__).with_name("hybrid.yaml")
ORDERS = ("rules-first", "model-first")


class HybridPolicyError(ValueError):
    """``model/hybrid.yaml`` (or the given policy file) is invalid; the message names the key."""


@dataclass(frozen=True, kw_only=True)
class HybridPolicy:
    """Which rule spans the hybrid trusts and which model spans it adds (``model/hybrid.yaml``).
    Keyword-only: nine settings, five of them sets, are too easy to swap by position."""

    trusted: frozenset[str] | None  # None: every labeling function
    model_labels: frozenset[str]
    model_min_score: float = 0.0  # a model span must reach this score (mean word probability) to be added
    # Labels whose model spans must start with a capital letter or a digit: the guideline's
    # PERSON and LOCATION are names, and lower-case words stay outside them.
    model_capitalised: frozenset[str] = frozenset()
    # Which side wins where they overlap: "rules-first" keeps the trusted rule spans and adds
    # the model's elsewhere; "model-first" keeps the model's spans (ranks from the rules)
    # and adds the trusted rule spans elsewhere.
    order: str = "rules-first"
    # per-label thresholds that replace model_min_score for their label: ((label, score), ...)
    model_min_score_by_label: tuple[tuple[str, float], ...] = ()
    # Under rules-first, labels whose model spans still go first (the model's AGENCY
    # boundaries beat the rules' on held-out news); model-first puts every label first.
    model_first: frozenset[str] = frozenset()
    # Under rules-first, per-label scores at or above which a model span goes first although
    # its label is not in model_first ((label, score), ...): the model wins the overlaps it
    # is sure of, the rules the rest.
    model_first_above: tuple[tuple[str, float], ...] = ()
    # Functions whose vote alone does not keep a span, even under ``trusted: all``: where the
    # model's reading of the same words beats theirs (docs/log.md). A span that a trusted
    # function also voted for stays.
    untrusted: frozenset[str] = frozenset()

    def first_labels(self) -> frozenset[str]:
        """The labels whose model spans are kept before the trusted rule spans."""
        first = self.model_labels if self.order == "model-first" else self.model_first & self.model_labels
        return frozenset(first) - {"RANK"}  # RANK is the rank lexicon's alone

    def goes_first(self, ent: Entity) -> bool:
        """Whether the model's ``ent`` is kept before the trusted rule spans: its label goes
        first (:meth:`first_labels`), or its score reaches the label's ``model_first_above``."""
        if ent.label == "RANK" or ent.label not in self.model_labels:
            return False
        if ent.label in self.first_labels():
            return True
        above = dict(self.model_first_above).get(ent.label)
        return above is not None and ent.score >= above

    def trusts(self, voters: Iterable[str]) -> bool:
        """Whether a rule span with these voters is kept: one voter is trusted, not untrusted."""
        return any((self.trusted is None or v in self.trusted) and v not in self.untrusted for v in voters)

    def min_scores(self) -> dict[str, float]:
        """The threshold a model span of each label must reach."""
        out = {lab: self.model_min_score for lab in LABELS}
        out.update(dict(self.model_min_score_by_label))
        return out


def load_policy(path: str | Path | None = None) -> HybridPolicy:
    path = Path(path) if path is not None else POLICY_FILE
    raw = read_policy(path, {"trusted", "model_labels", "model_min_score", "model_min_score_by_label",
                             "model_capitalised", "order", "model_first", "model_first_above", "untrusted"},
                      HybridPolicyError)
    min_score = score_value(raw, "model_min_score", 0.0, path, HybridPolicyError)
    per_label = _label_scores(raw, "model_min_score_by_label", path)
    trusted = raw.get("trusted", "all")
    if trusted != "all" and not (isinstance(trusted, list) and all(isinstance(x, str) for x in trusted)):
        raise HybridPolicyError(f"{path}: trusted must be 'all' or a list of labeling-function names, got {trusted!r}")
    labels = label_list(raw, "model_labels", ["AGENCY", "PERSON", "LOCATION"], path, HybridPolicyError)
    capitalised = label_list(raw, "model_capitalised", [], path, HybridPolicyError)
    order = raw.get("order", "rules-first")
    if order not in ORDERS:
        raise HybridPolicyError(f"{path}: order must be one of {', '.join(ORDERS)}, got {order!r}")
    model_first = label_list(raw, "model_first", [], path, HybridPolicyError)
    if not model_first <= labels:
        raise HybridPolicyError(f"{path}: model_first {sorted(model_first)} must be among model_labels "
                                f"{sorted(labels)}: the model cannot go first with a label it may not add")
    first_above = _label_scores(raw, "model_first_above", path)
    if not {lab for lab, _ in first_above} <= labels:
        raise HybridPolicyError(f"{path}: model_first_above {sorted(lab for lab, _ in first_above)} must be among "
                                f"model_labels {sorted(labels)}: the model cannot go first with a label it may not add")
    untrusted = raw.get("untrusted") or []
    if not (isinstance(untrusted, list) and all(isinstance(x, str) for x in untrusted)):
        raise HybridPolicyError(f"{path}: untrusted must be a list of labeling-function names, got {untrusted!r}")
    from .rules.registry import LABELING_FUNCTIONS

    for key, names in (("trusted", trusted if isinstance(trusted, list) else []), ("untrusted", untrusted)):
        unknown = [t for t in names if t not in LABELING_FUNCTIONS]
        if unknown:
            raise HybridPolicyError(f"{path}: {key} names unknown labeling functions {unknown}; "
                                    f"known: {', '.join(sorted(LABELING_FUNCTIONS))}")
    return HybridPolicy(trusted=None if trusted == "all" else frozenset(trusted), untrusted=frozenset(untrusted),
                        model_labels=labels,
                        model_min_score=min_score, model_capitalised=capitalised, order=order,
                        model_min_score_by_label=per_label, model_first=model_first,
                        model_first_above=first_above)


def _label_scores(raw: dict, key: str, path: Path) -> tuple[tuple[str, float], ...]:
    """``raw[key]``, a mapping of labels to scores in [0, 1], as sorted (label, score) pairs."""
    by_label = raw.get(key) or {}
    if not isinstance(by_label, dict) or any(lab not in LABELS for lab in by_label):
        raise HybridPolicyError(f"{path}: {key} must map labels ({', '.join(LABELS)}) to scores, got {by_label!r}")
    return tuple(sorted((lab, score_value(by_label, lab, 0.0, path, HybridPolicyError, where=f"{key}.{lab}"))
                        for lab in by_label))


def merge_trusted(text: str, model_ents: Sequence[Entity], rule_ents: Sequence[Entity],
                  model_labels: Iterable[str] = ("AGENCY", "PERSON", "LOCATION"),
                  min_score: float | Mapping[str, float] = 0.0, capitalised: Iterable[str] = ()) -> list[Entity]:
    """The trusted rule entities, plus the model's entities of ``model_labels`` (scoring at
    least ``min_score``, one number or one per label) outside them; a span of a
    ``capitalised`` label is added only where it starts with a capital letter or a digit
    (``bến xe [bus]`` is no place name).

    A model span overlapping a rule span is cut back to the part outside it when the cut
    falls between words (``Đại tá Nguyễn Văn A`` predicted as one PERSON keeps
    ``Nguyễn Văn A``), and dropped otherwise."""
    allowed = set(model_labels)
    named = set(capitalised)
    floor = dict(min_score) if isinstance(min_score, Mapping) else {lab: min_score for lab in LABELS}
    rules = sorted(rule_ents, key=lambda r: r.start)
    kept: list[Entity] = []
    for m in model_ents:
        if m.label not in allowed or m.score < floor.get(m.label, 0.0):
            continue
        pieces = [(m.start, m.end)]
        for r in rules:
            if r.start >= m.end:
                break
            nxt = []
            for s, e in pieces:
                if r.end <= s or e <= r.start:
                    nxt.append((s, e))
                    continue
                for a, b, cut_ok in ((s, r.start, r.start > s and text[r.start - 1].isspace()),
                                     (r.end, e, r.end < e and text[r.end].isspace())):
                    if b > a and cut_ok:
                        nxt.append((a, b))
            pieces = nxt
        for s, e in pieces:
            s, e = trim_edges(text, s, e)
            if e <= s:
                continue
            if m.label in named and not (text[s].isupper() or text[s].isdigit()):
                continue
            kept.append(Entity(s, e, m.label, text[s:e], m.score))
    return kept + list(rules)


def combine(text: str, model_ents: Sequence[Entity], rule_ents: Sequence[Entity], policy: HybridPolicy,
            vetoes: Sequence[tuple[int, int]] = ()) -> list[Entity]:
    """The hybrid's entities under ``policy.order`` (``rule_ents``: the trusted rule spans).
    A model span overlapping one of ``vetoes`` (character spans the rules know to be no
    entity, such as the plural ``Công an 3 tỉnh``) is dropped first.

    The model's spans that go first (:meth:`HybridPolicy.goes_first`: every label under
    ``model-first``; under ``rules-first`` those of ``model_first`` and those scoring at
    least their label's ``model_first_above``), scoring at least their threshold
    (``model_capitalised`` applied), are kept first, cut back around the rules'
    ranks (a closed list). Then, outside them, :func:`merge_trusted` as it reads: the trusted
    rule spans, and the model's spans of the other labels where no rule span is. With no
    first label this is plain rules-first."""
    if vetoes:
        model_ents = [m for m in model_ents if not _overlaps(m, vetoes)]
    firsts = [m for m in model_ents if policy.goes_first(m)]
    if not firsts:
        return merge_trusted(text, model_ents, rule_ents, policy.model_labels, policy.min_scores(),
                             policy.model_capitalised)
    ranks = [r for r in rule_ents if r.label == "RANK"]
    merged = merge_trusted(text, firsts, ranks, policy.model_labels, policy.min_scores(), policy.model_capitalised)
    kept = merged[:len(merged) - len(ranks)]  # merge_trusted puts the rule spans (here the ranks) last
    taken = [(e.start, e.end) for e in kept]
    first_ids = {id(m) for m in firsts}
    rest = merge_trusted(text, [m for m in model_ents if id(m) not in first_ids and not _overlaps(m, taken)],
                         [r for r in rule_ents if r.label == "RANK" or not _overlaps(r, taken)],
                         policy.model_labels, policy.min_scores(), policy.model_capitalised)
    return sorted(kept + rest, key=lambda e: e.start)


def _blank(ch: str) -> bool:
    """Whitespace or an invisible format character (Unicode Cf: zero-width space, non-joiner
    and joiner, BOM, soft hyphen ...): nothing a span may begin or end with."""
    return ch.isspace() or unicodedata.category(ch) == "Cf"


def trim_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without whitespace or invisible characters at either edge: a cut
    next to ``Đại tá \u200cNguyễn`` must not hand back a PERSON starting with the
    non-joiner. Offsets stay offsets into ``text``; ``end <= start`` when nothing is left."""
    while start < end and _blank(text[start]):
        start += 1
    while end > start and _blank(text[end - 1]):
        end -= 1
    return start, end


def _overlaps(ent: Entity, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s < ent.end and ent.start < e for s, e in spans)
