"""Bad input: one clear line on stderr, a non-zero exit, no traceback, and the stored graph kept."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_support import CORPUS, FIXTURES, SCRIPT, GraphFile, Run, environment, invoke, script

DOCUMENT_ERROR = 2  # DocumentError.exit_code
NOT_FOUND = 1
STORE_UNAVAILABLE = 3


@pytest.fixture(scope="module")
def good_graph_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("good") / "graph.json"
    run = invoke(path, "build", str(CORPUS))
    assert run.code == 0, run.stderr
    return path.read_bytes()


@pytest.fixture
def good_graph(tmp_path: Path, good_graph_bytes: bytes) -> Path:
    """A good graph file in a folder of its own, as `policykg build` wrote it."""
    folder = tmp_path / "store"
    folder.mkdir()
    path = folder / "graph.json"
    path.write_bytes(good_graph_bytes)
    return path


def fingerprint(path: Path) -> tuple[str, int, list[str]]:
    """Hash and mtime of the graph file, and what else its folder holds (temp files)."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return digest, path.stat().st_mtime_ns, sorted(p.name for p in path.parent.iterdir())


def make_huge(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A real text article one byte over POLICYKG_MAX_DOCUMENT_BYTES."""
    path = tmp_path / "huge.txt"
    text = CORPUS.read_text(encoding="utf-8")
    path.write_text(text + "。" * 3, encoding="utf-8")
    limit = path.stat().st_size - 1
    return path, {"POLICYKG_MAX_DOCUMENT_BYTES": str(limit)}


def make_missing(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    return tmp_path / "no-such-file.txt", {}


def make_fixture(name: str) -> Callable[[Path], tuple[Path, dict[str, str]]]:
    return lambda tmp_path: (FIXTURES / name, {})


def make_empty_folder(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    folder = tmp_path / "nothing-here"
    folder.mkdir()
    (folder / "readme.md").write_text("no documents", encoding="utf-8")
    return folder, {}


def make_pdf(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    path = tmp_path / "plan.txt"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    return path, {}


def make_only_junk(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    path = tmp_path / "junk.txt"
    path.write_text("广告\n来源:生态环境部\n2026-01-29\n132\n分享到:微信 微博\n", encoding="utf-8")
    return path, {}


BAD_DOCUMENTS = {
    "empty file": (make_fixture("empty.txt"), "empty document"),
    "binary file": (make_fixture("binary.bin"), "not a text document"),
    "PDF file": (make_pdf, "not a text document: a PDF file"),
    "only page junk": (make_only_junk, "every line is web-page junk"),
    "file too large": (make_huge, "file too large"),
    "no such file": (make_missing, "no such file"),
    "folder without documents": (make_empty_folder, "no documents to build from"),
}


@pytest.mark.parametrize("case", list(BAD_DOCUMENTS), ids=list(BAD_DOCUMENTS))
def test_bad_document_leaves_the_stored_graph_untouched(
    case: str, good_graph: Path, tmp_path: Path
) -> None:
    make, reason = BAD_DOCUMENTS[case]
    document, env = make(tmp_path)
    before = fingerprint(good_graph)

    run = invoke(good_graph, "build", str(document), env=env)

    line = run.error_line()
    assert run.code == DOCUMENT_ERROR
    assert reason in line and str(document) in line
    assert fingerprint(good_graph) == before


@pytest.mark.parametrize("name", ["empty.txt", "binary.bin"])
def test_console_script_rejects_bad_documents(name: str, good_graph: Path) -> None:
    before = fingerprint(good_graph)
    run = script(good_graph, "build", str(FIXTURES / name))
    assert run.code == DOCUMENT_ERROR
    assert str(FIXTURES / name) in run.error_line()
    assert fingerprint(good_graph) == before


def test_huge_file_through_the_console_script(good_graph: Path, tmp_path: Path) -> None:
    document, env = make_huge(tmp_path)
    before = fingerprint(good_graph)
    run = script(good_graph, "build", str(document), env=env)
    assert run.code == DOCUMENT_ERROR
    assert f"file too large: more than {int(env['POLICYKG_MAX_DOCUMENT_BYTES']):,} bytes" in (
        run.error_line()
    )
    assert fingerprint(good_graph) == before


def test_one_bad_document_among_good_ones_stores_nothing(good_graph: Path, tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(CORPUS, folder / "a.txt")
    shutil.copy(FIXTURES / "binary.bin", folder / "b.txt")
    before = fingerprint(good_graph)
    run = invoke(good_graph, "build", str(folder))
    assert run.code == DOCUMENT_ERROR and "b.txt" in run.error_line()
    assert fingerprint(good_graph) == before


def test_two_documents_with_one_name_are_refused(good_graph: Path, tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    shutil.copy(CORPUS, tmp_path / "x" / "a.txt")
    shutil.copy(CORPUS, tmp_path / "a.txt")
    before = fingerprint(good_graph)
    run = invoke(good_graph, "build", str(tmp_path / "a.txt"), str(tmp_path / "x" / "a.txt"))
    assert (
        run.code == DOCUMENT_ERROR and "document id doc:a is already taken by" in run.error_line()
    )
    assert fingerprint(good_graph) == before


def test_a_file_that_is_not_a_graph_is_not_overwritten(tmp_path: Path) -> None:
    """POLICYKG_GRAPH_FILE naming someone's own JSON file: build refuses to clobber it."""
    path = tmp_path / "settings.json"
    path.write_text('{"theme": "dark"}', encoding="utf-8")
    before = fingerprint(path)
    run = invoke(path, "build", str(CORPUS))
    assert run.code == STORE_UNAVAILABLE
    assert "is not a policykg graph file; not overwriting it" in run.error_line()
    assert fingerprint(path) == before


def test_a_graph_file_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "plain-file"
    blocker.write_text("x", encoding="utf-8")
    run = invoke(blocker / "graph.json", "build", str(CORPUS))
    assert run.code == STORE_UNAVAILABLE
    assert f"cannot write the graph to {blocker / 'graph.json'}" in run.error_line()


@pytest.mark.parametrize(
    "args",
    [
        ["stats"],
        ["tasks", "--touches", "黄河"],
        ["entities"],
        ["show", "黄河"],
        ["export"],
        ["map", "--all", "-o", "x.html"],
    ],
)
def test_reading_before_any_build_says_to_build(
    tmp_path: Path, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # where a map would go
    path = tmp_path / "graph.json"
    run = invoke(path, *args)
    assert run.code == STORE_UNAVAILABLE
    assert f"no graph file at {path}: run `policykg build` first" in run.error_line()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_unknown_entity_suggests_close_names(built_graph: Path) -> None:
    run = script(built_graph, "tasks", "--touches", "黄何", "--json")
    line = run.error_line()
    assert run.code == NOT_FOUND
    assert "no entity matches '黄何'" in line
    assert "did you mean:" in line and "黄河" in line.split("did you mean:")[1]


@pytest.mark.parametrize(
    ("args", "suggested"),
    [
        (["tasks", "--touches", "Yelow River"], "Yellow River"),
        (["show", "京津翼"], "京津冀"),
        (["map", "--center", "长江经济代", "-o", "x.html"], "长江经济带"),
    ],
)
def test_every_command_reports_unknown_entities_alike(
    built_graph: Path,
    args: list[str],
    suggested: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    run = invoke(built_graph, *args)
    assert run.code == NOT_FOUND
    assert suggested in run.error_line().split("did you mean:")[1]
    assert not (tmp_path / "x.html").exists()


def test_unknown_task_id(built_graph: Path) -> None:
    run = invoke(built_graph, "show", "task:mee-2026-key-tasks:9.9.9")
    assert run.code == NOT_FOUND
    assert "task:mee-2026-key-tasks:9.9.9" in run.error_line()


def test_export_into_a_missing_folder(built_graph: Path, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "graph.graphml"
    run = invoke(built_graph, "export", "-o", str(target))
    assert run.code != 0
    assert str(target) in run.error_line()


def test_bad_setting_is_one_line(built_graph: Path) -> None:
    run = script(built_graph, "stats", env={"POLICYKG_MAX_DOCUMENT_BYTES": "lots"})
    assert run.code == 2
    assert "POLICYKG_MAX_DOCUMENT_BYTES='lots'" in run.error_line()


def test_setting_that_is_not_json_is_one_line(built_graph: Path) -> None:
    run = invoke(built_graph, "stats", env={"POLICYKG_CORS_ORIGINS": "[1,"})
    assert run.code == 2
    assert "invalid setting" in run.error_line() and "cors_origins" in run.error_line()


def test_usage_errors_are_clicks_not_tracebacks(built_graph: Path) -> None:
    run: Run = invoke(built_graph, "tasks", "--limit", "0")
    assert run.code == 2
    assert "Invalid value for '--limit'" in run.stderr


def test_ambiguous_name_lists_the_candidates_and_an_id_resolves_it(
    built_graph: Path, graph: GraphFile
) -> None:
    same_name = sorted(n for n in graph.of_type("Region") if graph.nodes[n]["name"] == "朝阳区")
    assert len(same_name) == 2  # Beijing's and Changchun's districts
    run = invoke(built_graph, "tasks", "--touches", "朝阳区")
    line = run.error_line()
    assert run.code == NOT_FOUND
    assert "ambiguous" in line and all(f"[{n}]" in line for n in same_name)
    assert invoke(built_graph, "tasks", "--touches", same_name[0], "--json").code == 0


def test_a_reader_that_goes_away_ends_the_listing_quietly(good_graph: Path) -> None:
    """`policykg tasks | head -1`: the pipe closes under the writer; no error line, exit 141."""
    # The read end is closed before the process writes, so its first write meets EPIPE
    # whatever the pipe's buffer size.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [str(SCRIPT), "tasks"],
            env=environment(good_graph),
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write_end)
    assert done.stderr == ""
    assert done.returncode == 141


def test_map_depth_is_bounded_by_the_setting_the_api_uses(
    built_graph: Path, tmp_path: Path
) -> None:
    """POLICYKG_MAX_DEPTH bounds `map --depth` as it bounds /maps/ego and /graph/neighborhood."""
    out = tmp_path / "map.html"
    refused = invoke(
        built_graph,
        "map",
        "--center",
        "黄河",
        "--depth",
        "3",
        "-o",
        str(out),
        env={"POLICYKG_MAX_DEPTH": "2"},
    )
    assert refused.code == 2
    assert "POLICYKG_MAX_DEPTH" in refused.error_line()
    assert not out.exists()
    allowed = invoke(
        built_graph,
        "map",
        "--center",
        "黄河",
        "--depth",
        "2",
        "-o",
        str(out),
        env={"POLICYKG_MAX_DEPTH": "2"},
    )
    assert allowed.code == 0, allowed.stderr
    assert out.exists()
