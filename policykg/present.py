"""The one serialiser: results (graph/results/ dataclasses) -> JSON values.

The API's responses and the CLI's `--json` both go through pydantic's serialisation of the same
dataclasses, so they agree field for field.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from policykg.graph.assemble import DOCUMENT_FIELDS
from policykg.graph.model import Node

__all__ = ["document_metadata", "to_json"]


def to_json(value: Any) -> Any:
    """A result (dataclass, tuple, dict, enum …) as plain JSON values.

    Args:
        value: a result of a query, or a dict or list holding results.

    Returns:
        Dicts, lists, strings, numbers, booleans and None, as the API would send them (by
        serialisation alias, as FastAPI writes response models).
    """
    return _adapter(type(value)).dump_python(value, mode="json", by_alias=True)


#: One adapter per result class: building one costs far more than using it.
_ADAPTERS: dict[type[Any], TypeAdapter[Any]] = {}


def _adapter(kind: type[Any]) -> TypeAdapter[Any]:
    adapter = _ADAPTERS.get(kind)
    if adapter is None:
        adapter = _ADAPTERS[kind] = TypeAdapter(kind)
    return adapter


def document_metadata(node: Node) -> dict[str, Any]:
    """A Document node's metadata (not its text).

    Args:
        node: a Document node.

    Returns:
        Each of DOCUMENT_FIELDS with its value (None when the document does not state it).
    """
    return {key: to_json(node.get(key)) for key in DOCUMENT_FIELDS}
