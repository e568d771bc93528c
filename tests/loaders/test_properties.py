"""Invariants of parse + build over generated documents (Hypothesis).

A generated document is made of the source article's own parts: its theme titles, focus-area
headings and task sentences, with their regions and pollutants swapped for random gazetteer
names, a random number of themes, areas and tasks, page junk above, between and below, and
full-width or ASCII punctuation at random. Because the generator knows the outline it wrote,
the parsed outline is checked against it, and the graph against the usual invariants: ids
unique, edges between existing nodes, spans that slice back, one parent per task, same input
-> same graph.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.graph.model import MENTION_RELS, STRUCTURE_TYPES, GraphData, Node, NodeType, Rel
from policykg.loaders.build import build_graph, document_graph
from policykg.loaders.extract import Extractor
from policykg.loaders.gazetteer import Gazetteer
from policykg.loaders.matcher import Matcher
from policykg.loaders.normalize import normalize
from policykg.loaders.read import read_document
from policykg.loaders.structure import ParsedDocument, parse_document
from policykg.pipeline import gazetteer_and_extractor

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "data" / "corpus" / "mee-2026-key-tasks.txt"
GAZETTEERS = ROOT / "data" / "gazetteers"
NUMERALS = "一二三四五六七八九十"
SWAPPED = (NodeType.REGION, NodeType.POLLUTANT)
JUNK_ABOVE = ["广告", "来源:生态环境部", "2026-01-29", "132", "分享到:微信 微博", "打印本页"]
JUNK_BETWEEN = ["132", "2026-01-29", "广告", "【打印】【关闭】"]
# (the form's "以使我们能够…" line is not here: no general rule removes it on its own, only after
# the 请填… line that starts the form)
JUNK_BELOW = ["请填留下的联系方式", "提交", "版权所有 生态环境部"]
# ASCII punctuation of the article and its full-width forms (NFKC folds them back).
WIDE = {",": "，", "(": "（", ")": "）", ":": "：", ";": "；", "0": "０", "2": "２", "V": "Ｖ"}


@dataclass(frozen=True)
class Material:
    """The source article's parts and the gazetteer names to swap in."""

    title: str
    intro: str
    themes: Sequence[str]
    headings: Sequence[str]
    sentences: Sequence[str]
    names: dict[NodeType, list[str]]
    matcher: Matcher
    types: dict[str, NodeType]
    gazetteer: Gazetteer
    extractor: Extractor


@lru_cache(maxsize=1)
def material() -> Material:
    """Built once per session: the gazetteer and extractor come from the pipeline's cache.

    A function, not a pytest fixture: Hypothesis reports a failing example of a test that
    takes a fixture holding a large dataclass as "inconsistent data generation" instead of
    the failure itself.
    """
    gazetteer, extractor = gazetteer_and_extractor(GAZETTEERS)
    source = read_document(CORPUS)
    intro = next(line for line in source.text.split("\n") if line.startswith("1月14日"))
    return Material(
        title=source.title,
        intro=intro,
        themes=[t.title for t in source.themes],
        headings=[a.title for a in source.areas],
        sentences=[t.text for t in source.tasks],
        names={t: sorted(n.name for n in gazetteer.entities if n.type == t) for t in SWAPPED},
        matcher=Matcher(gazetteer.surface_forms),
        types={n.id: n.type for n in gazetteer.entities},
        gazetteer=gazetteer,
        extractor=extractor,
    )


@dataclass(frozen=True)
class Generated:
    text: str
    outline: list[list[list[str]]]  # themes -> areas -> task sentences (normalised)


def swap_names(draw: st.DrawFn, m: Material, sentence: str) -> str:
    """The sentence with some of its regions and pollutants replaced by random ones."""
    out, last = [], 0
    for hit in m.matcher.find(sentence):
        node_type = m.types.get(hit.entity_id)
        if node_type in SWAPPED and draw(st.booleans()):
            out += [sentence[last : hit.start], draw(st.sampled_from(m.names[node_type]))]
            last = hit.end
    out.append(sentence[last:])
    return "".join(out)


