"""GET /ask: entities detected with the loaders' extractor, then the tasks touching them."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from api_support import error_of


def ask(client: httpx.Client, q: str, **params: Any) -> dict[str, Any]:
    response = client.get("/ask", params={"q": q, "limit": 500, **params})
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def task_ids(client: httpx.Client, *touches: str, match: str = "any") -> list[str]:
    page = client.get("/tasks", params={"touches": touches, "match": match, "limit": 500}).json()
    return [item["id"] for item in page["items"]]


def test_names_joined_by_he_ask_for_all(client: httpx.Client) -> None:
    answer = ask(client, "哪些任务涉及黄河和总氮？")
    assert answer["question"] == "哪些任务涉及黄河和总氮?"  # NFKC, as documents are read
    assert [(e["name"], e["type"]) for e in answer["entities"]] == [
        ("黄河", "Region"),
        ("总氮", "Pollutant"),
    ]
    assert answer["match"] == "all"
    ids = [item["id"] for item in answer["items"]]
    assert ids == task_ids(client, "黄河", "总氮", match="all")
    assert answer["total"] == len(ids) >= 1
    for item in answer["items"]:
        assert {m["query"] for m in item["matches"]} == {"region:黄河", "pollutant:总氮"}


def test_one_name_or_names_joined_by_huo_ask_for_any(client: httpx.Client) -> None:
    single = ask(client, "哪些任务涉及黄河？")
    assert single["match"] == "any"
    assert [item["id"] for item in single["items"]] == task_ids(client, "黄河")
    either = ask(client, "黄河或总氮")
    assert either["match"] == "any"
    assert [item["id"] for item in either["items"]] == task_ids(client, "黄河", "总氮")


def test_match_can_be_overridden(client: httpx.Client) -> None:
    assert ask(client, "黄河和总氮", match="any")["match"] == "any"


def test_english_questions_find_english_names(client: httpx.Client) -> None:
    english = ask(client, "Which tasks touch the Yellow River and total nitrogen?")
    chinese = ask(client, "哪些任务涉及黄河和总氮？")
    assert [e["id"] for e in english["entities"]] == [e["id"] for e in chinese["entities"]]
    assert english["match"] == "all"
    assert english["items"] == chinese["items"]


def test_names_the_graph_holds_under_another_id_are_found_by_search(client: httpx.Client) -> None:
    # The pattern makes instrument:综合状况评估办法; the graph has the document's longer name.
    answer = ask(client, "哪些任务涉及综合状况评估办法")
    (entity,) = answer["entities"]
    assert entity["resolved_by"] == "search"
    assert entity["surface"] == "综合状况评估办法"
    assert entity["name"].endswith("综合状况评估办法")
    assert answer["total"] >= 1


def test_names_nobody_knows_are_reported(client: httpx.Client) -> None:
    answer = ask(client, "哪些任务涉及火星保护办法")
    assert answer["entities"] == [] and answer["unresolved"] == ["火星保护办法"]
    assert answer["total"] == 0 and answer["items"] == []


def test_a_question_without_entities_answers_nothing(client: httpx.Client) -> None:
    answer = ask(client, "今天天气怎么样")
    assert (answer["entities"], answer["total"], answer["items"]) == ([], 0, [])


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"q": ""}, "validation_error"),
        ({"q": "问" * 501}, "validation_error"),
        ({}, "validation_error"),
        ({"q": "黄河", "limit": 100000}, "out_of_range"),
        ({"q": "黄河", "match": "most"}, "validation_error"),
    ],
)
def test_bad_questions_are_422(client: httpx.Client, params: dict[str, Any], code: str) -> None:
    error_of(client.get("/ask", params=params), 422, code)
