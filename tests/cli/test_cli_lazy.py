"""The lazy command table: `policykg --help` imports no command module and still shows what the
commands themselves would show."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

import click
import pytest

from policykg.cli import COMMANDS, main

# the commands `policykg --help` listed before the table existed
EXPECTED = [
    "add",
    "agencies",
    "build",
    "compare",
    "cooccurrence",
    "documents",
    "entities",
    "export",
    "extract",
    "map",
    "rankings",
    "remove",
    "serve",
    "show",
    "stats",
    "tasks",
    "timeline",
]

# In a fresh process: --help with nothing loaded, then the same --help once every command is
# loaded (click then asks the commands themselves for their short help).
_PROBE = """
import contextlib, io, json, sys
from policykg.cli import COMMANDS, main

def help_text():
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
        main(["--help"], prog_name="policykg")
    return out.getvalue()

lazy = help_text()
imported = sorted(m for m in sys.modules if m.startswith("policykg"))
ctx = main.make_context("policykg", [], resilient_parsing=True)
for name in COMMANDS:
    main.get_command(ctx, name)
print(json.dumps({"lazy": lazy, "loaded": help_text(), "imported": imported}))
"""


def _probe(columns: int) -> dict[str, object]:
    env = {**os.environ, "COLUMNS": str(columns)}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE],
        env=env,
        cwd=tempfile.gettempdir(),  # not the checkout, whose folders would shadow the package
        capture_output=True,
        text=True,
        check=True,
    )
    found: dict[str, object] = json.loads(done.stdout)
    return found


def test_every_summary_is_the_first_sentence_of_its_commands_docstring() -> None:
    ctx = main.make_context("policykg", [], resilient_parsing=True)
    assert sorted(COMMANDS) == EXPECTED
    for name, row in COMMANDS.items():
        command = main.get_command(ctx, name)
        assert command is not None
        assert command.name == name
        assert command.callback is not None and command.help is not None
        assert command.help == click.Command(name, help=command.callback.__doc__).help
        assert row.summary == command.get_short_help_str(sys.maxsize), name


@pytest.mark.parametrize("columns", [40, 80, 200])
def test_help_imports_no_command_and_reads_as_the_commands_would(columns: int) -> None:
    found = _probe(columns)
    lazy, loaded = str(found["lazy"]), str(found["loaded"])
    assert lazy == loaded
    listed = lazy.split("Commands:\n", 1)[1].splitlines()
    assert [line.split()[0] for line in listed if line.startswith("  ") and line[2] != " "] == (
        EXPECTED
    )
    modules = {row.target.partition(":")[0] for row in COMMANDS.values()}
    imported = set(found["imported"])  # type: ignore[call-overload]
    assert not modules & imported
    assert "policykg.graph.results" not in imported


def test_a_mistyped_command_gets_the_suggestions_of_the_whole_table() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "policykg.cli", "taks"],
        cwd=tempfile.gettempdir(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.endswith(
        "Error: No such command 'taks'. (Did you mean one of: 'stats', 'tasks'?)\n"
    )
