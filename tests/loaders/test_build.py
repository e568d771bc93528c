"""build_graph: the same input gives the same graph, and every span slices back to its text."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.graph.model import MENTION_RELS, GraphData, Node, NodeType, Rel
from policykg.graph.networkx_store import NetworkXStore
from policykg.loaders.extract import Extractor
from policykg.loaders.gazetteer import load_gazetteers
from policykg.loaders.read import read_document
from policykg.pipeline import build_from_files, build_with

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
DOCUMENTS = [
    "corpus",
    "mee-2026-excerpt.txt",
    "mee-2026-excerpt.gbk.txt",
    "mee-2026-excerpt.html",
    "numbered-traditional.txt",
]


@pytest.fixture(scope="module", params=DOCUMENTS)
def document_file(request: pytest.FixtureRequest, corpus_path: Path) -> Path:
    return corpus_path if request.param == "corpus" else FIXTURES / request.param


@pytest.fixture(scope="module")
def built(document_file: Path, gazetteer_dir: Path) -> GraphData:
    return build_from_files([document_file], gazetteer_dir)


def test_building_twice_gives_an_identical_graph(
    corpus_path: Path, gazetteer_dir: Path, source_data: GraphData, tmp_path: Path
) -> None:
    """A second build from freshly loaded gazetteers (no shared state): same nodes, edges, props."""
    gazetteer = load_gazetteers(gazetteer_dir)
    again = build_with([read_document(corpus_path)], (gazetteer, Extractor(gazetteer)))
    assert [n.id for n in again.nodes] == [n.id for n in source_data.nodes]
    assert [e.ident for e in again.edges] == [e.ident for e in source_data.edges]
    assert again == source_data  # props too: provenance, spans, verbs, action types

    first, second = tmp_path / "first.json", tmp_path / "second.json"
    NetworkXStore(first).replace(source_data)
    NetworkXStore(second).replace(again)
    assert first.read_bytes() == second.read_bytes()


def test_loading_the_saved_file_gives_the_graph_back(
    source_data: GraphData, tmp_path: Path
) -> None:
    path = tmp_path / "graph.json"
    NetworkXStore(path).replace(source_data)
    reread = NetworkXStore(path).dump()
    assert [n.id for n in reread.nodes] == [n.id for n in source_data.nodes]
    assert [e.ident for e in reread.edges] == [e.ident for e in source_data.edges]
    # None-valued properties are not stored (as in Neo4j); everything else comes back equal
    assert reread.nodes == tuple(_without_none(n) for n in source_data.nodes)


def _without_none(node: Node) -> Node:
    return Node(
        node.id, node.type, node.name, {k: v for k, v in node.props.items() if v is not None}
    )


def _document(data: GraphData) -> Node:
    (doc,) = [n for n in data.nodes if n.type == NodeType.DOCUMENT]
    return doc


def test_task_spans_slice_the_document_text_to_the_task_text(built: GraphData) -> None:
    text = str(_document(built).props["text"])
    tasks = [n for n in built.nodes if n.type == NodeType.TASK]
    assert tasks
    for task in tasks:
        start, end = int(task.props["start"]), int(task.props["end"])  # type: ignore[arg-type]
        assert 0 <= start < end <= len(text)
        assert text[start:end] == task.props["text"] == task.name


def test_theme_and_area_spans_slice_to_their_titles(built: GraphData) -> None:
    text = str(_document(built).props["text"])
    for node in built.nodes:
        if node.type in (NodeType.THEME, NodeType.FOCUS_AREA):
            start, end = int(node.props["start"]), int(node.props["end"])  # type: ignore[arg-type]
            assert text[start:end] == node.name


def test_mention_offsets_are_document_offsets_inside_their_task(built: GraphData) -> None:
    """Mention edges cite the document text (not the sentence): start/end slice it to the surface."""
    doc = _document(built)
    text = str(doc.props["text"])
    tasks = {n.id: n for n in built.nodes if n.type == NodeType.TASK}
    mentions = [e for e in built.edges if e.type in MENTION_RELS]
    assert mentions
    for edge in mentions:
        task = tasks[edge.source]
        start, end = int(edge.props["start"]), int(edge.props["end"])  # type: ignore[arg-type]
        t_start = int(task.props["start"])  # type: ignore[arg-type]
        assert 0 <= start < end <= len(text)
        assert text[start:end] == edge.props["surface"]
        assert t_start <= start and end <= int(task.props["end"])  # type: ignore[arg-type]
        sentence = str(task.props["text"])
        assert sentence[start - t_start : end - t_start] == edge.props["surface"]
        assert edge.props["document"] == doc.id
        assert edge.key == str(start)


def test_structure_edges_form_a_tree(built: GraphData) -> None:
    """Document -> Theme -> FocusArea -> Task: each child has exactly one parent of its level."""
    parents: dict[tuple[str, Rel], list[str]] = {}
    for edge in built.edges:
        if edge.type in (Rel.HAS_THEME, Rel.HAS_AREA, Rel.HAS_TASK):
            parents.setdefault((edge.target, edge.type), []).append(edge.source)
    levels = {
        NodeType.THEME: Rel.HAS_THEME,
        NodeType.FOCUS_AREA: Rel.HAS_AREA,
        NodeType.TASK: Rel.HAS_TASK,
    }
    for node in built.nodes:
        if node.type in levels:
            assert len(parents.get((node.id, levels[node.type]), [])) == 1, node.id
    for node in built.nodes:
        if node.type == NodeType.TASK:
            (area,) = parents[(node.id, Rel.HAS_TASK)]
            assert area == node.props["area"]
            (theme,) = parents[(area, Rel.HAS_AREA)]
            assert theme == node.props["theme"]


def test_every_edge_joins_two_nodes(built: GraphData) -> None:
    ids = {n.id for n in built.nodes}
    assert len(ids) == len(built.nodes)
    assert [e for e in built.edges if e.source not in ids or e.target not in ids] == []
