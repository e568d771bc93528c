"""Every public module says what it exports, and no module reaches into another's internals.

A public module (one whose own name has no leading underscore) of the policykg package and of
devkit/ declares `__all__`: the names other modules, tests and the README use, each defined
there (a package `__init__` may re-export on purpose). A `_private` name stays inside its
module: no `from module import _name` across modules, in the packages, tests, benchmarks or
scripts.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import devkit
import policykg

ROOT = Path(__file__).resolve().parent.parent
MODULES = sorted(
    info.name
    for package, prefix in ((policykg, "policykg."), (devkit, "devkit."))
    for info in pkgutil.walk_packages(package.__path__, prefix=prefix)
)
PUBLIC = [name for name in MODULES if not name.rpartition(".")[2].startswith("_")]
SOURCES = sorted(
    path
    for folder in ("graph", "loaders", "api", "viz", "policykg", "devkit", "tests", "benchmarks")
    for path in (ROOT / folder).rglob("*.py")
    if ".venv" not in path.parts
) + sorted((ROOT / "scripts").rglob("*.py"))


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def test_the_walk_finds_the_packages() -> None:
    assert {"policykg.cli", "policykg.graph.model", "policykg.api.app", "devkit.gold"} <= set(
        PUBLIC
    )


@pytest.mark.parametrize("name", PUBLIC)
def test_a_public_module_lists_what_it_exports(name: str) -> None:
    module = importlib.import_module(name)
    exported = getattr(module, "__all__", None)
    assert isinstance(exported, list), f"{name} has no __all__ list"
    assert all(isinstance(item, str) for item in exported)
    assert len(set(exported)) == len(exported), f"{name}.__all__ names a name twice"
    undefined = [item for item in exported if not hasattr(module, item)]
    assert not undefined, f"{name}.__all__ lists names it does not define: {undefined}"
    private = [item for item in exported if _is_private(item)]
    assert not private, f"{name}.__all__ lists private names: {private}"


def _private_imports(path: Path) -> list[str]:
    """`module._name` for every private name the file imports from another module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.ImportFrom):
            continue
        source = "." * node.level + (node.module or "")
        found += [f"{source}.{alias.name}" for alias in node.names if _is_private(alias.name)]
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_module_imports_a_private_name_of_another(path: Path) -> None:
    assert not _private_imports(path)


def test_the_private_import_check_sees_one(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        "from policykg.graph.model import Node\nfrom policykg.loaders.read import _decode\n",
        encoding="utf-8",
    )
    assert _private_imports(probe) == ["policykg.loaders.read._decode"]


def _registered(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> bool:
    """Whether a framework registers the definition by a decorator call on an object
    (`@router.get(...)`, `@click.command(...)`): its name is then the framework's, not ours
    (FastAPI makes a route's operationId of it)."""
    return any(
        isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute) for d in node.decorator_list
    )


def _unexported(path: Path) -> list[str]:
    """Top-level names of a module that are neither in its `__all__` nor `_private`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    exported: set[str] = set()
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name) and target.id == "__all__":
                    exported = set(ast.literal_eval(node.value)) if node.value else set()
                elif isinstance(target, ast.Name):
                    names.append(target.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and not (
            _registered(node)
        ):
            names.append(node.name)
    return [n for n in names if not n.startswith("_") and n not in exported]


PUBLIC_SOURCES = [
    path
    for path in SOURCES
    if path.parts[len(ROOT.parts)] in ("graph", "loaders", "api", "viz", "policykg", "devkit")
    and not path.name.startswith("_")
    and not any(part.startswith("_") for part in path.relative_to(ROOT).parts[:-1])
]


@pytest.mark.parametrize("path", PUBLIC_SOURCES, ids=lambda path: str(path.relative_to(ROOT)))
def test_a_module_exports_or_hides_each_name(path: Path) -> None:
    """Each top-level name is in `__all__` (public) or `_private` (internal), so that a reader
    knows from the name alone whether other modules may use it."""
    assert not _unexported(path)


def test_the_export_check_sees_an_unexported_name(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        '__all__ = ["shown"]\nshown = 1\n_hidden = 2\nloose = 3\n'
        "def helper() -> None: ...\n@router.get('/x')\ndef route() -> None: ...\n",
        encoding="utf-8",
    )
    assert _unexported(probe) == ["loose", "helper"]
