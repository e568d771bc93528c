"""`policykg tasks | entities | show | export | map` over the source graph, checked against the
saved graph file (read as plain JSON) and the article's own text."""

from __future__ import annotations

import io
import itertools
import json
import re
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from cli_support import SLUG, GraphFile, at_terminal, invoke, outline, script

YELLOW_RIVER = "region:黄河"
HEBEI = "region:130000"  # 河北省, by its administrative-division code
JINGJINJI = "region:京津冀"


def check_task_item(item: dict[str, Any], graph: GraphFile) -> None:
    """One listed task: its fields agree with the task node and its mention edges."""
    node = graph.nodes[item["id"]]
    assert node["type"] == "Task"
    assert item["text"] == node["text"]
    assert item["ordinal"] == node["ordinal"]
    assert item["span"] == [node["start"], node["end"]]
    assert item["theme"] == {"id": node["theme"], "name": graph.nodes[node["theme"]]["name"]}
    assert item["area"] == {"id": node["area"], "name": graph.nodes[node["area"]]["name"]}
    assert {e["id"] for e in item["entities"]} == graph.mentions.get(item["id"], set())
    for entity in item["entities"]:
        target = graph.nodes[entity["id"]]
        assert (entity["name"], entity["type"]) == (target["name"], target["type"])
        start, end = (offset - item["span"][0] for offset in entity["span"])
        assert item["text"][start:end] == entity["surface"]


def check_path(item: dict[str, Any], query: str, graph: GraphFile, expected_hops: int) -> None:
    """`via` runs from the queried entity to one the task names, one hierarchy edge a step."""
    via = item["via"]
    assert via[0] == query
    assert via[-1] in graph.mentions[item["id"]]
    assert len(via) - 1 == expected_hops
    for upper, lower in itertools.pairwise(via):
        if item["match"] == "narrower":
            assert upper in graph.parents[lower], (upper, lower)
        else:
            assert lower in graph.parents[upper], (upper, lower)


# -- tasks --touches ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def yellow_river(built_graph: Path) -> dict[str, Any]:
    run = script(built_graph, "tasks", "--touches", "黄河", "--json")
    assert run.code == 0, run.stderr
    return run.json()  # type: ignore[no-any-return]


def test_yellow_river_tasks_are_exactly_those_naming_it_or_a_part_of_it(
    yellow_river: dict[str, Any], graph: GraphFile
) -> None:
    expected = graph.touching(YELLOW_RIVER)
    assert expected  # the article names 黄河
    items = yellow_river["items"]
    assert yellow_river["total"] == len(items) == len(expected)
    assert [i["id"] for i in items] == [t for t in graph.tasks if t in expected]
    for item in items:
        check_task_item(item, graph)
        kind, hops = expected[item["id"]]
        assert item["match"] == kind
        check_path(item, YELLOW_RIVER, graph, hops)


def test_every_sentence_that_says_yellow_river_is_listed(
    yellow_river: dict[str, Any], graph: GraphFile
) -> None:
    """A plain text scan: any sentence with 黄河 in it (黄河流域, 黄河中下游 …) is a hit."""
    saying = {t for t in graph.tasks if "黄河" in graph.nodes[t]["text"]}
    assert len(saying) >= 2
    assert saying <= {i["id"] for i in yellow_river["items"]}


@pytest.mark.parametrize("name", ["Yellow River", "yellow river", "黄河流域", YELLOW_RIVER])
def test_english_name_alias_and_id_give_the_same_tasks(
    built_graph: Path, yellow_river: dict[str, Any], name: str
) -> None:
    run = invoke(built_graph, "tasks", "--touches", name, "--json")
    assert run.code == 0, run.stderr
    assert [i["id"] for i in run.json()["items"]] == [i["id"] for i in yellow_river["items"]]


def test_english_name_through_the_console_script(
    built_graph: Path, yellow_river: dict[str, Any]
) -> None:
    run = script(built_graph, "tasks", "--touches", "Yellow River", "--json")
    assert run.code == 0, run.stderr
    assert [i["id"] for i in run.json()["items"]] == [i["id"] for i in yellow_river["items"]]


