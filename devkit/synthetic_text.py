"""A large synthetic task list made from a real one, for benchmarks and scale tests.

Task sentences are drawn from the source document and their regions and pollutants swapped
for others from the gazetteers, so the text keeps the source's style, lengths and density of
mentions while the graph gets many distinct entities. Same arguments -> same text.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

from policykg.graph.model import NodeType
from policykg.loaders.gazetteer import Gazetteer
from policykg.loaders.matcher import Matcher
from policykg.loaders.structure import ParsedDocument

__all__ = ["synthetic_text"]

_NUMERALS = "一二三四五六七八九十"
_SWAPPED = (NodeType.REGION, NodeType.POLLUTANT)


def synthetic_text(
    source: ParsedDocument, gazetteer: Gazetteer, tasks: int, *, seed: int = 0, per_area: int = 8
) -> str:
    """An article with the source's 7 themes and `tasks` task sentences, `per_area` per area."""
    rng = random.Random(seed)
    matcher = Matcher(gazetteer.surface_forms)
    types = {n.id: n.type for n in gazetteer.entities}
    pools = {t: _pool(gazetteer, t) for t in _SWAPPED}
    sentences = [t.text for t in source.tasks]
    headings = [a.title for a in source.areas]
    themes = [t.title for t in source.themes][: len(_NUMERALS)]
    lines = [
        source.title,
        f"来源:{source.publisher or '生态环境部'}",
        source.date or "2026-01-01",
        "",
    ]
    areas = max(1, -(-tasks // per_area))
    made = 0
    for a in range(areas):
        theme = a * len(themes) // areas
        if a == 0 or theme != (a - 1) * len(themes) // areas:
            lines += [f"{_NUMERALS[theme]}、{themes[theme]}", ""]
        count = min(per_area, tasks - made)
        body = [_swap(rng.choice(sentences), matcher, types, pools, rng) for _ in range(count)]
        made += count
        lines += [headings[a % len(headings)] + "。" + "".join(body), ""]
    return "\n".join(lines)


def _pool(gazetteer: Gazetteer, node_type: NodeType) -> list[str]:
    """Canonical names of one type, without counties (their bare names read oddly)."""
    return sorted(
        n.name
        for n in gazetteer.entities
        if n.type == node_type and n.get("kind") not in ("county", "district")
    )


def _swap(
    sentence: str,
    matcher: Matcher,
    types: Mapping[str, NodeType],
    pools: Mapping[NodeType, Sequence[str]],
    rng: random.Random,
) -> str:
    out, last = [], 0
    for hit in matcher.find(sentence):
        node_type = types.get(hit.entity_id)
        pool = pools.get(node_type) if node_type else None
        if pool:
            out += [sentence[last : hit.start], rng.choice(pool)]
            last = hit.end
    out.append(sentence[last:])
    return "".join(out)
