"""The review loop without a server: export, import, checks, selection, CLI.

tests/test_review_labelstudio.py runs the same round trip through a real Label Studio.
"""
from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from train.corpus.gold import load_gold, write_gold
from train.review import doccano, labelstudio
from train.review.items import ReviewItem, add_predictions, load_items
from train.review.select import disagreement, select_disagreement, select_random, select_uncertain
from train.review.spans import ReviewImportError, utf16_to_codepoints

from review_data import ROOT, SEEDS, hard_gold

RAW = ROOT / "data" / "raw"


def anninh(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from train.cli import main; main()", *args],
                          capture_output=True, text=True, cwd=cwd)


def as_ls_export(tasks: list[dict]) -> list[dict]:
    """What Label Studio's JSON export makes of imported tasks nobody touched: ids added,
    annotations get ids and timestamps, predictions become ids."""
    out = []
    for i, t in enumerate(copy.deepcopy(tasks), 1):
        anns = [dict(a, id=100 + i, was_cancelled=False, completed_by=1, created_at="2026-01-01T00:00:00Z",
                     updated_at="2026-01-01T00:00:00Z") for a in t.get("annotations", [])]
        out.append({"id": i, "data": t["data"], "annotations": anns, "predictions": [i] if t.get("predictions") else [],
                    "meta": t.get("meta", {})})
    return out


def gold_bytes(paras, tmp_path: Path, name: str = "expected.jsonl") -> bytes:
    write_gold(tmp_path / name, paras)
    return (tmp_path / name).read_bytes()


# ----------------------------------------------------------------------------- export

def test_label_config_has_our_four_labels_over_the_text():
    cfg = labelstudio.label_config()
    import xml.etree.ElementTree as ET

    root = ET.fromstring(cfg)
    labels = root.find("Labels")
    assert labels.get("name") == "label" and labels.get("toName") == "text"
    assert [lab.get("value") for lab in labels.findall("Label")] == ["AGENCY", "RANK", "PERSON", "LOCATION"]
    assert root.find("Text").get("value") == "$text"


def test_gold_goes_out_as_annotations_and_rules_as_scored_predictions():
    items = load_items(SEEDS)
    from model.annotator import Annotator

    add_predictions(items, Annotator("rules"), "rules")
    tasks = labelstudio.to_tasks(items, ["rules"])
    assert len(tasks) == 66
    t = tasks[1]
    assert t["data"]["doc"] == "000_a4485ea5e863f0e5" and t["data"]["para"] == 1
    ann = t["annotations"][0]["result"]
    assert [(r["value"]["start"], r["value"]["end"], r["value"]["labels"][0]) for r in ann] == \
           [tuple(s) for s in load_gold(SEEDS)[1].entities]
    pred = t["predictions"][0]
    assert pred["model_version"] == "rules"
    assert all(0 < r["score"] <= 1 and r["value"]["text"] == t["data"]["text"][r["value"]["start"]:r["value"]["end"]]
               for r in pred["result"])
    assert pred["score"] == min(r["score"] for r in pred["result"])


def test_corpus_paragraphs_keep_gold_numbering_and_drop_boilerplate():
    items = load_items(RAW)
    gold = {(g.doc, g.para): g.text for g in load_gold(SEEDS)}
    assert items and all(gold[it.key] == it.text for it in items)  # same (doc, para) -> same text
    assert len(items) < len(gold)  # captions and file names are not worth a reviewer's time
    assert len(load_items(RAW, skip_boilerplate=False)) == len(gold)


def test_predictions_map_back_into_paragraphs_on_hard_text():
    from model.annotator import Annotator

    paras = hard_gold()
    items = [ReviewItem(g.doc, g.para, g.text, gold=list(g.entities)) for g in paras]
    add_predictions(items, Annotator("rules"), "rules")
    n = 0
    for it in items:
        for s, e, lab, sc in it.predictions["rules"]:
            assert 0 <= s < e <= len(it.text) and it.text[s:e].strip() == it.text[s:e]
            n += 1
    assert n > 100


# ------------------------------------------------------------------------ round trip

