"""The comparison report in headless Chromium: side by side, changes marked, offline, inert.

The report is built by the real command (`policykg compare --html`) from two law files
written here, whose articles carry markup payloads; the page must show them as text.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from viz_support import XSS_IMG, XSS_SCRIPT, Watched

from policykg.cli import main

pytestmark = pytest.mark.browser
OpenPage = Callable[..., Watched]

HEAD = "# 测试条例\n\n2026年1月1日 通过\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n"
OLD = HEAD + (
    "第一条 为了加强长江河道采砂管理，制定本条例。\n\n"
    f"第二条 采砂船舶应当停放在{XSS_SCRIPT}指定的地点。\n\n"
    "第三条 从事长江采砂活动的单位和个人应当缴纳长江河道砂石资源费。\n"
)
NEW = HEAD + (
    "第一条 为了加强长江河道采砂管理，制定本条例。\n\n"
    f"第二条 采砂船舶应当集中停放在{XSS_SCRIPT}指定的地点，并负责管护。\n\n"
    f"第三条 禁止运输、销售{XSS_IMG}未经许可开采的黄河砂石。\n"
)


@pytest.fixture
def report(tmp_path: Path) -> Path:
    old, new, out = tmp_path / "old.md", tmp_path / "new.md", tmp_path / "report.html"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    result = CliRunner().invoke(main, ["compare", str(old), str(new), "--html", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_report_shows_documents_side_by_side_with_changes(watched: OpenPage, report: Path) -> None:
    watch = watched()
    page = watch.page
    page.goto(report.as_uri())
    rows = page.evaluate(
        """[...document.querySelectorAll('tbody tr')].map(r => ({
            status: r.className,
            a: r.querySelector('td.a').innerText, b: r.querySelector('td.b').innerText,
            del: [...r.querySelectorAll('td.a del')].map(e => e.innerText),
            ins: [...r.querySelectorAll('td.b ins')].map(e => e.innerText)}))"""
    )
    assert [r["status"] for r in rows] == ["same", "changed", "removed", "added"]
    changed = rows[1]
    assert changed["ins"] and "集中" in "".join(changed["ins"]) and "负责管护" in changed["b"]
    assert rows[2]["b"] == "" and "资源费" in rows[2]["a"]
    assert rows[3]["a"] == "" and "黄河砂石" in rows[3]["b"]
    # side by side: both documents' cells of one row share a line on screen
    boxes = page.evaluate(
        """[...document.querySelector('tr.changed').querySelectorAll('td')]
            .map(td => td.getBoundingClientRect().top)"""
    )
    assert len(set(boxes)) == 1
    watch.check_clean()


def test_markup_in_articles_shows_literally(watched: OpenPage, report: Path) -> None:
    watch = watched()
    page = watch.page
    page.goto(report.as_uri())
    text = page.evaluate("document.body.innerText")
    assert XSS_SCRIPT in text and XSS_IMG in text
    assert page.evaluate("window.__xss") is None
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("document.scripts.length") == 0
    watch.check_clean()


def test_hide_unchanged_rows(watched: OpenPage, report: Path) -> None:
    watch = watched()
    page = watch.page
    page.goto(report.as_uri())

    def visible() -> list[str]:
        return list(
            page.evaluate(
                "[...document.querySelectorAll('tbody tr')]"
                ".filter(r => r.offsetParent !== null).map(r => r.className)"
            )
        )

    assert "same" in visible()
    page.click("#only-changes")
    assert visible() == ["changed", "removed", "added"]
    watch.check_clean()
