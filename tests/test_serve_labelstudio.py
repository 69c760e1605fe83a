"""``anninh serve`` as Label Studio's ML backend, against the real Label Studio 1.23.2.

A project is created with the labelling config ``anninh review export`` writes, the
running ``anninh serve`` (rules, with a token that Label Studio sends as Basic auth) is
connected through Label Studio's API, tasks are imported (exported paragraphs, NFD text,
HTML remnants), Label Studio is asked to retrieve predictions, and the predictions it
stored must hold exactly ``annotate()``'s spans, scores and the weakest span as task score.
Label Studio is the one server all modules of a pytest run share
(tests/labelstudio_server.py); without one installed this module is skipped, saying why."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from model import annotate
from train.cli import app

from labelstudio_server import LABEL_STUDIO, SKIP_REASON
from serve_helpers import ROOT, ServerProcess, parity_texts

pytestmark = pytest.mark.skipif(not LABEL_STUDIO, reason=SKIP_REASON)
SERVE_TOKEN = "serve-token-for-label-studio"


def test_label_studio_stores_the_backends_predictions(label_studio, tmp_path):
    ls = label_studio
    out = tmp_path / "tasks.json"
    r = CliRunner().invoke(app, ["review", "export", str(ROOT / "data" / "raw"), "-o", str(out),
                                 "--select", "random", "-n", "6", "--seed", "2"])
    assert r.exit_code == 0, r.output
    config = (tmp_path / "tasks.config.xml").read_text(encoding="utf-8")
    exported = json.loads(out.read_text(encoding="utf-8"))
    extra = parity_texts()
    tasks = [{"data": t["data"]} for t in exported]  # the backend's predictions only
    tasks += [{"data": {"text": extra[k], "doc": k, "para": 0}} for k in ("nfd", "html", "emoji", "blank")]

    with ServerProcess("--model", "rules", "--token", SERVE_TOKEN, log=tmp_path / "serve.log") as srv:
        srv.wait_ready(headers={"Authorization": f"Bearer {SERVE_TOKEN}"})
        pid = ls.project("anninh ml backend", config)
        backend = ls.call("POST", "/api/ml", {
            "url": srv.base, "project": pid, "title": "anninh", "is_interactive": False,
            "auth_method": "BASIC_AUTH", "basic_auth_user": "label-studio", "basic_auth_pass": SERVE_TOKEN})
        assert backend["state"] == "CO", backend  # connected: /health and /setup answered
        assert ls.import_tasks(pid, tasks)["task_count"] == len(tasks)
        done = ls.call("POST", f"/api/dm/actions?id=retrieve_tasks_predictions&project={pid}",
                       {"selectedItems": {"all": True, "excluded": []}})
        assert done["processed_items"] == len(tasks)
        stored = ls.call("GET", f"/api/predictions?project={pid}")
        stored_tasks = {t["id"]: t for t in ls.call("GET", f"/api/tasks?project={pid}&page_size=100")["tasks"]}
    log = srv.output()
    assert '"path": "/predict", "status": 200' in log and '"path": "/setup", "status": 200' in log

    version = next(iter({p["model_version"] for p in stored}))
    assert version.startswith("anninh-rules-") and len(stored) == len(tasks)
    by_task = {p["task"]: p for p in stored}
    assert set(by_task) == set(stored_tasks)
    n_spans = 0
    for tid, task in stored_tasks.items():
        text = task["data"]["text"]
        pred = by_task[tid]
        ents = annotate(text, model="rules")
        got = [(x["value"]["start"], x["value"]["end"], x["value"]["labels"], x["value"]["text"], x["score"])
               for x in pred["result"]]
        assert got == [(e.start, e.end, [e.label], e.text, round(e.score, 4)) for e in ents], task["data"]["doc"]
        assert all(text[x["value"]["start"]:x["value"]["end"]] == x["value"]["text"] for x in pred["result"])
        assert pred["score"] == pytest.approx(round(min((e.score for e in ents), default=1.0), 4))
        n_spans += len(got)
    assert n_spans >= 10  # the six sampled paragraphs and the hard texts hold 14 with the rules today
