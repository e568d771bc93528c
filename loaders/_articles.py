"""A stopgap outline for laws: the `第X条` articles of a Markdown law text, nothing deeper.

Only `policykg.compare_input` uses it, until the document outline parser gives articles for
any document; it reads the layout of data/corpus/laws (`# title`, adoption lines,
`<!-- INFO END -->`, `## 第X章` headings, articles starting `第X条` and a space).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ARTICLE = re.compile(r"第[一二三四五六七八九十百千零〇]+条(?=[\s\u3000])")
_INFO_END = "<!-- INFO END -->"


@dataclass(frozen=True)
class Article:
    """One article: printed label and its text (all paragraphs), the label left out."""

    label: str
    text: str


def law_title(text: str) -> str | None:
    """The `# title` line, if the text starts with one."""
    first = text.lstrip().split("\n", 1)[0]
    return first[2:].strip() or None if first.startswith("# ") else None


def split_articles(text: str) -> list[Article]:
    """The articles of a law text in order; a heading line ends the article before it."""
    body = text.split(_INFO_END, 1)[1] if _INFO_END in text else text
    articles: list[tuple[str, list[str]]] = []
    current: list[str] | None = None
    for line in body.splitlines():
        stripped = line.strip()
        head = _ARTICLE.match(stripped)
        if head:
            current = [stripped[head.end() :].strip()]
            articles.append((head.group(), current))
        elif stripped.startswith("#"):
            current = None
        elif current is not None and stripped:
            current.append(stripped)
    return [Article(label, "\n".join(lines)) for label, lines in articles]
