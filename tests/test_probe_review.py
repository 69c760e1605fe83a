"""Reliability probe (issue 25, part 4): the review commands never destroy their input and
never turn a missing annotation into 'no entities'."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from train.cli import app
from train.review import labelstudio
from train.review.spans import ReviewImportError

from review_data import SEEDS

runner = CliRunner()


def _review(*args: str):
    return runner.invoke(app, ["review", *args], catch_exceptions=False)


def _export(tmp_path: Path) -> Path:
    """A Label Studio export of three paragraphs, each annotated with an empty result list."""
    tasks = [{"id": 10 + i, "data": {"text": f"Công an tỉnh {i}.", "doc": "d", "para": i},
              "annotations": [{"id": 100 + i, "result": []}]} for i in range(3)]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    return path


# ------------------------------------------------------------------ item 1: output == input

def test_review_export_refuses_to_overwrite_its_source(tmp_path):
    src = tmp_path / "seeds.gold.jsonl"
    src.write_bytes(SEEDS.read_bytes())
    before = src.read_bytes()
    res = _review("export", str(src), "-o", str(src))
    assert res.exit_code == 2
    assert "is also an input" in res.output
    assert src.read_bytes() == before


def test_review_export_refuses_a_sidecar_that_is_its_source(tmp_path):
    # tasks.json's labelling config goes to tasks.config.xml: that must not be the source either
    src = tmp_path / "tasks.config.xml"
    src.write_bytes(SEEDS.read_bytes())
    before = src.read_bytes()
    res = _review("export", str(src), "-o", str(tmp_path / "tasks.json"))
    assert res.exit_code == 2 and "is also an input" in res.output
    assert src.read_bytes() == before


def test_review_import_refuses_to_overwrite_its_export(tmp_path):
    export = _export(tmp_path)
    before = export.read_bytes()
    res = _review("import", str(export), "-o", str(export))
    assert res.exit_code == 2
    assert "is also an input" in res.output
    assert export.read_bytes() == before


# ------------------------------------------------------- item 5: a missing output folder

def test_review_import_refuses_a_missing_output_folder(tmp_path):
    export = _export(tmp_path)
    res = _review("import", str(export), "-o", str(tmp_path / "newdir" / "x.jsonl"))
    assert res.exit_code == 2
    assert "does not exist" in res.output and "mkdir -p" in res.output
    assert not (tmp_path / "newdir").exists()


# --------------------------------------------------- item 4: result null / missing is not gold

@pytest.mark.parametrize("annotation", [{"id": 5, "result": None}, {"id": 5}])
def test_annotation_without_result_is_an_error_naming_the_task(annotation):
    tasks = [{"id": 42, "data": {"text": "Công an tỉnh Huế.", "doc": "d", "para": 0}, "annotations": [annotation]},
             {"id": 43, "data": {"text": "Lào.", "doc": "d", "para": 1},
              "annotations": [{"id": 6, "result": []}]}]
    with pytest.raises(ReviewImportError, match=r"task 42 .*no result") as info:
        labelstudio.parse_export(tasks)
    assert "--skip-unlabelled" in str(info.value)
    assert "task 43" not in str(info.value)  # an explicit empty list is a valid 'no entities'


def test_skip_unlabelled_leaves_such_tasks_out_and_counts_them(tmp_path):
    tasks = [{"id": 42, "data": {"text": "Công an tỉnh Huế.", "doc": "d", "para": 0},
              "annotations": [{"id": 5, "result": None}]},
             {"id": 43, "data": {"text": "Lào.", "doc": "d", "para": 1}, "annotations": [{"id": 6, "result": []}]}]
    paras, problems, stats = labelstudio.parse_export(tasks, skip_unlabelled=True)
    assert [(p.doc, p.para, p.entities) for p in paras] == [("d", 1, [])]
    assert stats["unlabelled"] == 1
    assert any("task 42" in w and "no result" in w for w in problems.warnings)

    export = tmp_path / "e.json"
    export.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "g.jsonl"
    res = _review("import", str(export), "-o", str(out))
    assert res.exit_code == 2 and "task 42" in res.output and not out.exists()
    res = _review("import", str(export), "-o", str(out), "--skip-unlabelled")
    assert res.exit_code == 0, res.output
    assert "1 task(s) without a result left out" in res.output
    assert [json.loads(x)["para"] for x in out.read_text(encoding="utf-8").splitlines()] == [1]
