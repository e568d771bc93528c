"""GET /documents (listed by facets, or ranked by the tasks touching an entity), GET
/documents/{id} (metadata, outline with counts, entities named most) and GET
/entities/{ref}/timeline (an entity's tasks and documents per year and level).

Adding and removing documents (POST, DELETE) live in their own router module.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from policykg.api.answers import json_answer
from policykg.api.deps import MAX_NAME, PagingDep, StoreDep
from policykg.api.facets import FacetsDep
from policykg.api.params import EntityRef, ExpandParam, MatchParam, Touches
from policykg.api.schemas import COMMON_ERRORS, error_responses
from policykg.graph.document_results import DocumentDetail, DocumentHit, Timeline
from policykg.graph.results import Page, TaskQuery

router = APIRouter(tags=["documents"], responses=error_responses(*COMMON_ERRORS))


@router.get("/documents", response_model=Page[DocumentHit], responses=error_responses(404, 409))
async def list_documents(
    store: StoreDep,
    page: PagingDep,
    facets: FacetsDep,
    touches: Touches = [],  # noqa: B006 (FastAPI copies defaults)
    match: MatchParam = "any",
    expand: ExpandParam = "narrower",
) -> Response:
    """Documents by kind, level, issuer and year, oldest first; with `touches`, those whose
    tasks touch the entities, most such tasks (`matched`) first, `direct` naming it itself."""
    query = TaskQuery.of(
        touches,
        match=match,
        expand=expand,
        limit=page.limit,
        offset=page.offset,
        facets=facets,
    )
    return await json_answer(Page[DocumentHit], store.documents, query)


@router.get(
    "/documents/{doc_id:path}", response_model=DocumentDetail, responses=error_responses(404)
)
async def document_detail(
    store: StoreDep,
    doc_id: Annotated[
        str,
        Path(
            min_length=1,
            max_length=MAX_NAME,
            description="A document id, e.g. doc:mee-2026-key-tasks",
        ),
    ],
) -> Response:
    """The document's metadata, its themes and focus areas with task counts, and the entities
    its tasks name most."""
    return await json_answer(DocumentDetail, store.document_detail, doc_id)


@router.get(
    "/entities/{ref:path}/timeline",
    response_model=Timeline,
    tags=["entities"],
    responses=error_responses(404, 409),
)
async def entity_timeline(
    store: StoreDep,
    facets: FacetsDep,
    ref: EntityRef,
    expand: ExpandParam = "narrower",
) -> Response:
    """The tasks touching the entity (as GET /tasks?touches=) and their documents, per year of
    the documents' dates and per level (national, provincial, prefecture, county)."""
    query = TaskQuery.of(expand=expand, facets=facets)
    return await json_answer(Timeline, store.timeline, ref, query)
