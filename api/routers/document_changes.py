"""POST /documents and DELETE /documents/{id}: add and remove documents of the served graph.

Both change the graph as `policykg add` and `remove` do (policykg.pipeline): atomically, to
exactly what a clean build of the resulting documents gives, and the server answers from the
new graph as soon as the change is committed. (GET /documents, the listing, is
api/routers/documents.py.)

Writing needs the API token: with POLICYKG_API_TOKEN unset, the server is read-only and these
routes answer 403. An upload is a multipart form with one `file` field, or JSON
`{"name": "…", "text": "…"}`; its name (the last part of a path, without its suffix, made
well-formed by loaders.document_names as for `policykg add`) is the document's id
(`doc:<name>`), and a stored id is replaced. The request must say its length
(Content-Length), and a body above the document size limit (POLICYKG_MAX_DOCUMENT_BYTES) is
refused before it is read; empty, binary and undecodable uploads are refused as `policykg
build` refuses such files (422 document_error). Any refusal leaves the graph untouched.
"""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field, ValidationError

from policykg.api.deps import (
    MAX_NAME,
    SettingsDep,
    StoreDep,
    StoreHolder,
    app_settings,
    bearer_token_error,
)
from policykg.api.schemas import COMMON_ERRORS, error_responses
from policykg.errors import DocumentError
from policykg.graph.corpus import Change
from policykg.graph.store import GraphStore
from policykg.loaders.extract import Extractor
from policykg.loaders.gazetteer import Gazetteer
from policykg.settings import Settings

__all__ = ["DocumentChange", "DocumentText", "router"]

router = APIRouter(tags=["documents"], responses=error_responses(*COMMON_ERRORS))

#: Bytes of a request beyond the document itself: multipart boundaries and headers.
_ENVELOPE_BYTES = 64 << 10
#: A JSON string may spell each character of the text as \uXXXX (6 bytes for up to 3 of UTF-8).
_JSON_EXPANSION = 6
_MAX_NAME_BYTES = 255  # a file name on Linux file systems, in UTF-8 bytes
_lock = threading.Lock()  # one change at a time in this server
_tools_lock = threading.Lock()


class DocumentText(BaseModel):
    """A document sent as JSON text."""

    name: str = Field(min_length=1, max_length=MAX_NAME, description="File name: gives the id.")
    text: str = Field(min_length=1, description="The document's text (plain text or HTML).")


class DocumentChange(BaseModel):
    """What a change did, and the size of the graph after it."""

    added: list[str]
    replaced: list[str]
    removed: list[str]
    documents: int
    node_total: int
    edge_total: int


async def _require_write_token(request: Request) -> None:
    """Changes need the API token: a server without one is read-only."""
    token = app_settings(request).api_token
    if token is None:
        raise HTTPException(
            403, "this server is read-only: set POLICYKG_API_TOKEN to add or remove documents"
        )
    if error := bearer_token_error(request, token.get_secret_value().encode()):
        raise error


_WriteToken = Depends(_require_write_token)
_UPLOAD_BODY: dict[str, Any] = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        },
        "application/json": {"schema": DocumentText.model_json_schema()},
    },
}
_CHANGE_ERRORS: dict[int | str, dict[str, Any]] = {
    403: {"description": "The server is read-only (no API token set)."},
    411: {"description": "The request did not say its length."},
    413: {"description": "The document is above POLICYKG_MAX_DOCUMENT_BYTES."},
    415: {"description": "Neither a multipart form nor JSON."},
}


@router.post(
    "/documents",
    status_code=201,
    response_model=DocumentChange,
    dependencies=[_WriteToken],
    openapi_extra={"requestBody": _UPLOAD_BODY},
    responses={200: {"model": DocumentChange, "description": "Replaced."}, **_CHANGE_ERRORS},
)
async def add_document(
    request: Request, response: Response, store: StoreDep, settings: SettingsDep
) -> DocumentChange:
    """Add one document (201), or replace the stored document of that id (200)."""
    name, raw = await _upload(request, settings.max_document_bytes)
    change = await run_in_threadpool(_add, request, store, settings, name, raw)
    if change.replaced:
        response.status_code = 200
    return await run_in_threadpool(_answer, request, store, change)


