"""The API's entity-type parameters take exactly the model's entity types."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from policykg.graph.model import ENTITY_TYPES, NodeType
from policykg.graph.results import EntityType

ENTITY = TypeAdapter(EntityType)


def test_entity_type_takes_every_model_entity_type() -> None:
    assert [ENTITY.validate_python(t.value) for t in ENTITY_TYPES] == list(ENTITY_TYPES)


@pytest.mark.parametrize("value", [t.value for t in NodeType if t not in ENTITY_TYPES] + ["Foo"])
def test_entity_type_refuses_the_rest_as_an_enum_of_entity_types(value: str) -> None:
    with pytest.raises(ValidationError) as caught:
        ENTITY.validate_python(value)
    (error,) = caught.value.errors()
    assert error["type"] == "enum"
    assert error["ctx"]["expected"] == ", ".join(f"'{t.value}'" for t in ENTITY_TYPES[:-1]) + (
        f" or '{ENTITY_TYPES[-1].value}'"
    )


def test_entity_type_is_documented_as_its_values() -> None:
    assert ENTITY.json_schema()["enum"] == [t.value for t in ENTITY_TYPES]
