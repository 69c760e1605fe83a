"""scripts/compare_hybrid.py reads the model and the rules once and recombines them per
policy: each recombination must equal what the hybrid Annotator itself returns."""
import dataclasses
import importlib.util
from pathlib import Path

import pytest

from model.annotator import Annotator
from model.hybrid import load_policy
from tinymodels import write_tiny_model_dir

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "compare_hybrid.py"
TEXTS = [
    "Đại tá Nguyễn Văn Hùng, Giám đốc Công an tỉnh Nghệ An, làm việc với Bộ Công an Lào tại Viêng Chăn.",
    "Reuters cho biết ông Matt Carver, phóng viên tại Moskva, đã rời Nga. Công an 3 tỉnh phối hợp.",
]


def test_cached_policies_equal_the_hybrid_annotator(tmp_path):
    spec = importlib.util.spec_from_file_location("compare_hybrid", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    model = write_tiny_model_dir(tmp_path / "m")
    cached = mod.CachedOutputs(str(model))
    default = load_policy()
    for policy in (default, dataclasses.replace(default, order="model-first"),
                   dataclasses.replace(default, trusted=frozenset({"rank_lexicon"})),
                   dataclasses.replace(default, model_first_above=(("LOCATION", 0.0), ("PERSON", 0.0)))):
        want = Annotator(str(model), hybrid=True, policy=policy)
        run = cached.hybrid(policy)
        for text in TEXTS:
            assert [(e.start, e.end, e.label) for e in run(text)] == [(e.start, e.end, e.label) for e in want(text)]
    assert [(e.start, e.end) for e in cached.plain()(TEXTS[0])] == [(e.start, e.end) for e in Annotator(str(model))(TEXTS[0])]


def test_model_entities_of_a_hybrid_annotator_are_the_plain_models(tmp_path):
    """One loaded model serves both readings: the hybrid annotator's model_entities are what
    the plain annotator returns, blank texts included."""
    model = write_tiny_model_dir(tmp_path / "m")
    hybrid, plain = Annotator(str(model), hybrid=True), Annotator(str(model))
    texts = TEXTS + ["  "]
    got = hybrid.model_entities(texts)
    assert got[-1] == [] and any(got[:-1])  # the tiny model does find something
    assert [[(e.start, e.end, e.label) for e in ents] for ents in got] == \
        [[(e.start, e.end, e.label) for e in ents] for ents in plain.annotate_many(texts)]
    with pytest.raises(ValueError, match="needs a model"):
        Annotator("rules").model_entities(TEXTS)
