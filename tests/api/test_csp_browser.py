"""Every page works under the Content-Security-Policy: no violation in headless Chromium.

The explorer (with a map drawn), /docs, /redoc and each kind of map are loaded in Debian's
chromium; a listener registered before any script of the page records every
`securitypolicyviolation` event. A control injects an inline script the policy does not allow,
so the listener is shown to see violations.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from api_support import ServerThread, make_settings

from policykg.api.app import create_app

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
});
"""

#: path -> a selector that shows the page has done its work
PAGES = {
    "/docs": "text=Search Entities",
    "/redoc": "text=Search Entities",
    "/api/v1/maps/ego?entity=%E9%BB%84%E6%B2%B3&depth=2": "canvas",
    "/api/v1/maps/touches?entity=%E9%BB%84%E6%B2%B3": "canvas",
    "/api/v1/maps/theme/2": "canvas",
    "/api/v1/maps/all?layout=precomputed": "canvas",
}


@pytest.fixture(scope="module")
def server(graph_file: Path) -> Iterator[str]:
    """The pages do not depend on the backend: networkx only."""
    with ServerThread(create_app(make_settings("networkx", graph_file))) as running:
        yield running.url


def _open(browser: Any, url: str) -> tuple[Any, list[str]]:
    page = browser.new_page()
    console: list[str] = []
    page.on("console", lambda msg: console.append(msg.text) if msg.type == "error" else None)
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(url, wait_until="networkidle")
    return page, console


@pytest.mark.parametrize("path", list(PAGES))
def test_pages_run_under_the_policy(browser: Any, server: str, path: str) -> None:
    page, console = _open(browser, f"{server}{path}")
    page.wait_for_selector(PAGES[path], state="attached", timeout=30_000)
    page.wait_for_timeout(500)  # let late scripts (workers, fonts, stabilisation) run
    violations = page.evaluate("window.__violations")
    page.close()
    assert violations == []
    assert not [line for line in console if "Content Security Policy" in line]


def test_the_explorer_draws_a_map_under_the_policy(browser: Any, server: str) -> None:
    page, console = _open(browser, f"{server}/")
    page.fill("#search", "黄河")
    page.locator("#suggestions li[data-id]").first.wait_for(timeout=10_000)
    page.press("#search", "Enter")
    page.wait_for_selector("body[data-map-ready='1']", state="attached", timeout=30_000)
    violations = page.evaluate("window.__violations")
    page.close()
    assert violations == []
    assert not [line for line in console if "Content Security Policy" in line]


def test_a_script_the_policy_does_not_name_is_blocked_and_seen(browser: Any, server: str) -> None:
    """The control: the listener does see a violation, and the script does not run."""
    page, _ = _open(browser, f"{server}/api/v1/maps/theme/2")
    page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.__ran = true"; document.body.append(s); }"""
    )
    page.wait_for_function("window.__violations.length > 0", timeout=10_000)
    ran = page.evaluate("window.__ran === true")
    page.close()
    assert not ran


@pytest.mark.parametrize(
    "path", ["/", "/docs", "/api/v1/health", "/api/v1/tasks?touches=x", "/openapi.json"]
)
def test_every_answer_carries_the_headers(server: str, path: str) -> None:
    response = httpx.get(f"{server}{path}", timeout=30)
    policy = response.headers["content-security-policy"]
    assert "unsafe-eval" not in policy and "default-src 'none'" in policy
    script_src = next(d for d in policy.split(";") if "script-src" in d or "default-src" in d)
    assert "unsafe-inline" not in script_src
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] in ("DENY", "SAMEORIGIN")
