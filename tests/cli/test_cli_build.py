"""`policykg build` and `policykg stats`: counts that agree with the article and the saved graph."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from cli_support import CORPUS, FIXTURES, SLUG, GraphFile, invoke, outline, script, task_sentences


def test_stats_counts_what_the_article_has(built_graph: Path, graph: GraphFile) -> None:
    article = outline()
    themes, areas, tasks = len(article), sum(map(len, article)), len(task_sentences())
    # DESIGN.md says 25 paragraphs; the article as stored has 21 (2+6+3+2+2+2+4).
    assert (themes, areas, tasks) == (7, 21, 134)

    run = script(built_graph, "stats", "--json")
    assert run.code == 0, run.stderr
    stats = run.json()
    assert stats["nodes"]["Document"] == 1
    assert stats["nodes"]["Theme"] == themes
    assert stats["nodes"]["FocusArea"] == areas
    assert stats["nodes"]["Task"] == tasks
    assert stats["edges"]["HAS_THEME"] == themes
    assert stats["edges"]["HAS_AREA"] == areas
    assert stats["edges"]["HAS_TASK"] == tasks
    assert stats["documents"] == [f"doc:{SLUG}"]
    # and with the graph file itself, type by type
    assert stats["nodes"] == dict(Counter(a["type"] for a in graph.nodes.values()))
    assert stats["edges"] == dict(Counter(e["type"] for e in graph.edges))
    assert stats["node_total"] == len(graph.nodes)
    assert stats["edge_total"] == len(graph.edges)


def test_stats_text_shows_the_same_counts(built_graph: Path, graph: GraphFile) -> None:
    run = invoke(built_graph, "stats")
    assert run.code == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == f"{len(graph.nodes)} nodes, {len(graph.edges)} edges"
    shown = dict(line.split() for line in lines if line.startswith("  "))
    assert shown["Task"] == "134" and shown["Theme"] == "7" and shown["FocusArea"] == "21"


def test_build_reports_what_it_stored(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "graph.json"
    run = invoke(path, "build", str(CORPUS))
    assert run.code == 0, run.stderr
    stored = GraphFile(path)
    assert f"{len(stored.nodes)} nodes, {len(stored.edges)} edges" in run.stdout
    assert str(path) in run.stdout
    assert "Task 134" in run.stdout and "Theme 7" in run.stdout


def test_task_texts_are_the_article_sentences_in_order(graph: GraphFile) -> None:
    assert [graph.nodes[t]["text"] for t in graph.tasks] == task_sentences()


def test_builds_in_separate_processes_write_identical_files(tmp_path: Path) -> None:
    """Same input -> same bytes, whatever order Python's hash seed gives sets and dicts."""
    files = []
    for seed in ("1", "2"):
        path = tmp_path / f"graph-{seed}.json"
        run = script(path, "build", str(CORPUS), env={"PYTHONHASHSEED": seed})
        assert run.code == 0, run.stderr
        files.append(path.read_bytes())
    assert files[0] == files[1]


def test_building_again_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    assert invoke(path, "build", str(CORPUS)).code == 0
    first = path.read_bytes()
    assert invoke(path, "build", str(CORPUS)).code == 0
    assert path.read_bytes() == first
    # no temporary files left; the index beside the graph (graph/graph_index.py)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.json", "graph.json.index"]


@pytest.fixture(scope="module")
def excerpt_tasks() -> list[tuple[str, str]]:
    """The tasks of the UTF-8 excerpt, by the article's own text (themes, paragraphs, 。)."""
    article = outline(FIXTURES / "mee-2026-excerpt.txt")
    return [
        (f"{t}.{a}.{k}", sentence)
        for t, theme in enumerate(article, 1)
        for a, para in enumerate(theme, 1)
        for k, sentence in enumerate(para[1:], 1)
    ]


@pytest.mark.parametrize(
    "name", ["mee-2026-excerpt.txt", "mee-2026-excerpt.gbk.txt", "mee-2026-excerpt.html"]
)
def test_gbk_text_and_html_page_build_like_the_utf8_text(
    tmp_path: Path, name: str, excerpt_tasks: list[tuple[str, str]]
) -> None:
    """The three excerpt files hold one article: the same tasks come out of each."""
    expected = excerpt_tasks
    assert len(expected) > 20

    path = tmp_path / "other.json"
    run = script(path, "build", str(FIXTURES / name))
    assert run.code == 0, run.stderr
    listed = invoke(path, "tasks", "--all", "--json").json()["items"]
    assert [(item["ordinal"], item["text"]) for item in listed] == expected
    # the decoded text is Chinese, not mojibake: a sentence of the article is there as it is
    assert "深入打好蓝天保卫战" in {item["area"]["name"] for item in listed}


def test_build_of_a_folder_takes_its_documents(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_bytes(CORPUS.read_bytes())
    (folder / "README.md").write_text("# not a document", encoding="utf-8")
    (folder / "notes.json").write_text("{}", encoding="utf-8")
    path = tmp_path / "graph.json"
    run = invoke(path, "build", str(folder))
    assert run.code == 0, run.stderr
    stats = invoke(path, "stats", "--json").json()
    assert stats["documents"] == ["doc:a"] and stats["nodes"]["Task"] == 134


def test_build_at_exactly_the_size_limit_works(tmp_path: Path) -> None:
    size = CORPUS.stat().st_size
    path = tmp_path / "graph.json"
    run = invoke(path, "build", str(CORPUS), env={"POLICYKG_MAX_DOCUMENT_BYTES": str(size)})
    assert run.code == 0, run.stderr


def test_stored_document_keeps_its_metadata(graph: GraphFile) -> None:
    doc = graph.nodes[f"doc:{SLUG}"]
    assert doc["name"] == "划重点!生态环境部部署2026年七项工作任务"
    assert doc["date"] == "2026-01-29" and doc["publisher"] == "生态环境部"
    assert json.dumps(doc, ensure_ascii=False).count("请填") == 0  # the feedback form went
