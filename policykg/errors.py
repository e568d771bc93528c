"""Domain errors, one root with specific leaves; data lives on the instance.

```
PolicyKGError
  DocumentError (path, line, reason)      -> CLI exit 2 / HTTP 422
  GazetteerError (path, line, reason)     -> CLI exit 2
  EntityNotFound (query, suggestions)     -> 404
  AmbiguousEntity (query, candidates)     -> 409
  NodeNotFound (node_id)                  -> 404
  InvalidQuery (reason)                   -> 422
  StoreUnavailable (backend, reason)      -> 503
```
Entry points (CLI, API) map these to exit codes and HTTP responses in one place each.
"""

from __future__ import annotations

from collections.abc import Sequence


class PolicyKGError(Exception):
    """Root of every error policykg raises on purpose."""


class DocumentError(PolicyKGError):
    """A source document cannot be read or has no recognisable structure."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path, self.reason, self.line = path, reason, line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {reason}")


class GazetteerError(PolicyKGError):
    """A gazetteer file is malformed."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path, self.reason, self.line = path, reason, line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {reason}")


class EntityNotFound(PolicyKGError):
    """No entity answers to the query; `suggestions` holds close names."""

    def __init__(self, query: str, suggestions: Sequence[str] = ()) -> None:
        self.query, self.suggestions = query, list(suggestions)
        hint = f" (did you mean: {', '.join(self.suggestions)})" if self.suggestions else ""
        super().__init__(f"no entity matches {query!r}{hint}")


class AmbiguousEntity(PolicyKGError):
    """Several entities answer to the query; `candidates` holds their ids and names."""

    def __init__(self, query: str, candidates: Sequence[tuple[str, str, str]]) -> None:
        # candidates: (id, name, type)
        self.query, self.candidates = query, list(candidates)
        names = ", ".join(f"{name} [{node_id}]" for node_id, name, _ in self.candidates)
        super().__init__(f"{query!r} is ambiguous: {names}; use an id")


class NodeNotFound(PolicyKGError):
    """No node has this id."""

    def __init__(self, node_id: str) -> None:
        self.node_id = node_id
        super().__init__(f"no node with id {node_id!r}")


class InvalidQuery(PolicyKGError):
    """A query's parameters make no sense together or exceed a bound."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class StoreUnavailable(PolicyKGError):
    """The graph backend cannot be reached or refused us.

    `refused`: waiting will not help (wrong credentials, a malformed URI); a server that is
    down or restarting may come back, so the API retries those per request.
    """

    def __init__(self, backend: str, reason: str, *, refused: bool = False) -> None:
        self.backend, self.reason, self.refused = backend, reason, refused
        super().__init__(f"{backend} store unavailable: {reason}")
