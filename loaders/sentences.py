"""Sentences of normalised text, with spans, respecting quotes, brackets and lead-agency notes.

Sentences end at 。！？!? (with any run of them) outside “…” 《…》 (…) and the other brackets;
in quoted speech (他说:“…。”) a full stop just inside the closing quote ends the sentence after
it, while a quoted name (“美丽中国,我是行动者”) never ends one. A parenthetical right after a
full stop, such as a lead-agency note (生态环境部牵头,…按职责分工负责), belongs to the sentence
before it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["TERMINATORS", "Sentence", "matching_paren", "split_sentences"]

_NUMERALS = "一二三四五六七八九十百零〇两"
_LIST_MARKER = re.compile(rf"[\d{_NUMERALS}]+")
TERMINATORS = frozenset("。！？!?；;")
_PAIRS = {
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
_CLOSERS = frozenset(_PAIRS.values())
_QUOTE_CLOSERS = frozenset("”’」』")
# The only characters split_sentences acts on; it jumps from one to the next.
_MARKS = re.compile("[" + re.escape("".join(sorted({*_PAIRS, *_CLOSERS, *TERMINATORS}))) + "]")


@dataclass(frozen=True)
class Sentence:
    """A sentence span; `body_end` is before its full stop, where a heading's title ends."""

    start: int
    end: int
    body_end: int


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    """The sentences of text[start:end], trimmed; spans are offsets into `text`.

    Args:
        text: the text the sentence spans are offsets into.
        start: where to start splitting.
        end: where to stop splitting (None: the end of `text`).

    >>> text = "修订《办法。》。推进A(甲牵头)。(乙负责)推进B"
    >>> [text[s.start : s.end] for s in split_sentences(text)]
    ['修订《办法。》。', '推进A(甲牵头)。(乙负责)', '推进B']
    """
    end = len(text) if end is None else end
    sentences: list[Sentence] = []
    stack: list[str] = []  # the closers still expected, innermost last
    speech = False  # the outermost quote follows a colon: 他说:“…。”
    begin = i = start
    while (mark := _MARKS.search(text, i, end)) is not None:
        i = mark.start()
        ch = text[i]
        if ch in _PAIRS:
            speech = speech if stack else _previous(text, start, i) == ":"
            stack.append(_PAIRS[ch])
        elif ch in _CLOSERS and ch in stack:
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
    if speech and set(closing) <= _QUOTE_CLOSERS and text.startswith(closing, after):
        return after + len(closing), after + len(closing)
    return None  # inside “…” 《…》 (…): a full stop there is part of a name or an aside


def _previous(text: str, start: int, i: int) -> str:
    """The last non-space character before i (and not before start), or ""."""
    while i > start and text[i - 1] == " ":
        i -= 1
    return text[i - 1] if i > start else ""


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
    """The first index from `i` (before `end`) whose character is not in `chars`.

    Args:
        text: the text.
        i: where to start.
        end: where to stop at the latest.
        chars: the characters to skip.

    Returns:
        The index.
    """
    while i < end and text[i] in chars:
        i += 1
    return i


def _after_note(text: str, i: int, end: int) -> int:
    """Past a parenthetical note that follows a full stop (and the stop after it), if any."""
    j = _skip(text, i, end, frozenset(" "))
    close = matching_paren(text, j, end)
    if close is None or _LIST_MARKER.fullmatch(text, j + 1, close):  # (1) starts the next item
        return i
    return _skip(text, close + 1, end, TERMINATORS)


def matching_paren(text: str, i: int, end: int) -> int | None:
    """The index of the ) closing the ( at i, if there is one before end.

    Args:
        text: the text.
        i: the index of the (.
        end: where to stop looking (exclusive).
    """
    if i >= end or text[i] != "(":
        return None
    depth = 0
    for j in range(i, end):
        depth += {"(": 1, ")": -1}.get(text[j], 0)
        if depth == 0:
            return j
    return None
