"""Corpus queries on both stores over a graph of eleven documents: task items carry their
document, document facets filter every task query, documents are listed and ranked by the
tasks touching an entity, a document in detail, an entity's timeline.

Expected answers are worked out from the graph's data with plain Python, not from the query
code; tests/golden_answers holds both stores to the recorded answers of many more cases.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from policykg.errors import EntityNotFound, InvalidQuery, NodeNotFound
from policykg.graph.model import GraphData, Node, NodeType
from policykg.graph.results import DocumentFacets, TaskQuery
from policykg.graph.store import GraphStore

YELLOW_RIVER_LAW = "doc:黄河保护法(2022-10-30)"
ARTICLE = "doc:mee-2026-key-tasks"


def _documents(data: GraphData) -> dict[str, Node]:
    return {n.id: n for n in data.nodes if n.type == NodeType.DOCUMENT}


def _task_document(data: GraphData) -> dict[str, str]:
    return {n.id: str(n.props["document"]) for n in data.nodes if n.type == NodeType.TASK}


def _date(node: Node) -> str | None:
    """The page's date, else the latest date the document was made by, else its entry into force."""
    if node.props.get("date"):
        return str(node.props["date"])
    made = ("date_version", "date_adopted", "date_signed", "date_promulgated")
    dates = sorted(str(node.props[k]) for k in made if node.props.get(k))
    in_force = node.props.get("date_in_force")
    return dates[-1] if dates else (str(in_force) if in_force else None)


def test_every_task_item_carries_its_document(
    corpus_store: GraphStore, corpus_data: GraphData
) -> None:
    docs = _documents(corpus_data)
    owner = _task_document(corpus_data)
    page = corpus_store.tasks(TaskQuery())
    assert page.total == len(owner)
    seen = set()
    for hit in page.items:
        doc = docs[owner[hit.id]]
        assert hit.document.id == doc.id
        assert hit.document.title == doc.name
        assert hit.document.kind == doc.props.get("kind")
        assert hit.document.level == doc.props.get("level")
        assert hit.document.date == _date(doc)
        seen.add(doc.id)
    assert len(seen) == len([d for d in docs if d in owner.values()]) > 5


@pytest.mark.parametrize(
    "facets",
    [
        DocumentFacets(levels=("national",)),
        DocumentFacets(levels=("provincial", "prefecture", "county")),
        DocumentFacets(kinds=("law",)),
        DocumentFacets(issuer="国务院"),
        DocumentFacets(years=(2018, 2022)),
        DocumentFacets(documents=(YELLOW_RIVER_LAW, ARTICLE)),
    ],
    ids=str,
)
def test_facets_keep_exactly_the_tasks_of_the_documents_they_select(
    corpus_store: GraphStore, corpus_data: GraphData, facets: DocumentFacets
) -> None:
    docs = _documents(corpus_data)
    owner = _task_document(corpus_data)

    def kept(doc: Node) -> bool:
        date = _date(doc)
        names = [*(doc.props.get("issuers") or []), *(doc.props.get("co_signers") or [])]  # type: ignore[misc]
        return (
            (not facets.documents or doc.id in facets.documents)
            and (not facets.kinds or doc.props.get("kind") in facets.kinds)
            and (not facets.levels or doc.props.get("level") in facets.levels)
            and (facets.issuer is None or any(facets.issuer in str(n) for n in names))
            and (
                facets.years == (None, None)
                or (
                    date is not None
                    and (facets.years[0] or 0) <= int(date[:4]) <= (facets.years[1] or 9999)
                )
            )
        )

    want_docs = {d for d, node in docs.items() if kept(node)}
    want_tasks = {t for t, d in owner.items() if d in want_docs}
    assert want_tasks, "a facet of this table must keep some tasks"
    assert len(want_tasks) < len(owner), "… and leave some out"
    page = corpus_store.tasks(TaskQuery(facets=facets))
    assert {hit.id for hit in page.items} == want_tasks
    assert page.total == len(want_tasks)
    listed = corpus_store.documents(TaskQuery(facets=facets))
    assert {hit.document.id for hit in listed.items} == want_docs


