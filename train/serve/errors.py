"""One JSON shape for every error the server sends: ``{"error": message, "status": code}``.

The message always says what to change, so a client author can fix the call from the
response alone."""
from __future__ import annotations

import json
from typing import Any, Awaitable, Callable, Mapping

from starlette.responses import JSONResponse

Send = Callable[[dict], Awaitable[None]]


def error_body(status: int, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": message, "status": status, **extra}


def error_response(status: int, message: str, headers: Mapping[str, str] | None = None, **extra: Any) -> JSONResponse:
    return JSONResponse(error_body(status, message, **extra), status_code=status, headers=dict(headers or {}))


async def send_error(send: Send, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
    """An error sent straight from an ASGI middleware (before any route ran)."""
    body = json.dumps(error_body(status, message), ensure_ascii=False).encode("utf-8")
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})
