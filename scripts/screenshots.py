"""Screenshots for the README, made with the project's own code in headless Chromium.

    .venv/bin/python scripts/screenshots.py   # -> docs/img/map-huanghe.png, explorer*.png

Builds the source graph (data/corpus) into a temporary networkx file, writes the ego map of
黄河 with viz.maps + viz.write and photographs it from file://, then serves the API with the
explorer on a free loopback port, searches 黄河 there and photographs the result, then opens
the compare and matrix views from their addresses. Needs
Debian's chromium and a CJK font (apt-get install chromium fonts-noto-cjk).
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devkit.chromium import launch  # noqa: E402
from policykg.graph.networkx_store import NetworkXStore  # noqa: E402
from policykg.pipeline import build_from_files  # noqa: E402
from policykg.settings import PACKAGE_DATA, environment_settings  # noqa: E402
from policykg.viz import maps  # noqa: E402
from policykg.viz.write import write_html  # noqa: E402

VIEWPORT = {"width": 1400, "height": 860}
TIMEOUT_MS = 60_000


@contextmanager
def serving(graph_file: Path) -> Iterator[str]:
    """The API (and so the explorer) on a free loopback port, in a daemon thread."""
    import uvicorn

    from policykg.api.app import create_app

    settings = environment_settings(backend="networkx", graph_file=graph_file, api_token=None)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning", ws="none"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()


def offline(page: Any) -> None:
    """Let the page load only from file:// and loopback."""

    def guard(route: Any) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "http://127.0.0.1")):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", guard)


def map_shot(browser: Any, store: NetworkXStore, tmp: Path, out: Path) -> None:
    spec = maps.ego_map(store, "黄河", depth=3)
    html = write_html(spec.vis(), tmp / spec.filename, title=spec.title)
    page = browser.new_page(viewport=VIEWPORT)
    offline(page)
    page.goto(html.as_uri())
    page.wait_for_selector("body[data-ready='1']", state="attached", timeout=TIMEOUT_MS)
    page.wait_for_timeout(300)
    page.screenshot(path=str(out))
    page.close()


def explorer_shot(browser: Any, url: str, out: Path) -> None:
    page = browser.new_page(viewport=VIEWPORT)
    offline(page)
    page.goto(f"{url}/")
    page.fill("#search", "黄河")
    page.locator("#suggestions li[data-id]").first.wait_for(timeout=TIMEOUT_MS)
    page.press("#search", "Enter")
    page.wait_for_selector("body[data-map-ready='1']", state="attached", timeout=TIMEOUT_MS)
    page.wait_for_selector("#tasks li[data-task]", timeout=TIMEOUT_MS)
    page.mouse.move(5, VIEWPORT["height"] - 5)
    page.wait_for_timeout(300)
    page.screenshot(path=str(out))
    page.close()


def view_shot(browser: Any, url: str, fragment: str, ready: str, out: Path) -> None:
    """One explorer view opened from its address, as a shared link opens it."""
    page = browser.new_page(viewport=VIEWPORT)
    offline(page)
    page.goto(f"{url}/#{fragment}")
    page.wait_for_selector("body[data-map-ready='1']", state="attached", timeout=TIMEOUT_MS)
    page.wait_for_selector(ready, timeout=TIMEOUT_MS)
    page.mouse.move(5, VIEWPORT["height"] - 5)
    page.wait_for_timeout(300)
    page.screenshot(path=str(out))
    page.close()


#: (file, address fragment, selector that shows the view is drawn)
VIEWS = (
    ("explorer-compare.png", "e=region%3A长江&c=pollutant%3A总氮", "#compare-result .cooc-pair"),
    ("explorer-matrix.png", "e=region%3A黄河&d=2&v=matrix", "#cooc-matrix tbody td button"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    data = build_from_files([PACKAGE_DATA / "corpus"], PACKAGE_DATA / "gazetteers")
    with tempfile.TemporaryDirectory() as tmp_name, sync_playwright() as pw:
        tmp = Path(tmp_name)
        graph_file = tmp / "graph.json"
        store = NetworkXStore(graph_file)
        store.replace(data)
        browser = launch(pw)
        try:
            map_shot(browser, store, tmp, args.out / "map-huanghe.png")
            with serving(graph_file) as url:
                explorer_shot(browser, url, args.out / "explorer.png")
                for name, fragment, ready in VIEWS:
                    view_shot(browser, url, fragment, ready, args.out / name)
        finally:
            browser.close()
    for name in ("map-huanghe.png", "explorer.png", *(v[0] for v in VIEWS)):
        print(args.out / name)


if __name__ == "__main__":
    main()
