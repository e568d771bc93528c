"""The whole default corpus (data/corpus) builds into one graph, the same on both stores.

The documents are counted here from the folder with plain os.walk, apart from the pipeline's
own file finder; the graph must hold one Document per document file, with its id from the
file name, and the Neo4j store must give back node for node and edge for edge what the
networkx store holds.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from policykg.graph.model import GraphData, NodeType
from policykg.graph.networkx_store import NetworkXStore

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


def test_every_document_file_is_one_document_of_the_graph(default_corpus_data: GraphData) -> None:
    files = document_files()
    assert len(files) == 309  # the article, 8 dev documents, 300 laws
    documents = sorted(n.id for n in default_corpus_data.nodes if n.type is NodeType.DOCUMENT)
    assert documents == sorted(f"doc:{p.stem}" for p in files)
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


@pytest.mark.neo4j
def test_both_stores_hold_the_same_corpus_graph(
    default_corpus_data: GraphData, neo4j_db: Any, tmp_path: Path
) -> None:
    path = tmp_path / "graph.json"
    NetworkXStore(path).replace(default_corpus_data)
    networkx = NetworkXStore(path)
    neo4j_db.forget()
    try:
        neo4j = neo4j_db.holding(default_corpus_data)
        assert neo4j.stats() == networkx.stats()
        assert neo4j.dump() == networkx.dump()  # neither store keeps None-valued properties
    finally:
        neo4j_db.forget()
