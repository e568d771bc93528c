"""The comparison report in headless Chromium: side by side, changes marked, offline, inert.

The report is built by the real command (`policykg compare --html`) from two law files
written here, whose articles carry markup payloads; the page must show them as text.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from viz_support import XSS_IMG, XSS_SCRIPT, ServerThread, Watched, settings_for

from policykg.api.app import create_app
from policykg.cli import main
from policykg.graph.networkx_store import NetworkXStore
from policykg.pipeline import build_from_files
from policykg.settings import PACKAGE_DATA

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


def test_one_against_many_page_marks_who_takes_up_each_article(
    watched: OpenPage, tmp_path: Path
) -> None:
    national, out = tmp_path / "national.md", tmp_path / "coverage.html"
    national.write_text(OLD, encoding="utf-8")
    local_a, local_b = tmp_path / "local-a.md", tmp_path / "local-b.md"
    local_a.write_text(NEW, encoding="utf-8")
    local_b.write_text(HEAD + f"第一条 {XSS_IMG}本市另行规定其他事项。\n", encoding="utf-8")
    args = ["compare", str(national), str(local_a), str(local_b), "--html", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    watch = watched()
    page = watch.page
    page.goto(out.as_uri())
    rows = page.evaluate(
        """[...document.querySelectorAll('table.coverage tbody tr')].map(r =>
            [...r.querySelectorAll('th, td')].map(c => [c.className, c.innerText]))"""
    )
    assert [r[0][1] for r in rows] == ["第一条", "第二条", "第三条"]
    # 第一条 is taken up word for word by local-a; local-b's only article is its own
    assert rows[0][2][1] == "1" and rows[0][3] == ["same", "第一条"] and rows[0][4][1] == ""
    assert rows[1][3] == ["changed", "第二条"]
    assert rows[2][2][1] == "0"
    text = page.evaluate("document.body.innerText")
    assert XSS_SCRIPT in text  # in 第二条's excerpt, as text
    assert page.evaluate("window.__xss") is None
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    added = page.evaluate(
        "[...document.querySelectorAll('table.documents tbody tr')].map(r => r.innerText)"
    )
    assert len(added) == 2 and added[1].split("\t")[3] == "1"  # local-b adds its one article
    watch.check_clean()


def test_report_served_by_the_api_works_under_its_security_policy(
    watched: OpenPage, tmp_path: Path
) -> None:
    """The same page from GET /api/v1/compare/report over two documents of the graph: the
    server's Content-Security-Policy lets it render, and the payloads stay text."""
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    graph_file = tmp_path / "graph.json"
    NetworkXStore(graph_file).replace(build_from_files([old, new], PACKAGE_DATA / "gazetteers"))
    with ServerThread(create_app(settings_for(graph_file))) as server:
        watch = watched()
        page = watch.page
        response = page.goto(f"{server.url}/api/v1/compare/report?a=doc:old&b=doc:new")
        assert response is not None and response.status == 200
        assert "default-src 'none'" in response.headers["content-security-policy"]
        statuses = page.evaluate("[...document.querySelectorAll('tbody tr')].map(r => r.className)")
        assert statuses == ["same", "changed", "removed", "added"]
        inserted = page.evaluate(
            "[...document.querySelectorAll('tr.changed td.b ins')].map(e => e.innerText).join('')"
        )
        assert "集中" in inserted
        # the stylesheet applies: a removed article's cell is tinted
        tint = page.evaluate(
            "getComputedStyle(document.querySelector('tr.removed td.a')).backgroundColor"
        )
        assert tint not in ("rgba(0, 0, 0, 0)", "transparent")
        assert XSS_SCRIPT in page.evaluate("document.body.innerText")
        assert page.evaluate("window.__xss") is None
        watch.check_clean()


# 水污染防治法 (2017) 第十二条 and 第十四条 (as 第一条 and 第二条), and 浙江省水污染防治条例 第十二条,
# which merges both: it pairs with the second, and also takes up the first
NATIONAL = HEAD + (
    "第一条 国务院环境保护主管部门制定国家水环境质量标准。\n\n"
    "省、自治区、直辖市人民政府可以对国家水环境质量标准中未作规定的项目，制定地方标准，"
    "并报国务院环境保护主管部门备案。\n\n"
    "第二条 国务院环境保护主管部门根据国家水环境质量标准和国家经济、技术条件，制定国家水污染物排放标准。\n\n"
    "省、自治区、直辖市人民政府对国家水污染物排放标准中未作规定的项目，可以制定地方水污染物排放标准；"
    "对国家水污染物排放标准中已作规定的项目，可以制定严于国家水污染物排放标准的地方水污染物排放标准。"
    f"地方水污染物排放标准须报{XSS_SCRIPT}国务院环境保护主管部门备案。\n"
)
LOCAL = HEAD + (
    "第一条 省人民政府可以根据水环境保护的需要，对国家水环境质量标准和国家水污染物排放标准中未作规定的"
    "项目，制定地方标准；对国家水污染物排放标准中已作规定的项目，可以制定严于国家标准的地方标准。\n"
)


def test_many_to_one_readings_are_named_beside_the_labels(
    watched: OpenPage, tmp_path: Path
) -> None:
    national, local, out = tmp_path / "national.md", tmp_path / "local.md", tmp_path / "r.html"
    national.write_text(NATIONAL, encoding="utf-8")
    local.write_text(LOCAL, encoding="utf-8")
    result = CliRunner().invoke(main, ["compare", str(national), str(local), "--html", str(out)])
    assert result.exit_code == 0, result.output
    watch = watched()
    page = watch.page
    page.goto(out.as_uri())
    rows = page.evaluate(
        """[...document.querySelectorAll('tbody tr')].map(r => [r.className,
            [...r.querySelectorAll('td.label')].map(td => td.innerText)])"""
    )
    # the merged article pairs with 第二条; 第一条 keeps its removed row and is named as also
    assert rows[0][0] == "changed" and rows[0][1][0].startswith("第二条")
    assert "also 第一条" in rows[0][1][0] and "also" not in rows[0][1][1]
    assert [rows[1][0], rows[1][1][0].split("\n")[0]] == ["removed", "第一条"]
    assert page.evaluate("window.__xss") is None
    watch.check_clean()
