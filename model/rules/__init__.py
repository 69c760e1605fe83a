"""Weak-supervision rules: named labeling functions, lexicons and their aggregation.

The rules are the project's teacher (silver labels for training) and an inference
backend of their own (``rules``). Nothing here imports torch or the training package.

    from model.rules import RuleEngine
    engine = RuleEngine()                       # the default labeling functions
    engine.annotate("Đại tá Nguyễn Văn A, Giám đốc Công an tỉnh Nghệ An ...")
    RuleEngine(functions=["rank_lexicon"])      # one function (the hybrid model mode)
"""
from __future__ import annotations

from .aggregate import Decision, Rejected
from .engine import ParagraphLabels, RuleConfig, RuleEngine, load_functions
from .lexicon import LexiconError, lexicon_names, load_lexicon, variants
from .registry import LABELING_FUNCTIONS, LabelingFunction, default_functions, get_function, labeling_function

load_functions()

__all__ = [
    "RuleEngine", "RuleConfig", "ParagraphLabels", "Decision", "Rejected", "LABELING_FUNCTIONS", "LabelingFunction",
    "labeling_function", "get_function", "default_functions", "load_lexicon", "lexicon_names",
    "variants", "LexiconError",
]
