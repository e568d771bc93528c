"""The explorer's document facets (document, kind, level, issuer, year range) and agency role.

Headless Chromium against a real uvicorn server over a three-document corpus (the 2026 article,
黄河保护法 of 2022 and 黄河水量调度条例 of 2006); every count is checked against the API.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import pytest
from viz_support import Watched

pytestmark = pytest.mark.browser

OpenPage = Callable[..., Watched]
READY = "body[data-map-ready='1']"
LAW = "doc:黄河保护法(2022-10-30)"
REGULATION = "doc:黄河水量调度条例(2006-07-24)"
HUANGHE = "region:黄河"


def open_ready(watched: OpenPage, server: str, fragment: str) -> Watched:
    watch = watched()
    watch.page.goto(f"{server}/{fragment}")
    watch.page.wait_for_selector(READY, state="attached", timeout=60_000)
    watch.page.wait_for_selector("#facets:not([hidden])", timeout=30_000)
    return watch


def api(server: str, path: str, **params: Any) -> Any:
    response = httpx.get(f"{server}/api/v1{path}", params=params, timeout=120)
    response.raise_for_status()
    return response.json()


def address(page: Any) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).fragment)


def shown_task_documents(page: Any) -> set[str]:
    """The documents of the task nodes the map shows (not hidden by a filter)."""
    found = page.evaluate(
        """() => explorer.state.graph.nodes
            .filter(n => n.type === 'Task' && !explorer.state.nodes.get(n.id).hidden)
            .map(n => n.document)"""
    )
    return set(found)


def wait_tasks(page: Any, total: int) -> list[str]:
    page.wait_for_function(
        "n => document.getElementById('tasks-heading').textContent.includes('(' + n + ')')",
        arg=total,
        timeout=30_000,
    )
    return page.eval_on_selector_all("#tasks li[data-task]", "els => els.map(e => e.dataset.task)")  # type: ignore[no-any-return]


def test_which_documents_touch_an_entity_ranked_with_years(
    watched: OpenPage, corpus_server: str
) -> None:
    watch = open_ready(watched, corpus_server, f"#e={quote(HUANGHE)}")
    page = watch.page
    ranked = api(corpus_server, "/documents", touches=HUANGHE, limit=20)
    assert ranked["total"] == 3
    page.wait_for_selector("#panel-docs li[data-document]", timeout=30_000)
    rows = page.eval_on_selector_all(
        "#panel-docs li[data-document]", "els => els.map(e => e.dataset.document)"
    )
    assert rows == [item["document"]["id"] for item in ranked["items"]]
    assert rows[0] == LAW  # most tasks first
    for item in ranked["items"]:
        facts = page.text_content(f"#panel-docs li[data-document='{item['document']['id']}']")
        assert str(item["year"]) in (facts or "")
        assert f"{item['matched']} 项任务" in (facts or "")
    # two ticked rows: the link to their side-by-side report
    assert page.is_hidden("#docs-compare-link")
    page.check(f"#panel-docs li[data-document='{LAW}'] input.pick")
    page.check(f"#panel-docs li[data-document='{REGULATION}'] input.pick")
    href = page.get_attribute("#docs-compare-link", "href") or ""
    assert parse_qs(urlsplit(href).query) == {"a": [LAW], "b": [REGULATION]}
    with page.context.expect_page() as opened:
        page.click("#docs-compare-link")
    opened.value.wait_for_load_state()
    assert "黄河水量调度条例" in opened.value.title()
    # a document's row keeps only its tasks, on the map and in the panel
    page.click(f"#panel-docs li[data-document='{REGULATION}'] button")
    page.wait_for_function("d => explorer.state.view.doc === d", arg=REGULATION)
    assert address(page)["doc"] == [REGULATION]
    expected = api(corpus_server, "/tasks", touches=HUANGHE, document=REGULATION, limit=200)
    assert set(wait_tasks(page, expected["total"])) == {t["id"] for t in expected["items"]}
    assert shown_task_documents(page) == {REGULATION}
    assert page.input_value("#doc-filter") == REGULATION
    watch.check_clean()


def test_kind_level_and_year_keep_the_tasks_of_those_documents(
    watched: OpenPage, corpus_server: str
) -> None:
    watch = open_ready(watched, corpus_server, f"#e={quote(HUANGHE)}&gd=0")
    page = watch.page
    assert shown_task_documents(page) == {LAW, REGULATION, "doc:mee-2026-key-tasks"}
    page.select_option("#kind-filter", "regulation")
    page.wait_for_function("() => explorer.state.view.kind === 'regulation'")
    assert shown_task_documents(page) == {REGULATION}
    total = api(corpus_server, "/tasks", touches=HUANGHE, kind="regulation", limit=1)["total"]
    wait_tasks(page, total)
    page.select_option("#kind-filter", "")
    page.fill("#year-from", "2020")
    page.fill("#year-to", "2026")
    page.press("#year-to", "Enter")
    page.locator("#year-to").blur()
    page.wait_for_function("() => explorer.state.view.year === '2020..2026'")
    assert address(page)["year"] == ["2020..2026"]
    assert shown_task_documents(page) == {LAW, "doc:mee-2026-key-tasks"}
    expected = api(corpus_server, "/tasks", touches=HUANGHE, year="2020..2026", limit=200)
    assert set(wait_tasks(page, expected["total"])) == {t["id"] for t in expected["items"]}
    page.select_option("#level-filter", "provincial")  # none of the three is provincial
    page.wait_for_function("() => explorer.state.view.level === 'provincial'")
    assert shown_task_documents(page) == set()
    wait_tasks(page, 0)
    # the address restores all of it
    other = open_ready(watched, corpus_server, page.url[page.url.index("#") :]).page
    assert other.input_value("#year-from") == "2020" and other.input_value("#year-to") == "2026"
    assert other.input_value("#level-filter") == "provincial"
    assert shown_task_documents(other) == set()
    watch.check_clean()


def test_a_tasks_panel_names_its_document(watched: OpenPage, corpus_server: str) -> None:
    task = api(corpus_server, "/tasks", touches=HUANGHE, document=LAW, limit=1)["items"][0]
    watch = open_ready(watched, corpus_server, f"#e={quote(HUANGHE)}&s={quote(task['id'])}")
    page = watch.page
    page.wait_for_selector("#panel-document:not([hidden])", timeout=30_000)
    line = page.text_content("#panel-document") or ""
    assert task["document"]["title"] in line and "law" in line and "2022" in line
    assert page.get_attribute("#panel-document", "data-document") == LAW
    watch.check_clean()


def shown_tasks(page: Any) -> set[str]:
    """The task nodes the map holds and does not hide."""
    found = page.evaluate(
        """() => explorer.state.graph.nodes
            .filter(n => n.type === 'Task' && !explorer.state.nodes.get(n.id).hidden)
            .map(n => n.id)"""
    )
    return set(found)


def all_task_ids(server: str, **params: Any) -> set[str]:
    """Every task /tasks keeps for these parameters, page after page."""
    found: set[str] = set()
    while True:
        got = api(server, "/tasks", limit=500, offset=len(found), **params)
        found |= {t["id"] for t in got["items"]}
        if not got["items"] or len(found) >= got["total"]:
            return found


def choose_role(page: Any, role: str) -> None:
    page.select_option("#role-filter", role)
    page.wait_for_function("r => explorer.state.view.role === r", arg=role)
    page.wait_for_selector(READY, state="attached", timeout=60_000)


def test_the_role_filter_hides_the_map_tasks_without_it(
    watched: OpenPage, corpus_server: str
) -> None:
    watch = open_ready(watched, corpus_server, f"#e={quote(HUANGHE)}&gd=0")
    page = watch.page
    before = shown_tasks(page)
    responsible = all_task_ids(corpus_server, touches=HUANGHE, expand="none", role="responsible")
    assert before - responsible and before & responsible  # the filter has work to do
    choose_role(page, "responsible")
    assert address(page)["role"] == ["responsible"]
    after = shown_tasks(page)
    assert after == before & responsible
    drawn = set(page.evaluate("() => explorer.state.nodes.getIds()"))
    assert not (before - responsible) & drawn  # the other tasks are gone from the map
    # the panel's list asks /tasks with the same facet
    total = api(corpus_server, "/tasks", touches=HUANGHE, role="responsible", limit=1)["total"]
    wait_tasks(page, total)
    assert "responsible" in (page.text_content("#tasks-heading") or "")
    asked = [u for u in watch.requests if "/api/v1/tasks?" in u or "/graph/neighborhood?" in u]
    assert asked and "role=responsible" in asked[-1]
    # Back: the map of every task again
    page.go_back()
    page.wait_for_function("() => explorer.state.view.role === ''")
    page.wait_for_selector(READY, state="attached", timeout=60_000)
    assert shown_tasks(page) == before
    assert page.input_value("#role-filter") == ""
    watch.check_clean()


def test_the_agency_role_filter(watched: OpenPage, corpus_server: str) -> None:
    counts = api(corpus_server, "/analysis/agencies", touches=HUANGHE, limit=200)["items"]
    responsible = [c for c in counts if c["role"] == "responsible"]
    assert responsible and len(responsible) < len(counts)
    watch = open_ready(watched, corpus_server, f"#e={quote(HUANGHE)}&role=responsible")
    page = watch.page
    assert page.input_value("#role-filter") == "responsible"
    page.wait_for_selector("#panel-agencies li[data-agency]", timeout=30_000)
    roles = page.eval_on_selector_all(
        "#panel-agencies li[data-agency]", "els => els.map(e => e.dataset.role)"
    )
    assert set(roles) == {"responsible"}
    assert len(roles) == min(12, len(responsible))
    # an agency's own map and tasks: those in which it (not any agency) is responsible
    agency = responsible[0]["agency"]["id"]
    page.click(f"#panel-agencies li[data-agency='{agency}'] button")
    page.wait_for_function("a => explorer.state.center === a", arg=agency, timeout=30_000)
    page.wait_for_selector(READY, state="attached", timeout=60_000)
    own = api(corpus_server, "/tasks", agency=agency, role="responsible", limit=500)
    oracle = api(
        corpus_server, f"/agencies/{quote(agency, safe='')}/tasks", role="responsible", limit=500
    )
    assert [t["id"] for t in own["items"]] == list(
        dict.fromkeys(hit["task"]["id"] for hit in oracle["items"])
    )
    shown = wait_tasks(page, own["total"])
    assert shown == [t["id"] for t in own["items"]][: len(shown)]
    assert "responsible" in (page.text_content("#tasks-heading") or "")
    on_map = shown_tasks(page)
    assert on_map and on_map <= {t["id"] for t in own["items"]}
    watch.check_clean()


def test_the_issuer_facet(watched: OpenPage, corpus_server: str) -> None:
    by_issuer = api(corpus_server, "/documents", issuer="国务院", limit=20)
    kept = {d["document"]["id"] for d in by_issuer["items"]}
    assert kept and kept < {LAW, REGULATION, "doc:mee-2026-key-tasks"}
    watch = open_ready(watched, corpus_server, f"#e={quote(HUANGHE)}&gd=0")
    page = watch.page
    # the issuers of the corpus are offered as the researcher types
    offered = page.eval_on_selector_all("#issuer-names option", "els => els.map(e => e.value)")
    assert "国务院" in offered
    page.fill("#issuer-filter", "国务院")
    page.press("#issuer-filter", "Enter")
    page.wait_for_function("() => explorer.state.view.issuer === '国务院'")
    assert address(page)["issuer"] == ["国务院"]
    assert shown_task_documents(page) == kept
    expected = api(corpus_server, "/tasks", touches=HUANGHE, issuer="国务院", limit=200)
    assert set(wait_tasks(page, expected["total"])) == {t["id"] for t in expected["items"]}
    # every /tasks request from now on carries it (the table too)
    since = len(watch.requests)
    page.click("#view-toggle")
    page.wait_for_selector("#task-table tbody tr", timeout=30_000)
    asked = [u for u in watch.requests[since:] if "/api/v1/tasks?" in u]
    assert asked and all("issuer=" in u for u in asked)
    # a shared link restores it
    other = open_ready(watched, corpus_server, page.url[page.url.index("#") :]).page
    assert other.input_value("#issuer-filter") == "国务院"
    watch.check_clean()
