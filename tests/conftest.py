"""Shared fixtures: the real source document and a synthetic one, built once, in every store.

Neo4j Community has a single user database, shared by every test (and by whoever else uses
the dev server), so Neo4j fixtures do not keep a graph of their own: each asks `neo4j_db` for
the graph it needs and gets the store after the database was made to hold it (a replace()
when its counts differ, or when this session has not loaded it yet). Tests that use the server
carry the `neo4j` marker; pytest runs them one at a time, and a lock file keeps two pytest
sessions on one machine from interleaving on the server.
"""

from __future__ import annotations

import fcntl
import gzip
import json
import os
import socket
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
from hypothesis import settings as hypothesis_settings

from policykg.graph.model import GraphData
from policykg.graph.networkx_store import NetworkXStore
from policykg.graph.results import GraphStats
from policykg.graph.store import GraphStore

if TYPE_CHECKING:
    from policykg.graph.neo4j_store import Neo4jStore

# Hypothesis's per-example deadline is a timed assertion: on a loaded machine it fails examples
# that are slow, not wrong. Speed is measured in benchmarks/, so the suite runs without one.
hypothesis_settings.register_profile("policykg", deadline=None)
hypothesis_settings.load_profile("policykg")

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
CORPUS = DATA / "corpus" / "mee-2026-key-tasks.txt"
GAZETTEERS = DATA / "gazetteers"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS_GRAPH = Path(__file__).resolve().parent / "golden_answers" / "corpus-graph.json.gz"
NEO4J_SCRIPT = ROOT / "scripts" / "neo4j" / "neo4j"

#: Tasks in the synthetic document (devkit.synthetic_text): a few thousand, built in ~1 s.
SYNTHETIC_TASKS = 3_000
#: How long a session waits for another one to finish with the shared server.
LOCK_WAIT_SECONDS = 30 * 60
#: scripts/neo4j/neo4j start waits up to 120 s for the server by default.
SERVER_COMMAND_SECONDS = 180


@pytest.fixture(scope="session")
def corpus_path() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def gazetteer_dir() -> Path:
    return GAZETTEERS


@pytest.fixture(scope="session")
def source_data() -> GraphData:
    """The graph of the 2026 key-task article, as the CLI builds it."""
    from policykg.pipeline import build_from_files

    return build_from_files([CORPUS], GAZETTEERS)


@pytest.fixture(scope="session")
def default_corpus_data() -> GraphData:
    """The graph of the whole default corpus (data/corpus: 309 documents), built once per
    session: whatever needs the full corpus shares this one build."""
    from policykg.pipeline import build_from_files

    return build_from_files([DATA / "corpus"], GAZETTEERS)


