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
from policykg.loaders.roles.extract import UnitSpan, document_roles
from policykg.loaders.roles.jurisdiction import Jurisdiction, jurisdiction_of
from policykg.loaders.roles.model import AgencySpan, UnitRoles
from policykg.loaders.structure import ParsedDocument, TaskSpan


@dataclass(frozen=True)
class TaskRoles:
    """The roles of every task of a document, in task order, with what they were read from."""

    tasks: tuple[TaskSpan, ...]
    ids: tuple[str, ...]
    found: tuple[UnitRoles, ...]
    mentions: tuple[AgencySpan, ...]
    jurisdiction: Jurisdiction | None


def task_roles(
    doc: ParsedDocument,
    issuers: Sequence[str],
    mentions: Sequence[DocumentMention],
    gazetteer: Gazetteer,
) -> TaskRoles:
    """Read the roles of `doc`'s tasks (offsets into `doc.text`)."""
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
    )
