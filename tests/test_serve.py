"""``anninh serve`` in process (FastAPI's TestClient): parity with ``annotate()``, every
limit's status and message, the queue, the token, the access log, Label Studio's routes.

The subprocess tests (CLI, 1,000 requests, SIGTERM) are in test_serve_process.py; the
real Label Studio round trip in test_serve_labelstudio.py."""
from __future__ import annotations

import json
import logging
import threading
import time

import pytest
from fastapi.testclient import TestClient

from model import annotate
from model.annotator import clear_cache
from train.review.labelstudio import label_config
from train.serve.app import create_app
from train.serve.batching import BatchWorker
from train.serve.config import DEFAULTS_FILE, ServeConfig, ServeConfigError, load_config

from inference_helpers import tiny_model_dir
from serve_helpers import GatedAnnotator, article, parity_texts

FACTS = {"model_version": "test-version", "backend": "test"}


def dicts(ents):
    return [e.to_dict() for e in ents]


@pytest.fixture(scope="module")
def rules_client():
    with TestClient(create_app(load_config(model="rules"))) as c:
        assert c.get("/ready").status_code in (200, 503)
        yield c


def wait_ready(c: TestClient, timeout: float = 60) -> None:
    t0 = time.monotonic()
    while c.get("/ready").status_code != 200:
        assert time.monotonic() - t0 < timeout, c.get("/ready").json()
        time.sleep(0.05)


def gated_client(gate: GatedAnnotator, **cfg) -> TestClient:
    return TestClient(create_app(load_config(model="rules", **cfg), annotator_factory=lambda: gate, facts=FACTS))


# ---------------------------------------------------------------- parity
def test_rules_answers_exactly_as_annotate(rules_client):
    wait_ready(rules_client)
    texts = parity_texts()
    for name, text in texts.items():
        r = rules_client.post("/annotate", json={"text": text})
        assert r.status_code == 200, (name, r.text)
        assert r.json() == {"entities": dicts(annotate(text, model="rules"))}, name
    assert any(r for r in annotate(list(texts.values()), model="rules"))  # the texts do have entities
    r = rules_client.post("/annotate", json={"texts": list(texts.values())})
    assert r.json() == {"results": [dicts(x) for x in annotate(list(texts.values()), model="rules")]}
    assert rules_client.post("/annotate", json={"texts": []}).json() == {"results": []}


@pytest.mark.slow
@pytest.mark.parametrize("hybrid", [False, True])
def test_tiny_model_answers_exactly_as_annotate(hybrid):
    d = str(tiny_model_dir(0))
    # the tiny model reads 32-subword windows: 6,000 characters are already hundreds of them
    texts = {k: v[:6_000] for k, v in parity_texts().items() if k != "article"}
    clear_cache()
    with TestClient(create_app(load_config(model=d, hybrid=hybrid))) as c:
        wait_ready(c)
        assert c.get("/model").json()["backend"] == ("hybrid" if hybrid else "model")
        for name, text in texts.items():
            r = c.post("/annotate", json={"text": text})
            assert r.status_code == 200, (name, r.text)
            assert r.json() == {"entities": dicts(annotate(text, model=d, hybrid=hybrid))}, name
        expected = [dicts(x) for x in annotate(list(texts.values()), model=d, hybrid=hybrid)]
        assert sum(map(len, expected)) > 20
        assert c.post("/annotate", json={"texts": list(texts.values())}).json() == {"results": expected}


def test_model_facts(rules_client):
    facts = rules_client.get("/model").json()
    assert facts["backend"] == "rules" and facts["labels"] == ["AGENCY", "RANK", "PERSON", "LOCATION"]
    assert len(facts["rules_version"]) == 12 and facts["model_version"].endswith(facts["rules_version"])
    d = tiny_model_dir(0)
    from train.serve.modelinfo import model_facts

    m = model_facts(str(d), hybrid=True)
    assert (m["backend"], m["backbone"], m["pretrained"]) == ("hybrid", "tiny-test", False)


def test_openapi_docs(rules_client):
    assert rules_client.get("/docs").status_code == 200
    spec = rules_client.get("/openapi.json").json()
    assert {"/annotate", "/health", "/ready", "/model", "/setup", "/predict", "/webhook"} <= set(spec["paths"])


# ---------------------------------------------------------------- bad requests
BAD = [
    ('{"text": "Công an'.encode(), 422, "not valid JSON", "body"),
    (b'{"text": 5}', 422, "field 'text'", "text"),
    (b'{"texts": ["a", 3]}', 422, "field 'texts[1]'", "texts[1]"),
    (b'{"txt": "a"}', 422, "unknown field 'txt'", "txt"),
    (b'["a"]', 422, "valid dictionary", "body"),
    (b"", 422, "body is empty", "body"),
    (b"{}", 422, "exactly one of 'text' or 'texts'", None),
]


