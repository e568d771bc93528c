"""`policykg map`: the command writes the same pages the API serves."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from viz_support import sample_graph, settings_for

from policykg.graph.networkx_store import NetworkXStore
from policykg.map_command import map_command


@pytest.fixture
def graph_file(tmp_path: Path) -> Path:
    path = tmp_path / "graph.json"
    NetworkXStore(path).replace(sample_graph())
    return path


def run(graph_file: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(map_command, list(args), obj=settings_for(graph_file))
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("args", "title"),
    [
        (["--center", "黄河", "--depth", "2"], "黄河 · neighbourhood, depth 2"),
        (["--touches", "黄河"], "Tasks touching 黄河"),
        (["--touches", "河北", "--broader"], "Tasks touching 河北"),
        (["--theme", "1"], "1 · 持续深入推进污染防治攻坚"),
        (["--all"], "policykg: the whole graph"),
    ],
)
def test_each_kind_of_map(graph_file: Path, tmp_path: Path, args: list[str], title: str) -> None:
    out = tmp_path / "out" / "m.html"
    code, output = run(graph_file, *args, "-o", str(out))
    assert code == 0, output
    page = out.read_text(encoding="utf-8")
    assert f"<title>{title}" in page
    assert f"wrote {out}" in output and "nodes" in output


def test_without_output_the_page_goes_to_stdout(
    graph_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    code, output = run(graph_file, "--center", "黄河", "--depth", "2")
    assert code == 0, output
    assert "<title>黄河 · neighbourhood, depth 2" in output
    assert list(here.iterdir()) == []  # neither the page nor a lib/ folder


def test_layout_options(graph_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "m.html"
    code, output = run(graph_file, "--all", "--layout", "precomputed", "-o", str(out))
    assert code == 0, output
    assert '"physics": {"enabled": false' in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args", [[], ["--center", "黄河", "--all"], ["--theme", "1", "--touches", "黄河"]]
)
def test_exactly_one_kind(graph_file: Path, args: list[str]) -> None:
    code, output = run(graph_file, *args)
    assert code == 2
    assert "exactly one of" in output


def test_unknown_entity_is_one_line_and_exit_1(graph_file: Path, tmp_path: Path) -> None:
    code, output = run(graph_file, "--center", "不存在的河", "-o", str(tmp_path / "x.html"))
    assert code == 1
    assert output.startswith("policykg: error: no entity matches")
    assert not (tmp_path / "x.html").exists()


def test_unknown_theme(graph_file: Path, tmp_path: Path) -> None:
    code, output = run(graph_file, "--theme", "9", "-o", str(tmp_path / "x.html"))
    assert code == 1 and "theme 9" in output
