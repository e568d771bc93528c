"""Public functions and methods say what each parameter means: an `Args:` section (Google
style) naming every parameter. Ruff's D417 checks the names of a section that is there; it
cannot ask for the section, so this test walks the package with inspect.

Public means: every function a module of the policykg package names in its `__all__`, the
public methods (plain, class and static) that the public classes there define themselves, and
their constructors where they write `__init__` themselves (not a dataclass's). A method without
a docstring of its own is held to the one it inherits (an implementation of a documented
protocol method), as `inspect.getdoc` finds it; a constructor's Args may be in the class
docstring or in `__init__`'s. api's routers are not held (their docstrings are the OpenAPI
descriptions, for clients), nor a library's object exported under a name of ours; a module
without `__all__` exports every public function and class it defines.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable, Iterator

import pytest

import policykg
from policykg.graph.queries import QueryStore

MODULES = sorted(info.name for info in pkgutil.walk_packages(policykg.__path__, prefix="policykg."))


def _exported(module: object) -> list[str]:
    """The names a module's public API consists of."""
    if not _held_whole(module):
        return []
    if hasattr(module, "__all__"):
        return list(module.__all__)
    name = getattr(module, "__name__", "")
    return [
        attr
        for attr, obj in vars(module).items()
        if not attr.startswith("_")
        and (inspect.isfunction(obj) or inspect.isclass(obj))
        and obj.__module__ == name
    ]


def _held_whole(module: object) -> bool:
    """Whether every public definition of the module is held, `__all__` or not: every module
    but api's routers (their docstrings are the OpenAPI descriptions, for clients)."""
    name = getattr(module, "__name__", "")
    return not name.startswith("policykg.api.routers.")


def _public_members(
    module_name: str,
) -> Iterator[tuple[str, Callable[..., object], tuple[str, ...]]]:
    """(qualified name, function, the docstrings it is held to) of one module's public API."""
    module = importlib.import_module(module_name)
    for name in _exported(module):
        obj = getattr(module, name)
        if not getattr(obj, "__module__", "").startswith("policykg."):
            continue  # a library's object under a name of ours (a click option decorator)
        if inspect.isfunction(obj):
            yield f"{obj.__module__}.{obj.__qualname__}", obj, (inspect.getdoc(obj) or "",)
        elif inspect.isclass(obj):
            init = vars(obj).get("__init__")
            if _written(obj, init):
                docs = (inspect.getdoc(obj) or "", inspect.getdoc(init) or "")
                yield f"{init.__module__}.{init.__qualname__}", init, docs
            for attr, member in vars(obj).items():
                if attr.startswith("_"):
                    continue
                func = getattr(member, "__func__", member)  # a class or static method's function
                if inspect.isfunction(func):
                    doc = inspect.getdoc(getattr(obj, attr)) or ""
                    yield f"{func.__module__}.{func.__qualname__}", func, (doc,)


def _written(cls: type, init: object) -> bool:
    """Whether `init` is an `__init__` the class's module writes (a dataclass generates its
    own from source text "<string>"; Protocol puts typing's in)."""
    return (
        inspect.isfunction(init)
        and init.__module__ == cls.__module__
        and init.__code__.co_filename != "<string>"
    )


def _public_functions() -> dict[str, tuple[Callable[..., object], tuple[str, ...]]]:
    """Every public function with parameters, once (a re-export shows the same function)."""
    return {
        name: (func, docs)
        for module in MODULES
        for name, func, docs in _public_members(module)
        if _parameters(func)
    }


def _parameters(func: Callable[..., object]) -> list[str]:
    names = inspect.signature(func).parameters
    return [n for n in names if n not in ("self", "cls")]


def _documented(doc: str) -> set[str]:
    _, _, args = doc.partition("\nArgs:\n")
    section = re.split(r"\n\S", args, maxsplit=1)[0]
    return set(re.findall(r"^ +\*{0,2}(\w+)(?: \([^)]*\))?:", section, flags=re.MULTILINE))


FUNCTIONS = _public_functions()


def test_the_walk_finds_functions_methods_and_inherited_docs() -> None:
    assert {
        "policykg.graph.queries.QueryStore.tasks",
        "policykg.graph.store.GraphStore.change_documents",
        "policykg.pipeline.find_documents",
        "policykg.graph.model.GraphData.of",
        "policykg.graph.graph_index.IndexReader.node",
        "policykg.graph.neo4j_store.Neo4jStore.__init__",
        "policykg.errors.FileContentError.__init__",
    } <= set(FUNCTIONS)
    assert not any(name.startswith("policykg.graph.model.Node.__") for name in FUNCTIONS)
    assert "policykg.viz.maps.nearest" in FUNCTIONS  # a module without __all__ in viz
    assert "policykg.budget.checked" in FUNCTIONS  # a top-level module without __all__
    assert "policykg.api.errors.check_bound" in FUNCTIONS
    assert "policykg.graph.queries.paging.window" in FUNCTIONS
    assert "policykg.loaders.junk.find_date" in FUNCTIONS
    assert not any(name.startswith("policykg.api.routers.") for name in FUNCTIONS)
    _, inherited = FUNCTIONS["policykg.graph.graph_index.IndexReader.node"]
    assert inherited == FUNCTIONS["policykg.graph.queries.reader.GraphReader.node"][1]


def test_a_one_line_docstring_documents_nothing() -> None:
    assert _documented(inspect.getdoc(QueryStore.stats) or "") == set()


def test_a_section_names_its_parameters() -> None:
    doc = (
        "Do it.\n\nArgs:\n    a: one.\n    b (int): two,\n        on two lines.\n"
        "    **c: rest.\n\nReturns:\n    x: not a parameter.\n"
    )
    assert _documented(doc) == {"a", "b", "c"}


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_every_parameter_is_described(name: str) -> None:
    func, docs = FUNCTIONS[name]
    wanted = _parameters(func)
    missing = sorted(set(wanted) - set().union(*map(_documented, docs)))
    assert not missing, f"{name}: Args must name {missing}"
