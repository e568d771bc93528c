"""The roles of a parsed document's tasks, read from its text and its agency mentions.

One reading serves the graph build (loaders/build.py, through roles/graph.py) and
`policykg extract --json` (loaders/annotate.py): tasks are the units, agency and region mentions
come from the entity extractor, the jurisdiction from the document's issuers, and a document laid
out as a law is read as one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from policykg.graph.model import NodeType, task_id
from policykg.loaders.gazetteer import Gazetteer
from policykg.loaders.mentions import DocumentMention
from policykg.loaders.roles.cues import default_cues
from policykg.loaders.roles.deadlines import find_deadlines, find_targets
from policykg.loaders.roles.extract import UnitSpan, document_roles
from policykg.loaders.roles.jurisdiction import Jurisdiction, jurisdiction_of
from policykg.loaders.roles.model import AgencySpan, Stated, UnitRoles
from policykg.loaders.structure import ParsedDocument, TaskSpan

__all__ = ["TaskRoles", "task_roles"]


@dataclass(frozen=True)
class TaskRoles:
    """The roles of every task of a document, in task order, with what they were read from."""

    tasks: tuple[TaskSpan, ...]
    ids: tuple[str, ...]
    found: tuple[UnitRoles, ...]
    mentions: tuple[AgencySpan, ...]
    jurisdiction: Jurisdiction | None
    outside: UnitRoles  # deadlines and targets stated outside every task


def task_roles(
    doc: ParsedDocument,
    issuers: Sequence[str],
    mentions: Sequence[DocumentMention],
    gazetteer: Gazetteer,
) -> TaskRoles:
    """Read the roles of `doc`'s tasks (offsets into `doc.text`).

    Args:
        doc: the document, already read.
        issuers: the document's issuers, first one first (they give its jurisdiction).
        mentions: the document's mentions.
        gazetteer: the gazetteer the mentions come from.
    """
    agencies, regions = [], []
    for mention in mentions:
        found = mention.found
        if found.type is NodeType.AGENCY:
            entity = found.new_entity or gazetteer.entity(found.entity_id)
            agencies.append(AgencySpan(found.start, found.end, found.surface, entity.name))
        elif found.type is NodeType.REGION:
            regions.append((found.start, found.end))
    law = doc.layout == "law"
    kind = "article" if law else "sentence"
    units = [UnitSpan(t.start, t.end, kind) for t in doc.tasks]
    return TaskRoles(
        doc.tasks,
        tuple(task_id(doc.slug, t.theme, t.area, t.index) for t in doc.tasks),
        tuple(document_roles(doc.text, units, agencies, regions, law)),
        tuple(agencies),
        jurisdiction_of(issuers, gazetteer),
        _stated_outside(doc.text, [(t.start, t.end) for t in doc.tasks]),
    )


def _stated_outside(text: str, tasks: Sequence[tuple[int, int]]) -> UnitRoles:
    """Deadlines and targets in the text between tasks: a preamble's 到2020年, a focus-area
    heading such as 到2025年，…格局基本形成 (they belong to no one task, and are not dropped).

    Args:
        text: the document text.
        tasks: (start, end) of every task.

    >>> [d.surface for d in _stated_outside("到2020年，基本建成。推进甲。", [(11, 15)]).deadlines]
    ['到2020年']
    """
    cues = default_cues()
    deadlines: list[Stated] = []
    targets: list[Stated] = []
    for gap_start, gap_end in _gaps(tasks, len(text)):
        gap = text[gap_start:gap_end]
        deadlines += [
            Stated(gap[a:b], gap_start + a, gap_start + b) for a, b in find_deadlines(gap)
        ]
        targets += [
            Stated(gap[a:b], gap_start + a, gap_start + b) for a, b in find_targets(gap, cues)
        ]
    return UnitRoles(0, len(text), (), tuple(deadlines), tuple(targets))


def _gaps(tasks: Sequence[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """The spans of text not inside any task, in order."""
    gaps, at = [], 0
    for start, end in sorted(tasks):
        if start > at:
            gaps.append((at, start))
        at = max(at, end)
    if at < length:
        gaps.append((at, length))
    return gaps
