"""The main job: read documents, extract, and hand the graph to a store.

Everything is parsed and extracted before the store is touched, so bad input leaves the
stored graph as it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from policykg.errors import DocumentError
from policykg.graph.corpus import Change, DocumentPart, assemble, document_part
from policykg.graph.model import GraphData, document_id
from policykg.limits import MAX_DOCUMENT_BYTES
from policykg.loaders.build import Progress, document_graph
from policykg.loaders.document_names import document_slug
from policykg.loaders.extract import Extractor
from policykg.loaders.gazetteer import Gazetteer, load_gazetteers
from policykg.loaders.read import read_document
from policykg.loaders.sidecar import SIDECAR_SUFFIXES
from policykg.loaders.structure import ParsedDocument

if TYPE_CHECKING:
    from policykg.graph.store import GraphStore

__all__ = [
    "add_documents",
    "build_from_documents",
    "build_from_files",
    "build_with",
    "find_documents",
    "gazetteer_and_extractor",
    "read_documents",
    "remove_documents",
]


def gazetteer_and_extractor(directory: Path) -> tuple[Gazetteer, Extractor]:
    """The gazetteers in `directory` and an extractor over them (the automaton build is the
    costly part: a caller that needs them again keeps them).

    Args:
        directory: the folder of gazetteer files.
    """
    gazetteer = load_gazetteers(directory)
    return gazetteer, Extractor(gazetteer)


#: What a folder holds that is read as a document.
_DOCUMENT_SUFFIXES = frozenset({".txt", ".html", ".htm", ".md"})
#: Files beside documents that describe the folder, not policy: skipped when a folder is
#: expanded (named on the command line, they are read like any other file).
_NOT_DOCUMENTS = re.compile(
    r"^(readme|source|sources|license|licence|changelog|notice)(\.|$)", re.I
)


@dataclass(frozen=True)
class _DocumentFiles:
    """The documents a list of paths names, and what was passed over in its folders."""

    files: tuple[Path, ...]
    skipped: tuple[Path, ...]


def _document_paths(paths: Sequence[Path]) -> list[Path]:
    """Files as given; folders expand recursively to their documents (find_documents).

    Args:
        paths: files and folders as given (a missing path raises DocumentError).
    """
    return list(find_documents(paths).files)


def find_documents(paths: Sequence[Path]) -> _DocumentFiles:
    """Files as given; folders expand recursively to their .txt/.html/.htm/.md files, sorted.

    Hidden files and folders are passed over without a word; README, SOURCE, LICENSE … files
    and files of other kinds (sidecar .meta.json files aside) are listed in `skipped`.

    Args:
        paths: files and folders as given (a missing path raises DocumentError).
    """
    files: list[Path] = []
    skipped: list[Path] = []
    for path in paths:
        if path.is_dir():
            found, passed = _expand(path)
            files += found
            skipped += passed
        elif path.exists():
            files.append(path)
        else:
            raise DocumentError(str(path), "no such file")
    if not files:
        raise DocumentError(", ".join(map(str, paths)) or "<none>", "no documents to build from")
    return _DocumentFiles(tuple(dict.fromkeys(files)), tuple(skipped))


def _expand(folder: Path) -> tuple[list[Path], list[Path]]:
    files: list[Path] = []
    skipped: list[Path] = []
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        if any(part.startswith(".") for part in parts) or not path.is_file():
            continue
        if path.name.endswith(SIDECAR_SUFFIXES):
            continue
        if path.suffix.lower() in _DOCUMENT_SUFFIXES and not _NOT_DOCUMENTS.match(path.name):
            files.append(path)
        else:
            skipped.append(path)
    return files, skipped


def read_documents(
    paths: Sequence[Path], max_bytes: int = MAX_DOCUMENT_BYTES
) -> list[ParsedDocument]:
    """Every document under `paths` (find_documents), parsed, in the order of their ids.

    A document's id is `doc:<file name without suffix>` (made well-formed by
    loaders.document_names), whatever folder it is in, so the same
    files give the same ids on any machine and in any order. Two files that would share an id
    are refused with a DocumentError that names both, not renamed: a researcher who cites
    `doc:大气污染防治法(2018-10-26)` must get that file and no other.

    Args:
        paths: files and folders.
        max_bytes: the largest file read (DocumentError above it).
    """
    files = find_documents(paths).files
    _check_unique_ids(files)
    documents = [read_document(p, max_bytes=max_bytes) for p in files]
    return sorted(documents, key=lambda d: d.slug)


def _check_unique_ids(files: Sequence[Path]) -> None:
    """DocumentError when two files would get one document id.

    Args:
        files: the document files to build from.
    """
    seen: dict[str, Path] = {}
    for path in files:
        slug = document_slug(path.name)
        other = seen.setdefault(slug, path)
        if other != path:
            raise DocumentError(
                str(path),
                f"its document id doc:{slug} is already taken by {other}; "
                "rename one of the two files (ids come from file names)",
            )


def build_from_files(
    paths: Sequence[Path],
    gazetteer_dir: Path,
    max_bytes: int = MAX_DOCUMENT_BYTES,
    progress: Progress | None = None,
) -> GraphData:
    """The graph of the documents under `paths`, extracted with the gazetteers in `gazetteer_dir`.

    Args:
        paths: files and folders (read_documents).
        gazetteer_dir: the folder of gazetteer files.
        max_bytes: the largest file read.
        progress: called with the number of tasks done after each batch.
    """
    return build_from_documents(read_documents(paths, max_bytes), gazetteer_dir, progress)


def build_from_documents(
    documents: Sequence[ParsedDocument], gazetteer_dir: Path, progress: Progress | None = None
) -> GraphData:
    """The graph of documents already read (read_documents): what build_from_files does after
    reading, for a caller that looks at the documents first (the CLI sizes its progress bar).

    It is the graph loaders.build.build_graph makes, with each Document node's record of what
    it shares with other documents (graph.corpus), which `policykg add` and `remove` need.

    Args:
        documents: the documents, already read.
        gazetteer_dir: the folder of gazetteer files to extract entities with.
        progress: called with 1 after each task (None: not called).
    """
    return build_with(documents, gazetteer_and_extractor(gazetteer_dir), progress)


def build_with(
    documents: Sequence[ParsedDocument],
    tools: tuple[Gazetteer, Extractor],
    progress: Progress | None = None,
) -> GraphData:
    """build_from_documents with the gazetteer and extractor given (gazetteer_and_extractor).

    Args:
        documents: the documents, already read.
        tools: the gazetteer and the extractor over it.
        progress: called with 1 after each task (None: not called).
    """
    gazetteer, extractor = tools
    ordered = sorted(documents, key=lambda d: d.slug)  # ids, not files, decide who wins a merge
    parts = _document_parts(ordered, gazetteer, extractor, progress)
    return assemble(_gazetteer_base(gazetteer), parts)


def _gazetteer_base(gazetteer: Gazetteer) -> GraphData:
    """What every graph holds whatever its documents: the gazetteers' entities and hierarchy.

    Args:
        gazetteer: the loaded gazetteers.
    """
    return GraphData.of(gazetteer.entities, gazetteer.hierarchy)


def _document_parts(
    documents: Sequence[ParsedDocument],
    gazetteer: Gazetteer,
    extractor: Extractor,
    progress: Progress | None = None,
) -> list[DocumentPart]:
    """Each document's part of the graph (graph.corpus.document_part).

    Args:
        documents: the documents, already read.
        gazetteer: the gazetteer that resolves the extractor's mentions.
        extractor: the entity extractor.
        progress: called with 1 after each task (None: not called).
    """
    parts = []
    for doc in documents:
        nodes, edges = document_graph(doc, gazetteer, extractor, progress)
        parts.append(document_part(document_id(doc.slug), nodes, edges))
    return parts


def add_documents(
    store: GraphStore,
    documents: Sequence[ParsedDocument],
    tools: tuple[Gazetteer, Extractor],
    midway: Callable[[], None] | None = None,
) -> Change:
    """Add documents already read to the stored graph (one whose id is stored replaces it).

    `tools` are the gazetteer and extractor (gazetteer_and_extractor). A store that holds no
    document yet gets a build of these documents (store.replace).

    Args:
        store: the store to change.
        documents: the documents to add, already read.
        tools: the gazetteer and the extractor over it.
        midway: called half way through the write (fault tests stop the process there).
    """
    gazetteer, extractor = tools
    parts = _document_parts(documents, gazetteer, extractor)
    base = _gazetteer_base(gazetteer)
    if not store.stats().documents:
        store.replace(assemble(base, parts))
        ids = tuple(p.document_id for p in parts)
        return Change(removed=(), dropped_edges=(), dropped_nodes=(), nodes=(), edges=(), added=ids)
    return store.change_documents(base, add=parts, midway=midway)


def remove_documents(
    store: GraphStore,
    document_ids: Sequence[str],
    gazetteer: Gazetteer,
    midway: Callable[[], None] | None = None,
) -> Change:
    """Remove documents by id (`doc:<name>`, or the name alone) from the stored graph.

    Args:
        store: the store to change.
        document_ids: document ids (`doc:<name>`, or the name alone); an unknown id raises
            NodeNotFound.
        gazetteer: the gazetteers the graph was built with.
        midway: called half way through the write (fault tests stop the process there).
    """
    ids = [i if i.startswith("doc:") else document_id(i) for i in document_ids]
    return store.change_documents(_gazetteer_base(gazetteer), remove=ids, midway=midway)
