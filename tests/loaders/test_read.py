"""Readers: bytes in any of the formats policy documents come in -> the same parsed document."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import pytest

from policykg.errors import DocumentError
from policykg.loaders.read import decode, html_to_text, looks_like_html, read_document, read_text
from policykg.loaders.structure import ParsedDocument

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def outline(doc: ParsedDocument) -> list[tuple[str, str]]:
    return [(t.ordinal, t.text) for t in doc.tasks]


def as_html(text: str, charset: str = "utf-8") -> str:
    """The article as a web page: one <p> per line, plus head, script, nav and footer."""
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n") if line)
    return (
        f'<!DOCTYPE html>\n<html><head><meta charset="{charset}"><title>标题_生态环境部</title>'
        "<script>var ad = '<p>广告</p>';</script><style>p { margin: 0 }</style></head>\n"
        f"<body><nav>首页 &gt; 要闻</nav>\n{body}\n<footer>版权所有 &copy; 生态环境部</footer></body></html>"
    )


def full_width_crlf(text: str) -> str:
    """The punctuation the MEE site itself uses, with Windows line ends."""
    table = str.maketrans({",": "，", ":": "：", "(": "（", ")": "）", "!": "！", "\n": "\r\n"})
    return text.translate(table)


FORMATS: dict[str, Callable[[str], bytes]] = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8 with BOM": lambda t: t.encode("utf-8-sig"),
    "gbk": lambda t: t.encode("gbk"),
    "gb18030": lambda t: t.encode("gb18030"),
    "gbk, full-width, CRLF": lambda t: full_width_crlf(t).encode("gbk"),
    "utf-16 with BOM": lambda t: t.encode("utf-16"),
    "html": lambda t: as_html(t).encode("utf-8"),
    "html in gbk": lambda t: as_html(t, "gbk").encode("gbk"),
}


@pytest.fixture(scope="module")
def source(corpus_path: Path) -> ParsedDocument:
    return read_document(corpus_path)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_of_the_source_gives_the_same_tasks(
    fmt: str, source: ParsedDocument, corpus_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / f"mee-2026-key-tasks.{'html' if 'html' in fmt else 'txt'}"
    path.write_bytes(FORMATS[fmt](corpus_path.read_text(encoding="utf-8")))
    doc = read_document(path)
    assert outline(doc) == outline(source)
    assert [a.title for a in doc.areas] == [a.title for a in source.areas]
    assert (doc.slug, doc.title, doc.publisher, doc.date) == (
        "mee-2026-key-tasks",
        "划重点!生态环境部部署2026年七项工作任务",
        "生态环境部",
        "2026-01-29",
    )
    assert all(doc.text[t.start : t.end] == t.text for t in doc.tasks)


@pytest.mark.parametrize(
    "name", ["mee-2026-excerpt.txt", "mee-2026-excerpt.gbk.txt", "mee-2026-excerpt.html"]
)
def test_excerpt_fixtures_read_alike(name: str) -> None:
    reference = read_document(FIXTURES / "mee-2026-excerpt.txt")
    doc = read_document(FIXTURES / name)
    assert outline(doc) == outline(reference)
    assert [(a.ordinal, a.title) for a in doc.areas] == [
        ("1.1", "深编制实施“十五五”生态环境领域规划"),
        ("1.2", "分级分类推进美丽中国建设行动"),
        ("2.1", "深入打好蓝天保卫战"),
        ("2.2", "深入打好碧水保卫战"),
    ]
    assert (doc.title, doc.publisher, doc.date) == (
        "划重点!生态环境部部署2026年七项工作任务",
        "生态环境部",
        "2026-01-29",
    )
    assert doc.text == reference.text
    for junk in ("广告", "132", "分享到", "字号", "请填", "提交", "版权所有", "首页"):
        assert junk not in doc.text.split("\n") and f"\n{junk}" not in doc.text


def test_the_gbk_fixture_really_is_gbk_with_crlf() -> None:
    raw = (FIXTURES / "mee-2026-excerpt.gbk.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert b"\r\n" in raw and "，".encode("gbk") in raw


def test_the_html_fixture_joins_hard_wrapped_chinese_without_spaces() -> None:
    doc = read_document(FIXTURES / "mee-2026-excerpt.html")
    assert "实施京津冀、长三角、粤港澳大湾区美丽中国先行区建设行动。" in [t.text for t in doc.tasks]
    assert "系统总结2025年" in doc.text


def test_slug_defaults_to_the_file_stem_and_can_be_given(corpus_path: Path) -> None:
    assert read_document(corpus_path).slug == "mee-2026-key-tasks"
    assert read_document(corpus_path, slug="mee2026").slug == "mee2026"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.txt", "empty document"),
        ("binary.bin", "not a text document: binary data"),
        ("does-not-exist.txt", "cannot read"),
        (".", "cannot read"),
    ],
)
def test_unreadable_files_are_document_errors(name: str, reason: str) -> None:
    path = FIXTURES / name
    with pytest.raises(DocumentError, match=reason) as info:
        read_document(path)
    assert info.value.path == str(path)


def test_a_file_over_the_size_limit_is_refused_before_parsing(corpus_path: Path) -> None:
    size = corpus_path.stat().st_size
    with pytest.raises(DocumentError, match="file too large"):
        read_document(corpus_path, max_bytes=size - 1)
    assert read_text(corpus_path, max_bytes=size).startswith("广告")


def test_an_html_page_without_text_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.html"
    path.write_text("<html><head><title>t</title></head><body><script>x()</script></body></html>")
    with pytest.raises(DocumentError, match="HTML page has no text"):
        read_document(path)


# --- decode --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "生态环境部。".encode(),
        "生态环境部。".encode("utf-8-sig"),
        "生态环境部。".encode("gbk"),
        "生态环境部。".encode("gb18030"),
        "生态环境部。".encode("utf-16"),
    ],
)
def test_decode_reads_utf8_gbk_and_utf16_with_bom(raw: bytes) -> None:
    assert decode(raw, "x") == "生态环境部。"


def test_decode_reads_characters_only_gb18030_has() -> None:
    assert decode("𠀀与㐀。".encode("gb18030"), "x") == "𠀀与㐀。"


def test_decode_honours_a_declared_charset_and_widens_gb2312() -> None:
    big5 = b'<meta charset="big5"><p>' + "深入打好藍天保衛戰。".encode("big5") + b"</p>"
    assert "深入打好藍天保衛戰。" in decode(big5, "x")
    # 镕 is GBK, not GB2312: pages labelled gb2312 are read as GB18030.
    gb2312 = b"<meta http-equiv='Content-Type' content='text/html; charset=gb2312'>"
    assert "朱镕基" in decode(gb2312 + "朱镕基".encode("gbk"), "x")


def test_decode_ignores_a_declared_charset_that_is_not_chinese() -> None:
    page = b'<meta charset="iso-8859-1"><p>' + "生态环境部。".encode("gbk") + b"</p>"
    assert "生态环境部。" in decode(page, "x")


def test_decode_keeps_a_document_with_a_stray_bad_byte(corpus_path: Path) -> None:
    raw = corpus_path.read_text(encoding="utf-8").encode("gbk")
    cut = raw.index(b"\n") + 1  # between two characters
    text = decode(raw[:cut] + b"\xff" + raw[cut:], "x")
    assert text.count("\ufffd") == 1 and "划重点" in text


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty document"),
        (b" \r\n\t ", "empty document"),
        ("\u3000\u3000\n".encode(), "only whitespace"),
        (b"text\x00with\x00nul", "NUL bytes"),
        (bytes(range(1, 32)) * 8 + "正文".encode(), "control or undecodable"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "a PDF file"),
        (b"PK\x03\x04\x14\x00", "ZIP archive"),
        (b"\x89PNG\r\n\x1a\n", "PNG image"),
    ],
)
def test_decode_rejects_empty_and_binary_input(raw: bytes, reason: str) -> None:
    with pytest.raises(DocumentError, match=reason) as info:
        decode(raw, "in.txt")
    assert info.value.path == "in.txt"


# --- HTML ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "<!DOCTYPE html><html><body>x</body></html>",
        "  <html lang='zh-CN'>",
        "\ufeff<!doctype HTML>",
        "标题\n<p>正文</p>",
        "<div class='content'>正文</div>",
        "<BR>",
    ],
)
def test_html_is_recognised(text: str) -> None:
    assert looks_like_html(text)


@pytest.mark.parametrize(
    "text", ["广告\n划重点!", "当 a < b 且 c > d 时", "《办法》<注>", "<pre-existing>"]
)
def test_plain_text_is_not_html(text: str) -> None:
    assert not looks_like_html(text)


def test_html_to_text_keeps_only_visible_text() -> None:
    page = """<html><head><title>不要</title><style>p{}</style></head><body>
    <nav>首页 &gt; 要闻</nav><aside>相关新闻</aside>
    <script>document.write("<p>不要</p>")</script><noscript>不要</noscript>
    <h1>标题</h1><div>甲<span>乙</span>丙</div><p>&ldquo;十五五&rdquo;&amp;&#x4E00;&#19968;</p>
    <ul><li>一项</li><li>二项</li></ul>
    <table><tr><td>发文机关:</td><td>国务院</td></tr></table>
    <pre>保留
  换行</pre>
    <footer>版权所有</footer></body></html>"""
    assert html_to_text(page).split("\n\n") == [
        "标题",
        "甲乙丙",
        "“十五五”&一一",
        "一项",
        "二项",
        "发文机关: 国务院",
        "保留",
        "换行",
    ]


def test_html_to_text_joins_a_hard_wrapped_chinese_paragraph() -> None:
    assert html_to_text("<p>推进长江\n    中游城市群 治理,\n  加强 VOCs\n  监管</p>") == (
        "推进长江中游城市群 治理, 加强 VOCs 监管"
    )


def test_an_unclosed_head_ends_where_the_body_starts() -> None:
    assert html_to_text("<html><head><title>t</title><body><p>正文</p></body>") == "正文"


TRADITIONAL_DEV = (
    Path(__file__).resolve().parents[2]
    / "data"
    / "corpus"
    / "dev"
    / "13-hubei-pollution-carbon-synergy-plan-2022-traditional-partial.txt"
)


@pytest.mark.parametrize(
    ("source", "encoding"),
    [
        ("traditional", "big5"),
        ("traditional", "cp950"),
        ("traditional", "big5hkscs"),
        ("traditional", "utf-16-le"),
        ("traditional", "utf-16-be"),
        ("simplified", "gb18030"),
        ("simplified", "utf-16-le"),
        ("simplified", "utf-16-be"),
    ],
)
def test_real_text_re_encoded_is_read_back_exactly(
    source: str, encoding: str, corpus_path: Path, tmp_path: Path
) -> None:
    path = TRADITIONAL_DEV if source == "traditional" else corpus_path
    text = path.read_text(encoding="utf-8")
    if source == "traditional":
        text = text.split("\n\n", 1)[1]  # the document itself, without the header lines
    encoded = tmp_path / f"doc.{encoding}.txt"
    encoded.write_bytes(text.encode(encoding))  # no BOM for utf-16-le/-be
    assert read_text(encoded) == text


def test_an_html_page_is_cut_to_its_main_content_keeping_title_source_and_date() -> None:
    doc = read_document(FIXTURES / "mee-2026-excerpt.html")
    assert doc.title == "划重点!生态环境部部署2026年七项工作任务"
    assert (doc.publisher, doc.date) == ("生态环境部", "2026-01-29")
    for junk in ("以使我们能够", "分享到", "版权所有"):
        assert junk not in doc.text
