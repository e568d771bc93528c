"""strip_page_junk: the one step that removes web-page junk and keeps its metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.loaders.junk import find_date, find_publisher, junk_rule, strip_page_junk
from policykg.loaders.normalize import normalize


def source_lines(corpus_path: Path) -> list[str]:
    return normalize(corpus_path.read_text(encoding="utf-8")).split("\n")


def test_the_source_pages_junk_goes_and_its_metadata_stays(corpus_path: Path) -> None:
    page = strip_page_junk(source_lines(corpus_path))
    assert page.publisher == "生态环境部"
    assert page.date == "2026-01-29"
    assert [(r.line, r.rule, r.text) for r in page.removed] == [
        (1, "advert", "广告"),
        (3, "metadata fields", "来源:生态环境部"),
        (4, "date", "2026-01-29"),
        (5, "view counter", "132"),
        (67, "feedback form", "请填留下的联系方式"),
        (68, "after feedback form", "以使我们能够高效解决您的需求"),
        (69, "after feedback form", "提交"),
    ]
    assert page.lines[0] == "划重点!生态环境部部署2026年七项工作任务"
    assert [line for line in page.lines if line][-1].startswith("加强生态环境保护队伍建设。")


def test_no_line_of_the_article_itself_is_junk(corpus_path: Path) -> None:
    article = source_lines(corpus_path)[1:66]
    assert [line for line in article[4:] if junk_rule(line)] == []


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("广告", "advert"),
        ("【广告】", "advert"),
        ("来源:生态环境部", "metadata fields"),
        ("来源:生态环境部 | 2026-01-29 | 阅读 132", "metadata fields"),
        ("发布时间:2026-01-29 10:30 来源:新华社 作者:张三", "metadata fields"),
        ("2026-01-29 10:30:00 来源:人民日报", "metadata fields"),
        ("责任编辑:李四", "metadata fields"),
        ("编辑:王五", "metadata fields"),
        ("发布机构:生态环境部", "metadata fields"),
        ("索 引 号:000014672/2026-00001", "metadata fields"),
        ("2026-01-29", "date"),
        ("2026年1月29日", "date"),
        ("2026/1/29 09:00", "date"),
        ("132", "view counter"),
        ("阅读:132", "metadata fields"),
        ("浏览次数 1024", "view counter"),
        ("132 次阅读", "view counter"),
        ("- 3 -", "page number"),
        ("第 2 页 / 共 5 页", "page number"),
        ("分享到:微信 微博 QQ空间", "widgets"),
        ("【字号:大 中 小】【打印】【关闭】", "widgets"),
        ("[打印本页] [关闭窗口]", "widgets"),
        ("扫一扫在手机打开当前页", "share"),
        ("首页 > 新闻发布 > 要闻动态", "navigation"),
        ("上一篇:生态环境部召开部常务会议", "navigation"),
        ("相关新闻", "related"),
        ("请填留下的联系方式", "feedback form"),
        ("提交", "form controls"),
        ("验证码:", "form controls"),
        ("版权所有 © 中华人民共和国生态环境部", "copyright"),
        ("Copyright © 2026 MEE", "copyright"),
        ("京ICP备05009132号", "site footer"),
        ("主办单位:中华人民共和国生态环境部", "site footer"),
    ],
)
def test_junk_lines_and_the_rule_that_takes_them(line: str, rule: str) -> None:
    found = junk_rule(line)
    assert found is not None and found.name == rule


@pytest.mark.parametrize(
    "line",
    [
        "划重点!生态环境部部署2026年七项工作任务",
        "2026年重点工作任务",
        "1月14日至15日,生态环境部在京召开2026年全国生态环境保护工作会议。",
        "一、统筹推进“十五五”美丽中国建设",
        "(一)深入打好蓝天保卫战。",
        "1.推进锅炉炉窑深度治理及清洁能源替代。",
        "(生态环境部牵头,国家发展改革委等按职责分工负责)",
        "中小企业环境管理。",
        "推动广告行业绿色转型。",
        "加强版权所有人权益保护。",
        "请各地区按照要求抓好落实。",
        "",
    ],
)
def test_document_lines_are_kept(line: str) -> None:
    assert junk_rule(line) is None


@pytest.mark.parametrize(
    ("line", "publisher"),
    [
        ("来源:生态环境部", "生态环境部"),
        ("来源:生态环境部 | 2026-01-29 | 阅读 132", "生态环境部"),
        ("发布时间:2026-01-29 10:30 来源:新华社 作者:张三", "新华社"),
        ("来源:中国环境报 2026年1月29日", "中国环境报"),
        ("发文机关: 国务院", "国务院"),
        ("作者:张三", None),
        ("2026-01-29", None),
    ],
)
def test_publisher_is_the_source_fields_value(line: str, publisher: str | None) -> None:
    assert find_publisher(line) == publisher


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("2026-01-29", "2026-01-29"),
        ("2026年1月9日", "2026-01-09"),
        ("发布时间:2026/1/29 10:30", "2026-01-29"),
        ("2026-02-30", None),
        ("来源:生态环境部", None),
    ],
)
def test_dates_come_out_as_iso(line: str, date: str | None) -> None:
    assert find_date(line) == date


def test_the_first_publisher_and_date_win() -> None:
    page = strip_page_junk(["来源:甲", "2026-01-02", "正文。", "来源:乙", "2025-12-31"])
    assert (page.publisher, page.date, page.lines) == ("甲", "2026-01-02", ("正文。",))


def test_an_invalid_date_line_goes_without_giving_a_date() -> None:
    page = strip_page_junk(["2026-02-30", "正文。"])
    assert (page.date, page.lines) == (None, ("正文。",))


def test_the_footer_after_a_feedback_form_goes_with_it() -> None:
    lines = [
        "标题",
        "正文。",
        "请填写您的联系方式",
        "姓名",
        "留言内容",
        "网站首页 | 联系我们",
        "地址:北京",
    ]
    page = strip_page_junk(lines)
    assert page.lines == ("标题", "正文。")
    assert [r.rule for r in page.removed] == ["feedback form"] + ["after feedback form"] * 4


def test_a_form_line_before_the_article_begins_does_not_swallow_the_page() -> None:
    page = strip_page_junk(["标题", "相关新闻", "正文。", "相关新闻", "另一篇新闻的标题"])
    assert page.lines == ("标题", "正文。")
