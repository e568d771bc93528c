"""One normal form for document text, applied once at the boundary.

NFKC folds full-width punctuation into one form (`，（）：` -> `,():`) while `。“”《》、` stay;
line breaks become `\\n`; zero-width characters, the BOM and stray control characters go;
spaces collapse inside lines and lines are trimmed. Only whitespace and compatibility forms
change, never the Chinese characters themselves. `normalize(normalize(x)) == normalize(x)`.
"""

from __future__ import annotations

import re
import unicodedata

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

    >>> normalize("\\ufeff（一）深入打好蓝天保卫战。\\r\\n\\r\\n\\r\\n　　推进VOCs治理，加强监管。")
    '(一)深入打好蓝天保卫战。\\n\\n推进VOCs治理,加强监管。'
    """
    text = _LINE_BREAK.sub("\n", _INVISIBLE.sub("", text))
    parts = _CIRCLED.split(text)  # odd items are the circled numbers themselves
    text = "".join(p if i % 2 else unicodedata.normalize("NFKC", p) for i, p in enumerate(parts))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n")
