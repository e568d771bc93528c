"""/docs and /redoc render in a real headless Chromium with no request leaving loopback."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("page_path", ["/docs", "/redoc"])
def test_docs_render_offline(browser: Any, server: str, page_path: str) -> None:
    page = browser.new_page()
    outside: list[str] = []
    failed: list[str] = []

    def guard(route: Any) -> None:
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(f"{server}{page_path}", wait_until="networkidle")
    # Both render the operations' summaries from /openapi.json.
    page.wait_for_selector("text=Search Entities", state="attached", timeout=20_000)
    assert "policykg API" in page.content()
    page.close()
    assert outside == [], f"{page_path} asked outside loopback: {outside}"
    assert failed == []
