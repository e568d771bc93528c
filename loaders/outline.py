"""The outline of a normalised document text: the notice wrapper, then laws or numbered plans.

`parse_outline(text)` reads the lines of a junk-free, normalised text and returns its units
(loaders/units.py) in printed order. It knows these layouts, and mixes of them:

- **Notice wrapper**: a title (over one to four lines before the document number, or the line
  ending in 通知/决定/意见… before the addressee line), the document number (国办发〔2018〕128号),
  the addressee line (ending in `:`), the notice body, the signatory block and its date, notes
  such as (此件公开发布), and the attached plan's own title.
- **Laws**: `# title`, adoption-date lines, 第X编 / 第X章 / 第X节 headings (with or without
  Markdown `##`), 第X条 articles, their paragraphs (款) and （一） items.
- **Plans**: 一、 items holding （一） items, 1. / （1） / ① items, bullets, and paragraphs whose
  first sentence heads them; prose cut into sentences.
Text before the first structural line is the preamble.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from policykg.loaders.sentences import Sentence, split_sentences
from policykg.loaders.units import Unit, UnitList

__all__ = ["DOC_NUMBER", "MARKDOWN", "Outline", "parse_outline"]

_NUM = "一二三四五六七八九十百千零〇两"
_MD = r"(?:#{1,6}[ \t]+)?"
MARKDOWN = re.compile(r"#{1,6}[ \t]+")
_LAW_HEAD = re.compile(rf"{_MD}(第[{_NUM}\d]+([编章节]))(?=[ \t]|$)")
_ARTICLE = re.compile(rf"第[{_NUM}\d]+条(?:之[{_NUM}]+)?(?=[ \t]|$)")
_THEME = re.compile(rf"{_MD}([{_NUM}]+\s*[、.])\s*")
_AREA = re.compile(rf"{_MD}(\([{_NUM}]+\))\s*")
_ITEM = re.compile(
    r"(\d{1,3}[.、)](?![\d.])|\(\d{1,3}\)"
    "|[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf\u2776-\u277f\u2780-\u2793])\\s*"
)
_BULLET = re.compile("([\U0001f539\U0001f538•●■◆▪▶►◼★☆◇□○◎·\\-*+])\\s*")
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[(【]\d{4}[〕\])】]\s*第?\d{1,5}\s*[号號]")
_DATE_LINE = re.compile(rf"(?:\d{{4}}|[{_NUM}]{{4}})年[\d{_NUM}]{{1,3}}月[\d{_NUM}]{{1,3}}日")
_ADOPTION = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日.*(?:通过|公布|修订|修正|批准|施行|发布)")
_ATTACHMENT = re.compile(r"附\s*件\s*\d*\s*[::]?")
_PUBLICATION_NOTE = re.compile(r"\((?:此件|本件)[^()]*\)")
_NOTICE_END = re.compile(r"(?:通知|通报|决定|意见|决议|批复|函|公告|通告)$")
_TITLE_END = re.compile(r"(?:通知|通报|决定|意见|决议|批复|函|公告|通告|办法|方案|规划|计划|要点)$")
# 一是…；二是… and 一要…；二要…: enumerations inside a paragraph, told by their ordinal
_ENUMERATION = re.compile(rf"([{_NUM}]+[是要])(?=\S)")
_SENTENCE_MARKS = re.compile(r"[。;!?:,]")
_SHORT_LINE = 60  # a title or signatory line is short; a paragraph is not
#: A heading is one sentence of a phrase or two, however long (04: 以收集、利用等环节为重点，坚持
#: 因地制宜、农用优先、就地就近原则，推动区域农作物秸秆全量利用。 is 46 characters); longer is prose.
_HEADING_MAX = 100


@dataclass(frozen=True)
class _Line:
    start: int
    end: int


@dataclass(frozen=True)
class Outline:
    units: tuple[Unit, ...]
    layout: str  # "law", "plan" or "text"
    body_start: int  # where the document's own structure (after the wrapper) begins


def _lines_of(text: str) -> list[_Line]:
    """The non-empty lines of a text, as spans.

    Args:
        text: the document text.

    Returns:
        One Line (start, end) per line.
    """
    return [_Line(*m.span()) for m in re.finditer(r"[^\n]+", text)]


def parse_outline(text: str) -> Outline:
    """Units of a normalised text, in document order.

    Args:
        text: the normalised text.

    >>> [u.kind for u in parse_outline("# 某法\\n\\n第一条 甲。\\n\\n第二条 乙。").units]
    ['title', 'article', 'article']
    """
    lines = _lines_of(text)
    units = UnitList()
    rest = _wrapper(text, lines, units)
    body_start = lines[rest].start if rest < len(lines) else len(text)
    body = lines[rest:]
    if any(_ARTICLE.match(text, ln.start, ln.end) for ln in body):
        _law(text, body, units)
        layout = "law"
    elif any(_structural(text, ln) for ln in body):
        _plan(text, body, units)
        layout = "plan"
    else:
        _preamble(text, body, units)
        layout = "text"
    return Outline(units.freeze(), layout, body_start)


def _line(text: str, line: _Line) -> str:
    return text[line.start : line.end]


def _structural(text: str, line: _Line) -> bool:
    return any(
        p.match(text, line.start, line.end) for p in (_THEME, _AREA, _ITEM, _LAW_HEAD)
    ) or _bullet(text, line)


def _bullet(text: str, line: _Line) -> bool:
    marker = _BULLET.match(text, line.start, line.end)
    return marker is not None and marker.end() < line.end and not text[line.start].isdigit()


def _short_plain(text: str, line: _Line) -> bool:
    s = _line(text, line)
    return len(s) <= _SHORT_LINE and not _SENTENCE_MARKS.search(s)


# -- the notice wrapper ---------------------------------------------------------------------


def _wrapper(text: str, lines: Sequence[_Line], units: UnitList) -> int:
    """Add the wrapper's units; the index of the first line after it."""
    if not lines:
        return 0
    first = _line(text, lines[0])
    if MARKDOWN.match(first):
        head = MARKDOWN.match(first)
        assert head is not None
        units.add("title", "", lines[0].start + head.end(), lines[0].end)
        i = 1
        while i < len(lines) and _ADOPTION.match(_line(text, lines[i])):
            units.add("date", "", lines[i].start, lines[i].end)
            i += 1
        return i
    number = _find(text, lines, DOC_NUMBER, limit=12)
    addressee = _addressee(text, lines, limit=40)
    if number is None and addressee is None:
        if (
            _short_plain_title(text, lines[0])
            and len(lines) > 1
            and not _structural(text, lines[0])
        ):
            units.add("title", "", lines[0].start, lines[0].end)
            return 1
        return 0
    anchor = number if number is not None else addressee
    assert anchor is not None
    title_first, title_last = _title_lines(text, lines, anchor)
    for k in range(title_first):  # a page title or a news lead before the notice title
        kind = "title" if k == 0 and _short_plain(text, lines[k]) else "paragraph"
        units.add(kind, "", lines[k].start, lines[k].end)
    if title_last >= title_first:
        units.add("title", "", lines[title_first].start, lines[title_last].end)
    i = title_last + 1
    if number is not None:
        units.add("doc_number", "", lines[number].start, lines[number].end)
        i = number + 1
    if addressee is not None and addressee >= i:
        units.add("addressee", "", lines[addressee].start, lines[addressee].end)
        i = addressee + 1
    return _notice_tail(text, lines, i, units)


