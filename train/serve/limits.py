"""The body-size limit, enforced before any route reads the body.

A declared ``Content-Length`` over the limit is refused without reading a byte; a body
sent without one (chunked) is read up to the limit and refused as soon as it passes it.
Either way the server holds at most ``max_body_bytes`` of a request, whatever a client
sends, and answers 413 with the limit and the way round it."""
from __future__ import annotations

from typing import Any

from .errors import send_error


def too_large_message(limit: int, got: int | None = None) -> str:
    size = f" ({got:,} bytes)" if got is not None else ""
    return (f"request body too large{size}: the limit is {limit:,} bytes; split the texts over several "
            f"requests, or start the server with a larger --max-body-bytes")


class BodyLimitMiddleware:
    def __init__(self, app: Any, max_body_bytes: int) -> None:
        self.app = app
        self.limit = max_body_bytes

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = None
        for k, v in scope.get("headers", []):
            if k == b"content-length":
                try:
                    declared = int(v)
                except ValueError:
                    await send_error(send, 400, "Content-Length is not a number: send a valid Content-Length header")
                    return
        if declared is not None and declared > self.limit:
            scope.setdefault("state", {})["bytes_in"] = declared
            await send_error(send, 413, too_large_message(self.limit, declared))
            return
        # Read the whole body here (at most the limit), then hand it on in one message.
        chunks: list[bytes] = []
        size = 0
        while True:
            msg = await receive()
            if msg["type"] == "http.disconnect":
                return
            chunk = msg.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                scope.setdefault("state", {})["bytes_in"] = size
                await send_error(send, 413, too_large_message(self.limit))
                return
            chunks.append(chunk)
            if not msg.get("more_body", False):
                break
        scope.setdefault("state", {})["bytes_in"] = size
        body = b"".join(chunks)
        sent = False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
