"""GET /api/v1/compare and /compare/report over a real uvicorn server, on both stores.

The graph holds two real versions of one law (北京市实施《水法》办法 2019 and 2022) and two
small versions of a regulation written here, whose articles carry markup payloads.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from api_support import ServerThread, error_of, make_settings

from policykg.api.app import create_app
from policykg.graph.model import GraphData
from policykg.graph.networkx_store import NetworkXStore
from policykg.pipeline import build_from_files
from policykg.settings import PACKAGE_DATA

BEIJING = PACKAGE_DATA / "corpus" / "laws" / "DLC" / "北京地方法规" / "地方性法规" / "北京"
WATER_2019 = BEIJING / "北京市实施《水法》办法(2019-07-26).md"
WATER_2022 = BEIJING / "北京市实施《水法》办法(2022-11-25).md"
XSS = "<script>window.__xss=1</script>"
HEAD = "# 测试采砂条例\n\n2026年1月1日 通过\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n"
OLD = HEAD + (
    "第一条 为了加强长江河道采砂管理，制定本条例。\n\n"
    f"第二条 采砂船舶应当停放在{XSS}指定的地点。\n\n"
    "第三条 从事长江采砂活动的单位和个人应当缴纳长江河道砂石资源费。\n"
)
NEW = HEAD + (
    "第一条 为了加强长江河道采砂管理，制定本条例。\n\n"
    f"第二条 采砂船舶应当集中停放在{XSS}指定的地点，并负责管护。\n\n"
    "第三条 禁止运输、销售未经许可开采的黄河砂石。\n"
)


@pytest.fixture(scope="module")
def compare_graph(tmp_path_factory: pytest.TempPathFactory) -> GraphData:
    folder = tmp_path_factory.mktemp("compare-docs")
    (folder / "sand-old.md").write_text(OLD, encoding="utf-8")
    (folder / "sand-new.md").write_text(NEW, encoding="utf-8")
    paths = [WATER_2019, WATER_2022, folder / "sand-old.md", folder / "sand-new.md"]
    return build_from_files(paths, PACKAGE_DATA / "gazetteers")


@pytest.fixture(scope="module", params=["networkx", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def api(
    request: pytest.FixtureRequest,
    compare_graph: GraphData,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[httpx.Client]:
    graph_file = tmp_path_factory.mktemp("compare-api") / "graph.json"
    if request.param == "neo4j":
        request.getfixturevalue("neo4j_db").holding(compare_graph)
    else:
        NetworkXStore(graph_file).replace(compare_graph)
    settings = make_settings(str(request.param), graph_file)
    with (
        ServerThread(create_app(settings)) as server,
        httpx.Client(base_url=f"{server.url}/api/v1", timeout=120) as client,
    ):
        yield client


@pytest.fixture(autouse=True)
def graph_in_neo4j(request: pytest.FixtureRequest) -> None:
    """The shared database holds this module's graph again (other tests load theirs)."""
    if "api" in request.fixturenames and "neo4j" in request.node.callspec.id:
        request.getfixturevalue("neo4j_db").holding(request.getfixturevalue("compare_graph"))


def _compare(api: httpx.Client, a: str, b: str) -> dict[str, object]:
    response = api.get("/compare", params={"a": a, "b": b})
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_two_versions_of_a_law_pair_article_by_article(api: httpx.Client) -> None:
    a, b = f"doc:{WATER_2019.stem}", f"doc:{WATER_2022.stem}"
    body = _compare(api, a, b)
    assert body["a"]["id"] == a and body["b"]["id"] == b  # type: ignore[index]
    assert body["a"]["unit_kind"] == "article"  # type: ignore[index]
    pairs = body["pairs"]
    assert isinstance(pairs, list)
    for pair in pairs:
        assert pair["status"] in ("same", "changed", "added", "removed")
        for side in ("a", "b"):
            unit = pair[side]
            assert unit is None or (unit["id"] and unit["label"].startswith("第") and unit["text"])
        assert (pair["a"] is None) == (pair["status"] == "added")
        assert (pair["b"] is None) == (pair["status"] == "removed")
    summary = body["summary"]
    assert isinstance(summary, dict)
    counts = {s: sum(p["status"] == s for p in pairs) for s in ("same", "changed", "added")}
    assert counts == {s: summary[s] for s in counts} and counts["same"] > 0
    # the gold's judgement call (data/gold/compare/GUIDELINES.md): 2019 第四十六条 -> 2022 第三十九条
    labels = {(p["a"] or {}).get("label"): (p["b"] or {}).get("label") for p in pairs}
    assert labels["第四十六条"] == "第三十九条"


def test_a_changed_article_carries_its_diff_and_text_comes_back_as_stored(
    api: httpx.Client,
) -> None:
    body = _compare(api, "doc:sand-old", "doc:sand-new")
    pairs = body["pairs"]
    assert isinstance(pairs, list)
    assert [p["status"] for p in pairs] == ["same", "changed", "removed", "added"]
    changed = pairs[1]
    inserted = "".join(d["b"] for d in changed["diff"] if d["op"] in ("insert", "replace"))
    assert "集中" in inserted and "负责管护" in inserted
    assert XSS in changed["b"]["text"]  # JSON carries the text as it is; the page escapes it


def test_report_page_escapes_document_text(api: httpx.Client) -> None:
    response = api.get("/compare/report", params={"a": "doc:sand-old", "b": "doc:sand-new"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert XSS not in page and "&lt;script&gt;window.__xss=1&lt;/script&gt;" in page
    assert page.count('<tr class="') == 4 and "<script" not in page


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"a": "doc:no-such", "b": "doc:sand-new"}, 404, "node_not_found"),
        ({"a": "region:黄河", "b": "doc:sand-new"}, 422, "validation_error"),
        ({"a": "doc:sand-old"}, 422, "validation_error"),
    ],
)
def test_bad_requests_get_one_clear_error(
    api: httpx.Client, params: dict[str, str], status: int, code: str
) -> None:
    for route in ("/compare", "/compare/report"):
        error_of(api.get(route, params=params), status, code)
