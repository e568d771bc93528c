"""What task queries ask and answer: the query, its document facets, task hits and details.

Ordering (both stores follow it; tests/golden_answers checks it on both): tasks come in
document order, (document id, seq).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated

from policykg.errors import InvalidQuery
from policykg.graph.model import Role
from policykg.graph.results.common import (
    LEVELS,
    Described,
    Expand,
    MatchMode,
    NodeRef,
    Ref,
    Span,
)

__all__ = [
    "FACET_HELP",
    "MATCH_RANK",
    "DocumentFacets",
    "DocumentRef",
    "Match",
    "MatchKind",
    "Mention",
    "TaskDetail",
    "TaskHit",
    "TaskQuery",
    "year_range",
]


class MatchKind(StrEnum):
    DIRECT = "direct"  # the task names the entity itself
    NARROWER = "narrower"  # the task names something PART_OF / IS_A below it
    BROADER = "broader"  # the task names something it belongs to


MATCH_RANK: dict[MatchKind, int] = {
    MatchKind.DIRECT: 0,
    MatchKind.NARROWER: 1,
    MatchKind.BROADER: 2,
}


@dataclass(frozen=True)
class Mention(NodeRef):
    """One entity named by a task, with its provenance."""

    rel: str
    surface: str
    span: Span


@dataclass(frozen=True)
class Match:
    """How a task answers one `touches` term (`query`): kind and the hierarchy path walked.

    `via` runs from the queried entity to the entity the task names: [黄河流域, 黄河中下游].
    """

    query: str
    match: MatchKind
    via: tuple[str, ...]


@dataclass(frozen=True)
class DocumentRef:
    """What a task item says about its document; `date` is graph.assemble.document_date's."""

    id: str
    title: str
    kind: str | None
    level: str | None
    date: str | None

    @property
    def year(self) -> int | None:
        return None if self.date is None else int(self.date[:4])


#: The document facets every task and document query takes, by the name the CLI (--name) and
#: the API (?name=) give them, with what they mean; DocumentFacets.of reads them.
FACET_HELP: dict[str, str] = {
    "document": "Only tasks of this document (id). Repeatable.",
    "kind": "Document kind: law, regulation, judicial interpretation, plan, notice, decision, "
    "key-task list … Repeatable.",
    "level": "Document level: national, provincial, prefecture, county. Repeatable.",
    "issuer": "Part of the name of a document's issuer or co-signer (国务院 also gives "
    "国务院办公厅).",
    "year": "The year of the document's date: 2020, or a range 2020..2026, 2020.., ..2026.",
}


@dataclass(frozen=True)
class DocumentFacets:
    """Which documents a query looks at; every facet left empty keeps every document.

    Attributes:
        documents: document ids (any of them).
        kinds: document kinds such as law, regulation, notice (any of them).
        levels: national, provincial, prefecture, county (any of them).
        issuer: part of the name of an issuer or co-signer (国务院 also keeps 国务院办公厅).
        years: the first and last year of the document's date (either may be None: open);
            a document without a date is left out when a year is asked for.
    """

    documents: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    issuer: str | None = None
    years: tuple[int | None, int | None] = (None, None)

    @property
    def empty(self) -> bool:
        return self == DocumentFacets()

    @classmethod
    def of(
        cls,
        documents: Iterable[str] = (),
        kinds: Iterable[str] = (),
        levels: Iterable[str] = (),
        issuer: str | None = None,
        year: str | None = None,
    ) -> DocumentFacets:
        """The one way the CLI and the API turn their document options into facets.

        Args:
            documents: document ids.
            kinds: document kinds.
            levels: document levels (national, provincial, prefecture, county).
            issuer: part of an issuer's name ("" means no filter).
            year: "2020", "2020..2026", "2020.." or "..2026" ("" means no filter).

        >>> DocumentFacets.of(year="2018..2020").years
        (2018, 2020)
        >>> DocumentFacets.of(levels=["provincial"], year="..2019").years
        (None, 2019)
        """
        bad = sorted(set(levels) - set(LEVELS))
        if bad:
            raise InvalidQuery(f"unknown level {bad[0]!r}: one of {', '.join(LEVELS)}")
        return cls(
            documents=tuple(dict.fromkeys(documents)),
            kinds=tuple(dict.fromkeys(kinds)),
            levels=tuple(dict.fromkeys(levels)),
            issuer=issuer or None,
            years=year_range(year) if year else (None, None),
        )


