"""Patterns for names no gazetteer lists: instruments, programmes and regions.

A name is found by its head (a suffix such as 办法 or 行动, or 《…》 / “…” marks) and its
start is found by walking back to the nearest boundary: punctuation, a conjunction (和 及 与 等),
or a governing verb (制定, 修订, 实施 …) that leaves a stem of at least two characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from graph.model import Node, NodeType, entity_id
from loaders.actions import VerbHit

PUNCT = frozenset(",、。;:“”《》()!?\n ")
CONJUNCTIONS = frozenset("和及与等")
GOVERNING_VERBS = frozenset(
    {
        "制定",
        "修订",
        "制修订",
        "编制",
        "印发",
        "出台",
        "发布",
        "修改",
        "起草",
        "更新",
        "实施",
        "推进",
        "推动",
        "开展",
        "落实",
        "建立",
        "完善",
        "健全",
        "深化",
        "启动",
        "规划",
        "谋划",
        "办好",
        "打好",
        "持续",
        "深入",
        "加强",
        "强化",
        "探索",
        "应对",
    }
)

# head -> (entity type, kind, English gloss of the head)
HEADS: Mapping[str, tuple[NodeType, str, str]] = {
    "办法": (NodeType.INSTRUMENT, "measure", "Measures"),
    "方案": (NodeType.INSTRUMENT, "plan", "Plan"),
    "名录": (NodeType.INSTRUMENT, "list", "Catalogue"),
    "标准": (NodeType.INSTRUMENT, "standard", "Standard"),
    "预案": (NodeType.INSTRUMENT, "plan", "Contingency Plan"),
    "公约": (NodeType.INSTRUMENT, "convention", "Convention"),
    "清单": (NodeType.INSTRUMENT, "list", "List"),
    "指南": (NodeType.INSTRUMENT, "guideline", "Guidelines"),
    "意见": (NodeType.INSTRUMENT, "opinion", "Opinions"),
    "条例": (NodeType.INSTRUMENT, "regulation", "Regulations"),
    "保卫战": (NodeType.PROGRAM, "campaign", "Campaign"),
    "攻坚战": (NodeType.PROGRAM, "campaign", "Campaign"),
    "歼灭战": (NodeType.PROGRAM, "campaign", "Campaign"),
    "行动": (NodeType.PROGRAM, "action", "Action"),
    "工程": (NodeType.PROGRAM, "project", "Project"),
    "试点": (NodeType.PROGRAM, "pilot", "Pilot"),
    "流域": (NodeType.REGION, "river_basin", "Basin"),
    "城市群": (NodeType.REGION, "city_cluster", "City Cluster"),
    "海域": (NodeType.REGION, "sea_area", "Sea Area"),
    "地区": (NodeType.REGION, "macro_region", "Region"),
}
_HEAD_RE = re.compile("|".join(sorted(map(re.escape, HEADS), key=len, reverse=True)))

#: Stems that make a head generic rather than a name (重要流域, 有关文件, 专项行动).
GENERIC_STEMS = frozenset(
    {
        "有关",
        "相关",
        "重大",
        "重要",
        "重点",
        "专项",
        "系列",
        "各类",
        "其他",
        "周边",
        "总体",
        "实施",
        "工作",
        "攻坚",
        "三年",
        "国际",
        "技术",
        "管理",
        "沿海",
    }
)
#: A head followed by one of these is a modifier, not the end of a name (清单化, 标准体系).
NOT_A_NAME_END = ("化", "体系", "管理", "制度", "工作")
#: Quoted names that are periods or slogans, not programmes (“十五五”).
PERIOD_RE = re.compile(r"^十[一二三四五六七八九十]*五$")
QUOTED_PROGRAM_FOLLOWERS = ("建设", "行动", "系列活动", "活动", "试点", "工程")
MIN_STEM = 2
MAX_NAME = 30


@dataclass(frozen=True)
class PatternHit:
    start: int
    end: int
    rule: str
    entity: Node


def find_patterns(text: str, verbs: Iterable[VerbHit]) -> list[PatternHit]:
    """Every pattern candidate in a sentence; overlaps are settled by the caller."""
    verb_ends = {v.start + len(v.verb): v.verb for v in verbs if v.verb in GOVERNING_VERBS}
    return [*_titles(text), *_quoted(text), *_headed(text, verb_ends)]


def _titles(text: str) -> Iterable[PatternHit]:
    for m in re.finditer(r"《([^《》]{2,60})》", text):
        name = m.group(1)
        head = next((h for h in HEADS if name.endswith(h)), None)
        kind = HEADS[head][1] if head else _title_kind(name)
        yield _hit(m.start(), m.end(), "title", NodeType.INSTRUMENT, name, kind, head)


def _title_kind(name: str) -> str:
    for suffix, kind in (("法", "law"), ("规划", "plan"), ("纲要", "plan"), ("协定", "convention")):
        if name.endswith(suffix):
            return kind
    return "document"


def _quoted(text: str) -> Iterable[PatternHit]:
    for m in re.finditer(r"“([^“”]{2,20})”", text):
        inner = m.group(1)
        follows = text[m.end() : m.end() + 4]
        if PERIOD_RE.match(inner) or not follows.startswith(QUOTED_PROGRAM_FOLLOWERS):
            continue
        yield _hit(m.start(), m.end(), "quoted", NodeType.PROGRAM, inner, "programme", None)


def _headed(text: str, verb_ends: Mapping[int, str]) -> Iterable[PatternHit]:
    for m in _HEAD_RE.finditer(text):
        head, end = m.group(), m.end()
        if text[end : end + 2].startswith(NOT_A_NAME_END):
            continue
        start = _name_start(text, m.start(), verb_ends)
        stem = text[start : m.start()]
        if len(stem) < MIN_STEM or stem in GENERIC_STEMS or end - start > MAX_NAME:
            continue
        if any(stem.endswith(g) and len(stem) == len(g) for g in GENERIC_STEMS):
            continue
        node_type, kind, _ = HEADS[head]
        yield _hit(start, end, "head", node_type, text[start:end], kind, head)


def _name_start(text: str, head_start: int, verb_ends: Mapping[int, str]) -> int:
    """Walk back from a head to the nearest boundary that leaves a real stem."""
    i = head_start
    while i > 0:
        ch = text[i - 1]
        if ch in PUNCT or ch in CONJUNCTIONS:
            return i
        if i in verb_ends and head_start - i >= MIN_STEM:
            return i
        i -= 1
    return 0


def _hit(
    start: int, end: int, rule: str, node_type: NodeType, name: str, kind: str, head: str | None
) -> PatternHit:
    gloss = HEADS[head][2] if head else kind.title()
    node = Node(
        entity_id(node_type, name),
        node_type,
        name,
        {
            "name_en": f"{gloss}: {name}",
            "aliases": [],
            "kind": kind,
            "source": f"pattern:{rule}",
            "origin": "pattern",
        },
    )
    return PatternHit(start, end, rule, node)
