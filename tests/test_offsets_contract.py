"""The offsets contract as a hypothesis property over every backend.

Whatever the text (NFC or NFD, HTML, doubled or stray combining marks, lone surrogates,
tokens longer than a model window), every backend must return entities that slice the
caller's string exactly, never overlap, and never start or end on whitespace. Before
issue 10 a doubled tone mark made the model backend return overlapping spans and a
surrogate crashed it; the rules never showed either, so only a property over all
backends keeps them equal.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from inference_helpers import _ROOT, copy_model_dir, edit_json, tiny_model_dir
from tinymodels import write_tiny_model_dir
from model import Annotator
from model.labels import LABELS
from strategies import hostile_text, vietnamese_text

pytestmark = pytest.mark.slow

_ANNOTATORS: dict[str, Annotator] = {}


def annotator(backend: str) -> Annotator:
    """One loaded annotator per backend for the whole module (loading costs seconds);
    ``context``: the tiny model reading consecutive sentences together (``context_words``)."""
    if backend not in _ANNOTATORS:
        spec = "rules" if backend == "rules" else tiny_model_dir(0)
        if backend == "context":
            spec = _ROOT / "tiny-0-context"
            if not spec.exists():
                copy_model_dir(tiny_model_dir(0), spec)
                edit_json(spec / "anninh.json", context_words=12)
        _ANNOTATORS[backend] = Annotator(spec, hybrid=backend == "hybrid")
    return _ANNOTATORS[backend]


def check_contract(text: str, ents) -> None:
    prev_end = 0
    for e in ents:
        assert 0 <= e.start < e.end <= len(text), e
        assert e.text == text[e.start : e.end], e
        assert e.label in LABELS
        assert not text[e.start].isspace() and not text[e.end - 1].isspace(), e
        assert e.start >= prev_end, f"overlap at {e}"
        prev_end = e.end


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("backend", ["rules", "model", "hybrid", "context"])
@SETTINGS
@given(text=hostile_text())
def test_offsets_contract_on_hostile_text(backend, text):
    check_contract(text, annotator(backend).annotate(text))


@pytest.mark.parametrize("backend", ["rules", "model", "hybrid", "context"])
@SETTINGS
@given(text=vietnamese_text())
def test_offsets_contract_on_news_like_text(backend, text):
    check_contract(text, annotator(backend).annotate(text))


@pytest.mark.parametrize("backend", ["rules", "model", "hybrid"])
def test_doubled_combining_mark_from_the_issue(backend):
    text = "Đại tá Nguyễn Văn Tuấ\u0301n, Công an tỉnh Nghệ An."
    check_contract(text, annotator(backend).annotate(text))


@pytest.mark.parametrize("backend", ["rules", "model", "hybrid"])
def test_lone_surrogate_is_a_safe_result(backend):
    text = "Đại tá Lê Văn A\ud800, Công an tỉnh Nghệ An.\udfff"
    check_contract(text, annotator(backend).annotate(text))


@pytest.mark.parametrize("hybrid", [False, True])
def test_lone_surrogate_reaches_no_external_segmenter(hybrid):
    """underthesea encodes its input: a surrogate made it raise UnicodeEncodeError."""
    pytest.importorskip("underthesea")
    d = _ROOT / "tiny-underthesea"
    if not d.exists():
        write_tiny_model_dir(d, segmenter="underthesea")
    text = "Đại tá Lê Văn A\ud800 và Nguyễn\udc00 Văn B, Công an tỉnh Nghệ An."
    ents = Annotator(d, hybrid=hybrid).annotate(text)
    check_contract(text, ents)
