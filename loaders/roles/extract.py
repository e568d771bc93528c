"""Roles, deadlines and targets of a document's units, from its text and its agency mentions.

`document_roles(text, units, mentions)` runs once per document: it scans the conventions the text
states (conventions.py), then reads every unit in turn, in this order of trust:
1. a responsibility table row: its 牵头单位 / 配合单位 / 完成时限 cells (tables.py);
2. trailing notes in brackets (notes.py), under the first-listed convention when stated;
3. carry-over notes: the agencies are responsible in the note's own unit, and carried to every
   later task unit in scope;
4. duties in clauses (duties.py): responsible, and joint after 会同/商.
A span keeps the first role it gets. Mentions come from the entity extractor; where a note or a
subject names an agency it did not find, the list is segmented here (agency_list.py).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from policykg.graph.model import Role
from policykg.loaders.roles.agency_list import Item
from policykg.loaders.roles.conventions import Conventions, scan_conventions
from policykg.loaders.roles.cues import Cues, default_cues
from policykg.loaders.roles.deadlines import find_deadlines, find_targets
from policykg.loaders.roles.duties import duty_roles
from policykg.loaders.roles.model import AgencyRole, AgencySpan, Stated, UnitRoles
from policykg.loaders.roles.notes import NOTE, note_roles
from policykg.loaders.roles.tables import cell_agencies, row_cells

__all__ = ["UnitSpan", "document_roles"]

#: Units that are headings or document furniture carry no carried role.
_NOT_TASKS = frozenset({"heading", "title", "doc_number", "addressee", "signatory", "date"})


@dataclass(frozen=True)
class UnitSpan:
    """A unit of the document's outline: kind and span in the document text."""

    start: int
    end: int
    kind: str = "sentence"


def document_roles(
    text: str,
    units: Iterable[UnitSpan],
    mentions: Sequence[AgencySpan] = (),
    regions: Sequence[tuple[int, int]] = (),
    law: bool = False,
    cues: Cues | None = None,
    body_start: int = 0,
) -> list[UnitRoles]:
    """Roles, deadlines and targets of every unit, in the order given; the document's own text
    starts at `body_start` (after header lines, if any).

    Args:
        text: the document text every offset refers to.
        units: the units to read (tasks, or articles of a law), with their kind.
        mentions: the agency mentions the entity extractor found, with their canonical names.
        regions: spans of region mentions, stepped over at the start of a list of agencies.
        law: True for a law (every clause is normative); False for a plan or notice (a
            subject acts only with a modal such as 要 or 应当, or 会同, after it).
        cues: the cue table to read roles with (None: the packaged one).
        body_start: where the document's own text starts, after header lines.
    """
    cues = cues or default_cues()
    conventions = scan_conventions(text, cues, body_start)
    spans = _Spans(mentions, regions)
    return [_unit_roles(text, unit, conventions, spans, law, cues) for unit in units]


class _Spans:
    """The document's agency and region mentions, indexed once so that a unit takes its own
    without a pass over the whole document's (which made reading a long document quadratic)."""

    def __init__(self, mentions: Sequence[AgencySpan], regions: Sequence[tuple[int, int]]) -> None:
        self.names = {(m.start, m.end): m.name for m in mentions}
        self._mentions = mentions
        self._regions = regions
        self._mention_order, self._mention_starts = _by_start([m.start for m in mentions])
        self._region_order, self._region_starts = _by_start([s for s, _ in regions])

    def mentions_in(self, unit: UnitSpan) -> list[AgencySpan]:
        """Mentions inside `unit`, in the order given."""
        lo = bisect.bisect_left(self._mention_starts, unit.start)
        hi = bisect.bisect_right(self._mention_starts, unit.end)
        found = (self._mentions[i] for i in sorted(self._mention_order[lo:hi]))
        return [m for m in found if m.end <= unit.end]

    def regions_from(self, unit: UnitSpan) -> list[tuple[int, int]]:
        """Region spans starting inside `unit`, in the order given."""
        lo = bisect.bisect_left(self._region_starts, unit.start)
        hi = bisect.bisect_left(self._region_starts, unit.end)
        return [self._regions[i] for i in sorted(self._region_order[lo:hi])]


def _by_start(starts: Sequence[int]) -> tuple[list[int], list[int]]:
    order = sorted(range(len(starts)), key=starts.__getitem__)
    return order, [starts[i] for i in order]


def _unit_roles(
    text: str,
    unit: UnitSpan,
    conventions: Conventions,
    spans: _Spans,
    law: bool,
    cues: Cues,
) -> UnitRoles:
    """What one unit states; offsets stay document offsets.

    Args:
        text: the document text.
        unit: the unit to read.
        conventions: what the document stated before the unit.
        spans: the document's agency and region mentions.
        law: True for a law (every clause is normative).
        cues: the cue table.
    """
    roles = _Roles(spans.names)
    deadlines: dict[tuple[int, int], Stated] = {}
    table = conventions.table_at(unit.start)
    if table is not None:
        for cell in row_cells(text, unit.start, unit.end, table):
            if cell.kind == "deadline":
                deadlines[cell.start, cell.end] = Stated(
                    text[cell.start : cell.end], cell.start, cell.end
                )
            role = _COLUMN_ROLES.get(cell.kind)
            if role is not None:
                for item in cell_agencies(text, cell, cues):
                    roles.add(item, role, 0)
    body = text[unit.start : unit.end]
    for note in note_roles(body, cues, conventions.first_listed_leads(unit.start)):
        roles.add(note.item, note.role, unit.start)
    for carry in conventions.carry_overs:
        if unit.start <= carry.start and carry.end <= unit.end:
            for item in carry.items:
                roles.add(item, "responsible", 0)
    notes = [(m.start(), m.end()) for m in NOTE.finditer(body)]
    local = [(m.start - unit.start, m.end - unit.start) for m in spans.mentions_in(unit)]
    skip = [(s - unit.start, e - unit.start) for s, e in spans.regions_from(unit)]
    for duty in duty_roles(body, local, skip, cues, law):
        if not any(a <= duty.item.start < b for a, b in notes):
            roles.add(duty.item, duty.role, unit.start)
    if unit.kind not in _NOT_TASKS:
        for carry in conventions.carried(unit.start):
            for item in carry.items:
                roles.add(item, "responsible", 0, carried=True)
    for start, end in find_deadlines(body):
        span = (unit.start + start, unit.start + end)
        deadlines.setdefault(span, Stated(text[span[0] : span[1]], *span))
    targets = tuple(
        Stated(body[s:e], unit.start + s, unit.start + e) for s, e in find_targets(body, cues)
    )
    return UnitRoles(
        unit.start,
        unit.end,
        roles.collected(),
        tuple(sorted(deadlines.values(), key=lambda d: d.start)),
        targets,
    )


_COLUMN_ROLES: dict[str, Role] = {
    "lead": "lead",
    "support": "support",
    "responsible": "responsible",
}


class _Roles:
    """Roles of one unit by span; a span keeps the first role it gets."""

    def __init__(self, names: dict[tuple[int, int], str]) -> None:
        self._names = names
        self._by_span: dict[tuple[int, int, bool], AgencyRole] = {}

    def add(self, item: Item, role: Role, offset: int, carried: bool = False) -> None:
        start, end = item.start + offset, item.end + offset
        name = self._names.get((start, end), item.name or item.surface)
        self._by_span.setdefault(
            (start, end, carried), AgencyRole(item.surface, start, end, name, role, carried)
        )

    def collected(self) -> tuple[AgencyRole, ...]:
        return tuple(sorted(self._by_span.values(), key=lambda r: (r.carried, r.start)))
