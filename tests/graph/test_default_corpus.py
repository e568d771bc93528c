"""The whole default corpus (data/corpus) builds into one graph, the same on both stores.

The documents are counted here from the folder with plain os.walk, apart from the pipeline's
own file finder; the graph must hold one Document per document file, with its id from the
file name, and the Neo4j store must give back node for node and edge for edge what the
networkx store holds, and the same answers to a table of contract queries (touches with every
expansion, documents, timelines, co-occurrence and rankings with facets, search, detail,
neighbourhoods). The corpus is built once per session and loaded into Neo4j once per module.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from policykg.errors import PolicyKGError
from policykg.graph.model import GraphData, NodeType
from policykg.graph.networkx_store import NetworkXStore
from policykg.graph.results import DocumentFacets, TaskQuery
from policykg.graph.store import GraphStore
from policykg.present import to_json

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"


def document_files() -> list[Path]:
    found = []
    for folder, dirs, files in os.walk(CORPUS):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            stem, suffix = os.path.splitext(name)
            if suffix in (".txt", ".md", ".html", ".htm") and stem.upper() not in (
                "README",
                "SOURCE",
            ):
                found.append(Path(folder) / name)
    return found


def _document_id(path: Path) -> str:
    """The id rule of README (loaders/document_names.py), written out again: NFKC, and every
    run of characters but letters, digits and - _ . ( ) and Chinese title marks as one `_`."""
    stem = unicodedata.normalize("NFKC", path.stem)
    return "doc:" + re.sub(r"[^\w\-.()《》〈〉「」『』〔〕【】、·]+", "_", stem).strip("_. ")


def test_every_document_file_is_one_document_of_the_graph(default_corpus_data: GraphData) -> None:
    files = document_files()
    assert len(files) == 309  # the article, 8 dev documents, 300 laws
    documents = sorted(n.id for n in default_corpus_data.nodes if n.type is NodeType.DOCUMENT)
    assert documents == sorted(_document_id(p) for p in files)
    types = Counter(n.type for n in default_corpus_data.nodes)
    assert types[NodeType.TASK] > 10_000
    # every task, theme and focus area belongs to one of the documents
    owned = [
        n
        for n in default_corpus_data.nodes
        if n.type in (NodeType.TASK, NodeType.THEME, NodeType.FOCUS_AREA)
    ]
    assert {n.props["document"] for n in owned} <= set(documents)
    assert not default_corpus_data.dangling_edges()


@pytest.fixture(scope="module")
def both_stores(
    default_corpus_data: GraphData, neo4j_db: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[GraphStore, GraphStore]]:
    """(networkx, Neo4j), each holding the whole default corpus."""
    path = tmp_path_factory.mktemp("default-corpus") / "graph.json"
    NetworkXStore(path).replace(default_corpus_data)
    neo4j_db.forget()
    try:
        yield NetworkXStore(path), neo4j_db.holding(default_corpus_data)
    finally:
        neo4j_db.forget()


@pytest.mark.neo4j
def test_both_stores_hold_the_same_corpus_graph(
    both_stores: tuple[GraphStore, GraphStore],
) -> None:
    networkx, neo4j = both_stores
    assert neo4j.stats() == networkx.stats()
    assert neo4j.dump() == networkx.dump()  # neither store keeps None-valued properties


LAWS = DocumentFacets(kinds=("law",))
PROVINCIAL = DocumentFacets(levels=("provincial",))
RECENT = DocumentFacets(years=(2018, 2022))
YELLOW_RIVER = DocumentFacets(
    documents=("doc:黄河保护法(2022-10-30)", "doc:mee-2026-key-tasks"), issuer="全国"
)
#: The contract queries asked of both stores on the whole corpus: (name, question, must it
#: find something).
Ask = Callable[[GraphStore], Any]
CONTRACT: list[tuple[str, Ask, bool]] = [
    ("stats", lambda s: s.stats(), True),
    *(
        (
            f"tasks touching 黄河 expand={x}",
            lambda s, x=x: s.tasks(TaskQuery(touches=("黄河",), expand=x, limit=None)),
            True,
        )
        for x in ("none", "narrower", "broader", "both")
    ),
    (
        "documents touching 黄河",
        lambda s: s.documents(TaskQuery(touches=("黄河",), limit=None)),
        True,
    ),
    ("documents of laws", lambda s: s.documents(TaskQuery(facets=LAWS, limit=None)), True),
    ("timeline 黄河", lambda s: s.timeline("黄河"), True),
    (
        "cooccurrence Region Pollutant of laws",
        lambda s: s.cooccurrence(NodeType.REGION, NodeType.POLLUTANT, LAWS),
        True,
    ),
    (
        "rankings Region tasks provincial",
        lambda s: s.rankings(NodeType.REGION, "tasks", 30, PROVINCIAL),
        True,
    ),
    (
        "rankings Pollutant degree of laws",
        lambda s: s.rankings(NodeType.POLLUTANT, "degree", 30, LAWS),
        True,
    ),
    ("search 黄河", lambda s: s.search_entities("黄河", None, 50), True),
    ("search nitrogen", lambda s: s.search_entities("nitrogen"), True),
    ("resolve Yellow River", lambda s: s.resolve("Yellow River"), True),
    ("resolve 黄何 (a typo)", lambda s: s.resolve("黄何"), False),
    ("entity detail 黄河", lambda s: s.entity_detail("region:黄河"), True),
    ("document detail 黄河保护法", lambda s: s.document_detail("doc:黄河保护法(2022-10-30)"), True),
    ("neighborhood 黄河 1", lambda s: s.neighborhood("黄河", 1, (), 500), True),
    ("neighborhood 黄河 2 of laws", lambda s: s.neighborhood("黄河", 2, (), 300, LAWS), True),
    ("path 黄河 总氮", lambda s: s.shortest_path("黄河", "总氮"), True),
]


def _answer(ask: Ask, store: GraphStore) -> Any:
    try:
        return to_json(ask(store))
    except PolicyKGError as exc:
        return ["error", type(exc).__name__, str(exc)]


@pytest.mark.neo4j
@pytest.mark.parametrize(
    ("ask", "found"), [(a, f) for _, a, f in CONTRACT], ids=[n for n, _, _ in CONTRACT]
)
def test_both_stores_answer_the_contract_queries_alike_on_the_whole_corpus(
    both_stores: tuple[GraphStore, GraphStore], ask: Ask, found: bool
) -> None:
    networkx, neo4j = both_stores
    want = _answer(ask, networkx)
    assert _answer(ask, neo4j) == want
    is_error = isinstance(want, list) and want[:1] == ["error"]
    assert is_error != found, want
    if found and isinstance(want, dict) and "total" in want:
        assert want["total"] > 0, "a contract query must find something on the whole corpus"
