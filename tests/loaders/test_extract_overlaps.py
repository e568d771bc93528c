"""Overlaps between gazetteer hits and pattern hits, settled in one pass (Extractor._settled).

The rule (loaders/extract.py): of two candidates that meet, the longer is kept, the gazetteer's
on equal length, then the leftmost; a gazetteer hit wholly inside a kept pattern-made name that
holds its type (not an opaque one such as 美丽河南) is a mention too. The reference below is that
rule written the plain way: every candidate in order, each compared with all taken before it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.graph.model import MENTION_REL_BY_TYPE, Node, NodeType, entity_id
from policykg.loaders.extract import Extractor, Found
from policykg.loaders.gazetteer import NAMES_INSIDE, load_gazetteers
from policykg.loaders.patterns import OPAQUE_RULES, PatternHit

# (start, end, 0 gazetteer / 1 pattern, the hit: a gazetteer hit as its Found)
_Candidate = tuple[int, int, int, Found | PatternHit]
_TEXT_LENGTH = 40
_PATTERN_TYPES = (NodeType.INSTRUMENT, NodeType.PROGRAM, NodeType.REGION, NodeType.SECTOR)
_RULES = ("head", "title", "place", "list")


@pytest.fixture(scope="module")
def extractor(gazetteer_dir: Path) -> Extractor:
    return Extractor(load_gazetteers(gazetteer_dir))


def _reference(hits: list[Found], patterns: list[PatternHit]) -> list[_Candidate]:
    candidates: list[_Candidate] = [(h[0], h[1], 0, h) for h in hits]
    candidates += [(p[0], p[1], 1, p) for p in patterns]
    taken: list[_Candidate] = []
    for cand in sorted(candidates, key=lambda c: (c[0] - c[1], c[2], c[0])):
        if all(not (other[0] < cand[1] and cand[0] < other[1]) for other in taken):
            taken.append(cand)
    nested: list[_Candidate] = []
    for start, end, rank, item in taken:
        if not rank or not isinstance(item, PatternHit) or item.rule in OPAQUE_RULES:
            continue
        allowed = NAMES_INSIDE.get(item.entity.type, frozenset())
        for hit in hits:
            inside = start <= hit.start and hit.end <= end
            if inside and (hit[0], hit[1], 0, hit) not in taken and hit.type in allowed:
                nested.append((hit.start, hit.end, 0, hit))
    return sorted(taken + nested, key=lambda c: (c[0], -c[1]))


def _entities_by_type(extractor: Extractor) -> list[Node]:
    """One gazetteer entity of each type, so that a nested hit is held or not by its type."""
    first: dict[NodeType, Node] = {}
    for node in extractor.gazetteer.entities:
        first.setdefault(node.type, node)
    return sorted(first.values(), key=lambda node: node.id)


def _hit(start: int, end: int, entity: Node) -> Found:
    """A gazetteer hit as extract() makes it: its Found."""
    surface = "x" * (end - start)
    return Found(start, end, surface, entity.id, entity.type, MENTION_REL_BY_TYPE[entity.type])


@st.composite
def _cases(draw: st.DrawFn, entities: list[Node]) -> tuple[list[Found], list[PatternHit]]:
    """Hits that never meet (as the matcher gives them) and patterns anywhere."""
    cuts = sorted(draw(st.sets(st.integers(0, _TEXT_LENGTH), max_size=12)))
    hits = []
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        if a < b:
            hits.append(_hit(a, b, draw(st.sampled_from(entities))))
    patterns = []
    for _ in range(draw(st.integers(0, 4))):
        a = draw(st.integers(0, _TEXT_LENGTH - 2))
        b = draw(st.integers(a + 2, min(_TEXT_LENGTH, a + 12)))
        node_type = draw(st.sampled_from(_PATTERN_TYPES))
        name = f"p{a}-{b}"
        node = Node(entity_id(node_type, name), node_type, name, {})
        patterns.append(PatternHit(a, b, draw(st.sampled_from(_RULES)), node))
    return hits, patterns


def test_settling_matches_the_rule_written_plainly(extractor: Extractor) -> None:
    entities = _entities_by_type(extractor)

    @settings(max_examples=400, deadline=None)
    @given(_cases(entities))
    def check(case: tuple[list[Found], list[PatternHit]]) -> None:
        hits, patterns = case
        if not patterns:
            return  # _settled is asked only when a pattern is found
        expected = _reference(hits, patterns)
        assert extractor._settled(_TEXT_LENGTH, hits, patterns) == expected

    check()


def test_many_hits_take_the_marked_path_with_the_same_rule(extractor: Extractor) -> None:
    """Above a few hits, one pattern is settled on the array of kept spans: the same answer."""
    entities = _entities_by_type(extractor)
    hits = [_hit(2 * k, 2 * k + 1, entities[k % len(entities)]) for k in range(20)]
    node = Node(entity_id(NodeType.PROGRAM, "p"), NodeType.PROGRAM, "p", {})
    for a, b in ((3, 9), (0, 1), (38, 40), (1, 2)):
        patterns = [PatternHit(a, b, "head", node)]
        assert extractor._settled(41, hits, patterns) == _reference(hits, patterns)
