"""The review loop through a real Label Studio server on 127.0.0.1.

The server (tests/labelstudio_server.py) is shared by every module that needs one and
started once; without an installed Label Studio this module is skipped, saying why. The
tests create projects from our exported labelling config, import our exported tasks,
submit an annotation through the API, export JSON and import that back into gold,
comparing bytes.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from train.corpus.gold import load_gold, write_gold
from train.review import labelstudio

from labelstudio_server import LABEL_STUDIO, SKIP_REASON
from review_data import ROOT, SEEDS, hard_gold

pytestmark = pytest.mark.skipif(not LABEL_STUDIO, reason=SKIP_REASON)


@pytest.fixture(scope="module")
def ls(label_studio):
    return label_studio


def _export_cli(source: Path, out: Path, *extra: str) -> list[dict]:
    from typer.testing import CliRunner

    from train.cli import app

    r = CliRunner().invoke(app, ["review", "export", str(source), "-o", str(out), *extra])
    assert r.exit_code == 0, r.output
    return json.loads(out.read_text(encoding="utf-8"))


def _import_cli(export: list[dict], tmp_path: Path, name: str, *extra: str, code: int = 0):
    from typer.testing import CliRunner

    from train.cli import app

    src = tmp_path / f"{name}.export.json"
    src.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / f"{name}.gold.jsonl"
    r = CliRunner().invoke(app, ["review", "import", str(src), "-o", str(out), *extra])
    assert r.exit_code == code, r.output
    return out if code == 0 else r.output


def test_seeds_gold_round_trip_through_label_studio(ls, tmp_path):
    tasks = _export_cli(SEEDS, tmp_path / "tasks.json")
    config = (tmp_path / "tasks.config.xml").read_text(encoding="utf-8")
    pid = ls.project("anninh seeds review", config)
    got = ls.import_tasks(pid, tasks)
    assert got["task_count"] == 66 and got["annotation_count"] == 66 and got["prediction_count"] == 66
    export = ls.export(pid)
    assert len(export) == 66
    out = _import_cli(export, tmp_path, "seeds")
    assert out.read_bytes() == SEEDS.read_bytes()
    out_min = _import_cli(ls.export(pid, "JSON_MIN"), tmp_path, "seeds-min")  # the flat export reads the same
    assert out_min.read_bytes() == SEEDS.read_bytes()


def test_hard_text_and_a_reviewer_correction_round_trip(ls, tmp_path):
    """NFD, emoji (one a ZWJ sequence), HTML entities, a zero-width space; one paragraph
    corrected through the API, every other one back byte for byte."""
    gold = hard_gold()
    write_gold(tmp_path / "hard.gold.jsonl", gold)
    tasks = _export_cli(tmp_path / "hard.gold.jsonl", tmp_path / "hard.json")
    pid = ls.project("anninh hard text", (tmp_path / "hard.config.xml").read_text(encoding="utf-8"))
    ls.import_tasks(pid, tasks)
    before = ls.export(pid)
    assert [t["data"]["text"] for t in before] == [g.text for g in gold]  # texts untouched by the server
    # The reviewer fixes paragraph 1 (emoji before every entity): drops its last span.
    task = next(t for t in before if t["data"]["para"] == 1)
    g1 = next(g for g in gold if g.para == 1 and g.doc == task["data"]["doc"])
    kept = g1.entities[:-1]
    result = [{"id": f"fix{k}", "from_name": "label", "to_name": "text", "type": "labels",
               "value": {"start": s, "end": e, "text": g1.text[s:e], "labels": [lab]}}
              for k, (s, e, lab) in enumerate(kept)]
    ls.annotate(task["id"], result)
    out = _import_cli(ls.export(pid), tmp_path, "hard")
    expected = [g if g is not g1 else type(g)(g.doc, g.para, g.text, list(kept)) for g in gold]
    write_gold(tmp_path / "expected.jsonl", expected)
    assert out.read_bytes() == (tmp_path / "expected.jsonl").read_bytes()
    assert load_gold(out)[1].entities == kept

    # A browser that counts UTF-16 units re-labels an emoji paragraph: one unit too far.
    task = next(t for t in before if t["id"] != task["id"] and len(t["data"]["text"].encode("utf-16-le")) // 2
                > len(t["data"]["text"]) and t["annotations"][0]["result"])
    text = task["data"]["text"]
    u16 = lambda i: len(text[:i].encode("utf-16-le")) // 2  # noqa: E731
    shifted = [{"id": f"u{k}", "from_name": "label", "to_name": "text", "type": "labels",
                "value": dict(r["value"], start=u16(r["value"]["start"]), end=u16(r["value"]["end"]))}
               for k, r in enumerate(task["annotations"][0]["result"])]
    assert any(r["value"]["start"] != o["value"]["start"] for r, o in zip(shifted, task["annotations"][0]["result"]))
    ls.annotate(task["id"], shifted)
    after = ls.export(pid)
    msg = _import_cli(after, tmp_path, "hard-u16", code=2)
    assert f"task {task['id']} " in msg and "--utf16-offsets" in msg and "nothing written" in msg
    assert not (tmp_path / "hard-u16.gold.jsonl").exists()
    out = _import_cli(after, tmp_path, "hard-u16", "--utf16-offsets")
    assert out.read_bytes() == (tmp_path / "expected.jsonl").read_bytes()  # the same spans as before


def test_corpus_tasks_with_predictions_one_annotated(ls, tmp_path):
    tasks = _export_cli(ROOT / "data" / "raw", tmp_path / "raw.json", "--select", "random", "-n", "5", "--seed", "1")
    assert len(tasks) == 5 and all("annotations" not in t for t in tasks)
    pid = ls.project("anninh corpus", labelstudio.label_config())
    got = ls.import_tasks(pid, tasks)
    assert got["task_count"] == 5 and got["prediction_count"] == 5
    exported = ls.export(pid)
    src = max(tasks, key=lambda t: len(t["predictions"][0]["result"]))
    target = next(t for t in exported if t["data"] == src["data"])
    # the reviewer accepts the rules' pre-annotation as it is
    result = [{k: r[k] for k in ("id", "from_name", "to_name", "type", "value")} for r in src["predictions"][0]["result"]]
    assert result, "some sampled paragraph should have a predicted entity"
    ls.annotate(target["id"], result)
    out = _import_cli(ls.export(pid), tmp_path, "raw")
    (gp,) = load_gold(out)
    assert (gp.doc, gp.para, gp.text) == (target["data"]["doc"], target["data"]["para"], target["data"]["text"])
    assert gp.entities == [(r["value"]["start"], r["value"]["end"], r["value"]["labels"][0]) for r in result]
