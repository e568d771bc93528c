"""Answers serialised once: a route's result dataclass straight to JSON bytes.

FastAPI checks what a route returns against its `response_model` (a validation pass over every
field, in a worker thread of its own for a plain `def` route) and then serialises it. The
query layer's results are frozen dataclasses whose types already are the schema, so the JSON
routes (health, tasks, entities, themes, documents, agencies, analyses, paths, compare) run
their query and serialise the result in one worker thread, with the serialiser pydantic builds
for that result type, and return the bytes. Each keeps its `response_model`: the OpenAPI schema and the bytes
sent are the ones FastAPI gives (tests/api/test_answers.py).

    @router.get("/tasks", response_model=Page[TaskHit])
    async def list_tasks(store: StoreDep, ...) -> Response:
        return await json_answer(Page[TaskHit], store.tasks, query)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import Response
from fastapi.concurrency import run_in_threadpool
from pydantic import TypeAdapter

__all__ = ["json_answer"]

_T = TypeVar("_T")

#: One serialiser per result type: building one costs far more than using it.
_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}


def _json_bytes(kind: Any, value: Any) -> bytes:
    """`value` as the JSON FastAPI sends for a `response_model` of `kind`.

    Args:
        kind: the declared result type, e.g. `Page[TaskHit]`.
        value: an instance of it.

    Returns:
        Compact UTF-8 JSON, fields in declaration order.
    """
    adapter = _ADAPTERS.get(kind)
    if adapter is None:
        adapter = _ADAPTERS[kind] = TypeAdapter(kind)
    return adapter.dump_json(value)


async def json_answer(kind: Any, work: Callable[..., _T], *args: Any) -> Response:
    """Run `work(*args)` in a worker thread (its loops check the request budget there) and
    answer with its result serialised in that same thread.

    Args:
        kind: the route's `response_model`.
        work: the query, e.g. `store.tasks`.
        *args: its arguments.

    Returns:
        A 200 application/json response.
    """
    body = await run_in_threadpool(lambda: _json_bytes(kind, work(*args)))
    return Response(body, media_type="application/json")
