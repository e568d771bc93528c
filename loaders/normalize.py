"""One normal form for document text, applied once at the boundary.

NFKC folds full-width punctuation into one form (`，（）：` -> `,():`) while `。“”《》、` stay;
line breaks become `\\n`; zero-width characters, the BOM and stray control characters go;
spaces collapse inside lines and lines are trimmed. Only whitespace and compatibility forms
change, never the Chinese characters themselves. `normalize(normalize(x)) == normalize(x)`.
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["normalize", "normalize_query", "normalized_lines"]

# Removed before NFKC: removing them afterwards could bring a base letter and a combining mark
# together, and a second pass would then compose them (normalising would not be idempotent).
_INVISIBLE = re.compile(
    "[\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e]|[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]"
)
# Everything str.splitlines() treats as a line break, so that split("\n") agrees with it.
_LINE_BREAK = re.compile("\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# NFKC would turn ① into 1: circled numbers mark list items, so they are kept as they are.
_CIRCLED = re.compile("([\u2460-\u2473\u3251-\u325f\u32b1-\u32bf])")
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def normalize(text: str) -> str:
    """Text in one normal form: NFKC, LF line breaks, trimmed lines, one blank line at most.

    Args:
        text: the decoded text.

    >>> normalize("\\ufeff（一）深入打好蓝天保卫战。\\r\\n\\r\\n\\r\\n　　推进VOCs治理，加强监管。")
    '(一)深入打好蓝天保卫战。\\n\\n推进VOCs治理,加强监管。'
    """
    text = _LINE_BREAK.sub("\n", _INVISIBLE.sub("", text))
    parts = _CIRCLED.split(text)  # odd items are the circled numbers themselves
    text = "".join(p if i % 2 else unicodedata.normalize("NFKC", p) for i, p in enumerate(parts))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n")


# -- the same normal form, line by line, with a map back to the original --------------------

# \r and \n with only invisible characters between them are one break, as normalize() sees it
# after it has removed the invisible characters.
_ORIGINAL_BREAK = re.compile(
    "\r(?:[\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]*\n)?"
    "|[\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]"
)


def _composing_characters() -> str:
    """Characters NFKC may merge with a neighbour: marks, second parts of compositions, jamo."""
    seconds = set()
    for code in range(0x10000):
        ch = chr(code)
        if unicodedata.combining(ch):
            seconds.add(ch)
        folded = unicodedata.normalize("NFKC", ch)
        if folded and unicodedata.combining(folded[0]):  # ﾞ (U+FF9E) folds to a combining mark
            seconds.add(ch)
        decomposed = unicodedata.decomposition(ch)
        if decomposed and not decomposed.startswith("<"):
            parts = decomposed.split()
            if len(parts) == 2:
                seconds.add(chr(int(parts[1], 16)))
    seconds.update(chr(c) for c in range(0x1100, 0x1200))
    seconds.update(chr(c) for c in range(0x3130, 0x3190))
    seconds.update(chr(c) for c in range(0xAC00, 0xD7FF + 1))
    seconds.update(chr(c) for c in range(0xA960, 0xA980))
    return "".join(sorted(seconds))


@functools.cache
def _joiners() -> frozenset[str]:
    # built on first use: a typed query (normalize_query) never needs the table
    return frozenset(_composing_characters())


@functools.cache
def _composing() -> re.Pattern[str]:
    """Lines with any of these take the slow path; astral characters are checked one by one
    there."""
    return re.compile("[" + re.escape("".join(sorted(_joiners()))) + "\U00010000-\U0010ffff]")


def _joins(ch: str) -> bool:
    """Whether NFKC may merge `ch` with the character before it."""
    return ch in _joiners() or (ord(ch) > 0xFFFF and unicodedata.combining(ch) != 0)


#: (normalised line, where its characters come from): an int is the original offset of its
#: first character when each character stands for one original character in order; otherwise
#: the original span of every character.
_MappedLine = tuple[str, int | list[tuple[int, int]]]


def normalized_lines(text: str) -> list[_MappedLine]:
    """Every line of `text` in normalize()'s form (before blank lines collapse), with its map.

    Joined with "\\n" and with blank runs collapsed, the lines are exactly normalize(text).

    Args:
        text: the decoded text.

    >>> normalized_lines("甲，乙\\r\\n  （丙）  ")
    [('甲,乙', 0), ('(丙)', 7)]
    """
    lines: list[_MappedLine] = []
    start = 0
    for brk in _ORIGINAL_BREAK.finditer(text):
        lines.append(_normalized_line(text, start, brk.start()))
        start = brk.end()
    lines.append(_normalized_line(text, start, len(text)))
    return lines


def _normalized_line(text: str, start: int, end: int) -> _MappedLine:
    raw = text[start:end]
    folded = unicodedata.normalize("NFKC", raw)
    spans: int | list[tuple[int, int]]
    if (
        len(folded) == len(raw)
        and not _INVISIBLE.search(raw)
        and not _CIRCLED.search(raw)
        and not _composing().search(raw)
    ):
        spans = start
    else:
        folded, spans = _folded_slowly(raw, start)
    return _collapsed_spaces(folded, spans)


def _folded_slowly(raw: str, offset: int) -> tuple[str, list[tuple[int, int]]]:
    """NFKC cluster by cluster (a base and its marks), each output character mapped."""
    expected = "".join(
        p if i % 2 else unicodedata.normalize("NFKC", p)
        for i, p in enumerate(_CIRCLED.split(_INVISIBLE.sub("", raw)))
    )
    clusters: list[tuple[int, int]] = []
    for i, ch in enumerate(raw):
        if _INVISIBLE.fullmatch(ch):
            continue
        joins = clusters and not _CIRCLED.fullmatch(ch) and _joins(ch)
        if joins and not _CIRCLED.fullmatch(raw[clusters[-1][0]]):
            clusters[-1] = (clusters[-1][0], i + 1)
        else:
            clusters.append((i, i + 1))
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    for a, b in clusters:
        piece = raw[a:b]
        piece = piece if _CIRCLED.fullmatch(piece) else unicodedata.normalize("NFKC", piece)
        out.append(piece)
        spans += [(offset + a, offset + b)] * len(piece)
    folded = "".join(out)
    if folded == expected:
        return folded, spans
    # a composition across clusters: what differs maps as one block, the rest as it is
    head = 0
    while head < min(len(folded), len(expected)) and folded[head] == expected[head]:
        head += 1
    tail = 0
    while (
        tail < min(len(folded), len(expected)) - head and folded[-1 - tail] == expected[-1 - tail]
    ):
        tail += 1
    start = spans[head][0] if head < len(spans) else offset + len(raw)
    end = spans[len(spans) - tail - 1][1] if len(spans) - tail > head else start
    middle = [(start, max(start, end))] * (len(expected) - head - tail)
    return expected, spans[:head] + middle + spans[len(spans) - tail :]


def _collapsed_spaces(line: str, spans: int | list[tuple[int, int]]) -> _MappedLine:
    runs = [m.span() for m in _SPACES.finditer(line)]
    at_ends = runs and (runs[0][0] == 0 or runs[-1][1] == len(line))
    if not at_ends and all(line[a:b] == " " for a, b in runs):
        return line, spans
    explicit = (
        [(spans + i, spans + i + 1) for i in range(len(line))] if isinstance(spans, int) else spans
    )
    out: list[str] = []
    mapped: list[tuple[int, int]] = []
    done = 0
    for a, b in runs:
        out.append(line[done:a])
        mapped += explicit[done:a]
        out.append(" ")
        mapped.append((explicit[a][0], explicit[b - 1][1]))
        done = b
    out.append(line[done:])
    mapped += explicit[done:]
    text = "".join(out)
    lead = len(text) - len(text.lstrip(" "))
    trail = len(text.rstrip(" "))
    kept = mapped[lead:trail]
    first = kept[0][0] if kept else 0
    if all(span == (first + i, first + i + 1) for i, span in enumerate(kept)):
        return text[lead:trail], first
    return text[lead:trail], kept


def normalize_query(text: str) -> str:
    """A name or search term in the documents' normal form, on one line.

    The same steps as `normalize` (NFKC, zero-width characters and the BOM removed), so that
    what a user types finds what the loader stored.

    Args:
        text: what the user typed.

    >>> normalize_query("\\ufeff黄\\u200b河")
    '黄河'
    >>> normalize_query("Ｙｅｌｌｏｗ　Ｒｉｖｅｒ ")
    'Yellow River'
    """
    return _SPACES.sub(" ", normalize(text).replace("\n", " ")).strip()
