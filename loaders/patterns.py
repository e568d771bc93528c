"""Patterns for names no gazetteer lists: instruments, programmes and regions.

A name is found by its head (a suffix such as 办法 or 行动, or 《…》 / “…” marks) and its start
by walking back from the head (data/gold/GUIDELINES.md, Decisions 3-5 and 10-11). The walk stops at

- punctuation, an ASCII symbol (markup such as `<script>` or `&gt;` never joins a name), 等,
  or 的 (经批准的|水土保持方案);
- a conjunction (和 及 与), unless all it leaves is bare verbs (雨水控制与利用规划);
- a governing verb (实施, 推进 …) that leaves a stem of at least two characters; one right
  before the head is part of a compound (环境风险防控实施方案).

A quoted segment is passed over, not a boundary (生态环境分区管控“十五五”定期调整工作方案), and a
Region name counts as one word, so the walk never stops inside 京津冀及周边地区. After a drafting
verb (制定, 编制, 印发 …) a title runs from the verb to the head, verbs and conjunctions included
(制定|推动碳捕集利用与封存发展的意见), unless an earlier name ends in between (…普查方案和…方案).
Leading Region names and scope phrases (generic words ending in a scope noun: 重点行业, 相关领域)
are then split off (京津冀及周边地区 + 大气污染防治提质增效行动), and a stem made only of generic
words and verbs is no name (督察整改方案, 分级管理制度).
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import NamedTuple

from policykg.graph.model import Node, NodeType, entity_id
from policykg.loaders.actions import (
    DRAFTING_VERBS,
    REVISING_VERBS,
    SCANNED_VERBS,
    VERBS,
    VerbHit,
    verb_matches,
    verbs_as_matches,
)
from policykg.loaders.agency_patterns import HEADS as AGENCY_HEADS
from policykg.loaders.agency_patterns import AgencyName, agencies_at
from policykg.loaders.lexicon import load_lexicon
from policykg.loaders.matcher import SEPARATOR, Batch, BatchMatches, Match, leftmost_longest

__all__ = [
    "ASCII_STOPS",
    "MAX_NAME",
    "MAX_WALK",
    "OPAQUE_RULES",
    "RULE_MARKS",
    "PatternHit",
    "Prescan",
    "find_patterns",
    "patterns_with",
    "prescan",
]

_LEXICON = load_lexicon()
_BOUNDARIES = _LEXICON.boundaries

_PUNCT = frozenset(",、。;:“”《》()!?\n ")
#: ASCII symbols end a name, so markup never joins one; + - . occur inside names
#: (“综合+行业”, PM2.5, GB 3095-2012).
ASCII_STOPS = frozenset(string.punctuation) - frozenset("+-.")
_CONJUNCTIONS = frozenset("和及与")
_ENUMERATION_END = "等"  # 长江、黄河等|重要流域…办法: what follows 等 is a new phrase
_ATTRIBUTIVE = "的"
OPEN_QUOTE, CLOSE_QUOTE = "“", "”"
_MAX_QUOTE = 20
_GOVERNING_VERBS = _LEXICON.governing_verbs
#: Verbs after which a title runs up to its head: 制定|加强新污染物协同治理和环境风险防控实施方案.
_TITLE_VERBS = DRAFTING_VERBS | REVISING_VERBS
#: Verbs that pair with a drafting verb (印发实施, 制定落实) and so are not part of the title.
_CO_VERBS = _LEXICON.co_verbs
# what a verb tells the walk back (bit flags), by its index in the verb scan
_GOVERNS, _TITLES = 1, 2
_VERB_KINDS: tuple[int, ...] = tuple(
    (verb in _GOVERNING_VERBS and _GOVERNS) | (verb in _TITLE_VERBS and _TITLES)
    for verb in SCANNED_VERBS
)

# head -> (entity type, kind, English gloss of the head)
_HEADS: Mapping[str, tuple[NodeType, str, str]] = {
    head: (NodeType(node_type), kind, gloss)
    for head, (node_type, kind, gloss) in _LEXICON.heads.items()
}
# enum members as module constants: a member looked up on its Enum class costs about 0.4 µs
_REGION, _PROGRAM, _INSTRUMENT = NodeType.REGION, NodeType.PROGRAM, NodeType.INSTRUMENT
_AGENCY, _SECTOR = NodeType.AGENCY, NodeType.SECTOR
_PLACE_HEADS = frozenset(h for h, (node_type, _, _) in _HEADS.items() if node_type is _REGION)
_BY_LENGTH = sorted(_HEADS, key=len, reverse=True)
_ALL_HEADS = tuple(sorted({*_HEADS, *AGENCY_HEADS}))
#: Words that make a place's name a programme of that place (美丽|河南).
_PLACE_PROGRAMME_PREFIXES = _BOUNDARIES["place_programme_prefix"]
#: The marks of the other rules (a title, a quote, a town, a list, a place's programme), found
#: by the head scan: no mark overlaps a head, so they change no head's match (a test checks).
RULE_MARKS = ("《", "“", "镇", "乡", "等", *_PLACE_PROGRAMME_PREFIXES)
_TITLE_MARK, _QUOTE_MARK, _TOWN_MARK, _LIST_MARK, _PLACE_MARK = 1, 2, 4, 8, 16
# name heads, agency heads and rule marks in one scan; what each word is, by its index
_HEAD_SCAN = leftmost_longest((*_ALL_HEADS, *RULE_MARKS))
_NAME_HEAD, _PLACE_HEAD, _AGENCY_HEAD = 32, 64, 128
_SCANNED_KIND = (
    *(
        _AGENCY_HEAD if h in AGENCY_HEADS else _PLACE_HEAD if h in _PLACE_HEADS else _NAME_HEAD
        for h in _ALL_HEADS
    ),
    *(_TITLE_MARK, _QUOTE_MARK, _TOWN_MARK, _TOWN_MARK, _LIST_MARK),
    *(_PLACE_MARK for _ in _PLACE_PROGRAMME_PREFIXES),
)
#: Heads whose names are always specific: a regulation is named by its subject, however
#: generic the words (生态环境监测条例).
_NAMED_HEADS = frozenset(_BOUNDARIES["named_head"])
#: index in _ALL_HEADS -> (name head, its entity type, kind, whether it always names)
_HEAD_INFO: Mapping[int, tuple[str, NodeType, str, bool]] = {
    i: (h, _HEADS[h][0], _HEADS[h][1], h in _NAMED_HEADS)
    for i, h in enumerate(_ALL_HEADS)
    if h in _HEADS
}
# a name head found in a sentence: (start, end, index in _ALL_HEADS)
_Head = tuple[int, int, int]
_JOINABLE = not any(SEPARATOR in w for w in (*_ALL_HEADS, *_BOUNDARIES["walk_stop"]))

#: Words that name nothing on their own: scope, degree, manner and domain words. A stem made
#: only of these and lexicon verbs is generic (重要流域, 督察整改方案, 开展试点, 国际环境公约,
#: 分级分类差异化监管制度: Decision 10).
_GENERIC_WORDS = _LEXICON.generic_words
_FILLER_RE = re.compile("|".join(map(re.escape, sorted({*_GENERIC_WORDS, *VERBS}, key=len)[::-1])))
#: Verbs that are coordinated inside names (保护与利用规划, 控制与利用工程) besides the lexicon's.
_NAME_VERBS = _LEXICON.name_verbs
_VERBS_ONLY_RE = re.compile(
    "(?:" + "|".join(map(re.escape, sorted({*VERBS, *_NAME_VERBS}, key=len)[::-1])) + ")+"
)
#: Scope words that open a phrase without belonging to the name (重点领域|非二氧化碳…控排行动).
_SCOPE_NOUNS = _BOUNDARIES["scope_noun"]
_GENERIC_ALT = "|".join(map(re.escape, sorted(_GENERIC_WORDS, key=len, reverse=True)))
_SCOPE_NOUN_ALT = "|".join(map(re.escape, _SCOPE_NOUNS))
_LEADING_SCOPE_RE = re.compile(f"(?:{_GENERIC_ALT})*(?:{_SCOPE_NOUN_ALT})")
#: Any scope noun: where none is in a sentence, no leading scope phrase need be matched.
_SCOPE_NOUN_RE = re.compile(_SCOPE_NOUN_ALT or "(?!)")
#: A document noun or "related" right before the head, or "every" at the start, makes a
#: collective, not a name (绿色金融政策制度, 法律文书, 土壤污染防治相关标准, 各专项规划).
_PLURAL_STARTS = _BOUNDARIES["plural_start"]  # 各专项规划: every one of a class
_COLLECTIVE_ENDS = _BOUNDARIES["collective_end"]
#: A head followed by one of these is a modifier, not the end of a name (清单化, 标准体系).
_NOT_A_NAME_END = _BOUNDARIES["not_a_name_end"]
#: Quoted names that are periods or slogans, not programmes (“十五五”).
_PERIOD_RE = re.compile(r"^十[一二三四五六七八九十]*五$")
_QUOTED_PROGRAM_FOLLOWERS = _BOUNDARIES["quoted_program_follower"]
_QUOTE_FOLLOWED_RE = re.compile(
    CLOSE_QUOTE + "(?:" + "|".join(map(re.escape, _QUOTED_PROGRAM_FOLLOWERS)) + ")"
    if _QUOTED_PROGRAM_FOLLOWERS
    else "(?!)"
)
#: Pattern rules whose names are proper names: nothing inside them is a mention (美丽河南).
OPAQUE_RULES = frozenset({"place"})
#: Modal and preposition words no name runs back across (…部门应当|按照|国土空间规划).
_WALK_STOPS = _BOUNDARIES["walk_stop"]
_WALK_STOP_SCAN = leftmost_longest(_WALK_STOPS) if _WALK_STOPS else None
# few sentences hold a walk stop: a regex says which at half the cost of a call into the automaton
_WALK_STOP_RE = re.compile("|".join(map(re.escape, _WALK_STOPS)) or "(?!)")
_NAME_CHAR = "[^" + re.escape("".join(sorted(_PUNCT | ASCII_STOPS))) + "]"
_MIN_STEM = 2
MAX_NAME = 30
#: The furthest a walk looks back from a head for the start of its name. Leading regions and
#: scope words are split off after the walk, so it may pass a name's own limit; a walk that
#: finds no boundary within it names nothing. It keeps extraction linear in sentence length.
MAX_WALK = 2 * MAX_NAME


class Prescan(NamedTuple):
    """The head and walk-stop scans of a whole batch, for patterns_with on each of its texts."""

    heads: BatchMatches
    stops: BatchMatches | None


def prescan(batch: Batch) -> Prescan | None:
    """One head scan and one walk-stop scan over a batch (None when a word holds SEPARATOR,
    which would join two texts: the texts are then scanned one by one).

    Args:
        batch: the texts.
    """
    if not _JOINABLE:
        return None
    stops = batch.matches(_WALK_STOP_SCAN) if _WALK_STOP_SCAN else None
    return Prescan(batch.matches(_HEAD_SCAN), stops)


class PatternHit(NamedTuple):
    """A name a pattern found at text[start:end], with the entity it makes."""

    start: int
    end: int
    rule: str
    entity: Node


class _Context(NamedTuple):
    """What the walk back needs to know about one sentence."""

    verb_ends: Collection[int]  # where a governing verb or a walk stop ends
    title_verb_ends: Collection[int]  # where a drafting or revising verb ends
    region_by_end: Mapping[int, int]  # Region names: end -> start
    region_by_start: Mapping[int, int]  # Region names: start -> end
    heads: list[_Head]  # the name heads
    stop_ends: Collection[int] = ()  # where a walk stop (应当, 按照 …) ends: never crossed
    walk_marks: Collection[int] = ()  # verb, stop and Region ends: where a walk looks closer
    scoped: bool = True  # whether a scope noun is in the sentence at all (else none to split off)


#: Characters at which a walk back may stop or jump; at any other character (and no verb,
#: walk stop or Region ending there) it only steps on.
_WALK_CHARS = _PUNCT | ASCII_STOPS | _CONJUNCTIONS | {_ENUMERATION_END, _ATTRIBUTIVE, CLOSE_QUOTE}
_TITLE_CHARS = _PUNCT | ASCII_STOPS | _CONJUNCTIONS | {_ENUMERATION_END, CLOSE_QUOTE}
_TITLE_CHAR_RE = re.compile("[" + re.escape("".join(sorted(_TITLE_CHARS))) + "]")


def find_patterns(
    text: str, verbs: Iterable[VerbHit], regions: Iterable[tuple[int, int]] = ()
) -> list[PatternHit]:
    """Every pattern candidate in a sentence; overlaps are settled by the caller.

    `regions` are the (start, end) spans of the gazetteer's Region names in `text`.

    Args:
        text: the sentence.
        verbs: the lexicon verbs in it.
        regions: (start, end) of the gazetteer's Region names in `text`.
    """
    matches = verbs_as_matches(verbs)
    return patterns_with(text, lambda: matches, regions)[0]


def patterns_with(
    text: str,
    verbs_of: Callable[[], Sequence[Match]] | None,
    regions: Iterable[tuple[int, int]],
    scanned: tuple[Prescan, int] | None = None,
) -> tuple[list[PatternHit], Sequence[Match] | None]:
    """find_patterns for a caller that finds the verbs only when asked (most sentences have no
    name head, and only a head's walk back needs them): the pattern hits, and the verbs if they
    were needed (None if not), so that the caller need not find them again.

    Args:
        text: the sentence.
        verbs_of: finds the lexicon verbs in it as actions.verb_matches does, called only when
            needed (None: actions.verb_matches(text)).
        regions: (start, end) of the gazetteer's Region names in `text`.
        scanned: the prescan of a batch and the sentence's index in it (None: scanned here).
    """
    scan = _HEAD_SCAN(text) if scanned is None else scanned[0].heads.of(scanned[1])
    if not scan:
        return [], None  # no head and no rule's mark: most sentences
    heads: list[_Head] = []
    place_heads: list[_Head] = []
    agency_heads = []
    marks = 0
    scanned_kinds = _SCANNED_KIND
    for i, start, end in scan:
        kind = scanned_kinds[i]
        if kind < _NAME_HEAD:
            marks |= kind
        elif kind == _AGENCY_HEAD:
            agency_heads.append((start, end))
        elif not text.startswith(_NOT_A_NAME_END, end):
            heads.append((start, end, i))
            if kind == _PLACE_HEAD:
                place_heads.append((start, end, i))
    found: list[PatternHit] = []
    # each rule only where its marks are in the text: most sentences have none of them
    if marks:
        if marks & _TITLE_MARK:
            found += _titles(text)
        if marks & _QUOTE_MARK:
            found += _quoted(text)
        if marks & _TOWN_MARK:
            found += _towns(text)
        if marks & _LIST_MARK and "、" in text and _SECTOR_LIST_END_RE.search(text):
            found += _listed_sectors(text)
        if marks & _PLACE_MARK and regions:
            found += _place_programmes(text, regions)
    if agency_heads:
        found += _agencies(text, agencies_at(text, agency_heads), regions)
    if not heads:
        return found, None
    stop_ends = _stop_ends(text, scanned)
    verb_ends = set(stop_ends)
    title_ends = set()
    verb_kinds = _VERB_KINDS
    verbs = verb_matches(text) if verbs_of is None else verbs_of()
    for i, _, end in verbs:
        kind = verb_kinds[i]
        if kind:
            if kind & _GOVERNS:
                verb_ends.add(end)
            if kind & _TITLES:
                title_ends.add(end)
    spans = sorted(set(regions)) if regions else []
    ctx = _context(text, verb_ends, title_ends, spans, heads, stop_ends)
    if place_heads:
        places = _headed(text, place_heads, ctx)
        found += places
        used = bytearray(len(text) + 1)
        for a, b in spans:
            used[a:b] = b"\x01" * (b - a)
        spans += [(p.start, p.end) for p in places if used.find(1, p.start, p.end) < 0]
        ctx = _context(text, verb_ends, title_ends, spans, heads, stop_ends)
        heads = [h for h in heads if scanned_kinds[h[2]] != _PLACE_HEAD]
    found += _headed(text, heads, ctx)
    return found, verbs


def _stop_ends(text: str, scanned: tuple[Prescan, int] | None) -> Collection[int]:
    """Where a walk stop (应当, 按照 …) ends in the sentence."""
    if scanned is None:
        if _WALK_STOP_SCAN is None or _WALK_STOP_RE.search(text) is None:
            return ()
        return {end for _, _, end in _WALK_STOP_SCAN(text)}
    stops, k = scanned[0].stops, scanned[1]
    if stops is None:
        return ()
    matches, offset = stops.raw(k)
    return {end - offset for _, _, end in matches}


#: A list of sectors: items joined by 、, then 等 and a few words and 行业 / 产业 / 业态.
_LIST_ITEM = "[^、,，。;；:：\\s等和及与()（）]{2,8}"
_LIST_ITEM_RE = re.compile(_LIST_ITEM)
#: The most items a list holds: bounds the regex's work at each position (a list of 24 sectors is
#: long already; 北京 第三十条 has 8).
_MAX_LIST_ITEMS = 24
_SECTOR_LIST_END = (
    "等[^,，。;；]{0,12}?(?:" + "|".join(map(re.escape, _BOUNDARIES["sector_list_end"])) + ")"
)
_SECTOR_LIST_RE = re.compile(
    rf"(?P<items>{_LIST_ITEM}(?:、{_LIST_ITEM}){{1,{_MAX_LIST_ITEMS}}}){_SECTOR_LIST_END}"
)
#: The end of a list alone: where it is missing, no list need be looked for.
_SECTOR_LIST_END_RE = re.compile(_SECTOR_LIST_END)
#: A town or township: two to four characters (no function word) and 镇 or 乡.
_TOWN = "(?:(?![的和及与等])[\u4e00-\u9fff]){2,4}[镇乡]"
_TOWN_RE = re.compile(_TOWN)
_TOWN_LIST_RE = re.compile(
    rf"(?:(?<=[、,，:：;；的\s])|^){_TOWN}(?:[、和及]{_TOWN}){{2,{_MAX_LIST_ITEMS}}}"
)
#: A congress's term number: 第十三届 (河南省第十三届人民代表大会常务委员会).
_TERM_RE = re.compile("第[一二三四五六七八九十百〇零]{1,4}届")
_LONGEST_TERM = 6


def _agencies(
    text: str, found: list[AgencyName], regions: Iterable[tuple[int, int]]
) -> list[PatternHit]:
    """Agencies named by pattern; a place written into the name is part of it (北京市|人民政府:
    the region ends in the level word the pattern starts with), so the body is one proper name."""
    region_start = {end: start for start, end in regions}
    hits = []
    for a in found:
        start = a.start
        name = ""
        term = _TERM_RE.search(text, max(0, start - _LONGEST_TERM), start)
        if term and term.end() == start and term.start() in region_start:
            # 北京市|第十五届|人民代表大会常务委员会: the term number interrupts one proper name
            start = region_start[term.start()]
            name = text[start : term.start()]
        elif a.end - a.start > 1 and region_start.get(start + 1, start) < start:
            start = region_start[start + 1]
        name = (name or text[start : a.start]) + a.name
        hits.append(_hit(start, a.end, "agency", _AGENCY, name, "class", None))
    return hits


_NO_REGIONS: Mapping[int, int] = {}


def _context(
    text: str,
    verb_ends: set[int],
    title_ends: set[int],
    regions: list[tuple[int, int]],
    heads: list[_Head],
    stop_ends: Collection[int],
) -> _Context:
    by_end: Mapping[int, int]
    by_start: Mapping[int, int]
    # verb_ends holds the stop ends too (a stop ends a walk as a governing verb does)
    if regions:
        by_end = {end: start for start, end in regions}
        by_start = {start: end for start, end in regions}
        marks = verb_ends.union(by_end)
    else:  # most sentences name no region: nothing to build (the context is never changed)
        by_end = by_start = _NO_REGIONS
        marks = verb_ends
    return tuple.__new__(  # no NamedTuple __new__: one context per sentence with a head
        _Context,
        (
            verb_ends,
            title_ends,
            by_end,
            by_start,
            heads,
            stop_ends,
            marks,
            _SCOPE_NOUN_RE.search(text) is not None,
        ),
    )


def _safe(name: str) -> bool:
    """No markup or ASCII symbol inside: `<script>` is never part of a name."""
    return _ASCII_STOP_RE.search(name) is None


_ASCII_STOP_RE = re.compile("[" + re.escape("".join(sorted(ASCII_STOPS))) + "]")


_TITLE_RE = re.compile(r"《([^《》\n]{2,60})》")
_QUOTED_RE = re.compile(r"“([^“”\n]{2,20})”")


def _titles(text: str) -> Iterable[PatternHit]:
    for m in _TITLE_RE.finditer(text):
        name = m.group(1)
        if not _safe(name):
            continue
        head = _title_head(name)
        kind = _HEADS[head][1] if head else _title_kind(name)
        yield _hit(m.start(), m.end(), "title", _INSTRUMENT, name, kind, head)


def _title_head(name: str) -> str | None:
    """The longest head a title ends in (remembered: the same titles are cited again and
    again)."""
    if name in _TITLE_HEADS:
        return _TITLE_HEADS[name]
    head = next((h for h in _BY_LENGTH if name.endswith(h)), None)
    if len(_TITLE_HEADS) >= _MAX_STEMS:
        _TITLE_HEADS.clear()
    _TITLE_HEADS[name] = head
    return head


_TITLE_HEADS: dict[str, str | None] = {}


def _title_kind(name: str) -> str:
    for suffix, kind in (("法", "law"), ("规划", "plan"), ("纲要", "plan"), ("协定", "convention")):
        if name.endswith(suffix):
            return kind
    return "document"


def _place_programmes(text: str, regions: Iterable[tuple[int, int]]) -> Iterable[PatternHit]:
    """美丽 + a place is that place's programme: 美丽河南 (河南省人大常委会决议 2018), 美丽湖北
    (湖北省減污降碳協同增效實施方案), as 美丽中国 is the nation's (dev gold README A5)."""
    for start, end in regions:
        for prefix in _PLACE_PROGRAMME_PREFIXES:
            if text.startswith(prefix, start - len(prefix)) and start >= len(prefix):
                name = prefix + text[start:end]
                yield _hit(start - len(prefix), end, "place", _PROGRAM, name, "programme", None)


def _listed_sectors(text: str) -> Iterable[PatternHit]:
    """What a list before 等…行业 / 产业 / 业态 enumerates are sectors (火电、钢铁、石油、化工等
    大气污染重点行业; 以煤炭、有色金属、黄金…等行业为重点). The first item is left to the
    gazetteer: nothing marks where it starts (以煤炭, 严禁钢铁, 适度发展生态旅游)."""
    for m in _SECTOR_LIST_RE.finditer(text):
        for k, item in enumerate(_LIST_ITEM_RE.finditer(text, m.start(), m.end("items"))):
            if k and not _generic(item.group()):
                yield _hit(
                    item.start(),
                    item.end(),
                    "list",
                    _SECTOR,
                    item.group(),
                    "industry",
                    None,
                )


def _towns(text: str) -> Iterable[PatternHit]:
    """Towns and townships named one after another, three or more: a list of places (房山区的
    周口店镇、大石窝镇…和蒲洼乡; 峨溶镇、雅江镇、洪安镇、大溪乡), each a Region."""
    for m in _TOWN_LIST_RE.finditer(text):
        for town in _TOWN_RE.finditer(text, m.start(), m.end()):
            if not _generic(town.group()[:-1]):
                yield _hit(town.start(), town.end(), "town", _REGION, town.group(), "town", None)


def _quoted(text: str) -> Iterable[PatternHit]:
    if _QUOTE_FOLLOWED_RE.search(text) is None:
        return  # no closing quote followed by a programme word: most quotes
    for m in _QUOTED_RE.finditer(text):
        if not text.startswith(_QUOTED_PROGRAM_FOLLOWERS, m.end()):
            continue  # most quotes are followed by no programme word: the cheap test first
        inner = m.group(1)
        if _safe(inner) and not _PERIOD_RE.match(inner):
            yield _hit(m.start(), m.end(), "quoted", _PROGRAM, inner, "programme", None)


def _headed(text: str, heads: list[_Head], ctx: _Context) -> list[PatternHit]:
    found = []
    info, nodes_by_head = _HEAD_INFO, _HEAD_NODES
    for head_start, end, i in heads:
        head, node_type, kind, named = info[i]
        if node_type is _REGION and end in ctx.region_by_end:
            continue  # the gazetteer names this place: 坚持以|黄河流域, 祁连山|黑河流域
        start = _name_start(text, head_start, end, named, node_type, ctx)
        if start is not None:
            name = text[start:end]
            nodes = nodes_by_head[i]
            node = nodes.get(name)
            if node is None:
                if len(nodes) >= _MAX_NODES:
                    nodes.clear()
                node = nodes[name] = _pattern_node("head", node_type, name, kind, head)
            found.append(tuple.__new__(PatternHit, (start, end, "head", node)))
    return found


#: The entities head patterns made, by the head's index in the head scan, then by name.
_HEAD_NODES: tuple[dict[str, Node], ...] = tuple({} for _ in range(len(_ALL_HEADS)))


def _name_start(
    text: str, head_start: int, end: int, named: bool, node_type: NodeType, ctx: _Context
) -> int | None:
    """Where the name ending in the head text[head_start:end] starts; None when it is no name
    (`named`: the head always names, _NAMED_HEADS)."""
    start = None
    if node_type is not _REGION and ctx.title_verb_ends:
        start = _title_start(text, head_start, ctx)
    if start is None or end - start > MAX_NAME:
        start = _walk_back(text, head_start, ctx)
        if start is None:
            return None
    if ctx.region_by_start or ctx.scoped or (start and text[start - 1] in ASCII_STOPS):
        start = _strip_leading(text, start, head_start, ctx)
    if head_start - start < _MIN_STEM or end - start > MAX_NAME:
        return None
    stem = text[start:head_start]
    nothing = _NOTHING[named].get(stem)  # looked up here: most stems are known
    if nothing is None:
        nothing = _names_nothing(stem, named)
    if nothing:
        return None
    if node_type is _PROGRAM and _quoted_name_before(text, start, head_start):
        return None
    return start


def _quoted_name_before(text: str, start: int, head_start: int) -> bool:
    """Whether a quoted name is the programme and the rest only says what is done with it:
    “无废城市”建设试点, “绿盾”行动 (Decision 5: the surface ends at the closing quote)."""
    close = text.rfind(CLOSE_QUOTE, start, head_start)
    if close < 0 or not _generic(text[close + 1 : head_start]):
        return False
    opener = text.rfind(OPEN_QUOTE, start, close)
    quoted = opener >= 0 and not _PERIOD_RE.match(text[opener + 1 : close])
    # the quote is a programme only where _quoted() takes it as one (not “十五五”, a period)
    return quoted and (
        close + 1 == head_start or text.startswith(_QUOTED_PROGRAM_FOLLOWERS, close + 1)
    )


def _walk_back(text: str, head_start: int, ctx: _Context) -> int | None:
    """The nearest boundary before the head that leaves a real stem; None past MAX_WALK."""
    i = head_start
    floor = head_start - MAX_WALK
    marks, walk_chars = ctx.walk_marks, _WALK_CHARS
    while i > 0:
        if i < floor:
            return None
        if text[i - 1] not in walk_chars and i not in marks:
            i -= 1  # nothing here can end the name
            continue
        if i in ctx.region_by_end:
            i = ctx.region_by_end[i]  # a Region name is one word
            continue
        passed = _past_quote(text, i)
        if passed is not None:
            if passed == _BREAK:
                return i
            i = passed
            continue
        ch = text[i - 1]
        if ch == _ATTRIBUTIVE:
            return i
        if ch in _CONJUNCTIONS and not _VERBS_ONLY_RE.fullmatch(text[i:head_start]):
            return i
        if i in ctx.stop_ends or (i in ctx.verb_ends and head_start - i >= _MIN_STEM):
            return i
        i -= 1  # a verb right before the head is part of it: 实施方案, 建设行动
    return 0


def _title_start(text: str, head_start: int, ctx: _Context) -> int | None:
    """After a drafting verb in the same clause, the title starts right after that verb.

    Looks back no further than a name can be long: a title starting earlier would be refused.
    """
    floor = head_start - MAX_NAME
    nearest = -1
    for verb_end in ctx.title_verb_ends:
        if floor <= verb_end <= head_start - _MIN_STEM and verb_end > nearest:
            nearest = verb_end
    if nearest < 0:
        return None  # no drafting verb within reach: nothing to walk to
    if _TITLE_CHAR_RE.search(text, nearest, head_start) is None:
        return _after_co_verb(text, nearest)  # nothing on the way back stops the walk there
    i = head_start
    title_ends, title_chars = ctx.title_verb_ends, _TITLE_CHARS
    while i > 0:
        if i < floor:
            return None
        if i not in title_ends and text[i - 1] not in title_chars:
            i -= 1  # nothing here can start or end the title
            continue
        if i in title_ends and head_start - i >= _MIN_STEM:
            return _after_co_verb(text, i)
        passed = _past_quote(text, i)
        if passed is not None:
            if passed == _BREAK:
                return None
            i = passed
            continue
        if text[i - 1] in _CONJUNCTIONS and any(head[1] == i - 1 for head in ctx.heads):
            return None  # 普查方案和|…总体方案: the earlier name ended at the conjunction
        i -= 1
    return None


def _after_co_verb(text: str, verb_end: int) -> int:
    """Where a title starts after the drafting verb ending at `verb_end`: after a verb paired
    with it (印发实施, 制定落实), if one follows."""
    for co_verb in _CO_VERBS:
        if text.startswith(co_verb, verb_end):
            return verb_end + len(co_verb)
    return verb_end


#: What _past_quote gives at a boundary no walk crosses.
_BREAK = -1


def _past_quote(text: str, i: int) -> int | None:
    """What both walks back do at text[i - 1]: pass a closing quote's segment (where it opens),
    stop at a boundary (_BREAK: punctuation, an ASCII symbol, 等, or a quote that does not open
    cleanly), or leave the character to the walk's own rule (None)."""
    ch = text[i - 1]
    if ch == CLOSE_QUOTE:
        opener = _opening_quote(text, i)
        return _BREAK if opener is None else opener
    if ch in _PUNCT or ch in ASCII_STOPS or ch == _ENUMERATION_END:
        return _BREAK
    return None


def _opening_quote(text: str, close_end: int) -> int | None:
    """Start of the quoted segment that ends at `close_end`, if it is short and clean."""
    opener = text.rfind(OPEN_QUOTE, max(0, close_end - _MAX_QUOTE - 2), close_end - 1)
    if opener < 0:
        return None
    inner = text[opener + 1 : close_end - 1]
    if not inner or CLOSE_QUOTE in inner or "\n" in inner or not _safe(inner):
        return None
    return opener


def _strip_leading(text: str, start: int, head_start: int, ctx: _Context) -> int:
    """Split off leading Region names (京津冀、长三角…) and scope words (重点领域)."""
    i = start
    while i < head_start:
        if i in ctx.region_by_start and ctx.region_by_start[i] <= head_start:
            i = ctx.region_by_start[i]
            if i < head_start and text[i] in "、和及与" and i + 1 in ctx.region_by_start:
                i += 1
            continue
        scope = _LEADING_SCOPE_RE.match(text, i, head_start) if ctx.scoped else None
        if scope is not None and head_start - scope.end() >= _MIN_STEM:
            i = scope.end()
            continue
        break
    if 0 < i < head_start and text[i - 1] in ASCII_STOPS:
        while i < head_start and text[i].isascii() and text[i].isalnum():
            i += 1  # the rest of a tag or entity: <b>, &gt;
    return i


def _names_nothing(stem: str, named_head: bool) -> bool:
    """Whether a stem makes no name: a generic word, a collective (…相关, 各…), or, unless its
    head always names, only generic words and verbs (remembered: the stems recur)."""
    known = _NOTHING[named_head]
    verdict = known.get(stem)
    if verdict is None:
        verdict = (
            stem in _GENERIC_WORDS
            or stem.endswith(_COLLECTIVE_ENDS)
            or stem.startswith(_PLURAL_STARTS)
            or (not named_head and _generic(stem))
        )
        _remember(known, stem, verdict)
    return verdict


def _generic(stem: str) -> bool:
    """Whether the stem is only generic words and verbs, which name nothing (remembered: the
    same stems recur in every document)."""
    verdict = _GENERIC.get(stem)
    if verdict is None:
        verdict = not _FILLER_RE.sub("", stem)
        _remember(_GENERIC, stem, verdict)
    return verdict


# verdicts on stems, by stem (plain dicts: a look-up costs a quarter of an lru_cache call's)
_NOTHING: tuple[dict[str, bool], dict[str, bool]] = ({}, {})  # by whether the head always names
_GENERIC: dict[str, bool] = {}
_MAX_STEMS = 1 << 16


def _remember(known: dict[str, bool], stem: str, verdict: bool) -> None:
    if len(known) >= _MAX_STEMS:
        known.clear()
    known[stem] = verdict


def _hit(
    start: int, end: int, rule: str, node_type: NodeType, name: str, kind: str, head: str | None
) -> PatternHit:
    # rule, name and head decide the type and kind; strings hash faster than an Enum
    node = _NODES.get((rule, name, head))
    if node is None:
        if len(_NODES) >= _MAX_NODES:
            _NODES.clear()
        node = _NODES[rule, name, head] = _pattern_node(rule, node_type, name, kind, head)
    return tuple.__new__(PatternHit, (start, end, rule, node))  # no Python-level __new__


#: The entities patterns made, by rule, name and head: the same name makes the same node.
_NODES: dict[tuple[str, str, str | None], Node] = {}
_MAX_NODES = 1 << 16


def _pattern_node(rule: str, node_type: NodeType, name: str, kind: str, head: str | None) -> Node:
    """The entity a pattern makes."""
    gloss = _HEADS[head][2] if head else kind.title()
    return Node(
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
