"""Agency lists: the agencies a note, a table cell or the subject of a duty names, one by one.

A list is what policy texts coordinate: `国家发展改革委、工业和信息化部、国家统计局`,
`国务院自然资源、水行政、…、林业和草原主管部门`, `交通运输、住房城乡建设等有关部门`,
`野生动物主管部门和卫生健康部门`, `各县、区人民政府`. Every conjunct is an item with its own span
(data/gold/dev/README.md A1): a conjunct without a head (交通运输) shares the head the list ends in.

Two readings:
- `split_list` for a text that is known to be a list (a note's clause before its verb, a table
  cell): items are the pieces between 、 (and 和/及 after a complete name);
- `parse_list` for a list that must be found at a position of running text (the subject of a
  duty): an item is a known agency mention or a name ending in an agency head (主管部门, 人民政府…),
  merged with what follows it without a separator (国务院 + 卫生行政部门); the list ends where
  the text stops being a list, and is accepted only if it ends in a head.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from policykg.loaders.lexicon import load_lexicon
from policykg.loaders.roles.cues import Cues

__all__ = ["Found", "Item", "parse_list", "split_list"]

_SEPARATOR = "、"
_CONNECTORS = ("以及", "及其", "和", "及", "与")
#: A complete name may end in these one-character heads in a list known to be a list.
_SHORT_HEADS = ("部", "委", "局", "厅", "办", "署", "社", "行", "会", "院")
#: A name ending in a level of government continues with the function it names, without a
#: separator: 国务院 + 卫生行政部门, 县级以上地方人民政府 + 生态环境主管部门, 地方人民政府 + 农业农村.
_LEVEL_ENDS = ("国务院", "人民政府", "政府")
#: An organ continues with its own department: 公安机关 + 交通管理部门 (52 laws of data/corpus/laws).
_BODY_ENDS = (*_LEVEL_ENDS, "机关")
#: Words that only qualify a head: 各级各部门 or 其他有关部门 name no agency.
_DETERMINERS = ("各级", "各", "有关", "相关", "其", "本级", "同级")
#: Where the site lies, before the body of that place: 由所在地区县园林绿化行政部门 names
#: 区县园林绿化行政部门 (北京市湿地保护条例 第十八条), 向所在地区环保部门 names 区环保部门
#: (上海市环境保护条例 第五十四条).
_LOCATIVES = ("所在地",)
#: An item that begins so names no body: 其他负有监督管理职责的部门 (data/gold/dev/README.md A1).
_UNNAMED = ("其他",)
#: A scope phrase (…全省, …区域; scope nouns of data/lexicon/name_boundaries.csv) is no part of
#: the agency mention it stands before: 全省|各级人民政府, 沿线区域|各级人民政府 name 各级人民政府
#: (data/gold/dev/README.md A1, as a leading Region is split off a class).
_SCOPE_WORDS = tuple(load_lexicon().boundaries["scope_noun"])
#: The longest scope phrase stepped over before a mention.
_MAX_SCOPE_PHRASE = 8
#: A definition after a level names the level's department that follows it:
#: 省、自治区、直辖市人民政府（以下统称省级人民政府）生态环境主管部门.
_DEFINITION = re.compile(r"[（(]以下(?:统称|简称)[^）)]{1,20}[）)]")
#: What may stand inside a name: not punctuation, and a bracketed level list (县（市、区）).
_NAME_CHAR = r"[^\s，。；：、,;:()（）“”《》〔〕【】\[\]等]"
_BRACKETED = r"（[^（）\s]{1,8}）"
_SCOPE_PHRASE = re.compile(f"{_NAME_CHAR}+")


@dataclass(frozen=True)
class Item:
    """One agency of a list, offsets in the text given; `head` when it ends in an agency head."""

    start: int
    end: int
    surface: str
    head: bool
    name: str = ""  # the full name of a conjunct (国务院水行政主管部门 for 水行政), else ""


def split_list(text: str, start: int, end: int, cues: Cues) -> list[Item]:
    """The agencies of `text[start:end]`, a span known to hold nothing but a list.

    Args:
        text: the text the list is in.
        start: where the list begins.
        end: where it ends (exclusive).
        cues: the cue table.
    """
    items: list[Item] = []
    position = start
    for piece in re.split(f"({_SEPARATOR}|，|,)", text[start:end]):
        if piece in (_SEPARATOR, "，", ","):
            position += len(piece)
            continue
        items += _pieces_by_connector(text, position, position + len(piece), cues)
        position += len(piece)
    return [item for item in items if _is_agency(item, cues)]


def _pieces_by_connector(text: str, start: int, end: int, cues: Cues) -> list[Item]:
    """Split a piece at 和/及 where the left side is a complete name (not 工业和信息化部)."""
    start, end = _strip(text, start, end, cues)
    if start >= end:
        return []
    heads = cues.agency_heads + _SHORT_HEADS
    for connector in _CONNECTORS:
        at = text.find(connector, start, end)
        while at > start:
            if text[start:at].endswith(heads):
                left = _strip(text, start, at, cues)
                right = _pieces_by_connector(text, at + len(connector), end, cues)
                return [_item(text, *left, cues), *right]
            at = text.find(connector, at + 1, end)
    return [_item(text, start, end, cues)]


def _strip(text: str, start: int, end: int, cues: Cues) -> tuple[int, int]:
    """Drop blanks, a leading 各 (not 各级), 由 or 所在地, and a trailing 等."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    for prefix in cues.assigns:
        if text.startswith(prefix, start, end):
            start += len(prefix)
    if text.startswith("各", start, end) and not text.startswith("各级", start, end):
        start += 1
    for locative in _LOCATIVES:
        if text.startswith(locative, start, end):
            start += len(locative)
    if text.endswith("等", start, end):
        end -= 1
    return start, end


