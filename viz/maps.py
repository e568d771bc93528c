"""Which part of the graph a map shows: builders over any GraphStore.

Each builder returns a `MapSpec` (a title, the subgraph, the nodes to highlight); `page()`
turns one into HTML. The CLI (`policykg map`) and the API (/api/v1/maps/...) call the same
builders, so a map downloaded from either is the same page.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from policykg.budget import checked
from policykg.errors import NodeNotFound
from policykg.graph.model import ENTITY_TYPES, HIERARCHY_RELS, GraphData, Node, NodeType
from policykg.graph.results import DocumentFacets, Expand, TaskQuery
from policykg.graph.store import GraphStore
from policykg.viz.transform import VisGraph, to_vis
from policykg.viz.write import Layout, render_html

__all__ = [
    "DEFAULT_EGO_LIMIT",
    "MapSpec",
    "Places",
    "ego_graph",
    "ego_map",
    "nearest",
    "node_or_entity",
    "page",
    "prune_unreached",
    "theme_map",
    "touches_map",
    "whole_map",
]

DEFAULT_EGO_LIMIT = 300
#: An ego map asks the store for this many times its limit (at least FETCH_MIN) before pruning.
_FETCH_FACTOR, _FETCH_MIN = 5, 2_000

#: Tasks a touches or theme map shows at most (more would not be readable anyway).
_MAX_TASKS = 5_000
_ALL_DOCUMENTS = DocumentFacets()

Places = Literal["mentioned", "all"]


@dataclass(frozen=True)
class MapSpec:
    title: str
    data: GraphData
    highlight: tuple[str, ...] = ()
    slug: str = "map"  # a file name stem for downloads: "ego-黄河", "theme-2"

    def vis(self) -> VisGraph:
        return to_vis(self.data, highlight=self.highlight)

    @property
    def filename(self) -> str:
        """`slug` made safe as a file name: letters (Chinese too), digits, '-', '_'."""
        return (re.sub(r"[^\w-]+", "_", self.slug).strip("_") or "map") + ".html"


def page(spec: MapSpec, *, layout: Layout = "auto", physics: bool | None = None) -> str:
    """The map as one self-contained HTML page.

    Args:
        spec: the map to draw.
        layout: how to lay it out (write.render_html).
        physics: whether the browser's physics runs (None: unless the layout is precomputed).
    """
    return render_html(spec.vis(), title=spec.title, layout=layout, physics=physics)


# -- builders ---------------------------------------------------------------------------------


def whole_map(store: GraphStore, facets: DocumentFacets = _ALL_DOCUMENTS) -> MapSpec:
    """Everything, less the gazetteer entities no task or document reaches.

    An entity stays when a task or document names it, or when it lies above such an entity in
    the PART_OF / IS_A hierarchy (黄河流域 above a named 黄河中下游). Counties and cities no
    task names drop out, however many the gazetteer lists. With document facets: the kept
    documents, their themes, focus areas and tasks, and the entities those tasks name
    (graph.queries.document_set).

    Args:
        store: the graph to draw from.
        facets: which documents to draw (the default keeps every one).
    """
    if facets.empty:
        return MapSpec("policykg: the whole graph 全图", prune_unreached(store.dump()), slug="all")
    data = store.document_set_graph(facets)
    count = sum(1 for n in data.nodes if n.type == NodeType.DOCUMENT)
    title = f"policykg: the graph of {count} document(s) {count}份文件的图"
    return MapSpec(title, data, slug="documents")


def ego_map(
    store: GraphStore,
    center: str,
    depth: int = 1,
    limit: int = DEFAULT_EGO_LIMIT,
    *,
    places: Places = "mentioned",
    facets: DocumentFacets = _ALL_DOCUMENTS,
) -> MapSpec:
    """The nodes within `depth` hops of an entity (or any node), nearest first, at most `limit`.

    `places="mentioned"` leaves out, as the whole map does, gazetteer entities that no task in
    the neighbourhood names and that sit above none that is named: the ego map of 黄河 shows its
    tasks and their entities rather than every city of nine provinces. The centre always stays.
    `places="all"` shows the neighbourhood as GET /graph/neighborhood returns it. With document
    facets the walk does not pass through the documents, themes, focus areas and tasks of the
    documents they drop, so only the kept documents' tasks (and what they name) are in reach.

    Args:
        store: the graph to draw from.
        center: the node, by id, or an entity by name, English name or alias.
        depth: how many hops from the centre to walk.
        limit: the most nodes to show (the nearest kept).
        places: "mentioned" or "all", as above.
        facets: which documents the walk may pass through (the default: every one).
    """
    node = node_or_entity(store, center)
    data, _ = ego_graph(store, node.id, depth, limit, places=places, facets=facets)
    shown = f"{len(data.nodes)} nearest nodes" if len(data.nodes) >= limit else "neighbourhood"
    title = f"{node.name} · {shown}, depth {depth}"
    return MapSpec(title, data, (node.id,), slug=f"ego-{node.name}-{depth}")


def ego_graph(
    store: GraphStore,
    center: str,
    depth: int,
    limit: int,
    *,
    places: Places = "mentioned",
    facets: DocumentFacets = _ALL_DOCUMENTS,
) -> tuple[GraphData, bool]:
    """The subgraph an ego map of `center` (a node id) shows, and whether `limit` cut it short.

    The explorer's map asks for the same nodes through GET /graph/neighborhood?places=….

    Args:
        store: the graph to read.
        center: the centre node's id.
        depth: how many hops from the centre to walk.
        limit: the most nodes to keep (the nearest).
        places: "mentioned" to leave out the gazetteer entities no task names (ego_map); "all" for
            every node in reach.
        facets: which documents the walk may pass through (the default: every one).
    """
    if places == "all":
        return store.bounded_neighborhood(center, depth, (), limit, facets)
    fetch = max((limit + 1) * _FETCH_FACTOR, _FETCH_MIN)
    wide = store.neighborhood(center, depth, (), fetch, facets)
    pruned = prune_unreached(wide, keep={center})
    return nearest(pruned, center, limit), len(pruned.nodes) > limit


def touches_map(
    store: GraphStore,
    entity: str,
    expand: Expand = "narrower",
    facets: DocumentFacets = _ALL_DOCUMENTS,
) -> MapSpec:
    """Tasks touching an entity (in the documents the facets keep), the entities they name,
    and the hierarchy paths that matched.

    Args:
        store: the graph to draw from.
        entity: the entity, by id, name, English name or alias.
        expand: how the hierarchy is walked from it: "narrower" (entities below it), "broader",
            "both" or "none".
        facets: which documents' tasks to show (the default: every one).
    """
    node = store.resolve(entity)
    query = TaskQuery.of((node.id,), expand=expand, limit=_MAX_TASKS, facets=facets)
    hits = store.tasks(query).items
    ids = {node.id}
    for hit in hits:
        ids.add(hit.id)
        ids.update(m.id for m in hit.entities)
        for match in hit.matches:
            ids.update(match.via)
    title = f"Tasks touching {node.name} 涉及{node.name}的任务 ({len(hits)})"
    return MapSpec(title, store.subgraph(ids), (node.id,), slug=f"touches-{node.name}")


def theme_map(store: GraphStore, theme: int, facets: DocumentFacets = _ALL_DOCUMENTS) -> MapSpec:
    """One theme (of the documents the facets keep): its focus areas, their tasks and the
    entities those tasks name.

    Args:
        store: the graph to draw from.
        theme: the theme's number in its document (2 for 二、), in every kept document.
        facets: which documents to draw from (the default: every one).
    """
    ids: set[str] = set()
    themes = []
    kept = None
    if not facets.empty:
        kept = {h.document.id for h in store.documents(TaskQuery.of(facets=facets)).items}
    for tree in store.theme_tree():
        if kept is not None and tree.id not in kept:
            continue
        for t in tree.themes:
            if t.ordinal == str(theme):
                themes.append(t)
                ids.add(t.id)
                ids.update(a.id for a in t.areas)
    if not themes:
        raise NodeNotFound(f"theme {theme}")
    for hit in store.tasks(TaskQuery.of(theme=theme, limit=_MAX_TASKS, facets=facets)).items:
        ids.add(hit.id)
        ids.update(m.id for m in hit.entities)
    title = f"{theme} · " + " / ".join(t.title for t in themes)
    return MapSpec(title, store.subgraph(ids), tuple(t.id for t in themes), slug=f"theme-{theme}")


# -- helpers -----------------------------------------------------------------------------------


def node_or_entity(store: GraphStore, ref: str) -> Node:
    """A node by id, else an entity by name, English name or alias (as neighborhood reads it).

    Args:
        store: the graph to read.
        ref: a node id, or an entity's name, English name or alias.
    """
    try:
        return store.get_node(ref)
    except NodeNotFound:
        return store.resolve(ref)


def prune_unreached(data: GraphData, keep: Iterable[str] = ()) -> GraphData:
    """Drop entities that nothing but the hierarchy links to, unless they sit above one that is.

    "Linked" means an edge to a task or a document (a mention, PUBLISHED_BY) inside `data`.
    Nodes in `keep` stay whatever they are.

    Args:
        data: the graph to prune.
        keep: node ids that stay whatever they are.
    """
    entity_ids = {n.id for n in data.nodes if n.type in ENTITY_TYPES}
    parents: dict[str, set[str]] = defaultdict(set)
    anchored: set[str] = set(keep)
    for e in checked(data.edges, every=4096):
        if e.type in HIERARCHY_RELS:
            parents[e.source].add(e.target)
        elif e.source not in entity_ids and e.target in entity_ids:
            anchored.add(e.target)
        elif e.target not in entity_ids and e.source in entity_ids:
            anchored.add(e.source)
    kept = _with_ancestors(anchored, parents)
    nodes = [n for n in data.nodes if n.id not in entity_ids or n.id in kept]
    ids = {n.id for n in nodes}
    edges = [e for e in data.edges if e.source in ids and e.target in ids]
    return GraphData.of(nodes, edges)


def nearest(data: GraphData, center: str, limit: int) -> GraphData:
    """At most `limit` nodes of `data`: by hops from `center` (either direction), then by id.

    Args:
        data: the graph to cut.
        center: the id of the node distances count from.
        limit: the most nodes to keep.
    """
    if len(data.nodes) <= limit:
        return data
    links: dict[str, set[str]] = defaultdict(set)
    for e in data.edges:
        links[e.source].add(e.target)
        links[e.target].add(e.source)
    distance = {center: 0}
    frontier = [center]
    while frontier:
        step: list[str] = []
        for node in frontier:
            for other in links[node]:
                if other not in distance:
                    distance[other] = distance[node] + 1
                    step.append(other)
        frontier = step
    far = len(data.nodes) + 1
    ranked = sorted(data.nodes, key=lambda n: (distance.get(n.id, far), n.id))[:limit]
    ids = {n.id for n in ranked}
    return GraphData.of(ranked, [e for e in data.edges if e.source in ids and e.target in ids])


def _with_ancestors(start: Iterable[str], parents: dict[str, set[str]]) -> set[str]:
    seen = set(start)
    stack = list(seen)
    while stack:
        for parent in parents.get(stack.pop(), ()):
            if parent not in seen:
                seen.add(parent)
                stack.append(parent)
    return seen
