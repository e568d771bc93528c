"""Both stores give identical answers: same task ids, match kinds and paths, counts and order.

Every query of the GraphStore protocol runs on the networkx store and on the real Neo4j server
over the same graph, and the two answers must be equal as values (the frozen result
dataclasses compare field by field). Two graphs: the source article (every entity is asked
about, in every expand mode) and a synthetic article of a few thousand tasks (a large
deterministic sample of its entities).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from graph_support import entity_ids, every_nth, hierarchy, mentioned_by

from policykg.errors import PolicyKGError
from policykg.graph.model import ENTITY_TYPES, GraphData, NodeType
from policykg.graph.naming import fold
from policykg.graph.networkx_store import NetworkXStore
from policykg.graph.results import Expand, Page, TaskHit, TaskQuery
from policykg.graph.store import GraphStore

pytestmark = pytest.mark.neo4j

EXPANDS: tuple[Expand, ...] = ("none", "narrower", "broader", "both")


@dataclass(frozen=True)
class Pair:
    """One graph in both stores, and the GraphData they were loaded from."""

    name: str
    data: GraphData
    nx: GraphStore
    neo4j: GraphStore

    def same(self, ask: Callable[[GraphStore], Any]) -> Any:
        """Ask both stores; their answers (or the errors they raise) must be equal."""
        a, b = _outcome(ask, self.nx), _outcome(ask, self.neo4j)
        assert a == b, f"{self.name} {ask}: networkx {a!r}\n  != neo4j {b!r}"
        return a

    def all_same(self, asks: Sequence[Callable[[GraphStore], Any]]) -> list[Any]:
        """`same` for many questions."""
        return [self.same(ask) for ask in asks]


def _outcome(ask: Callable[[GraphStore], Any], store: GraphStore) -> Any:
    try:
        return ask(store)
    except PolicyKGError as exc:
        return (type(exc).__name__, vars(exc))


@pytest.fixture
def pair(request: pytest.FixtureRequest, graph: str) -> Iterator[Pair]:
    yield Pair(
        graph,
        request.getfixturevalue(f"{graph}_data"),
        request.getfixturevalue(f"nx_{graph}_store"),
        request.getfixturevalue(f"neo4j_{graph}_store"),
    )


#: Tests on both graphs; scope="module" makes pytest run all source cases, then all synthetic
#: ones, so the shared database is loaded twice rather than at every other test.
both_graphs = pytest.mark.parametrize("graph", ["source", "synthetic"], scope="module")


@pytest.fixture
def source(request: pytest.FixtureRequest) -> Pair:
    return Pair(
        "source",
        request.getfixturevalue("source_data"),
        request.getfixturevalue("nx_source_store"),
        request.getfixturevalue("neo4j_source_store"),
    )


@pytest.fixture
def synthetic(request: pytest.FixtureRequest) -> Pair:
    return Pair(
        "synthetic",
        request.getfixturevalue("synthetic_data"),
        request.getfixturevalue("nx_synthetic_store"),
        request.getfixturevalue("neo4j_synthetic_store"),
    )


def sample(data: GraphData, every: int) -> list[str]:
    """Every entity a task names, and every `every`-th of the others (sorted ids, so the
    sample is the same at every run)."""
    named = set(mentioned_by(data))
    entities = set(entity_ids(data))
    return sorted((named & entities) | set(every_nth(entities - named, every)))


@both_graphs
def test_whole_graph_stats_and_theme_tree(pair: Pair) -> None:
    dump = pair.same(lambda s: s.dump())
    assert len(dump.nodes) == len(pair.data.nodes) and len(dump.edges) == len(pair.data.edges)
    assert {n.id for n in dump.nodes} == {n.id for n in pair.data.nodes}
    assert {e.ident for e in dump.edges} == {e.ident for e in pair.data.edges}
    stats = pair.same(lambda s: s.stats())
    assert stats.node_total == len(pair.data.nodes)
    tree = pair.same(lambda s: s.theme_tree())
    assert sum(d.task_count for d in tree) == stats.nodes["Task"]


@dataclass(frozen=True)
class Touching:
    """The question "tasks touching `entity`" (a named callable, for readable failures)."""

    entity: str
    expand: Expand

    def __call__(self, store: GraphStore) -> Page[TaskHit]:
        return store.tasks(TaskQuery(touches=(self.entity,), expand=self.expand))


def test_tasks_touching_every_source_entity(source: Pair) -> None:
    asks = [Touching(e, x) for e, x in itertools.product(entity_ids(source.data), EXPANDS)]
    pages = source.all_same(asks)
    touched = sum(1 for page in pages if page.total)
    assert touched > 100, "most queries would be empty: the comparison would prove little"


def test_tasks_touching_a_sample_of_synthetic_entities(synthetic: Pair) -> None:
    entities = sample(synthetic.data, every=20)
    assert len(entities) > 800
    pages = synthetic.all_same([Touching(e, x) for e, x in itertools.product(entities, EXPANDS)])
    assert sum(1 for page in pages if page.total) > 1000


@both_graphs
def test_tasks_by_name_with_several_terms_filters_and_pages(pair: Pair) -> None:
    queries = [
        TaskQuery(),
        TaskQuery(limit=7, offset=5),
        TaskQuery(offset=11),
        TaskQuery(theme=2),
        TaskQuery(theme=3, limit=4, offset=2),
        TaskQuery(area="2.1"),
        TaskQuery(area="7.2", action_type="implementation"),
        TaskQuery(action_type="rule-making"),
        TaskQuery(text="排放"),
        TaskQuery(text="no such text"),
        TaskQuery(touches=("黄河",)),
        TaskQuery(touches=("Yellow River",), expand="both", limit=3, offset=1),
        TaskQuery(touches=("长江", "总氮"), match="all"),
        TaskQuery(touches=("长江", "总氮", "京津冀"), match="any", expand="both"),
        TaskQuery(touches=("温室气体", "京津冀"), match="all", expand="both"),
        TaskQuery(touches=("大气污染物",), theme=2, text="治理"),
        TaskQuery(touches=("美丽中国",), area="1.2"),
    ]
    for query in queries:
        pair.same(lambda s: s.tasks(query))  # noqa: B023


@both_graphs
def test_task_detail(pair: Pair) -> None:
    tasks = [n.id for n in pair.data.nodes if n.type == NodeType.TASK]
    for task in [*every_nth(tasks, max(1, len(tasks) // 200)), "task:nope:1.1.1", "region:黄河"]:
        pair.same(lambda s: s.task_detail(task))  # noqa: B023


@both_graphs
def test_entity_detail(pair: Pair) -> None:
    for entity in sample(pair.data, every=25):
        pair.same(lambda s: s.entity_detail(entity))  # noqa: B023


def search_terms(data: GraphData) -> list[str]:
    """Exact names, English names and aliases, their prefixes and inner parts, case-shifted."""
    terms = {"", "黄河", "yellow", "RIVER", "污染", "zzz-no-such", " 长江 "}
    entities = sorted((n for n in data.nodes if n.type in ENTITY_TYPES), key=lambda n: n.id)
    for node in entities[::100]:
        name_en = str(node.props.get("name_en") or "")
        aliases = [str(a) for a in node.props.get("aliases") or ()]  # type: ignore[union-attr]
        terms |= {node.name, node.name[:1], node.name[1:3], name_en.upper(), fold(name_en)[2:7]}
        terms |= set(aliases[:2])
    return sorted(terms)


@both_graphs
def test_entity_search(pair: Pair) -> None:
    for q in search_terms(pair.data):
        pair.same(lambda s: s.search_entities(q))  # noqa: B023
    for node_type in ENTITY_TYPES:
        pair.same(lambda s: s.search_entities("", node_type, limit=30))  # noqa: B023
        pair.same(lambda s: s.search_entities("中", node_type, limit=10, offset=5))  # noqa: B023
    pair.same(lambda s: s.search_entities("", limit=10**6))


@both_graphs
def test_resolution_answers_and_errors(pair: Pair) -> None:
    """Names that fail alike: unknown (same suggestions), ambiguous (same candidates)."""
    seen: dict[str, set[str]] = {}
    for node in (n for n in pair.data.nodes if n.type in ENTITY_TYPES):
        for alias in node.props.get("aliases") or ():  # type: ignore[union-attr]
            seen.setdefault(fold(str(alias)), set()).add(node.id)
    shared = sorted(a for a, ids in seen.items() if len(ids) > 1)[:20]
    names = ["黄河口流域x", "Yellowish River", "zzz", "  ", "task:nope", *shared]
    for name in names:
        pair.same(lambda s: s.resolve(name))  # noqa: B023
    for node_type in ENTITY_TYPES:
        pair.same(lambda s: s.resolve("黄河", node_type))  # noqa: B023


@both_graphs
def test_neighbourhoods(pair: Pair) -> None:
    centers = [*sample(pair.data, every=400)[::15], "黄河", "Yellow River"]
    tasks = [n.id for n in pair.data.nodes if n.type == NodeType.TASK]
    centers += every_nth(tasks, max(1, len(tasks) // 5))
    for center in centers:
        for depth, types, limit in [
            (1, (), 200),
            (2, (), 50),
            (2, (NodeType.TASK, NodeType.POLLUTANT), 500),
            (3, (NodeType.REGION,), 2000),
        ]:
            pair.same(lambda s: s.neighborhood(center, depth, types, limit))  # noqa: B023


@both_graphs
def test_shortest_paths(pair: Pair) -> None:
    ends = sample(pair.data, every=500)[::20][:12]
    assert len(ends) >= 6
    for a, b in itertools.combinations(ends, 2):
        pair.same(lambda s: s.shortest_path(a, b, 6))  # noqa: B023
    pair.same(lambda s: s.shortest_path("总氮", "长江", 2))
    pair.same(lambda s: s.shortest_path("总氮", "长江", 1))
    pair.same(lambda s: s.shortest_path("总氮", "总氮"))


@both_graphs
def test_cooccurrence_of_every_pair_of_entity_types(pair: Pair) -> None:
    nonempty = 0
    for rows, cols in itertools.product(ENTITY_TYPES, repeat=2):
        nonempty += bool(pair.same(lambda s: s.cooccurrence(rows, cols)))  # noqa: B023
    assert nonempty > 10


@both_graphs
def test_rankings_by_tasks_and_degree(pair: Pair) -> None:
    for node_type, by in itertools.product(ENTITY_TYPES, ("tasks", "degree")):
        ranked = pair.same(lambda s: s.rankings(node_type, by, 50))  # type: ignore[arg-type]  # noqa: B023
        scores = [r.score for r in ranked]
        assert scores == sorted(scores, reverse=True)


def small_graph(data: GraphData) -> GraphData:
    """The article's structure, the entities its tasks name and everything above those: a few
    hundred nodes, where exact betweenness takes well under a second."""
    parents, _ = hierarchy(data)
    keep = {n.id for n in data.nodes if n.type not in ENTITY_TYPES}
    frontier = set(mentioned_by(data))
    while frontier:
        keep |= frontier
        frontier = {p for e in frontier for p in parents.get(e, ())} - keep
    nodes = [n for n in data.nodes if n.id in keep]
    return GraphData.of(nodes, (e for e in data.edges if e.source in keep and e.target in keep))


def test_rankings_by_betweenness(request: pytest.FixtureRequest, source_data: GraphData) -> None:
    """Computed in networkx for both stores (graph/centrality.py), from each store's dump."""
    data = small_graph(source_data)
    assert 100 < len(data.nodes) < 1000 and not data.dangling_edges()
    reference = NetworkXStore(None)
    reference.replace(data)
    neo4j = request.getfixturevalue("neo4j_db").holding(data)
    pair = Pair("small", data, reference, neo4j)
    for node_type in ENTITY_TYPES:
        ranked = pair.same(lambda s: s.rankings(node_type, "betweenness", 20))  # noqa: B023
        scores = [r.score for r in ranked]
        assert scores == sorted(scores, reverse=True)
    assert pair.same(lambda s: s.rankings(NodeType.REGION, "betweenness", 5))[0].score > 0
