"""The registry's contract with the tests: no labeling function goes untested."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from model.rules import LABELING_FUNCTIONS

TESTS = Path(__file__).resolve().parent


def unnamed(names: Iterable[str], texts: Iterable[str]) -> list[str]:
    """The ``names`` that no text spells as a whole word."""
    joined = "\n".join(texts)
    return [n for n in sorted(names) if not re.search(rf"(?<![\w]){re.escape(n)}(?![\w])", joined)]


def test_every_registered_labeling_function_is_named_in_a_test():
    """Snorkel's rule: a function no one measures does not exist. Each registered name must
    appear in some test file (this one names none of them)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(TESTS.rglob("*.py")) if p.name != Path(__file__).name]
    missing = unnamed(LABELING_FUNCTIONS, texts)
    assert not missing, f"labeling functions named in no test (add one with a positive and a negative example): {missing}"


def test_the_check_reports_a_name_spelled_only_inside_another():
    texts = ['RuleEngine(functions=["person_after_rank"])', "person_surname_extra = 1"]
    assert unnamed(["person_after_rank", "person_surname", "place_bridge"], texts) == ["person_surname", "place_bridge"]
