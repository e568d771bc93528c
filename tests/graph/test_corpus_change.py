"""Adding and removing documents on both stores gives exactly the graph of a clean build.

Four real documents (dev set and a law) are built in every combination the cases need; the
reference for each case is `build_from_documents` of the documents that should be there,
written by `replace` into a store of the same kind, and compared with the changed store's
`dump()`, node for node and edge for edge (properties included).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from policykg.errors import NodeNotFound
from policykg.graph.corpus import RECORD
from policykg.graph.model import GraphData, NodeType
from policykg.graph.networkx_store import NetworkXStore
from policykg.graph.store import GraphStore
from policykg.loaders.structure import ParsedDocument
from policykg.pipeline import (
    add_documents,
    build_from_documents,
    build_with,
    gazetteer_and_extractor,
    read_documents,
    remove_documents,
)

ROOT = Path(__file__).resolve().parents[2]
GAZETTEERS = ROOT / "data" / "gazetteers"
FILES = [
    ROOT / "data" / "corpus" / "dev" / "02-carbon-emissions-trading-interim-regulation-2024.txt",
    ROOT
    / "data"
    / "corpus"
    / "dev"
    / "04-state-council-office-zero-waste-city-pilot-plan-2018.txt",
    ROOT
    / "data"
    / "corpus"
    / "dev"
    / "17-beijing-ecological-conservation-area-regulation-2021.txt",
    ROOT / "data" / "corpus" / "laws" / "行政法规" / "长江河道采砂管理条例(2023-07-20).md",
]


@pytest.fixture(scope="module")
def tools() -> tuple[Any, Any]:
    return gazetteer_and_extractor(GAZETTEERS)


@pytest.fixture(scope="module")
def documents() -> dict[str, ParsedDocument]:
    return {f"doc:{d.slug}": d for d in read_documents(FILES)}


@pytest.fixture(scope="module")
def ids(documents: dict[str, ParsedDocument]) -> list[str]:
    return sorted(documents)


_BUILT: dict[tuple[str, ...], GraphData] = {}


def clean_build(documents: Sequence[ParsedDocument], tools: Any) -> GraphData:
    """What `policykg build` makes of these documents."""
    return build_with(documents, tools)


def build(documents: dict[str, ParsedDocument], wanted: Sequence[str], tools: Any) -> GraphData:
    """The clean build of these documents (made once per set in a session)."""
    key = tuple(sorted(wanted))
    if key not in _BUILT:
        _BUILT[key] = clean_build([documents[i] for i in key], tools)
    return _BUILT[key]


@pytest.fixture(params=["networkx", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def make_store(request: pytest.FixtureRequest, store_kind: str, tmp_path: Path) -> Iterator[Any]:
    """A store of the parametrised kind holding `data` (the Neo4j one is the shared database)."""
    used: list[Any] = []

    def make(data: GraphData) -> GraphStore:
        if store_kind == "neo4j":
            shared = request.getfixturevalue("neo4j_db")
            used.append(shared)
            shared.forget()
            return shared.holding(data)  # type: ignore[no-any-return]
        store = NetworkXStore(tmp_path / f"graph-{len(used)}.json")
        used.append(store)
        store.replace(data)
        return store

    yield make
    for shared in used:
        if not isinstance(shared, NetworkXStore):
            shared.forget()  # this test changed it behind the fixture's back


def same_graph(store: GraphStore, want: GraphData) -> None:
    got = store.dump()
    want = _without_none(want)  # neither store keeps a None-valued property
    assert [n.id for n in got.nodes] == [n.id for n in want.nodes]
    assert [e.ident for e in got.edges] == [e.ident for e in want.edges]
    assert got == want


def _without_none(data: GraphData) -> GraphData:
    return GraphData(
        tuple(
            dataclasses.replace(n, props={k: v for k, v in n.props.items() if v is not None})
            for n in data.nodes
        ),
        tuple(
            dataclasses.replace(e, props={k: v for k, v in e.props.items() if v is not None})
            for e in data.edges
        ),
    )


def shared_entities(data: GraphData, doc_id: str) -> set[str]:
    """Entities no gazetteer lists that this document's record names."""
    import json

    doc = next(n for n in data.nodes if n.id == doc_id)
    return {row[0] for row in json.loads(str(doc.props[RECORD]))["nodes"]}


def test_the_fixture_documents_share_entities_no_gazetteer_lists(
    documents: dict[str, ParsedDocument], ids: list[str], tools: Any
) -> None:
    """Otherwise the cases below would not exercise what two documents share."""
    data = build(documents, ids, tools)
    records = [shared_entities(data, i) for i in ids]
    shared = set.intersection(records[0] | records[1], records[2] | records[3])
    assert shared, "pick documents that name a common non-gazetteer entity"


