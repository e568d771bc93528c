"""Entity mentions of one task sentence: gazetteer hits plus pattern hits, without overlaps.

Gazetteer hits come from a leftmost-longest Aho-Corasick automaton; patterns (loaders/patterns.py)
find instruments, programmes and regions no gazetteer lists. Where two candidates overlap, the
longer wins, and on equal length the gazetteer wins. Proper (gazetteer) names are opaque;
descriptive (pattern-made) names are transparent: the gazetteer names inside them are mentions
too, so "全面加强黄河流域生态环境保护行动方案" also touches 黄河 (data/gold/GUIDELINES.md).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from graph.model import Node, NodeType, Rel
from loaders.actions import VerbHit, find_verbs, instrument_relation
from loaders.gazetteer import Gazetteer
from loaders.matcher import Matcher
from loaders.patterns import PatternHit, find_patterns

LEAD_RE = re.compile(r"([^,;()]*?)牵头")
SHARE_RE = re.compile(r"([^,;()]*?)(?:等)?(?:按职责分工负责|配合|参与)")
CLAUSE_BREAK = frozenset(",;。!?:()")


@dataclass(frozen=True)
class Found:
    """One mention, offsets relative to the sentence."""

    start: int
    end: int
    surface: str
    entity_id: str
    type: NodeType
    rel: Rel
    role: str | None = None
    new_entity: Node | None = None  # set when a pattern names something no gazetteer lists


class Extractor:
    """Built once per gazetteer (the automaton is the costly part), then called per sentence."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.matcher = Matcher(gazetteer.surface_forms)
        self.types: Mapping[str, NodeType] = {n.id: n.type for n in gazetteer.entities}

    def extract(self, text: str) -> list[Found]:
        verbs = find_verbs(text)
        candidates: list[tuple[int, int, int, object]] = []
        for hit in self.matcher.find(text):
            candidates.append((hit.start, hit.end, 0, hit))
        for pattern in find_patterns(text, verbs):
            candidates.append((pattern.start, pattern.end, 1, pattern))
        chosen = _without_overlaps(candidates)
        chosen += _nested_in_descriptive(chosen, candidates)
        lead, shared = _agency_roles(text)
        found = []
        for start, end, _, hit in sorted(chosen, key=lambda c: (c[0], -c[1])):
            if isinstance(hit, PatternHit):
                node_type, entity_id, new = hit.entity.type, hit.entity.id, hit.entity
            else:
                node_type, entity_id, new = self.types[hit.entity_id], hit.entity_id, None
            rel = _relation(node_type, text, verbs, start)
            role = _role(start, lead, shared) if node_type == NodeType.AGENCY else None
            found.append(Found(start, end, text[start:end], entity_id, node_type, rel, role, new))
        return found


def _without_overlaps(
    candidates: list[tuple[int, int, int, object]],
) -> list[tuple[int, int, int, object]]:
    """Longest first, gazetteer before pattern on ties, then leftmost; drop what overlaps."""
    taken: list[tuple[int, int, int, object]] = []
    for cand in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[2], c[0])):
        if all(cand[1] <= t[0] or cand[0] >= t[1] for t in taken):
            taken.append(cand)
    return taken


def _nested_in_descriptive(
    chosen: list[tuple[int, int, int, object]],
    candidates: list[tuple[int, int, int, object]],
) -> list[tuple[int, int, int, object]]:
    """Gazetteer hits lying wholly inside a chosen pattern-made name."""
    outer = [(c[0], c[1]) for c in chosen if isinstance(c[3], PatternHit)]
    return [
        c
        for c in candidates
        if not isinstance(c[3], PatternHit)
        and c not in chosen
        and any(a <= c[0] and c[1] <= b for a, b in outer)
    ]


def _relation(node_type: NodeType, text: str, verbs: list[VerbHit], start: int) -> Rel:
    from graph.model import MENTION_REL_BY_TYPE

    if node_type != NodeType.INSTRUMENT:
        return MENTION_REL_BY_TYPE[node_type]
    clause_start = max((i + 1 for i in range(start) if text[i] in CLAUSE_BREAK), default=0)
    return Rel(instrument_relation(verbs, start, clause_start))


def _agency_roles(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Spans of a lead-agency note: who leads (…牵头) and who shares (…按职责分工负责)."""
    lead = [m.span(1) for m in LEAD_RE.finditer(text)]
    shared = [m.span(1) for m in SHARE_RE.finditer(text)]
    return lead, shared


def _role(start: int, lead: list[tuple[int, int]], shared: list[tuple[int, int]]) -> str:
    if any(a <= start < b for a, b in lead):
        return "lead"
    if any(a <= start < b for a, b in shared):
        return "support"
    return "mentioned"
