"""Structured access log: one JSON object per request on stderr.

Fields: ``request_id`` (the client's ``X-Request-ID`` when it sends a sane one, else a new
one; echoed in the response), method, path, status, ``bytes_in``, ``bytes_out``,
``latency_ms``. It wraps every other middleware, so refused requests (401, 413) are
logged too. uvicorn's own access log is turned off in its place."""
from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from typing import Any

LOGGER = "anninh.serve.access"
_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")

log = logging.getLogger(LOGGER)


def configure(enabled: bool) -> None:
    """Send the access records to stderr as bare JSON lines (the message is the JSON)."""
    log.propagate = False
    log.setLevel(logging.INFO if enabled else logging.WARNING)
    if not any(getattr(h, "_anninh_access", False) for h in log.handlers):
        h = logging.StreamHandler(sys.stderr)
        h.setFormatter(logging.Formatter("%(message)s"))
        h._anninh_access = True  # type: ignore[attr-defined]
        log.addHandler(h)


class AccessLogMiddleware:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        t0 = time.perf_counter()
        given = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"x-request-id"), "")
        rid = given if _SANE_ID.match(given) else uuid.uuid4().hex
        state = scope.setdefault("state", {})
        state["request_id"] = rid
        status = 500
        bytes_out = 0

        async def send_logged(msg):
            nonlocal status, bytes_out
            if msg["type"] == "http.response.start":
                status = msg["status"]
                msg = dict(msg)
                msg["headers"] = list(msg.get("headers", [])) + [(b"x-request-id", rid.encode())]
            elif msg["type"] == "http.response.body":
                bytes_out += len(msg.get("body", b""))
            await send(msg)

        try:
            await self.app(scope, receive, send_logged)
        finally:
            if log.isEnabledFor(logging.INFO):
                log.info(json.dumps({
                    "ts": round(time.time(), 3), "request_id": rid, "method": scope.get("method"),
                    "path": scope.get("path"), "status": status, "bytes_in": state.get("bytes_in", 0),
                    "bytes_out": bytes_out, "latency_ms": round((time.perf_counter() - t0) * 1000, 2),
                    "client": (scope.get("client") or [None])[0],
                }))
