"""Document structure: themes, focus areas and tasks, each with its exact span in the text.

`parse_document` normalises the text, strips page junk, takes the title and reads the outline:

- A **theme** is a line that starts with a Chinese numeral and 、 (一、 … 十二、).
- **Default style** (the MEE article): inside a theme every paragraph is a focus area; its
  first sentence is the heading, each later sentence a task.
- **Numbered style** (State Council plans): focus areas are (一) headings. The heading line's
  first sentence is the title; its later sentences, the numbered items and the sentences of
  the paragraphs up to the next heading are the tasks. Paragraphs between a theme heading and
  its first (一) introduce the theme and are not tasks.
- A **numbered item** (1. 1、 (1) ①) is one task; its span starts after the number. Items
  that come before any focus-area heading go to an area named after the theme.
- A paragraph with only a heading sentence is a focus area with no tasks: documents use such
  a line to head the numbered items that follow it, and a heading never reads as a task.
- A text without theme headings but with (一) headings or numbered items is one theme named
  after the document; a text with neither, or without any task, is a DocumentError.

Sentences end at 。！？!? (with any run of them) outside “…” 《…》 (…) and the other brackets;
in quoted speech (他说:“…。”) a full stop just inside the closing quote ends the sentence after
it, while a quoted name (“美丽中国,我是行动者”) never ends one. A
parenthetical right after a full stop, such as a lead-agency note (生态环境部牵头,…按职责分工负责),
belongs to the sentence before it; a note on a line of its own extends the task before it.
Ordinals count positions (theme T, area A within the theme, task K within the area, from 1),
not the printed numbers, so a document that numbers its (一) areas on across themes still
gets T.A.K paths.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from policykg.errors import DocumentError
from policykg.loaders.junk import strip_page_junk
from policykg.loaders.normalize import normalize

NUMERALS = "一二三四五六七八九十百零〇两"
THEME_HEAD = re.compile(rf"[{NUMERALS}]+\s*[、.]\s*")
AREA_HEAD = re.compile(rf"\([{NUMERALS}]+\)\s*")
ITEM_HEAD = re.compile(
    r"(?:\d{1,3}[.、)](?![\d.])|\(\d{1,3}\)"
    "|[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf\u2776-\u277f\u2780-\u2793])\\s*"
)
LIST_MARKER = re.compile(rf"[\d{NUMERALS}]+")
TERMINATORS = frozenset("。！？!?")
PAIRS = {
    "“": "”",
    "‘": "’",
    "《": "》",
    "〈": "〉",
    "(": ")",
    "[": "]",
    "「": "」",
    "『": "』",
    "【": "】",
}
CLOSERS = frozenset(PAIRS.values())
QUOTE_CLOSERS = frozenset("”’」』")
# The only characters split_sentences acts on; it jumps from one to the next.
MARKS = re.compile("[" + re.escape("".join(sorted({*PAIRS, *CLOSERS, *TERMINATORS}))) + "]")

BLANK_LINES = re.compile(r"\n{3,}")  # where junk lines went

Span = tuple[int, int]


@dataclass(frozen=True)
class TaskSpan:
    """One task sentence (or numbered item); `text == document.text[start:end]`."""

    theme: int
    area: int
    index: int
    text: str
    start: int
    end: int

    @property
    def ordinal(self) -> str:
        return f"{self.theme}.{self.area}.{self.index}"


@dataclass(frozen=True)
class AreaSpan:
    """A focus area; `title` is its heading sentence without the full stop, spanned by start:end."""

    theme: int
    index: int
    title: str
    start: int
    end: int
    tasks: tuple[TaskSpan, ...]

    @property
    def ordinal(self) -> str:
        return f"{self.theme}.{self.index}"


@dataclass(frozen=True)
class ThemeSpan:
    """A theme (一、…); `title` is the heading without its numeral, spanned by start:end."""

    index: int
    title: str
    start: int
    end: int
    areas: tuple[AreaSpan, ...]

    @property
    def ordinal(self) -> str:
        return str(self.index)

    @property
    def tasks(self) -> tuple[TaskSpan, ...]:
        return tuple(t for a in self.areas for t in a.tasks)


@dataclass(frozen=True)
class ParsedDocument:
    """A document's metadata, its normalised junk-free text and its outline over that text."""

    slug: str
    title: str
    publisher: str | None
    date: str | None
    text: str
    themes: tuple[ThemeSpan, ...]

    @property
    def areas(self) -> tuple[AreaSpan, ...]:
        return tuple(a for t in self.themes for a in t.areas)

    @property
    def tasks(self) -> tuple[TaskSpan, ...]:
        return tuple(t for a in self.areas for t in a.tasks)


@dataclass(frozen=True)
class Sentence:
    """A sentence span; `body_end` is before its full stop, where a heading's title ends."""

    start: int
    end: int
    body_end: int


