"""Entity mentions of one task sentence: gazetteer hits plus pattern hits, without overlaps.

Gazetteer hits come from a leftmost-longest Aho-Corasick automaton; patterns (loaders/patterns.py)
find instruments, programmes and regions no gazetteer lists, told where the gazetteer's Region
names are so that a leading region is split off a name. Where two candidates overlap, the longer
wins, and on equal length the gazetteer wins. Proper names are opaque; descriptive names are
transparent: the names inside them are mentions too (data/gold/GUIDELINES.md, Decisions 2 and 6):

- a descriptive programme or instrument (pattern-made, or a gazetteer name about its subject:
  全面加强黄河流域生态环境保护行动方案, 农村黑臭水体歼灭战, 生态工业园区) contains Regions,
  Pollutants, Sectors and Agencies, never another Program or Instrument;
- a pollutant named after its source contains that Sector (餐饮油烟 -> 餐饮).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from policykg.graph.model import Node, NodeType, Rel
from policykg.loaders.actions import VerbHit, find_verbs, instrument_relation
from policykg.loaders.gazetteer import Gazetteer
from policykg.loaders.matcher import Hit, Matcher
from policykg.loaders.patterns import PatternHit, find_patterns

LEAD_RE = re.compile(r"([^,;()]*?)牵头")
SHARE_RE = re.compile(r"([^,;()]*?)(?:等)?(?:按职责分工负责|配合|参与)")
CLAUSE_BREAK = frozenset(",;。!?:()")

# (start, end, source rank: 0 gazetteer / 1 pattern, the hit itself)
Candidate = tuple[int, int, int, Hit | PatternHit]

#: What a descriptive name of each type may contain (Decisions 2 and 6).
NAMES_INSIDE: Mapping[NodeType, frozenset[NodeType]] = {
    NodeType.PROGRAM: frozenset(
        {NodeType.REGION, NodeType.POLLUTANT, NodeType.SECTOR, NodeType.AGENCY}
    ),
    NodeType.INSTRUMENT: frozenset(
        {NodeType.REGION, NodeType.POLLUTANT, NodeType.SECTOR, NodeType.AGENCY}
    ),
    NodeType.POLLUTANT: frozenset({NodeType.SECTOR}),
}


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
        self.holds: Mapping[str, frozenset[NodeType]] = {
            n.id: NAMES_INSIDE[n.type] for n in gazetteer.entities if _transparent(n)
        }
        self._holds_names: dict[str, bool] = {}  # surface -> whether any name lies inside

    def extract(self, text: str, verbs: list[VerbHit] | None = None) -> list[Found]:
        """Mentions in `text`; pass `verbs` (find_verbs(text)) when the caller has them already."""
        verbs = find_verbs(text) if verbs is None else verbs
        candidates: list[Candidate] = []
        regions = []
        for hit in self.matcher.find(text):
            candidates.append((hit.start, hit.end, 0, hit))
            if self.types[hit.entity_id] is NodeType.REGION:
                regions.append((hit.start, hit.end))
        for pattern in find_patterns(text, verbs, regions):
            candidates.append((pattern.start, pattern.end, 1, pattern))
        chosen = _without_overlaps(candidates)
        chosen += self._nested_in_patterns(chosen, candidates)
        chosen += self._nested_in_descriptive_entities(text, chosen)
        lead, shared = _agency_roles(text) if self._any_agency(chosen) else ([], [])
        found = []
        for start, end, _, item in sorted(chosen, key=lambda c: (c[0], -c[1])):
            if isinstance(item, PatternHit):
                node_type, entity_id, new = item.entity.type, item.entity.id, item.entity
            else:
                node_type, entity_id, new = self.types[item.entity_id], item.entity_id, None
            rel = _relation(node_type, text, verbs, start)
            role = _role(start, lead, shared) if node_type == NodeType.AGENCY else None
            found.append(Found(start, end, text[start:end], entity_id, node_type, rel, role, new))
        return found

    def _any_agency(self, chosen: list[Candidate]) -> bool:
        """Whether roles matter: the role regexes cost more than the rest of extract()."""
        return any(
            (item.entity.type if isinstance(item, PatternHit) else self.types[item.entity_id])
            is NodeType.AGENCY
            for _, _, _, item in chosen
        )

    def _nested_in_descriptive_entities(
        self, text: str, chosen: list[Candidate]
    ) -> list[Candidate]:
        """Gazetteer names inside a chosen descriptive gazetteer name (a 行动方案 about 黄河)."""
        nested: list[Candidate] = []
        for start, end, _, item in chosen:
            if isinstance(item, PatternHit) or item.entity_id not in self.holds:
                continue
            if not self._may_hold_names(item):
                continue
            allowed = self.holds[item.entity_id]
            for hit in self._inner_names(text, start, end, item.entity_id):
                if self.types[hit.entity_id] in allowed:
                    nested.append((hit.start, hit.end, 0, hit))
        return nested

    def _inner_names(self, text: str, start: int, end: int, outer: str) -> list[Hit]:
        """Names inside text[start:end]; the outer entity's own aliases are not mentions of it."""
        return self.matcher.find_nested(text, start, end, skip=outer)

    def _may_hold_names(self, hit: Hit) -> bool:
        """Whether a surface has any gazetteer name inside; cached, most names have none."""
        known = self._holds_names.get(hit.surface)
        if known is None:
            known = bool(self._inner_names(hit.surface, 0, len(hit.surface), hit.entity_id))
            self._holds_names[hit.surface] = known
        return known

    def _nested_in_patterns(
        self, chosen: list[Candidate], candidates: list[Candidate]
    ) -> list[Candidate]:
        """Gazetteer hits lying wholly inside a chosen pattern-made programme or instrument."""
        outer = [
            (c[0], c[1], NAMES_INSIDE[c[3].entity.type])
            for c in chosen
            if isinstance(c[3], PatternHit) and c[3].entity.type in NAMES_INSIDE
        ]
        if not outer:
            return []
        return [
            c
            for c in candidates
            if not isinstance(c[3], PatternHit)
            and c not in chosen
            and any(
                a <= c[0] and c[1] <= b and self.types[c[3].entity_id] in allowed
                for a, b, allowed in outer
            )
        ]


def _without_overlaps(
    candidates: list[Candidate],
) -> list[Candidate]:
    """Longest first, gazetteer before pattern on ties, then leftmost; drop what overlaps."""
    taken: list[Candidate] = []
    for cand in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[2], c[0])):
        if all(cand[1] <= t[0] or cand[0] >= t[1] for t in taken):
            taken.append(cand)
    return taken


def _transparent(node: Node) -> bool:
    """Whether the names inside this gazetteer entity's name are mentions too."""
    if node.type not in NAMES_INSIDE:
        return False
    if node.type is NodeType.POLLUTANT:
        return True
    return bool(node.get("descriptive"))


def _relation(node_type: NodeType, text: str, verbs: list[VerbHit], start: int) -> Rel:
    from policykg.graph.model import MENTION_REL_BY_TYPE

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
