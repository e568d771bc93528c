"""The public methods of the stores say what each parameter means: an `Args:` section (Google
style) naming every parameter. Ruff's D417 checks the names of a section that is there; it
cannot ask for the section, so this test walks the classes with inspect.

It covers the query and write API of the stores (QueryStore, GraphStore), which the CLI, the
API and the maps call; the rest of the packages is not held to it yet.
"""

from __future__ import annotations

import inspect
import re

import pytest

from policykg.graph.queries import QueryStore
from policykg.graph.store import GraphStore

CLASSES = (QueryStore, GraphStore)


def _public_methods() -> list[tuple[str, object]]:
    return [
        (f"{cls.__name__}.{name}", member)
        for cls in CLASSES
        for name, member in vars(cls).items()
        if not name.startswith("_") and inspect.isfunction(member) and _parameters(member)
    ]


def _parameters(func: object) -> list[str]:
    names = inspect.signature(func).parameters  # type: ignore[arg-type]
    return [n for n in names if n not in ("self", "cls")]


def _documented(func: object) -> set[str]:
    doc = inspect.getdoc(func) or ""
    _, _, args = doc.partition("\nArgs:\n")
    section = re.split(r"\n\S", args, maxsplit=1)[0]
    return set(re.findall(r"^ +(\w+)(?: \([^)]*\))?:", section, flags=re.MULTILINE))


def test_the_walk_finds_the_query_methods() -> None:
    names = {name for name, _ in _public_methods()}
    assert {"QueryStore.tasks", "QueryStore.timeline", "GraphStore.change_documents"} <= names


METHODS = _public_methods()


def test_a_one_line_docstring_documents_nothing() -> None:
    assert _documented(QueryStore.stats) == set()


@pytest.mark.parametrize(("name", "func"), METHODS, ids=[name for name, _ in METHODS])
def test_every_parameter_is_described(name: str, func: object) -> None:
    wanted = _parameters(func)
    assert set(wanted) <= _documented(func), f"{name}: Args must name {wanted}"