def parse_document(text: str, *, slug: str, path: str = "<text>") -> ParsedDocument:
    """The outline of a document's text; `path` only names the source in errors.

    >>> doc = parse_document("标题\\n一、主题\\n加强治理。推进A。推进B。", slug="x")
    >>> [(t.ordinal, t.text) for t in doc.tasks]
    [('1.1.1', '推进A。'), ('1.1.2', '推进B。')]
    """
    clean = normalize(text)
    if not clean:
        raise DocumentError(path, "empty document: no text")
    page = strip_page_junk(clean.split("\n"))
    body = BLANK_LINES.sub("\n\n", "\n".join(page.lines)).strip("\n")
    if not body:
        raise DocumentError(path, "no document text: every line is web-page junk")
    lines = classify_lines(body)
    title = lines[0] if lines[0].kind in (Kind.PLAIN, Kind.NOTE) else None
    themes = _themes(body, lines, title, path)
    if not any(t.tasks for t in themes):
        raise DocumentError(path, f"no tasks: {len(themes)} theme(s) but no task sentence in them")
    title_text = body[title.start : title.end] if title else slug
    return ParsedDocument(slug, title_text, page.publisher, page.date, body, themes)


class Kind(enum.Enum):
    THEME = "theme"  # 一、
    AREA = "area"  # (一)
    ITEM = "item"  # 1. 1、 (1) ①
    NOTE = "note"  # a line that is only a parenthetical
    PLAIN = "plain"


@dataclass(frozen=True)
class Line:
    """A non-blank line; `body` is where its text starts after a heading or item number."""

    start: int
    end: int
    kind: Kind
    body: int


def classify_lines(text: str) -> list[Line]:
    """Every non-blank line of normalised text, with its kind."""
    lines = []
    for match in re.finditer(r"[^\n]+", text):
        start, end = match.span()
        for kind, head in (
            (Kind.THEME, THEME_HEAD),
            (Kind.AREA, AREA_HEAD),
            (Kind.ITEM, ITEM_HEAD),
        ):
            marker = head.match(text, start, end)
            if marker:
                lines.append(Line(start, end, kind, marker.end()))
                break
        else:
            kind = Kind.NOTE if _is_note(text, start, end) else Kind.PLAIN
            lines.append(Line(start, end, kind, start))
    return lines


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    """The sentences of text[start:end], trimmed; spans are offsets into `text`.

    >>> text = "修订《办法。》。推进A(甲牵头)。(乙负责)推进B"
    >>> [text[s.start : s.end] for s in split_sentences(text)]
    ['修订《办法。》。', '推进A(甲牵头)。(乙负责)', '推进B']
    """
    end = len(text) if end is None else end
    sentences: list[Sentence] = []
    stack: list[str] = []  # the closers still expected, innermost last
    speech = False  # the outermost quote follows a colon: 他说:“…。”
    begin = i = start
    while (mark := MARKS.search(text, i, end)) is not None:
        i = mark.start()
        ch = text[i]
        if ch in PAIRS:
            speech = speech if stack else _previous(text, start, i) == ":"
            stack.append(PAIRS[ch])
        elif ch in CLOSERS and ch in stack:
            while stack.pop() != ch:  # a closer also closes brackets left open inside it
                pass
        elif ch in TERMINATORS:
            found = _sentence_end(text, i, end, stack, speech)
            if found is not None:
                stop, body_end = found
                sentences += _trimmed(text, begin, stop, body_end)
                stack.clear()
                begin = i = stop
                continue
        i += 1
    sentences += _trimmed(text, begin, end, end)
    return sentences


def _sentence_end(
    text: str, i: int, end: int, stack: Sequence[str], speech: bool
) -> tuple[int, int] | None:
    """Where the sentence whose full stop is at i ends, and where its body ends; or None."""
    after = _skip(text, i, end, TERMINATORS)
    if not stack:
        return _after_note(text, after, end), i
    closing = "".join(reversed(stack))
    if speech and set(closing) <= QUOTE_CLOSERS and text.startswith(closing, after):
        return after + len(closing), after + len(closing)
    return None  # inside “…” 《…》 (…): a full stop there is part of a name or an aside


def _previous(text: str, start: int, i: int) -> str:
    """The last non-space character before i (and not before start), or ""."""
    while i > start and text[i - 1] == " ":
        i -= 1
    return text[i - 1] if i > start else ""


def _themes(
    text: str, lines: Sequence[Line], title: Line | None, path: str
) -> tuple[ThemeSpan, ...]:
    heads = [i for i, line in enumerate(lines) if line.kind is Kind.THEME]
    if heads:
        bounds = zip(heads, [*heads[1:], len(lines)], strict=True)
        return tuple(
            _theme(text, n, lines[a], lines[a + 1 : b]) for n, (a, b) in enumerate(bounds, 1)
        )
    first = next((i for i, line in enumerate(lines) if line.kind in (Kind.AREA, Kind.ITEM)), None)
    if first is None:
        raise DocumentError(
            path,
            "no recognisable structure: no theme heading (一、…) and no numbered focus areas "
            "or items ((一) 1. (1) ①)",
        )
    # One theme named after the document: its title line, or an empty span if it has none.
    span = (title.start, title.end) if title else (lines[first].start, lines[first].start)
    return (_build_theme(text, 1, span, [], lines[first:]),)


