"""A real Label Studio server on 127.0.0.1 for the tests, started once per pytest run.

Label Studio lives in its own virtual environment (its Django stack must not touch the
project's packages): ``bash scripts/label_studio_env.sh`` installs it and prints the
binary; ``scripts/setup.sh`` (which ``.ci/run`` runs) calls it. The binary is
``$ANNINH_LABEL_STUDIO`` or else the one that script installs; the modules that need it
skip, saying so, when there is neither.

The server gets a free loopback port and a temporary data folder, its telemetry, error
reporting and version checks off, and is waited for with a bounded poll and always
stopped. It may call an ML backend on 127.0.0.1 (``ML_BLOCK_LOCAL_IP`` and
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
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

ENV_VAR = "ANNINH_LABEL_STUDIO"
START_TIMEOUT_S = 240
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


@contextmanager
def running_label_studio(home: Path, binary: str = LABEL_STUDIO) -> Iterator[LabelStudio]:
    """Start Label Studio with its data in ``home``; stop it (its whole process group) after."""
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        raise AssertionError(f"{ENV_VAR}={binary} is not an executable label-studio binary "
                             "(bash scripts/label_studio_env.sh installs one and prints its path)")
    port = free_port()
    env = dict(os.environ,
               LABEL_STUDIO_BASE_DATA_DIR=str(home / "data"),
               LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN="true",
               SENTRY_DSN="", FRONTEND_SENTRY_DSN="",
               COLLECT_ANALYTICS="false", LATEST_VERSION_CHECK="false",
               ML_BLOCK_LOCAL_IP="false", SSRF_PROTECTION_ENABLED="false",
               HOME=str(home))
    log_path = home / "server.log"
    log = log_path.open("wb")
    proc = subprocess.Popen(
        [binary, "start", "--no-browser", "--internal-host", "127.0.0.1", "--port", str(port),
         "--username", "reviewer@example.com", "--password", "review-pass-123", "--user-token", TOKEN],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, cwd=home,
        start_new_session=True,  # its own process group, so stopping it stops its children
    )
    base = f"http://127.0.0.1:{port}"
    try:
        t0 = time.monotonic()
        while True:
            if proc.poll() is not None:
                raise AssertionError(f"label-studio exited with {proc.returncode} before answering:\n"
                                     + log_path.read_text(errors="replace")[-3000:])
            try:
                with urllib.request.urlopen(base + "/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, socket.timeout):
                pass
            if time.monotonic() - t0 > START_TIMEOUT_S:
                raise AssertionError(f"label-studio did not answer on {base} within {START_TIMEOUT_S} s:\n"
                                     + log_path.read_text(errors="replace")[-3000:])
            time.sleep(0.5)
        print(f"label-studio answered after {time.monotonic() - t0:.1f} s")
        yield LabelStudio(base, TOKEN)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        log.close()
