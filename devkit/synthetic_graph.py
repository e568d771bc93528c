"""Synthetic policy graphs of a chosen size, shaped like the real one (for map benchmarks).

A document with 7 themes, focus areas of 8 tasks, and entities of every type; each task names
two to four entities, popular ones more often, and regions sit in a PART_OF hierarchy. Same
size and seed -> same graph.
"""

from __future__ import annotations

import random

from policykg.graph.model import (
    ENTITY_TYPES,
    MENTION_REL_BY_TYPE,
    Edge,
    GraphData,
    Node,
    NodeType,
    Props,
    Rel,
    area_id,
    document_id,
    entity_id,
    task_id,
    theme_id,
)

__all__ = ["synthetic_graph"]

_THEMES = 7
_TASKS_PER_AREA = 8


def synthetic_graph(nodes: int, *, seed: int = 0, slug: str = "synthetic") -> GraphData:
    """About `nodes` nodes: 60% tasks and their structure, 40% entities."""
    rng = random.Random(seed)
    tasks = max(1, int(nodes * 0.55))
    areas = max(1, -(-tasks // _TASKS_PER_AREA))
    entities = max(len(ENTITY_TYPES), nodes - tasks - areas - _THEMES - 1)
    doc = document_id(slug)
    out_nodes = [Node(doc, NodeType.DOCUMENT, f"合成文件 {nodes}", {"slug": slug})]
    edges: list[Edge] = []
    for t in range(1, _THEMES + 1):
        out_nodes.append(Node(theme_id(slug, t), NodeType.THEME, f"主题 {t}", {"ordinal": str(t)}))
        edges.append(Edge(doc, Rel.HAS_THEME, theme_id(slug, t)))
    pool: list[Node] = []
    for i in range(entities):
        node_type = ENTITY_TYPES[i % len(ENTITY_TYPES)]
        key = f"合成{node_type.value}{i}"
        pool.append(
            Node(
                entity_id(node_type, key),
                node_type,
                key,
                {"name_en": f"Synthetic {node_type.value} {i}", "kind": "synthetic"},
            )
        )
    out_nodes += pool
    regions = [n for n in pool if n.type == NodeType.REGION]
    for i, region in enumerate(regions[1:], start=1):
        edges.append(Edge(region.id, Rel.PART_OF, regions[(i - 1) // 4].id))
    weights = [1.0 / (1 + i) ** 0.8 for i in range(len(pool))]
    made, seq = 0, 0
    for a in range(1, areas + 1):
        theme = 1 + (a - 1) * _THEMES // areas
        a_id = area_id(slug, theme, a)
        out_nodes.append(
            Node(a_id, NodeType.FOCUS_AREA, f"重点领域 {a}", {"ordinal": f"{theme}.{a}"})
        )
        edges.append(Edge(theme_id(slug, theme), Rel.HAS_AREA, a_id))
        for k in range(1, min(_TASKS_PER_AREA, tasks - made) + 1):
            made += 1
            seq += 1
            t_id = task_id(slug, theme, a, k)
            text = f"合成任务 {theme}.{a}.{k}:推进治理。"
            props: Props = {
                "text": text,
                "ordinal": f"{theme}.{a}.{k}",
                "seq": seq,
                "document": doc,
                "theme": theme_id(slug, theme),
                "area": a_id,
                "kind": "sentence",
                "verbs": ["推进"],
                "action_type": "implementation",
                "start": seq * 20,
                "end": seq * 20 + len(text),
            }
            out_nodes.append(Node(t_id, NodeType.TASK, text, props))
            edges.append(Edge(a_id, Rel.HAS_TASK, t_id))
            for entity in set(rng.choices(pool, weights=weights, k=rng.randint(2, 4))):
                rel = MENTION_REL_BY_TYPE[entity.type]
                mention: Props = {
                    "document": doc,
                    "start": seq,
                    "end": seq + 2,
                    "surface": entity.name,
                }
                edges.append(Edge(t_id, rel, entity.id, str(seq), mention))
    return GraphData.of(out_nodes, edges)
