"""The explorer's groups: tasks by their document, cities and counties folded into their province.

Headless Chromium against real uvicorn servers: the source article's graph (one document, whose
depth-2 map of 黄河 with every place has 114 cities) and a three-document corpus (the 2026
article, 黄河保护法 and 黄河水量调度条例, whose 黄河 map has 145 tasks).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import pytest
from viz_support import XSS_IMG, XSS_SCRIPT, ServerThread, Watched, settings_for

from policykg.api.app import create_app
from policykg.graph.model import GraphData
from policykg.graph.networkx_store import NetworkXStore
from policykg.settings import Secret

pytestmark = pytest.mark.browser

OpenPage = Callable[..., Watched]
READY = "body[data-map-ready='1']"
LAW = "doc:黄河保护法(2022-10-30)"


def open_ready(watched: OpenPage, server: str, fragment: str) -> Watched:
    watch = watched()
    watch.page.goto(f"{server}/{fragment}")
    watch.page.wait_for_selector(READY, state="attached", timeout=60_000)
    return watch


def positions(page: Any, ids: list[str]) -> dict[str, tuple[float, float]]:
    found = page.evaluate("ids => explorer.state.network.getPositions(ids)", ids)
    return {node: (at["x"], at["y"]) for node, at in found.items()}


def moved(before: dict[str, tuple[float, float]], after: dict[str, tuple[float, float]]) -> float:
    return max(
        abs(a - b) for node in before for a, b in zip(before[node], after[node], strict=True)
    )


def test_tasks_of_a_corpus_group_by_their_document(watched: OpenPage, corpus_server: str) -> None:
    watch = open_ready(watched, corpus_server, f"#e={quote('region:黄河')}")
    page = watch.page
    graph = page.evaluate("explorer.state.graph")
    by_document = Counter(n["document"] for n in graph["nodes"] if n["type"] == "Task")
    assert len(by_document) == 3 and by_document[LAW] > 30
    assert page.is_checked("#group-docs")  # on by itself: many tasks from several documents
    groups = page.evaluate("explorer.state.groups")
    group = f"group:documents:{LAW}"
    assert set(groups) == {f"group:documents:{d}" for d, n in by_document.items() if n >= 2}
    assert len(groups[group]["members"]) == by_document[LAW]
    law_task = groups[group]["members"][0]
    assert page.evaluate("id => explorer.inGroup(id)", law_task)
    drawn = page.evaluate("explorer.drawn()")
    assert group in drawn and law_task not in drawn
    assert len(drawn) < len(graph["nodes"]) - 100
    # the group's node is labelled with the document's title and its count
    label = page.evaluate("id => explorer.state.network.body.nodes[id].options.label", group)
    assert label.endswith(f"+{by_document[LAW]}") and label.startswith("中华人民共和国")

    # a click selects the group: its panel lists the document's tasks and offers to open it
    at = page.evaluate("id => explorer.nodePosition(id)", group)
    page.mouse.click(at["x"], at["y"])
    page.wait_for_selector(f"#panel-body[data-id='{group}']", state="attached", timeout=15_000)
    assert page.locator("#tasks li[data-task]").count() == by_document[LAW]
    others = [d for d in page.evaluate("explorer.drawn()") if d != group]
    before = positions(page, others)
    page.click("#open-group")
    page.wait_for_function("id => !explorer.inGroup(id)", arg=law_task, timeout=15_000)
    assert "og=" in page.url
    assert moved(before, positions(page, others)) < 0.01  # opening a group moves nothing else
    assert law_task in page.evaluate("explorer.drawn()")
    page.go_back()  # folded again
    page.wait_for_function("id => explorer.inGroup(id)", arg=law_task, timeout=15_000)
    page.uncheck("#group-docs")
    page.wait_for_function("() => Object.keys(explorer.state.groups).length === 0")
    assert "gd=0" in page.url
    assert len(page.evaluate("explorer.drawn()")) == len(graph["nodes"])
    watch.check_clean()


def boxes(page: Any) -> dict[str, dict[str, float]]:
    """The box (shape and label) of every node drawn, in map coordinates, as vis-network measures
    it once every node has been drawn (it measures only what it draws, and draws what is in view)."""
    return page.evaluate("explorer.boxes()")  # type: ignore[no-any-return]


def overlapping(one: dict[str, float], other: dict[str, float]) -> bool:
    return (
        one["left"] < other["right"]
        and other["left"] < one["right"]
        and one["top"] < other["bottom"]
        and other["top"] < one["bottom"]
    )


def clashes_of(after: dict[str, dict[str, float]], new: list[str]) -> list[tuple[str, str]]:
    """The pairs of overlapping boxes in which at least one node is new."""
    return [
        (m, other)
        for i, m in enumerate(new)
        for other in [*new[i + 1 :], *(o for o in after if o not in new)]
        if overlapping(after[m], after[other])
    ]


def expand(page: Any, node: str) -> None:
    """Expand `node` in place, as a user does from its panel, and wait for the map to settle."""
    count = page.evaluate("explorer.state.nodes.length")
    page.evaluate("id => explorer.go({s: id})", node)
    page.wait_for_selector("#expand-here:not([hidden])", timeout=15_000)
    page.click("#expand-here")
    page.wait_for_function("n => explorer.state.nodes.length > n", arg=count, timeout=30_000)
    page.wait_for_selector(READY, state="attached", timeout=30_000)


def open_group(page: Any, group: str, member: str) -> None:
    """Open `group` from its panel and wait until `member` is drawn on its own."""
    page.evaluate("id => explorer.go({s: id})", group)
    page.wait_for_selector("#open-group:not([hidden])", timeout=15_000)
    page.click("#open-group")
    page.wait_for_function("id => !explorer.inGroup(id)", arg=member, timeout=15_000)


@pytest.mark.parametrize("formed_again", [False, True], ids=["as-loaded", "after-a-filter-step"])
def test_a_group_never_drawn_opens_into_free_space(
    watched: OpenPage, corpus_server: str, formed_again: bool
) -> None:
    watch = open_ready(watched, corpus_server, f"#e={quote('region:黄河')}")
    page = watch.page
    # the document list, once it arrives, filters and groups the map again
    page.wait_for_selector("#facets:not([hidden])", timeout=30_000)
    group = f"group:documents:{LAW}"
    if formed_again:
        # every regroup opens all groups and forms them again: members stay never drawn
        types = {n["type"] for n in page.evaluate("explorer.state.graph.nodes")}
        assert "FocusArea" in types
        key = page.evaluate("explorer.state.groupKey")
        page.evaluate("() => explorer.go({hide: 'FocusArea'})")
        assert page.evaluate("explorer.state.groupKey") != key
        page.evaluate("() => explorer.go({hide: ''})")
        assert page.evaluate("explorer.state.groupKey") == key
    members = page.evaluate("id => explorer.state.groups[id].members", group)
    assert len(members) > 30
    assert not any(page.evaluate("ids => ids.map(id => !!explorer.state.placed[id])", members))
    before = boxes(page)
    where = positions(page, list(before))
    open_group(page, group, members[0])
    after = boxes(page)
    new = [m for m in after if m not in before]
    assert set(members) <= set(new)
    clashes = clashes_of(after, new)
    assert clashes == [], f"{len(clashes)} overlapping node boxes, e.g. {clashes[:3]}"
    # the nodes drawn before stay where they were
    kept = [o for o in before if o in after]
    assert kept and moved({o: where[o] for o in kept}, positions(page, kept)) < 0.01
    watch.check_clean()


def test_selecting_a_task_inside_a_group_opens_it(watched: OpenPage, corpus_server: str) -> None:
    watch = open_ready(watched, corpus_server, f"#e={quote('region:黄河')}")
    page = watch.page
    group = f"group:documents:{LAW}"
    task = page.evaluate("id => explorer.state.groups[id].members[3]", group)
    page.evaluate("id => explorer.go({s: id})", task)
    page.wait_for_selector(f"#panel-body[data-id='{task}']", state="attached", timeout=15_000)
    assert not page.evaluate("id => explorer.inGroup(id)", task)
    assert page.evaluate("explorer.state.network.getSelectedNodes()") == [task]
    assert parse_qs(urlsplit(page.url).fragment)["og"] == [group]  # the address says it is open
    shared = page.url
    other = open_ready(watched, corpus_server, shared[shared.index("#") :]).page
    other.wait_for_selector(f"#panel-body[data-id='{task}']", state="attached", timeout=15_000)
    assert not other.evaluate("id => explorer.inGroup(id)", task)
    watch.check_clean()


def test_expanding_a_node_keeps_the_groups_and_every_place(
    watched: OpenPage, corpus_server: str
) -> None:
    watch = open_ready(watched, corpus_server, f"#e={quote('region:黄河')}")
    page = watch.page
    group = f"group:documents:{LAW}"
    node = "region:370000"  # 山东省, drawn on its own
    drawn = page.evaluate("explorer.drawn()")
    assert node in drawn and group in drawn
    before = positions(page, drawn)
    count = page.evaluate("explorer.state.nodes.length")
    page.evaluate("id => explorer.go({s: id})", node)
    page.wait_for_selector("#expand-here:not([hidden])", timeout=15_000)
    page.click("#expand-here")
    page.wait_for_function("n => explorer.state.nodes.length > n", arg=count, timeout=30_000)
    page.wait_for_selector(READY, state="attached", timeout=30_000)
    still = [d for d in page.evaluate("explorer.drawn()") if d in before]
    assert group in still and node in still
    assert moved({d: before[d] for d in still}, positions(page, still)) < 0.01
    members = page.evaluate("id => explorer.state.groups[id].members", group)
    assert all(page.evaluate("ids => ids.map(explorer.inGroup)", members))  # folded again
    watch.check_clean()


def test_a_one_document_map_is_not_grouped(watched: OpenPage, explorer_server: str) -> None:
    watch = open_ready(watched, explorer_server, f"#e={quote('region:黄河')}")
    page = watch.page
    assert not page.is_checked("#group-docs") and not page.is_checked("#group-places")
    assert page.is_hidden("#group-docs") and page.is_hidden("#group-places")  # nothing to group
    assert page.evaluate("explorer.state.groups") == {}
    watch.check_clean()


def test_cities_fold_into_their_province_on_a_large_map(
    watched: OpenPage, explorer_server: str
) -> None:
    watch = open_ready(watched, explorer_server, f"#e={quote('region:黄河')}&d=2&p=all")
    page = watch.page
    graph = page.evaluate("explorer.state.graph")
    cities = [n["id"] for n in graph["nodes"] if n.get("kind") == "city"]
    assert len(graph["nodes"]) > 100 and len(cities) > 100
    assert page.is_checked("#group-places") and page.is_visible("#group-places")
    assert page.is_hidden("#group-docs")  # one document: nothing to group by it
    shandong = "group:places:region:370000"
    groups = page.evaluate("explorer.state.groups")
    expected = httpx.get(f"{explorer_server}/api/v1/entities/region:370000", timeout=60).json()
    assert shandong in groups
    assert groups[shandong]["head"] == "region:370000"
    assert "region:370100" in groups[shandong]["members"]  # 济南
    assert len(groups[shandong]["members"]) == len(
        [c for c in expected["children"] if c["id"] in cities]
    )
    assert not set(cities) & set(page.evaluate("explorer.drawn()"))
    assert page.evaluate("id => explorer.state.network.body.nodes[id].options.label", shandong) == (
        f"山东省 +{len(groups[shandong]['members'])}"
    )
    # double-click opens it: 山东 and its cities are drawn, the rest stays where it was
    others = [d for d in page.evaluate("explorer.drawn()") if d != shandong]
    before = positions(page, others)
    at = page.evaluate("id => explorer.nodePosition(id)", shandong)
    page.mouse.dblclick(at["x"], at["y"])
    page.wait_for_function("() => !explorer.inGroup('region:370100')", timeout=15_000)
    assert moved(before, positions(page, others)) < 0.01
    assert page.evaluate("explorer.state.center") == "region:黄河"
    drawn = page.evaluate("explorer.drawn()")
    assert "region:370000" in drawn and "region:370100" in drawn
    watch.check_clean()


def test_a_document_links_to_its_side_by_side_comparison(
    watched: OpenPage, corpus_server: str
) -> None:
    watch = open_ready(watched, corpus_server, f"#e={quote('region:黄河')}")
    page = watch.page
    page.evaluate("id => explorer.go({s: id})", f"group:documents:{LAW}")
    other = "doc:黄河水量调度条例(2006-07-24)"
    page.wait_for_selector("#doc-compare:not([hidden])", timeout=15_000)
    options = page.eval_on_selector_all("#compare-doc option", "els => els.map(e => e.value)")
    assert set(options) == {other, "doc:mee-2026-key-tasks"}
    page.select_option("#compare-doc", other)
    href = page.get_attribute("#compare-doc-link", "href") or ""
    assert parse_qs(urlsplit(href).query) == {"a": [LAW], "b": [other]}
    with page.context.expect_page() as opened:
        page.click("#compare-doc-link")
    report = opened.value
    report.wait_for_load_state()
    title = report.title()
    assert "黄河保护法" in title and "黄河水量调度条例" in title
    expected = httpx.get(
        f"{corpus_server}/api/v1/compare", params={"a": LAW, "b": other}, timeout=120
    ).json()
    for status in ("same", "changed", "added", "removed"):  # the page is that comparison
        count = report.text_content(f".summary .count-{status}")
        assert count == f"{status}: {expected['summary'][status]}"
    assert report.locator("tbody tr").count() == len(expected["pairs"])
    watch.check_clean()


def test_two_documents_picked_on_the_map_open_their_comparison(
    watched: OpenPage, corpus_server: str
) -> None:
    watch = open_ready(watched, corpus_server, f"#e={quote('region:黄河')}")
    page = watch.page
    other = "doc:黄河水量调度条例(2006-07-24)"
    law_group, other_group = f"group:documents:{LAW}", f"group:documents:{other}"
    drawn = page.evaluate("explorer.drawn()")
    assert law_group in drawn and other_group in drawn
    assert page.is_hidden("#map-pair")
    # Ctrl-click a place: not a document, nothing picked
    at = page.evaluate("id => explorer.nodePosition(id)", "region:370000")
    page.keyboard.down("Control")
    page.mouse.click(at["x"], at["y"])
    assert page.is_hidden("#map-pair")
    assert "Only documents" in (page.text_content("#status") or "")
    # Ctrl-click the two groups of tasks: the bar names both and links to their report
    for group in (law_group, other_group):
        at = page.evaluate("id => explorer.nodePosition(id)", group)
        page.mouse.click(at["x"], at["y"])
    page.keyboard.up("Control")
    page.wait_for_selector("#map-pair-link:not([hidden])", timeout=15_000)
    assert page.get_attribute("#map-pair", "data-documents") == f"{LAW}|{other}"
    assert sorted(page.evaluate("explorer.state.network.getSelectedNodes()")) == sorted(
        [law_group, other_group]
    )
    href = page.get_attribute("#map-pair-link", "href") or ""
    assert parse_qs(urlsplit(href).query) == {"a": [LAW], "b": [other]}
    with page.context.expect_page() as opened:
        page.click("#map-pair-link")
    report = opened.value
    report.wait_for_load_state()
    assert "黄河保护法" in report.title() and "黄河水量调度条例" in report.title()
    # the same from the keyboard: Space picks the selected node; a third pick drops the oldest
    page.click("#map-pair-clear")
    assert page.is_hidden("#map-pair")
    for node in (other_group, law_group):
        page.evaluate("id => explorer.go({s: id})", node)
        page.wait_for_selector(f"#panel-body[data-id='{node}']", state="attached")
        page.focus("#map")
        page.keyboard.press("Space")
    assert page.get_attribute("#map-pair", "data-documents") == f"{other}|{LAW}"
    article = "group:documents:doc:mee-2026-key-tasks"
    assert article in page.evaluate("explorer.drawn()")
    page.evaluate("id => explorer.go({s: id})", article)
    page.wait_for_selector(f"#panel-body[data-id='{article}']", state="attached")
    page.focus("#map")
    page.keyboard.press("Space")
    assert page.get_attribute("#map-pair", "data-documents") == f"{LAW}|doc:mee-2026-key-tasks"
    watch.check_clean()


def test_with_a_token_the_comparison_is_fetched_and_saved(
    watched: OpenPage, corpus_data: GraphData, tmp_path: Path
) -> None:
    # a plain link carries no bearer header: with a token the page fetches the report instead
    token = "compare-link-token"
    path = tmp_path / "graph.json"
    NetworkXStore(path).replace(corpus_data)
    settings = settings_for(path).model_copy(update={"api_token": Secret(token)})
    with ServerThread(create_app(settings)) as server:
        watch = watched()
        page = watch.page
        page.add_init_script(f"sessionStorage.setItem('policykg-token', '{token}')")
        page.goto(f"{server.url}/#e={quote('region:黄河')}&s={quote(f'group:documents:{LAW}')}")
        page.wait_for_selector("#doc-compare:not([hidden])", timeout=60_000)
        page.select_option("#compare-doc", "doc:黄河水量调度条例(2006-07-24)")
        with page.expect_download(timeout=60_000) as download:
            page.click("#compare-doc-link")
        body = Path(download.value.path()).read_text(encoding="utf-8")
        assert "<title>" in body and "黄河水量调度条例" in body and 'class="summary"' in body
        watch.check_clean()


def pair_in_address(page: Any) -> list[str]:
    return parse_qs(urlsplit(page.url).fragment).get("pair", [])


def test_the_documents_picked_on_the_map_are_in_the_address(
    watched: OpenPage, corpus_server: str
) -> None:
    watch = open_ready(watched, corpus_server, f"#e={quote('region:黄河')}")
    page = watch.page
    other = "doc:黄河水量调度条例(2006-07-24)"
    law_group, other_group = f"group:documents:{LAW}", f"group:documents:{other}"
    for node in (law_group, other_group):
        page.evaluate("id => explorer.go({s: id})", node)
        page.wait_for_selector(f"#panel-body[data-id='{node}']", state="attached")
        page.focus("#map")
        page.keyboard.press("Space")
    page.wait_for_selector("#map-pair-link:not([hidden])", timeout=15_000)
    assert pair_in_address(page) == [f"{law_group},{other_group}"]

    def shows_both(shown: Any) -> None:
        shown.wait_for_selector("#map-pair-link:not([hidden])", timeout=30_000)
        assert shown.get_attribute("#map-pair", "data-documents") == f"{LAW}|{other}"
        href = shown.get_attribute("#map-pair-link", "href") or ""
        assert parse_qs(urlsplit(href).query) == {"a": [LAW], "b": [other]}
        selected = shown.evaluate("explorer.state.network.getSelectedNodes()")
        assert sorted(selected) == sorted([law_group, other_group])

    # reload: the same two documents
    page.reload()
    page.wait_for_selector(READY, state="attached", timeout=60_000)
    shows_both(page)
    # Back: the address before the second pick, one document picked
    page.go_back()
    page.wait_for_function(
        "d => document.getElementById('map-pair').getAttribute('data-documents') === d",
        arg=LAW,
        timeout=15_000,
    )
    assert page.is_hidden("#map-pair-link") and pair_in_address(page) == [law_group]
    page.go_forward()
    shows_both(page)
    # a shared link: a new page opens with both picked
    shared = page.url
    shows_both(open_ready(watched, corpus_server, shared[shared.index("#") :]).page)
    # an edited address that names the law twice (its node and its group) counts it once
    twice = quote(f"{law_group},{other_group},{LAW}")
    shows_both(open_ready(watched, corpus_server, f"#e={quote('region:黄河')}&pair={twice}").page)
    # clearing is a step of its own: Back brings the pair again
    page.click("#map-pair-clear")
    assert page.is_hidden("#map-pair") and pair_in_address(page) == []
    page.go_back()
    shows_both(page)
    # a document picked again is unpicked
    page.evaluate("id => explorer.go({s: id})", law_group)
    page.wait_for_selector(f"#panel-body[data-id='{law_group}']", state="attached")
    page.focus("#map")
    page.keyboard.press("Space")
    page.wait_for_selector("#map-pair-link", state="hidden", timeout=15_000)
    assert pair_in_address(page) == [other_group]
    assert page.get_attribute("#map-pair", "data-documents") == other
    # a new centre starts without a pick
    page.evaluate("id => explorer.go({e: id, s: ''})", "region:370000")
    page.wait_for_function("() => explorer.state.center === 'region:370000'", timeout=30_000)
    assert page.is_hidden("#map-pair") and pair_in_address(page) == []
    watch.check_clean()


def test_a_pick_from_an_edited_address_is_text(watched: OpenPage, corpus_server: str) -> None:
    picks = ",".join(f"group:documents:{markup}" for markup in (XSS_IMG, XSS_SCRIPT))
    watch = open_ready(watched, corpus_server, f"#e={quote('region:黄河')}&pair={quote(picks)}")
    page = watch.page
    page.wait_for_selector("#map-pair-link:not([hidden])", timeout=15_000)
    names = page.text_content("#map-pair-names") or ""
    assert XSS_IMG in names and XSS_SCRIPT in names
    assert page.locator("#map-pair img, #map-pair script").count() == 0
    assert page.evaluate("window.__xss") is None
    href = page.get_attribute("#map-pair-link", "href") or ""
    assert parse_qs(urlsplit(href).query) == {"a": [XSS_IMG], "b": [XSS_SCRIPT]}
    watch.check_clean()


def test_nodes_an_expansion_brings_take_free_space(watched: OpenPage, corpus_server: str) -> None:
    # 山东省's map (13 nodes); 黄河's neighbourhood brings over 150 more, and with groups off
    # every one of them is drawn on its own
    watch = open_ready(watched, corpus_server, "#e=region:370000&gd=0&gp=0")
    page = watch.page
    node = "region:黄河"
    before = boxes(page)
    where = positions(page, list(before))
    expand(page, node)
    after = boxes(page)
    new = [m for m in after if m not in before]
    assert len(new) > 150
    clashes = clashes_of(after, new)
    assert clashes == [], f"{len(clashes)} overlapping node boxes, e.g. {clashes[:3]}"
    kept = [o for o in before if o in after]
    assert kept and moved({o: where[o] for o in kept}, positions(page, kept)) < 0.01
    watch.check_clean()


def test_a_group_an_expansion_brings_opens_into_free_space(
    watched: OpenPage, corpus_server: str
) -> None:
    # 山东省's map has two tasks of the law; expanding 黄河 brings over 30 more, all of them
    # folded into one group with the two, never drawn on their own
    watch = open_ready(watched, corpus_server, "#e=region:370000")
    page = watch.page
    group = f"group:documents:{LAW}"
    drawn_before = set(page.evaluate("explorer.state.nodes.getIds()"))
    expand(page, "region:黄河")
    members = page.evaluate("id => explorer.state.groups[id].members", group)
    brought = [m for m in members if m not in drawn_before]
    assert len(brought) > 30
    assert not any(page.evaluate("ids => ids.map(id => !!explorer.state.placed[id])", brought))
    before = boxes(page)
    where = positions(page, list(before))
    open_group(page, group, brought[0])
    after = boxes(page)
    new = [m for m in after if m not in before]
    assert set(members) <= set(new)
    clashes = clashes_of(after, new)
    assert clashes == [], f"{len(clashes)} overlapping node boxes, e.g. {clashes[:3]}"
    kept = [o for o in before if o in after]
    assert kept and moved({o: where[o] for o in kept}, positions(page, kept)) < 0.01
    # Back folds the group; two steps further back (the group's selection, the expansion)
    # the expansion is taken away, and what it brought is new again
    page.go_back()
    page.wait_for_function("id => explorer.inGroup(id)", arg=brought[0], timeout=15_000)
    page.go_back()
    page.go_back()
    assert "xp=" not in page.url
    page.wait_for_function("id => !explorer.state.nodes.get(id)", arg=brought[0], timeout=30_000)
    assert not any(page.evaluate("ids => ids.map(id => !!explorer.state.placed[id])", brought))
    watch.check_clean()