@pytest.fixture(scope="session")
def synthetic_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic article of SYNTHETIC_TASKS tasks made from the source, as a file."""
    from devkit.synthetic_text import synthetic_text
    from policykg.loaders.read import read_document
    from policykg.pipeline import gazetteer_and_extractor

    gazetteer, _ = gazetteer_and_extractor(GAZETTEERS)
    text = synthetic_text(read_document(CORPUS), gazetteer, SYNTHETIC_TASKS)
    path = tmp_path_factory.mktemp("synthetic") / f"synthetic-{SYNTHETIC_TASKS}.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def synthetic_data(synthetic_file: Path) -> GraphData:
    """The synthetic article's graph, built by the same pipeline as the CLI's."""
    from policykg.pipeline import build_from_files

    return build_from_files([synthetic_file], GAZETTEERS)


@pytest.fixture(scope="session")
def nx_source_store(source_data: GraphData) -> NetworkXStore:
    """A read-only networkx store of the source graph (tests must not write to it)."""
    store = NetworkXStore(None)
    store.replace(source_data)
    return store


@pytest.fixture(scope="session")
def nx_synthetic_store(synthetic_data: GraphData) -> NetworkXStore:
    """A read-only networkx store of the synthetic graph."""
    store = NetworkXStore(None)
    store.replace(synthetic_data)
    return store


@pytest.fixture(scope="session")
def corpus_data() -> GraphData:
    """Eleven documents of every level and several kinds in one graph (the article, dev
    documents, laws naming 黄河): the frozen graph of the corpus queries' golden answers
    (tests/golden_answers/golden_cases.py CORPUS_FILES), read once."""
    from policykg.graph.model import Edge, Node, NodeType, Rel

    payload = json.loads(gzip.decompress(CORPUS_GRAPH.read_bytes()).decode("utf-8"))
    return GraphData.of(
        (Node(i, NodeType(t), name, props) for i, t, name, props in payload["nodes"]),
        (Edge(s, Rel(t), o, k, props) for s, t, o, k, props in payload["edges"]),
    )


@pytest.fixture(scope="session")
def nx_corpus_store(corpus_data: GraphData) -> NetworkXStore:
    """A read-only networkx store of the corpus graph."""
    store = NetworkXStore(None)
    store.replace(corpus_data)
    return store


# -- the shared Neo4j server --------------------------------------------------------------------


def neo4j_settings() -> tuple[str, str, str, str]:
    return (
        os.environ.get("POLICYKG_NEO4J_URI", "bolt://127.0.0.1:7687"),
        os.environ.get("POLICYKG_NEO4J_USER", "neo4j"),
        os.environ.get("POLICYKG_NEO4J_PASSWORD", "policykg-dev"),
        os.environ.get("POLICYKG_NEO4J_DATABASE", "neo4j"),
    )


@pytest.fixture(scope="session")
def neo4j_credentials() -> tuple[str, str, str, str]:
    """(uri, user, password, database) of the test server, from POLICYKG_NEO4J_*."""
    return neo4j_settings()


def stats_of(data: GraphData) -> GraphStats:
    """What stats() of a store holding exactly `data` returns."""
    nodes = Counter(n.type.value for n in data.nodes)
    edges = Counter(e.type.value for e in data.edges)
    docs = tuple(sorted(n.id for n in data.nodes if n.type.value == "Document"))
    return GraphStats(dict(sorted(nodes.items())), dict(sorted(edges.items())), docs)


class SharedNeo4j:
    """The test server's one database, made to hold whichever graph a test asks for."""

    def __init__(self, store: Neo4jStore) -> None:
        self.store = store
        self.loaded: GraphData | None = None

    def holding(self, data: GraphData) -> Neo4jStore:
        """The store, its database now holding exactly `data`."""
        if self.loaded is not data or self.store.stats() != stats_of(data):
            self.store.replace(data)
            self.loaded = data
        return self.store

    def forget(self) -> None:
        """Someone else wrote to the database: reload on the next `holding`."""
        self.loaded = None


@pytest.fixture(scope="session")
def neo4j_lock() -> Iterator[None]:
    """One pytest session at a time on the shared server (tests may stop and restart it)."""
    path = Path(tempfile.gettempdir()) / "policykg-neo4j-tests.lock"
    with path.open("w") as handle:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    pytest.fail(f"another pytest session holds {path} (the shared Neo4j server)")
                time.sleep(1)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def neo4j_db(neo4j_lock: None, source_data: GraphData) -> Iterator[SharedNeo4j]:
    """The real Neo4j server (scripts/neo4j/neo4j start); left holding the source graph.

    A missing server fails the test, never skips it: deselect with -m "not neo4j" instead.
    """
    from policykg.errors import StoreUnavailable
    from policykg.graph.neo4j_store import Neo4jStore

    try:
        store = Neo4jStore(*neo4j_settings())
    except StoreUnavailable as exc:
        pytest.fail(f"Neo4j is needed (scripts/neo4j/neo4j start, or -m 'not neo4j'): {exc}")
    shared = SharedNeo4j(store)
    try:
        yield shared
        # Others use the dev server too: leave it with what `policykg build` puts there.
        shared.holding(source_data)
    finally:
        store.close()


