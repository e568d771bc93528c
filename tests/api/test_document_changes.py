"""POST /documents and DELETE /documents/{id} on a real uvicorn server, on both stores.

The server answers from the changed graph at once (no restart): a task of an uploaded
document is there right after the upload and gone right after the delete; the graph after
upload and delete is exactly the clean build it started as. Refused uploads (too large,
binary, undecodable, noise that decodes, empty, a name that gives no id, no token, no length,
another media type) leave it untouched; a hostile name gives a well-formed id.
"""

from __future__ import annotations

import dataclasses
import random
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from api_support import ServerThread, make_settings

from policykg.api.app import create_app
from policykg.graph.model import GraphData
from policykg.graph.networkx_store import NetworkXStore
from policykg.graph.store import GraphStore
from policykg.pipeline import build_from_files

ROOT = Path(__file__).resolve().parents[2]
GAZETTEERS = ROOT / "data" / "gazetteers"
DEV = ROOT / "data" / "corpus" / "dev"
BASE_FILES = [DEV / "02-carbon-emissions-trading-interim-regulation-2024.txt"]
UPLOAD = DEV / "17-beijing-ecological-conservation-area-regulation-2021.txt"
UPLOAD_ID = f"doc:{UPLOAD.stem}"
TOKEN = "document-changes-token"
MAX_BYTES = 200_000
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def base_graph() -> GraphData:
    return build_from_files(BASE_FILES, GAZETTEERS)


