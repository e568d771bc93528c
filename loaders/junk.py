"""Web-page junk around an article, removed in this one step.

A copied web page carries lines that are not the document: an advert marker, the source and
date block, a view counter, share/print widgets, navigation, the site footer and a feedback
form. Each rule in `_RULES` is a pattern that a whole (normalised) line must match; the first
rule that matches names why the line went. Lines that carry metadata keep it: the publisher
(来源, 发布机构, 发文机关 …) and the first valid date. A rule that `ends_page` (the feedback form,
related articles, the copyright footer) also drops everything after it once the article has
begun (a sentence was kept), because on a web page what follows it is the footer.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Stripped", "find_date", "find_publisher", "junk_rule", "strip_page_junk"]


def _keys(names: str) -> str:
    """An alternation of space-separated field names; gov.cn spaces some out (索 引 号)."""
    ordered = sorted(names.split(), key=len, reverse=True)  # 发布时间 before 时间
    return "|".join(r"\s?".join(map(re.escape, name)) for name in ordered)


_SOURCE_NAMES = "来源 稿源 文章来源 信息来源 稿件来源 发布机构 发布单位 发布部门 发文机关"
_FIELD_NAMES = " ".join(
    (
        _SOURCE_NAMES,
        "发布时间 发布日期 成文日期 发文日期 更新时间 时间 日期",
        "作者 编辑 责任编辑 编审 审核 审校 校对 记者 通讯员 摄影 撰稿",
        "索引号 主题分类 发文字号 主题词 公文种类 标题 字号 字体",
        "阅读 浏览 点击 访问 阅读量 浏览量 浏览次数 点击数 访问量",
    )
)
_SOURCE_KEYS = _keys(_SOURCE_NAMES)
_FIELD_KEYS = _keys(_FIELD_NAMES)
_DATE = r"(?P<y>\d{4})\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*(?P<d>\d{1,2})\s*日?"
_TIME = r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
_WIDGET = (
    r"分享到|分享|一键分享|打印本页|打印|关闭窗口|关闭|收藏|字号|字体|默认|返回顶部|微信|微博"
    r"|QQ空间|QQ|朋友圈|复制链接|纠错|保存本页|保存|A\+|A-|[大中小]"
)


@dataclass(frozen=True)
class _Rule:
    """Lines matching `pattern` entirely are junk; `keeps` says they may carry metadata."""

    name: str
    pattern: re.Pattern[str]
    keeps: bool = False
    ends_page: bool = False


def _rule(name: str, pattern: str, *, keeps: bool = False, ends_page: bool = False) -> _Rule:
    return _Rule(name, re.compile(pattern, re.IGNORECASE), keeps, ends_page)


_RULES: tuple[_Rule, ...] = (
    _rule("markup comment", r"<!--.*-->"),  # LawRefBook's <!-- INFO END --> marker
    _rule("advert", r"[\[【(]?(?:广告|推广|advertisement)[\]】)]?"),
    _rule("metadata fields", rf"(?:{_DATE}{_TIME}\s*)?(?:{_FIELD_KEYS})\s*:.*", keeps=True),
    _rule("date", rf"{_DATE}{_TIME}", keeps=True),
    _rule(
        "view counter",
        r"\d+|(?:阅读|浏览|点击|访问)(?:量|数|次数)?\s*:?\s*\d+\s*次?|\d+\s*[人次]?(?:阅读|浏览)",
    ),
    _rule(
        "page number", r"[-—–]\s*\d+\s*[-—–]|第\s*\d+\s*页(?:\s*/?\s*共\s*\d+\s*页)?|共\s*\d+\s*页"
    ),
    _rule("widgets", rf"(?:[\s\[\]【】()|:/·•]*(?:{_WIDGET}))+[\s\[\]【】()|:/·•]*"),
    _rule("share", r"(?:扫一扫|微信扫一扫|分享到).*"),
    _rule(
        "navigation",
        r"(?:首页|当前位置|您的位置|您现在的位置)\s*[:>›»].*|(?:上一篇|下一篇|上一条|下一条)\s*:?.*|返回首页",
    ),
    _rule(
        "related",
        r"(?:相关(?:新闻|阅读|链接|文章|稿件)|推荐阅读|延伸阅读|热点推荐)\s*:?",
        ends_page=True,
    ),
    _rule("feedback form", r"请(?:填写?|留下|输入).*", ends_page=True),
    _rule(
        "form controls",
        r"(?:提交|重置|取消|发送)|(?:姓名|电话|手机(?:号码?)?|(?:电子)?邮箱|e-?mail|联系方式|验证码|留言(?:内容)?)\s*[:*]?",
    ),
    _rule("copyright", r"(?:版权所有|copyright|©)(?:[\s:©(].*)?", ends_page=True),
    _rule(
        "site footer",
        r".*(?:ICP备|公网安备|网站标识码|网站识别码).*|(?:主办单位|承办单位|技术支持|网站地图|联系我们|关于我们)(?:\s*:.*)?",
    ),
)


@dataclass(frozen=True)
class _Removed:
    """A line that went, with its 1-based number in the input and the rule that took it."""

    line: int
    rule: str
    text: str


@dataclass(frozen=True)
class Stripped:
    """The lines kept, the metadata found in the junk, and what was removed and why."""

    lines: tuple[str, ...]
    publisher: str | None
    date: str | None
    removed: tuple[_Removed, ...]


def junk_rule(line: str) -> _Rule | None:
    """The first rule that matches the whole line, if any (blank lines are not junk).

    Args:
        line: one line of text.
    """
    stripped = line.strip()
    if not stripped:
        return None
    return next((r for r in _RULES if r.pattern.fullmatch(stripped)), None)


def strip_page_junk(lines: Sequence[str]) -> Stripped:
    """Drop junk lines; keep the publisher and date they name.

    Args:
        lines: the page's lines, in order.

    >>> page = strip_page_junk(["广告", "标题", "来源:生态环境部", "2026-01-29", "132", "正文。"])
    >>> page.lines, page.publisher, page.date
    (('标题', '正文。'), '生态环境部', '2026-01-29')
    """
    kept: list[str] = []
    removed: list[_Removed] = []
    publisher: str | None = None
    date: str | None = None
    for number, line in enumerate(lines, start=1):
        rule = junk_rule(line)
        if rule is None or _signing_date(rule, line, kept):
            kept.append(line)
            continue
        removed.append(_Removed(number, rule.name, line))
        if rule.keeps:
            publisher = publisher or find_publisher(line)
            date = date or find_date(line)
        if rule.ends_page and any("。" in k for k in kept):  # the article has begun
            tail = lines[number:]
            removed += [
                _Removed(number + 1 + i, f"after {rule.name}", t) for i, t in enumerate(tail)
            ]
            break
    return Stripped(tuple(kept), publisher, date, tuple(removed))


def _signing_date(rule: _Rule, line: str, kept: Sequence[str]) -> bool:
    """A 年月日 date once the text has begun is the document's own (under its signatories)."""
    return rule.name == "date" and "年" in line and any("。" in k for k in kept)


def find_publisher(line: str) -> str | None:
    """The value of a source field (来源:生态环境部 -> 生态环境部), without dates or other fields.

    Args:
        line: one line of text.
    """
    fields = list(re.finditer(rf"({_FIELD_KEYS})\s*:", line))
    for here, after in zip(fields, [*fields[1:], None], strict=False):
        if re.fullmatch(_SOURCE_KEYS, here.group(1)):
            value = line[here.end() : after.start() if after else len(line)]
            # 来源:生态环境部 | 2026-01-29 | 阅读 132: the value ends at a separator or a date
            value = re.split(rf"[|丨/·]|{_DATE}", value)[0].strip()
            return value or None
    return None


def find_date(line: str) -> str | None:
    """The first valid calendar date in the line, as ISO YYYY-MM-DD.

    Args:
        line: one line of text.
    """
    for match in re.finditer(_DATE, line):
        try:
            day = datetime.date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            continue
        return day.isoformat()
    return None
