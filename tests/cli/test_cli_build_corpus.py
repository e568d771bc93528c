"""`policykg build FOLDER…`: folders read recursively, ids from the documents, a corpus summary.

The documents are real (the dev set and two laws of data/corpus), copied into folders laid
out as a researcher's might be: sub-folders and file names with spaces and parentheses,
README and SOURCE files, a hidden folder, a PDF.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from cli_support import CORPUS, ROOT, GraphFile, invoke

DEV = ROOT / "data" / "corpus" / "dev"
LAWS = ROOT / "data" / "corpus" / "laws"
LAW = LAWS / "行政法规" / "长江河道采砂管理条例(2023-07-20).md"
OLD_LAW = LAWS / "行政法规" / "长江河道采砂管理条例(2001-10-25).md"
DEV_DOCS = sorted(DEV.glob("0[1-3]-*.txt"))
DOCUMENT_ERROR = 2


def corpus_folder(root: Path) -> Path:
    """Four documents in nested folders, and files that are not documents."""
    folder = root / "my corpus"
    (folder / "laws (national)" / "行政法规").mkdir(parents=True)
    (folder / "plans").mkdir()
    (folder / ".cache").mkdir()
    shutil.copy(LAW, folder / "laws (national)" / "行政法规" / LAW.name)
    shutil.copy(OLD_LAW, folder / "laws (national)" / OLD_LAW.name)
    for doc in DEV_DOCS[:2]:
        shutil.copy(doc, folder / "plans" / doc.name)
    shutil.copy(CORPUS, folder / ".cache" / "hidden.txt")
    (folder / "README.md").write_text("# my corpus\n\nnotes\n", encoding="utf-8")
    (folder / "laws (national)" / "SOURCE.md").write_text("LawRefBook\n", encoding="utf-8")
    (folder / "plans" / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    return folder


def test_a_folder_is_read_recursively_and_what_is_skipped_is_said(tmp_path: Path) -> None:
    folder = corpus_folder(tmp_path)
    graph_file = tmp_path / "graph.json"
    run = invoke(graph_file, "build", str(folder))
    assert run.code == 0, run.stderr
    assert "built 4 document(s)" in run.stdout
    skipped = [line for line in run.stderr.splitlines() if "skipped" in line]
    assert len(skipped) == 1 and skipped[0].startswith("policykg: skipped 3 file(s)")
    for name in ("README.md", "SOURCE.md", "scan.pdf"):
        assert name in skipped[0]
    assert "hidden" not in run.stderr
    documents = GraphFile(graph_file).of_type("Document")
    want = [LAW, OLD_LAW, *DEV_DOCS[:2]]
    assert documents == sorted(f"doc:{p.stem}" for p in want)


def test_ids_and_graph_do_not_depend_on_folders_or_order(tmp_path: Path) -> None:
    """The same files in another layout, named in another order: the same graph, byte for byte."""
    nested = tmp_path / "a" / "graph.json"
    assert invoke(nested, "build", str(corpus_folder(tmp_path / "a"))).code == 0
    flat = tmp_path / "b"
    flat.mkdir()
    files = [LAW, OLD_LAW, *DEV_DOCS[:2]]
    for doc in files:
        shutil.copy(doc, flat / doc.name)
    reordered = tmp_path / "b" / "graph.json"
    run = invoke(reordered, "build", *(str(flat / p.name) for p in reversed(files)))
    assert run.code == 0, run.stderr
    assert nested.read_bytes() == reordered.read_bytes()


def test_two_files_that_would_share_an_id_are_refused_naming_both(tmp_path: Path) -> None:
    folder = corpus_folder(tmp_path)
    twin = folder / "plans" / LAW.name  # the same file name in another sub-folder
    shutil.copy(OLD_LAW, twin)
    graph_file = tmp_path / "graph.json"
    assert invoke(graph_file, "build", str(CORPUS)).code == 0
    before = graph_file.read_bytes()
    run = invoke(graph_file, "build", str(folder))
    assert run.code == DOCUMENT_ERROR
    line = run.error_line()
    assert f"doc:{LAW.stem} is already taken by" in line
    assert str(twin) in line and str(folder / "laws (national)" / "行政法规" / LAW.name) in line
    assert graph_file.read_bytes() == before


@pytest.mark.parametrize("count", [1, 4])
def test_the_summary_counts_documents_by_kind_level_and_year(tmp_path: Path, count: int) -> None:
    """Counted again here from the saved Document nodes; one document gets no summary."""
    folder = corpus_folder(tmp_path)
    graph_file = tmp_path / "graph.json"
    paths = [str(CORPUS)] if count == 1 else [str(folder)]
    run = invoke(graph_file, "build", *paths)
    assert run.code == 0, run.stderr
    if count == 1:
        assert "by kind" not in run.stdout
        return
    graph = GraphFile(graph_file)
    docs = [graph.nodes[d] for d in graph.of_type("Document")]
    kinds = Counter(d.get("kind") or "unknown" for d in docs)
    levels = Counter(d.get("level") or "unknown" for d in docs)
    years = Counter(_year(d) for d in docs)
    lines = run.stdout.splitlines()
    assert f"{len(docs)} documents" in lines
    assert (
        "  by kind:  " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items(), key=_order))
        in lines
    )
    assert (
        "  by level: " + ", ".join(f"{k} {n}" for k, n in sorted(levels.items(), key=_order))
        in lines
    )
    assert "  by year:  " + ", ".join(f"{y} {n}" for y, n in sorted(years.items())) in lines
    assert sum(years.values()) == 4 and len(years) >= 2


def _order(item: tuple[str, int]) -> tuple[int, str]:
    return (-item[1], item[0])


def _year(doc: dict[str, Any]) -> str:
    """The page's year, else the year of the latest date the document was made by (a revised
    law's latest version), else of its entry into force."""
    made = ("date_version", "date_adopted", "date_signed", "date_promulgated")
    dates = sorted(str(doc[k]) for k in made if doc.get(k))
    date = doc.get("date") or (dates[-1] if dates else doc.get("date_in_force"))
    return str(date)[:4] if date else "unknown"