def test_hebei_with_broader_adds_the_jingjinji_tasks(built_graph: Path, graph: GraphFile) -> None:
    expected = graph.touching(HEBEI, broader=True)
    assert JINGJINJI in graph.hops(HEBEI, down=False)  # 河北 PART_OF 京津冀
    naming_jingjinji = {t for t in graph.tasks if JINGJINJI in graph.mentions.get(t, set())}
    assert len(naming_jingjinji) >= 3
    assert {expected[t][0] for t in naming_jingjinji} == {"broader"}

    run = script(built_graph, "tasks", "--touches", "河北", "--broader", "--json")
    assert run.code == 0, run.stderr
    items = run.json()["items"]
    assert [i["id"] for i in items] == [t for t in graph.tasks if t in expected]
    for item in items:
        check_task_item(item, graph)
        kind, hops = expected[item["id"]]
        assert item["match"] == kind
        check_path(item, HEBEI, graph, hops)
    for item in items:
        if item["id"] in naming_jingjinji:
            assert item["via"] == [HEBEI, JINGJINJI]


def test_broader_matches_show_their_path_as_text(built_graph: Path, graph: GraphFile) -> None:
    run = invoke(built_graph, "tasks", "--touches", "河北", "--broader")
    assert run.code == 0, run.stderr
    lines = run.stdout.splitlines()
    for task in (t for t in graph.tasks if JINGJINJI in graph.mentions.get(t, set())):
        node = graph.nodes[task]
        line = next(x for x in lines if x.startswith(node["ordinal"] + " "))
        assert node["text"] in line
        assert line.endswith(f"[broader via {HEBEI} > {JINGJINJI}]")
    assert run.stderr.strip() == f"{len(lines)} task(s)"


def test_hebei_without_broader_has_no_jingjinji_tasks(built_graph: Path, graph: GraphFile) -> None:
    run = invoke(built_graph, "tasks", "--touches", "河北", "--json")
    assert run.code == 0, run.stderr
    ids = [i["id"] for i in run.json()["items"]]
    assert ids == [t for t in graph.tasks if t in graph.touching(HEBEI)]
    assert all(i["match"] != "broader" for i in run.json()["items"])


def test_every_sentence_that_says_jingjinji_is_a_broader_hit_for_hebei(
    built_graph: Path, graph: GraphFile
) -> None:
    run = invoke(built_graph, "tasks", "--touches", "河北", "--broader", "--json")
    listed = {i["id"] for i in run.json()["items"]}
    saying = {t for t in graph.tasks if "京津冀" in graph.nodes[t]["text"]}
    assert saying <= listed


def test_jingjinji_with_broader_reaches_its_surrounding_area(built_graph: Path) -> None:
    # 京津冀 (北京, 天津, 河北) lies inside 京津冀及周边地区 as 环大气〔2017〕29号 draws it, as 北京 does
    surrounding = "region:京津冀及周边地区"
    run = invoke(built_graph, "tasks", "--touches", "京津冀", "--broader", "--json")
    assert run.code == 0, run.stderr
    items = {i["id"]: i for i in run.json()["items"]}
    saying = [i for i in invoke(built_graph, "tasks", "--all", "--json").json()["items"]]
    saying = [i["id"] for i in saying if "京津冀及周边地区" in i["text"]]
    assert saying
    for task in saying:
        assert items[task]["match"] == "broader"
        assert items[task]["via"] == [JINGJINJI, surrounding]
    beijing = invoke(built_graph, "tasks", "--touches", "北京", "--broader", "--json").json()
    assert set(saying) <= {i["id"] for i in beijing["items"]}


# -- tasks without --touches -------------------------------------------------------------------


def test_tasks_without_filters_lists_all_134_in_document_order(
    built_graph: Path, graph: GraphFile
) -> None:
    run = script(built_graph, "tasks", "--all", "--json")
    assert run.code == 0, run.stderr
    page = run.json()
    sentences = [s for theme in outline() for para in theme for s in para[1:]]
    assert page["total"] == len(page["items"]) == len(sentences) == 134
    assert [i["text"] for i in page["items"]] == sentences
    assert [i["id"] for i in page["items"]] == graph.tasks
    for item in page["items"]:
        check_task_item(item, graph)
        assert item["match"] is None and item["via"] == []


def test_tasks_come_a_page_at_a_time_and_the_pages_join_up(built_graph: Path) -> None:
    every = invoke(built_graph, "tasks", "--all", "--json").json()["items"]
    pages = []
    for offset in (0, 50, 100):
        run = invoke(built_graph, "tasks", "--offset", str(offset), "--json")
        assert run.code == 0, run.stderr
        page = run.json()
        assert (page["total"], page["limit"], page["offset"]) == (134, 50, offset)
        pages += page["items"]
    assert [i["id"] for i in pages] == [i["id"] for i in every] and len(every) == 134