def _item(text: str, start: int, end: int, cues: Cues) -> Item:
    surface = text[start:end]
    return Item(start, end, surface, surface.endswith(cues.agency_heads + _SHORT_HEADS))


def _is_agency(item: Item, cues: Cues) -> bool:
    """Not empty, not a listed non-agency, and more than determiners before a bare head."""
    rest = item.surface
    changed = True
    while changed:
        changed = False
        for word in _DETERMINERS:
            if rest.startswith(word):
                rest, changed = rest[len(word) :], True
    return (
        bool(rest)
        and not item.surface.startswith(_UNNAMED)
        and item.surface not in cues.not_agency
        and rest not in cues.not_agency
    )


@dataclass(frozen=True)
class Found:
    """A list found in running text: its items, where it ends and the head it shares, if any."""

    items: tuple[Item, ...]
    end: int


def parse_list(
    text: str,
    start: int,
    mentions: Sequence[tuple[int, int]],
    skip: Sequence[tuple[int, int]],
    cues: Cues,
) -> Found | None:
    """The agency list beginning at `start`, or None when no list that ends in a head starts there.

    `mentions` are agency spans the entity extractor found; `skip` are spans to step over at the
    start of an item (a Region before a class: 黄河流域 + 县级以上地方人民政府).

    Args:
        text: the text the list is in.
        start: where the list would begin.
        mentions: agency spans the entity extractor found.
        skip: spans to step over at the start of an item.
        cues: the cue table.
    """
    by_start = {s: e for s, e in mentions}
    kept: list[Item] = []
    group, end, shared = _group(text, start, by_start, skip, cues)
    while group and (group[-1].head or shared):
        kept += (_named_in_full(i, group, text[end : end + shared], cues) for i in group)
        end += shared
        # 公安、司法等部门和审判、检察机关: a list closed by its shared head may go on after 和
        connector = next((c for c in _CONNECTORS if text.startswith(c, end)), "")
        if not (shared and connector):
            break
        group, after, shared = _group(text, end + len(connector), by_start, skip, cues)
        if group and (group[-1].head or shared):
            end = after
    found = tuple(item for item in kept if _is_agency(item, cues))
    return Found(found, end) if found else None


def _group(
    text: str,
    position: int,
    by_start: dict[int, int],
    skip: Sequence[tuple[int, int]],
    cues: Cues,
) -> tuple[list[Item], int, int]:
    """Items coordinated from `position`, where they end and the length of a shared head."""
    items: list[Item] = []
    while True:
        position = _step_over(text, position, by_start, skip)
        item = _parse_item(text, position, by_start, cues)
        if item is None:
            break
        items.append(item)
        position = item.end
        definition = _DEFINITION.match(text, position)
        if definition and item.surface.endswith(_LEVEL_ENDS):
            function = _parse_item(text, definition.end(), by_start, cues)
            if function is not None and function.head:
                items, item, position = [function], function, function.end
        separator = _separator_after(text, position, item)
        if separator is None:
            break
        position += separator
    return items, position, _shared_head(text, position, cues)