def test_a_clean_build_is_the_loaders_graph_with_each_documents_record(
    documents: dict[str, ParsedDocument], ids: list[str], tools: Any
) -> None:
    """The corpus assembly (graph.corpus) adds the records and changes nothing else."""
    from policykg.loaders.build import build_graph

    ordered = [documents[i] for i in ids]
    loaders = build_graph(ordered, *tools)
    corpus = build(documents, ids, tools)
    assert all(
        isinstance(n.props.get(RECORD), str) for n in corpus.nodes if n.type is NodeType.DOCUMENT
    )
    stripped = tuple(
        dataclasses.replace(n, props={k: v for k, v in n.props.items() if k != RECORD})
        for n in corpus.nodes
    )
    assert stripped == loaders.nodes and corpus.edges == loaders.edges


def test_add_then_remove_gives_the_graph_of_a_clean_build(
    documents: dict[str, ParsedDocument], ids: list[str], make_store: Any, tools: Any
) -> None:
    first = ids[:2]
    store = make_store(build(documents, first, tools))
    change = add_documents(store, [documents[ids[2]], documents[ids[3]]], tools)
    assert change.added == (ids[2], ids[3]) and change.replaced == ()
    same_graph(store, build(documents, ids, tools))
    change = remove_documents(store, [ids[2], ids[3]], tools[0])
    assert change.removed == (ids[2], ids[3])
    same_graph(store, build(documents, first, tools))


@pytest.mark.parametrize("gone", [1, 3])
def test_removing_any_one_document_gives_the_build_of_the_others(
    documents: dict[str, ParsedDocument], ids: list[str], make_store: Any, gone: int, tools: Any
) -> None:
    store = make_store(build(documents, ids, tools))
    remove_documents(store, [ids[gone]], tools[0])
    same_graph(store, build(documents, [i for i in ids if i != ids[gone]], tools))


def test_entities_only_the_removed_document_named_go_shared_and_gazetteer_ones_stay(
    documents: dict[str, ParsedDocument], ids: list[str], make_store: Any, tools: Any
) -> None:
    full = build(documents, ids, tools)
    store = make_store(full)
    mine = shared_entities(full, ids[3])
    others = set().union(*(shared_entities(full, i) for i in ids[:3]))
    assert mine - others and mine & others  # both kinds are there to be checked
    remove_documents(store, [ids[3].removeprefix("doc:")], tools[0])  # the name alone works
    left = {n.id for n in store.dump().nodes}
    assert not (mine - others) & left
    assert mine & others <= left
    gazetteer = {n.id for n in full.nodes if n.props.get("origin") == "gazetteer"}
    assert gazetteer <= left
    assert not any(n.startswith(("task:", "theme:", "area:")) and ids[3][4:] in n for n in left)


def test_adding_a_stored_document_replaces_it(
    documents: dict[str, ParsedDocument], ids: list[str], make_store: Any, tools: Any
) -> None:
    store = make_store(build(documents, ids, tools))
    old = documents[ids[1]]
    cut = old.text[: len(old.text) // 2]  # the document, corrected: its second half is gone
    from policykg.loaders.structure import parse_document

    edited = parse_document(cut, slug=old.slug)
    change = add_documents(store, [edited], tools)
    assert change.replaced == (ids[1],) and change.added == ()
    want = build_from_documents(
        sorted(
            [documents[ids[0]], edited, documents[ids[2]], documents[ids[3]]], key=lambda d: d.slug
        ),
        GAZETTEERS,
    )
    same_graph(store, want)


def test_removing_an_unknown_document_changes_nothing(
    documents: dict[str, ParsedDocument], ids: list[str], make_store: Any, tools: Any
) -> None:
    data = build(documents, ids[:2], tools)
    store = make_store(data)
    with pytest.raises(NodeNotFound):
        remove_documents(store, [ids[0], "doc:no-such-document"], tools[0])
    same_graph(store, data)


def test_a_graph_without_records_asks_for_a_rebuild(
    source_data: GraphData, tmp_path: Path, tools: Any
) -> None:
    """Graphs built before documents kept their records (or by other tools) cannot be changed
    piecemeal: the error says so, and the graph stays as it was."""
    from policykg.errors import DocumentError

    bare = GraphData(
        tuple(
            dataclasses.replace(n, props={k: v for k, v in n.props.items() if k != RECORD})
            if n.type is NodeType.DOCUMENT
            else n
            for n in source_data.nodes
        ),
        source_data.edges,
    )
    store = NetworkXStore(tmp_path / "graph.json")
    store.replace(bare)
    before = (tmp_path / "graph.json").read_bytes()
    with pytest.raises(DocumentError, match="rebuild it with `policykg build`"):
        remove_documents(store, ["doc:mee-2026-key-tasks"], tools[0])
    assert (tmp_path / "graph.json").read_bytes() == before
