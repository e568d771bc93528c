"""What a corpus holds: its documents counted by kind, level and year.

`policykg build` prints it after a build (and so does `scripts/start`), from the Document nodes
it just wrote:

>>> from policykg.graph.model import Node, NodeType
>>> law = Node("doc:a", NodeType.DOCUMENT, "A", {"kind": "law", "level": "national",
...            "date_promulgated": "2018-10-26"})
>>> plan = Node("doc:b", NodeType.DOCUMENT, "B", {"kind": None, "date": "2026-01-29"})
>>> summary = corpus_summary([law, plan])
>>> summary.by_kind, summary.by_year
({'law': 1, 'unknown': 1}, {'2018': 1, '2026': 1})
>>> print(summary.lines()[0])
2 documents
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from policykg.graph.assemble import document_date
from policykg.graph.model import Node, NodeType

__all__ = ["corpus_summary"]

_UNKNOWN = "unknown"


@dataclass(frozen=True)
class _CorpusSummary:
    """Documents counted by kind, level and year (largest count first; years in order)."""

    documents: int
    by_kind: dict[str, int]
    by_level: dict[str, int]
    by_year: dict[str, int]

    def lines(self) -> list[str]:
        """The summary as a few lines of text for a terminal."""
        return [
            f"{self.documents} documents",
            "  by kind:  " + _joined(self.by_kind),
            "  by level: " + _joined(self.by_level),
            "  by year:  " + _joined(self.by_year),
        ]


def corpus_summary(nodes: Iterable[Node]) -> _CorpusSummary:
    """The summary of the Document nodes among `nodes` (other nodes are ignored).

    Args:
        nodes: graph nodes of any type.
    """
    kinds: Counter[str] = Counter()
    levels: Counter[str] = Counter()
    years: Counter[str] = Counter()
    for node in nodes:
        if node.type is not NodeType.DOCUMENT:
            continue
        kinds[str(node.props.get("kind") or _UNKNOWN)] += 1
        levels[str(node.props.get("level") or _UNKNOWN)] += 1
        years[_document_year(node) or _UNKNOWN] += 1
    return _CorpusSummary(
        documents=sum(kinds.values()),
        by_kind=_by_count(kinds),
        by_level=_by_count(levels),
        by_year=dict(sorted(years.items())),
    )


def _document_year(node: Node) -> str | None:
    """The year of the document's date (graph.assemble.document_date), None when it has none.

    Args:
        node: a Document node.
    """
    date = document_date(node.props)
    return date[:4] if date and date[:4].isdigit() else None


def _by_count(counts: Counter[str]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _joined(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {n}" for name, n in counts.items()) or "-"
