"""GET /documents, /documents/{id}, /entities/{ref}/timeline and the document facets of
GET /tasks, on a real uvicorn server over the corpus graph (eleven documents), per backend."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from api_support import ServerThread, error_of, make_settings

from policykg.api.app import create_app
from policykg.graph.model import GraphData, NodeType
from policykg.graph.networkx_store import NetworkXStore
from policykg.graph.results import DocumentFacets, RankBy
from policykg.graph.store import GraphStore
from policykg.present import to_json
from policykg.viz import maps

YELLOW_RIVER_LAW = "doc:黄河保护法(2022-10-30)"


@pytest.fixture(scope="module", params=["networkx", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def corpus_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(autouse=True)
def corpus_in_neo4j(request: pytest.FixtureRequest, corpus_backend: str) -> None:
    """The shared database holds the corpus graph before each test on the neo4j backend."""
    if corpus_backend == "neo4j":
        request.getfixturevalue("neo4j_db").holding(request.getfixturevalue("corpus_data"))


@pytest.fixture(scope="module")
def corpus_client(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    corpus_data: GraphData,
    corpus_backend: str,
) -> Iterator[httpx.Client]:
    path = tmp_path_factory.mktemp("corpus-api") / "graph.json"
    NetworkXStore(path).replace(corpus_data)
    if corpus_backend == "neo4j":
        request.getfixturevalue("neo4j_db").holding(corpus_data)
    with (
        ServerThread(create_app(make_settings(corpus_backend, path))) as server,
        httpx.Client(base_url=f"{server.url}/api/v1", timeout=60) as http,
    ):
        yield http


def _get(client: httpx.Client, path: str, **params: Any) -> Any:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_documents_are_listed_with_total_and_paging(corpus_client: httpx.Client) -> None:
    every = _get(corpus_client, "/documents", limit=100)
    assert every["total"] == len(every["items"]) == 11
    page = _get(corpus_client, "/documents", limit=3, offset=2)
    assert page["total"] == 11
    assert page["items"] == every["items"][2:5]
    first = every["items"][0]
    assert set(first) == {
        "document", "year", "issuers", "doc_number", "task_count", "matched", "direct"
    }  # fmt: skip
    assert set(first["document"]) == {"id", "title", "kind", "level", "date"}


def test_documents_filtered_by_facets(corpus_client: httpx.Client) -> None:
    laws = _get(corpus_client, "/documents", kind="law")["items"]
    assert laws and all(d["document"]["kind"] == "law" for d in laws)
    local = _get(corpus_client, "/documents", level=["prefecture", "county"])["items"]
    assert {d["document"]["level"] for d in local} == {"prefecture", "county"}
    recent = _get(corpus_client, "/documents", year="2021..2023")["items"]
    assert recent and all(2021 <= d["year"] <= 2023 for d in recent)
    state_council = _get(corpus_client, "/documents", issuer="国务院")["items"]
    assert state_council
    assert all(any("国务院" in name for name in d["issuers"]) for d in state_council)


def test_documents_touching_rank_by_their_tasks(corpus_client: httpx.Client) -> None:
    ranked = _get(corpus_client, "/documents", touches="黄河")
    assert ranked["items"][0]["document"]["id"] == YELLOW_RIVER_LAW
    matched = [d["matched"] for d in ranked["items"]]
    assert matched == sorted(matched, reverse=True) and matched[-1] >= 1
    tasks = _get(corpus_client, "/tasks", touches="黄河", limit=500)
    assert sum(matched) == tasks["total"]
    national = _get(corpus_client, "/documents", touches="Yellow River", level="national")
    assert {d["document"]["level"] for d in national["items"]} == {"national"}


def test_tasks_take_the_document_facets(corpus_client: httpx.Client) -> None:
    every = _get(corpus_client, "/tasks", touches="黄河", limit=500)
    laws = _get(corpus_client, "/tasks", touches="黄河", kind="law", limit=500)
    assert 0 < laws["total"] < every["total"]
    assert all(t["document"]["kind"] == "law" for t in laws["items"])
    one = _get(corpus_client, "/tasks", document=YELLOW_RIVER_LAW, limit=1)
    assert one["items"][0]["document"] == {
        "id": YELLOW_RIVER_LAW,
        "title": "中华人民共和国黄河保护法",
        "kind": "law",
        "level": "national",
        "date": "2022-10-30",
    }


def test_document_detail(corpus_client: httpx.Client) -> None:
    detail = _get(corpus_client, f"/documents/{YELLOW_RIVER_LAW}")
    assert detail["document"]["title"] == "中华人民共和国黄河保护法"
    assert detail["metadata"]["issuers"] == ["全国人民代表大会常务委员会"]
    assert detail["task_count"] == sum(t["task_count"] for t in detail["outline"])
    assert detail["entities"][0]["entity"]["name"] == "黄河"
    error_of(corpus_client.get("/documents/doc:nope"), 404, "node_not_found")


def test_entity_timeline(corpus_client: httpx.Client) -> None:
    found = _get(corpus_client, "/entities/黄河/timeline", expand="none")
    assert found["entity"]["id"] == "region:黄河"
    assert found["tasks"] == sum(y["tasks"] for y in found["years"])
    assert found["tasks"] == sum(lv["tasks"] for lv in found["levels"])
    tasks = _get(corpus_client, "/tasks", touches="黄河", expand="none", limit=500)
    assert found["tasks"] == tasks["total"]
    years = [y["year"] for y in found["years"] if y["year"] is not None]
    assert years == sorted(years) and 2022 in years
    provincial = _get(corpus_client, "/entities/region:黄河/timeline", level="provincial")
    assert {lv["level"] for lv in provincial["levels"]} <= {"provincial"}
    error_of(corpus_client.get("/entities/黄何/timeline"), 404, "entity_not_found")


def test_bad_facets_get_one_clear_error(corpus_client: httpx.Client) -> None:
    # a year of the wrong form fails the schema's pattern, as a bad level fails its enum
    error = error_of(
        corpus_client.get("/documents", params={"year": "20x"}), 422, "validation_error"
    )
    assert error["details"]["errors"][0]["loc"] == ["query", "year"]
    error_of(corpus_client.get("/tasks", params={"year": "2026..2020"}), 422, "invalid_query")
    error_of(corpus_client.get("/documents", params={"level": "city"}), 422, "validation_error")
    error_of(corpus_client.get("/documents", params={"levl": "county"}), 422, "validation_error")


def test_the_server_answers_from_the_corpus_graph(corpus_client: httpx.Client) -> None:
    health = _get(corpus_client, "/health")
    assert len(health["documents"]) == 11


def test_cooccurrence_and_rankings_take_the_document_facets(corpus_client: httpx.Client) -> None:
    pairs = {"rows": "Region", "cols": "Pollutant", "limit": 500}
    every = _get(corpus_client, "/analysis/cooccurrence", **pairs)
    laws = _get(corpus_client, "/analysis/cooccurrence", kind="law", **pairs)
    assert 0 < laws["total"] < every["total"]
    total = {(c["row"]["id"], c["col"]["id"]): c["count"] for c in every["cells"]}
    assert all(c["count"] <= total[c["row"]["id"], c["col"]["id"]] for c in laws["cells"])
    nothing = _get(corpus_client, "/analysis/cooccurrence", kind="no such kind", **pairs)
    assert nothing["total"] == 0

    ranked = _get(corpus_client, "/analysis/rankings", type="Region", level="national", limit=500)
    everywhere = {
        r["id"]: r["score"]
        for r in _get(corpus_client, "/analysis/rankings", type="Region", limit=500)["items"]
    }
    scored = [r for r in ranked["items"] if r["score"]]
    assert scored and all(r["score"] <= everywhere[r["id"]] for r in scored)
    assert any(r["score"] < everywhere[r["id"]] for r in scored), "the facet must count fewer"


@pytest.mark.parametrize("by", ["degree", "betweenness"])
def test_rankings_by_centrality_take_the_document_facets(
    corpus_client: httpx.Client, nx_corpus_store: GraphStore, by: RankBy
) -> None:
    laws = _get(corpus_client, "/analysis/rankings", type="Region", by=by, kind="law", limit=30)
    want = nx_corpus_store.rankings(NodeType.REGION, by, 30, DocumentFacets(kinds=("law",)))
    assert laws["items"] == to_json(list(want))
    assert laws["items"][0]["score"] > 0
    if by == "degree":  # the whole graph's betweenness is slow on a loaded machine
        every = _get(corpus_client, "/analysis/rankings", type="Region", by=by, limit=30)
        assert laws["items"] != every["items"]


def test_touches_and_theme_maps_take_the_document_facets(corpus_client: httpx.Client) -> None:
    laws = _get(corpus_client, "/tasks", touches="黄河", kind="law", limit=1)["total"]
    every = _get(corpus_client, "/tasks", touches="黄河", limit=1)["total"]
    assert 0 < laws < every
    for params, total in (({"kind": "law"}, laws), ({}, every)):
        page = corpus_client.get("/maps/touches", params={"entity": "黄河", **params})
        assert page.status_code == 200, page.text
        assert f"涉及黄河的任务 ({total})" in page.text
    themes = corpus_client.get("/maps/theme/1", params={"kind": "no such kind"})
    error_of(themes, 404, "node_not_found")


def test_ego_and_whole_maps_take_the_document_facets(
    corpus_client: httpx.Client, nx_corpus_store: GraphStore
) -> None:
    laws = DocumentFacets(kinds=("law",))
    ego = corpus_client.get("/maps/ego", params={"entity": "黄河", "limit": 300, "kind": "law"})
    assert ego.status_code == 200, ego.text
    assert ego.text == maps.page(maps.ego_map(nx_corpus_store, "黄河", 1, 300, facets=laws))
    assert ego.text != corpus_client.get("/maps/ego", params={"entity": "黄河", "limit": 300}).text
    whole = corpus_client.get("/maps/all", params={"kind": "law"})
    assert whole.status_code == 200, whole.text
    assert whole.text == maps.page(maps.whole_map(nx_corpus_store, laws))
    assert "<title>policykg: the graph of " in whole.text


def test_ask_takes_the_document_facets(corpus_client: httpx.Client) -> None:
    question = {"q": "哪些任务涉及黄河?", "limit": 500}
    every = _get(corpus_client, "/ask", **question)
    laws = _get(corpus_client, "/ask", kind="law", **question)
    assert 0 < laws["total"] < every["total"]
    assert {t["document"]["kind"] for t in laws["items"]} == {"law"}
    assert laws["total"] == _get(corpus_client, "/tasks", touches="黄河", kind="law")["total"]