@st.composite
def documents(draw: st.DrawFn, m: Material) -> Generated:
    lines = draw(st.lists(st.sampled_from(JUNK_ABOVE), max_size=4))
    if draw(st.booleans()):
        lines.append(m.title)
    if draw(st.booleans()):
        lines += ["", m.intro]
    outline: list[list[list[str]]] = []
    for t in range(draw(st.integers(1, 4))):
        lines += ["", f"{NUMERALS[t]}、{draw(st.sampled_from(m.themes))}"]
        areas: list[list[str]] = []
        for a in range(draw(st.integers(1, 3))):
            at_least = 1 if t == a == 0 else 0  # a document needs one task
            picked = draw(st.lists(st.sampled_from(m.sentences), min_size=at_least, max_size=4))
            tasks = [swap_names(draw, m, s) for s in picked]
            heading = draw(st.sampled_from(m.headings))
            lines += [""] * draw(st.integers(0, 2))
            lines += draw(st.lists(st.sampled_from(JUNK_BETWEEN), max_size=1))
            lines.append(heading + "。" + "".join(tasks))
            areas.append([normalize(s) for s in tasks])
        outline.append(areas)
    lines += ["", *draw(st.lists(st.sampled_from(JUNK_BELOW), max_size=3))]

    wide = draw(st.sets(st.sampled_from(sorted(WIDE))))
    indent = draw(st.sampled_from(["", "  ", "\u3000\u3000"]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = newline.join(indent + line if line else line for line in lines)
    text = text.translate({ord(k): WIDE[k] for k in wide})
    return Generated(text, outline)


def outline_of(doc: ParsedDocument) -> list[list[list[str]]]:
    return [[[t.text for t in a.tasks] for a in theme.areas] for theme in doc.themes]


def build(m: Material, doc: ParsedDocument) -> GraphData:
    return build_graph([doc], m.gazetteer, m.extractor)


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_generated_documents_parse_to_the_outline_they_were_made_from(
    data: st.DataObject,
) -> None:
    generated = data.draw(documents(material()))
    doc = parse_document(generated.text, slug="generated")
    assert outline_of(doc) == generated.outline
    for task in doc.tasks:
        assert doc.text[task.start : task.end] == task.text


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_generated_documents_build_sound_graphs(data: st.DataObject) -> None:
    m = material()
    generated = data.draw(documents(m))
    doc = parse_document(generated.text, slug="generated")
    graph = build(m, doc)

    # ids unique, and a node produced twice (a pattern-made entity in two sentences, or one
    # the gazetteer has too) is the same node both times, so deduplication loses nothing
    nodes, edges = document_graph(doc, m.gazetteer, m.extractor)
    gazetteer_nodes = {n.id: n for n in m.gazetteer.entities}
    seen: dict[str, Node] = {}
    for node in nodes:
        first = seen.setdefault(node.id, gazetteer_nodes.get(node.id, node))
        assert node == first, (node, first)
    structure = [n.id for n in nodes if n.type in STRUCTURE_TYPES]
    assert len(structure) == len(set(structure))
    ids = {n.id for n in graph.nodes}
    assert len(ids) == len(graph.nodes)

    # every edge joins two nodes; no edge was produced twice with different properties
    assert [e for e in graph.edges if e.source not in ids or e.target not in ids] == []
    by_ident: dict[tuple[str, str, str, str], object] = {}
    for edge in edges:
        assert by_ident.setdefault(edge.ident, edge) == edge

    # spans: tasks and mentions slice the document text back to their text
    tasks = {n.id: n for n in graph.nodes if n.type == NodeType.TASK}
    assert len(tasks) == sum(len(a) for theme in generated.outline for a in theme)
    for task in tasks.values():
        start, end = int(task.props["start"]), int(task.props["end"])  # type: ignore[arg-type]
        assert 0 <= start < end <= len(doc.text)
        assert doc.text[start:end] == task.props["text"]
    for edge in graph.edges:
        if edge.type in MENTION_RELS:
            start, end = int(edge.props["start"]), int(edge.props["end"])  # type: ignore[arg-type]
            assert 0 <= start < end <= len(doc.text)
            assert doc.text[start:end] == edge.props["surface"]
            task = tasks[edge.source]
            assert int(task.props["start"]) <= start  # type: ignore[arg-type]
            assert end <= int(task.props["end"])  # type: ignore[arg-type]

    # every task has exactly one HAS_TASK parent, and it is the area the task names
    parents = Counter(e.target for e in graph.edges if e.type == Rel.HAS_TASK)
    assert parents == Counter(tasks.keys())
    for edge in graph.edges:
        if edge.type == Rel.HAS_TASK:
            assert tasks[edge.target].props["area"] == edge.source

    # deterministic: the same text gives the same graph
    assert build(m, parse_document(generated.text, slug="generated")) == graph
