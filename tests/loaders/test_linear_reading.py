"""Reading a document costs about its length: no step passes over all units or all mentions of
the document once per unit or per mention.

Counted, not timed: the document's units and the mentions handed to the role reader are wrapped
in sequences that count every element read, and a document four times as long may read at most
about four times as many (with room for the logarithm of an index). A pass per unit or per
mention over the whole document read sixteen times as many.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar, cast, overload

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policykg.loaders.build import document_graph
from policykg.loaders.extract import Extractor
from policykg.loaders.gazetteer import Gazetteer
from policykg.loaders.roles import UnitSpan, document_roles
from policykg.loaders.roles.model import AgencySpan
from policykg.loaders.structure import ParsedDocument, parse_document
from policykg.loaders.units import Unit, UnitIndex
from policykg.pipeline import gazetteer_and_extractor

T = TypeVar("T")

#: Growth allowed when the document grows 4x: linear with a logarithmic index, not quadratic.
MOST_GROWTH = 6.0


class _Counted(Sequence[T]):
    """A sequence that counts the elements read from it, by index or by iteration."""

    def __init__(self, items: Sequence[T]) -> None:
        self._items = tuple(items)
        self.reads = 0

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...
    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        if isinstance(index, slice):
            part = self._items[index]
            self.reads += len(part)
            return part
        self.reads += 1
        return self._items[index]

    def __len__(self) -> int:
        return len(self._items)


def _article(tasks: int) -> str:
    """A key-task list of `tasks` task sentences, eight to a focus area, themes every 40."""
    lines = ["生态环境部部署重点工作任务", ""]
    for area in range(tasks // 8):
        if area % 5 == 0:
            lines += [f"{'一二三四五六七八九十'[area // 5 % 10]}、推进黄河流域生态保护", ""]
        sentences = "".join(f"推进黄河流域{i}号断面总磷治理，生态环境部牵头。" for i in range(8))
        lines += [f"深入打好碧水保卫战{area}。{sentences}", ""]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def tools(gazetteer_dir: Path) -> tuple[Gazetteer, Extractor]:
    return gazetteer_and_extractor(gazetteer_dir)


def _unit_reads(tasks: int, tools: tuple[Gazetteer, Extractor]) -> tuple[int, int]:
    doc = parse_document(_article(tasks), slug=f"linear-{tasks}")
    units = _Counted(doc.units)
    counted = dataclasses.replace(doc, units=cast(tuple[Unit, ...], units))
    document_graph(counted, *tools)
    return len(doc.tasks), units.reads


def test_building_a_document_reads_its_units_about_once_each(
    tools: tuple[Gazetteer, Extractor],
) -> None:
    small_tasks, small = _unit_reads(400, tools)
    large_tasks, large = _unit_reads(1600, tools)
    assert (small_tasks, large_tasks) == (400, 1600)
    assert large / small < MOST_GROWTH, (small, large)


def _mention_reads(tasks: int) -> int:
    text = "".join(f"生态环境部会同水利部负责第{i}项。" for i in range(tasks))
    units, mentions, at = [], [], 0
    for _ in range(tasks):
        end = text.index("。", at) + 1
        units.append(UnitSpan(at, end))
        mentions += [AgencySpan(at, at + 5, "生态环境部", "生态环境部")]
        mentions += [AgencySpan(at + 7, at + 10, "水利部", "水利部")]
        at = end
    counted = _Counted(mentions)
    found = document_roles(text, units, counted)
    assert [len(u.roles) for u in found] == [2] * tasks  # every unit still reads its two agencies
    return counted.reads


def test_the_role_reader_reads_each_mention_about_once() -> None:
    small, large = _mention_reads(500), _mention_reads(2000)
    assert large / small < MOST_GROWTH, (small, large)


def _innermost(units: Sequence[Unit], start: int, end: int) -> int | None:
    """The definition: the smallest unit around start:end, the later one of equal sizes."""
    best: int | None = None
    for i, unit in enumerate(units):
        inside = unit.start <= start and end <= unit.end
        size = unit.end - unit.start
        if inside and (best is None or size <= units[best].end - units[best].start):
            best = i
    return best


_spans = st.tuples(st.integers(0, 60), st.integers(0, 20)).map(lambda p: (p[0], p[0] + p[1]))


@given(st.lists(_spans, max_size=40), st.lists(_spans, min_size=1, max_size=20))
def test_the_unit_index_answers_as_the_definition(
    units: list[tuple[int, int]], queries: list[tuple[int, int]]
) -> None:
    made = [Unit("sentence", "", s, e, None) for s, e in units]  # any spans, nested or not
    index = UnitIndex(made)
    for start, end in queries:
        assert index.innermost(start, end) == _innermost(made, start, end)


def test_the_unit_index_answers_as_the_definition_on_a_real_outline(
    corpus_path: Path,
) -> None:
    from policykg.loaders.read import read_document

    doc: ParsedDocument = read_document(corpus_path)
    index = UnitIndex(doc.units)
    spans = [(t.start, t.end) for t in doc.tasks] + [(u.start, u.end) for u in doc.units]
    spans += [(s, s + 2) for s in range(0, len(doc.text), 7)]
    assert all(index.innermost(s, e) == _innermost(doc.units, s, e) for s, e in spans)