@pytest.mark.parametrize("body,status,says,field", BAD)
def test_bad_body_is_a_422_naming_the_field(rules_client, body, status, says, field):
    r = rules_client.post("/annotate", content=body, headers={"content-type": "application/json"})
    assert r.status_code == status
    err = r.json()
    assert says in err["error"] and '{"text": "..."}' in err["error"], err
    if field:
        assert field in err["fields"]
    assert rules_client.get("/health").json()["status"] == "UP"
    assert rules_client.post("/annotate", json={"text": "Công an Huế"}).status_code == 200


def test_limits_20_mb_body_and_10000_texts(rules_client):
    big = json.dumps({"text": "Công an " * 2_500_000}).encode()
    assert len(big) > 20_000_000
    r = rules_client.post("/annotate", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413 and "1,048,576 bytes" in r.json()["error"] and "--max-body-bytes" in r.json()["error"]

    def chunks():  # no Content-Length: counted while read
        for _ in range(30):
            yield b"x" * 100_000

    r = rules_client.post("/annotate", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413 and "--max-body-bytes" in r.json()["error"]
    r = rules_client.post("/annotate", json={"texts": ["Hà Nội"] * 10_000})
    assert r.status_code == 413
    assert "10,000" in r.json()["error"] and "limit is 64" in r.json()["error"] and "--max-texts" in r.json()["error"]
    assert rules_client.get("/health").status_code == 200
    ok = rules_client.post("/annotate", json={"texts": ["Hà Nội"] * 64})
    assert ok.status_code == 200 and len(ok.json()["results"]) == 64


def test_empty_text_is_an_empty_result(rules_client):
    assert rules_client.post("/annotate", json={"text": ""}).json() == {"entities": []}
    assert rules_client.post("/annotate", json={"texts": ["", " "]}).json() == {"results": [[], []]}


def test_json_without_content_type_is_read_and_a_form_is_told_to_send_json(rules_client):
    r = rules_client.post("/annotate", content='{"text": "Công an Huế"}'.encode())
    assert r.status_code == 200 and r.json()["entities"]
    r = rules_client.post("/annotate", content=b'{"text": "x"}', headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 422 and "Content-Type 'application/x-www-form-urlencoded', not JSON" in r.json()["error"]


def test_unknown_route_and_method(rules_client):
    r = rules_client.get("/annotations")
    assert r.status_code == 404 and "/docs" in r.json()["error"]
    assert rules_client.get("/annotate").status_code == 405


# ---------------------------------------------------------------- token
def test_token_required_everywhere_but_health(monkeypatch):
    monkeypatch.setenv("ANNINH_SERVE_TOKEN", "s3cret-token")
    cfg = load_config(model="rules")
    assert cfg.token == "s3cret-token"
    with TestClient(create_app(cfg)) as c:
        assert c.get("/health").status_code == 200
        for path in ("/ready", "/model", "/docs"):
            r = c.get(path)
            assert r.status_code == 401 and "Authorization: Bearer" in r.json()["error"], path
        r = c.post("/annotate", json={"text": "Hà Nội"}, headers={"Authorization": "Bearer wrong"})
        assert r.status_code == 401 and r.json()["error"].startswith("wrong token")
        good = {"Authorization": "Bearer s3cret-token"}
        t0 = time.monotonic()
        while c.get("/ready", headers=good).status_code != 200:
            assert time.monotonic() - t0 < 60
            time.sleep(0.05)
        assert c.post("/annotate", json={"text": "Hà Nội"}, headers=good).status_code == 200
        # Label Studio can only send Basic auth: the token as the password
        basic = {"Authorization": "Basic " + __import__("base64").b64encode(b"ls:s3cret-token").decode()}
        assert c.post("/predict", json={"tasks": []}, headers=basic).status_code == 200
        assert c.get("/health").status_code == 200


# ---------------------------------------------------------------- queue, timeout, loading
def test_full_queue_is_503_with_retry_after_and_the_server_recovers():
    gate = GatedAnnotator()
    with gated_client(gate, queue_size=1, retry_after_s=3) as c:
        wait_ready(c)
        results = {}

        def post(name):
            results[name] = c.post("/annotate", json={"text": name})

        first = threading.Thread(target=post, args=("first",))
        first.start()
        assert gate.started.wait(10)           # the worker holds "first"
        second = threading.Thread(target=post, args=("second",))
        second.start()
        t0 = time.monotonic()
        while c.app.state.worker.depth() < 1:  # "second" fills the one slot
            assert time.monotonic() - t0 < 10
            time.sleep(0.01)
        r = c.post("/annotate", json={"text": "third"})
        assert r.status_code == 503 and r.headers["Retry-After"] == "3"
        assert "busy" in r.json()["error"] and "--queue-size" in r.json()["error"]
        assert c.get("/health").status_code == 200
        gate.gate.set()
        first.join(10), second.join(10)
        assert results["first"].json()["entities"][0]["text"] == "first"
        assert results["second"].json()["entities"][0]["text"] == "second"
        assert c.post("/annotate", json={"text": "again"}).status_code == 200


def test_slow_text_is_504_and_the_server_stays_up():
    gate = GatedAnnotator()
    with gated_client(gate, text_timeout_s=0.2) as c:
        wait_ready(c)
        r = c.post("/annotate", json={"texts": ["slow", "text"]})
        assert r.status_code == 504
        assert "0.4 s" in r.json()["error"] and "--timeout" in r.json()["error"]
        assert c.get("/health").status_code == 200
        gate.gate.set()
        assert c.post("/annotate", json={"text": "fast now"}).json()["entities"][0]["text"] == "fast now"


def test_ready_waits_for_the_model_and_reports_a_failed_load():
    loading = threading.Event()

    def slow_factory():
        assert loading.wait(30)
        g = GatedAnnotator()
        g.gate.set()
        return g

    with TestClient(create_app(load_config(model="rules"), annotator_factory=slow_factory, facts=FACTS)) as c:
        r = c.get("/ready")
        assert r.status_code == 503 and "still loading" in r.json()["error"]
        assert c.get("/health").json()["ready"] is False
        loading.set()
        wait_ready(c)

    def broken():
        raise OSError("weights missing")

    with TestClient(create_app(load_config(model="rules"), annotator_factory=broken, facts=FACTS)) as c:
        c.app.state.worker.loaded.wait(10)
        r = c.get("/ready")
        assert r.status_code == 503 and "weights missing" in r.json()["error"]
        r = c.post("/annotate", json={"text": "x"})
        assert r.status_code == 503 and "weights missing" in r.json()["error"]


def test_worker_coalesces_waiting_requests_only_when_asked():
    for coalesce, calls in ((False, 4), (True, 2)):
        gate = GatedAnnotator()
        w = BatchWorker(lambda: gate, queue_size=8, coalesce=coalesce, batch_max_texts=10).start()
        first = w.submit(["a"])
        assert gate.started.wait(10)
        rest = [w.submit(["b", "c"]), w.submit([]), w.submit(["d"])]
        gate.gate.set()
        assert first.result(10)[0][0].text == "a"
        assert [[[e.text for e in ents] for ents in f.result(10)] for f in rest] == [[["b"], ["c"]], [], [["d"]]]
        assert w.calls == calls
        w.stop()


def test_a_timed_out_request_is_skipped_not_annotated():
    gate = GatedAnnotator()
    w = BatchWorker(lambda: gate, queue_size=8).start()
    w.submit(["busy"])
    assert gate.started.wait(10)
    late = w.submit(["late"])
    assert late.cancel()
    gate.gate.set()
    w.stop()
    assert gate.calls == [["busy"]]


# ---------------------------------------------------------------- access log
def test_access_log_is_one_json_line_per_request(rules_client):
    records = []
    handler = logging.Handler()
    handler.emit = lambda rec: records.append(json.loads(rec.getMessage()))
    logger = logging.getLogger("anninh.serve.access")
    logger.addHandler(handler)
    try:
        body = json.dumps({"text": "Hà Nội"}).encode()
        r = rules_client.post("/annotate", content=body, headers={"X-Request-ID": "req-42"})
        rules_client.post("/annotate", content=b"x" * 2_000_000)
    finally:
        logger.removeHandler(handler)
    assert r.headers["x-request-id"] == "req-42"
    ok, big = records[-2], records[-1]
    assert ok["request_id"] == "req-42" and ok["status"] == 200 and ok["path"] == "/annotate"
    assert ok["bytes_in"] == len(body) and ok["bytes_out"] == len(r.content)
    assert ok["latency_ms"] > 0
    assert big["status"] == 413 and big["bytes_in"] == 2_000_000 and len(big["request_id"]) == 32


# ---------------------------------------------------------------- config
def test_defaults_file_matches_the_dataclass_and_overrides_apply(tmp_path):
    import yaml

    file_defaults = yaml.safe_load(DEFAULTS_FILE.read_text(encoding="utf-8"))
    assert {k: getattr(ServeConfig(), k) for k in file_defaults} == file_defaults
    user = tmp_path / "serve.yaml"
    user.write_text("max_texts: 8\nqueue_size: 2\n", encoding="utf-8")
    cfg = load_config(user, queue_size=5)
    assert (cfg.max_texts, cfg.queue_size, cfg.host) == (8, 5, "127.0.0.1")
    user.write_text("max_text: 8\n", encoding="utf-8")
    with pytest.raises(ServeConfigError, match="unknown setting.*max_text.*known"):
        load_config(user)
    with pytest.raises(ServeConfigError, match="queue_size must be"):
        load_config(queue_size=0)


# ---------------------------------------------------------------- Label Studio routes
def test_label_studio_setup_predict_webhook(rules_client):
    wait_ready(rules_client)
    version = rules_client.get("/model").json()["model_version"]
    r = rules_client.post("/setup", json={"project": "3.1700000000", "schema": label_config(), "extra_params": None})
    assert r.json() == {"model_version": version}
    r = rules_client.post("/setup", json={"project": "3.1", "schema": '<View><Text name="t" value="$t"/></View>'})
    assert r.status_code == 400 and "anninh review export" in r.json()["error"]

    texts = [article(0)[:3000], parity_texts()["nfd"], ""]
    tasks = [{"id": i + 1, "data": {"text": t, "doc": "d", "para": i}} for i, t in enumerate(texts)]
    tasks.append({"id": 9, "data": {"other": "no text key"}})
    r = rules_client.post("/predict", json={"tasks": tasks, "label_config": label_config(), "project": "3.1"})
    results = r.json()["results"]
    assert len(results) == 4
    for t, pred in zip(texts, results):
        ents = annotate(t, model="rules")
        assert [(x["value"]["start"], x["value"]["end"], x["value"]["labels"][0], x["value"]["text"], x["score"])
                for x in pred["result"]] == [(e.start, e.end, e.label, e.text, round(e.score, 4)) for e in ents]
        assert pred["model_version"] == version
        assert pred["score"] == round(min((e.score for e in ents), default=1.0), 4)
        assert all((x["from_name"], x["to_name"], x["type"]) == ("label", "text", "labels") for x in pred["result"])
    assert results[3]["result"] == []

    # another project's names, and only two of our labels
    config = ('<View><Labels name="ner" toName="body"><Label value="PERSON"/><Label value="LOCATION"/>'
              '<Label value="MISC"/></Labels><Text name="body" value="$content"/></View>')
    r = rules_client.post("/predict", json={"tasks": [{"id": 1, "data": {"content": texts[0]}}], "label_config": config})
    (pred,) = r.json()["results"]
    want = [e for e in annotate(texts[0], model="rules") if e.label in ("PERSON", "LOCATION")]
    assert [(x["value"]["start"], x["value"]["labels"][0]) for x in pred["result"]] == [(e.start, e.label) for e in want]
    assert want and all((x["from_name"], x["to_name"]) == ("ner", "body") for x in pred["result"])

    assert rules_client.post("/webhook", json={"action": "ANNOTATION_CREATED", "project": {"id": 3}}).json()["status"] == "ok"
    assert rules_client.get("/versions").json() == {"versions": [version]}
    r = rules_client.post("/predict", json={"tasks": "nope"})
    assert r.status_code == 422 and "tasks" in r.json()["error"]


def test_an_annotator_failure_is_a_500_with_the_reason_and_the_server_goes_on():
    class Fragile:
        def annotate_many(self, texts):
            if "boom" in texts:
                raise ValueError("cannot read this text")
            return [[] for _ in texts]

    with TestClient(create_app(load_config(model="rules"), annotator_factory=Fragile, facts=FACTS)) as c:
        wait_ready(c)
        r = c.post("/annotate", json={"text": "boom"})
        assert r.status_code == 500 and "ValueError: cannot read this text" in r.json()["error"]
        assert c.post("/annotate", json={"text": "fine"}).json() == {"entities": []}


@pytest.mark.slow
def test_coalesced_model_calls_keep_the_spans_and_scores_to_six_digits():
    from model.annotator import Annotator

    d = str(tiny_model_dir(0))
    texts = [v[:1500] for k, v in parity_texts().items() if k not in ("long", "blank", "empty")]
    w = BatchWorker(lambda: Annotator(d), queue_size=32, coalesce=True, batch_max_texts=64).start()
    futures = [w.submit([t]) for t in texts]
    got = [f.result(120)[0] for f in futures]
    w.stop()
    assert w.calls < len(texts)  # the queued requests were joined
    for text, ents in zip(texts, got):
        want = annotate(text, model=d)
        assert [(e.start, e.end, e.label) for e in ents] == [(e.start, e.end, e.label) for e in want]
        assert [e.score for e in ents] == pytest.approx([e.score for e in want], abs=1e-6)