def _short_plain_title(text: str, line: _Line) -> bool:
    s = _line(text, line)
    return len(s) <= _SHORT_LINE and "。" not in s


def _find(text: str, lines: Sequence[_Line], pattern: re.Pattern[str], limit: int) -> int | None:
    for i, line in enumerate(lines[:limit]):
        if pattern.fullmatch(_line(text, line)):
            return i
    return None


def _addressee(text: str, lines: Sequence[_Line], limit: int) -> int | None:
    for i, line in enumerate(lines[:limit]):
        s = _line(text, line)
        if _structural(text, line):
            return None
        if s.endswith(":") and "。" not in s and re.match(r"各|.*(?:人民政府|部门|单位|公司)", s):
            return i
    return None


def _title_lines(text: str, lines: Sequence[_Line], anchor: int) -> tuple[int, int]:
    """The title's first and last line: up to four short lines before the anchor line."""
    last = anchor - 1
    first = last
    while first > 0 and last - first < 3 and _short_title_line(text, lines[first - 1]):
        first -= 1
    for k in range(last - 1, first - 1, -1):  # an earlier whole title is not part of this one
        if _NOTICE_END.search(_line(text, lines[k])):
            first = k + 1
            break
    if not _TITLE_END.search(_line(text, lines[last])) and last > 0:
        # the line before the number is no title: look for the notice title line itself
        for k in range(last, -1, -1):
            if _TITLE_END.search(_line(text, lines[k])) and _short_title_line(text, lines[k]):
                return k, k
    return first, last


