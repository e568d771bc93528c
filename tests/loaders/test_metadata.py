"""Document metadata from the text, overridden by header lines and sidecar files."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from policykg.errors import DocumentError
from policykg.graph.assemble import document_date
from policykg.graph.model import NodeType, Rel
from policykg.loaders.build import document_graph
from policykg.loaders.metadata import document_metadata, kind_of
from policykg.loaders.read import read_document
from policykg.loaders.structure import parse_document
from policykg.pipeline import gazetteer_and_extractor

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "data" / "corpus" / "dev"
LAWS = ROOT / "data" / "corpus" / "laws"
# LawRefBook names each file after the version it holds: 大气污染防治法(2018-10-26).md
NAMED_VERSION = re.compile(r"\((\d{4})-\d{2}-\d{2}\)$")
GAZETTEER, EXTRACTOR = gazetteer_and_extractor(ROOT / "data" / "gazetteers")


def from_text(name: str) -> dict[str, object]:
    """Metadata read from the document's text alone (its header lines set aside)."""
    doc = dataclasses.replace(read_document(next(DEV.glob(f"{name}*"))), header={})
    return document_metadata(doc, EXTRACTOR).as_dict()


def test_a_law_names_its_congress_its_dates_and_its_kind() -> None:
    meta = from_text("01-")
    assert meta["title"] == "中华人民共和国青藏高原生态保护法"
    assert meta["issuers"] == ["全国人民代表大会常务委员会"]
    assert meta["dates"] == {
        "adopted": "2023-04-26",
        "version": None,
        "promulgated": None,
        "in_force": "2023-09-01",  # 本法自2023年9月1日起施行
        "signed": None,
    }
    assert (meta["level"], meta["kind"], meta["script"]) == ("national", "law", "Simplified")


def _law(name: str) -> tuple[dict[str, str], str | None]:
    """A law file's dates and the document date its Document node gets."""
    doc = read_document(next(LAWS.rglob(name)))
    nodes, _ = document_graph(doc, GAZETTEER, EXTRACTOR)
    return dict(document_metadata(doc, EXTRACTOR).dates), document_date(nodes[0].props)


@pytest.mark.parametrize(
    ("name", "adopted", "date"),
    [
        # adopted 1987, revised twice, amended (修正) last on 2018-10-26
        ("大气污染防治法(2018-10-26).md", "1987-09-05", "2018-10-26"),
        # adopted 2004, adopted again in 2019 and 2022: each a new version
        ("北京市实施《水法》办法(2022-11-25).md", "2004-05-27", "2022-11-25"),
        # a city's regulation is in force once its province approves (批准) it
        ("德州市扬尘污染防治条例(2019-02-13).md", "2018-12-27", "2019-02-12"),
        # the amendment line names the city's meeting and, later, the province's approval
        ("东营市湿地保护条例(2020-10-10).md", "2018-10-26", "2020-09-25"),
        # one adoption line and nothing after it: the adoption is the version
        ("山东省水土保持条例(2017-09-30).md", "2014-05-30", "2014-05-30"),
    ],
)
def test_a_revised_law_is_dated_by_its_latest_version(name: str, adopted: str, date: str) -> None:
    dates, document = _law(name)
    assert dates["adopted"] == adopted
    assert document == date


def test_a_law_that_states_no_date_is_dated_by_its_file_name(tmp_path: Path) -> None:
    path = tmp_path / "某某条例(2019-03-02).md"
    path.write_text("# 某某条例\n\n第一条 为了保护环境，制定本条例。\n", encoding="utf-8")
    doc = read_document(path)
    assert dict(document_metadata(doc, EXTRACTOR).dates) == {"version": "2019-03-02"}


def test_law_years_mostly_agree_with_the_version_their_file_names() -> None:
    """An independent check: the year of the date read from each law's header against the
    year in its file name. They differ where a header omits the last amendment (上海市环境保护条例
    (2021-11-25) lists none after 2018), where a city promulgates in January what its province
    approved in December, or where the file name itself is off; 239 of 292 agree."""
    named = [(p, NAMED_VERSION.search(p.stem)) for p in sorted(LAWS.rglob("*.md"))]
    agree = 0
    for path, match in named:
        if match is None:
            continue
        doc = read_document(path)
        dates = document_metadata(doc, EXTRACTOR).dates
        date = document_date({"date": doc.date, **{f"date_{k}": v for k, v in dates.items()}})
        agree += date is not None and date[:4] == match.group(1)
    assert sum(m is not None for _, m in named) == 292
    assert agree >= 239


