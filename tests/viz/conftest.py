"""viz fixtures: a small hand-made graph, headless Chromium, and a real API server.

Browser tests use Debian's /usr/bin/chromium through the playwright package (no browser
download). A missing chromium fails them: deselect with -m "not browser" instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from viz_support import LOCAL_HOSTS, Watched, sample_graph, serving

from devkit.chromium import chromium_path, launch
from policykg.graph.model import GraphData
from policykg.graph.networkx_store import NetworkXStore


@pytest.fixture
def sample() -> GraphData:
    return sample_graph()


@pytest.fixture
def sample_store() -> NetworkXStore:
    store = NetworkXStore(None)
    store.replace(sample_graph())
    return store


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium driven by playwright; missing -> the test fails (never skips)."""
    chromium_path_ = chromium_path()
    if not chromium_path_.exists():
        pytest.fail(
            f"{chromium_path_} is missing: apt-get install chromium fonts-noto-cjk "
            "(or deselect with -m 'not browser')"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def watched(browser: Any) -> Iterator[Callable[..., Watched]]:
    """Open pages that record console errors and block anything not on localhost or file://."""
    contexts: list[Any] = []

    def open_page(width: int = 1280, height: int = 800) -> Watched:
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        watch = Watched(page)

        def guard(route: Any) -> None:
            url = route.request.url
            watch.requests.append(url)
            parts = urlsplit(url)
            local = parts.scheme in ("file", "data", "blob") or parts.hostname in LOCAL_HOSTS
            if local:
                route.continue_()
            else:
                watch.outside.append(url)
                route.abort()

        page.route("**/*", guard)
        page.on(
            "console",
            lambda msg: watch.errors.append(msg.text) if msg.type in ("error", "warning") else None,
        )
        page.on("pageerror", lambda exc: watch.errors.append(f"pageerror: {exc}"))
        return watch

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def explorer_server(
    source_data: GraphData, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """Base URL of a real server over the source graph."""
    with serving(source_data, tmp_path_factory.mktemp("explorer")) as url:
        yield url
