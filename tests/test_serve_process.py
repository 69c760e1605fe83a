"""``anninh serve`` as users start it: a subprocess on a free loopback port.

1,000 requests at concurrency 8 through two worker processes, all answered as
``annotate()`` answers; SIGTERM while a slow request is in flight: the request still
completes, new connections are refused, the server exits cleanly; the command's own
errors for a bad model or a bad combination of flags."""
from __future__ import annotations

import os
import signal
import threading
import time
import urllib.error
from concurrent.futures import ThreadPoolExecutor

from typer.testing import CliRunner

from model import annotate
from train.cli import app

from serve_helpers import ServerProcess, call, long_text

SENTENCES = [
    "Đại tá Nguyễn Thanh Tuấn, Giám đốc Công an tỉnh Nghệ An, làm việc tại TP.HCM.",
    "Bộ Công an phối hợp với Lào bắt giữ Khăm Ban.",
    "Thiếu tướng Lê Văn A thăm Đồn Biên phòng Na Mèo.",
    "Không có thực thể nào ở đây.",
    "",
    "Công an TP Hà Nội &amp; Công an tỉnh Bắc Ninh.",
    "Nguye\u0302\u0303n Va\u0306n B (Hà Nội).",
    "Trung tướng Tô Lâm",
]


def test_a_thousand_requests_at_concurrency_8_through_two_workers(tmp_path):
    expected = [[e.to_dict() for e in annotate(s, model="rules")] for s in SENTENCES]
    auth = {"Authorization": "Bearer tok-1000"}
    with ServerProcess("--model", "rules", "--workers", "2", "--no-access-log",
                       env={"ANNINH_SERVE_TOKEN": "tok-1000"}, log=tmp_path / "server.log") as srv:
        srv.wait_ready(headers=auth)
        assert call(srv.base, "GET", "/model")[0] == 401

        def one(i: int):
            k = i % len(SENTENCES)
            status, body, _ = call(srv.base, "POST", "/annotate", {"text": SENTENCES[k]}, headers=auth, timeout=60)
            return status, body, k

        pids = set()
        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(one, range(1000)))
            pids = {call(srv.base, "GET", "/health")[1]["pid"] for _ in range(40)}
        assert [s for s, _, _ in results].count(200) == 1000
        assert all(body == {"entities": expected[k]} for _, body, k in results)
        assert srv.proc.pid not in pids and len(pids) >= 1  # answered by worker processes
    assert srv.proc.returncode == 0, srv.output()[-2000:]


def test_sigterm_lets_the_request_in_flight_finish(tmp_path):
    # Seconds of rule work even on an idle machine (60K characters took 0.5 s there and
    # finished before SIGTERM); the limits leave a loaded machine the time it needs.
    text = long_text(400_000)
    limits = tmp_path / "serve.yaml"
    limits.write_text("text_timeout_s: 300\ngraceful_timeout_s: 300\n", encoding="utf-8")
    with ServerProcess("--model", "rules", "--config", str(limits), log=tmp_path / "server.log") as srv:
        srv.wait_ready()
        got = {}

        def slow():
            got["r"] = call(srv.base, "POST", "/annotate", {"text": text}, timeout=120)

        t = threading.Thread(target=slow)
        t.start()
        time.sleep(1.0)  # the request is in the server
        assert t.is_alive(), "the slow request finished before SIGTERM: make the text longer"
        os.kill(srv.proc.pid, signal.SIGTERM)
        time.sleep(0.5)
        try:
            refused = call(srv.base, "GET", "/health", timeout=2)[0] != 200
        except (urllib.error.URLError, ConnectionError, OSError):
            refused = True
        assert refused, "a new connection was served after SIGTERM"
        t.join(120)
        srv.proc.wait(60)
    status, body, _ = got["r"]
    assert status == 200
    ents = body["entities"]
    assert len(ents) > 100 and all(text[e["start"]:e["end"]] == e["text"] for e in ents)
    # uvicorn re-raises the signal once it has shut down, so the exit is by SIGTERM, not a crash
    assert srv.proc.returncode in (0, -signal.SIGTERM), srv.output()[-2000:]
    log = srv.output()
    assert '"status": 200' in log and '"path": "/annotate"' in log  # the JSON access line of the slow request
    assert "Waiting for connections to close" in log or "Shutting down" in log


def test_command_errors_before_binding(tmp_path):
    r = CliRunner().invoke(app, ["serve", "--model", str(tmp_path / "missing")])
    assert r.exit_code == 2 and "does not exist" in r.output
    r = CliRunner().invoke(app, ["serve", "--model", "rules", "--hybrid"])
    assert r.exit_code == 2 and "--hybrid needs a model directory" in r.output
    bad = tmp_path / "serve.yaml"
    bad.write_text("queue: 3\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["serve", "--model", "rules", "--config", str(bad)])
    assert r.exit_code == 2 and "unknown setting" in r.output and "queue_size" in r.output
