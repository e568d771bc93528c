"""Helpers shared by the viz tests: a hand-made graph, a watched browser page, a server thread."""

from __future__ import annotations

import asyncio
import io
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from policykg.graph.model import (
    Edge,
    GraphData,
    Node,
    NodeType,
    Rel,
    area_id,
    document_id,
    task_id,
    theme_id,
)
from policykg.graph.networkx_store import NetworkXStore
from policykg.settings import Settings, environment_settings

XSS_SCRIPT = "<script>window.__xss=1</script>"
XSS_IMG = '<img src=x onerror="window.__xss=1">'
SLUG = "sample"


# -- a hand-made graph -------------------------------------------------------------------------


def _mention(task: str, rel: Rel, entity: str, start: int, surface: str) -> Edge:
    props = {"document": document_id(SLUG), "start": start, "end": start + len(surface)}
    return Edge(task, rel, entity, str(start), {**props, "surface": surface})


def sample_graph() -> GraphData:
    """One document, one theme, one area, three tasks; a region hierarchy with an unnamed county.

    Task 1.1.2's sentence carries markup that must never run.
    """
    doc, theme, area = document_id(SLUG), theme_id(SLUG, 1), area_id(SLUG, 1, 1)
    t1, t2, t3 = (task_id(SLUG, 1, 1, i) for i in (1, 2, 3))
    texts = {
        t1: "落实黄河大保护行动,推进黄河中下游总氮污染控制。",
        t2: f"加强{XSS_SCRIPT}黄河{XSS_IMG}治理 & 监测。",
        t3: "推进河北PM2.5治理。",
    }

    def task(tid: str, ordinal: str, seq: int) -> Node:
        props = {
            "text": texts[tid],
            "ordinal": ordinal,
            "document": doc,
            "seq": seq,
            "theme": theme,
            "area": area,
            "verbs": ["推进"],
            "action_type": "implementation",
            "start": seq * 100,
            "end": seq * 100 + len(texts[tid]),
        }
        return Node(tid, NodeType.TASK, texts[tid], props)

    def region(key: str, name: str, en: str, kind: str) -> Node:
        props = {"name_en": en, "kind": kind, "aliases": [], "source": "test"}
        return Node(f"region:{key}", NodeType.REGION, name, props)

    nodes = [
        Node(doc, NodeType.DOCUMENT, "样例文件", {"slug": SLUG, "text": "…"}),
        Node(theme, NodeType.THEME, "持续深入推进污染防治攻坚", {"ordinal": "1", "document": doc}),
        Node(area, NodeType.FOCUS_AREA, "深入打好碧水保卫战", {"ordinal": "1.1", "theme": theme}),
        task(t1, "1.1.1", 1),
        task(t2, "1.1.2", 2),
        task(t3, "1.1.3", 3),
        region("黄河流域", "黄河流域", "Yellow River Basin", "river basin"),
        region("黄河", "黄河", "Yellow River", "river"),
        region("黄河中下游", "黄河中下游", "Middle and Lower Yellow River", "river section"),
        region("130000", "河北", "Hebei", "province"),
        region("130100", "石家庄", "Shijiazhuang", "city"),
        region("130102", "长安区", "Chang'an District", "district"),
        region("<b>bold</b>", "<b>粗体</b>区", "<i>Bold</i> zone", "zone"),
        Node("pollutant:PM2.5", NodeType.POLLUTANT, "PM2.5", {"name_en": "fine particles"}),
        Node(
            "program:黄河大保护",
            NodeType.PROGRAM,
            "黄河大保护",
            {"name_en": "Yellow River Protection"},
        ),
    ]
    edges = [
        Edge(doc, Rel.HAS_THEME, theme),
        Edge(theme, Rel.HAS_AREA, area),
        *(Edge(area, Rel.HAS_TASK, t) for t in (t1, t2, t3)),
        _mention(t1, Rel.TOUCHES, "region:黄河", 102, "黄河"),
        _mention(t1, Rel.ADVANCES, "program:黄河大保护", 102, "黄河大保护"),
        _mention(t1, Rel.TOUCHES, "region:黄河中下游", 111, "黄河中下游"),
        _mention(t2, Rel.TOUCHES, "region:黄河", 240, "黄河"),
        _mention(t2, Rel.TOUCHES, "region:黄河", 250, "黄河"),
        _mention(t2, Rel.TOUCHES, "region:<b>bold</b>", 260, "<b>粗体</b>区"),
        _mention(t3, Rel.TOUCHES, "region:130000", 302, "河北"),
        _mention(t3, Rel.TARGETS, "pollutant:PM2.5", 304, "PM2.5"),
        Edge("region:黄河中下游", Rel.PART_OF, "region:黄河流域"),
        Edge("region:黄河", Rel.PART_OF, "region:黄河流域"),
        Edge("region:130000", Rel.PART_OF, "region:黄河流域"),
        Edge("region:130100", Rel.PART_OF, "region:130000"),
        Edge("region:130102", Rel.PART_OF, "region:130100"),
    ]
    return GraphData.of(nodes, edges)


# -- headless Chromium ---------------------------------------------------------------------------


@dataclass
class Watched:
    """A page with what it logged and asked for; `outside` requests were blocked."""

    page: Any
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def check_clean(self) -> None:
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.outside == [], f"requests outside localhost/file: {self.outside}"


LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", ""}


def non_white_pixels(png: bytes) -> int:
    """Pixels of a screenshot that are not (nearly) white."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("L")
    return sum(image.histogram()[:235])


# -- a real API server ---------------------------------------------------------------------------


class ServerThread:
    """uvicorn serving an app on a free loopback port, in a daemon thread."""

    def __init__(self, app: Any, port: int = 0) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        config = uvicorn.Config(app, log_level="warning", lifespan="on", ws="none")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    def __enter__(self) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        httpx.get(f"{self.url}/api/v1/health", timeout=60).raise_for_status()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)
        self.sock.close()


class HeldRequests:
    """An ASGI app in front of another that holds requests to one path until released.

    It makes the server slow for real (the request is open, the browser waits for it) and
    lets a test look at the page while it waits, without a timer deciding what it sees.
    """

    def __init__(self, app: Any, path: str) -> None:
        self.app = app
        self.path = path
        self.arrived = threading.Event()
        self.release = threading.Event()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] == self.path:
            self.arrived.set()
            await asyncio.to_thread(self.release.wait, 120)
        await self.app(scope, receive, send)


def settings_for(graph_file: Path) -> Settings:
    return environment_settings(
        backend="networkx", graph_file=graph_file, api_token=None, cors_origins=()
    )


@contextmanager
def serving(data: GraphData, directory: Path) -> Iterator[str]:
    """A real API server over `data` (written to a networkx graph file in `directory`)."""
    from policykg.api.app import create_app

    path = directory / "graph.json"
    NetworkXStore(path).replace(data)
    with ServerThread(create_app(settings_for(path))) as running:
        yield running.url
