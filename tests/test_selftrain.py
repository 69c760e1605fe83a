"""Self-training: confident model spans join the rules' where the rules abstain."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from train.training.config import load_config
from train.training.selftrain import RelabelStats, merge_labels

ROOT = Path(__file__).resolve().parents[1]


def test_rule_spans_stay_and_confident_model_spans_fill_the_gaps():
    rules = ["B-RANK", "O", "O", "O", "O", "O"]
    model = ["B-RANK", "B-PERSON", "I-PERSON", "O", "B-LOCATION", "O"]
    probs = [0.99, 0.95, 0.97, 0.99, 0.6, 0.99]
    stats = RelabelStats()
    got = merge_labels(rules, model, probs, 0.9, stats)
    assert got == ["B-RANK", "B-PERSON", "I-PERSON", "O", "O", "O"]  # LOCATION below threshold
    assert (stats.added, stats.rule_spans, stats.model_spans) == (1, 1, 2)


def test_a_model_span_overlapping_a_rule_span_never_replaces_it():
    rules = ["B-AGENCY", "I-AGENCY", "I-AGENCY", "O"]
    model = ["B-AGENCY", "I-AGENCY", "O", "B-LOCATION"]  # shorter agency, and a new place
    stats = RelabelStats()
    got = merge_labels(rules, model, [0.99] * 4, 0.9, stats)
    assert got == ["B-AGENCY", "I-AGENCY", "I-AGENCY", "B-LOCATION"]
    assert stats.overlapping == 1 and stats.added == 1


def test_ill_formed_model_tags_are_read_as_seqeval_reads_them():
    got = merge_labels(["O", "O", "O"], ["I-PERSON", "I-PERSON", "O"], [0.95, 0.95, 0.99], 0.9)
    assert got == ["B-PERSON", "I-PERSON", "O"]


@pytest.mark.slow
def test_rounds_are_reported_and_the_best_is_kept(tmp_path, monkeypatch):
    import torch

    from train.training.trainer import run_training

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.delenv("ANNINH_BACKBONE", raising=False)
    monkeypatch.delenv("ANNINH_PHOBERT_DIR", raising=False)
    n = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        cfg = load_config(ROOT / "configs" / "tiny.yaml", [
            f"output_dir={tmp_path}", "name=st", f"data.corpus={ROOT / 'data' / 'raw'}",
            f"data.dev_file={ROOT / 'data' / 'gold' / 'seeds.gold.jsonl'}", "training.epochs=2",
            "augment.enabled=false", "training.self_training.rounds=2", "training.self_training.threshold=0.5",
            "training.self_training.epochs=1"])
        out = run_training(cfg)
    finally:
        torch.set_num_threads(n)
    rounds = out.metrics["self_training"]
    assert [r["round"] for r in rounds] == [0, 1, 2]
    assert sum(r["kept"] for r in rounds) == 1
    kept = next(r for r in rounds if r["kept"])
    assert kept["dev_f1"] == max(r["dev_f1"] for r in rounds)
    assert out.metrics["dev"]["seqeval"]["micro avg"]["f1-score"] == pytest.approx(kept["dev_f1"], abs=1e-9)
    assert all("relabel" in r and r["relabel"]["sentences"] > 0 for r in rounds[1:])
    saved = json.loads((out.model_dir / "metrics.json").read_text(encoding="utf-8"))
    assert saved["self_training"] == rounds
    assert saved["train"]["global_step"] == rounds[0]["steps"]  # the first model's steps, not a round's
    # The best checkpoint named is the kept round's (round 0's own, or self-training-<r>/...).
    assert saved["best_checkpoint"] == kept["best_checkpoint"] and saved["best_checkpoint"]
    assert kept["round"] == 0 or saved["best_checkpoint"].startswith(f"self-training-{kept['round']}/")
    assert saved["history"] and max(h["step"] for h in saved["history"]) <= rounds[0]["steps"]
    assert "## Self-training" in (out.model_dir / "README.md").read_text(encoding="utf-8")


def test_reviewed_gold_wins_over_silver_on_its_paragraphs(tmp_path):
    """data.train_file mixes with the silver corpus; its paragraphs replace the silver ones."""
    from train.training.data import prepare_data

    raw = ROOT / "data" / "raw"
    doc = "000_a4485ea5e863f0e5"
    text = (raw / f"{doc}.txt").read_text(encoding="utf-8")
    from model.document import make_document

    para = next(p for p in make_document(text, doc).paragraphs if "Trung tướng" in p.text)
    i = para.text.index("Trung tướng")
    gold = tmp_path / "reviewed.gold.jsonl"
    # A reviewer's decision the rules would not take: only the rank, nothing else.
    gold.write_text(json.dumps({"doc": doc, "para": para.index, "text": para.text,
                                "entities": [[i, i + len("Trung tướng"), "RANK"]]}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    base = ["augment.enabled=false", f"data.corpus={raw}", "data.dev_file=null"]
    silver = prepare_data(load_config(ROOT / "configs" / "tiny.yaml", base))
    mixed = prepare_data(load_config(ROOT / "configs" / "tiny.yaml", base + [f"data.train_file={gold}"]))
    of = lambda data: [s for s in data.train if (s.doc, s.para) == (doc, para.index)]  # noqa: E731
    assert any(t.endswith("PERSON") for s in of(silver) for t in s.tags)
    tags = [t for s in of(mixed) for t in s.tags]
    assert {t for t in tags if t != "O"} == {"B-RANK", "I-RANK"} or {t for t in tags if t != "O"} == {"B-RANK"}
    others = lambda data: [s for s in data.train if (s.doc, s.para) != (doc, para.index)]  # noqa: E731
    assert [s.tags for s in others(mixed)] == [s.tags for s in others(silver)]
    assert any("replacing" in src for src in mixed.summary["train_sources"])


def test_no_model_span_is_added_where_the_rules_see_no_entity():
    """`Công an 3 tỉnh` is no AGENCY by the guideline: the rules' silence there is a
    decision, and a confident model span over it is not added."""
    rules = ["O", "O", "O", "O", "B-LOCATION"]
    model = ["B-AGENCY", "I-AGENCY", "I-AGENCY", "O", "B-LOCATION"]
    veto = [True, True, True, False, False]
    stats = RelabelStats()
    assert merge_labels(rules, model, [0.99] * 5, 0.9, stats, veto) == rules
    assert stats.vetoed == 1 and stats.added == 0
    assert merge_labels(rules, model, [0.99] * 5, 0.9)[:3] == ["B-AGENCY", "I-AGENCY", "I-AGENCY"]


def test_the_mean_of_the_rounds_weights_is_the_model_written(tmp_path, monkeypatch):
    import torch

    from train.evaluation.evaluate import evaluate_model_dir
    from train.corpus.gold import load_gold
    from train.training.selftrain import average_states
    from train.training.trainer import run_training

    a = {"w": torch.tensor([1.0, 3.0]), "ids": torch.tensor([0, 1])}
    b = {"w": torch.tensor([3.0, 5.0]), "ids": torch.tensor([0, 1])}
    mean = average_states([a, b])
    assert mean["w"].tolist() == [2.0, 4.0] and mean["ids"].dtype == torch.int64

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.delenv("ANNINH_BACKBONE", raising=False)
    monkeypatch.delenv("ANNINH_PHOBERT_DIR", raising=False)
    gold = ROOT / "data" / "gold" / "seeds.gold.jsonl"
    n = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        cfg = load_config(ROOT / "configs" / "tiny.yaml", [
            f"output_dir={tmp_path}", "name=soup", f"data.corpus={ROOT / 'data' / 'raw'}",
            f"data.dev_file={gold}", "training.epochs=2", "augment.enabled=false",
            "training.self_training.rounds=1", "training.self_training.threshold=0.5",
            "training.self_training.epochs=1", "training.self_training.average=true"])
        out = run_training(cfg)
    finally:
        torch.set_num_threads(n)
    rounds = out.metrics["self_training"]
    assert [r["round"] for r in rounds] == [0, 1, "average"]
    assert sum(r["kept"] for r in rounds) == 1
    kept = next(r for r in rounds if r["kept"])
    assert kept["round"] == "average" and kept["dev_f1"] is not None
    # the model written is the one kept: inference reproduces its dev score
    assert evaluate_model_dir(out.model_dir, load_gold(gold)).micro_f1 == pytest.approx(kept["dev_f1"], abs=1e-9)
    assert rounds[2]["best_checkpoint"].startswith("mean of ")
