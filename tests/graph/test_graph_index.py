"""The index beside a networkx graph file: the same answers as the whole graph, used only when
it belongs to the file as it is, and never needed (graph/graph_index.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from policykg.graph.graph_index import IndexReader, index_path
from policykg.graph.model import GraphData, NodeType
from policykg.graph.networkx_store import NetworkXStore
from policykg.graph.results import TaskQuery


@pytest.fixture(scope="module")
def built(source_data: GraphData, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("index") / "graph.json"
    NetworkXStore(path, load=False).replace(source_data)
    return path


def _questions(store: NetworkXStore) -> list[object]:
    return [
        store.stats(),
        store.tasks(TaskQuery.of(["黄河"])),
        store.tasks(TaskQuery.of(["河北"], broader=True, limit=3, offset=1)),
        store.tasks(TaskQuery.of(["黄河", "总氮"], match="all")),
        store.tasks(TaskQuery.of((), theme=2, area="2.1")),
        store.tasks(TaskQuery.of((), text="黄河", action_type="rule-making")),
        store.tasks(TaskQuery.of((), limit=5, offset=130)),
        store.search_entities("黄"),
        store.search_entities("nitrogen", NodeType.POLLUTANT),
        store.entity_detail("region:黄河"),
        store.get_node("doc:mee-2026-key-tasks"),
        store.task_detail(store.tasks(TaskQuery.of((), limit=1)).items[0].id),
    ]


def test_the_index_answers_as_the_whole_graph(built: Path) -> None:
    whole = NetworkXStore(built)
    indexed = NetworkXStore(built, indexed=True)
    assert isinstance(indexed._reader, IndexReader)  # it is the index that answers
    assert _questions(indexed) == _questions(whole)
    assert isinstance(indexed._reader, IndexReader)  # and the graph was not read for them
    indexed.close()


def test_whole_graph_questions_read_the_graph(built: Path) -> None:
    indexed = NetworkXStore(built, indexed=True)
    assert indexed.neighborhood("region:黄河", 2) == NetworkXStore(built).neighborhood(
        "region:黄河", 2
    )
    assert not isinstance(indexed._reader, IndexReader)  # later questions: from memory
    indexed.close()


def test_an_index_of_another_graph_is_not_used(
    built: Path, source_data: GraphData, tmp_path: Path
) -> None:
    """A file replaced by hand (copied from elsewhere) keeps the index of the one before."""
    path = tmp_path / "graph.json"
    NetworkXStore(path, load=False).replace(GraphData.of(source_data.nodes[:50], ()))
    shutil.copyfile(built, path)  # the index stays the one of the 50-node graph
    store = NetworkXStore(path, indexed=True)
    assert not isinstance(store._reader, IndexReader)
    assert store.stats() == NetworkXStore(built).stats()


@pytest.mark.parametrize("damage", [b"", b"not a database", b"SQLite format 3\x00" + b"\xff" * 99])
def test_a_damaged_index_means_the_graph_is_read(
    built: Path, tmp_path: Path, damage: bytes
) -> None:
    path = tmp_path / "graph.json"
    shutil.copyfile(built, path)
    index_path(path).write_bytes(damage)
    store = NetworkXStore(path, indexed=True)
    assert not isinstance(store._reader, IndexReader)
    assert store.tasks(TaskQuery.of(["黄河"])) == NetworkXStore(built).tasks(TaskQuery.of(["黄河"]))


def test_a_truncated_graph_file_is_not_answered_from_its_index(built: Path, tmp_path: Path) -> None:
    """The size is part of what the index was written for: a cut file fails as before."""
    from policykg.errors import GraphFileError

    path = tmp_path / "graph.json"
    shutil.copyfile(built, path)
    shutil.copyfile(index_path(built), index_path(path))
    with path.open("r+b") as fh:
        fh.truncate(path.stat().st_size - 10)
    with pytest.raises(GraphFileError):
        NetworkXStore(path, indexed=True)
