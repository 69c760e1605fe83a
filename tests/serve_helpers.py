"""Shared pieces of the ``anninh serve`` tests: texts, a server subprocess on a free
loopback port, and an annotator whose speed the test controls."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from inference_helpers import TRICKY_TEXTS

ROOT = Path(__file__).resolve().parents[1]
RAW = sorted((ROOT / "data" / "raw").glob("*.txt"))


def article(k: int = 0) -> str:
    return RAW[k].read_text(encoding="utf-8")


def long_text(n_chars: int) -> str:
    """Whole bundled articles, cycled until ``n_chars``: crosses the rules' 32 KB window."""
    parts, size, k = [], 0, 0
    while size < n_chars:
        parts.append(article(k % len(RAW)))
        size += len(parts[-1])
        k += 1
    return "\n\n".join(parts)


def parity_texts() -> dict[str, str]:
    """NFD, HTML remnants, zero-width and emoji, CRLF, an article, blank, and ~40 KB."""
    return {**TRICKY_TEXTS, "article": article(1), "blank": "  \n ", "empty": "", "long": long_text(40_000)}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(base: str, method: str, path: str, body=None, headers: dict | None = None, timeout: float = 60):
    """(status, parsed JSON or raw bytes, headers) of one request; HTTP errors are returned."""
    data = body if isinstance(body, bytes) or body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
    req = urllib.request.Request(base + path, method=method, data=data,
                                 headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            raw, status, hdrs = r.read(), r.status, dict(r.headers)
    except urllib.error.HTTPError as exc:
        raw, status, hdrs = exc.read(), exc.code, dict(exc.headers)
    try:
        return status, json.loads(raw), hdrs
    except ValueError:
        return status, raw, hdrs


class ServerProcess:
    """``anninh serve`` in a subprocess on 127.0.0.1, waited for until /ready, always stopped."""

    def __init__(self, *args: str, env: dict | None = None, log: Path | None = None) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log
        self._log = open(log, "wb") if log else subprocess.DEVNULL
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "train.cli", "serve", "--port", str(self.port), *args],
            cwd=ROOT, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            env={**os.environ, **(env or {})}, start_new_session=True,
        )

    def wait_ready(self, timeout: float = 120, headers: dict | None = None) -> None:
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout:
            if self.proc.poll() is not None:
                raise AssertionError(f"server exited with {self.proc.returncode}: {self.output()[-3000:]}")
            try:
                if call(self.base, "GET", "/ready", headers=headers, timeout=2)[0] == 200:
                    return
            except (urllib.error.URLError, ConnectionError, socket.timeout):
                pass
            time.sleep(0.2)
        raise AssertionError(f"server not ready within {timeout} s: {self.output()[-3000:]}")

    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path else ""

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        if self._log is not subprocess.DEVNULL:
            self._log.close()

    def __enter__(self) -> "ServerProcess":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


class GatedAnnotator:
    """Answers like the rules would be asked (one list per text), but only once the test
    opens the gate: makes a busy worker, a full queue and a slow text deterministic."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.started = threading.Event()
        self.calls: list[list[str]] = []

    def annotate_many(self, texts):
        from model.entity import Entity

        self.calls.append(list(texts))
        self.started.set()
        assert self.gate.wait(30), "test never opened the gate"
        return [[Entity(0, len(t), "PERSON", t, 0.5)] if t else [] for t in texts]
