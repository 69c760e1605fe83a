"""Helpers for the rule tests (tests/test_rules_*.py): what the engine labels, and what one
labeling function votes, on small invented sentences."""
from __future__ import annotations

from model.rules import LABELING_FUNCTIONS, RuleEngine, default_functions


def ents(text: str, functions=None) -> list[tuple[str, str]]:
    """``(text, label)`` of every entity the engine (the default set, or ``functions``) keeps."""
    return [(e.text, e.label) for e in RuleEngine(functions=functions).annotate(text)]


def only(label: str, text: str, functions=None) -> list[str]:
    return [t for t, lab in ents(text, functions) if lab == label]


def votes(name: str, text: str) -> list[str]:
    """The texts ``name`` votes for in ``text``. A function of a later stage reads the spans
    of the earlier stages, so those run too (the default set's earlier-stage functions)."""
    stage = LABELING_FUNCTIONS[name].stage
    earlier = [n for n in default_functions() if LABELING_FUNCTIONS[n].stage < stage]
    doc, labels = RuleEngine(functions=earlier + [name]).label_text(text)
    return [para.text[s:e] for para, pl in zip(doc.paragraphs, labels) for s, e, _ in pl.votes[name]]