@pytest.fixture(scope="module")
def upload_task(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The id of the uploaded document's first task (from a build of it alone)."""
    data = build_from_files([UPLOAD], GAZETTEERS)
    return min((n for n in data.nodes if n.type.value == "Task"), key=lambda n: n.props["seq"]).id


@pytest.fixture(params=["networkx", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def served(
    request: pytest.FixtureRequest, tmp_path: Path, base_graph: GraphData
) -> Iterator[tuple[httpx.Client, GraphStore]]:
    """A client of a real server with the token set over `base_graph`, and the store behind."""
    path = tmp_path / "graph.json"
    if request.param == "neo4j":
        shared = request.getfixturevalue("neo4j_db")
        shared.forget()
        store: GraphStore = shared.holding(base_graph)
    else:
        NetworkXStore(path).replace(base_graph)
        store = NetworkXStore(path)
    settings = make_settings(request.param, path, api_token=TOKEN, max_document_bytes=MAX_BYTES)
    try:
        with (
            ServerThread(create_app(settings)) as running,
            httpx.Client(base_url=f"{running.url}/api/v1", timeout=120) as client,
        ):
            yield client, store
    finally:
        if request.param == "neo4j":
            request.getfixturevalue("neo4j_db").forget()


def current(store: GraphStore) -> GraphData:
    """What the store holds now (a networkx store re-reads its file)."""
    if isinstance(store, NetworkXStore) and store.path is not None:
        return NetworkXStore(store.path).dump()
    return store.dump()


def no_none(data: GraphData) -> GraphData:
    return dataclasses.replace(
        data,
        nodes=tuple(
            dataclasses.replace(n, props={k: v for k, v in n.props.items() if v is not None})
            for n in data.nodes
        ),
    )


def test_an_upload_is_answered_from_at_once_and_a_delete_takes_it_away(
    served: tuple[httpx.Client, GraphStore], base_graph: GraphData, upload_task: str
) -> None:
    client, store = served
    assert client.get(f"/tasks/{upload_task}", headers=AUTH).status_code == 404
    files = {"file": (UPLOAD.name, UPLOAD.read_bytes(), "text/plain")}
    added = client.post("/documents", files=files, headers=AUTH)
    assert added.status_code == 201, added.text
    assert added.json()["added"] == [UPLOAD_ID] and added.json()["documents"] == 2
    task = client.get(f"/tasks/{upload_task}", headers=AUTH)
    assert task.status_code == 200 and task.json()["task"]["id"] == upload_task
    assert UPLOAD_ID in client.get("/health").json()["documents"]
    want = no_none(build_from_files([*BASE_FILES, UPLOAD], GAZETTEERS))
    assert current(store) == want

    again = client.post("/documents", files=files, headers=AUTH)  # the same name: replaced
    assert again.status_code == 200 and again.json()["replaced"] == [UPLOAD_ID]
    assert current(store) == want

    gone = client.delete(f"/documents/{UPLOAD_ID}", headers=AUTH)
    assert gone.status_code == 200, gone.text
    assert gone.json()["removed"] == [UPLOAD_ID] and gone.json()["documents"] == 1
    assert client.get(f"/tasks/{upload_task}", headers=AUTH).status_code == 404
    assert current(store) == no_none(base_graph)
    missing = client.delete(f"/documents/{UPLOAD_ID}", headers=AUTH)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "node_not_found"


def test_json_text_is_an_upload_too(
    served: tuple[httpx.Client, GraphStore], upload_task: str
) -> None:
    client, store = served
    body = {"name": UPLOAD.name, "text": UPLOAD.read_text(encoding="utf-8")}
    added = client.post("/documents", json=body, headers=AUTH)
    assert added.status_code == 201, added.text
    assert client.get(f"/tasks/{upload_task}", headers=AUTH).status_code == 200
    assert UPLOAD_ID in {n.id for n in current(store).nodes}


def _noise(pairs: int) -> bytes:
    """Bytes in GB18030's two-byte ranges: they decode, to rare and private-use characters."""
    r = random.Random(7)
    return bytes(
        b for _ in range(pairs) for b in (r.randrange(0x81, 0xFE), r.randrange(0x40, 0xFE))
    )


def _samples(count: int) -> bytes:
    """Raw 16-bit audio samples: they decode as UTF-16 without a BOM, to rare characters."""
    r = random.Random(3)
    return struct.pack(f"<{count}h", *(r.randrange(-32768, 32767) for _ in range(count)))


@pytest.mark.parametrize(
    ("name", "doc_id"),
    [
        ("<script>alert(1)</script>.txt", "doc:script"),  # a path: its last part is the name
        ("<img src=x onerror=alert(1)>.txt", "doc:img_src_x_onerror_alert(1)"),
        ("C:\\文件\\黄河  规划（试行）.txt", "doc:黄河_规划(试行)"),
    ],
)
def test_a_hostile_name_gives_a_well_formed_id(
    served: tuple[httpx.Client, GraphStore], name: str, doc_id: str
) -> None:
    client, store = served
    added = client.post(
        "/documents", json={"name": name, "text": "第一条 加强黄河治理。"}, headers=AUTH
    )
    assert added.status_code == 201, added.text
    assert added.json()["added"] == [doc_id]
    assert doc_id in {n.id for n in current(store).nodes}
    assert client.delete(f"/documents/{doc_id}", headers=AUTH).status_code == 200


def _refusals() -> dict[str, tuple[dict[str, Any], int, str]]:
    """case -> (request arguments, status, error code)."""

    def upload(name: str, raw: bytes) -> dict[str, Any]:
        return {"files": {"file": (name, raw, "application/octet-stream")}, "headers": AUTH}

    return {
        "oversized": (
            upload("big.txt", "一。".encode() * MAX_BYTES),
            413,
            "request_entity_too_large",
        ),
        "oversized json": (
            {"json": {"name": "big.txt", "text": "一" * MAX_BYTES}, "headers": AUTH},
            413,
            "request_entity_too_large",
        ),
        "binary": (
            upload("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8),
            422,
            "document_error",
        ),
        "undecodable": (upload("noise.txt", bytes(range(256)) * 40), 422, "document_error"),
        "noise that decodes as GB18030": (upload("gb.txt", _noise(3000)), 422, "document_error"),
        "raw 16-bit samples": (upload("pcm.txt", _samples(4000)), 422, "document_error"),
        "a name that gives no id": (
            upload("<>“”.txt", "第一条 加强治理。".encode()),
            422,
            "document_error",
        ),
        "empty": (upload("empty.txt", b"  \n"), 422, "document_error"),
        "hidden name": (upload(".hidden.txt", "第一条 加强治理。".encode()), 422, "document_error"),
        "json of another shape": ({"json": {"title": "x"}, "headers": AUTH}, 422, "document_error"),
        "no token": (
            {"files": {"file": ("a.txt", "第一条 加强治理。".encode())}},
            401,
            "unauthorized",
        ),
        "wrong token": (
            {
                "files": {"file": ("a.txt", "第一条 加强治理。".encode())},
                "headers": {"Authorization": "Bearer no"},
            },
            401,
            "unauthorized",
        ),
        "plain text": (
            {
                "content": "第一条 加强治理。".encode(),
                "headers": {**AUTH, "Content-Type": "text/plain"},
            },
            415,
            "unsupported_media_type",
        ),
        "no length": (
            {
                "content": iter([b'{"name": "a.txt", "text": "x"}']),  # sent chunked
                "headers": {**AUTH, "Content-Type": "application/json"},
            },
            411,
            "length_required",
        ),
    }


@pytest.mark.parametrize("case", list(_refusals()))
def test_a_refused_upload_leaves_the_graph_untouched(
    served: tuple[httpx.Client, GraphStore], case: str
) -> None:
    client, store = served
    before = current(store)
    arguments, status, code = _refusals()[case]
    answer = client.post("/documents", **arguments)
    assert answer.status_code == status, answer.text
    assert answer.json()["error"]["code"] == code
    assert current(store) == before


def test_a_server_without_a_token_is_read_only(tmp_path: Path, base_graph: GraphData) -> None:
    path = tmp_path / "graph.json"
    NetworkXStore(path).replace(base_graph)
    before = path.read_bytes()
    with ServerThread(create_app(make_settings("networkx", path))) as running:
        files = {"file": (UPLOAD.name, UPLOAD.read_bytes())}
        added = httpx.post(f"{running.url}/api/v1/documents", files=files, timeout=60)
        removed = httpx.delete(f"{running.url}/api/v1/documents/doc:x", timeout=60)
    for answer in (added, removed):
        assert answer.status_code == 403
        assert "read-only: set POLICYKG_API_TOKEN" in answer.json()["error"]["message"]
    assert path.read_bytes() == before
