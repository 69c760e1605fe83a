"""The review loop, closed end to end on tiny data, as docs/review.md tells it:

    anninh review export CORPUS --model M --select uncertain -o tasks.json
    (people correct the tasks in Label Studio and export them)
    anninh review import export.json -o reviewed.gold.jsonl
    train --config ... --set backbone.init_from=M --set data.reviewed.sets=[reviewed.gold.jsonl]
    anninh evaluate -m NEW_MODEL -g GOLD

The reviewer is simulated by a perfect one: each task comes back with the seeds' gold
spans of its paragraph, so what the import writes must be exactly that gold.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from train.corpus.gold import load_gold

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "configs" / "tiny.yaml"
RAW = ROOT / "data" / "raw"
SEEDS = ROOT / "data" / "gold" / "seeds.gold.jsonl"
INVENTED = ROOT / "data" / "gold" / "invented.gold.jsonl"


def run(*args: str) -> subprocess.CompletedProcess:
    """``anninh ARGS`` (``anninh train`` is the ``train`` command) in the repository root."""
    return subprocess.run([sys.executable, "-c", "from train.cli import main; main()", *args], capture_output=True,
                          text=True, cwd=ROOT, env={**os.environ, "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": "1"})


def reviewed_by_a_person(tasks: list[dict], gold: dict[tuple[str, int], list]) -> list[dict]:
    """A Label Studio export of ``tasks`` in which a person typed the gold spans of each task."""
    out = []
    for i, t in enumerate(tasks, 1):
        d = t["data"]
        text = d["text"]
        result = [{"id": f"r{k}", "from_name": "label", "to_name": "text", "type": "labels",
                   "value": {"start": s, "end": e, "text": text[s:e], "labels": [lab]}}
                  for k, (s, e, lab) in enumerate(gold[(d["doc"], d["para"])])]
        out.append({"id": i, "data": d, "predictions": [i],
                    "annotations": [{"id": 100 + i, "was_cancelled": False, "result": result,
                                     "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"}]})
    return out


def test_export_review_import_retrain_evaluate(tmp_path):
    # A first model, from the rules' silver labels alone; dev: the invented gold.
    common = ["--set", f"output_dir={tmp_path}", "--set", f"data.corpus={RAW}", "--set", f"data.dev_file={INVENTED}",
              "--set", "training.epochs=1"]
    r = run("train", "--config", str(TINY), "--name", "silver", *common)
    assert r.returncode == 0, r.stderr[-2000:]
    silver = tmp_path / "silver" / "model"

    # 1. The paragraphs the model is least sure of go out for review.
    tasks_file = tmp_path / "tasks.json"
    r = run("review", "export", str(RAW), "--model", str(silver), "--select", "uncertain", "-n", "8",
            "-o", str(tasks_file))
    assert r.returncode == 0, r.stderr[-2000:]
    tasks = json.loads(tasks_file.read_text(encoding="utf-8"))
    assert len(tasks) == 8 and all(t["predictions"] for t in tasks)

    # 2. People correct them (here: a perfect reviewer) and Label Studio exports them.
    gold = {(g.doc, g.para): g.entities for g in load_gold(SEEDS)}
    export = tmp_path / "export.json"
    export.write_text(json.dumps(reviewed_by_a_person(tasks, gold), ensure_ascii=False), encoding="utf-8")

    # 3. Import: what people typed, exactly.
    reviewed = tmp_path / "reviewed.gold.jsonl"
    r = run("review", "import", str(export), "-o", str(reviewed))
    assert r.returncode == 0, r.stderr[-2000:]
    back = load_gold(reviewed)
    assert len(back) == 8
    assert all(g.entities == [tuple(x) for x in gold[(g.doc, g.para)]] for g in back)

    # 4. Retrain from the first model with the new gold beside the silver.
    r = run("train", "--config", str(TINY), "--name", "reviewed", *common,
            "--set", f"backbone.init_from={silver}", "--set", f"data.reviewed.sets=[{reviewed}]",
            "--set", "data.reviewed.silver_weight=0.5", "--set", "data.reviewed.finetune.epochs=1")
    assert r.returncode == 0, r.stderr[-2000:]
    metrics = json.loads((tmp_path / "reviewed" / "model" / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["data"]["reviewed"]["paragraphs"] == 8
    assert metrics["data"]["reviewed"]["silver_sentences_replaced"] > 0  # gold won over the silver of its paragraphs
    assert metrics["finetune"]["gold_units"] > 0

    # 5. Evaluate the new model beside the rules.
    r = run("evaluate", "-m", str(tmp_path / "reviewed" / "model"), "-m", "rules", "-g", str(INVENTED),
            "--json", str(tmp_path / "scores.json"))
    assert r.returncode == 0, r.stderr[-2000:]
    scores = json.loads((tmp_path / "scores.json").read_text(encoding="utf-8"))
    assert scores  # both systems reported
    assert "micro" in r.stdout.lower()
