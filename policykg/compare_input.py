"""Documents as unit lists for `graph.compare`: law articles, or task sentences otherwise.

The loaders' outline decides: a law gives one unit per article (`第X条`, its paragraphs and
items); any other document gives one unit per task sentence, so yearly task lists compare too.
Each unit carries the entities the extractor finds in its text. Traditional documents are
compared and matched on their Simplified conversion, and shown as printed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from policykg.errors import DocumentError
from policykg.graph.compare import Unit
from policykg.graph.compare.answers import UnitKind
from policykg.graph.results import NodeRef
from policykg.loaders.extract import Extractor
from policykg.loaders.read import read_document
from policykg.loaders.script import SIMPLIFIED, detect_script, to_simplified
from policykg.loaders.structure import ParsedDocument
from policykg.loaders.units import Unit as OutlineUnit

__all__ = ["DocumentUnits", "document_units"]


@dataclass(frozen=True)
class DocumentUnits:
    id: str
    title: str
    path: str
    kind: UnitKind
    units: tuple[Unit, ...]


def document_units(path: Path, extractor: Extractor, max_bytes: int) -> DocumentUnits:
    """Read one document and cut it into units; a document with neither articles nor tasks
    is a DocumentError.

    Args:
        path: the document's file.
        extractor: finds the entities of each unit.
        max_bytes: the largest file to read (a larger one is a DocumentError).
    """
    parsed = read_document(path, max_bytes=max_bytes)
    doc_id = parsed.slug
    simplified = detect_script(parsed.text) != SIMPLIFIED
    articles = [u for u in parsed.units if u.kind == "article"]
    if parsed.layout == "law" and articles:
        units = tuple(_article(parsed, doc_id, a, extractor, simplified) for a in articles)
        return DocumentUnits(doc_id, parsed.title or doc_id, str(path), "article", units)
    tasks = parsed.tasks
    if not tasks:
        raise DocumentError(str(path), "no articles (第X条) and no task sentences to compare")
    units = tuple(
        _unit(f"{doc_id}:{t.ordinal}", t.ordinal, t.text, extractor, simplified) for t in tasks
    )
    return DocumentUnits(doc_id, parsed.title or doc_id, str(path), "task", units)


def _article(
    parsed: ParsedDocument,
    doc_id: str,
    article: OutlineUnit,
    extractor: Extractor,
    simplified: bool,
) -> Unit:
    """An article's text as printed, all its paragraphs, without its 第X条 label; entities are
    found in the normalised text, as the loaders find them everywhere else."""
    body = (article.start + len(article.label), article.end)
    normalised = parsed.text[body[0] : body[1]].strip()
    start, end = parsed.original_span(*body)
    printed = parsed.original[start:end].strip() if parsed.original else normalised
    unit = _unit(f"{doc_id}:{article.label}", article.label, normalised, extractor, simplified)
    return replace(unit, text=printed or normalised)


def _unit(unit_id: str, label: str, text: str, extractor: Extractor, simplified: bool) -> Unit:
    """A unit whose entities, and for Traditional text whose compared text, come from its
    Simplified conversion."""
    if not simplified:
        return Unit(unit_id, label, text, _entities(extractor, text))
    converted = to_simplified(text)[0]
    return Unit(unit_id, label, text, _entities(extractor, converted), converted)


def _entities(extractor: Extractor, text: str) -> frozenset[NodeRef]:
    refs = set()
    for found in extractor.extract(text):
        if found.new_entity is not None:
            name = found.new_entity.name
        else:
            name = extractor.gazetteer.entity(found.entity_id).name
        refs.add(NodeRef(found.entity_id, name, found.type))
    return frozenset(refs)
