"""Domain errors, one root with specific leaves; data lives on the instance.

```
PolicyKGError
  FileContentError (path, line, reason)   -> CLI exit 2
    DocumentError                         -> HTTP 422
    GazetteerError
  EntityNotFound (query, suggestions)     -> 404
  AmbiguousEntity (query, candidates)     -> 409
  NodeNotFound (node_id)                  -> 404
  InvalidQuery (reason)                   -> 422
  StoreUnavailable (backend, reason)      -> 503
    GraphFileError (path, problem)        -> 503, CLI exit 3: rebuild the file
    GraphFileBusy (path)                  -> CLI exit 3: another build is writing it
  BudgetExceeded (budget)                 -> 503 with Retry-After
```
Entry points (CLI, API) map these to exit codes and HTTP responses in one place each.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

__all__ = [
    "AmbiguousEntity",
    "BudgetExceeded",
    "DocumentError",
    "EntityNotFound",
    "FileContentError",
    "GazetteerError",
    "GraphFileBusy",
    "GraphFileError",
    "InvalidQuery",
    "NodeNotFound",
    "PolicyKGError",
    "StoreUnavailable",
]


class PolicyKGError(Exception):
    """Root of every error policykg raises on purpose."""

    #: The command line's exit status for it: 2 bad input, 3 no store, 1 the rest.
    exit_code: ClassVar[int] = 1


class FileContentError(PolicyKGError):
    """A file given to policykg is not what it must be: `path:line: reason`.

    Args:
        path: the file's path (or name) as the user gave it.
        reason: what is wrong with it.
        line: the line the problem is on (None: the whole file).
    """

    exit_code = 2

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path, self.reason, self.line = path, reason, line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {reason}")


class DocumentError(FileContentError):
    """A source document cannot be read or has no recognisable structure (its `path` as the
    user gave it, `line` None for the whole document)."""


class GazetteerError(FileContentError):
    """A gazetteer file is malformed."""


class EntityNotFound(PolicyKGError):
    """No entity answers to the query; `suggestions` holds close names.

    Args:
        query: the name or id asked for.
        suggestions: close names, best first (graph.naming.suggestions).
    """

    def __init__(self, query: str, suggestions: Sequence[str] = ()) -> None:
        self.query, self.suggestions = query, list(suggestions)
        hint = f" (did you mean: {', '.join(self.suggestions)})" if self.suggestions else ""
        super().__init__(f"no entity matches {query!r}{hint}")


class AmbiguousEntity(PolicyKGError):
    """Several entities answer to the query; `candidates` holds their ids and names.

    Args:
        query: the name asked for.
        candidates: (id, name, type) of each entity that answers to it.
    """

    def __init__(self, query: str, candidates: Sequence[tuple[str, str, str]]) -> None:
        # candidates: (id, name, type)
        self.query, self.candidates = query, list(candidates)
        names = ", ".join(f"{name} [{node_id}]" for node_id, name, _ in self.candidates)
        super().__init__(f"{query!r} is ambiguous: {names}; use an id")


class NodeNotFound(PolicyKGError):
    """No node has this id.

    Args:
        node_id: the id asked for.
    """

    def __init__(self, node_id: str) -> None:
        self.node_id = node_id
        super().__init__(f"no node with id {node_id!r}")


class InvalidQuery(PolicyKGError):
    """A query's parameters make no sense together or exceed a bound.

    Args:
        reason: what is wrong with the query, as the user reads it.
    """

    exit_code = 2

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class StoreUnavailable(PolicyKGError):
    """The graph backend cannot be reached or refused us.

    `refused`: waiting will not help (wrong credentials, a malformed URI); a server that is
    down or restarting may come back, so the API retries those per request.

    Args:
        backend: 'neo4j' or 'networkx'.
        reason: why it cannot be used.
        refused: True when waiting will not help.
    """

    exit_code = 3

    def __init__(self, backend: str, reason: str, *, refused: bool = False) -> None:
        self.backend, self.reason, self.refused = backend, reason, refused
        super().__init__(f"{backend} store unavailable: {reason}")


class GraphFileError(StoreUnavailable):
    """The networkx graph file cannot be used: unreadable, damaged, or of another format.

    `reason` (what the API sends) names neither the path nor the parser's message: clients
    learn that the server must rebuild, not where its files are. str() has both, for the CLI.

    Args:
        path: the graph file.
        problem: what is wrong with it (str() shows it; `reason` does not).
    """

    def __init__(self, path: Path, problem: str) -> None:
        self.path, self.problem = path, problem
        super().__init__("networkx", "the graph file cannot be used; rebuild it (policykg build)")

    def __str__(self) -> str:
        return f"graph file {self.path}: {self.problem}; rebuild it with `policykg build`"


class GraphFileBusy(StoreUnavailable):
    """Another process is writing the graph file (a second `policykg build` at once).

    Args:
        path: the graph file being written.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__("networkx", "another build is writing the graph file", refused=True)

    def __str__(self) -> str:
        return f"another `policykg build` is writing {self.path}; run this one when it is done"


class BudgetExceeded(PolicyKGError):
    """A request ran out of its time budget or its client went away; the work was stopped.

    Args:
        budget: the request's budget in seconds.
        reason: why the work stopped, as the client reads it ("": it needed more than the
            budget).
    """

    def __init__(self, budget: float, reason: str = "") -> None:
        self.budget, self.reason = budget, reason
        super().__init__(reason or f"the request needed more than its {budget:g} s budget")