def test_the_text_page_says_how_to_see_the_rest(built_graph: Path) -> None:
    first = invoke(built_graph, "tasks")
    assert first.code == 0 and len(first.stdout.splitlines()) == 50
    assert "134 task(s), 1-50 shown: --offset 50 for the next page" in first.stderr
    last = invoke(built_graph, "tasks", "--offset", "100")
    assert len(last.stdout.splitlines()) == 34
    assert "134 task(s), 101-134 shown" in last.stderr and "--offset 134" not in last.stderr
    beyond = invoke(built_graph, "tasks", "--offset", "200")
    assert beyond.code == 0 and beyond.stdout == ""
    assert "134 task(s), none from --offset 200" in beyond.stderr
    whole = invoke(built_graph, "tasks", "--all")
    assert len(whole.stdout.splitlines()) == 134 and whole.stderr.strip() == "134 task(s)"


def test_limit_and_all_together_are_a_usage_error(built_graph: Path) -> None:
    run = invoke(built_graph, "tasks", "--all", "--limit", "5")
    assert run.code == 2 and "give --limit or --all, not both" in run.stderr


@pytest.mark.parametrize("theme", range(1, 8))
def test_theme_filter(built_graph: Path, graph: GraphFile, theme: int) -> None:
    paragraphs = outline()[theme - 1]
    expected = [s for para in paragraphs for s in para[1:]]
    run = invoke(built_graph, "tasks", "--theme", str(theme), "--json")
    assert run.code == 0, run.stderr
    items = run.json()["items"]
    assert [i["text"] for i in items] == expected
    assert {i["theme"]["id"] for i in items} == {f"theme:{SLUG}:{theme}"}
    assert all(i["ordinal"].startswith(f"{theme}.") for i in items)


def test_theme_and_touches_combine(built_graph: Path, graph: GraphFile) -> None:
    run = invoke(built_graph, "tasks", "--touches", "黄河", "--theme", "3", "--json")
    assert run.code == 0, run.stderr
    expected = [
        t
        for t in graph.tasks
        if t in graph.touching(YELLOW_RIVER) and graph.nodes[t]["theme"] == f"theme:{SLUG}:3"
    ]
    assert expected and [i["id"] for i in run.json()["items"]] == expected


def test_a_theme_the_article_does_not_have_lists_nothing(built_graph: Path) -> None:
    run = invoke(built_graph, "tasks", "--theme", "8", "--json")
    assert run.code == 0 and run.json() == {"total": 0, "limit": 50, "offset": 0, "items": []}


# -- entities, show ----------------------------------------------------------------------------


def test_entities_of_one_type(built_graph: Path, graph: GraphFile) -> None:
    run = script(built_graph, "entities", "--type", "Region", "--json", "--limit", "40")
    assert run.code == 0, run.stderr
    page = run.json()
    regions = graph.of_type("Region")
    assert page["total"] == len(regions)
    assert len(page["items"]) == 40
    task_counts = Counter(e for t in graph.tasks for e in graph.mentions.get(t, set()))
    for item in page["items"]:
        assert item["type"] == "Region" and item["id"] in regions
        assert item["name"] == graph.nodes[item["id"]]["name"]
        assert item["task_count"] == task_counts[item["id"]]
    counts = [i["task_count"] for i in page["items"]]
    assert counts == sorted(counts, reverse=True)  # no query: most tasks first
    most = max(task_counts[r] for r in regions)
    assert counts[0] == most > 0


def test_entities_named_with_one_are_counted_over_the_tasks_touching_it(
    built_graph: Path, graph: GraphFile
) -> None:
    run = invoke(built_graph, "entities", "--with", "黄河", "--json", "--limit", "5")
    assert run.code == 0, run.stderr
    page = run.json()
    below, frontier = {YELLOW_RIVER}, [YELLOW_RIVER]
    while frontier:  # 黄河 and what lies below it: the tasks `tasks --touches 黄河` lists
        frontier = [c for n in frontier for c in graph.children.get(n, ()) if c not in below]
        below.update(frontier)
    touching = [t for t in graph.tasks if graph.mentions.get(t, set()) & below]
    counts = Counter(e for t in touching for e in graph.mentions[t] if e != YELLOW_RIVER)
    assert page["total"] == len(counts) > 5
    expected = sorted(counts, key=lambda e: (-counts[e], e))[:5]
    assert [(i["entity"]["id"], i["tasks"]) for i in page["items"]] == [
        (e, counts[e]) for e in expected
    ]


