"""POST and DELETE /documents probed as an attacker would (api/routers/document_changes.py).

Seen before: a JSON upload named with 196 Chinese characters (fewer than the 200 the schema
allows, but 592 bytes) answered 500 (the file system's "File name too long"); an upload or a
delete that took longer than the request budget answered 503 `over_budget` ("the work was
stopped") while the change went on and was committed.
"""

from __future__ import annotations

from pathlib import Path

import httpx
from api_support import ServerThread, make_settings

from policykg.api.app import create_app
from policykg.graph.networkx_store import NetworkXStore
from policykg.pipeline import build_from_files

ROOT = Path(__file__).resolve().parents[2]
GAZETTEERS = ROOT / "data" / "gazetteers"
DEV = ROOT / "data" / "corpus" / "dev"
BASE = DEV / "02-carbon-emissions-trading-interim-regulation-2024.txt"
UPLOAD = DEV / "17-beijing-ecological-conservation-area-regulation-2021.txt"
TOKEN = "document-faults-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _server(tmp_path: Path, **settings: object) -> tuple[ServerThread, Path]:
    path = tmp_path / "graph.json"
    NetworkXStore(path).replace(build_from_files([BASE], GAZETTEERS))
    app = create_app(make_settings("networkx", path, api_token=TOKEN, **settings))
    return ServerThread(app, healthy=False), path


def test_a_name_too_long_for_the_file_system_is_refused_cleanly(tmp_path: Path) -> None:
    server, path = _server(tmp_path)
    before = path.read_bytes()
    name = "黄" * 196 + ".txt"  # 200 characters, 592 bytes of UTF-8
    with server:
        answer = httpx.post(
            f"{server.url}/api/v1/documents",
            json={"name": name, "text": UPLOAD.read_text(encoding="utf-8")},
            headers=AUTH,
            timeout=120,
        )
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"]["code"] == "document_error"
    assert path.read_bytes() == before


def test_a_change_runs_to_its_answer_whatever_the_request_budget(tmp_path: Path) -> None:
    """A budget too small for any work: reads are stopped, changes answer what they did."""
    server, path = _server(tmp_path, request_seconds=1e-9)
    with server, httpx.Client(base_url=f"{server.url}/api/v1", timeout=120) as client:
        assert client.get("/themes", headers=AUTH).status_code == 503  # the budget is in force
        files = {"file": (UPLOAD.name, UPLOAD.read_bytes(), "text/plain")}
        added = client.post("/documents", files=files, headers=AUTH)
        assert added.status_code == 201, added.text
        stored = {n.id for n in NetworkXStore(path).dump().nodes}
        assert f"doc:{UPLOAD.stem}" in stored
        removed = client.delete(f"/documents/doc:{UPLOAD.stem}", headers=AUTH)
        assert removed.status_code == 200, removed.text
    assert f"doc:{UPLOAD.stem}" not in {n.id for n in NetworkXStore(path).dump().nodes}
