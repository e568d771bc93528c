"""The API's schemas stay in step with the graph model."""

from __future__ import annotations

from policykg.api.schemas import EntityType
from policykg.graph.model import ENTITY_TYPES


def test_entity_type_lists_the_model_entity_types() -> None:
    assert [t.value for t in EntityType] == [t.value for t in ENTITY_TYPES]