def test_facets_keeping_no_document_give_nothing(corpus_store: GraphStore) -> None:
    for facets in (
        DocumentFacets(kinds=("no such kind",)),
        DocumentFacets(issuer="nobody"),
        DocumentFacets(documents=("doc:nope",)),
    ):
        assert corpus_store.tasks(TaskQuery(touches=("黄河",), facets=facets)).total == 0
        assert corpus_store.documents(TaskQuery(facets=facets)).total == 0


def test_documents_touching_rank_by_the_tasks_that_touch(corpus_store: GraphStore) -> None:
    query = TaskQuery(touches=("黄河",))
    tasks = corpus_store.tasks(query)
    per_doc = Counter(hit.document.id for hit in tasks.items)
    direct = Counter(hit.document.id for hit in tasks.items if hit.match == "direct")
    ranked = corpus_store.documents(query)
    assert ranked.total == len(per_doc) > 3
    assert {h.document.id: h.matched for h in ranked.items} == dict(per_doc)
    assert {h.document.id: h.direct for h in ranked.items} == {d: direct[d] for d in per_doc}
    order = [(-(h.matched or 0), -(h.direct or 0), h.document.id) for h in ranked.items]
    assert order == sorted(order)
    assert ranked.items[0].document.id == YELLOW_RIVER_LAW
    assert ARTICLE in per_doc  # the 2026 article names 黄河 too
    page = corpus_store.documents(TaskQuery(touches=("黄河",), limit=2, offset=1))
    assert page.total == ranked.total
    assert page.items == ranked.items[1:3]


def test_documents_listed_oldest_first_with_their_task_counts(
    corpus_store: GraphStore, corpus_data: GraphData
) -> None:
    owner = Counter(_task_document(corpus_data).values())
    listed = corpus_store.documents(TaskQuery())
    assert listed.total == len(_documents(corpus_data))
    assert all(h.matched is None and h.direct is None for h in listed.items)
    assert {h.document.id: h.task_count for h in listed.items} == {
        d: owner[d] for d in _documents(corpus_data)
    }
    dates = [h.document.date for h in listed.items]
    dated = [d for d in dates if d is not None]
    assert dated == sorted(dated)
    assert dates[len(dated) :] == [None] * (len(dates) - len(dated))  # undated last


def test_document_detail(corpus_store: GraphStore, corpus_data: GraphData) -> None:
    detail = corpus_store.document_detail(YELLOW_RIVER_LAW)
    node = _documents(corpus_data)[YELLOW_RIVER_LAW]
    assert detail.document.title == node.name == "中华人民共和国黄河保护法"
    assert detail.metadata["kind"] == "law"
    assert detail.metadata["issuers"] == node.props["issuers"]
    assert "text" not in detail.metadata
    assert detail.task_count == sum(t.task_count for t in detail.outline) > 100
    assert [t.ordinal for t in detail.outline][:3] == ["1", "2", "3"]
    counts = [(-e.tasks, e.entity.id) for e in detail.entities]
    assert counts == sorted(counts) and len(counts) == 20
    assert detail.entities[0].entity.name == "黄河"
    with pytest.raises(NodeNotFound):
        corpus_store.document_detail("doc:nope")
    with pytest.raises(NodeNotFound):
        corpus_store.document_detail("region:黄河")


def test_timeline_spreads_the_tasks_over_years_and_levels(
    corpus_store: GraphStore, corpus_data: GraphData
) -> None:
    docs = _documents(corpus_data)
    tasks = corpus_store.tasks(TaskQuery(touches=("黄河",), expand="none", limit=None))
    years: dict[int | None, set[str]] = defaultdict(set)
    levels: Counter[str | None] = Counter()
    for hit in tasks.items:
        years[hit.document.year].add(hit.id)
        levels[docs[hit.document.id].props.get("level")] += 1  # type: ignore[index]
    found = corpus_store.timeline("Yellow River", TaskQuery(expand="none"))
    assert found.entity.id == "region:黄河"
    assert found.tasks == tasks.total
    assert found.documents == len({hit.document.id for hit in tasks.items})
    assert {y.year: y.tasks for y in found.years} == {y: len(t) for y, t in years.items()}
    undated = [None] if None in years else []  # a document without a date: last
    assert [y.year for y in found.years] == sorted(y for y in years if y is not None) + undated
    assert {lv.level: lv.tasks for lv in found.levels} == dict(levels)
    for year in found.years:
        assert sum(year.levels.values()) == year.tasks
    national = corpus_store.timeline("黄河", TaskQuery(facets=DocumentFacets(levels=("national",))))
    assert [lv.level for lv in national.levels] == ["national"]
    with pytest.raises(EntityNotFound):
        corpus_store.timeline("黄何")


