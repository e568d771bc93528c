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

from policykg.graph.model import GraphData
from policykg.graph.networkx_store import NetworkXStore
from policykg.settings import PACKAGE_DATA

#: A small corpus: the 2026 article and two national laws on 黄河 (tasks of three documents).
CORPUS_FILES = (
    "corpus/mee-2026-key-tasks.txt",
    "corpus/laws/行政法/黄河保护法(2022-10-30).md",
    "corpus/laws/行政法规/黄河水量调度条例(2006-07-24).md",
)


@pytest.fixture
def sample() -> GraphData:
    return sample_graph()


@pytest.fixture
def sample_store() -> NetworkXStore:
    store = NetworkXStore(None)
    store.replace(sample_graph())
    return store


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


@pytest.fixture(scope="session")
def corpus_data() -> GraphData:
    """One graph of the three documents of CORPUS_FILES."""
    from policykg.pipeline import build_from_files

    paths = [PACKAGE_DATA / name for name in CORPUS_FILES]
    return build_from_files(paths, PACKAGE_DATA / "gazetteers")


@pytest.fixture(scope="session")
def corpus_server(
    corpus_data: GraphData, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """Base URL of a real server over the three-document corpus."""
    with serving(corpus_data, tmp_path_factory.mktemp("explorer-corpus")) as url:
        yield url
