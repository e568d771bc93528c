"""Query parameters in the documents' normal form before any route sees them.

`touches=黄\\u200b河`, `touches=\\ufeff黄河` and full-width `Ｙｅｌｌｏｗ Ｒｉｖｅｒ` are the same
lookups as `touches=黄河` and `Yellow River`: every query value goes through
loaders.normalize.normalize_query once, here, as the CLI sends its options through it.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Receive, Scope, Send

from policykg.loaders.normalize import normalize_query

__all__ = ["NormalizedQuery"]


class NormalizedQuery:
    """ASGI middleware: rewrites the query string with normalised values.

    Args:
        app: the ASGI app it wraps.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raw: bytes = scope.get("query_string", b"") if scope["type"] == "http" else b""
        # plain ASCII without escapes or '+' is already in normal form
        if raw and (b"%" in raw or b"+" in raw):
            pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True, encoding="utf-8")
            normal = [(k, _normal(v)) for k, v in pairs]
            if normal != pairs:  # values already in normal form read the same as they are
                query = urlencode(normal, encoding="utf-8")
                scope = {**scope, "query_string": query.encode("ascii")}
        await self.app(scope, receive, send)


def _normal(value: str) -> str:
    """The value normalised; one made only of invisible characters stays as sent, so that the
    route answers what was asked (no such entity) rather than a missing parameter."""
    return normalize_query(value) or value