def _short_title_line(text: str, line: _Line) -> bool:
    s = _line(text, line)
    return len(s) <= 2 * _SHORT_LINE and not re.search(r"[。:;]", s)


def _notice_tail(text: str, lines: Sequence[_Line], i: int, units: UnitList) -> int:
    """The notice body, signatories, date, notes and the attached plan's title."""
    date = next(
        (
            k
            for k in range(i, min(len(lines), i + 30))
            if _DATE_LINE.fullmatch(_line(text, lines[k]))
        ),
        None,
    )
    if date is None:
        return i
    signers = date
    while signers > i and _signatory_line(text, lines[signers - 1]):
        signers -= 1
    if signers == date:
        return i
    for k in range(i, signers):
        units.add("paragraph", "", lines[k].start, lines[k].end)
    units.add("signatory", "", lines[signers].start, lines[date - 1].end)
    units.add("date", "", lines[date].start, lines[date].end)
    k = date + 1
    while k < len(lines):
        s = _line(text, lines[k])
        if _PUBLICATION_NOTE.fullmatch(s):
            units.add("paragraph", "", lines[k].start, lines[k].end)
        elif _ATTACHMENT.match(s):
            units.add("attachment", "", lines[k].start, lines[k].end)
        else:
            break
        k += 1
    run = k
    while run < len(lines) and _short_plain(text, lines[run]) and not _structural(text, lines[run]):
        run += 1
    if run > k and run < len(lines):  # the last of the short lines is the plan's title
        units.add("title", "", lines[run - 1].start, lines[run - 1].end)
        return run
    return k


def _signatory_line(text: str, line: _Line) -> bool:
    s = _line(text, line)
    return len(s) <= 40 and not re.search(r"[。,;:、()]", s) and not _DATE_LINE.search(s)


# -- laws -----------------------------------------------------------------------------------

_LEVELS = {"编": 0, "章": 1, "节": 2}
_KIND_OF = {"编": "part", "章": "chapter", "节": "section"}


def _law(text: str, lines: Sequence[_Line], units: UnitList) -> None:
    containers: list[tuple[int, int]] = []  # (level, unit index), outermost first
    article: _Article | None = None
    preamble: list[_Line] = []
    started = False
    for line in lines:
        head = _LAW_HEAD.match(text, line.start, line.end)
        art = _ARTICLE.match(text, line.start, line.end)
        if (head or art) and article is not None:
            article.emit(units)
            article = None
        if head:
            started = True
            level = _LEVELS[head.group(2)]
            while containers and containers[-1][0] >= level:
                containers.pop()
            parent = containers[-1][1] if containers else None
            index = units.add(
                _KIND_OF[head.group(2)], head.group(1), head.start(1), line.end, parent
            )
            containers.append((level, index))
        elif art:
            if not started:
                _preamble(text, preamble, units)
            started = True
            parent = containers[-1][1] if containers else None
            article = _Article(units.add("article", art.group(), line.start, line.end, parent))
            body = art.end() + (1 if art.end() < line.end else 0)
            if body < line.end:
                article.parts.append(("clause", "", body, line.end))
        elif not started:
            preamble.append(line)
        elif article is not None:
            item = _AREA.match(text, line.start, line.end)
            kind, label = ("item", item.group(1)) if item else ("clause", "")
            article.parts.append((kind, label, line.start, line.end))
        else:  # text under a heading, before its first article
            parent = containers[-1][1] if containers else None
            units.add("paragraph", "", line.start, line.end, parent)
    if article is not None:
        article.emit(units)
    if not started:
        _preamble(text, preamble, units)


@dataclass
class _Article:
    """An article's paragraphs (款) and items, added once the article is complete."""

    index: int
    parts: list[tuple[str, str, int, int]] = field(default_factory=list)

    def emit(self, units: UnitList) -> None:
        clauses = sum(1 for kind, *_ in self.parts if kind == "clause")
        parent = self.index
        for kind, label, start, end in self.parts:
            if kind == "clause" and clauses < 2:  # one paragraph: the article is the clause
                units.extend_to(self.index, end)
                continue
            index = units.add(kind, label, start, end, parent if kind == "item" else self.index)
            if kind == "clause":
                parent = index


# -- plans ----------------------------------------------------------------------------------


def _preamble(text: str, lines: Sequence[_Line], units: UnitList) -> None:
    if not lines:
        return
    index = units.add("preamble", "", lines[0].start, lines[-1].end)
    if len(lines) > 1:
        for line in lines:
            units.add("paragraph", "", line.start, line.end, index)


