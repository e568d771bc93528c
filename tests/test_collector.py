"""The garbage collector is set by the `policykg` command line, and by nothing else.

graph/, loaders/, api/ and viz/ (and every other module of the package) make no gc call:
only policykg/collector.py touches `gc`, and only the command line calls it (the console script
`policykg.cli.run` sets the thresholds; a build's assembly and a command's graph read run with
the collector paused), so a program that imports the library keeps its own collector settings.
"""

from __future__ import annotations

import ast
import gc
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_SOURCES = sorted(
    path
    for folder in ("graph", "loaders", "api", "viz", "policykg")
    for path in (ROOT / folder).rglob("*.py")
)
COLLECTOR = ROOT / "policykg" / "collector.py"


def _touches_gc(path: Path) -> bool:
    """Whether a file imports gc (or anything from it)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import) and any(a.name == "gc" for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and node.module == "gc":
            return True
    return False


def _calls_collector(path: Path) -> bool:
    """Whether a file imports policykg.collector (or a name from it)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "policykg.collector":
            return True
        if isinstance(node, ast.Import) and any(a.name == "policykg.collector" for a in node.names):
            return True
    return False


@pytest.mark.parametrize("path", PACKAGE_SOURCES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_package_module_but_the_collector_touches_gc(path: Path) -> None:
    assert _touches_gc(path) == (path == COLLECTOR)


def test_only_the_command_line_sets_the_collector() -> None:
    callers = [p.relative_to(ROOT).as_posix() for p in PACKAGE_SOURCES if _calls_collector(p)]
    assert callers == ["policykg/build_command.py", "policykg/cli.py", "policykg/cli_support.py"]


def test_the_checks_see_a_gc_import(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("from gc import disable\nfrom policykg.collector import x\n", "utf-8")
    assert _touches_gc(probe) and _calls_collector(probe)


def _collector_after(code: str) -> tuple[int, int, int]:
    """The collector's thresholds in a fresh interpreter after `code` ran."""
    script = f"import gc, sys\n{code}\nprint(*gc.get_threshold())\n"
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    young, middle, old = out.split()[-3:]
    return int(young), int(middle), int(old)


def test_the_console_script_sets_the_collector_before_the_command() -> None:
    from policykg.collector import YOUNG_THRESHOLD

    ran = (
        "from policykg import cli\n"
        "sys.argv = ['policykg', '--version']\n"
        "try:\n    cli.run()\nexcept SystemExit:\n    pass"
    )
    young, *older = _collector_after(ran)
    assert young == YOUNG_THRESHOLD != _collector_after("")[0]
    assert older == list(_collector_after("")[1:]), "only the young generation changes"


def test_importing_and_using_the_package_leaves_the_collector_alone() -> None:
    used = (
        "from click.testing import CliRunner\n"
        "from policykg.cli import main\n"
        "assert CliRunner().invoke(main, ['--version']).exit_code == 0"
    )
    assert _collector_after(used) == _collector_after("")


def test_paused_restores_the_collector_as_it_was() -> None:
    from policykg.collector import paused

    ran = (
        "from policykg.collector import paused\n"
        "with paused():\n    assert not gc.isenabled()\n"
        "assert gc.isenabled()\n"
        "gc.disable()\n"
        "with paused():\n    pass\n"
        "assert not gc.isenabled(), 'a collector the caller turned off stays off'\n"
        "try:\n    with paused():\n        raise KeyError\nexcept KeyError:\n    pass\n"
    )
    assert _collector_after(ran) == _collector_after("")
    with paused():
        assert not gc.isenabled()
    assert gc.isenabled()


_SPY = """
import gc, sys
from click.testing import CliRunner
from policykg import cli, pipeline
gc.set_threshold(100)  # collections every few hundred allocations: any gc work would show
collections = []
gc.callbacks.append(lambda phase, info: phase == "start" and collections.append(1))
assembly = []
real = pipeline.build_from_documents
def spy(*args, **kwargs):
    before = len(collections)
    try:
        return real(*args, **kwargs)
    finally:
        assembly.append(len(collections) - before)
pipeline.build_from_documents = spy
result = CliRunner().invoke(cli.main, ["build", sys.argv[1]], env={"POLICYKG_GRAPH_FILE": sys.argv[2]})
assert result.exit_code == 0, result.output
print(assembly, len(collections), gc.isenabled())
"""


def test_a_build_assembles_its_graph_without_collections(tmp_path: Path) -> None:
    """The build command's assembly runs with the collector paused: a spy around
    pipeline.build_from_documents counts the collections inside it (gc.callbacks)."""
    corpus = ROOT / "data" / "corpus"
    out = subprocess.run(
        [sys.executable, "-c", _SPY, str(corpus), str(tmp_path / "graph.json")],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout.split("\n")[-2]
    assert out.endswith("True"), "the collector is on again after the build"
    assembly, total = out.rsplit(" ", 2)[:2]
    assert assembly == "[0]", f"collections during assembly: {assembly}"
    assert int(total) > 0, "the spy sees collections outside the assembly"
