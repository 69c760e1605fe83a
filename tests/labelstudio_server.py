"""A real Label Studio server on 127.0.0.1 for the tests, started once per pytest run.

Label Studio lives in its own virtual environment (its Django stack must not touch the
project's packages): ``bash scripts/label_studio_env.sh`` installs it and prints the
binary; ``scripts/setup.sh`` (which ``.ci/run`` runs) calls it. The binary is
``$ANNINH_LABEL_STUDIO`` or else the one that script installs; the modules that need it
skip, saying so, when there is neither.

The server gets a free loopback port and a temporary data folder, its telemetry, error
reporting and version checks off; it is started as soon as the tests that need it are
collected (conftest.py), so that it comes up while other tests run, waited for with a
bounded poll, and always stopped. It may call an ML backend on 127.0.0.1 (``ML_BLOCK_LOCAL_IP`` and
``SSRF_PROTECTION_ENABLED`` off: by default Label Studio refuses loopback and private
addresses for ML backends and their webhooks).
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ENV_VAR = "ANNINH_LABEL_STUDIO"
# from its start: minutes on a busy 2-core machine (its first start migrates a new database)
START_TIMEOUT_S = 600
TOKEN = "anninh-review-test-token-0123456789"


def installed_binary() -> str:
    """``$ANNINH_LABEL_STUDIO``, or the binary scripts/label_studio_env.sh installs."""
    if os.environ.get(ENV_VAR):
        return os.environ[ENV_VAR]
    version = os.environ.get("LABEL_STUDIO_VERSION", "1.23.2")
    cache = os.environ.get("ANNINH_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "anninh")
    path = os.path.join(cache, f"label-studio-{version}", "bin", "label-studio")
    return path if os.access(path, os.X_OK) else ""


LABEL_STUDIO = installed_binary()
SKIP_REASON = (f"no Label Studio: run `bash scripts/setup.sh` (it installs one in its own venv) or set {ENV_VAR} "
               "to a label-studio binary, to test against a real Label Studio")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabelStudio:
    """A minimal client for the handful of API calls the tests make (loopback only)."""

    def __init__(self, base: str, token: str) -> None:
        assert base.startswith("http://127.0.0.1:")
        self.base, self.token = base, token

    def call(self, method: str, path: str, body=None, timeout: float = 60):
        req = urllib.request.Request(
            self.base + path, method=method,
            data=None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8"),
            headers={"Authorization": f"Token {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                raw = resp.read()
        except urllib.error.HTTPError as exc:
            raise AssertionError(f"{method} {path}: HTTP {exc.code}: {exc.read()[:500]!r}") from None
        return json.loads(raw) if raw else None

    def project(self, title: str, config: str) -> int:
        return self.call("POST", "/api/projects", {"title": title, "label_config": config})["id"]

    def import_tasks(self, pid: int, tasks: list[dict]) -> dict:
        return self.call("POST", f"/api/projects/{pid}/import", tasks)

    def export(self, pid: int, kind: str = "JSON") -> list[dict]:
        return self.call("GET", f"/api/projects/{pid}/export?exportType={kind}&download_all_tasks=true")

    def annotate(self, task_id: int, result: list[dict]) -> dict:
        return self.call("POST", f"/api/tasks/{task_id}/annotations",
                         {"result": result, "was_cancelled": False, "ground_truth": False})


class LabelStudioProcess:
    """Label Studio with its data in ``home``: :meth:`start` returns at once (it takes from
    half a minute to minutes to come up, so conftest.py starts it as soon as the tests
    that need it are collected), :meth:`wait` blocks until it answers, :meth:`stop` ends
    its whole process group."""

    def __init__(self, home: Path, binary: str = LABEL_STUDIO) -> None:
        self.home, self.binary = Path(home), binary
        self.proc: subprocess.Popen | None = None
        self.client: LabelStudio | None = None

    def start(self) -> "LabelStudioProcess":
        if not (os.path.isfile(self.binary) and os.access(self.binary, os.X_OK)):
            raise AssertionError(f"{ENV_VAR}={self.binary} is not an executable label-studio binary "
                                 "(bash scripts/label_studio_env.sh installs one and prints its path)")
        self.home.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        env = dict(os.environ,
                   LABEL_STUDIO_BASE_DATA_DIR=str(self.home / "data"),
                   LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN="true",
                   SENTRY_DSN="", FRONTEND_SENTRY_DSN="",
                   COLLECT_ANALYTICS="false", LATEST_VERSION_CHECK="false",
                   ML_BLOCK_LOCAL_IP="false", SSRF_PROTECTION_ENABLED="false",
                   HOME=str(self.home))
        self.log_path = self.home / "server.log"
        self._log = self.log_path.open("wb")
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            [self.binary, "start", "--no-browser", "--internal-host", "127.0.0.1", "--port", str(self.port),
             "--username", "reviewer@example.com", "--password", "review-pass-123", "--user-token", TOKEN],
            stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, cwd=self.home,
            start_new_session=True,  # its own process group, so stopping it stops its children
        )
        return self

    def _tail(self) -> str:
        return self.log_path.read_text(errors="replace")[-3000:]

    def wait(self) -> LabelStudio:
        """The client once the server answers ``/health`` (within START_TIMEOUT_S of its start)."""
        if self.client is not None:
            return self.client
        assert self.proc is not None, "start() first"
        base = f"http://127.0.0.1:{self.port}"
        while True:
            if self.proc.poll() is not None:
                raise AssertionError(f"label-studio exited with {self.proc.returncode} before answering:\n"
                                     + self._tail())
            try:
                with urllib.request.urlopen(base + "/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, socket.timeout):
                pass
            if time.monotonic() - self.started > START_TIMEOUT_S:
                raise AssertionError(f"label-studio did not answer on {base} within {START_TIMEOUT_S} s of its "
                                     "start:\n" + self._tail())
            time.sleep(0.5)
        print(f"label-studio answered {time.monotonic() - self.started:.1f} s after its start")
        self.client = LabelStudio(base, TOKEN)
        return self.client

    def stop(self) -> None:
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=20)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        self._log.close()
        self.proc = None