def test_entity_search_finds_by_part_of_a_name(built_graph: Path) -> None:
    run = invoke(built_graph, "entities", "-q", "黄河", "--type", "Region", "--json")
    assert run.code == 0, run.stderr
    items = run.json()["items"]
    assert items[0]["id"] == YELLOW_RIVER  # the exact name first
    assert all("黄河" in i["name"] for i in items)
    assert {"region:黄河中下游", "region:黄河三角洲"} <= {i["id"] for i in items}


def test_show_a_task(built_graph: Path, graph: GraphFile) -> None:
    task = f"task:{SLUG}:2.2.2"
    run = script(built_graph, "show", task, "--json")
    assert run.code == 0, run.stderr
    shown = run.json()
    check_task_item(shown["task"], graph)
    node = graph.nodes[task]
    assert [b["id"] for b in shown["breadcrumb"]] == [f"doc:{SLUG}", node["theme"], node["area"]]

    text = invoke(built_graph, "show", task)
    assert text.code == 0
    assert node["text"] in text.stdout
    assert "深入打好碧水保卫战" in text.stdout.splitlines()[0]


def test_show_a_task_by_the_ordinal_tasks_prints(built_graph: Path, graph: GraphFile) -> None:
    listed = invoke(built_graph, "tasks", "--touches", "黄河")
    ordinal = listed.stdout.split()[0]  # what `tasks` prints first on a line: 2.2.2
    run = invoke(built_graph, "show", ordinal, "--json")
    assert run.code == 0, run.stderr
    assert run.json()["task"]["id"] == f"task:{SLUG}:{ordinal}"
    assert (
        graph.nodes[f"task:{SLUG}:{ordinal}"]["text"] in invoke(built_graph, "show", ordinal).stdout
    )


def test_show_an_ordinal_no_task_has_is_one_error_line(built_graph: Path) -> None:
    run = invoke(built_graph, "show", "9.9.9")
    assert "9.9.9" in run.error_line()


def test_an_unknown_action_type_lists_the_valid_ones(built_graph: Path) -> None:
    run = invoke(built_graph, "tasks", "--action-type", "foo")
    assert run.code == 2
    assert run.stdout == ""
    assert "'foo' is not one of" in run.stderr
    for valid in ("rule-making", "implementation", "enforcement", "monitoring"):
        assert valid in run.stderr


def test_show_an_entity(built_graph: Path, graph: GraphFile) -> None:
    run = invoke(built_graph, "show", "Yellow River", "--json")
    assert run.code == 0, run.stderr
    shown = run.json()
    assert shown["id"] == YELLOW_RIVER and shown["name"] == "黄河"
    assert {c["id"] for c in shown["children"]} == graph.children[YELLOW_RIVER]
    assert {p["id"] for p in shown["parents"]} == graph.parents.get(YELLOW_RIVER, set())
    assert shown["task_count"] == sum(
        YELLOW_RIVER in graph.mentions.get(t, ()) for t in graph.tasks
    )


# -- export, map -------------------------------------------------------------------------------