@pytest.mark.parametrize("year", ["", "20x", "2026..2020", "..", "12345", "2020...2021", "0999"])
def test_bad_year_ranges_are_refused(year: str) -> None:
    if year == "":
        assert DocumentFacets.of(year=year).years == (None, None)
        return
    with pytest.raises(InvalidQuery):
        DocumentFacets.of(year=year)


def test_unknown_level_is_refused() -> None:
    with pytest.raises(InvalidQuery, match="city"):
        DocumentFacets.of(levels=["city"])


def test_yellow_river_across_the_whole_default_corpus(default_corpus_data: GraphData) -> None:
    """`tasks --touches 黄河` lists tasks of every document naming 黄河 in any form, each with
    its document; `documents --touches 黄河` ranks those documents (networkx; the contract
    table holds Neo4j to the same answers on the corpus graph)."""
    from policykg.graph.networkx_store import NetworkXStore

    store = NetworkXStore(None)
    store.replace(default_corpus_data)
    owner = _task_document(default_corpus_data)
    naming = {
        owner[e.source]
        for e in default_corpus_data.edges
        if e.target == "region:黄河" and e.source in owner
    }
    assert {YELLOW_RIVER_LAW, ARTICLE} <= naming
    levels = {_documents(default_corpus_data)[d].props.get("level") for d in naming}
    assert {"national", "provincial", "prefecture"} <= levels  # local regulations too
    tasks = store.tasks(TaskQuery(touches=("黄河",)))
    assert naming <= {hit.document.id for hit in tasks.items}
    assert all(hit.document.title for hit in tasks.items)
    ranked = store.documents(TaskQuery(touches=("黄河",)))
    assert naming <= {h.document.id for h in ranked.items}
    assert ranked.items[0].document.id == YELLOW_RIVER_LAW
    assert sum(h.matched or 0 for h in ranked.items) == tasks.total


def _mentions(data: GraphData, node_type: NodeType) -> dict[str, set[str]]:
    """Entity id of this type -> the tasks with a mention edge to it, from the graph's edges."""
    types = {n.id: n.type for n in data.nodes}
    named: dict[str, set[str]] = defaultdict(set)
    for edge in data.edges:
        if types.get(edge.source) == NodeType.TASK and types.get(edge.target) == node_type:
            named[edge.target].add(edge.source)
    return named


@pytest.mark.parametrize(
    "facets",
    [DocumentFacets(kinds=("law",)), DocumentFacets(levels=("provincial", "prefecture"))],
    ids=str,
)
def test_cooccurrence_and_rankings_count_only_the_tasks_of_the_documents_kept(
    corpus_store: GraphStore, corpus_data: GraphData, facets: DocumentFacets
) -> None:
    owner = _task_document(corpus_data)
    kept_docs = {d.document.id for d in corpus_store.documents(TaskQuery(facets=facets)).items}
    kept = {t for t, d in owner.items() if d in kept_docs}
    regions = _mentions(corpus_data, NodeType.REGION)
    pollutants = _mentions(corpus_data, NodeType.POLLUTANT)
    want = {
        (r, p): sorted(rt & pt & kept)
        for r, rt in regions.items()
        for p, pt in pollutants.items()
        if rt & pt & kept
    }
    cells = corpus_store.cooccurrence(NodeType.REGION, NodeType.POLLUTANT, facets)
    assert {(c.row.id, c.col.id): list(c.task_ids) for c in cells} == want
    assert all(c.count == len(c.task_ids) for c in cells)
    everything = corpus_store.cooccurrence(NodeType.REGION, NodeType.POLLUTANT)
    assert len(cells) < len(everything), "the facet must leave some pairs out"

    ranked = corpus_store.rankings(NodeType.REGION, "tasks", 1000, facets)
    assert {r.id: r.score for r in ranked if r.score} == {
        r: float(len(ts & kept)) for r, ts in regions.items() if ts & kept
    }
    # by degree and betweenness: tests/graph/test_document_set.py
