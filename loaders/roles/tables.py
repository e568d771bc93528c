"""Rows of a responsibility table: the agencies of its 牵头单位 / 配合单位 cells and its deadline.

Tabbed rows are one line, cells between tabs. A row flattened from a PDF spans several lines,
each holding pieces of several cells placed by spaces; a piece belongs to the column whose heading
starts nearest to the left of it (pdftotext keeps the columns' positions). Agency names wrapped
inside a name (not at 、) cannot be rejoined from positions alone; they stay two pieces.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from policykg.loaders.roles.agency_list import Item, split_list
from policykg.loaders.roles.conventions import Table
from policykg.loaders.roles.cues import Cues

__all__ = ["cell_agencies", "row_cells"]

_PIECE = re.compile(r"\S+(?: \S+)*")  # a run of text; two or more blanks separate cells
_AGENCY_COLUMNS = frozenset({"lead", "support", "responsible"})


@dataclass(frozen=True)
class _Cell:
    kind: str
    start: int
    end: int


def row_cells(text: str, start: int, end: int, table: Table) -> Iterator[_Cell]:
    """The cell pieces of the row `text[start:end]`.

    Args:
        text: the document text.
        start: where the row starts.
        end: where the row ends (exclusive).
        table: the table the row is in.
    """
    for line in re.finditer(r"[^\n]+", text[start:end]):
        base = start + line.start()
        if table.tabbed:
            yield from _tabbed(line.group(), base, table)
        else:
            yield from _placed(line.group(), base, table)


def _tabbed(line: str, base: int, table: Table) -> Iterator[_Cell]:
    position = base
    for index, cell in enumerate(line.split("\t")):
        if index < len(table.columns) and cell.strip():
            yield _Cell(table.columns[index].kind, position, position + len(cell))
        position += len(cell) + 1


def _placed(line: str, base: int, table: Table) -> Iterator[_Cell]:
    for piece in _PIECE.finditer(line):
        left = [c for c in table.columns if c.position <= piece.start() + 1]
        column = left[-1] if left else table.columns[0]
        yield _Cell(column.kind, base + piece.start(), base + piece.end())


def cell_agencies(text: str, cell: _Cell, cues: Cues) -> list[Item]:
    """The agencies of an agency cell piece.

    Args:
        text: the document text.
        cell: the agency cell piece.
        cues: the cue table.
    """
    if cell.kind not in _AGENCY_COLUMNS:
        return []
    return split_list(text, cell.start, cell.end, cues)
