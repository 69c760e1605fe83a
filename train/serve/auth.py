"""The optional bearer token: when set, every route but ``/health`` requires it.

``Authorization: Bearer <token>`` is the form for clients; ``Basic`` with the token as the
password (any user name) is accepted too, because that is the only authentication Label
Studio can send to an ML backend. Tokens are compared in constant time."""
from __future__ import annotations

import base64
import binascii
import hmac
from typing import Any

from .errors import send_error

OPEN_PATHS = frozenset({"/health"})


def presented_token(authorization: str) -> str | None:
    """The token in an ``Authorization`` header value, or None."""
    scheme, _, value = authorization.strip().partition(" ")
    scheme = scheme.lower()
    if scheme == "bearer":
        return value.strip() or None
    if scheme == "basic":
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
        return decoded.partition(":")[2] or None
    return None


class TokenMiddleware:
    def __init__(self, app: Any, token: str) -> None:
        self.app = app
        self.token = token.encode("utf-8")

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope.get("path") in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        header = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"authorization"), "")
        got = presented_token(header) if header else None
        if got is None or not hmac.compare_digest(got.encode("utf-8"), self.token):
            why = "no token given" if got is None else "wrong token"
            await send_error(send, 401, f"{why}: send the server's token as 'Authorization: Bearer <token>' "
                                        "(it was set with --token or $ANNINH_SERVE_TOKEN)",
                             headers={"WWW-Authenticate": 'Bearer realm="anninh"'})
            return
        await self.app(scope, receive, send)
