"""Documents' outlines with task counts: the theme tree."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["AreaCount", "DocumentTree", "ThemeCount", "ThemeTree"]


@dataclass(frozen=True)
class AreaCount:
    """A unit of a document's outline and the number of tasks under it."""

    id: str
    ordinal: str
    title: str
    task_count: int


@dataclass(frozen=True)
class ThemeCount(AreaCount):
    """A theme counted as its focus areas are, with them inside it."""

    areas: tuple[AreaCount, ...]


@dataclass(frozen=True)
class DocumentTree:
    """A document's themes and focus areas in document order, with task counts."""

    id: str
    title: str
    task_count: int
    themes: tuple[ThemeCount, ...]


@dataclass(frozen=True)
class ThemeTree:
    """Every document's theme tree, documents in id order."""

    documents: tuple[DocumentTree, ...]