def test_ids_follow_the_name_rule_on_build_and_add(tmp_path: Path) -> None:
    """One rule (loaders.document_names) for every command: NFKC, odd characters as `_`."""
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(DEV_DOCS[0], folder / "青藏高原  保护法（2023）.txt")
    graph_file = tmp_path / "graph.json"
    assert invoke(graph_file, "build", str(folder)).code == 0
    hostile = tmp_path / "<img src=x onerror=alert(1)>.txt"
    shutil.copy(DEV_DOCS[1], hostile)
    added = invoke(graph_file, "add", str(hostile))
    assert added.code == 0, added.stderr
    ids = {i for i, n in GraphFile(graph_file).nodes.items() if n["type"] == "Document"}
    assert ids == {"doc:青藏高原_保护法(2023)", "doc:img_src_x_onerror_alert(1)"}
    clash = tmp_path / "clash"
    clash.mkdir()
    shutil.copy(DEV_DOCS[0], clash / "a b.txt")
    shutil.copy(DEV_DOCS[1], clash / "a_b.txt")
    refused = invoke(graph_file, "build", str(clash))
    assert refused.code == DOCUMENT_ERROR and "doc:a_b is already taken" in refused.error_line()
    nameless = tmp_path / "<>.txt"
    shutil.copy(DEV_DOCS[1], nameless)
    refused = invoke(graph_file, "add", str(nameless))
    assert refused.code == DOCUMENT_ERROR and "gives no document id" in refused.error_line()


def test_bytes_of_no_encoding_we_can_tell_are_refused_and_the_graph_stays(tmp_path: Path) -> None:
    graph_file = tmp_path / "graph.json"
    assert invoke(graph_file, "build", str(DEV_DOCS[0])).code == 0
    before = graph_file.read_bytes()
    noise = tmp_path / "noise.txt"
    pairs = [(i * 37 % 125 + 0x81, i * 53 % 190 + 0x40) for i in range(4000)]
    noise.write_bytes(bytes(b for pair in pairs for b in pair))  # decodes in GB18030
    refused = invoke(graph_file, "add", str(noise))
    assert refused.code == DOCUMENT_ERROR
    assert "does not read as Chinese text" in refused.error_line()
    assert graph_file.read_bytes() == before
