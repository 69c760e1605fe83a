"""End to end: train the tiny config, evaluate the model it wrote, annotate with it.

The tiny config is trained on the gold paragraphs themselves (``data.train_file``), so a
few seconds of training give non-zero F1 and the check that matters can be exact:
the model's sentence-level predictions must reproduce the trainer's own dev report number
for number, because both encode, window and score through the same code, and ``anninh
evaluate`` must report what that measurement gives with the document-level consistency pass.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from model import annotate
from model.annotator import clear_cache
from model.modeldir import read_meta
from model.text.paragraphs import split_paragraphs
from train.cli import app
from train.corpus.gold import load_gold

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "data" / "gold" / "seeds.gold.jsonl"
RAW = ROOT / "data" / "raw"
runner = CliRunner()


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    out = tmp_path_factory.mktemp("runs")
    res = runner.invoke(app, [
        "train", "--config", str(ROOT / "configs" / "tiny.yaml"), "--name", "e2e", "--output-dir", str(out),
        "--set", "data.corpus=null", "--set", f"data.train_file={GOLD}", "--set", f"data.dev_file={GOLD}",
        "--set", "augment.enabled=false", "--set", "training.epochs=8",
        "--set", "backbone.scratch.learning_rate=0.01",
    ], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    # Progress goes through logging; the command shows it on stderr at INFO.
    for shown in ("[trainer] train: ", "[trainer] encoded: ", "[trainer] dev micro F1 ", "[trainer] model written to "):
        assert shown in res.stderr, (shown, res.stderr)
    model_dir = out / "e2e" / "model"
    read_meta(model_dir)  # a complete, valid model directory
    yield model_dir
    clear_cache()


def test_evaluate_reproduces_the_trainers_dev_report(trained, tmp_path):
    metrics = json.loads((trained / "metrics.json").read_text(encoding="utf-8"))
    dev = metrics["dev"]["seqeval"]
    assert dev["micro avg"]["f1-score"] > 0.1, "the tiny model should learn something in 8 epochs"
    report, errors = tmp_path / "report.json", tmp_path / "errors.jsonl"
    res = runner.invoke(app, ["evaluate", "--model", str(trained), "--gold", str(GOLD),
                              "--json", str(report), "--errors", str(errors)], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    ours = json.loads(report.read_text(encoding="utf-8"))[str(trained)]
    # The sentence-level predictions reproduce the trainer's dev report number for number;
    # `anninh evaluate` adds the document-level consistency pass (model/consistency.yaml),
    # which may only change what a name repeated in the article gets, so it is compared
    # with the same measurement with that pass on.
    from train.evaluation.evaluate import evaluate_model_dir

    gold = load_gold(GOLD)
    plain = evaluate_model_dir(trained, gold).seqeval
    with_consistency = evaluate_model_dir(trained, gold, consistency=True).seqeval
    for row in ("AGENCY", "RANK", "PERSON", "LOCATION", "micro avg", "macro avg"):
        for m in ("precision", "recall", "f1-score", "support"):
            assert plain[row][m] == pytest.approx(dev[row][m], abs=1e-9), (row, m)
            assert ours["seqeval"][row][m] == pytest.approx(with_consistency[row][m], abs=1e-9), (row, m)
    assert f"| {trained} | micro avg |" in res.stdout
    # The error file holds exactly the exact-span misses and spurious spans.
    recs = [json.loads(x) for x in errors.read_text(encoding="utf-8").splitlines()]
    ex = ours["exact"]["micro avg"]
    tp = round(ex["recall"] * ex["support"])
    assert sum(r["kind"] == "FN" for r in recs) == ex["support"] - tp
    n_pred = round(tp / ex["precision"]) if ex["precision"] else sum(r["kind"] == "FP" for r in recs)
    assert sum(r["kind"] == "FP" for r in recs) == n_pred - tp


def test_annotating_whole_documents_matches_the_per_paragraph_evaluation(trained, tmp_path):
    gold = load_gold(GOLD)
    files = sorted(RAW.glob("*.txt"))
    out = tmp_path / "pred.jsonl"
    res = runner.invoke(app, ["annotate", *map(str, files), "--model", str(trained), "-o", str(out)],
                        catch_exceptions=False)
    assert res.exit_code == 0, res.output
    by_doc = {Path(r["source"]).stem: r["entities"] for r in map(json.loads, out.read_text().splitlines())}
    assert set(by_doc) == {gp.doc for gp in gold}
    # Sentence-level predictions do not depend on how the text is cut into calls; the
    # document-level consistency pass may add mentions of a name seen elsewhere in the
    # article, so whole documents are compared with it off, and the command's output
    # (with it on) must hold every one of those spans at the same offsets.
    from model.annotator import Annotator

    plain = Annotator(str(trained), consistency=False)
    per_para = plain.annotate([gp.text for gp in gold])
    whole = {f.stem: plain.annotate(f.read_text(encoding="utf-8")) for f in files}
    n = 0
    for gp, ents in zip(gold, per_para):
        text = (RAW / f"{gp.doc}.txt").read_text(encoding="utf-8")
        para = split_paragraphs(text)[gp.para]
        assert para.text == gp.text
        expected = [(e.start, e.end, e.label) for e in ents]
        doc_plain = [e for e in whole[gp.doc] if para.start <= e.start < para.end]
        assert [(e.start - para.start, e.end - para.start, e.label) for e in doc_plain] == expected
        doc_ents = [e for e in by_doc[gp.doc] if para.start <= e["start"] < para.end]
        assert set(expected) <= {(e["start"] - para.start, e["end"] - para.start, e["label"]) for e in doc_ents}
        for e in doc_ents:
            assert text[e["start"] : e["end"]] == e["text"]
        n += len(ents)
    assert n > 0


def test_annotate_api_with_the_environment_model(trained, monkeypatch):
    monkeypatch.setenv("ANNINH_MODEL", str(trained))
    text = "Trung tướng Lê Hồng Nam, Giám đốc Công an TP.HCM làm việc tại Thừa Thiên Huế."
    ents = annotate(text)
    assert ents == annotate(text, model=trained)
    assert ents, "a model that has seen this sentence's words finds entities in it"
    for e in ents:
        assert text[e.start : e.end] == e.text and 0 < e.score <= 1


def test_progress_records_are_not_printed_again_by_a_root_handler(capsys):
    """underthesea calls logging.basicConfig at import: a root handler printed every
    training line a second time, without its [module] tag."""
    import io
    import logging

    from train.cli._app import show_progress

    root_stream = io.StringIO()
    root_handler = logging.StreamHandler(root_stream)
    logging.root.addHandler(root_handler)
    try:
        show_progress()
        logging.getLogger("train.training.trainer").info("encoded: {'x': 1}")
    finally:
        logging.root.removeHandler(root_handler)
    assert "] encoded: {'x': 1}" in capsys.readouterr().err  # shown once, tagged
    assert root_stream.getvalue() == ""
