"""Lookups normalise what users type the way the loader normalised the documents.

Seen before: touches=黄\\u200b河, \\ufeff黄河 and full-width Ｙｅｌｌｏｗ Ｒｉｖｅｒ were 404s.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from policykg.cli import main as cli

TYPED = ["黄\u200b河", "\ufeff黄河", "Ｙｅｌｌｏｗ　Ｒｉｖｅｒ", "  黄河\u2060 "]


@pytest.mark.parametrize("typed", TYPED)
def test_the_api_finds_what_was_typed(client: httpx.Client, typed: str) -> None:
    plain = client.get("/tasks", params={"touches": "黄河"}).json()
    response = client.get("/tasks", params={"touches": typed})
    assert response.status_code == 200, response.text
    assert [t["id"] for t in response.json()["items"]] == [t["id"] for t in plain["items"]]
    assert plain["total"] > 0
    assert client.get("/graph/neighborhood", params={"entity": typed}).status_code == 200


@pytest.mark.parametrize("typed", TYPED)
def test_the_cli_finds_what_was_typed(graph_file: Path, typed: str) -> None:
    base = ["--graph-file", str(graph_file)]
    plain = CliRunner().invoke(cli, [*base, "tasks", "--touches", "黄河", "--json"])
    typed_run = CliRunner().invoke(cli, [*base, "tasks", "--touches", typed, "--json"])
    assert typed_run.exit_code == 0, typed_run.output
    assert typed_run.stdout == plain.stdout
    shown = CliRunner().invoke(cli, [*base, "show", typed, "--json"])
    assert shown.exit_code == 0, shown.output
