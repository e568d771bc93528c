"""The one table of store cases: every question put to both stores (networkx and Neo4j must
give the recorded answer), and every README / api/README.md example, run on frozen graphs.

The graphs are frozen (`*-graph.json.gz`, GraphData as plain JSON) so that the answers depend
on the query code only: extraction may change, the recorded graphs do not. `record.py` writes
the answers from the code of the day; `test_golden_answers.py` proves the stores (and the CLI
and the API over a real server) still give exactly those answers.

A case is a name, a question put to a store and, for some rows of the source graph, a property
its answer must have on every store (store_properties.py: a new query adds its rows here and its
properties there, nowhere else). Its answer is stored in `canonical` form:
dataclasses as dicts of their fields, enums as values, tuples as lists, errors as
[class name, attributes]. Answers are kept in full (gzip'd JSON), so a failure shows the
difference, not only that there is one.
"""

from __future__ import annotations

import dataclasses
import gzip
import itertools
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from store_properties import Holds, properties

from policykg.errors import PolicyKGError
from policykg.graph.model import ENTITY_TYPES, Edge, GraphData, Node, NodeType, Rel
from policykg.graph.results import DocumentFacets, TaskQuery
from policykg.graph.store import GraphStore

HERE = Path(__file__).resolve().parent
GRAPHS = ("source", "synthetic", "corpus")
#: The documents of the frozen "corpus" graph (under data/corpus): the article, dev documents
#: of every level and layout (one in Traditional characters), and laws that name 黄河.
CORPUS_FILES = (
    "mee-2026-key-tasks.txt",
    "dev/01-qinghai-tibet-plateau-ecological-protection-law-2023.txt",
    "dev/02-carbon-emissions-trading-interim-regulation-2024.txt",
    "dev/03-henan-npc-resolution-pollution-battle-2018.txt",
    "dev/04-state-council-office-zero-waste-city-pilot-plan-2018.txt",
    "dev/13-hubei-pollution-carbon-synergy-plan-2022-traditional-partial.txt",
    "dev/16-xiaoyi-county-2025-pollution-battle-action-plan-notice-partial.txt",
    "laws/行政法/黄河保护法(2022-10-30).md",
    "laws/行政法规/黄河水量调度条例(2006-07-24).md",
    "laws/DLC/河南地方法规/地方性法规/河南/商丘市黄河故道湿地保护条例(2021-09-06).md",
    "laws/DLC/山东地方法规/地方性法规/山东/东营市黄河三角洲生态保护与修复条例(2021-12-08).md",
)
EXPANDS = ("none", "narrower", "broader", "both")

Ask = Callable[[GraphStore], Any]


# -- frozen graphs -------------------------------------------------------------------------------


def graph_path(graph: str) -> Path:
    return HERE / f"{graph}-graph.json.gz"


def answers_path(graph: str) -> Path:
    return HERE / f"{graph}-answers.json.gz"


def write_graph(data: GraphData, path: Path) -> None:
    payload = {
        "nodes": [[n.id, n.type.value, n.name, dict(n.props)] for n in data.nodes],
        "edges": [[e.source, e.type.value, e.target, e.key, dict(e.props)] for e in data.edges],
    }
    write_json(payload, path)


def read_graph(path: Path) -> GraphData:
    payload = read_json(path)
    nodes = [Node(i, NodeType(t), name, props) for i, t, name, props in payload["nodes"]]
    edges = [Edge(s, Rel(t), o, k, props) for s, t, o, k, props in payload["edges"]]
    return GraphData.of(nodes, edges)


def write_json(payload: Any, path: Path) -> None:
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, indent=0)
    path.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))


def read_json(path: Path) -> Any:
    return json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))


# -- canonical answers ---------------------------------------------------------------------------


def canonical(value: Any) -> Any:
    """A JSON value for an answer, independent of the classes that carry it."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    if isinstance(value, dict):
        return {str(k): canonical(v) for k, v in sorted(value.items())}
    if isinstance(value, float):
        return repr(value)
    return value


def answer(case: Case, store: GraphStore, data: GraphData) -> Any:
    """The case's answer in canonical form, after checking its property (if it has one)."""
    try:
        value: Any = case.ask(store)
    except PolicyKGError as exc:
        value = exc
    if case.holds is not None:
        try:
            case.holds(value, store, data)
        except AssertionError as exc:
            raise AssertionError(f"{case.name}: {exc}") from exc
    if isinstance(value, PolicyKGError):
        return ["error", type(value).__name__, canonical(vars(value))]
    return canonical(value)