def test_a_local_regulation_is_provincial() -> None:
    meta = from_text("17-")
    assert meta["issuers"] == ["北京市人民代表大会常务委员会"]
    assert (meta["level"], meta["kind"]) == ("provincial", "regulation")


def test_a_notice_names_its_number_signatories_and_signing_date() -> None:
    meta = from_text("14-")
    assert meta["title"].startswith("关于印发《长三角地区")
    assert meta["issuers"] == ["生态环境部"]
    assert {"工业和信息化部", "公安部", "财政部", "交通运输部", "商务部"} <= set(meta["co_signers"])
    assert meta["dates"]["signed"] == "2020-10-30"
    assert (meta["level"], meta["kind"]) == ("national", "notice")


def test_a_county_notice_over_three_title_lines() -> None:
    meta = from_text("16-")
    assert (
        meta["title"]
        == "孝义市人民政府办公室关于印发孝义市深入打好污染防治攻坚战2025行动计划的通知"
    )
    assert meta["doc_number"] == "孝政办发〔2025〕3号"
    assert (meta["issuers"], meta["level"]) == (["孝义市人民政府办公室"], "county")


def test_a_traditional_notice_keeps_its_number_and_script() -> None:
    meta = from_text("13-")
    assert meta["doc_number"] == "鄂環發〔2022〕33號"
    assert meta["script"] == "Traditional" and meta["dates"]["signed"] == "2022-12-05"
    assert len(meta["co_signers"]) == 6


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("最高人民法院关于审理生态环境损害赔偿案件的若干规定(试行)", "judicial interpretation"),
        ("碳排放权交易管理暂行条例", "regulation"),
        ("“无废城市”建设试点工作方案", "plan"),
        ("河南省人民代表大会常务委员会关于进一步加强水污染防治工作的决议", "decision"),
        ("2026年重点工作任务", "key-task list"),
    ],
)
def test_kind_from_title_words(title: str, kind: str) -> None:
    assert kind_of(title) == kind


def test_header_lines_override_the_text() -> None:
    doc = read_document(next(DEV.glob("02-*")))  # the text names no issuer; the header does
    meta = document_metadata(doc, EXTRACTOR).as_dict()
    assert meta["issuers"] == ["国务院"] and meta["level"] == "national"
    assert meta["dates"]["promulgated"] == "2024-01-25"


@pytest.mark.parametrize("suffix", [".meta.json", ".meta.yaml"])
def test_a_sidecar_overrides_and_reaches_the_document_node(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / "notice.txt"
    path.write_text(
        "关于做好某项工作的通知\n各单位:\n1.推进黄河治理。\n2.加强监管。", encoding="utf-8"
    )
    fields = {
        "issuers": ["生态环境部"],
        "co_signers": ["水利部"],
        "dates": {"signed": "2024-05-01"},
    }
    text = json.dumps(fields, ensure_ascii=False)  # JSON is YAML too
    path.with_name("notice" + suffix).write_text(text, encoding="utf-8")
    doc = read_document(path)
    nodes, edges = document_graph(doc, GAZETTEER, EXTRACTOR)
    document = next(n for n in nodes if n.type is NodeType.DOCUMENT)
    assert document.get("issuers") == ["生态环境部"] and document.get("level") == "national"
    assert document.get("date_signed") == "2024-05-01" and document.get("kind") == "notice"
    issued = {(e.target, e.props["role"]) for e in edges if e.type is Rel.ISSUED_BY}
    assert issued == {("agency:生态环境部", "issuer"), ("agency:水利部", "co_signer")}


def test_a_broken_sidecar_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_text("标题\n一、主题\n加强治理。推进A。", encoding="utf-8")
    path.with_name("notice.meta.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(DocumentError, match="unreadable metadata"):
        read_document(path)


def test_mentions_outside_tasks_hang_on_their_area_theme_or_document() -> None:
    text = "生态环境部关于黄河的通知\n一、长江保护\n深入打好碧水保卫战。推进太湖治理。"
    _, edges = document_graph(parse_document(text, slug="x"), GAZETTEER, EXTRACTOR)
    outside = {(e.source, e.props["surface"]) for e in edges if e.type is Rel.MENTIONS}
    assert ("doc:x", "黄河") in outside  # in the title
    assert ("theme:x:1", "长江") in outside  # in the theme heading
    assert ("area:x:1.1", "碧水保卫战") in outside  # in the focus-area heading
    in_tasks = {e.props["surface"] for e in edges if e.source.startswith("task:")}
    assert "太湖" in in_tasks and "黄河" not in in_tasks