def year_range(text: str) -> tuple[int | None, int | None]:
    """ "2020" -> (2020, 2020); "2020..2026", "2020.." and "..2026" as ranges.

    Args:
        text: a year or a range of years as typed; anything else raises InvalidQuery.

    >>> year_range("2020..2026"), year_range("..2026")
    ((2020, 2026), (None, 2026))
    """
    first, sep, last = text.strip().partition("..")
    if not sep:
        last = first
    try:
        span = (int(first) if first.strip() else None, int(last) if last.strip() else None)
    except ValueError:
        raise InvalidQuery(f"year {text!r}: a year (2020) or a range (2020..2026)") from None
    if span == (None, None) or any(y is not None and not 1000 <= y <= 9999 for y in span):
        raise InvalidQuery(f"year {text!r}: a year (2020) or a range (2020..2026)")
    if span[0] is not None and span[1] is not None and span[0] > span[1]:
        raise InvalidQuery(f"year {text!r}: the first year is after the last")
    return span


@dataclass(frozen=True)
class TaskHit:
    """One task: its sentence and place, the entities it names and how it matched the query."""

    id: Annotated[str, Described(examples=("task:mee-2026-key-tasks:2.5.1",))]
    ordinal: str
    text: str
    document: DocumentRef
    theme: Ref
    area: Ref
    action_type: str
    verbs: tuple[str, ...]
    span: Span
    entities: tuple[Mention, ...]
    matches: tuple[Match, ...] = ()
    match: Annotated[
        MatchKind | None,
        Described(
            description="The strongest way the task matched the `touches` terms "
            "(null if unfiltered)."
        ),
    ] = field(init=False, default=None)
    via: Annotated[
        tuple[str, ...],
        Described(description="Hierarchy path from the queried entity to the named one."),
    ] = field(init=False, default=())

    def __post_init__(self) -> None:
        # derived once here, so that every serialiser sees them as plain fields
        best = min(self.matches, key=_strength, default=None)
        object.__setattr__(self, "match", best.match if best else None)
        object.__setattr__(self, "via", best.via if best else ())


def _strength(m: Match) -> tuple[int, int]:
    return (MATCH_RANK[m.match], len(m.via))


@dataclass(frozen=True)
class TaskQuery:
    """What GET /tasks and `policykg tasks` ask: the entities touched, filters and one page."""

    touches: tuple[str, ...] = ()
    match: MatchMode = "any"
    expand: Expand = "narrower"
    theme: int | None = None
    area: str | None = None  # an ordinal such as "2.1" or a FocusArea id
    action_type: str | None = None
    text: str | None = None  # substring of the task sentence
    limit: int | None = None
    offset: int = 0
    facets: DocumentFacets = DocumentFacets()
    roles: tuple[Role, ...] = ()  # only tasks in which an agency has one of these roles
    agency: str | None = None  # only tasks in which this agency has a role (one of `roles`)

    @classmethod
    def of(
        cls,
        touches: Iterable[str] = (),
        *,
        match: MatchMode = "any",
        expand: Expand | None = None,
        broader: bool = False,
        theme: int | None = None,
        area: str | None = None,
        action_type: str | None = None,
        text: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        facets: DocumentFacets = DocumentFacets(),
        roles: Iterable[Role] = (),
        agency: str | None = None,
    ) -> TaskQuery:
        """The one way the CLI, the API and /ask turn their parameters into a query.

        Args:
            touches: entity ids, names, English names or aliases.
            match: "any" keeps tasks matching one term, "all" those matching every term.
            expand: hierarchy expansion; None: "both" with `broader`, else "narrower".
            broader: also tasks on what the entities belong to (河北 -> 京津冀).
            theme: a theme number (1 = 一).
            area: a focus area ordinal ("2.1") or id.
            action_type: rule-making, implementation …
            text: a substring of the task sentence ("" means no filter).
            limit: page size (None: every task from `offset` on).
            offset: tasks to skip.
            facets: only tasks of these documents (DocumentFacets.of).
            roles: only tasks in which an agency (`agency`, else any) has one of these roles
                (graph.queries.role_facet).
            agency: only tasks in which this agency (id, name or alias) has a role.

        >>> TaskQuery.of(["河北"], broader=True).expand
        'both'
        """
        return cls(
            touches=tuple(touches),
            match=match,
            expand=expand or ("both" if broader else "narrower"),
            theme=theme,
            area=area,
            action_type=action_type,
            text=text or None,
            limit=limit,
            offset=offset,
            facets=facets,
            roles=tuple(dict.fromkeys(roles)),
            agency=agency or None,
        )


@dataclass(frozen=True)
class TaskDetail:
    """One task in context: the task, its breadcrumb, and the deadlines and targets it states."""

    task: TaskHit
    breadcrumb: Annotated[
        tuple[NodeRef, ...], Described(description="document > theme > focus area")
    ]
    deadlines: Annotated[
        tuple[str, ...],
        Described(description="Deadlines the task states, as printed (2025年底前)."),
    ] = ()
    targets: Annotated[
        tuple[str, ...],
        Described(
            description="Quantified targets it states, as printed (秸秆综合利用率达到85%以上)."
        ),
    ] = ()
