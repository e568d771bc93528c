"""The 300 laws, regulations and judicial interpretations of data/corpus/laws: every one builds,
with one article unit per printed 第…条 line, none split or merged."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from policykg.graph.model import NodeType
from policykg.loaders.build import build_graph
from policykg.loaders.normalize import normalize
from policykg.loaders.read import read_document
from policykg.loaders.structure import ParsedDocument
from policykg.pipeline import gazetteer_and_extractor

ROOT = Path(__file__).resolve().parents[2]
LAWS = ROOT / "data" / "corpus" / "laws"
FILES = sorted(p for p in LAWS.rglob("*.md") if p.name != "SOURCE.md")
# The oracle: a line that begins with 第, Chinese numerals and 条 (written apart from the parser's
# own pattern on purpose).
NUMERALS = set("一二三四五六七八九十百千零〇两")


def printed_articles(text: str) -> list[str]:
    """The first line of every article, as printed."""
    out = []
    for line in text.splitlines():
        head = line.split(" ", 1)[0].split("\u3000", 1)[0]
        if head.startswith("第") and "条" in head:
            number = head[1 : head.index("条")]
            if number and set(number) <= NUMERALS:
                out.append(line.strip())
    return out


@lru_cache(maxsize=1)
def documents() -> tuple[ParsedDocument, ...]:
    return tuple(
        read_document(p, slug=str(p.relative_to(LAWS).with_suffix("")).replace("/", "_"))
        for p in FILES
    )


def test_the_corpus_holds_300_files() -> None:
    assert len(FILES) == 300


def test_every_file_has_one_article_unit_per_printed_article_line() -> None:
    mismatched = []
    for path, doc in zip(FILES, documents(), strict=True):
        expected = printed_articles(path.read_text(encoding="utf-8"))
        articles = [u for u in doc.units if u.kind == "article"]
        firsts = [doc.text[u.start : u.end].split("\n", 1)[0].strip() for u in articles]
        # same first lines in the same order: no article split in two or merged into another
        if firsts != [normalize(e) for e in expected]:
            mismatched.append(path.name)
    assert mismatched == []


def test_laws_with_articles_make_one_task_per_article() -> None:
    for doc in documents():
        articles = [u for u in doc.units if u.kind == "article"]
        if articles:
            assert doc.layout == "law"
            assert [(t.start, t.end) for t in doc.tasks] == [(u.start, u.end) for u in articles]
            assert len({t.ordinal for t in doc.tasks}) == len(doc.tasks)


def test_no_article_holds_the_start_of_another() -> None:
    head = re.compile(r"^第[一二三四五六七八九十百千零〇两]+条 ", re.M)
    for doc in documents():
        for unit in doc.units:
            if unit.kind == "article":
                assert len(head.findall(doc.text[unit.start : unit.end])) == 1


@pytest.mark.slow
def test_every_file_builds_into_a_graph() -> None:
    gazetteer, extractor = gazetteer_and_extractor(ROOT / "data" / "gazetteers")
    graph = build_graph(list(documents()), gazetteer, extractor)
    tasks = [n for n in graph.nodes if n.type is NodeType.TASK]
    assert len(tasks) == sum(len(d.tasks) for d in documents())
    assert graph.dangling_edges() == []
    assert sum(1 for n in graph.nodes if n.type is NodeType.DOCUMENT) == 300
