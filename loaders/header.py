"""`# key: value` header lines above a document (the shared corpus's dev files carry them).

A header is a run of such lines from the very first line, ended by a blank line; it describes
the document (title, issuer, date, script …) and is not part of its text. A Markdown title
(`# 中华人民共和国…法`) is not a header line: a key is lower-case ASCII.

>>> split_header("# title: 某法\\n# date: 2023-04-26\\n\\n正文")
({'title': '某法', 'date': '2023-04-26'}, 3)
"""

from __future__ import annotations

import re

__all__ = ["split_header"]

_HEADER_LINE = re.compile(r"# ([a-z][a-z _-]*): ?(.*)")


def split_header(text: str) -> tuple[dict[str, str], int]:
    """The header's fields and how many lines (the blank one included) it takes; else ({}, 0).

    Args:
        text: the file's text.
    """
    lines = text.lstrip("\ufeff").split("\n")
    fields: dict[str, str] = {}
    for i, line in enumerate(lines):
        line = line.rstrip("\r")
        if not line.strip():
            return (fields, i + 1) if fields else ({}, 0)
        match = _HEADER_LINE.fullmatch(line)
        if match is None:
            return {}, 0
        fields[match.group(1).strip()] = match.group(2).strip()
    return {}, 0
