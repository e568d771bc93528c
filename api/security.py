"""Security headers on every response, and a Content-Security-Policy the pages work under.

HTML pages (the explorer, /docs, /redoc, the maps) may run only scripts from this server and
inline scripts whose SHA-256 is in the policy: the middleware hashes each inline `<script>` of
the page it is sending, so the maps (vis-network and their drawing code inlined) and the docs
pages keep working, and a script that reached the page any other way does not run. No
'unsafe-eval', no 'unsafe-inline' for scripts: pages must not use inline event handlers
(onclick="…") or javascript: URLs, which no hash can allow. Styles may be inline (pyvis and
the docs' renderers set style attributes); they cannot run code. Everything that is not HTML
gets `default-src 'none'`. Maps may be framed by pages of this server only.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["SecurityHeaders"]

_COMMON_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
_NOT_HTML_POLICY = "default-src 'none'; frame-ancestors 'none'"
_HTML_POLICY = (
    "default-src 'none'; script-src 'self'{hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "worker-src 'self' blob:; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; "
    "form-action 'none'; object-src 'none'"
)
# An inline script: no src attribute. Data blocks (type="application/json") are never run,
# and CSP does not apply to them.
_INLINE_SCRIPT = re.compile(
    rb"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script\s*>", re.DOTALL | re.IGNORECASE
)
_SRC = re.compile(rb"\ssrc\s*=", re.IGNORECASE)
_DATA_TYPE = re.compile(rb"""\stype\s*=\s*["']?application/(?:ld\+)?json""", re.IGNORECASE)


def _script_hashes(html: bytes) -> list[str]:
    """The CSP source expressions ('sha256-…') of the page's inline scripts, in page order.

    Args:
        html: the page's bytes.
    """
    hashes: dict[str, None] = {}
    for match in _INLINE_SCRIPT.finditer(html):
        attrs = match["attrs"] or b""
        if _SRC.search(attrs) or _DATA_TYPE.search(attrs):
            continue
        digest = base64.b64encode(hashlib.sha256(match["body"]).digest()).decode()
        hashes[f"'sha256-{digest}'"] = None
    return list(hashes)


def _html_policy(hashes: Iterable[str]) -> str:
    """The Content-Security-Policy of an HTML page.

    Args:
        hashes: the CSP hashes ('sha256-…') of the page's inline scripts and styles.

    Returns:
        The header value.
    """
    joined = "".join(f" {h}" for h in hashes)
    return _HTML_POLICY.format(hashes=joined)


class SecurityHeaders:
    """ASGI middleware: the headers above; HTML bodies are read whole to hash their scripts.

    Args:
        app: the ASGI app it wraps.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        body: list[bytes] = []

        async def send_with_headers(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                if _is_html(message):
                    start = message  # held back until the body is complete
                    return
                await send(_with_headers(message, _NOT_HTML_POLICY, frame=b"DENY"))
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            page = b"".join(body)
            headers = [
                (k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"
            ]
            headers.append((b"content-length", str(len(page)).encode()))
            policy = _html_policy(_script_hashes(page))
            await send(_with_headers({**start, "headers": headers}, policy, frame=b"SAMEORIGIN"))
            await send({"type": "http.response.body", "body": page})

        await self.app(scope, receive, send_with_headers)


def _is_html(message: Message) -> bool:
    for key, value in message.get("headers", []):
        if key.lower() == b"content-type":
            return bool(value.lower().startswith(b"text/html"))
    return False


def _with_headers(message: Message, policy: str, *, frame: bytes) -> Message:
    headers = [
        (k, v)
        for k, v in message.get("headers", [])
        if k.lower() not in (b"content-security-policy", b"x-frame-options")
    ]
    headers += [*_COMMON_HEADERS, (b"content-security-policy", policy.encode())]
    headers.append((b"x-frame-options", frame))
    return {**message, "headers": headers}