@router.delete(
    "/documents/{doc_id:path}",  # the path of GET /documents/{doc_id}: one resource, two methods
    response_model=DocumentChange,
    dependencies=[_WriteToken],
    responses=_CHANGE_ERRORS,
)
async def remove_document(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    doc_id: Annotated[str, PathParam(min_length=1, max_length=MAX_NAME + 4)],
) -> DocumentChange:
    """Remove a document (`doc:<name>`), and the entities only it named."""
    from policykg.pipeline import remove_documents

    def remove() -> Change:
        gazetteer, _ = _tools(request, settings)
        with _lock:
            return remove_documents(store, [doc_id], gazetteer)

    change = await run_in_threadpool(remove)
    return await run_in_threadpool(_answer, request, store, change)


async def _upload(request: Request, max_bytes: int) -> tuple[str, bytes]:
    """The name and bytes of the uploaded document, refused before reading when too large."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in ("multipart/form-data", "application/json"):
        raise HTTPException(415, "send a multipart form with a `file`, or JSON {name, text}")
    declared = request.headers.get("content-length")
    if declared is None or not declared.isdigit():
        raise HTTPException(411, "say the upload's length (Content-Length)")
    factor = _JSON_EXPANSION if kind == "application/json" else 1
    if int(declared) > max_bytes * factor + _ENVELOPE_BYTES:
        raise _too_large(max_bytes)
    if kind == "application/json":
        try:
            sent = DocumentText.model_validate_json(await request.body())
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()
            )
            raise DocumentError(
                "<upload>", f"not a document of the form {{name, text}}: {problems}"
            ) from None
        raw = sent.text.encode("utf-8")
        name = sent.name
    else:
        form = await request.form(max_files=1, max_fields=1)
        upload = form.get("file")
        if upload is None or isinstance(upload, str) or not upload.filename:
            raise DocumentError("<upload>", "the form has no `file` with a file name")
        raw = await upload.read(max_bytes + 1)
        name = upload.filename
        await form.close()
    if len(raw) > max_bytes:
        raise _too_large(max_bytes)
    return _file_name(name), raw


def _too_large(max_bytes: int) -> HTTPException:
    return HTTPException(
        413, f"the document is larger than {max_bytes:,} bytes (POLICYKG_MAX_DOCUMENT_BYTES)"
    )


def _file_name(name: str) -> str:
    """The last part of a path a browser or client sent (C:\\x\\a.txt or a/b.txt), checked."""
    base = PureWindowsPath(PurePosixPath(name).name).name.strip()
    too_long = len(base.encode("utf-8")) > _MAX_NAME_BYTES  # the file system's limit
    if not base or base.startswith(".") or any(ord(c) < 32 for c in base) or too_long:
        raise DocumentError(name[:MAX_NAME], "not a usable file name for a document")
    return base


def _add(request: Request, store: GraphStore, settings: Settings, name: str, raw: bytes) -> Change:
    """Read the bytes as `policykg add` reads a file (same checks), then add the document."""
    from policykg.pipeline import add_documents, read_documents

    with tempfile.TemporaryDirectory(prefix="policykg-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(raw)
        try:
            documents = read_documents([path], settings.max_document_bytes)
        except DocumentError as exc:  # name the upload, not the temporary file
            raise DocumentError(name, exc.reason) from None
    tools = _tools(request, settings)
    with _lock:
        return add_documents(store, documents, tools)


def _tools(request: Request, settings: Settings) -> tuple[Gazetteer, Extractor]:
    """The gazetteer and extractor, built on the first change and kept by the app."""
    from policykg.pipeline import gazetteer_and_extractor

    with _tools_lock:
        tools: tuple[Gazetteer, Extractor] | None = getattr(
            request.app.state, "document_tools", None
        )
        if tools is None:
            tools = gazetteer_and_extractor(settings.gazetteer_dir)
            request.app.state.document_tools = tools
        return tools


def _answer(request: Request, store: GraphStore, change: Change) -> DocumentChange:
    holder: StoreHolder = request.app.state.stores
    holder.written()
    stats = store.stats()
    return DocumentChange(
        added=list(change.added),
        replaced=list(change.replaced),
        removed=[d for d in change.removed if d not in change.replaced],
        documents=len(stats.documents),
        node_total=stats.node_total,
        edge_total=stats.edge_total,
    )