@pytest.mark.parametrize("which", ["seeds", "hard"])
def test_labelstudio_round_trip_is_byte_for_byte(tmp_path, which):
    paras = load_gold(SEEDS) if which == "seeds" else hard_gold()
    items = [ReviewItem(g.doc, g.para, g.text, gold=list(g.entities)) for g in paras]
    tasks = json.loads(labelstudio.dumps(labelstudio.to_tasks(items, [])))
    back, problems, stats = labelstudio.parse_export(as_ls_export(tasks))
    assert not problems.errors and not problems.warnings
    assert stats["annotated"] == 66
    assert gold_bytes(back, tmp_path, "got.jsonl") == gold_bytes(paras, tmp_path)
    if which == "seeds":
        assert (tmp_path / "got.jsonl").read_bytes() == SEEDS.read_bytes()


def test_doccano_round_trip_both_ways(tmp_path):
    paras = hard_gold()
    items = [ReviewItem(g.doc, g.para, g.text, gold=list(g.entities)) for g in paras]
    text = doccano.dumps(doccano.to_records(items, None))
    back, problems, _ = doccano.parse_lines(text.split("\n"))
    assert not problems.errors
    assert gold_bytes(back, tmp_path, "got.jsonl") == gold_bytes(paras, tmp_path)
    # doccano's export with relation labelling on: entities as objects, metadata kept
    recs = [{"id": i, "text": g.text, "doc": g.doc, "para": g.para,
             "entities": [{"id": k, "start_offset": s, "end_offset": e, "label": lab}
                          for k, (s, e, lab) in enumerate(g.entities)], "relations": []}
            for i, g in enumerate(paras)]
    back2, _, _ = doccano.parse_lines([json.dumps(r, ensure_ascii=False) for r in recs])
    assert gold_bytes(back2, tmp_path, "got2.jsonl") == gold_bytes(paras, tmp_path)


def test_reviewer_edits_come_back_and_unannotated_tasks_are_left_out():
    items = load_items(RAW)[:3]
    tasks = as_ls_export(labelstudio.to_tasks(items, []))
    text = tasks[0]["data"]["text"]
    i = text.index("Công an")
    tasks[0]["annotations"] = [
        {"id": 1, "was_cancelled": False, "updated_at": "2026-01-01T00:00:00Z",
         "result": [{"type": "labels", "value": {"start": 0, "end": 3, "text": text[:3], "labels": ["PERSON"]}}]},
        {"id": 2, "was_cancelled": False, "updated_at": "2026-01-02T00:00:00Z",  # the latest wins
         "result": [{"type": "labels", "value": {"start": i, "end": i + 7, "text": "Công an", "labels": ["AGENCY"]}}]},
        {"id": 3, "was_cancelled": True, "updated_at": "2026-01-03T00:00:00Z", "result": []},  # skipped: ignored
    ]
    back, problems, stats = labelstudio.parse_export(tasks)
    assert [(g.doc, g.para, g.entities) for g in back] == [(items[0].doc, items[0].para, [(i, i + 7, "AGENCY")])]
    assert stats == {"tasks": 3, "annotated": 1, "unannotated": 2, "entities": 1}
    assert any("2 annotations; kept the latest (annotation 2)" in w for w in problems.warnings)


# ---------------------------------------------------------------------- bad exports

def _one_task(text: str, regions: list[dict], task_id: int = 7) -> list[dict]:
    return [{"id": task_id, "data": {"text": text, "doc": "d1", "para": 4},
             "annotations": [{"id": 1, "result": [{"id": f"r{k}", "type": "labels", "value": v}
                                                  for k, v in enumerate(regions)]}]}]


def test_task_without_text_is_named():
    with pytest.raises(ReviewImportError, match=r"task 9 .*no text"):
        labelstudio.parse_export([{"id": 9, "data": {"doc": "d", "para": 0}, "annotations": [{"result": []}]}])


def test_label_outside_the_four_is_named():
    text = "Đại tá Nguyễn Văn A"
    with pytest.raises(ReviewImportError, match=r"task 7 \(doc 'd1', para 4\).*'ORG' is not one of AGENCY, RANK, PERSON, LOCATION"):
        labelstudio.parse_export(_one_task(text, [{"start": 7, "end": 19, "text": text[7:], "labels": ["ORG"]}]))