def _named_in_full(item: Item, items: list[Item], shared: str, cues: Cues) -> Item:
    """A conjunct's full name: the level the list opens with, the conjunct, the head it shares
    (国务院自然资源、水行政…主管部门 -> 国务院水行政主管部门; 交通运输…等有关部门 -> 交通运输部门)."""
    level = next((lv for lv in _LEVEL_ENDS if items[0].surface.startswith(lv)), "")
    if level and item.surface.startswith(level):
        level = ""
    if item.head:
        return replace(item, name=level + item.surface) if level else item
    last = items[-1].surface if items[-1].head else shared.removeprefix("等")
    head = next((h for h in cues.agency_heads if last.endswith(h)), "")
    head = head.removeprefix("有关").removeprefix("相关")
    return replace(item, name=level + item.surface + head)


def _step_over(
    text: str, position: int, by_start: dict[int, int], skip: Sequence[tuple[int, int]]
) -> int:
    if text.startswith("各", position) and not text.startswith("各级", position):
        position += 1
    for locative in _LOCATIVES:
        if text.startswith(locative, position):
            position += len(locative)
    for start in range(position + 1, min(position + _MAX_SCOPE_PHRASE, len(text)) + 1):
        if (
            start in by_start
            and text.endswith(_SCOPE_WORDS, position, start)
            and _SCOPE_PHRASE.fullmatch(text, position, start)
        ):
            return start
    for s, e in skip:
        if s == position:
            return e
    return position


def _parse_item(text: str, position: int, by_start: dict[int, int], cues: Cues) -> Item | None:
    """A mention or a name ending in a head, merged with names following it directly."""
    start = position
    head = False
    while position == start or text[start:position].endswith(_BODY_ENDS):
        if position in by_start:
            position, head = by_start[position], True
            continue
        match = _named(cues).match(text, position)
        if match and match.end() > position and not text.startswith(_CONNECTORS, position):
            position, head = match.end(), True
            continue
        break
    bare = _bare(cues).match(text, position)
    continues = position == start or text[start:position].endswith(_LEVEL_ENDS)
    if (
        continues
        and bare
        and bare.end() > position
        and not text.startswith(_CONNECTORS, position)
        and (text.startswith(_SEPARATOR, bare.end()) or _shared_head(text, bare.end(), cues))
    ):
        position, head = bare.end(), False
    if position == start:
        return None
    return Item(start, position, text[start:position], head)


def _separator_after(text: str, position: int, item: Item) -> int | None:
    """Length of the separator after an item, or None when the list ends there."""
    if text.startswith(_SEPARATOR, position):
        return len(_SEPARATOR)
    if item.head:
        for connector in _CONNECTORS:
            if text.startswith(connector, position):
                return len(connector)
    return None


def _shared_head(text: str, position: int, cues: Cues) -> int:
    """Length of a shared head closing the list (等有关部门, 等主管部门), or 0."""
    match = re.compile(r"等(?:有关|相关|其他)?(?:" + "|".join(cues.agency_heads) + ")").match(
        text, position
    )
    return match.end() - position if match else 0


@cache
def _named(cues: Cues) -> re.Pattern[str]:
    """A name ending in a head; the name never runs through a cue word (应当, 会同, 由 …)."""
    return re.compile(
        f"(?:{_not_cue(cues)}(?:{_NAME_CHAR}|{_BRACKETED})){{0,24}}?"
        f"(?:{'|'.join(map(re.escape, cues.agency_heads))})"
    )


@cache
def _bare(cues: Cues) -> re.Pattern[str]:
    """A conjunct without a head (交通运输 in 交通运输、住房城乡建设等有关部门)."""
    return re.compile(f"(?:{_not_cue(cues)}{_NAME_CHAR}){{1,12}}")


def _not_cue(cues: Cues) -> str:
    words = (
        *cues.joint,
        *cues.modals,
        *cues.assigns,
        *cues.not_subject,
        *cues.note_verbs,
        *cues.duty_verbs,
    )
    # 商 is a joint cue but begins 商务; 应 is a modal but begins 应急
    guarded = {"商": "商(?!务)", "应": "应(?![急对])"}
    alternatives = sorted({guarded.get(w, re.escape(w)) for w in words}, key=len, reverse=True)
    return f"(?!{'|'.join(alternatives)})"
