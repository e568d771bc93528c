"""The main job: read documents, extract, and hand the graph to a store.

Everything is parsed and extracted before the store is touched, so bad input leaves the
stored graph as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from policykg.errors import DocumentError
from policykg.graph.model import GraphData
from policykg.graph.store import GraphStore
from policykg.loaders.build import Progress, build_graph
from policykg.loaders.extract import Extractor
from policykg.loaders.gazetteer import Gazetteer, load_gazetteers
from policykg.loaders.read import read_document


@lru_cache(maxsize=4)
def gazetteer_and_extractor(directory: Path) -> tuple[Gazetteer, Extractor]:
    """Loaded once per process: the automaton build is the costly part."""
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


def build_from_files(
    paths: Sequence[Path],
    gazetteer_dir: Path,
    max_bytes: int = 20_000_000,
    progress: Progress | None = None,
) -> GraphData:
    gazetteer, extractor = gazetteer_and_extractor(gazetteer_dir)
    documents = [read_document(p, max_bytes=max_bytes) for p in document_paths(paths)]
    slugs = [d.slug for d in documents]
    if len(set(slugs)) != len(slugs):
        raise DocumentError(", ".join(map(str, paths)), "two documents share a file name")
    return build_graph(documents, gazetteer, extractor, progress)


def build_into(store: GraphStore, data: GraphData) -> None:
    """Replace the store's graph with `data` (atomically where the store can)."""
    store.replace(data)
