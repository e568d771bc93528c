"""One document as `policykg extract --json` prints it: metadata, outline units and mentions.

Offsets are character offsets into the decoded original text (header lines included; for an
HTML page, into its extracted text), so that `text[start:end]` is the unit or the surface,
also for Traditional characters and full-width punctuation. Unit ids derive from the document
id and the printed labels on the way down (`doc:x/第二章/第十条/clause2`), so they stay the same
when the document is read again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from policykg.graph.model import Node, NodeType, document_id
from policykg.loaders.defined_terms import document_place
from policykg.loaders.extract import Extractor
from policykg.loaders.mentions import DocumentMention, document_mentions
from policykg.loaders.metadata import document_metadata
from policykg.loaders.roles.document import TaskRoles, task_roles
from policykg.loaders.structure import ParsedDocument
from policykg.loaders.units import Unit

__all__ = ["annotate"]


def annotate(doc: ParsedDocument, extractor: Extractor) -> dict[str, Any]:
    """The document's metadata, units and mentions as JSON-ready data.

    Args:
        doc: the document, already read.
        extractor: finds the mentions.
    """
    meta = document_metadata(doc, extractor, doc.sidecar)
    ids = _unit_ids(document_id(doc.slug), doc.units)
    mentions = document_mentions(
        doc, extractor, meta.script, document_place(meta.issuers, extractor.gazetteer)
    )
    roles = task_roles(doc, meta.issuers, mentions, extractor.gazetteer)
    role_of = {
        (r.start, r.end): r.role for unit in roles.found for r in unit.roles if not r.carried
    }
    return {
        "document": document_id(doc.slug),
        "metadata": meta.as_dict(),
        "layout": doc.layout,
        "warnings": list(doc.warnings),
        "units": [_unit(doc, i, ids) for i in range(len(doc.units))],
        "mentions": [_mention(doc, m, ids, extractor, role_of) for m in mentions],
        **_roles(doc, roles),
    }


def _unit_ids(doc_id: str, units: Sequence[Unit]) -> list[str]:
    """Stable ids: the parent's id, then the label, or the kind and its count among siblings.

    Args:
        doc_id: the document's id.
        units: the document's outline units, a parent before its children.
    """
    ids: list[str] = []
    seen: dict[tuple[int | None, str], int] = {}
    for unit in units:
        base = ids[unit.parent] if unit.parent is not None else doc_id
        step = unit.label or unit.kind
        seen[(unit.parent, step)] = seen.get((unit.parent, step), 0) + 1
        count = seen[(unit.parent, step)]
        if not unit.label or count > 1:
            step = f"{step}{count}"
        ids.append(f"{base}/{step}")
    return ids


def _unit(doc: ParsedDocument, index: int, ids: Sequence[str]) -> dict[str, Any]:
    unit = doc.units[index]
    start, end = doc.original_span(unit.start, unit.end)
    label_end = doc.original_span(unit.start, unit.start + len(unit.label))[1]
    return {
        "id": ids[index],
        "kind": unit.kind,
        "label": doc.original[start:label_end] if unit.label else "",
        "start": start,
        "end": end,
        "parent": ids[unit.parent] if unit.parent is not None else None,
    }


def _mention(
    doc: ParsedDocument,
    mention: DocumentMention,
    ids: Sequence[str],
    extractor: Extractor,
    role_of: Mapping[tuple[int, int], str],
) -> dict[str, Any]:
    found = mention.found
    start, end = doc.original_span(found.start, found.end)
    entity = _entity(extractor, found.entity_id, found.new_entity)
    return {
        "surface": doc.original[start:end],
        "start": start,
        "end": end,
        "type": found.type.value,
        "entity_id": found.entity_id,
        "name": entity.name if entity else found.surface,
        "name_en": entity.get("name_en") if entity else None,
        "relation": found.rel.value,
        "role": role_of.get((found.start, found.end), "mentioned")
        if found.type is NodeType.AGENCY
        else None,
        "unit": ids[mention.unit] if mention.unit is not None else None,
        "task": mention.task.ordinal if mention.task is not None else None,
    }


def _roles(doc: ParsedDocument, roles: TaskRoles) -> dict[str, list[dict[str, Any]]]:
    """Every role of every task (also of agencies no mention names, and carried ones), and the
    deadlines and targets the tasks state (and those outside tasks, with task None); offsets
    into the decoded original."""

    def span(start: int, end: int) -> dict[str, Any]:
        a, b = doc.original_span(start, end)
        return {"surface": doc.original[a:b], "start": a, "end": b}

    out: dict[str, list[dict[str, Any]]] = {"roles": [], "deadlines": [], "targets": []}
    for task, unit in zip(roles.tasks, roles.found, strict=True):
        for role in unit.roles:
            out["roles"].append(
                {
                    **span(role.start, role.end),
                    "name": role.name,
                    "role": role.role,
                    "carried": role.carried,
                    "task": task.ordinal,
                }
            )
        for field in ("deadlines", "targets"):
            for item in getattr(unit, field):
                out[field].append({**span(item.start, item.end), "task": task.ordinal})
    for field in ("deadlines", "targets"):  # a preamble's or a heading's: no task
        out[field] += [
            {**span(i.start, i.end), "task": None} for i in getattr(roles.outside, field)
        ]
        out[field].sort(key=lambda item: item["start"])
    return out


def _entity(extractor: Extractor, entity_id: str, new: Node | None) -> Node | None:
    if new is not None:
        return new
    try:
        return extractor.gazetteer.entity(entity_id)
    except KeyError:
        return None
