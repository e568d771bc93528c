"""The networkx store's file: a short header line, then the graph as compact JSON.

```
POLICYKG-GRAPH 2\\n
{"nodes": {"Task": 134, ...}, "edges": {...}, "documents": [...], "body_bytes": N,
 "fingerprint": "<blake2b of the body>"}\\n
{"nodes": [[id, type, name, {props}], ...], "edges": [[source, target, type, key, {props}], ...]}
```
`read_header` reads the first two lines only, so `policykg stats` does not parse the graph.
`read_graph` checks the magic line, the version, the body's length and fingerprint and the
shape of every row; any problem is one GraphFileError that says to rebuild. `write_graph`
writes a temporary file beside the target, fsyncs it, renames it over the target and fsyncs
the folder; whatever stops it removes the temporary file, and a writer killed outright leaves
one that the next writer (holding the lock) removes. Writers take `write_lock`, so two builds
at once do not race: the second fails with GraphFileBusy. No pickle: a graph file may come
from someone else, and unpickling runs code.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from policykg.errors import GraphFileBusy, GraphFileError, StoreUnavailable
from policykg.graph.model import NodeType, Rel

if TYPE_CHECKING:  # imported where a graph is read or written: `stats` reads the header only
    import networkx as nx

__all__ = [
    "Generation",
    "generation",
    "read_graph",
    "read_header",
    "read_sized_header",
    "write_graph",
    "write_lock",
]

_MAGIC = b"POLICYKG-GRAPH"
_VERSION = 2
_OLD_FORMAT = b'{"format":"policykg-networkx/'  # the node-link files of format 1
_MAX_HEADER_BYTES = 16 << 20  # the header lists documents; far below this even for a corpus
_NODE_TYPES = frozenset(t.value for t in NodeType)
_RELS = frozenset(r.value for r in Rel)


@dataclass(frozen=True)
class _Header:
    """What a graph file says about itself without its body being read."""

    nodes: dict[str, int]
    edges: dict[str, int]
    documents: tuple[str, ...]
    body_bytes: int
    fingerprint: str


@dataclass(frozen=True)
class Generation:
    """Identifies one written file: a rename gives a new inode, a rewrite a new mtime."""

    device: int
    inode: int
    mtime_ns: int
    size: int


def generation(path: Path) -> Generation | None:
    """The file's generation, or None when there is no file.

    Args:
        path: the graph file.
    """
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return Generation(st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size)


# -- reading ----------------------------------------------------------------------------------


def read_header(path: Path) -> _Header:
    """The counts, documents and fingerprint of the graph in `path` (its body is not read).

    Args:
        path: the graph file.
    """
    try:
        with path.open("rb") as fh:
            header, _ = _read_head(fh, path)
    except OSError as exc:
        raise GraphFileError(path, f"cannot read it ({exc.strerror or exc})") from exc
    return header


def read_sized_header(path: Path) -> tuple[_Header, int]:
    """The header of the graph in `path` and the file's size in bytes (one open file).

    Args:
        path: the graph file.
    """
    try:
        with path.open("rb") as fh:
            header, _ = _read_head(fh, path)
            size = os.fstat(fh.fileno()).st_size
    except OSError as exc:
        raise GraphFileError(path, f"cannot read it ({exc.strerror or exc})") from exc
    return header, size


def read_graph(path: Path, fingerprint: str | None = None) -> nx.MultiDiGraph:
    """The graph stored in `path`, checked; GraphFileError (rebuild) for any problem.

    With `fingerprint`, a file whose header gives another one (replaced since it was first
    looked at) is refused too.

    Args:
        path: the graph file.
        fingerprint: the fingerprint the file must still have (None: any).
    """
    try:
        with path.open("rb") as fh:
            header, offset = _read_head(fh, path)
            if fingerprint is not None and header.fingerprint != fingerprint:
                raise GraphFileError(path, "it was replaced while being read; run it again")
            fh.seek(offset)
            body = fh.read(header.body_bytes + 1)
    except OSError as exc:
        raise GraphFileError(path, f"cannot read it ({exc.strerror or exc})") from exc
    if len(body) != header.body_bytes:
        raise GraphFileError(
            path, f"it holds {len(body):,} bytes of graph, its header says {header.body_bytes:,}"
        )
    if _fingerprint(body) != header.fingerprint:
        raise GraphFileError(path, "its content does not match its fingerprint (damaged)")
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise GraphFileError(path, f"its graph is not valid JSON ({exc})") from exc
    del body
    return _assemble(path, payload)


def _read_head(fh: Any, path: Path) -> tuple[_Header, int]:
    magic = fh.readline(64)
    if not magic.startswith(_MAGIC + b" "):
        if magic.startswith(b"{"):
            problem = "it was written by an older policykg (node-link JSON)"
        else:
            problem = "it is not a policykg graph file"
        raise GraphFileError(path, problem)
    try:
        version = int(magic[len(_MAGIC) + 1 :].strip())
    except ValueError:
        raise GraphFileError(path, "its first line is damaged") from None
    if version != _VERSION:
        raise GraphFileError(
            path, f"it has format version {version}, this policykg reads {_VERSION}"
        )
    line = fh.readline(_MAX_HEADER_BYTES)
    if not line.endswith(b"\n"):
        raise GraphFileError(path, "its header is cut short")
    try:
        raw = orjson.loads(line)
        header = _Header(
            nodes=_counts(raw["nodes"]),
            edges=_counts(raw["edges"]),
            documents=tuple(_str(d) for d in raw["documents"]),
            body_bytes=_int(raw["body_bytes"]),
            fingerprint=_str(raw["fingerprint"]),
        )
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise GraphFileError(path, f"its header is damaged ({type(exc).__name__})") from exc
    return header, len(magic) + len(line)


def _assemble(path: Path, payload: Any) -> nx.MultiDiGraph:
    """A MultiDiGraph from the body, every row checked before it is added."""
    import networkx as nx

    try:
        nodes, edges = payload["nodes"], payload["edges"]
        node_rows = [_node_row(row) for row in nodes]
        ids = {row[0] for row in node_rows}
        edge_rows = [_edge_row(row, ids) for row in edges]
    except (KeyError, TypeError, ValueError) as exc:
        raise GraphFileError(path, f"its graph has the wrong shape ({exc})") from exc
    graph: nx.MultiDiGraph = nx.MultiDiGraph()
    graph.add_nodes_from(node_rows)
    graph.add_edges_from(edge_rows)
    return graph


def _node_row(row: Any) -> tuple[str, dict[str, Any]]:
    node_id, node_type, name, props = row
    if node_type not in _NODE_TYPES:
        raise ValueError(f"unknown node type {node_type!r}")
    if not isinstance(props, dict):
        raise TypeError("node properties must be an object")
    props["type"] = node_type
    props["name"] = _str(name)
    return _str(node_id), props


def _edge_row(row: Any, ids: set[str]) -> tuple[str, str, str, dict[str, Any]]:
    source, target, rel, key, props = row
    if rel not in _RELS:
        raise ValueError(f"unknown edge type {rel!r}")
    if source not in ids or target not in ids:
        raise ValueError("an edge names a node that is not in the file")
    if not isinstance(props, dict):
        raise TypeError("edge properties must be an object")
    props["type"] = rel
    return source, target, f"{rel}|{_str(key)}", props


def _counts(raw: Any) -> dict[str, int]:
    if not isinstance(raw, dict):
        raise TypeError("counts must be an object")
    return {_str(k): _int(v) for k, v in raw.items()}


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError("expected a count")
    return value


# -- writing ----------------------------------------------------------------------------------


def _encode(graph: nx.MultiDiGraph) -> tuple[bytes, str]:
    """The file's bytes for `graph` and its body's fingerprint."""
    nodes = []
    node_types: Counter[str] = Counter()
    documents = []
    for node_id, attrs in graph.nodes(data=True):
        props = {k: v for k, v in attrs.items() if k not in ("type", "name")}
        nodes.append((node_id, attrs["type"], attrs["name"], props))
        node_types[attrs["type"]] += 1
        if attrs["type"] == NodeType.DOCUMENT.value:
            documents.append(node_id)
    edges = []
    edge_types: Counter[str] = Counter()
    for source, target, key, attrs in graph.edges(keys=True, data=True):
        props = {k: v for k, v in attrs.items() if k != "type"}
        edges.append((source, target, attrs["type"], key.split("|", 1)[1], props))
        edge_types[attrs["type"]] += 1
    body = orjson.dumps({"nodes": nodes, "edges": edges})
    fingerprint = _fingerprint(body)
    header = {
        "nodes": dict(sorted(node_types.items())),
        "edges": dict(sorted(edge_types.items())),
        "documents": sorted(documents),
        "body_bytes": len(body),
        "fingerprint": fingerprint,
    }
    return b"%s %d\n%s\n%s" % (_MAGIC, _VERSION, orjson.dumps(header), body), fingerprint


def write_graph(
    graph: nx.MultiDiGraph, path: Path, midway: Callable[[], None] | None = None
) -> tuple[str, int]:
    """Replace `path` with `graph`, atomically and durably; the old file stays on failure.

    Returns the fingerprint and size of the file written. `midway` is called when half of
    the temporary file is written (fault tests stop the process there).

    Args:
        graph: the graph to store.
        path: the graph file to replace.
        midway: called when half of the temporary file is written.
    """
    payload, fingerprint = _encode(graph)
    path.parent.mkdir(parents=True, exist_ok=True)
    with write_lock(path):
        _check_replaceable(path)
        _remove_stray_temporaries(path)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            try:
                half = len(payload) // 2
                _write_all(fd, memoryview(payload)[:half])
                if midway is not None:
                    midway()
                _write_all(fd, memoryview(payload)[half:])
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        _fsync_folder(path.parent)
    return fingerprint, len(payload)


def _write_all(fd: int, view: memoryview) -> None:
    while view:
        view = view[os.write(fd, view) :]


def _check_replaceable(path: Path) -> None:
    """A file that is not a graph file (someone's own JSON named by mistake) is not clobbered.

    Only its first bytes are read: a damaged graph file still starts with the magic line, and
    its repair must not depend on the rest.
    """
    try:
        with path.open("rb") as fh:
            start = fh.read(64)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreUnavailable("networkx", f"cannot read {path}: {exc.strerror}") from exc
    if start and not start.startswith((_MAGIC + b" ", _OLD_FORMAT)):
        raise StoreUnavailable(
            "networkx",
            f"{path} is not a policykg graph file; not overwriting it "
            "(choose another POLICYKG_GRAPH_FILE)",
            refused=True,
        )


def _remove_stray_temporaries(path: Path) -> None:
    """Left by a writer killed mid-write; the lock says no writer is running now."""
    for stray in path.parent.glob(f".{path.name}.*.tmp"):
        stray.unlink(missing_ok=True)


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_held: Counter[str] = Counter()
_held_guard = threading.Lock()


@contextlib.contextmanager
def write_lock(path: Path) -> Iterator[None]:
    """One writer at a time in the graph file's folder, across processes; else GraphFileBusy.

    Re-entrant within a process, so `policykg build` can hold it from its first read of a
    document to the rename, and the store's write inside it does not lock itself out.

    Args:
        path: the graph file (the lock is on its folder).
    """
    key = str(path.resolve())
    with _held_guard:
        if _held[key]:
            _held[key] += 1
            fd = None
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                # the folder, not a lock file: nothing is left behind, and a rename inside the
                # folder does not change what is locked
                fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
            except OSError as exc:
                raise StoreUnavailable(
                    "networkx",
                    f"cannot write the graph to {path}: {exc.filename}: {exc.strerror}",
                ) from exc
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise GraphFileBusy(path) from None
            _held[key] = 1
    try:
        yield
    finally:
        with _held_guard:
            _held[key] -= 1
            if fd is not None:
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)


def _fingerprint(body: bytes) -> str:
    import hashlib  # only a whole-graph read or a write checks the body; a query reads the index

    return hashlib.blake2b(body, digest_size=16).hexdigest()
