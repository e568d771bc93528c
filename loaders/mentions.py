"""Every mention of a document: in its tasks and in the text around them, none dropped.

Tasks are extracted one by one (their mentions hang on the task); the rest of the text (title,
preamble, notice, addressees, signatories, headings, closing) is extracted line piece by line
piece, and each of its mentions hangs on the innermost theme or focus area it stands in, else
on the document. Traditional and mixed texts are matched on their Simplified conversion
(loaders/script.py); offsets and surfaces stay in the document's own characters.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from policykg.errors import DocumentError
from policykg.graph.model import Node, NodeType, Rel
from policykg.loaders.actions import VerbHit, find_verbs
from policykg.loaders.defined_terms import defined_regions
from policykg.loaders.extract import MAX_UNIT_CHARS, Extractor, Found
from policykg.loaders.script import SIMPLIFIED, to_simplified
from policykg.loaders.structure import ParsedDocument, TaskSpan
from policykg.loaders.titles import title_instruments
from policykg.loaders.units import UnitIndex

__all__ = ["DocumentMention", "Owner", "document_mentions", "find_in", "task_verbs"]

#: Longest text extracted in one call. Longer lines are cut at clause marks (or hard, when a
#: line has none), so that a pathological line costs in proportion to its length.
_MAX_PIECE_CHARS = 5_000
_CUT = re.compile(r"[。;!?,、:\n]")
_NAMES = frozenset({NodeType.PROGRAM, NodeType.INSTRUMENT})  # names do not nest in names


@dataclass(frozen=True)
class Owner:
    """Where a mention outside tasks hangs: a focus area, a theme, or the document itself."""

    theme: int | None = None
    area: int | None = None


@dataclass(frozen=True)
class DocumentMention:
    """A mention with offsets into `document.text`; `unit` indexes `document.units`."""

    found: Found
    task: TaskSpan | None
    owner: Owner
    unit: int | None


def find_in(text: str, extractor: Extractor, script: str = SIMPLIFIED) -> list[Found]:
    """Mentions in `text` (offsets and surfaces in `text`), matched on Simplified characters.

    Args:
        text: the text to scan.
        extractor: finds the mentions.
        script: the text's script (detect_script).
    """
    if script == SIMPLIFIED:
        return extractor.extract(text, find_verbs(text))
    simplified, offsets = to_simplified(text)
    verbs: list[VerbHit] = find_verbs(simplified)
    out = []
    for found in extractor.extract(simplified, verbs):
        start, end = offsets.span(found.start, found.end)
        out.append(found._replace(start=start, end=end, surface=text[start:end]))
    return out


def task_verbs(doc: ParsedDocument, script: str = SIMPLIFIED) -> list[list[VerbHit]]:
    """find_verbs of each task of `doc`, in doc.tasks' order, read on Simplified characters
    (制訂 and 制定 are the same verb); offsets are into the Simplified text.

    Args:
        doc: the document, already read.
        script: the document's script (detect_script).
    """
    if script == SIMPLIFIED:
        return [find_verbs(task.text) for task in doc.tasks]
    return [find_verbs(to_simplified(task.text)[0]) for task in doc.tasks]


def document_mentions(
    doc: ParsedDocument,
    extractor: Extractor,
    script: str = SIMPLIFIED,
    place: str | None = None,
    verbs: Sequence[list[VerbHit]] | None = None,
) -> list[DocumentMention]:
    """All mentions of a document in text order.

    Places the document defines for itself (loaders/defined_terms.py) are found too, named
    after `place`, the document's own region, when their term names none.

    Args:
        doc: the document, already read.
        extractor: finds the mentions.
        script: the document's script (detect_script); a text not Simplified is matched on its
            Simplified conversion.
        place: the name of the document's own region (None: none).
        verbs: task_verbs(doc, script), when the caller has them (None: found as needed).
    """
    if verbs is not None and len(verbs) != len(doc.tasks):
        raise ValueError(f"{len(verbs)} verb lists for the {len(doc.tasks)} tasks of {doc.slug}")
    simplified = doc.text if script == SIMPLIFIED else to_simplified(doc.text)[0]
    terms = defined_regions(simplified, extractor, place)
    if terms:
        found = _mentions_of(doc, extractor.with_entities(terms), script, verbs)
        mentions = _with_terms(found, terms)
    else:
        mentions = _mentions_of(doc, extractor, script, verbs)
    return _with_titles(doc, mentions, script)


def _with_titles(
    doc: ParsedDocument, mentions: list[DocumentMention], script: str
) -> list[DocumentMention]:
    """The document's own title is one Instrument (loaders/titles.py); the programmes and
    instruments read inside it give way, the places, agencies and pollutants stay nested."""
    titles = list(title_instruments(doc, script))
    if not titles:
        return mentions
    kept = [
        m
        for m in mentions
        if m.found.type not in _NAMES
        or all(m.found.end <= a or m.found.start >= b for a, b, _ in titles)
    ]
    units = UnitIndex(doc.units)
    for a, b, node in titles:
        found = Found(a, b, doc.text[a:b], node.id, NodeType.INSTRUMENT, Rel.CITES, None, node)
        kept.append(DocumentMention(found, None, Owner(), units.innermost(a, b)))
    return sorted(kept, key=lambda m: (m.found.start, -m.found.end))


def _with_terms(
    mentions: list[DocumentMention], terms: Mapping[str, Node]
) -> list[DocumentMention]:
    """Defined places carry their node, as pattern-made entities do: no gazetteer lists them."""
    nodes = {n.id: n for n in terms.values()}
    return [
        replace(m, found=m.found._replace(new_entity=nodes[m.found.entity_id]))
        if m.found.entity_id in nodes
        else m
        for m in mentions
    ]


def _mentions_of(
    doc: ParsedDocument,
    extractor: Extractor,
    script: str = SIMPLIFIED,
    verbs: Sequence[list[VerbHit]] | None = None,
) -> list[DocumentMention]:
    """All mentions `extractor` finds in a document, in text order (the tasks in one batch,
    the pieces outside them in another)."""
    for task in doc.tasks:
        if len(task.text) > MAX_UNIT_CHARS:
            raise DocumentError(
                doc.slug,
                f"task {task.ordinal} is {len(task.text):,} characters long, more than the "
                f"{MAX_UNIT_CHARS:,} one unit may have; split the text into paragraphs",
            )
    out: list[DocumentMention] = []
    units = UnitIndex(doc.units)
    tasks_found = _found_in([task.text for task in doc.tasks], extractor, script, verbs)
    for task, found_in_task in zip(doc.tasks, tasks_found, strict=True):
        for found in found_in_task:
            shifted = _shifted(found, task.start)
            out.append(
                DocumentMention(
                    shifted,
                    task,
                    Owner(task.theme, task.area),
                    units.innermost(shifted.start, shifted.end),
                )
            )
    owners = _Owners(doc)
    pieces = list(_outside_tasks(doc))
    pieces_found = _found_in([doc.text[a:b] for a, b in pieces], extractor, script)
    for (start, _), found_in_piece in zip(pieces, pieces_found, strict=True):
        for found in found_in_piece:
            shifted = _shifted(found, start)
            out.append(
                DocumentMention(
                    shifted,
                    None,
                    owners.at(shifted.start),
                    units.innermost(shifted.start, shifted.end),
                )
            )
    return sorted(out, key=lambda m: (m.found.start, -m.found.end))


def _found_in(
    texts: list[str],
    extractor: Extractor,
    script: str,
    verbs: Sequence[list[VerbHit]] | None = None,
) -> list[list[Found]]:
    """find_in of each text, extracted in one batch; `verbs` as task_verbs gives them."""
    if script == SIMPLIFIED:
        return extractor.extract_many(texts, verbs)
    converted = [to_simplified(text) for text in texts]
    found = extractor.extract_many([simplified for simplified, _ in converted], verbs)
    out = []
    for text, (_, offsets), in_text in zip(texts, converted, found, strict=True):
        mapped = []
        for f in in_text:
            start, end = offsets.span(f.start, f.end)
            mapped.append(f._replace(start=start, end=end, surface=text[start:end]))
        out.append(mapped)
    return out


def _outside_tasks(doc: ParsedDocument) -> Iterator[tuple[int, int]]:
    """Pieces of the text's lines that no task covers, at most MAX_PIECE_CHARS each.

    Args:
        doc: the document, already read.
    """
    covered = sorted((t.start, t.end) for t in doc.tasks)
    for line in re.finditer(r"[^\n]+", doc.text):
        pos = line.start()
        for start, end in covered[max(0, bisect.bisect_left(covered, (line.start(), -1)) - 1) :]:
            if start >= line.end():
                break
            if end <= pos:
                continue
            yield from _pieces(doc.text, pos, min(start, line.end()))
            pos = max(pos, end)
        yield from _pieces(doc.text, pos, line.end())


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while start < end:
        stop = min(end, start + _MAX_PIECE_CHARS)
        if stop < end:  # cut after the last clause mark before the limit, if there is one
            marks = [m.end() for m in _CUT.finditer(text, start, stop)]
            stop = marks[-1] if marks else stop
        if text[start:stop].strip():
            yield start, stop
        start = stop


def _shifted(found: Found, offset: int) -> Found:
    return found._replace(start=found.start + offset, end=found.end + offset)


class _Owners:
    """Which theme or focus area a text position falls in (each reaches to the next one)."""

    def __init__(self, doc: ParsedDocument) -> None:
        self._themes: list[tuple[int, int]] = [(t.start, t.index) for t in doc.themes]
        self._areas: dict[int, list[tuple[int, int]]] = {
            t.index: [(a.start, a.index) for a in t.areas] for t in doc.themes
        }

    def at(self, position: int) -> Owner:
        theme = _last_at_or_before(self._themes, position)
        if theme is None:
            return Owner()
        area = _last_at_or_before(self._areas[theme], position)
        return Owner(theme, area)


def _last_at_or_before(starts: Sequence[tuple[int, int]], position: int) -> int | None:
    i = bisect.bisect_right(starts, (position, 1 << 62))
    return starts[i - 1][1] if i else None
