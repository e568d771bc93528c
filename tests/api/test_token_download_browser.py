"""With POLICYKG_API_TOKEN set, the explorer's downloads still download (in Chromium).

Seen before: the links were plain hrefs, which carry no bearer header: every one got a 401.
The explorer now fetches them with the token and saves a blob; this holds it to that.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_support import ServerThread, make_settings

from policykg.api.app import create_app

pytestmark = pytest.mark.browser

TOKEN = "download-test-token"


@pytest.fixture(scope="module")
def guarded(graph_file: Path) -> Iterator[str]:
    settings = make_settings("networkx", graph_file, api_token=TOKEN)
    with ServerThread(create_app(settings)) as running:
        yield running.url


@pytest.mark.parametrize(
    ("link", "check"),
    [
        ("[data-download='json']", lambda body: json.loads(body)["nodes"]),
        ("[data-download='csv']", lambda body: len(body.decode("utf-8-sig").splitlines()) > 1),
        (
            "[data-download='html']",
            lambda body: body.lstrip().startswith(b"<html") and b"</html>" in body,
        ),
    ],
)
def test_downloads_carry_the_token(browser: Any, guarded: str, link: str, check: Any) -> None:
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(f"{guarded}/")
    page.evaluate(f"sessionStorage.setItem('policykg-token', '{TOKEN}')")
    page.fill("#search", "黄河")
    page.locator("#suggestions li[data-id]").first.wait_for(timeout=20_000)
    page.press("#search", "Enter")
    page.wait_for_selector("body[data-map-ready='1']", state="attached", timeout=30_000)
    with page.expect_download(timeout=30_000) as download:
        page.click(link)
    body = Path(download.value.path()).read_bytes()
    context.close()
    assert check(body), body[:300]
