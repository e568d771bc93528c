"""Pure helpers that turn raw rows into results the same way for every store."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from typing import Any

from policykg.graph.model import Edge
from policykg.graph.results import MATCH_RANK, DocumentRef, Match, Mention, PathStep

__all__ = [
    "DATE_PRECEDENCE",
    "DOCUMENT_FIELDS",
    "better",
    "document_date",
    "document_ref",
    "path_steps",
    "sort_mentions",
]


#: A Document node's metadata properties (all but its text), in the order they are shown.
DOCUMENT_FIELDS = (
    *("doc_number", "issuers", "co_signers", "level", "kind", "script", "layout"),
    *("date_adopted", "date_version", "date_promulgated", "date_in_force", "date_signed"),
    *("publisher", "date", "warnings"),
)
#: The dates by which a document was made; its date is the latest of them that it states.
_MADE_DATES = ("date_version", "date_adopted", "date_signed", "date_promulgated")
#: Every date property document_date reads: the page's or header's own date first, the dates
#: it was made by, the entry into force last.
DATE_PRECEDENCE = ("date", *_MADE_DATES, "date_in_force")


def document_date(props: Mapping[str, Any]) -> str | None:
    """The document's date (an ISO date), None if it states none: the date its page or header
    gives, else the latest date it was made by (a revised law's version, not its first
    adoption), else its entry into force.

    Args:
        props: the Document node's properties.

    >>> document_date({"date_adopted": "1987-09-05", "date_in_force": "2016-01-01"})
    '1987-09-05'
    >>> document_date({"date_adopted": "1987-09-05", "date_version": "2018-10-26"})
    '2018-10-26'
    >>> document_date({"date_in_force": "2016-01-01"})
    '2016-01-01'
    """
    if props.get("date"):
        return str(props["date"])
    made = [str(props[k]) for k in _MADE_DATES if props.get(k)]
    if made:
        return max(made)
    return str(props["date_in_force"]) if props.get("date_in_force") else None


def document_ref(doc_id: str, title: str, props: Mapping[str, Any]) -> DocumentRef:
    """A document as task items and document lists show it.

    Args:
        doc_id: the Document node's id.
        title: the document's title (the node's name).
        props: the Document node's properties (kind, level, dates).
    """
    return DocumentRef(
        doc_id, title, props.get("kind") or None, props.get("level") or None, document_date(props)
    )


def better(a: Match, b: Match | None) -> bool:
    """Whether match `a` beats `b`: stronger kind, then shorter path, then smaller ids.

    Args:
        a: the candidate match.
        b: the best match so far; None when there is none yet.
    """
    if b is None:
        return True
    return (MATCH_RANK[a.match], len(a.via), a.via) < (MATCH_RANK[b.match], len(b.via), b.via)


def sort_mentions(mentions: Iterable[Mention]) -> tuple[Mention, ...]:
    """Mentions in document order: by span, then entity id and relation.

    Args:
        mentions: the mentions of one task.

    Returns:
        The mentions, sorted.
    """
    return tuple(sorted(mentions, key=lambda m: (m.span, m.id, m.rel)))


def path_steps(path: tuple[str, ...], edges: Iterable[Edge]) -> tuple[PathStep, ...]:
    """The edge behind each hop of an undirected path: the smallest (relation, source, target).

    Args:
        path: node ids from one end of the path to the other.
        edges: edges among the path's nodes (at least one between each pair of neighbours on it).
    """
    between: dict[frozenset[str], list[tuple[str, str, str]]] = {}
    for e in edges:
        between.setdefault(frozenset((e.source, e.target)), []).append(
            (e.type.value, e.source, e.target)
        )
    steps = []
    for x, y in itertools.pairwise(path):
        rel, s, t = min(between[frozenset((x, y))])
        steps.append(PathStep(s, rel, t))
    return tuple(steps)