def exported_counts(graph: GraphFile) -> tuple[int, int]:
    return len(graph.nodes), len(graph.edges)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_xml_formats_parse(
    built_graph: Path, graph: GraphFile, tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / f"graph.{fmt}"
    run = script(built_graph, "export", "--format", fmt, "-o", str(target))
    assert run.code == 0, run.stderr
    assert f"wrote {target}" in run.stderr
    read = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    parsed = read(target)
    assert parsed.is_directed() and parsed.is_multigraph()
    assert (parsed.number_of_nodes(), parsed.number_of_edges()) == exported_counts(graph)
    task = f"task:{SLUG}:2.2.2"
    assert parsed.nodes[task]["text"] == graph.nodes[task]["text"]
    mentions = [d for _, t, d in parsed.out_edges(task, data=True) if t == YELLOW_RIVER]
    assert {d["surface"] for d in mentions} == {"黄河"}
    if fmt == "graphml":  # GEXF: test_export_gexf_keeps_relation_types
        assert {d["type"] for d in mentions} == {"TOUCHES"}
        assert parsed.nodes[task]["start"] < parsed.nodes[task]["end"]


def test_export_gexf_keeps_relation_types(built_graph: Path, tmp_path: Path) -> None:
    target = tmp_path / "graph.gexf"
    assert invoke(built_graph, "export", "--format", "gexf", "-o", str(target)).code == 0
    edge_types = set(re.findall(r'<edge [^>]*\btype="([^"]*)"', target.read_text("utf-8")))
    assert edge_types <= {"directed", "undirected", "mutual"}
    parsed = nx.read_gexf(target)
    task = f"task:{SLUG}:2.2.2"
    rels = {d.get("relation") for _, t, d in parsed.out_edges(task, data=True) if t == YELLOW_RIVER}
    assert rels == {"TOUCHES"}
    spans = [
        d.get("span_start") for _, t, d in parsed.out_edges(task, data=True) if t == YELLOW_RIVER
    ]
    assert spans and all(isinstance(s, int) for s in spans)


def test_export_graphml_to_stdout(built_graph: Path, graph: GraphFile) -> None:
    run = invoke(built_graph, "export", "--format", "graphml")
    assert run.code == 0, run.stderr
    parsed = nx.read_graphml(io.BytesIO(run.stdout.encode("utf-8")))
    assert (parsed.number_of_nodes(), parsed.number_of_edges()) == exported_counts(graph)


def test_export_json_is_node_link(built_graph: Path, graph: GraphFile) -> None:
    run = invoke(built_graph, "export", "--format", "json")
    assert run.code == 0, run.stderr
    data = json.loads(run.stdout)
    parsed = nx.node_link_graph(data, edges="edges")
    assert (parsed.number_of_nodes(), parsed.number_of_edges()) == exported_counts(graph)
    assert parsed.nodes[f"doc:{SLUG}"]["text"].count("。") >= 134  # JSON keeps the full text


def test_export_csv_zip_for_neo4j_admin(built_graph: Path, tmp_path: Path) -> None:
    target = tmp_path / "graph.zip"
    run = invoke(built_graph, "export", "--format", "csv", "-o", str(target))
    assert run.code == 0, run.stderr
    with zipfile.ZipFile(target) as archive:
        tasks = archive.read("nodes_Task.csv").decode("utf-8").splitlines()
    assert tasks[0].startswith("id:ID,name,")
    assert len(tasks) == 1 + 134


def test_map_of_the_yellow_river(built_graph: Path, graph: GraphFile, tmp_path: Path) -> None:
    target = tmp_path / "x.html"
    run = script(built_graph, "map", "--center", "黄河", "-o", str(target), cwd=tmp_path)
    assert run.code == 0, run.stderr
    page = target.read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html") or "<html" in page[:500]
    assert "黄河" in page
    # its nodes are 黄河 and what the article names next to it: the map holds the two tasks
    node_ids = set(re.findall(r'"id": "([^"]+)"', page))
    assert YELLOW_RIVER in node_ids
    assert {t for t in graph.tasks if YELLOW_RIVER in graph.mentions.get(t, set())} <= node_ids
    assert not re.search(r"""(?:src|href)=["']https?://""", page)  # opens offline
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.html"]  # no lib/ folder
    match = re.search(r"wrote .* \((\d+) nodes", run.stderr)
    assert match and int(match.group(1)) >= 3


def test_map_without_output_goes_to_a_pipe_not_into_the_folder(
    built_graph: Path, tmp_path: Path
) -> None:
    run = script(built_graph, "map", "--all", cwd=tmp_path)
    assert run.code == 0, run.stderr
    assert "<title>policykg: the whole graph" in run.stdout
    assert list(tmp_path.iterdir()) == []  # nothing written where the command ran


def test_map_without_output_at_a_terminal_asks_for_the_file(
    built_graph: Path, tmp_path: Path
) -> None:
    target = tmp_path / "chosen.html"
    said = at_terminal(built_graph, ["map", "--all"], answer=f"{target}\n", cwd=tmp_path)
    assert "Write the map to" in said
    assert str(tmp_path / "all.html") in said  # the suggestion shows the full path
    assert "<title>policykg: the whole graph" in target.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["chosen.html"]


# -- --json always parses ----------------------------------------------------------------------

JSON_COMMANDS = [
    ["stats"],
    ["tasks"],
    ["tasks", "--touches", "黄河"],
    ["tasks", "--touches", "河北", "--broader"],
    ["tasks", "--touches", "黄河", "--touches", "长江", "--match", "all"],
    ["tasks", "--theme", "2", "--action-type", "rule-making"],
    ["tasks", "--text", "不存在的句子"],
    ["entities"],
    ["entities", "--type", "Pollutant", "-q", "氮"],
    ["show", "黄河"],
    ["show", "总氮"],
    ["show", f"task:{SLUG}:1.1.1"],
]


@pytest.mark.parametrize("args", JSON_COMMANDS, ids=" ".join)
def test_json_output_always_parses(built_graph: Path, args: list[str]) -> None:
    run = invoke(built_graph, *args, "--json")
    assert run.code == 0, run.stderr
    data = run.json()
    assert isinstance(data, dict) and data
    assert json.loads(json.dumps(data)) == data  # plain JSON values only
