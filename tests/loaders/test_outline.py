"""The printed outline: units of every dev layout against the hand-written gold (data/gold/dev)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policykg.loaders.normalize import normalize
from policykg.loaders.outline import parse_outline
from policykg.loaders.read import read_document
from policykg.loaders.structure import ParsedDocument, parse_document

ROOT = Path(__file__).resolve().parents[2]
GOLD = sorted((ROOT / "data" / "gold" / "dev").glob("*.gold.json"))


def units_of(doc: ParsedDocument) -> set[tuple[str, int, int]]:
    return {(u.kind, *doc.original_span(u.start, u.end)) for u in doc.units}


@pytest.mark.parametrize("gold_path", GOLD, ids=[p.name[:2] for p in GOLD])
def test_outline_units_match_the_gold(gold_path: Path) -> None:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    doc = read_document(ROOT / gold["source"])
    expected = {(u["kind"], u["start"], u["end"]) for u in gold["units"]}
    found = units_of(doc)
    hits = len(found & expected)
    # held below the measured scores (README: outline precision/recall per document)
    assert hits / len(found) >= 0.94 and hits / len(expected) >= 0.96


def test_unit_spans_slice_the_original_and_nest() -> None:
    for gold_path in GOLD:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        doc = read_document(ROOT / gold["source"])
        for unit in doc.units:
            start, end = doc.original_span(unit.start, unit.end)
            # the original says what the normalised text says, in its own characters
            assert normalize(doc.original[start:end]) == doc.text[unit.start : unit.end]
            assert doc.original[start:end].strip() == doc.original[start:end]
            if unit.parent is not None:
                parent = doc.units[unit.parent]
                assert parent.start <= unit.start and unit.end <= parent.end
                assert (parent.start, parent.end) != (unit.start, unit.end)


def test_law_units_nest_chapters_articles_clauses_and_items() -> None:
    text = "# 某法\n\n## 第一章 总 则\n\n第一条 甲。\n\n第二条 乙:\n\n(一)丙;\n\n(二)丁。\n\n戊。"
    outline = parse_outline(text)
    got = [(u.kind, u.label, text[u.start : u.end], u.parent) for u in outline.units]
    assert got == [
        ("title", "", "某法", None),
        ("chapter", "第一章", text[text.index("第一章") :], None),
        ("article", "第一条", "第一条 甲。", 1),
        ("article", "第二条", text[text.index("第二条") :], 1),
        ("clause", "", text[text.index("乙") : text.index("丁。") + 2], 3),
        ("item", "(一)", "(一)丙;", 4),
        ("item", "(二)", "(二)丁。", 4),
        ("clause", "", "戊。", 3),
    ]
    assert outline.layout == "law"


def test_a_notice_wrapper_is_read_in_printed_order() -> None:
    text = (
        "某某市人民政府办公室\n关于印发某某行动计划\n的通知\n某政办发〔2025〕3号\n"
        "各乡镇人民政府,市直各有关单位:\n现将《某某行动计划》印发给你们,请认真贯彻执行。\n"
        "某某市人民政府办公室\n2025年5月20日\n(此件公开发布)\n某某行动计划\n"
        "为推进工作,制定本计划。\n一、加强领导。各单位要落实责任。"
    )
    kinds = [u.kind for u in parse_outline(text).units]
    assert kinds == [
        *("title", "doc_number", "addressee", "paragraph", "signatory", "date", "paragraph"),
        *("title", "preamble", "item", "heading", "sentence"),
    ]


def test_enumerations_hold_the_sentences_up_to_the_next_one() -> None:
    text = "标题\n一、主题\n加强统筹。一是推进甲工作;二是推进乙工作。另外推进丙。三要做好丁。"
    units = parse_outline(text).units
    got = [(u.kind, u.label, text[u.start : u.end]) for u in units if u.kind != "sentence"]
    assert got[-3:] == [
        ("enumeration", "一是", "一是推进甲工作;"),
        ("enumeration", "二是", "二是推进乙工作。另外推进丙。"),
        ("enumeration", "三要", "三要做好丁。"),
    ]
    second = next(i for i, u in enumerate(units) if u.label == "二是")
    assert [text[u.start : u.end] for u in units if u.parent == second] == [
        "二是推进乙工作。",
        "另外推进丙。",
    ]


def test_a_bullet_digest_builds_with_one_task_per_bullet() -> None:
    text = "本周要点\n🔹 推进黄河流域生态保护。\n• 开展长江入河排污口整治。\n■ 加强秸秆焚烧管控。"
    doc = parse_document(text, slug="digest")
    assert [u.kind for u in doc.units] == ["title", "bullet", "bullet", "bullet"]
    assert [t.text for t in doc.tasks] == [
        "推进黄河流域生态保护。",
        "开展长江入河排污口整治。",
        "加强秸秆焚烧管控。",
    ]
    assert doc.warnings == ()


def test_an_item_whose_body_goes_on_in_heading_first_paragraphs() -> None:
    """04 (国办发〔2018〕128号) 二、（三）: the item's own line is its heading and its first
    paragraph; every paragraph opens with its heading, however long (46 characters here)."""
    text = normalize(
        "标题\n一、主要任务\n"
        "（三）推行农业绿色生产，促进主要农业废弃物全量利用。以规模养殖场为重点，以建立种养循环发展"
        "机制为核心，逐步实现畜禽粪污就近就地综合利用。在肉牛、羊和家禽等养殖场鼓励采用固体粪便堆肥。\n"
        "以收集、利用等环节为重点，坚持因地制宜、农用优先、就地就近原则，推动区域农作物秸秆全量利用。"
        "以秸秆就地还田。\n"
    )
    units = parse_outline(text).units
    item = next(i for i, u in enumerate(units) if u.label == "(三)")
    shape = [
        (u.kind, text[u.start : u.end][:8], units[u.parent].kind if u.parent is not None else None)
        for u in units[item + 1 :]
    ]
    assert shape == [
        ("heading", "推行农业绿色生产", "item"),
        ("paragraph", "以规模养殖场为重", "item"),
        ("heading", "以规模养殖场为重", "paragraph"),
        ("sentence", "在肉牛、羊和家禽", "paragraph"),
        ("paragraph", "以收集、利用等环", "item"),
        ("heading", "以收集、利用等环", "paragraph"),
        ("sentence", "以秸秆就地还田。", "paragraph"),
    ]
