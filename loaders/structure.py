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
- A paragraph whose first sentence gives an agency a duty (各级人民政府要…, in resolutions)
  has it as its first task as well as its heading.
- A paragraph with only a heading sentence is a focus area with no tasks: documents use such
  a line to head the numbered items that follow it, and a heading never reads as a task.
- A text without theme headings but with (一) headings, numbered items or bullets is one theme
  named after the document; a text with none of them, or without any task, is a document with
  no tasks and a warning (its mentions still count); only empty or all-junk text is an error.

Sentences are cut by loaders/sentences.py; a lead-agency note on a line of its own extends the
task before it. Laws (第X条 articles) take another path: chapters are themes, sections (or the
chapter itself) focus areas, and articles the tasks. Every layout also gets its printed outline
(loaders/outline.py) and a map from its normalised text back to the decoded original.
Ordinals count positions (theme T, area A within the theme, task K within the area, from 1),
not the printed numbers, so a document that numbers its (一) areas on across themes still
gets T.A.K paths.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from policykg.errors import DocumentError
from policykg.loaders.header import split_header
from policykg.loaders.junk import Stripped, strip_page_junk
from policykg.loaders.normalize import normalized_lines
from policykg.loaders.offsets import OffsetMap, OffsetMapBuilder
from policykg.loaders.outline import MARKDOWN, Outline, parse_outline
from policykg.loaders.roles.cues import default_cues
from policykg.loaders.roles.duties import states_a_duty
from policykg.loaders.sentences import TERMINATORS, Sentence, matching_paren, split_sentences
from policykg.loaders.units import Unit

__all__ = ["ParsedDocument", "TaskSpan", "parse_document"]

_NUMERALS = "一二三四五六七八九十百零〇两"
_THEME_HEAD = re.compile(rf"[{_NUMERALS}]+\s*[、.]\s*")
_AREA_HEAD = re.compile(rf"\([{_NUMERALS}]+\)\s*")
_ITEM_HEAD = re.compile(
    r"(?:\d{1,3}[.、)](?![\d.])|\(\d{1,3}\)"
    "|[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf\u2776-\u277f\u2780-\u2793]"
    "|[\U0001f539\U0001f538•●■◆▪▶►◼★☆◇□○◎])\\s*"
)
_LIST_MARKER = re.compile(rf"[\d{_NUMERALS}]+")
_BLANK_LINES = re.compile(r"\n{3,}")  # where junk lines went