def test_overlap_is_named():
    text = "Đại tá Nguyễn Văn A"
    with pytest.raises(ReviewImportError, match=r"task 7 .*overlap"):
        labelstudio.parse_export(_one_task(text, [
            {"start": 0, "end": 13, "text": text[:13], "labels": ["RANK"]},
            {"start": 7, "end": 19, "text": text[7:], "labels": ["PERSON"]},
        ]))


def test_shifted_offsets_are_reported_never_moved_and_utf16_is_explicit():
    text = "🚔 Đại tá Nguyễn Văn A"
    s = text.index("Nguyễn")
    region = {"start": s + 1, "end": len(text) + 1, "text": text[s:], "labels": ["PERSON"]}  # UTF-16 counting
    with pytest.raises(ReviewImportError) as err:
        labelstudio.parse_export(_one_task(text, [region]))
    msg = str(err.value)
    assert "task 7" in msg and "--utf16-offsets" in msg and f"[{s}, {len(text)}]" in msg
    back, _, _ = labelstudio.parse_export(_one_task(text, [region]), utf16=True)
    assert back[0].entities == [(s, len(text), "PERSON")]
    # one export can mix API-made (code point) and browser-made (UTF-16) spans
    rank = {"start": 2, "end": 8, "text": text[2:8], "labels": ["RANK"]}
    back, problems, _ = labelstudio.parse_export(_one_task(text, [rank, region]), utf16=True)
    assert back[0].entities == [(2, 8, "RANK"), (s, len(text), "PERSON")]
    assert len(problems.warnings) == 1 and "read as UTF-16" in problems.warnings[0]
    assert utf16_to_codepoints(text, 1) is None  # inside the surrogate pair


def test_every_bad_task_is_listed_at_once():
    text = "Đại tá Nguyễn Văn A"
    bad = _one_task(text, [{"start": 0, "end": 6, "text": text[:6], "labels": ["RANKS"]}], 1) + \
        [{"id": 2, "data": {"doc": "x", "para": 0}, "annotations": [{"result": []}]}] + \
        _one_task(text, [{"start": 0, "end": 5, "text": "Đại t", "labels": ["RANK"]}, ], 3)
    bad[2]["data"]["para"] = 5
    with pytest.raises(ReviewImportError) as err:
        labelstudio.parse_export(bad)
    assert err.value.errors[0].startswith("task 1 ") and err.value.errors[1].startswith("task 2 ")
    assert len(err.value.errors) == 2  # "Đại t" matches its text; it only warns (inside a word)


def test_edge_whitespace_is_trimmed_with_a_warning_and_nfd_cuts_are_errors():
    import unicodedata

    text = unicodedata.normalize("NFD", "Đại tá Nguyễn Văn A")
    s = text.index("N")
    back, problems, _ = labelstudio.parse_export(_one_task(text, [{"start": s - 1, "end": len(text), "text": text[s - 1:],
                                                                    "labels": ["PERSON"]}]))
    assert back[0].entities == [(s, len(text), "PERSON")]
    assert any("trimmed" in w for w in problems.warnings)
    cut = text.index("a") + 1  # 'a' then its combining dot below
    assert unicodedata.combining(text[cut])
    with pytest.raises(ReviewImportError, match="combining mark"):
        labelstudio.parse_export(_one_task(text, [{"start": 0, "end": cut, "text": text[:cut], "labels": ["RANK"]}]))


def test_two_tasks_for_one_paragraph_are_an_error():
    text = "Đại tá"
    tasks = _one_task(text, [], 1) + _one_task(text, [], 2)
    with pytest.raises(ReviewImportError, match=r"task 2 .*already given by task 1"):
        labelstudio.parse_export(tasks)


def test_doccano_classification_export_is_refused():
    with pytest.raises(ReviewImportError, match=r"line 1 .*text-classification"):
        doccano.parse_lines([json.dumps({"text": "x", "label": ["POSITIVE"], "doc": "d", "para": 0})])


# ----------------------------------------------------------------------------- CLI

