"""The examples in docstrings run: every module of the policykg package, through doctest."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import policykg

#: Every module, found by walking the package (a module that fails to import fails here).
MODULES = sorted(info.name for info in pkgutil.walk_packages(policykg.__path__, prefix="policykg."))


def test_the_package_has_modules_with_examples() -> None:
    finder = doctest.DocTestFinder()
    with_examples = [
        name
        for name in MODULES
        if any(t.examples for t in finder.find(importlib.import_module(name)))
    ]
    assert "policykg.loaders.structure" in with_examples
    assert "policykg.graph.queries.paging" in with_examples


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
