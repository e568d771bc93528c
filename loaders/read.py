"""Thin readers: bytes from a file -> text (decoded, HTML stripped) -> `parse_document`.

Policy documents arrive as UTF-8 (with or without a BOM), UTF-16, GBK/GB2312/GB18030, Big5 or
Big5-HKSCS, or as an HTML page in any of them. UTF-8 and a page's declared Chinese charset are
tried first; otherwise charset-normalizer tells the encoding. An HTML page is cut to its main
content by trafilatura; the page title and the lines that carry its source and date stay (the
junk step reads them and drops them). Anything that is not text fails with a DocumentError that
says why, before any parsing.
"""

from __future__ import annotations

import codecs
import dataclasses
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import charset_normalizer
import trafilatura

from policykg.errors import DocumentError
from policykg.limits import MAX_DOCUMENT_BYTES
from policykg.loaders.document_names import document_slug
from policykg.loaders.header import split_header
from policykg.loaders.junk import junk_rule
from policykg.loaders.normalize import normalize
from policykg.loaders.sidecar import read_sidecar
from policykg.loaders.structure import ParsedDocument, parse_document

__all__ = ["decode", "html_to_text", "looks_like_html", "read_document", "read_text"]

_MAX_BYTES = MAX_DOCUMENT_BYTES
# More than this share of control or undecodable characters means the file is not text.
# Control characters are Unicode category Cc (U+0000-001F, U+007F-009F) but the whitespace ones
# (tab, newlines, VT, FF); one regex counts them ~40x faster than a per-character loop.
_JUNK_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
_MAX_JUNK_SHARE = 0.01
_SIGNATURES = {
    b"%PDF-": "a PDF file (extract its text first)",
    b"PK\x03\x04": "a ZIP archive (a .docx or .xlsx? save it as text or HTML)",
    b"\xd0\xcf\x11\xe0": "an old Office file (.doc? save it as text or HTML)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
}
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# A page that declares a Chinese charset (<meta charset="big5">) is read in it when it is not
# UTF-8. Other declarations are ignored: a page labelled iso-8859-1 is usually GBK. GB2312 and
# GBK pages are read as GB18030, their superset: pages labelled GB2312 often hold GBK characters.
_DECLARED_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)
_CHINESE_CHARSETS = {
    **dict.fromkeys(("gb2312", "gbk", "cp936", "gb18030", "x-gbk"), "gb18030"),
    **dict.fromkeys(("big5", "cp950", "x-big5"), "cp950"),  # cp950: Big5 with Microsoft's extras
    **dict.fromkeys(("big5-hkscs", "big5hkscs"), "big5hkscs"),
}
# What charset-normalizer may choose from: Chinese documents come in these; left free, it reads
# a short GBK text as Korean.
_GUESSED = ["gb18030", "big5", "cp950", "big5hkscs"]
_GUESSED_WIDE = ["utf_16_le", "utf_16_be"]  # only for text with NUL bytes
# A guessed encoding must give Chinese text (_told): at most this share of its ideographs
# outside the common ones, and fewer than MIN_RARE private-use or unassigned characters.
_MAX_RARE_SHARE = 0.1
_MIN_RARE = 3
_HTML_START = re.compile(r"\s*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE)
_HTML_TAG = re.compile(
    r"<(?:p|div|br|body|head|title|h[1-6]|span|table|ul|ol|li|article|section|meta)\b[^>]*>",
    re.IGNORECASE,
)
_HTML_SNIFF_CHARS = 2000
_HTML_SPACE = re.compile(r"[ \t\r\n\f]+")
# Elements whose content is never document text.
_SKIPPED = frozenset(
    {"script", "style", "head", "nav", "footer", "aside", "noscript", "template", "svg", "iframe"}
)
_BLOCKS = frozenset(
    {
        *("p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "tr", "table", "hr", "pre"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "main"),
        *("blockquote", "figure", "figcaption", "title", "body", "html", "form", "address"),
    }
)
_CELLS = frozenset({"td", "th"})


def read_document(
    path: str | Path, *, max_bytes: int = _MAX_BYTES, slug: str | None = None
) -> ParsedDocument:
    """Read, decode and parse one document; `slug` defaults to the one its file name gives
    (loaders.document_names: `doc:<slug>` is its id).

    Args:
        path: the document's file.
        max_bytes: the largest file to read (a larger one is a DocumentError).
        slug: the document's slug (None: the one its file name gives).
    """
    path = Path(path)
    slug = slug or document_slug(path.name)
    doc = parse_document(read_text(path, max_bytes), slug=slug, path=str(path))
    sidecar = read_sidecar(path)
    return dataclasses.replace(doc, sidecar=sidecar) if sidecar else doc


def read_text(path: str | Path, max_bytes: int = _MAX_BYTES) -> str:
    """The text of a file: decoded, and stripped of markup when it is an HTML page.

    Args:
        path: the file.
        max_bytes: the largest file to read (a larger one is a DocumentError).
    """
    name = str(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        raise DocumentError(name, f"cannot read: {exc.strerror or exc}") from exc
    if len(raw) > max_bytes:
        raise DocumentError(name, f"file too large: more than {max_bytes:,} bytes")
    text = decode(raw, name)
    _, header_lines = split_header(text)
    if looks_like_html("\n".join(text.split("\n")[header_lines:])):  # a header may quote tags
        text = _main_text(text)
        if not text.strip():
            raise DocumentError(name, "empty document: the HTML page has no text")
    return text


def decode(raw: bytes, path: str) -> str:
    """UTF-8 (BOM or not), UTF-16 with a BOM, the page's declared charset, else a guess (GB18030,
    Big5, UTF-16 without a BOM) kept only when it reads as Chinese text; never binary.

    Args:
        raw: the file's bytes.
        path: the file's name in errors.
    """
    if not raw.strip():
        raise DocumentError(path, "empty document: no text")
    for signature, what in _SIGNATURES.items():
        if raw.startswith(signature):
            raise DocumentError(path, f"not a text document: {what}")
    if raw.startswith(_UTF16_BOMS):  # Windows "Unicode" text files
        text = raw.decode("utf-16", errors="replace")
    elif b"\x00" in raw:
        text = _told(_utf16_without_bom(raw, path), path)
    else:
        text, guessed = _decode_8bit(raw)
        text = _told(text, path) if guessed else text
    junk = len(_JUNK_CHARS.findall(text))
    if junk > _MAX_JUNK_SHARE * len(text):
        raise DocumentError(
            path,
            f"not a text document: {junk} of {len(text)} characters are control or undecodable",
        )
    if not text.strip():
        raise DocumentError(path, "empty document: only whitespace")
    return text


def _decode_8bit(raw: bytes) -> tuple[str, bool]:
    """The text, and whether its encoding was guessed (not UTF-8, not the page's charset)."""
    encodings = ["utf-8-sig"]
    declared = _DECLARED_CHARSET.search(raw[:_HTML_SNIFF_CHARS])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        encodings += [_CHINESE_CHARSETS[name]] if name in _CHINESE_CHARSETS else []
    for encoding in dict.fromkeys(encodings):
        try:
            return raw.decode(encoding), False
        except UnicodeDecodeError:
            continue
    guess = charset_normalizer.from_bytes(raw, cp_isolation=_GUESSED).best()
    if guess is not None:
        encoding = _CHINESE_CHARSETS.get(guess.encoding.replace("_", "-"), guess.encoding)
        try:
            return raw.decode(encoding), True
        except (UnicodeDecodeError, LookupError):
            return str(guess), True
    # A few broken bytes: keep the text; decode() rejects it if there are too many.
    return raw.decode("gb18030", errors="replace"), True


def _told(text: str, path: str) -> str:
    """A guessed decoding, kept only when it reads as Chinese text.

    Any bytes decode as something in GB18030 or UTF-16; text in them uses the common
    characters. Of the ideographs of the 309 documents of data/corpus at least 97.7% are in
    COMMON_IDEOGRAPHS; of random bytes read as GB18030 or random ideographs about 31%.
    """
    ideographs = [c for c in text if _is_ideograph(c)]
    rare = sum(c not in _COMMON_IDEOGRAPHS for c in ideographs)
    private = sum(unicodedata.category(c) in ("Co", "Cn", "Cs") for c in text)
    if (rare >= _MIN_RARE and rare > _MAX_RARE_SHARE * len(ideographs)) or private >= _MIN_RARE:
        raise DocumentError(
            path,
            "not a text document: it is not UTF-8 and does not read as Chinese text in "
            f"GB18030, Big5 or UTF-16 ({rare} of {len(ideographs)} ideographs rare, "
            f"{private} private or unassigned characters); save it as UTF-8",
        )
    return text


def _is_ideograph(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def _common_ideographs() -> frozenset[str]:
    """The level-1 characters of GB 2312-80 (3,755 常用汉字, rows 16-55) and of Big5 (5,401
    常用字, lead bytes A4-C6), read from the codecs' own tables."""
    found = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            found.add(bytes((lead, trail)).decode("gb2312", errors="ignore"))
    for lead in range(0xA4, 0xC7):
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            found.add(bytes((lead, trail)).decode("big5", errors="ignore"))
    return frozenset(c for c in found if c)


def _utf16_without_bom(raw: bytes, path: str) -> str:
    """UTF-16 text saved without a BOM (its NUL bytes are ASCII's high bytes), else binary."""
    guess = charset_normalizer.from_bytes(raw, cp_isolation=_GUESSED_WIDE).best()
    if guess is None:
        raise DocumentError(path, "not a text document: binary data (NUL bytes)")
    return str(guess)


def looks_like_html(text: str) -> bool:
    """Whether the text is an HTML page: a doctype or <html> first, or block tags early on.

    Args:
        text: the decoded file.
    """
    head = text[:_HTML_SNIFF_CHARS].lstrip("\ufeff")
    return bool(_HTML_START.match(head) or _HTML_TAG.search(head))


def _main_text(html: str) -> str:
    """The page's main content (trafilatura), led by its title and source/date lines.

    What trafilatura drops (menus, share widgets, adverts, footers, feedback forms) is gone
    before the junk rules run; the page's title and its 来源/发布时间 lines are put back in page
    order, because they say what the document is and who published it.

    Args:
        html: the page.
    """
    page = html_to_text(html)
    content = trafilatura.extract(
        html, include_comments=False, include_tables=True, favor_recall=True, output_format="html"
    )
    if not content:
        return page
    kept = set(html_to_text(content).split("\n\n"))
    lines = page.split("\n\n")
    first = next((i for i, line in enumerate(lines) if line in kept), len(lines))
    title = _page_title(html)
    out = [
        line
        for i, line in enumerate(lines)
        if line in kept or (i < first and (line == title or _carries_metadata(line)))
    ]
    if title and title not in out:
        out.insert(0, title)
    return "\n\n".join(dict.fromkeys(out)) if len(set(out)) == len(out) else "\n\n".join(out)


def _page_title(html: str) -> str | None:
    heading = re.search(r"<h1\b[^>]*>(.*?)</h1>", html, re.IGNORECASE | re.DOTALL)
    return html_to_text(heading.group(1)).strip() or None if heading else None


def _carries_metadata(line: str) -> bool:
    rule = junk_rule(normalize(line))
    return rule is not None and rule.keeps


def html_to_text(html: str) -> str:
    """The visible text of an HTML page, one paragraph per block element, entities unescaped.

    Args:
        html: the page.

    >>> html_to_text("<html><head><title>t</title></head><body><p>甲&nbsp;乙</p>丙<br>丁</body></html>")
    '甲\\xa0乙\\n\\n丙\\n\\n丁'
    """
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return parser.text()


def _collapse_html_space(data: str) -> str:
    """Whitespace as a browser renders it: one space, or none at a line break between CJK.

    CSS Text 3 removes a source line break between two East Asian wide characters, so a hard
    wrapped Chinese paragraph joins up without a stray space (系统总\\n结 -> 系统总结).

    Args:
        data: text between an HTML page's tags.

    >>> _collapse_html_space("推进长江\\n    治理, 加强  监管")
    '推进长江治理, 加强 监管'
    """
    return _HTML_SPACE.sub(lambda m: "" if _joins_wide(data, m) else " ", data)


def _joins_wide(data: str, gap: re.Match[str]) -> bool:
    if "\n" not in gap.group() or gap.start() == 0 or gap.end() == len(data):
        return False
    return all(_is_wide(data[i]) for i in (gap.start() - 1, gap.end()))


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F") and not "\uac00" <= ch <= "\ud7a3"


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._parts: list[str] = []
        self._skipping: list[str] = []  # open elements whose content is dropped
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":  # a <head> left open ends where the body starts
            self._skipping.clear()
        if tag in _SKIPPED:
            self._skipping.append(tag)
        if tag in _BLOCKS:
            self._parts.append("\n")
        elif tag in _CELLS:  # cells of a row stay on one line: 发文机关: | 国务院
            self._parts.append(" ")
        if tag == "pre":
            self._pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self._parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._skipping:
            while self._skipping.pop() != tag:  # close elements left open inside it
                pass
        if tag in _BLOCKS:
            self._parts.append("\n")
        if tag == "pre":
            self._pre = max(0, self._pre - 1)

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        self._parts.append(data if self._pre else _collapse_html_space(data))

    def text(self) -> str:
        lines = (line.strip() for line in "".join(self._parts).split("\n"))
        return "\n\n".join(line for line in lines if line)


_COMMON_IDEOGRAPHS = _common_ideographs()