class Neo4jServer:
    """scripts/neo4j/neo4j, for the tests that stop and start the shared server."""

    def run(self, command: str) -> subprocess.CompletedProcess[str]:
        # The script finds its server with `ps -o args=`, which cuts lines at $COLUMNS (80
        # under pytest): without a wide COLUMNS it misses the server and `stop` does nothing.
        return subprocess.run(
            [str(NEO4J_SCRIPT), command],
            capture_output=True,
            text=True,
            timeout=SERVER_COMMAND_SECONDS,
            env={**os.environ, "COLUMNS": "32767"},
            check=False,
        )

    def stop(self) -> None:
        done = self.run("stop")
        assert done.returncode == 0, done.stderr
        assert self.run("status").returncode == 3, "the server still runs after stop"
        assert not bolt_answers(), "something still listens on the Bolt port after stop"

    def start(self) -> None:
        done = self.run("start")
        assert done.returncode == 0, done.stderr
        assert bolt_answers()


def bolt_answers() -> bool:
    """Whether something accepts TCP connections at the test server's Bolt address."""
    address = urlsplit(neo4j_settings()[0])
    try:
        with socket.create_connection((address.hostname, address.port or 7687), timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture
def neo4j_server(neo4j_db: SharedNeo4j) -> Iterator[Neo4jServer]:
    """Lets a test stop the shared server; whatever happens, it runs again afterwards."""
    server = Neo4jServer()
    try:
        yield server
    finally:
        server.start()  # a no-op when it runs
        neo4j_db.forget()


@pytest.fixture
def neo4j_source_store(neo4j_db: SharedNeo4j, source_data: GraphData) -> GraphStore:
    """The source graph in the real Neo4j server."""
    return neo4j_db.holding(source_data)


@pytest.fixture
def neo4j_synthetic_store(neo4j_db: SharedNeo4j, synthetic_data: GraphData) -> GraphStore:
    """The synthetic graph in the real Neo4j server."""
    return neo4j_db.holding(synthetic_data)


BACKENDS = ["networkx", pytest.param("neo4j", marks=pytest.mark.neo4j)]


@pytest.fixture(params=BACKENDS)
def source_store(request: pytest.FixtureRequest) -> GraphStore:
    """The source graph in each store: contract tests run once per backend."""
    if request.param == "networkx":
        return request.getfixturevalue("nx_source_store")  # type: ignore[no-any-return]
    return request.getfixturevalue("neo4j_source_store")  # type: ignore[no-any-return]


@pytest.fixture(params=BACKENDS)
def corpus_store(request: pytest.FixtureRequest) -> GraphStore:
    """The corpus graph (several documents) in each store."""
    if request.param == "networkx":
        return request.getfixturevalue("nx_corpus_store")  # type: ignore[no-any-return]
    shared: SharedNeo4j = request.getfixturevalue("neo4j_db")
    return shared.holding(request.getfixturevalue("corpus_data"))


@pytest.fixture(params=BACKENDS)
def synthetic_store(request: pytest.FixtureRequest) -> GraphStore:
    """The synthetic graph in each store."""
    if request.param == "networkx":
        return request.getfixturevalue("nx_synthetic_store")  # type: ignore[no-any-return]
    return request.getfixturevalue("neo4j_synthetic_store")  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium driven by playwright; missing -> the test fails (never skips).

    Module scope, not session: playwright's sync API keeps an event loop running in the main
    thread while it is open, and later modules that call asyncio.run() would fail on it.
    """
    from devkit.chromium import chromium_path, launch

    path = chromium_path()
    if not path.exists():
        pytest.fail(
            f"{path} is missing: apt-get install chromium fonts-noto-cjk "
            "(or deselect with -m 'not browser')"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()
