"""Extraction output of whole documents frozen before the second speed work: the same graph and
roles, field for field, on the 2026 article, every gold document and a sample of the laws.

For each document of DOCUMENTS, the snapshot holds what extraction decides:
- the nodes and edges of `document_graph` (tasks with their verbs, action type, deadlines and
  targets; every mention edge with its span, surface, relation and agency role; the entities
  patterns make; role edges), the Document node's full text aside;
- the roles, deadlines and targets of `policykg extract --json` (carried roles and agencies no
  mention names included), with their spans;
- for every law of the sample, `Extractor.extract` on each non-empty normalised line (what
  benchmarks/extract_speed.py times), each mention as in tests/loaders/snapshots/extract.json.
For all 300 laws, a digest of that per-line output, so no law goes unchecked.

The snapshot (tests/loaders/snapshots/extract-documents.json.gz) is written by running this file:
`.venv/bin/python tests/loaders/test_extract_snapshot_documents.py`. Rewrite it only for a change
of what extraction means, in its own commit that says why; never to make a speed change pass.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from policykg.loaders.annotate import annotate
from policykg.loaders.build import document_graph
from policykg.loaders.extract import Extractor, Found
from policykg.loaders.gazetteer import Gazetteer
from policykg.loaders.normalize import normalize
from policykg.loaders.read import read_document
from policykg.pipeline import gazetteer_and_extractor
from policykg.settings import PACKAGE_DATA

SNAPSHOT = Path(__file__).resolve().parent / "snapshots" / "extract-documents.json.gz"
LAWS = PACKAGE_DATA / "corpus" / "laws"
ALL_LAWS = sorted(p for p in LAWS.rglob("*.md") if p.name != "SOURCE.md")
#: Every tenth law in path order: all four folders, long and short texts.
LAW_SAMPLE = ALL_LAWS[::10]
DOCUMENTS = (
    PACKAGE_DATA / "corpus" / "mee-2026-key-tasks.txt",
    *sorted((PACKAGE_DATA / "corpus" / "dev").glob("*.txt")),
    PACKAGE_DATA / "gold" / "heldout" / "heldout-2026-11-29.txt",
    *sorted((PACKAGE_DATA / "gold" / "roles").glob("*.txt")),
    *LAW_SAMPLE,
)


def _name(path: Path) -> str:
    return str(path.relative_to(PACKAGE_DATA))


@lru_cache(maxsize=1)
def _tools() -> tuple[Gazetteer, Extractor]:
    return gazetteer_and_extractor(PACKAGE_DATA / "gazetteers")


def _found(found: Found) -> list[Any]:
    new = found.new_entity
    return [
        found.start,
        found.end,
        found.surface,
        found.entity_id,
        found.type.value,
        found.rel.value,
        found.role,
        None if new is None else [new.id, new.type.value, new.name, new.props],
    ]


def _lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [normalize(line) for line in text.splitlines() if line.strip()]


def _line_mentions(path: Path) -> list[list[list[Any]]]:
    extractor = _tools()[1]
    return [[_found(f) for f in extractor.extract(line)] for line in _lines(path)]


def _digest(data: Any) -> str:
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(raw).hexdigest()


def _props(props: Mapping[str, Any]) -> dict[str, Any]:
    """A node's properties, the Document's full text aside and its warnings without the folder
    this checkout happens to be in."""
    out = {k: v for k, v in props.items() if k != "text"}
    if "warnings" in out:
        folder = str(PACKAGE_DATA)
        out["warnings"] = [w.replace(folder, "<data>") for w in out["warnings"]]
    return out


def document_output(path: Path) -> dict[str, Any]:
    """What extraction decides for one document, as JSON-ready data."""
    gazetteer, extractor = _tools()
    doc = read_document(path)
    nodes, edges = document_graph(doc, gazetteer, extractor)
    annotated = annotate(doc, extractor)
    out: dict[str, Any] = {
        "nodes": [[n.id, n.type.value, n.name, _props(n.props)] for n in nodes],
        "edges": [[e.source, e.type.value, e.target, e.key, e.props] for e in edges],
        **{field: annotated[field] for field in ("roles", "deadlines", "targets")},
    }
    if path in LAW_SAMPLE:
        out["lines"] = _line_mentions(path)
    return out


def law_digests() -> dict[str, str]:
    """Per law, the digest of Extractor.extract's output on each of its lines."""
    return {_name(path): _digest(_line_mentions(path)) for path in ALL_LAWS}


def record() -> dict[str, Any]:
    return {
        "documents": {_name(path): document_output(path) for path in DOCUMENTS},
        "law_digests": law_digests(),
    }


@lru_cache(maxsize=1)
def _snapshot() -> dict[str, Any]:
    with gzip.open(SNAPSHOT, "rt", encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


def _first_difference(want: Any, have: Any, where: str = "") -> Iterator[str]:
    """Where two JSON values first differ, as a path and the two values."""
    if isinstance(want, dict) and isinstance(have, dict):
        for key in sorted(want.keys() | have.keys()):
            if want.get(key) != have.get(key):
                yield from _first_difference(want.get(key), have.get(key), f"{where}/{key}")
                return
    elif isinstance(want, list) and isinstance(have, list) and len(want) == len(have):
        for k, (a, b) in enumerate(zip(want, have, strict=True)):
            if a != b:
                yield from _first_difference(a, b, f"{where}[{k}]")
                return
    yield f"{where}: snapshot {json.dumps(want, ensure_ascii=False)[:400]}"
    yield f"{' ' * len(where)}  now      {json.dumps(have, ensure_ascii=False)[:400]}"


def test_the_snapshot_covers_every_document_and_law() -> None:
    assert sorted(_snapshot()["documents"]) == sorted(map(_name, DOCUMENTS))
    assert sorted(_snapshot()["law_digests"]) == sorted(map(_name, ALL_LAWS))
    assert len(ALL_LAWS) == 300 and len(LAW_SAMPLE) == 30


@pytest.mark.parametrize("path", DOCUMENTS, ids=_name)
def test_document_extraction_matches_the_snapshot(path: Path) -> None:
    want = _snapshot()["documents"][_name(path)]
    have = json.loads(json.dumps(document_output(path), ensure_ascii=False))
    assert have == want, "\n".join(_first_difference(want, have))


def test_every_law_extracts_as_in_the_snapshot() -> None:
    want = _snapshot()["law_digests"]
    changed = sorted(name for name, digest in law_digests().items() if want.get(name) != digest)
    assert changed == []


if __name__ == "__main__":
    data = json.dumps(record(), ensure_ascii=False, separators=(",", ":")) + "\n"
    # a fixed mtime keeps the file byte-identical when its content is
    with open(SNAPSHOT, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
        f.write(data.encode("utf-8"))
    sys.exit(0)