_Span = tuple[int, int]


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
class _AreaSpan:
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
class _ThemeSpan:
    """A theme (一、…); `title` is the heading without its numeral, spanned by start:end."""

    index: int
    title: str
    start: int
    end: int
    areas: tuple[_AreaSpan, ...]

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
    themes: tuple[_ThemeSpan, ...]
    #: the decoded original and, for every character of `text`, where it stands in it
    original: str = ""
    offsets: OffsetMap | None = None
    #: the printed outline over `text`, in document order (loaders/units.py)
    units: tuple[Unit, ...] = ()
    layout: str = "plan"
    header: Mapping[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    #: a sidecar file's fields (<name>.meta.json / .meta.yaml), which override the metadata
    sidecar: Mapping[str, Any] = field(default_factory=dict)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Where text[start:end] stands in the decoded original.

        Args:
            start: where the span starts in the parsed (normalised) text.
            end: where it ends in the parsed text (exclusive).
        """
        return self.offsets.span(start, end) if self.offsets is not None else (start, end)

    @property
    def areas(self) -> tuple[_AreaSpan, ...]:
        return tuple(a for t in self.themes for a in t.areas)

    @property
    def tasks(self) -> tuple[TaskSpan, ...]:
        return tuple(t for a in self.areas for t in a.tasks)


def parse_document(text: str, *, slug: str, path: str = "<text>") -> ParsedDocument:
    """The outline of a document's text; `path` only names the source in errors and warnings.

    Args:
        text: the document's decoded text.
        slug: the document's slug (its id is doc:<slug>; its title when the text shows none).
        path: the source's name in errors and warnings.

    >>> doc = parse_document("标题\\n一、主题\\n加强治理。推进A。推进B。", slug="x")
    >>> [(t.ordinal, t.text) for t in doc.tasks]
    [('1.1.1', '推进A。'), ('1.1.2', '推进B。')]
    """
    header, header_lines = split_header(text)
    body, offsets, page = _body(text, header_lines)
    if not body:
        if not any(line for line, _ in normalized_lines(text)[header_lines:]):
            raise DocumentError(path, "empty document: no text")
        raise DocumentError(path, "no document text: every line is web-page junk")
    outline = parse_outline(body)
    warnings: list[str] = []
    if outline.layout == "law":
        themes = _law_themes(body, outline)
    else:
        lines = [ln for ln in _classify_lines(body) if ln.start >= outline.body_start]
        title_unit = next((u for u in outline.units if u.kind == "title"), None)
        title = (
            _Line(title_unit.start, title_unit.end, _Kind.PLAIN, title_unit.start)
            if title_unit
            else None
        )
        themes = _themes(body, lines, title) if lines else ()
        if not themes:
            warnings.append(
                f"{path}: no recognisable structure (no 第X条, 一、, (一), 1., (1), ① or bullets): "
                "read as text without tasks; its mentions are attached to the document"
            )
    if themes and not any(t.tasks for t in themes):
        warnings.append(f"{path}: no tasks: {len(themes)} theme(s) but no task sentence in them")
    title_unit = _document_title(outline.units)
    title_text = _title_text(body, title_unit) if title_unit else slug
    return ParsedDocument(
        slug,
        title_text,
        page.publisher,
        page.date,
        body,
        themes,
        original=text,
        offsets=offsets,
        units=outline.units,
        layout=outline.layout,
        header=header,
        warnings=tuple(warnings),
    )


def _document_title(units: Sequence[Unit]) -> Unit | None:
    """The notice's title when a document number or an addressee line follows it, else the first."""
    titles = [i for i, u in enumerate(units) if u.kind == "title"]
    for i in titles:
        if i + 1 < len(units) and units[i + 1].kind in ("doc_number", "addressee"):
            return units[i]
    return units[titles[0]] if titles else None


def _title_text(body: str, unit: Unit) -> str:
    """A title printed over several lines reads as one line."""
    return "".join(part.strip() for part in body[unit.start : unit.end].split("\n"))


def _body(text: str, skipped_lines: int) -> tuple[str, OffsetMap, Stripped]:
    """The normalised, junk-free text after the header lines, mapped to `text`."""
    lines = normalized_lines(text)[skipped_lines:]
    while lines and not lines[0][0]:
        lines = lines[1:]
    page = strip_page_junk([line for line, _ in lines])
    removed = {r.line - 1 for r in page.removed}
    builder = OffsetMapBuilder()
    parts: list[str] = []
    blank = 0  # blank lines seen since the last kept text
    last_end = 0
    for i, (line, where) in enumerate(lines):
        if i in removed:
            continue
        if not line:
            blank += 1
            continue
        if parts:
            breaks = 2 if blank else 1
            parts.append("\n" * breaks)
            builder.block(last_end, last_end, breaks)
        blank = 0
        parts.append(line)
        if isinstance(where, int):
            builder.run(where, len(line))
            last_end = where + len(line)
        else:
            builder.extend(where)
            last_end = where[-1][1]
    return "".join(parts), builder.build(len(text)), page


def _law_themes(text: str, outline: Outline) -> tuple[_ThemeSpan, ...]:
    """Chapters are themes, sections (or the chapter) areas, articles tasks; ids by position.

    Articles outside any chapter (a law without chapters, or a source that prints its first
    chapters' headings not at all) go to a theme named after the document.
    """
    units = outline.units
    title = next((u for u in units if u.kind == "title"), None)
    whole = (title.start, title.end) if title else (outline.body_start, outline.body_start)
    groups: dict[int | None, dict[int | None, list[Unit]]] = {}
    for unit in units:
        if unit.kind == "article":
            chapter, section = _ancestor(units, unit, "chapter"), _ancestor(units, unit, "section")
            groups.setdefault(chapter, {}).setdefault(section, []).append(unit)
    themes = []
    for t, (chapter, areas) in enumerate(groups.items(), 1):
        head = whole if chapter is None else _heading_span(text, units[chapter])
        area_spans = tuple(
            _AreaSpan(
                t,
                a,
                text[span[0] : span[1]],
                *span,
                tuple(
                    TaskSpan(t, a, k, text[u.start : u.end], u.start, u.end)
                    for k, u in enumerate(articles, 1)
                ),
            )
            for a, (section, articles) in enumerate(areas.items(), 1)
            for span in [head if section is None else _heading_span(text, units[section])]
        )
        themes.append(_ThemeSpan(t, text[head[0] : head[1]], *head, area_spans))
    return tuple(themes)


def _ancestor(units: Sequence[Unit], unit: Unit, kind: str) -> int | None:
    parent = unit.parent
    while parent is not None and units[parent].kind != kind:
        parent = units[parent].parent
    return parent


def _heading_span(text: str, unit: Unit) -> _Span:
    """A chapter or section heading: its own line, label included."""
    end = text.find("\n", unit.start)
    return (unit.start, unit.end if end == -1 else min(end, unit.end))


class _Kind(enum.Enum):
    THEME = "theme"  # 一、
    AREA = "area"  # (一)
    ITEM = "item"  # 1. 1、 (1) ①
    NOTE = "note"  # a line that is only a parenthetical
    PLAIN = "plain"


@dataclass(frozen=True)
class _Line:
    """A non-blank line; `body` is where its text starts after a heading or item number."""

    start: int
    end: int
    kind: _Kind
    body: int


def _classify_lines(text: str) -> list[_Line]:
    """Every non-blank line of normalised text, with its kind."""
    lines = []
    for match in re.finditer(r"[^\n]+", text):
        start, end = match.span()
        # a Markdown copy marks some headings (## 一、…) and not others, as the outline reads them
        mark = MARKDOWN.match(text, start, end)
        label_at = mark.end() if mark else start
        for kind, head in (
            (_Kind.THEME, _THEME_HEAD),
            (_Kind.AREA, _AREA_HEAD),
            (_Kind.ITEM, _ITEM_HEAD),
        ):
            marker = head.match(text, label_at, end)
            if marker:
                lines.append(_Line(start, end, kind, marker.end()))
                break
        else:
            kind = _Kind.NOTE if _is_note(text, start, end) else _Kind.PLAIN
            lines.append(_Line(start, end, kind, start))
    return lines


def _themes(text: str, lines: Sequence[_Line], title: _Line | None) -> tuple[_ThemeSpan, ...]:
    heads = [i for i, line in enumerate(lines) if line.kind is _Kind.THEME]
    if heads:
        bounds = zip(heads, [*heads[1:], len(lines)], strict=True)
        return tuple(
            _theme(text, n, lines[a], lines[a + 1 : b]) for n, (a, b) in enumerate(bounds, 1)
        )
    first = next((i for i, line in enumerate(lines) if line.kind in (_Kind.AREA, _Kind.ITEM)), None)
    if first is None:
        return ()
    # One theme named after the document: its title line, or an empty span if it has none.
    span = (title.start, title.end) if title else (lines[first].start, lines[first].start)
    return (_build_theme(text, 1, span, [], lines[first:]),)


def _theme(text: str, index: int, head: _Line, body: Sequence[_Line]) -> _ThemeSpan:
    sentences = split_sentences(text, head.body, head.end)
    span = _heading(sentences, head.body)
    return _build_theme(text, index, span, sentences[1:], body)


@dataclass
class _Draft:
    title: _Span
    tasks: list[_Span] = field(default_factory=list)


def _build_theme(
    text: str, index: int, title: _Span, rest: Sequence[Sentence], body: Sequence[_Line]
) -> _ThemeSpan:
    drafts = _drafts(text, title, rest, body)
    areas = tuple(
        _AreaSpan(
            index,
            a,
            text[d.title[0] : d.title[1]],
            *d.title,
            tuple(TaskSpan(index, a, k, text[s:e], s, e) for k, (s, e) in enumerate(d.tasks, 1)),
        )
        for a, d in enumerate(drafts, 1)
    )
    return _ThemeSpan(index, text[title[0] : title[1]], *title, areas)


def _drafts(
    text: str, theme_title: _Span, rest: Sequence[Sentence], body: Sequence[_Line]
) -> list[_Draft]:
    """The focus areas of one theme, as title and task spans."""
    has_area_headings = any(line.kind is _Kind.AREA for line in body)
    drafts: list[_Draft] = []

    def current() -> _Draft:
        if not drafts:  # tasks before any area heading: an area named after the theme
            drafts.append(_Draft(theme_title))
        return drafts[-1]

    # 一、加强组织领导。各地要…。: the heading line itself carries tasks
    if rest and not has_area_headings:
        current().tasks.extend(_spans(rest))
    for line in body:
        if line.kind is _Kind.AREA:
            sentences = split_sentences(text, line.body, line.end)
            drafts.append(_Draft(_heading(sentences, line.body), _spans(sentences[1:])))
        elif line.kind is _Kind.ITEM:
            if line.body < line.end:
                current().tasks.append((line.body, line.end))
        elif line.kind is _Kind.NOTE:
            if drafts and drafts[-1].tasks:
                drafts[-1].tasks[-1] = (drafts[-1].tasks[-1][0], line.end)
        elif has_area_headings:
            if drafts:  # before the first (一) a paragraph introduces the theme
                drafts[-1].tasks.extend(_spans(split_sentences(text, line.start, line.end)))
        else:
            sentences = split_sentences(text, line.start, line.end)
            tasks = sentences if _opens_with_a_duty(text, sentences) else sentences[1:]
            drafts.append(_Draft(_heading(sentences, line.start), _spans(tasks)))
    return drafts


def _opens_with_a_duty(text: str, sentences: Sequence[Sentence]) -> bool:
    """A paragraph of prose whose first sentence gives an agency a duty (各级人民政府要…) is
    headed by it and opens with it as a task too: a heading names a field of work, and a duty
    read as one would lose its role."""
    return bool(sentences) and states_a_duty(
        text[sentences[0].start : sentences[0].end], default_cues()
    )


def _heading(sentences: Sequence[Sentence], at: int) -> _Span:
    if not sentences:
        return (at, at)
    return (sentences[0].start, sentences[0].body_end)


def _spans(sentences: Sequence[Sentence]) -> list[_Span]:
    return [(s.start, s.end) for s in sentences]


def _is_note(text: str, start: int, end: int) -> bool:
    """A line that is one parenthetical, such as a lead-agency note under a numbered item."""
    last = _skip_back(text, start, end, TERMINATORS)
    close = matching_paren(text, start, end)
    return (
        close is not None
        and close == last - 1
        and not _LIST_MARKER.fullmatch(text, start + 1, close)
    )


def _skip_back(text: str, start: int, end: int, chars: frozenset[str]) -> int:
    while end > start and text[end - 1] in chars:
        end -= 1
    return end