def _plan(text: str, lines: Sequence[_Line], units: UnitList) -> None:
    first = next(i for i, ln in enumerate(lines) if _structural(text, ln))
    _preamble(text, lines[:first], units)
    theme: int | None = None
    area: int | None = None
    plain_counts = _plain_paragraphs_per_container(text, lines[first:])
    container_key = 0
    opened = False  # whether the current item's own line opened its first paragraph
    for line in lines[first:]:
        theme_head = _THEME.match(text, line.start, line.end)
        area_head = _AREA.match(text, line.start, line.end)
        item_head = _ITEM.match(text, line.start, line.end)
        if theme_head:
            start = theme_head.start(1)
            theme = units.add("item", theme_head.group(1), start, line.end)
            area = None
            opened = False
            container_key += 1
            _heading_and_sentences(text, theme_head.end(), line.end, theme, units)
        elif area_head:
            area = units.add("item", area_head.group(1), area_head.start(1), line.end, theme)
            container_key += 1
            opened = plain_counts.get(container_key, 0) >= 1 and _heading_and_paragraph(
                text, area_head.end(), line.end, area, units
            )
            if not opened:
                _heading_and_sentences(text, area_head.end(), line.end, area, units)
        elif item_head:
            parent = area if area is not None else theme
            item = units.add("item", item_head.group(1), line.start, line.end, parent)
            _sentences(text, item_head.end(), line.end, item, units)
        elif _bullet(text, line):
            parent = area if area is not None else theme
            units.add("bullet", "", line.start, line.end, parent)
        else:
            parent = area if area is not None else theme
            paragraph = units.add("paragraph", "", line.start, line.end, parent)
            if plain_counts.get(container_key, 0) + opened >= 2:
                _heading_and_sentences(text, line.start, line.end, paragraph, units)
            else:
                _sentences(text, line.start, line.end, paragraph, units)


def _plain_paragraphs_per_container(text: str, lines: Sequence[_Line]) -> dict[int, int]:
    counts: dict[int, int] = {}
    key = 0
    for line in lines:
        if _THEME.match(text, line.start, line.end) or _AREA.match(text, line.start, line.end):
            key += 1
        elif not _ITEM.match(text, line.start, line.end) and not _bullet(text, line):
            counts[key] = counts.get(key, 0) + 1
    return counts


def _heading_and_sentences(text: str, start: int, end: int, parent: int, units: UnitList) -> None:
    sentences = split_sentences(text, start, end)
    first = sentences[0] if sentences else None
    if (
        first is not None
        and len(sentences) >= 2
        and first.end - first.start <= _HEADING_MAX
        and text[first.end - 1] in "。!?"
    ):
        units.add("heading", "", sentences[0].start, sentences[0].end, parent)
        _emit(text, sentences[1:], parent, units)
    elif len(sentences) == 1 and text[sentences[0].end - 1] in "。!?" and start != end:
        if units[parent].start != sentences[0].start:  # 一、heading。 on its own line
            units.add("heading", "", sentences[0].start, sentences[0].end, parent)
    elif len(sentences) >= 2:
        _emit(text, sentences, parent, units)


def _heading_and_paragraph(text: str, start: int, end: int, parent: int, units: UnitList) -> bool:
    """An item whose body goes on in heading-first paragraphs: its own line holds its heading,
    then the first of those paragraphs (（一）强化顶层设计引领。|建立…指标体系，发挥导向引领作用。…).
    False (nothing added) when the line is not heading + heading + sentence."""
    sentences = split_sentences(text, start, end)
    if len(sentences) < 3 or text[sentences[0].end - 1] not in "。!?":
        return False
    units.add("heading", "", sentences[0].start, sentences[0].end, parent)
    paragraph = units.add("paragraph", "", sentences[1].start, end, parent)
    _heading_and_sentences(text, sentences[1].start, end, paragraph, units)
    return True


def _sentences(text: str, start: int, end: int, parent: int, units: UnitList) -> None:
    sentences = split_sentences(text, start, end)
    if len(sentences) >= 2:
        _emit(text, sentences, parent, units)


def _emit(text: str, sentences: Sequence[Sentence], parent: int, units: UnitList) -> None:
    """Sentences under `parent`; from 一是 (一要) on, under that enumeration until the next."""
    enumeration: int | None = None
    for s in sentences:
        marker = _ENUMERATION.match(text, s.start, s.end)
        if marker:
            enumeration = units.add("enumeration", marker.group(1), s.start, s.end, parent)
        units.add(
            "sentence", "", s.start, s.end, enumeration if enumeration is not None else parent
        )
