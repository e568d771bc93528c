"""The memo a store keeps of query values (GraphReader.cached): owned by the store object,
keyed by graph version, bounded."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, Generic, TypeVar

__all__ = ["MEMO_SIZE", "VersionMemo"]

_T = TypeVar("_T")
#: What versions are told apart by (a stamp; None for a reader of one fixed version).
_V = TypeVar("_V", bound=Hashable)

#: Values kept per graph version (resolved terms, task orders, pages), the oldest dropped first.
MEMO_SIZE = 1024


class VersionMemo(Generic[_V]):
    """Values by key for one graph version at a time (a value put under another version
    forgets the old ones); at most `size` of them, the oldest dropped first. Shared by the
    store's threads. A reader of one fixed version (a snapshot) uses the version None.

    Args:
        size: the most values kept.

    >>> memo: VersionMemo[str] = VersionMemo(size=2)
    >>> memo.get("v1", "a", lambda: 1), memo.get("v1", "a", lambda: 2)
    (1, 1)
    >>> memo.put("v2", {"b": 3}); memo.holds("v1", "a"), memo.lookup("v2", ["a", "b"])
    (False, {'b': 3})
    """

    def __init__(self, size: int = MEMO_SIZE) -> None:
        self._lock = threading.Lock()
        self._size = size
        self._version: _V | None = None
        self._values: OrderedDict[Hashable, Any] = OrderedDict()

    def get(self, version: _V | None, key: Hashable, compute: Callable[[], _T]) -> _T:
        """The value of `key` under `version`, computed (outside the lock) on a miss.

        Args:
            version: the graph version the value is for.
            key: what identifies the value.
            compute: computes the value when it is not kept.
        """
        with self._lock:
            if version == self._version and key in self._values:
                return self._values[key]  # type: ignore[no-any-return]
        value = compute()
        self.put(version, {key: value})
        return value

    def holds(self, version: _V | None, key: Hashable) -> bool:
        """Whether a value of `key` is kept under `version`.

        Args:
            version: the graph version asked about.
            key: what identifies the value.
        """
        with self._lock:
            return version == self._version and key in self._values

    def lookup(self, version: _V | None, keys: Iterable[Hashable]) -> dict[Hashable, Any]:
        """The values kept under `version` for those of `keys` that have one.

        Args:
            version: the graph version asked about.
            keys: what identifies the values.
        """
        with self._lock:
            if version != self._version:
                return {}
            return {k: self._values[k] for k in keys if k in self._values}

    def put(self, version: _V | None, values: Mapping[Hashable, Any]) -> None:
        """Keep `values` under `version` (forgetting what another version kept).

        Args:
            version: the graph version the values are for.
            values: key -> value.
        """
        with self._lock:
            if version != self._version:
                self._version, self._values = version, OrderedDict()
            self._values.update(values)
            while len(self._values) > self._size:
                self._values.popitem(last=False)

    @property
    def version(self) -> _V | None:
        """The version the values are for (None: nothing kept, or a fixed version)."""
        return self._version

    def clear(self) -> None:
        """Forget every value."""
        with self._lock:
            self._version, self._values = None, OrderedDict()