def _theme(text: str, index: int, head: Line, body: Sequence[Line]) -> ThemeSpan:
    sentences = split_sentences(text, head.body, head.end)
    span = _heading(sentences, head.body)
    return _build_theme(text, index, span, sentences[1:], body)


@dataclass
class _Draft:
    title: Span
    tasks: list[Span] = field(default_factory=list)


def _build_theme(
    text: str, index: int, title: Span, rest: Sequence[Sentence], body: Sequence[Line]
) -> ThemeSpan:
    drafts = _drafts(text, title, rest, body)
    areas = tuple(
        AreaSpan(
            index,
            a,
            text[d.title[0] : d.title[1]],
            *d.title,
            tuple(TaskSpan(index, a, k, text[s:e], s, e) for k, (s, e) in enumerate(d.tasks, 1)),
        )
        for a, d in enumerate(drafts, 1)
    )
    return ThemeSpan(index, text[title[0] : title[1]], *title, areas)


def _drafts(
    text: str, theme_title: Span, rest: Sequence[Sentence], body: Sequence[Line]
) -> list[_Draft]:
    """The focus areas of one theme, as title and task spans."""
    has_area_headings = any(line.kind is Kind.AREA for line in body)
    drafts: list[_Draft] = []

    def current() -> _Draft:
        if not drafts:  # tasks before any area heading: an area named after the theme
            drafts.append(_Draft(theme_title))
        return drafts[-1]

    # 一、加强组织领导。各地要…。: the heading line itself carries tasks
    if rest and not has_area_headings:
        current().tasks.extend(_spans(rest))
    for line in body:
        if line.kind is Kind.AREA:
            sentences = split_sentences(text, line.body, line.end)
            drafts.append(_Draft(_heading(sentences, line.body), _spans(sentences[1:])))
        elif line.kind is Kind.ITEM:
            if line.body < line.end:
                current().tasks.append((line.body, line.end))
        elif line.kind is Kind.NOTE:
            if drafts and drafts[-1].tasks:
                drafts[-1].tasks[-1] = (drafts[-1].tasks[-1][0], line.end)
        elif has_area_headings:
            if drafts:  # before the first (一) a paragraph introduces the theme
                drafts[-1].tasks.extend(_spans(split_sentences(text, line.start, line.end)))
        else:
            sentences = split_sentences(text, line.start, line.end)
            drafts.append(_Draft(_heading(sentences, line.start), _spans(sentences[1:])))
    return drafts


def _heading(sentences: Sequence[Sentence], at: int) -> Span:
    if not sentences:
        return (at, at)
    return (sentences[0].start, sentences[0].body_end)


def _spans(sentences: Sequence[Sentence]) -> list[Span]:
    return [(s.start, s.end) for s in sentences]


def _trimmed(text: str, start: int, end: int, body_end: int) -> list[Sentence]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    body_end = max(start, min(body_end, end))
    while body_end > start and text[body_end - 1].isspace():
        body_end -= 1
    return [Sentence(start, end, body_end)] if start < end else []


def _skip(text: str, i: int, end: int, chars: frozenset[str]) -> int:
    while i < end and text[i] in chars:
        i += 1
    return i


def _after_note(text: str, i: int, end: int) -> int:
    """Past a parenthetical note that follows a full stop (and the stop after it), if any."""
    j = _skip(text, i, end, frozenset(" "))
    close = _matching_paren(text, j, end)
    if close is None or LIST_MARKER.fullmatch(text, j + 1, close):  # (1) starts the next item
        return i
    return _skip(text, close + 1, end, TERMINATORS)


def _matching_paren(text: str, i: int, end: int) -> int | None:
    """The index of the ) closing the ( at i, if there is one before end."""
    if i >= end or text[i] != "(":
        return None
    depth = 0
    for j in range(i, end):
        depth += {"(": 1, ")": -1}.get(text[j], 0)
        if depth == 0:
            return j
    return None


def _is_note(text: str, start: int, end: int) -> bool:
    """A line that is one parenthetical, such as a lead-agency note under a numbered item."""
    last = _skip_back(text, start, end, TERMINATORS)
    close = _matching_paren(text, start, end)
    return (
        close is not None
        and close == last - 1
        and not LIST_MARKER.fullmatch(text, start + 1, close)
    )


def _skip_back(text: str, start: int, end: int, chars: frozenset[str]) -> int:
    while end > start and text[end - 1] in chars:
        end -= 1
    return end
