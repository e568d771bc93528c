"""What the corpus queries return: documents listed or ranked, one document in detail, and an
entity's timeline. Frozen dataclasses, as graph/results/ (the API uses them as they are)."""

from __future__ import annotations

from dataclasses import dataclass

from policykg.graph.model import PropValue
from policykg.graph.results import DocumentRef, NodeRef, ThemeCount

__all__ = ["DocumentDetail", "DocumentHit", "LevelCount", "NamedEntity", "Timeline", "YearCount"]


@dataclass(frozen=True)
class DocumentHit:
    """A document in a list.

    Attributes:
        document: id, title, kind, level and date.
        year: the year of its date (None: it states no date).
        issuers: its issuing bodies, co-signers after them.
        doc_number: its 文号, if it has one.
        task_count: all its tasks.
        matched: its tasks the query keeps (touching X …); None in a plain listing.
        direct: of those, the tasks that name a queried entity itself; None in a plain listing.
    """

    document: DocumentRef
    year: int | None
    issuers: tuple[str, ...]
    doc_number: str | None
    task_count: int
    matched: int | None = None
    direct: int | None = None


@dataclass(frozen=True)
class NamedEntity:
    """An entity and the number of a document's tasks that name it."""

    entity: NodeRef
    tasks: int


@dataclass(frozen=True)
class DocumentDetail:
    """One document: its metadata, its outline with task counts, the entities named most."""

    document: DocumentRef
    metadata: dict[str, PropValue]
    task_count: int
    outline: tuple[ThemeCount, ...]
    entities: tuple[NamedEntity, ...]


@dataclass(frozen=True)
class YearCount:
    """The tasks and documents of one year (None: documents without a date), with the
    tasks of each level that year."""

    year: int | None
    tasks: int
    documents: tuple[str, ...]
    levels: dict[str, int]


@dataclass(frozen=True)
class LevelCount:
    """The tasks and documents of one level (None: documents without a level)."""

    level: str | None
    tasks: int
    documents: tuple[str, ...]


@dataclass(frozen=True)
class Timeline:
    """The tasks touching an entity (as `tasks --touches`) spread over years and levels."""

    entity: NodeRef
    tasks: int
    documents: int
    years: tuple[YearCount, ...]
    levels: tuple[LevelCount, ...]
