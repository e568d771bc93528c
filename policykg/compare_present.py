"""Comparisons as JSON-ready dicts: the one shape `policykg compare --json` prints and
GET /api/v1/compare returns (documents read from files, or from the graph: no `path` then)."""

from __future__ import annotations

from typing import Any

from policykg.compare_input import DocumentUnits
from policykg.graph.compare import Comparison, Pair, SetComparison, Unit
from policykg.graph.compare.stored import StoredDocument
from policykg.graph.results import NodeRef

Compared = DocumentUnits | StoredDocument


def comparison_dict(comparison: Comparison, a: Compared, b: Compared) -> dict[str, Any]:
    """Both documents, every pair (`status`, `a`, `b`, diff and entity changes), the summary."""
    s = comparison.summary
    return {
        "a": document_dict(a),
        "b": document_dict(b),
        "pairs": [pair_dict(p) for p in comparison.pairs],
        "summary": {
            "same": s.same,
            "changed": s.changed,
            "added": s.added,
            "removed": s.removed,
            "shifts": [
                {
                    "entity": entity_dict(x.entity),
                    "units_a": x.units_a,
                    "units_b": x.units_b,
                    "delta": x.delta,
                }
                for x in s.shifts
            ],
        },
    }


def set_comparison_dict(
    result: SetComparison, a: DocumentUnits, others: list[DocumentUnits]
) -> dict[str, Any]:
    """A against several documents: one comparison each, and who takes up each unit of A."""
    return {
        "a": document_dict(a),
        "comparisons": [
            comparison_dict(c, a, b) for c, b in zip(result.comparisons, others, strict=True)
        ],
        "coverage": [
            {"unit": {"id": c.unit.id, "label": c.unit.label}, "taken_up_by": list(c.taken_up_by)}
            for c in result.coverage
        ],
    }


def document_dict(doc: Compared) -> dict[str, Any]:
    """A compared document: id, title, kind of unit, number of units (and path if read from a
    file).

    Args:
        doc: the document.

    Returns:
        The JSON dict.
    """
    if isinstance(doc, StoredDocument):
        return {
            "id": doc.id,
            "title": doc.title,
            "unit_kind": doc.unit_kind,
            "units": len(doc.units),
        }
    return {
        "id": doc.id,
        "title": doc.title,
        "path": doc.path,
        "unit_kind": doc.kind,
        "units": len(doc.units),
    }


def pair_dict(pair: Pair) -> dict[str, Any]:
    """One aligned pair: status, both units, similarity, diff and entity changes.

    Args:
        pair: the pair.

    Returns:
        The JSON dict.
    """
    return {
        "status": pair.status.value,
        "a": unit_dict(pair.a),
        "b": unit_dict(pair.b),
        "similarity": pair.similarity,
        "diff": [{"op": d.op, "a": d.a, "b": d.b} for d in pair.diff],
        "entities_gained": [entity_dict(e) for e in pair.gained],
        "entities_lost": [entity_dict(e) for e in pair.lost],
    }


def unit_dict(unit: Unit | None) -> dict[str, str] | None:
    """A unit's id, label and text.

    Args:
        unit: the unit (None for the missing side of an added or removed pair).

    Returns:
        The JSON dict, or None.
    """
    return None if unit is None else {"id": unit.id, "label": unit.label, "text": unit.text}


def entity_dict(entity: NodeRef) -> dict[str, str]:
    """An entity's id, name and type.

    Args:
        entity: the entity.

    Returns:
        The JSON dict.
    """
    return {"id": entity.id, "name": entity.name, "type": entity.type.value}
