"""GET /compare?a=doc:…&b=doc:…: two documents of the graph aligned unit by unit, as JSON;
GET /compare/report: the same comparison as the offline side-by-side HTML page.

Units are a law's articles (第X条) or any other document's tasks; every pair is same, changed
(with a character diff and the entities gained and lost), added (only in b) or removed (only
in a). The explorer links a document pair to /api/v1/compare/report?a=…&b=….
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from policykg.api.answers import json_answer
from policykg.api.deps import MAX_NAME, StoreDep
from policykg.api.query_reader import QueryReader
from policykg.api.routers.maps import HTML_PAGE, json_errors
from policykg.api.schemas import COMMON_ERRORS, error_responses
from policykg.graph.compare.answers import ComparedDocument, ComparisonAnswer
from policykg.graph.store import GraphStore

__all__ = ["DocumentPair", "router"]

router = APIRouter(tags=["compare"])

#: What GET /compare answers: two documents of the graph (`policykg compare --json` writes the
#: same shape, with a `path` for documents read from files).
_StoredComparison = ComparisonAnswer[ComparedDocument]

_DocumentId = Annotated[
    str,
    Query(
        min_length=1,
        max_length=MAX_NAME,
        pattern=r"^doc:.+",
        description="A document id of the graph (doc:…), as `policykg stats --json` lists them.",
    ),
]


class DocumentPair(BaseModel):
    """The two documents compared (both routes)."""

    a: _DocumentId
    b: _DocumentId


#: The routes' query parameters, read in one pass (api/query_reader.py).
_PAIR_QUERY = QueryReader(DocumentPair)


@router.get(
    "/compare",
    response_model=_StoredComparison,
    responses=error_responses(*COMMON_ERRORS, 404),
    openapi_extra=_PAIR_QUERY.openapi,
)
async def compare(request: Request, store: StoreDep) -> Response:
    """Align document a's units with document b's: every pair with its status, both units
    (`id`, `label`, `text`, null on the missing side), diff and entity changes; a summary."""
    pair = _PAIR_QUERY.single(request, DocumentPair)
    return await json_answer(_StoredComparison, _compared, store, pair.a, pair.b)


def _compared(store: GraphStore, a: str, b: str) -> ComparisonAnswer[ComparedDocument]:
    from policykg.compare_present import comparison_answer
    from policykg.compare_stored import compare_stored

    result = compare_stored(store, a, b)
    return comparison_answer(result.comparison, result.a, result.b)


@router.get(
    "/compare/report",
    response_class=HTMLResponse,
    responses={**HTML_PAGE, **json_errors(*COMMON_ERRORS, 404)},
    openapi_extra=_PAIR_QUERY.openapi,
)
def compare_report(request: Request, store: StoreDep) -> HTMLResponse:
    """The comparison as one offline page: both documents side by side, changes marked."""
    from policykg.compare_stored import compare_stored, report_titles
    from policykg.viz.compare_report import render_report

    pair = _PAIR_QUERY.single(request, DocumentPair)
    result = compare_stored(store, pair.a, pair.b)
    return HTMLResponse(render_report(result.comparison, *report_titles(result)))