def test_cli_round_trip_and_nothing_written_on_a_bad_export(tmp_path):
    r = anninh("review", "export", str(SEEDS), "-o", str(tmp_path / "tasks.json"))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "tasks.config.xml").read_text(encoding="utf-8") == labelstudio.label_config()
    tasks = json.loads((tmp_path / "tasks.json").read_text(encoding="utf-8"))
    (tmp_path / "export.json").write_text(json.dumps(as_ls_export(tasks), ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "reviewed.gold.jsonl"
    r = anninh("review", "import", str(tmp_path / "export.json"), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert out.read_bytes() == SEEDS.read_bytes()
    assert "wrote 66 reviewed paragraph(s), 143 entities" in r.stdout

    bad = as_ls_export(tasks)
    bad[40]["annotations"][0]["result"][0]["value"]["labels"] = ["MISC"]
    (tmp_path / "bad.json").write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    before = out.read_bytes()
    r = anninh("review", "import", str(tmp_path / "bad.json"), "-o", str(out))
    assert r.returncode == 2
    assert "task 41" in r.stderr and "'MISC'" in r.stderr and "nothing written" in r.stderr
    assert out.read_bytes() == before  # the old file is untouched
    r = anninh("review", "import", str(tmp_path / "bad.json"), "-o", str(tmp_path / "new.jsonl"))
    assert r.returncode == 2 and not (tmp_path / "new.jsonl").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_cli_doccano_both_ways(tmp_path):
    r = anninh("review", "export", str(SEEDS), "-o", str(tmp_path / "d.jsonl"), "--format", "doccano")
    assert r.returncode == 0, r.stderr
    labels = json.loads((tmp_path / "d.labels.json").read_text(encoding="utf-8"))
    assert [x["text"] for x in labels] == ["AGENCY", "RANK", "PERSON", "LOCATION"]
    r = anninh("review", "import", str(tmp_path / "d.jsonl"), "-o", str(tmp_path / "g.jsonl"), "--format", "doccano")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "g.jsonl").read_bytes() == SEEDS.read_bytes()


def test_cli_help_lists_review_commands():
    r = anninh("--help")
    assert r.returncode == 0 and "review" in r.stdout
    r = anninh("review", "--help")
    assert r.returncode == 0 and "export" in r.stdout and "import" in r.stdout


def test_cli_corpus_export_has_rules_predictions_and_no_annotations(tmp_path):
    r = anninh("review", "export", str(RAW), "-o", str(tmp_path / "sub" / "t.json"), "--select", "random",
               "-n", "7", "--seed", "3")
    assert r.returncode == 0, r.stderr
    tasks = json.loads((tmp_path / "sub" / "t.json").read_text(encoding="utf-8"))
    assert len(tasks) == 7 and all("annotations" not in t for t in tasks)
    gold = {(g.doc, g.para): g.text for g in load_gold(SEEDS)}
    for t in tasks:
        assert gold[(t["data"]["doc"], t["data"]["para"])] == t["data"]["text"]
        (pred,) = t["predictions"]
        assert pred["model_version"] == "rules"
    assert any(t["predictions"][0]["result"] for t in tasks)
    assert (tmp_path / "sub" / "t.config.xml").is_file()


def test_cli_needs_a_model_for_model_based_selection(tmp_path):
    r = anninh("review", "export", str(RAW), "-o", str(tmp_path / "t.json"), "--select", "disagreement")
    assert r.returncode == 2 and "--select disagreement needs --model" in r.stderr
    assert not (tmp_path / "t.json").exists()


def test_json_min_export_reads_like_the_full_export(tmp_path):
    paras = hard_gold()[:6]
    items = [ReviewItem(g.doc, g.para, g.text, gold=list(g.entities)) for g in paras]
    rows = []
    for i, t in enumerate(labelstudio.to_tasks(items, []), 1):
        rows.append(dict(t["data"], id=i, annotation_id=10 + i, annotator=1,
                         label=[r["value"] for r in t["annotations"][0]["result"]]))
    back, _, _ = labelstudio.parse_export(rows)
    assert gold_bytes(back, tmp_path, "got.jsonl") == gold_bytes(paras, tmp_path)


# ------------------------------------------------------------------------ selection

def _items(n: int) -> list[ReviewItem]:
    return [ReviewItem("d", i, f"p{i}") for i in range(n)]


def test_random_selection_is_reproducible_by_seed():
    items = _items(50)
    a = [it.para for it in select_random(items, 10, seed=1)]
    assert a == [it.para for it in select_random(items, 10, seed=1)]
    assert a != [it.para for it in select_random(items, 10, seed=2)]
    assert a == sorted(a) and len(set(a)) == 10


def test_disagreement_ranks_by_spans_only_one_system_has():
    assert disagreement([(0, 3, "RANK", 0.9)], [(0, 3, "RANK", 0.2)]) == 0
    assert disagreement([(0, 3, "RANK")], [(0, 3, "PERSON"), (5, 9, "PERSON")]) == 3
    items = _items(4)
    preds = [([], []), ([(0, 1, "RANK")], []), ([(0, 1, "RANK")], [(0, 2, "RANK"), (3, 4, "PERSON")]), ([], [])]
    for it, (r, m) in zip(items, preds):
        it.predictions = {"rules": r, "model:x": m}
    got = select_disagreement(items, "rules", "model:x", 10, seed=0)
    assert [(it.para, it.select_score) for it in got] == [(2, 3.0), (1, 1.0)]


def test_uncertain_picks_lowest_margin_first_with_seeded_ties():
    items = _items(4)
    margins = [[(0, 1, 0.9)], [(0, 1, 0.1), (2, 3, 0.8)], [(0, 1, 0.5)], [(0, 1, 0.1)]]
    a = [it.para for it in select_uncertain(items, margins, 3, seed=0)]
    assert set(a[:2]) == {1, 3} and a[2] == 2
    assert a == [it.para for it in select_uncertain(items, margins, 3, seed=0)]


@pytest.mark.slow
def test_model_margins_and_cli_selection_with_a_tiny_model(tmp_path):
    from tinymodels import write_tiny_model_dir

    from model.classifier import TokenClassifier
    from train.review.margins import word_margins

    mdir = write_tiny_model_dir(tmp_path / "m")
    clf = TokenClassifier(mdir)
    texts = ["Đại tá Nguyễn Văn A làm việc tại Hà Nội.", "", "🚔 Công an tỉnh Nghệ An. Bắt giữ Lê B."]
    ms = word_margins(clf, texts)
    assert ms[1] == []
    for t, m in zip(texts, ms):
        assert all(0.0 <= x <= 1.0 and t[s:e].strip() for s, e, x in m)
    assert len(ms[0]) == sum(len(u.words) for u in clf.units([texts[0]]))
    assert ms == word_margins(clf, texts)
    # margins are read where the classifier decides: its spans follow from these tags
    from model.labels import tags_to_spans
    from train.review.margins import word_predictions

    long_text = " ".join(["Đại tá Nguyễn Văn An, Giám đốc Công an tỉnh Nghệ An"] * 6)  # several windows
    words = word_predictions(clf, [long_text])[0]
    got, k = [], 0
    for u in clf.units([long_text]):
        mine = words[k : k + len(u.words)]
        k += len(u.words)
        got += [(mine[i][0], mine[j - 1][1], lab) for i, j, lab in tags_to_spans([w[2] for w in mine])]
    assert k == len(words) and max(len(u.windows) for u in clf.units([long_text])) > 1
    assert got == [(s, e, lab) for s, e, lab, _ in clf.predict_spans([long_text])[0]]
    from typer.testing import CliRunner

    from train.cli import app

    outs = []
    for sel in ("uncertain", "uncertain", "disagreement"):  # in-process: torch is imported once
        out = tmp_path / f"{sel}{len(outs)}.json"
        r = CliRunner().invoke(app, ["review", "export", str(RAW), "-o", str(out), "--model", str(mdir),
                                     "--select", sel, "-n", "4", "--seed", "5", "--predictions", "both"])
        assert r.exit_code == 0, r.output
        tasks = json.loads(out.read_text(encoding="utf-8"))
        assert 0 < len(tasks) <= 4
        assert [p["model_version"] for p in tasks[0]["predictions"]] == ["rules", "model:m"]
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]  # same seed, same tasks
    scores = [t["meta"]["select_score"] for t in json.loads(outs[0])]
    assert scores == sorted(scores)
