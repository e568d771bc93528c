"""Documents as unit lists for `graph.compare`: law articles, or task sentences otherwise.

A law (`第X条` articles) gives one unit per article; any other document that the loaders can
read gives one unit per task sentence, so yearly task lists compare too. Each unit carries
the entities the extractor finds in its text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from policykg.errors import DocumentError
from policykg.graph.compare import EntityRef, Unit
from policykg.loaders._articles import law_title, split_articles
from policykg.loaders.extract import Extractor
from policykg.loaders.read import read_text
from policykg.loaders.structure import parse_document


@dataclass(frozen=True)
class DocumentUnits:
    id: str
    title: str
    path: str
    kind: str  # "article" or "task"
    units: tuple[Unit, ...]


def document_units(path: Path, extractor: Extractor, max_bytes: int) -> DocumentUnits:
    """Read one document and cut it into units; a document with neither articles nor tasks
    is a DocumentError."""
    text = read_text(path, max_bytes)
    doc_id = path.stem
    articles = split_articles(text)
    if articles:
        units = tuple(
            Unit(f"{doc_id}:{a.label}", a.label, a.text, _entities(extractor, a.text))
            for a in articles
        )
        return DocumentUnits(doc_id, law_title(text) or doc_id, str(path), "article", units)
    parsed = parse_document(text, slug=doc_id, path=str(path))
    tasks = parsed.tasks
    if not tasks:
        raise DocumentError(str(path), "no articles (第X条) and no task sentences to compare")
    units = tuple(
        Unit(f"{doc_id}:{t.ordinal}", t.ordinal, t.text, _entities(extractor, t.text))
        for t in tasks
    )
    return DocumentUnits(doc_id, parsed.title or doc_id, str(path), "task", units)


def _entities(extractor: Extractor, text: str) -> frozenset[EntityRef]:
    refs = set()
    for found in extractor.extract(text):
        if found.new_entity is not None:
            name = found.new_entity.name
        else:
            name = extractor.gazetteer.entity(found.entity_id).name
        refs.add(EntityRef(found.entity_id, name, found.type.value))
    return frozenset(refs)