# -- the table of cases --------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    ask: Ask
    holds: Holds | None = None


def _entity_ids(data: GraphData) -> list[str]:
    return sorted(n.id for n in data.nodes if n.type in ENTITY_TYPES)


def _named(data: GraphData) -> set[str]:
    kinds = {n.id: n.type for n in data.nodes}
    return {e.target for e in data.edges if kinds.get(e.source) == NodeType.TASK}


def _sample(data: GraphData, every: int) -> list[str]:
    """Every entity a task names, and every `every`-th of the others (as the equivalence suite)."""
    entities = set(_entity_ids(data))
    named = _named(data) & entities
    return sorted(named | set(sorted(entities - named)[::every]))


def _tasks(data: GraphData) -> list[str]:
    return sorted(n.id for n in data.nodes if n.type == NodeType.TASK)


def cases(graph: str, data: GraphData) -> list[Case]:
    """Every question the contract and equivalence suites ask of `graph`, named."""
    if graph == "corpus":
        return corpus_cases(data)
    out: list[Case] = []

    def add(name: str, ask: Ask) -> None:
        out.append(Case(name, ask))

    add("stats", lambda s: s.stats())
    add("theme_tree", lambda s: s.theme_tree())
    entities = _entity_ids(data) if graph == "source" else _sample(data, every=20)
    for entity, expand in itertools.product(entities, EXPANDS):
        add(
            f"touches {entity} {expand}",
            lambda s, e=entity, x=expand: s.tasks(TaskQuery(touches=(e,), expand=x)),  # type: ignore[misc]
        )
    for query in _task_queries():
        add(f"tasks {query}", lambda s, q=query: s.tasks(q))  # type: ignore[misc]
    tasks = _tasks(data)
    for task in [*tasks[:: max(1, len(tasks) // 200)], "task:nope:1.1.1", "region:黄河"]:
        add(f"task_detail {task}", lambda s, t=task: s.task_detail(t))  # type: ignore[misc]
    for entity in [*_sample(data, every=25), "河北", "黄河", "碳排放权交易管理办法"]:
        add(f"entity_detail {entity}", lambda s, e=entity: s.entity_detail(e))  # type: ignore[misc]
    for name in _resolve_names(data):
        add(f"resolve {name!r}", lambda s, n=name: s.resolve(n))  # type: ignore[misc]
    for node_type in ENTITY_TYPES:
        add(f"resolve 黄河 {node_type}", lambda s, t=node_type: s.resolve("黄河", t))  # type: ignore[misc]
    for q in _search_terms(data):
        add(f"search {q!r}", lambda s, q=q: s.search_entities(q))  # type: ignore[misc]
    for node_type in ENTITY_TYPES:
        add(f"search '' {node_type}", lambda s, t=node_type: s.search_entities("", t, limit=30))  # type: ignore[misc]
        add(
            f"search 中 {node_type} 10+5",
            lambda s, t=node_type: s.search_entities("中", t, limit=10, offset=5),  # type: ignore[misc]
        )
    add("search '' all", lambda s: s.search_entities("", limit=10**6))
    add("search '' offset 2", lambda s: s.search_entities("", limit=10**12, offset=2))
    add("search 黄河 offset -1", lambda s: s.search_entities("黄河", offset=-1))
    add("search YELLOW Region", lambda s: s.search_entities("YELLOW", NodeType.REGION))
    add("search '' Region 5", lambda s: s.search_entities("", NodeType.REGION, limit=5))
    for center, depth, types, limit in _neighbourhoods(data):
        add(
            f"neighborhood {center} {depth} {[t.value for t in types]} {limit}",
            lambda s, c=center, d=depth, t=types, n=limit: s.neighborhood(c, d, t, n),  # type: ignore[misc]
        )
    for a, b, hops in _paths(data):
        add(f"path {a} {b} {hops}", lambda s, a=a, b=b, h=hops: s.shortest_path(a, b, h))  # type: ignore[misc]
    for rows, cols in itertools.product(ENTITY_TYPES, repeat=2):
        add(f"cooccurrence {rows} {cols}", lambda s, r=rows, c=cols: s.cooccurrence(r, c))  # type: ignore[misc]
    for node_type, by in itertools.product(ENTITY_TYPES, ("tasks", "degree")):
        add(f"rankings {node_type} {by}", lambda s, t=node_type, b=by: s.rankings(t, b, 50))  # type: ignore[misc]
        add(f"rankings {node_type} {by} 10", lambda s, t=node_type, b=by: s.rankings(t, b, 10))  # type: ignore[misc]
    for role in ("lead", "support", "guide", "responsible", "joint"):
        add(f"agency_rankings {role}", lambda s, r=role: s.agency_rankings(r))  # type: ignore[misc]
    add("agency_rankings lead 3", lambda s: s.agency_rankings("lead", 3))
    for agency in ("生态环境部", "MEE", "agency:国务院", "生态环境布"):
        add(f"agency_tasks {agency}", lambda s, a=agency: s.agency_tasks(a))  # type: ignore[misc]
    add("agency_tasks 生态环境部 lead", lambda s: s.agency_tasks("生态环境部", ("lead",)))
    add("agency_tasks 生态环境部 2+1", lambda s: s.agency_tasks("生态环境部", (), 2, 1))
    for entity in ("黄河", "总氮", "京津冀"):
        add(f"responsible_agencies {entity}", lambda s, e=entity: s.responsible_agencies(e))  # type: ignore[misc]
    if graph == "source":
        for node_type in ENTITY_TYPES:
            add(
                f"rankings {node_type} betweenness",
                lambda s, t=node_type: s.rankings(t, "betweenness", 20),  # type: ignore[misc]
            )
        holds = properties(data)
        unknown = set(holds) - {c.name for c in out}
        assert not unknown, f"properties of no row: {sorted(unknown)[:5]}"
        return [dataclasses.replace(c, holds=holds.get(c.name)) for c in out]
    return out


def _facets() -> list[DocumentFacets]:
    """Document facets of every kind, alone and together, some keeping nothing."""
    return [
        DocumentFacets(),
        DocumentFacets(kinds=("law",)),
        DocumentFacets(kinds=("regulation", "notice")),
        DocumentFacets(kinds=("no such kind",)),
        DocumentFacets(levels=("national",)),
        DocumentFacets(levels=("provincial", "prefecture")),
        DocumentFacets(levels=("county",)),
        DocumentFacets(issuer="国务院"),
        DocumentFacets(issuer="人民代表大会"),
        DocumentFacets(issuer="nobody"),
        DocumentFacets(years=(2018, 2022)),
        DocumentFacets(years=(None, 2018)),
        DocumentFacets(years=(2026, None)),
        DocumentFacets(documents=("doc:黄河保护法(2022-10-30)", "doc:mee-2026-key-tasks")),
        DocumentFacets(documents=("doc:nope",)),
        DocumentFacets(kinds=("law", "regulation"), levels=("national",), years=(2000, None)),
    ]


def corpus_cases(data: GraphData) -> list[Case]:
    """The corpus queries over several documents: documents listed and ranked, task queries
    with document facets, document details and timelines."""
    out: list[Case] = []

    def add(name: str, ask: Ask) -> None:
        out.append(Case(name, ask))

    add("stats", lambda s: s.stats())
    for facets in _facets():
        add(f"documents {facets}", lambda s, f=facets: s.documents(TaskQuery(facets=f)))  # type: ignore[misc]
        add(
            f"tasks {facets}",
            lambda s, f=facets: s.tasks(TaskQuery(facets=f, limit=7, offset=3)),  # type: ignore[misc]
        )
        add(
            f"cooccurrence Region Pollutant {facets}",
            lambda s, f=facets: s.cooccurrence(NodeType.REGION, NodeType.POLLUTANT, f),  # type: ignore[misc]
        )
        add(
            f"rankings Region tasks {facets}",
            lambda s, f=facets: s.rankings(NodeType.REGION, "tasks", 15, f),  # type: ignore[misc]
        )
        for term in ("黄河", "总氮"):
            add(
                f"documents touching {term} {facets}",
                lambda s, f=facets, t=term: s.documents(TaskQuery(touches=(t,), facets=f)),  # type: ignore[misc]
            )
            add(
                f"tasks touching {term} {facets}",
                lambda s, f=facets, t=term: s.tasks(TaskQuery(touches=(t,), facets=f)),  # type: ignore[misc]
            )
            add(
                f"timeline {term} {facets}",
                lambda s, f=facets, t=term: s.timeline(t, TaskQuery(facets=f)),  # type: ignore[misc]
            )
    for query in [
        *(TaskQuery(touches=("黄河",), expand=x) for x in EXPANDS),
        TaskQuery(touches=("山东",), expand="both"),
        TaskQuery(touches=("黄河", "山东"), match="all"),
        TaskQuery(touches=("黄河", "总氮"), match="any", limit=2, offset=1),
        TaskQuery(limit=4, offset=2),
        TaskQuery(offset=10**12),
        TaskQuery(limit=-1),
        TaskQuery(theme=1, facets=DocumentFacets(levels=("national",))),
        TaskQuery(text="黄河", facets=DocumentFacets(kinds=("law",))),
        TaskQuery(action_type="rule-making", facets=DocumentFacets(years=(2020, 2026))),
        TaskQuery(touches=("黄何",)),
        # the agency-role facet: any agency with a role, one agency, with terms and facets
        TaskQuery(roles=("lead",)),
        TaskQuery(roles=("guide", "joint"), limit=6, offset=2),
        TaskQuery(agency="生态环境部"),
        TaskQuery(agency="生态环境部", roles=("guide",)),
        TaskQuery(touches=("黄河",), roles=("responsible",), limit=8),
        TaskQuery(roles=("responsible",), facets=DocumentFacets(levels=("national",)), limit=5),
        TaskQuery(agency="黄河"),
        TaskQuery(agency="生态环境布", roles=("lead",)),
    ]:
        add(f"documents {query}", lambda s, q=query: s.documents(q))  # type: ignore[misc]
        add(f"tasks {query}", lambda s, q=query: s.tasks(q))  # type: ignore[misc]
    documents = sorted(n.id for n in data.nodes if n.type == NodeType.DOCUMENT)
    for doc in [*documents, "doc:nope", "region:黄河"]:
        add(f"document_detail {doc}", lambda s, d=doc: s.document_detail(d))  # type: ignore[misc]
    for entity in ("黄河", "Yellow River", "山东", "生态环境部", "温室气体", "黄何", "朝阳区"):
        for expand in EXPANDS:
            add(
                f"timeline {entity} {expand}",
                lambda s, e=entity, x=expand: s.timeline(e, TaskQuery(expand=x)),  # type: ignore[misc]
            )
    for agency in ("生态环境部", "国务院"):
        add(f"agency_tasks {agency}", lambda s, a=agency: s.agency_tasks(a, (), 5))  # type: ignore[misc]
    for query, node_type in [
        (TaskQuery(touches=("黄河",)), None),
        (TaskQuery(touches=("黄河",), expand="none"), NodeType.POLLUTANT),
        (TaskQuery(touches=("黄河",), facets=DocumentFacets(kinds=("law",))), NodeType.AGENCY),
        (TaskQuery(touches=("黄河", "山东"), match="all"), None),
        (TaskQuery(roles=("responsible",)), NodeType.REGION),
        (TaskQuery(touches=("黄何",)), None),
    ]:
        add(
            f"related_entities {query} {node_type}",
            lambda s, q=query, t=node_type: s.related_entities(q, t, 12),  # type: ignore[misc]
        )
    add("theme_tree", lambda s: s.theme_tree())
    law = DocumentFacets(kinds=("law",))
    add("rankings Region degree of laws", lambda s: s.rankings(NodeType.REGION, "degree", 5, law))
    article = DocumentFacets(documents=("doc:mee-2026-key-tasks",))
    for facets in (
        law,
        article,
        DocumentFacets(levels=("provincial",)),
        DocumentFacets(issuer="nobody"),
    ):
        for node_type in (NodeType.REGION, NodeType.POLLUTANT, NodeType.AGENCY):
            for by in ("degree", "betweenness"):
                add(
                    f"rankings {node_type} {by} 15 {facets}",
                    lambda s, t=node_type, b=by, f=facets: s.rankings(t, b, 15, f),  # type: ignore[misc]
                )
        add(
            f"neighborhood 黄河 2 {facets}",
            lambda s, f=facets: s.neighborhood("黄河", 2, (), 300, f),  # type: ignore[misc]
        )
    for facets in (article, DocumentFacets(issuer="nobody")):
        add(f"document_set_graph {facets}", lambda s, f=facets: s.document_set_graph(f))  # type: ignore[misc]
    return out


def _task_queries() -> list[TaskQuery]:
    return [
        TaskQuery(),
        TaskQuery(limit=1),
        TaskQuery(limit=5, offset=3),
        TaskQuery(limit=7, offset=5),
        TaskQuery(offset=3),
        TaskQuery(offset=11),
        TaskQuery(offset=10**12),
        TaskQuery(offset=1, limit=10**12),
        TaskQuery(offset=-1),
        TaskQuery(limit=-1),
        TaskQuery(theme=2),
        TaskQuery(theme=3, limit=4, offset=2),
        TaskQuery(area="2.1"),
        TaskQuery(area="area:mee-2026-key-tasks:2.1"),
        TaskQuery(area="9.9"),
        TaskQuery(area="7.2", action_type="implementation"),
        TaskQuery(action_type="rule-making"),
        TaskQuery(text="排放"),
        TaskQuery(text="总氮"),
        TaskQuery(text="no such text"),
        TaskQuery(touches=("黄河",)),
        TaskQuery(touches=("黄河",), limit=5),
        TaskQuery(touches=("长江",), offset=1),
        TaskQuery(touches=("黄河中下游",), expand="broader"),
        TaskQuery(touches=("Yellow River",), expand="both", limit=3, offset=1),
        TaskQuery(touches=("河北",), expand="both", limit=2),
        TaskQuery(touches=("长江", "总氮"), match="all"),
        TaskQuery(touches=("长江", "总氮"), match="any"),
        TaskQuery(touches=("黄河", "总氮"), match="all"),
        TaskQuery(touches=("长江", "总氮", "京津冀"), match="any", expand="both"),
        TaskQuery(touches=("温室气体", "京津冀"), match="all", expand="both"),
        TaskQuery(touches=("大气污染物",), theme=2, text="治理"),
        TaskQuery(touches=("美丽中国",), area="1.2"),
        TaskQuery(touches=("黄何",)),
        TaskQuery(touches=("朝阳区",)),
    ]


def _resolve_names(data: GraphData) -> list[str]:
    seen: dict[str, set[str]] = {}
    for node in (n for n in data.nodes if n.type in ENTITY_TYPES):
        for alias in node.props.get("aliases") or ():  # type: ignore[union-attr]
            seen.setdefault(str(alias).strip().lower(), set()).add(node.id)
    shared = sorted(a for a, ids in seen.items() if len(ids) > 1)[:20]
    fixed = ["黄河", "Yellow River", "yellow river", "黄河流域", "region:黄河", "河北"]
    return [*fixed, "黄河口流域x", "Yellowish River", "zzz", "  ", "task:nope", *shared]


def _search_terms(data: GraphData) -> list[str]:
    terms = {"", "黄河", "yellow", "RIVER", "污染", "zzz-no-such", " 长江 ", "nitrogen"}
    entities = sorted((n for n in data.nodes if n.type in ENTITY_TYPES), key=lambda n: n.id)
    for node in entities[::100]:
        name_en = str(node.props.get("name_en") or "")
        aliases = [str(a) for a in node.props.get("aliases") or ()]  # type: ignore[union-attr]
        folded = name_en.strip().lower()
        terms |= {node.name, node.name[:1], node.name[1:3], name_en.upper(), folded[2:7]}
        terms |= set(aliases[:2])
    return sorted(terms)


def _neighbourhoods(data: GraphData) -> Iterable[tuple[str, int, tuple[NodeType, ...], int]]:
    centers = [*_sample(data, every=400)[::15], "黄河", "Yellow River", "总氮"]
    tasks = _tasks(data)
    centers += tasks[:: max(1, len(tasks) // 5)]
    shapes: list[tuple[int, tuple[NodeType, ...], int]] = [
        (1, (), 200),
        (2, (), 50),
        (2, (), 5),
        (2, (NodeType.TASK, NodeType.POLLUTANT), 500),
        (3, (NodeType.REGION,), 2000),
        (1, (NodeType.TASK,), 200),
    ]
    for center in centers:
        for depth, types, limit in shapes:
            yield center, depth, types, limit


def _paths(data: GraphData) -> list[tuple[str, str, int]]:
    ends = _sample(data, every=500)[::20][:12]
    out = [(a, b, 6) for a, b in itertools.combinations(ends, 2)]
    return [
        *out,
        ("总氮", "长江", 6),
        ("总氮", "长江", 2),
        ("总氮", "长江", 1),
        ("总氮", "总氮", 6),
    ]


def run_cases(graph: str, data: GraphData, store: GraphStore) -> dict[str, Any]:
    """Every case's answer, by case name."""
    table = cases(graph, data)
    names = [c.name for c in table]
    assert len(set(names)) == len(names), "case names must be unique"
    return {c.name: answer(c, store, data) for c in table}


# -- README and api/README.md examples -----------------------------------------------------------

#: `policykg …` commands of README.md (each with --json), over the frozen source graph.
CLI_EXAMPLES: tuple[tuple[str, ...], ...] = (
    ("stats", "--json"),
    ("tasks", "--touches", "黄河", "--json"),
    ("tasks", "--touches", "Yellow River", "--json"),
    ("tasks", "--touches", "河北", "--broader", "--limit", "2", "--json"),
    ("tasks", "--touches", "黄河", "--touches", "总氮", "--match", "all", "--json"),
    ("tasks", "--touches", "河北", "--expand", "broader", "--json"),
    ("tasks", "--theme", "2", "--area", "2.1", "--json"),
    ("tasks", "--action-type", "rule-making", "--text", "标准", "--json"),
    ("entities", "--type", "Region", "-q", "黄", "--json"),
    ("entities", "-q", "nitrogen", "--json"),
    ("entities", "--with", "黄河", "--json"),
    ("show", "task:mee-2026-key-tasks:2.2.2", "--json"),
    ("show", "黄河", "--json"),
    ("show", "Yellow River", "--json"),
    ("tasks", "--touches", "黄何", "--json"),
    ("tasks", "--touches", "朝阳区", "--json"),
)

#: GET requests of README.md and api/README.md answered in JSON (path, query parameters).
#: /ask is left out: what it detects in a question depends on the gazetteers, not the graph.
API_EXAMPLES: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("/health", ()),
    ("/tasks", (("touches", "黄河"),)),
    ("/tasks", (("touches", "Yellow River"),)),
    ("/tasks", (("touches", "河北"), ("expand", "broader"))),
    ("/tasks", (("touches", "黄河"), ("touches", "总氮"), ("match", "all"))),
    ("/tasks/task:mee-2026-key-tasks:2.2.2", ()),
    ("/entities", (("q", "nitrogen"),)),
    ("/entities", (("q", "黄河"), ("limit", "3"))),
    ("/entities", (("q", "nitrogen"), ("type", "Pollutant"))),
    ("/entities/region:黄河", ()),
    ("/entities/Yellow River", ()),
    ("/entities/related", (("touches", "黄河"),)),
    ("/entities/related", (("touches", "黄河"), ("type", "Pollutant"), ("limit", "3"))),
    ("/themes", ()),
    ("/graph/neighborhood", (("entity", "总氮"), ("depth", "1"))),
    ("/graph/neighborhood", (("entity", "黄河"), ("depth", "2"))),
    ("/graph/path", (("from", "黄河"), ("to", "总氮"))),
    ("/analysis/cooccurrence", (("rows", "Region"), ("cols", "Pollutant"))),
    ("/analysis/cooccurrence", (("rows", "Region"), ("cols", "Pollutant"), ("limit", "3"))),
    ("/analysis/rankings", (("type", "Region"), ("by", "degree"))),
    ("/analysis/rankings", (("type", "Pollutant"), ("by", "tasks"), ("limit", "3"))),
    ("/analysis/rankings", (("type", "Region"), ("by", "betweenness"))),
    ("/tasks", (("touches", "黄何"),)),
    ("/tasks", (("touches", "Yelow River"),)),
    ("/tasks", (("touches", "朝阳区"),)),
    ("/tasks", (("limit", "100000"),)),
    ("/entities", (("type", "Foo"),)),
    ("/export", (("format", "json"),)),
)


def example_name(path: str, params: tuple[tuple[str, str], ...]) -> str:
    return path + ("?" + "&".join(f"{k}={v}" for k, v in params) if params else "")
