"""Evaluation against gold: the shared scorer, per-paragraph prediction, error files, CLI."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from inference_helpers import forced_model_dir, tiny_model_dir
from model.entity import Entity
from train.cli import app
from train.evaluation.evaluate import error_records, evaluate_annotator, evaluate_systems, predict_gold, write_errors
from train.evaluation.scoring import score_paragraphs, scoring_tokens
from train.corpus.gold import GoldParagraph, load_gold, write_gold

GOLD = Path(__file__).resolve().parents[1] / "data" / "gold" / "seeds.gold.jsonl"


@pytest.fixture(scope="module")
def gold():
    return load_gold(GOLD)


class Oracle:
    """Answers with the gold spans of whichever paragraph text it is given, optionally
    damaged, to test the evaluation plumbing against known counts."""

    def __init__(self, gold, drop_label=None, shift_label=None):
        self.by_text = {}
        for gp in gold:
            self.by_text.setdefault(gp.text, gp.entities)
        self.drop, self.shift = drop_label, shift_label
        self.seen = []

    def __call__(self, text):
        self.seen.append(text)
        out = []
        pos = 0
        for line in text.split("\n"):  # a whole document: one gold paragraph a line
            for s, e, lab in self.by_text.get(line, []):
                if lab == self.drop:
                    continue
                if lab == self.shift and e - s > 1:
                    e -= 1  # boundary error
                out.append(Entity(pos + s, pos + e, lab, text[pos + s:pos + e]))
            pos += len(line) + 1
        return out


def test_perfect_system_scores_one_and_has_no_errors(gold):
    res = evaluate_annotator(Oracle(gold), gold, name="oracle")
    assert res.report.micro_f1 == pytest.approx(1.0)
    assert res.report.exact["micro avg"]["f1-score"] == pytest.approx(1.0)
    assert error_records("oracle", gold, res.predictions) == []


def test_each_gold_document_is_annotated_as_one_article(gold):
    oracle = Oracle(gold)
    preds = predict_gold(oracle, gold)
    docs = list(dict.fromkeys(gp.doc for gp in gold))
    assert oracle.seen == ["\n".join(gp.text for gp in gold if gp.doc == d) for d in docs]
    assert set(preds) == {(gp.doc, gp.para) for gp in gold}
    assert all(preds[(gp.doc, gp.para)] == gp.entities for gp in gold)


def test_paragraph_context_annotates_each_paragraph_on_its_own(gold):
    oracle = Oracle(gold)
    preds = predict_gold(oracle, gold, context="paragraph")
    assert oracle.seen == [gp.text for gp in gold]
    assert all(preds[(gp.doc, gp.para)] == gp.entities for gp in gold)
    with pytest.raises(ValueError, match="context"):
        predict_gold(oracle, gold, context="sentence")


def test_document_context_lets_the_rules_use_earlier_paragraphs():
    from model.rules import RuleEngine

    first = "Đại tá Phan Văn Khải dự hội nghị tại tỉnh Bắc Giang."
    later = "Phát biểu tại hội nghị, Khải nhấn mạnh yêu cầu phối hợp."
    paras = [GoldParagraph("d", 0, first, []), GoldParagraph("d", 1, later, [])]
    engine = RuleEngine()
    joint = predict_gold(engine.annotate, paras)
    alone = predict_gold(engine.annotate, paras, context="paragraph")
    k = later.index("Khải")
    assert (k, k + len("Khải"), "PERSON") in joint[("d", 1)]
    assert (k, k + len("Khải"), "PERSON") not in alone[("d", 1)]


def test_damaged_system_counts_and_error_records(gold, tmp_path):
    n_person = sum(1 for gp in gold for s in gp.entities if s[2] == "PERSON")
    n_rank = sum(1 for gp in gold for s in gp.entities if s[2] == "RANK")
    res = evaluate_annotator(Oracle(gold, drop_label="PERSON", shift_label="RANK"), gold, name="bad")
    rep = res.report
    assert rep.f1("PERSON") == 0.0 and rep.seqeval["PERSON"]["support"] == n_person
    assert rep.f1("AGENCY") == pytest.approx(1.0) and rep.f1("LOCATION") == pytest.approx(1.0)
    assert rep.exact["RANK"]["f1-score"] == 0.0  # every rank one character short
    recs = error_records("bad", gold, res.predictions)
    fn = [r for r in recs if r["kind"] == "FN"]
    fp = [r for r in recs if r["kind"] == "FP"]
    assert sum(r["error"] == "missed" and r["label"] == "PERSON" for r in fn) == n_person
    assert sum(r["error"] == "boundary" for r in fp) == n_rank
    for r in recs:
        assert "[[" + r["text"] + "]]" in r["context"]
    path = tmp_path / "errors.jsonl"
    assert write_errors(path, {"bad": res}, gold) == len(recs)
    lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    assert lines == recs
    tsv = tmp_path / "errors.tsv"
    write_errors(tsv, {"bad": res}, gold)
    rows = tsv.read_text(encoding="utf-8").splitlines()
    assert len(rows) == len(recs) + 1 and all(len(r.split("\t")) == 9 for r in rows)


def test_type_error_is_classified(tmp_path):
    gp = GoldParagraph("d", 0, "Công an Huế bắt Lê A", [(0, 11, "AGENCY"), (16, 20, "PERSON")])
    preds = {("d", 0): [(0, 11, "LOCATION"), (16, 20, "PERSON")]}
    recs = error_records("x", [gp], preds)
    assert [(r["kind"], r["error"], r["label"]) for r in recs] == [("FP", "type", "LOCATION"), ("FN", "type", "AGENCY")]


@pytest.fixture(scope="module")
def small_gold(gold, tmp_path_factory):
    path = tmp_path_factory.mktemp("gold") / "small.gold.jsonl"
    write_gold(path, gold[:12])
    return path


@pytest.mark.slow
def test_evaluate_systems_side_by_side(small_gold):
    systems = {"rand": str(tiny_model_dir(0)), "all-person": str(forced_model_dir("B-PERSON"))}
    results = evaluate_systems(systems, small_gold)
    assert list(results) == ["rand", "all-person"]
    allp = results["all-person"].report
    assert allp.seqeval["PERSON"]["precision"] < 0.2  # every token tagged PERSON
    assert allp.f1("AGENCY") == 0.0 and allp.seqeval["AGENCY"]["support"] > 0
    for r in results.values():
        assert not r.report.missing


@pytest.mark.slow
def test_hybrid_prefix_puts_model_and_hybrid_side_by_side(small_gold):
    d = str(forced_model_dir("B-RANK"))
    results = evaluate_systems({"model": d, "hybrid": "hybrid:" + d}, small_gold)
    n_ranks = results["hybrid"].report.seqeval["RANK"]["support"]
    assert n_ranks > 0
    assert results["model"].report.seqeval["RANK"]["precision"] < 0.2  # every token a RANK
    assert results["hybrid"].report.f1("RANK") > 0.9  # ranks from the lexicon
    assert results["hybrid"].report.seqeval["micro avg"]["precision"] > 0.9


@pytest.mark.slow
def test_cli_evaluate_two_models_and_errors_file(small_gold, tmp_path):
    errors = tmp_path / "errors.jsonl"
    report = tmp_path / "report.json"
    a, b = str(tiny_model_dir(0)), str(forced_model_dir("B-PERSON"))
    res = CliRunner().invoke(
        app, ["evaluate", "--model", a, "--model", b, "--gold", str(small_gold),
              "--errors", str(errors), "--json", str(report)],
        catch_exceptions=False,
    )
    assert res.exit_code == 0, res.output
    table = [ln for ln in res.stdout.splitlines() if ln.startswith("| ")]
    assert table[0].startswith("| system | type |")
    for name in (a, b):
        rows = [ln for ln in table if ln.startswith(f"| {name} |")]
        assert [r.split(" | ")[1] for r in rows] == ["AGENCY", "RANK", "PERSON", "LOCATION", "micro avg", "macro avg"]
    recs = [json.loads(x) for x in errors.read_text(encoding="utf-8").splitlines()]
    assert {r["system"] for r in recs} == {a, b}
    assert any(r["kind"] == "FN" for r in recs) and any(r["kind"] == "FP" for r in recs)
    data = json.loads(report.read_text(encoding="utf-8"))
    assert set(data) == {a, b} and "micro avg" in data[b]["seqeval"]


def test_cli_evaluate_bad_inputs(tmp_path, small_gold):
    res = CliRunner().invoke(app, ["evaluate", "--model", "rules", "--gold", str(tmp_path / "no.jsonl")])
    assert res.exit_code == 2 and "no.jsonl" in res.output
    res = CliRunner().invoke(app, ["evaluate", "--model", str(tmp_path / "nomodel"), "--gold", str(small_gold)])
    assert res.exit_code == 2 and "nomodel" in res.output


def test_cli_evaluate_output_and_gold_errors_are_one_line(tmp_path, small_gold):
    """Issue 10: each of these was a traceback, or (empty gold) a table of zeros and exit 0."""
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes(b'{"doc": "C\xf4ng", "para": 0, "text": "x", "entities": []}\n')
    nested = tmp_path / "nested.jsonl"
    nested.write_text("[" * 100_000 + "\n", encoding="utf-8")
    cases = [
        (["--gold", str(empty)], "holds no records"),
        (["--gold", str(latin)], "not UTF-8"),
        (["--gold", str(nested)], "nested too deeply"),
        (["--gold", str(small_gold), "--json", "."], "is a folder"),
        (["--gold", str(small_gold), "--json", "/proc/anninh-report.json"], "cannot write"),
        (["--gold", str(small_gold), "--errors", str(small_gold)], "is also an input"),
    ]
    for args, says in cases:
        res = CliRunner().invoke(app, ["evaluate", "--model", "rules", *args])
        assert res.exit_code == 2, (args, res.output)
        assert says in res.output and len(res.output.strip().splitlines()) == 1, (args, res.output)


def test_cli_evaluate_skips_names_and_counts_a_broken_system(tmp_path, small_gold):
    res = CliRunner().invoke(app, ["evaluate", "--model", str(tmp_path / "nomodel"), "--model", "rules",
                                   "--gold", str(small_gold)])
    assert res.exit_code == 0, res.output
    assert "skipped 1 of 2 system(s)" in res.output and "nomodel" in res.output
    assert any(ln.startswith("| rules | AGENCY |") for ln in res.output.splitlines())
    res = CliRunner().invoke(app, ["evaluate", "--model", str(tmp_path / "a"), "--model", str(tmp_path / "b"),
                                   "--gold", str(small_gold)])
    assert res.exit_code == 2 and "none of the 2 systems" in res.output


def test_a_span_ending_inside_a_token_is_an_error_whatever_the_tokeniser():
    """``Cư M`` for ``Cư M'gar`` must not score as the gold span, even though the tokeniser
    keeps ``M'gar`` whole and a token belongs to the span that holds its first character."""
    text = "Công an huyện Cư M'gar điều tra."
    gold = [GoldParagraph("d", 0, text, [(14, 22, "LOCATION")])]
    assert text[14:22] == "Cư M'gar"
    assert [text[a:b] for a, b in scoring_tokens(text, [(14, 18, "LOCATION")])][3:6] == ["Cư", "M", "'gar"]
    cut = score_paragraphs(gold, {("d", 0): [(14, 18, "LOCATION")]})
    whole = score_paragraphs(gold, {("d", 0): [(14, 22, "LOCATION")]})
    assert cut.micro_f1 == 0.0 and whole.micro_f1 == 1.0
