"""Properties of the source graph's answers, checked on every store beside the recorded answers.

A property belongs to one row of the table of store cases (golden_cases.cases, by the row's
name) and gets the row's answer (or the error it raised), the store and the frozen graph.
Expectations come from the article itself or from the graph (graph_support's second, plain
implementation of "tasks touching X"), never from numbers copied from a run.
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "graph"))

from graph_support import Expected, expected_matches, hierarchy, mentioned_by

from policykg.errors import EntityNotFound, InvalidQuery, NodeNotFound
from policykg.graph.model import ENTITY_TYPES, GraphData, NodeType, Rel
from policykg.graph.results import MatchKind, TaskQuery
from policykg.graph.store import GraphStore
from policykg.settings import PACKAGE_DATA

#: A property of one row's answer: raises AssertionError when the answer lacks it.
Holds = Callable[[Any, GraphStore, GraphData], None]

ARTICLE = PACKAGE_DATA / "corpus" / "mee-2026-key-tasks.txt"
DOC = "doc:mee-2026-key-tasks"
#: Focus areas under each of the 7 themes, counted by hand in the article: one paragraph per
#: area (DESIGN.md's "25 paragraphs" is wrong: the real text has 21).
AREAS_PER_THEME = [2, 6, 3, 2, 2, 2, 4]


def properties(data: GraphData) -> dict[str, Holds]:
    """Row name -> the property its answer must have on every store (the source graph)."""
    out: dict[str, Holds] = {
        "stats": _structure_counts,
        "theme_tree": _theme_tree,
        "resolve '黄河口流域x'": _suggests_close_names,
        "resolve '  '": _raises(InvalidQuery),
        "touches region:130000 narrower": _matches_nothing,
        "touches region:130000 both": _broader_reaches_the_groups,
        "touches region:黄河 narrower": _narrower_reports_the_lower_entity,
        _tasks(TaskQuery()): _every_span_slices_back,
        _tasks(TaskQuery(touches=("长江", "总氮"), match="all")): _is_the_intersection,
        _tasks(TaskQuery(theme=2)): _all_ordinals_under("2."),
        _tasks(TaskQuery(area="2.1")): _all_ordinals_under("2.1."),
        _tasks(TaskQuery(area="area:mee-2026-key-tasks:2.1")): _same_as(TaskQuery(area="2.1")),
        _tasks(TaskQuery(area="9.9")): _empty,
        _tasks(TaskQuery(text="总氮")): _all_texts_contain("总氮"),
        _tasks(TaskQuery(action_type="rule-making")): _all_of_action("rule-making"),
        _tasks(TaskQuery(limit=5, offset=3)): _a_slice_of(TaskQuery(), 3, 8),
        _tasks(TaskQuery(offset=3)): _a_slice_of(TaskQuery(), 3, None),
        _tasks(TaskQuery(offset=10**12)): _a_slice_of(TaskQuery(), 10**12, None),
        _tasks(TaskQuery(offset=1, limit=10**12)): _a_slice_of(TaskQuery(), 1, None),
        _tasks(TaskQuery(touches=("长江",), offset=1)): _a_slice_of(
            TaskQuery(touches=("长江",)), 1, None
        ),
        _tasks(TaskQuery(offset=-1)): _raises(InvalidQuery),
        _tasks(TaskQuery(limit=-1)): _raises(InvalidQuery),
        "search 黄河 offset -1": _raises(InvalidQuery),
        "search '' offset 2": _all_but(2),
        "search '黄河'": _exact_first("region:黄河", "region:黄河中下游"),
        "search '' Region 5": _most_tasks_first,
        "search YELLOW Region": _finds("region:黄河"),
        "entity_detail 碳排放权交易管理办法": _revised_once,
        "entity_detail 河北": _hierarchy_of("region:130000"),
        "entity_detail 黄河": _huanghe_detail,
        "task_detail task:nope:1.1.1": _raises(NodeNotFound),
        "task_detail region:黄河": _raises(NodeNotFound),
        "neighborhood 黄河 1 [] 200": _ego_is_every_neighbour,
        "neighborhood 黄河 2 [] 5": _capped_at(5),
        "neighborhood 黄河 1 ['Task'] 200": _only_its_tasks,
        "path 总氮 长江 6": _path_through_a_task,
        "path 总氮 长江 1": _raises(InvalidQuery),
        f"cooccurrence {NodeType.REGION} {NodeType.POLLUTANT}": _cells_backed_by_tasks,
        f"rankings {NodeType.REGION} tasks 10": _ranked_by_tasks,
        f"rankings {NodeType.REGION} degree 10": _sorted_scores,
    }
    for name in ("黄河", "Yellow River", "yellow river", "黄河流域", "region:黄河"):
        out[f"resolve {name!r}"] = _resolves_to("region:黄河")
    # every entity a task names (and 河北, which none names), each way: the rows that match
    entities = sorted({*mentioned_by(data), "region:130000"} & _entity_ids(data))
    entities += sorted({entity for entity, _ in HAS_TASKS} - set(entities))
    for entity in entities:
        for expand in ("none", "narrower", "broader", "both"):
            name = f"touches {entity} {expand}"
            out[name] = _both(_follows_mentions_and_hierarchy(entity, expand), out.get(name))
    for name, expand in HAS_TASKS:
        row = f"touches {name} {expand}"
        out[row] = _both(_not_empty, out.get(row))
    tasks = sorted(n.id for n in data.nodes if n.type == NodeType.TASK)
    for task in tasks:
        out[f"task_detail {task}"] = _breadcrumb
    return out


#: Entities the article has tasks on, each way (with the hierarchy edge that gives them).
HAS_TASKS = (
    ("region:黄河", "narrower"),
    ("region:黄河", "none"),
    ("region:黄河", "both"),
    ("region:130000", "both"),  # 河北: only through 京津冀 and the other groups it is in
    ("region:130000", "broader"),
    ("region:长江", "both"),
    ("region:长江", "narrower"),  # 长江沿线 is PART_OF 长江
    ("pollutant:温室气体", "narrower"),  # IS_A: 甲烷, 氢氟碳化物 …
    ("program:美丽中国", "narrower"),  # Program PART_OF
    ("region:长三角生态绿色一体化发展示范区", "broader"),
)


def _not_empty(page: Any, store: GraphStore, data: GraphData) -> None:
    assert page.items, "the article has tasks on it"


def _entity_ids(data: GraphData) -> set[str]:
    return {n.id for n in data.nodes if n.type in ENTITY_TYPES}


def _tasks(query: TaskQuery) -> str:
    return f"tasks {query}"


def _both(first: Holds, second: Holds | None) -> Holds:
    def holds(answer: Any, store: GraphStore, data: GraphData) -> None:
        first(answer, store, data)
        if second is not None:
            second(answer, store, data)

    return holds


def _raises(kind: type[Exception]) -> Holds:
    def holds(answer: Any, store: GraphStore, data: GraphData) -> None:
        assert isinstance(answer, kind), answer

    return holds


def _task_ids(store: GraphStore, query: TaskQuery) -> list[str]:
    return [hit.id for hit in store.tasks(query).items]


# -- structure ----------------------------------------------------------------------------------


def _structure_counts(stats: Any, store: GraphStore, data: GraphData) -> None:
    assert stats.nodes["Document"] == 1
    assert stats.nodes["Theme"] == 7
    assert stats.nodes["FocusArea"] == sum(AREAS_PER_THEME) == 21
    assert stats.edges["HAS_TASK"] == stats.nodes["Task"]


def _theme_tree(tree: Any, store: GraphStore, data: GraphData) -> None:
    assert [t.ordinal for t in tree[0].themes] == [str(i) for i in range(1, 8)]
    assert [len(t.areas) for t in tree[0].themes] == AREAS_PER_THEME
    assert tree[0].task_count == sum(1 for n in data.nodes if n.type == NodeType.TASK)
    lines = unicodedata.normalize("NFKC", ARTICLE.read_text(encoding="utf-8")).splitlines()
    heads = {line.strip().split("。")[0] for line in lines if "。" in line}
    areas = [a for t in tree[0].themes for a in t.areas]
    assert {a.title for a in areas} <= heads, "every focus area heads a paragraph"
    assert len({a.title for a in areas}) == len(areas)


# -- names --------------------------------------------------------------------------------------


def _resolves_to(entity: str) -> Holds:
    def holds(node: Any, store: GraphStore, data: GraphData) -> None:
        assert node.id == entity

    return holds


def _suggests_close_names(error: Any, store: GraphStore, data: GraphData) -> None:
    assert isinstance(error, EntityNotFound)
    assert "黄河" in error.suggestions or "黄河中下游" in error.suggestions


# -- tasks touching -----------------------------------------------------------------------------


def _follows_mentions_and_hierarchy(entity: str, expand: str) -> Holds:
    """The hits are those the graph implies, in document order, each with a sound path to a
    mention that slices back to its surface."""

    def holds(page: Any, store: GraphStore, data: GraphData) -> None:
        want = expected_matches(data, entity, expand)
        got = {h.id: Expected(h.match, len(h.matches[0].via) - 1) for h in page.items}
        assert got == want
        order = _task_ids(store, TaskQuery())
        assert [h.id for h in page.items] == [t for t in order if t in want], "document order"
        parents, children = hierarchy(data)
        text = str(store.get_node(DOC).props["text"])
        for hit in page.items:
            (match,) = hit.matches
            assert match.query == entity and match.via[0] == entity
            links = children if match.match == MatchKind.NARROWER else parents
            for a, b in zip(match.via, match.via[1:], strict=False):
                assert b in links.get(a, ()), f"{a} -> {b} is no hierarchy edge"
            named = [m for m in hit.entities if m.id == match.via[-1]]
            assert named, f"{hit.id} does not name {match.via[-1]}"
            assert all(text[slice(*m.span)] == m.surface for m in named)

    return holds


def _matches_nothing(page: Any, store: GraphStore, data: GraphData) -> None:
    """No task names 河北 or any of its cities and counties (but some name 京津冀)."""
    assert page.total == 0
    assert store.tasks(TaskQuery(touches=("region:130000",), expand="broader")).total


def _broader_reaches_the_groups(page: Any, store: GraphStore, data: GraphData) -> None:
    """河北 (region:130000) is PART_OF 京津冀 and other groups: tasks naming those are broader."""
    parents, _ = hierarchy(data)
    groups = parents["region:130000"]
    assert "region:京津冀" in groups
    named = mentioned_by(data)
    on_groups = set().union(*(named.get(g, set()) for g in groups))
    assert named["region:京津冀"] <= on_groups and on_groups, "the article names 京津冀"
    hits = {h.id: h for h in page.items}
    assert on_groups <= set(hits)
    for task in on_groups - named.get("region:130000", set()):
        (match,) = hits[task].matches
        assert match.match == MatchKind.BROADER
        assert match.via[:1] == ("region:130000",) and len(match.via) == 2
        assert match.via[1] in groups
    without = set(_task_ids(store, TaskQuery(touches=("region:130000",))))
    assert not without & (on_groups - named.get("region:130000", set()))


def _narrower_reports_the_lower_entity(page: Any, store: GraphStore, data: GraphData) -> None:
    """黄河中下游 is PART_OF 黄河: a task naming only it matches 黄河 as narrower."""
    parents, _ = hierarchy(data)
    assert "region:黄河" in parents["region:黄河中下游"]
    lower = mentioned_by(data)["region:黄河中下游"]
    assert lower
    hits = {h.id: h for h in page.items}
    for task in lower:
        names_huanghe = any(m.id == "region:黄河" for m in hits[task].entities)
        assert hits[task].match == (MatchKind.DIRECT if names_huanghe else MatchKind.NARROWER)
    broader = store.tasks(TaskQuery(touches=("黄河中下游",), expand="broader"))
    assert broader.total >= len(lower)


def _is_the_intersection(page: Any, store: GraphStore, data: GraphData) -> None:
    both = {h.id for h in page.items}
    either = set(_task_ids(store, TaskQuery(touches=("长江", "总氮"), match="any")))
    one = set(_task_ids(store, TaskQuery(touches=("长江",))))
    other = set(_task_ids(store, TaskQuery(touches=("总氮",))))
    assert both == one & other
    assert both < either
    for hit in page.items:
        assert [m.query for m in hit.matches] == ["region:长江", "pollutant:总氮"]


# -- filters and paging -------------------------------------------------------------------------


def _every_span_slices_back(page: Any, store: GraphStore, data: GraphData) -> None:
    text = str(store.get_node(DOC).props["text"])
    assert page.total == len(page.items) == store.stats().nodes["Task"]
    for hit in page.items:
        assert text[slice(*hit.span)] == hit.text
        for m in hit.entities:
            assert text[slice(*m.span)] == m.surface


def _all_ordinals_under(prefix: str) -> Holds:
    def holds(page: Any, store: GraphStore, data: GraphData) -> None:
        assert page.total > 0 and all(h.ordinal.startswith(prefix) for h in page.items)

    return holds


def _same_as(query: TaskQuery) -> Holds:
    def holds(page: Any, store: GraphStore, data: GraphData) -> None:
        assert page == store.tasks(query)

    return holds


def _empty(page: Any, store: GraphStore, data: GraphData) -> None:
    assert page.total == 0 and page.items == ()


def _all_texts_contain(needle: str) -> Holds:
    def holds(page: Any, store: GraphStore, data: GraphData) -> None:
        every = store.tasks(TaskQuery()).items
        assert {h.id for h in page.items} == {h.id for h in every if needle in h.text}
        assert page.items

    return holds


def _all_of_action(action: str) -> Holds:
    def holds(page: Any, store: GraphStore, data: GraphData) -> None:
        assert page.items and all(h.action_type == action for h in page.items)

    return holds


def _a_slice_of(query: TaskQuery, start: int, stop: int | None) -> Holds:
    """Paging: the same total, and the items of the whole answer from `start` to `stop`."""

    def holds(page: Any, store: GraphStore, data: GraphData) -> None:
        whole = store.tasks(query)
        assert page.total == whole.total
        assert page.items == whole.items[start:stop]

    return holds


def _all_but(skipped: int) -> Holds:
    def holds(page: Any, store: GraphStore, data: GraphData) -> None:
        assert len(page.items) == page.total - skipped

    return holds


# -- entities -----------------------------------------------------------------------------------


def _exact_first(first: str, *also: str) -> Holds:
    def holds(page: Any, store: GraphStore, data: GraphData) -> None:
        assert page.items[0].id == first
        assert {h.id for h in page.items} >= {first, *also}

    return holds


def _most_tasks_first(page: Any, store: GraphStore, data: GraphData) -> None:
    counts = [h.task_count for h in page.items]
    assert counts == sorted(counts, reverse=True)


def _finds(entity: str) -> Holds:
    def holds(page: Any, store: GraphStore, data: GraphData) -> None:
        assert entity in {h.id for h in page.items}

    return holds


def _revised_once(detail: Any, store: GraphStore, data: GraphData) -> None:
    """Instrument edges follow the verb: the article revises this one."""
    assert detail.counts.get(Rel.REVISES.value) == 1


def _hierarchy_of(entity: str) -> Holds:
    def holds(detail: Any, store: GraphStore, data: GraphData) -> None:
        parents, children = hierarchy(data)
        assert {p.id for p in detail.parents} == parents[entity]
        assert {c.id for c in detail.children} == children[entity]

    return holds


def _huanghe_detail(detail: Any, store: GraphStore, data: GraphData) -> None:
    assert "region:黄河中下游" in {c.id for c in detail.children}
    assert detail.task_count == len(mentioned_by(data)["region:黄河"])
    direct = store.tasks(TaskQuery(touches=("黄河",), expand="none"))
    assert detail.task_count == len(direct.items)


def _breadcrumb(detail: Any, store: GraphStore, data: GraphData) -> None:
    kinds = [b.type for b in detail.breadcrumb]
    assert kinds == [NodeType.DOCUMENT, NodeType.THEME, NodeType.FOCUS_AREA]


# -- graph-shaped -------------------------------------------------------------------------------


def _ego_is_every_neighbour(ego: Any, store: GraphStore, data: GraphData) -> None:
    around = {e.source for e in data.edges if e.target == "region:黄河"} | {
        e.target for e in data.edges if e.source == "region:黄河"
    }
    assert {n.id for n in ego.nodes} == around | {"region:黄河"}
    assert not ego.dangling_edges()
    whole = len(ego.nodes)
    assert store.bounded_neighborhood("黄河", depth=1, limit=whole) == (ego, False)
    assert store.bounded_neighborhood("黄河", depth=1, limit=whole - 1)[1]


def _capped_at(limit: int) -> Holds:
    def holds(capped: Any, store: GraphStore, data: GraphData) -> None:
        assert len(capped.nodes) == limit and "region:黄河" in {n.id for n in capped.nodes}
        assert store.bounded_neighborhood("黄河", depth=2, limit=limit) == (capped, True)

    return holds


def _only_its_tasks(ego: Any, store: GraphStore, data: GraphData) -> None:
    assert {n.id for n in ego.nodes} == mentioned_by(data)["region:黄河"] | {"region:黄河"}


def _path_through_a_task(path: Any, store: GraphStore, data: GraphData) -> None:
    assert path.nodes[0].id == "pollutant:总氮" and path.nodes[-1].id == "region:长江"
    assert len(path.steps) == len(path.nodes) - 1 == 2
    assert path.nodes[1].type == NodeType.TASK


def _cells_backed_by_tasks(cells: Any, store: GraphStore, data: GraphData) -> None:
    assert cells
    for cell in cells[:10]:
        for task in cell.task_ids:
            mentioned = {m.id for m in store.task_detail(task).task.entities}
            assert {cell.row.id, cell.col.id} <= mentioned


def _sorted_scores(ranked: Any, store: GraphStore, data: GraphData) -> None:
    scores = [r.score for r in ranked]
    assert len(ranked) == 10 and scores == sorted(scores, reverse=True)


def _ranked_by_tasks(ranked: Any, store: GraphStore, data: GraphData) -> None:
    _sorted_scores(ranked, store, data)
    named = mentioned_by(data)
    regions = [n.id for n in data.nodes if n.type == NodeType.REGION]
    assert ranked[0].score == max(len(named.get(r, ())) for r in regions)
    assert all(r.score == len(named.get(r.id, ())) for r in ranked)
