"""What a document states once and applies to later units: conventions, carry-over notes, tables.

- `列第一位者为牵头部门` (data/lexicon/roles.csv, kind convention): from there on, the first agency
  of a bare note list leads and the others support.
- A carry-over note, `以下均需试点城市政府落实，不再列出` or `以下各项工作均需各县、区人民政府落实,
  不再列出`: its agencies are responsible for every later task up to the next top-level heading
  (一、 二、 … at the start of a line), whose notes stop listing them.
- A responsibility table: a header line naming at least three of 序号 / 重点任务 / 牵头单位 /
  配合单位 / 完成时限. Cells are separated by tabs, or (a table flattened from a PDF) stand at the
  positions of their headings, each row's cells wrapped over several lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from policykg.loaders.roles.agency_list import Item, split_list
from policykg.loaders.roles.cues import Cues

__all__ = ["Conventions", "Table", "scan_conventions"]

_CARRY_OVER = re.compile(
    r"以下[^，,。；;（）()]{0,12}?(?:需|须|由)([^，,。；;（）()]+?)(?:负责)?落实"
)
_TOP_HEADING = re.compile(r"^[一二三四五六七八九十]+、", re.MULTILINE)
_MIN_TABLE_COLUMNS = 3


@dataclass(frozen=True)
class _CarryOver:
    """Agencies responsible for every task from `end` (the note's end) to `scope_end`."""

    start: int
    end: int
    scope_end: int
    items: tuple[Item, ...]


@dataclass(frozen=True)
class _Column:
    kind: str  # number, task, lead, support, responsible, deadline
    position: int  # the heading's character column in its line (flattened tables)


@dataclass(frozen=True)
class Table:
    """A responsibility table: its header line ends at `start`; rows run to `end`."""

    start: int
    end: int
    columns: tuple[_Column, ...]
    tabbed: bool


@dataclass(frozen=True)
class Conventions:
    """The state a document sets up for its later units."""

    first_listed_from: int | None = None
    carry_overs: tuple[_CarryOver, ...] = ()
    tables: tuple[Table, ...] = ()

    def first_listed_leads(self, position: int) -> bool:
        """Whether the first-listed agency of a note leads at `position` (the document said so
        before it).

        Args:
            position: an offset into the document text.
        """
        return self.first_listed_from is not None and position >= self.first_listed_from

    def carried(self, start: int) -> list[_CarryOver]:
        """Carry-over notes in force for a unit starting at `start`.

        Args:
            start: where the unit starts.
        """
        return [c for c in self.carry_overs if c.end <= start < c.scope_end]

    def table_at(self, start: int) -> Table | None:
        """The responsibility table whose rows hold `start`, if any.

        Args:
            start: where a unit starts.
        """
        return next((t for t in self.tables if t.start <= start < t.end), None)


def scan_conventions(text: str, cues: Cues, body_start: int = 0) -> Conventions:
    """The conventions, carry-over notes and tables stated in `text` from `body_start` on
    (before it: file header lines, which may quote the document).

    Args:
        text: the document text.
        cues: the cue table.
        body_start: where the document's own text starts.
    """
    first = [text.find(c, body_start) for c in cues.conventions if c in text[body_start:]]
    return Conventions(
        first_listed_from=min(first) if first else None,
        carry_overs=tuple(c for c in _carry_overs(text, cues) if c.start >= body_start),
        tables=tuple(t for t in _tables(text, cues) if t.start >= body_start),
    )


def _carry_overs(text: str, cues: Cues) -> list[_CarryOver]:
    found = []
    for cue in cues.carry_over:
        for at in (m.start() for m in re.finditer(re.escape(cue), text)):
            match = _last(_CARRY_OVER.finditer(text, max(0, at - 60), at))
            if match is None:
                continue
            items = split_list(text, match.start(1), match.end(1), cues)
            end = at + len(cue)
            following = _TOP_HEADING.search(text, end)
            scope_end = following.start() if following else len(text)
            found.append(_CarryOver(match.start(), end, scope_end, tuple(items)))
    return found


def _last(matches: Iterator[re.Match[str]]) -> re.Match[str] | None:
    last = None
    for match in matches:
        last = match
    return last


def _tables(text: str, cues: Cues) -> list[Table]:
    tables = []
    for line in re.finditer(r"^.*$", text, re.MULTILINE):
        columns = _header(line.group(), cues)
        if len(columns) < _MIN_TABLE_COLUMNS:
            continue
        end = _table_end(text, line.end() + 1)
        tables.append(Table(line.end() + 1, end, columns, "\t" in line.group()))
    return tables


def _header(line: str, cues: Cues) -> tuple[_Column, ...]:
    if "\t" in line:
        cells = line.split("\t")
        kinds = [cues.table_columns.get(cell.strip(), "") for cell in cells]
        if sum(1 for k in kinds if k) < _MIN_TABLE_COLUMNS:
            return ()
        return tuple(_Column(kind, index) for index, kind in enumerate(kinds))
    columns = []
    for word, kind in cues.table_columns.items():
        for match in re.finditer(re.escape(word), line):
            columns.append(_Column(kind, match.start()))
    return tuple(sorted(columns, key=lambda c: c.position))


def _table_end(text: str, start: int) -> int:
    """Rows run until a blank line or the end of the text."""
    blank = text.find("\n\n", start)
    return blank + 1 if blank >= 0 else len(text)
