"""Shared fixtures: the real source document, built once per session, in every store."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.model import GraphData
from graph.networkx_store import NetworkXStore
from graph.store import GraphStore

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
CORPUS = DATA / "corpus" / "mee-2026-key-tasks.txt"
GAZETTEERS = DATA / "gazetteers"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


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
def nx_source_store(source_data: GraphData) -> NetworkXStore:
    """A read-only networkx store of the source graph (tests must not write to it)."""
    store = NetworkXStore(None)
    store.replace(source_data)
    return store


def neo4j_settings() -> tuple[str, str, str, str]:
    return (
        os.environ.get("POLICYKG_NEO4J_URI", "bolt://127.0.0.1:7687"),
        os.environ.get("POLICYKG_NEO4J_USER", "neo4j"),
        os.environ.get("POLICYKG_NEO4J_PASSWORD", "policykg-dev"),
        os.environ.get("POLICYKG_NEO4J_DATABASE", "neo4j"),
    )


@pytest.fixture(scope="session")
def neo4j_source_store(source_data: GraphData) -> Iterator[GraphStore]:
    """The source graph in the real Neo4j server (scripts/neo4j/neo4j start).

    A missing server fails the test, never skips it: deselect with -m "not neo4j" instead.
    """
    from graph.neo4j_store import Neo4jStore
    from policykg.errors import StoreUnavailable

    try:
        store = Neo4jStore(*neo4j_settings())
    except StoreUnavailable as exc:
        pytest.fail(f"Neo4j is needed (scripts/neo4j/neo4j start, or -m 'not neo4j'): {exc}")
    store.replace(source_data)
    yield store
    store.close()


@pytest.fixture(params=["networkx", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def source_store(request: pytest.FixtureRequest) -> GraphStore:
    """The source graph in each store: contract tests run once per backend."""
    if request.param == "networkx":
        return request.getfixturevalue("nx_source_store")  # type: ignore[no-any-return]
    return request.getfixturevalue("neo4j_source_store")  # type: ignore[no-any-return]
