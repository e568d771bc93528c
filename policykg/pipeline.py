"""The main job: read documents, extract, and hand the graph to a store.

Everything is parsed and extracted before the store is touched, so bad input leaves the
stored graph as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from policykg.errors import DocumentError
from policykg.graph.model import GraphData
from policykg.limits import MAX_DOCUMENT_BYTES
from policykg.loaders.build import Progress, build_graph
from policykg.loaders.extract import Extractor
from policykg.loaders.gazetteer import Gazetteer, load_gazetteers
from policykg.loaders.read import read_document
from policykg.loaders.structure import ParsedDocument

__all__ = [
    "build_from_documents",
    "build_from_files",
    "document_paths",
    "gazetteer_and_extractor",
    "read_documents",
]


def gazetteer_and_extractor(directory: Path) -> tuple[Gazetteer, Extractor]:
    """The gazetteers in `directory` and an extractor over them (the automaton build is the
    costly part: a caller that needs them again keeps them)."""
    gazetteer = load_gazetteers(directory)
    return gazetteer, Extractor(gazetteer)


def document_paths(paths: Sequence[Path]) -> list[Path]:
    """Files as given; folders expand to their .txt/.html/.htm files, sorted."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted(
                p for p in path.iterdir() if p.suffix.lower() in (".txt", ".html", ".htm")
            )
        elif path.exists():
            out.append(path)
        else:
            raise DocumentError(str(path), "no such file")
    if not out:
        raise DocumentError(", ".join(map(str, paths)) or "<none>", "no documents to build from")
    return out


def read_documents(
    paths: Sequence[Path], max_bytes: int = MAX_DOCUMENT_BYTES
) -> list[ParsedDocument]:
    """Every document under `paths` (document_paths), parsed; two with one file name refused.

    Args:
        paths: files and folders.
        max_bytes: the largest file read (DocumentError above it).
    """
    files = document_paths(paths)
    documents = [read_document(p, max_bytes=max_bytes) for p in files]
    slugs = [d.slug for d in documents]
    if len(set(slugs)) != len(slugs):
        raise DocumentError(", ".join(map(str, files)), "two documents share a file name")
    return documents


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
    reading, for a caller that looks at the documents first (the CLI sizes its progress bar)."""
    gazetteer, extractor = gazetteer_and_extractor(gazetteer_dir)
    return build_graph(documents, gazetteer, extractor, progress)
