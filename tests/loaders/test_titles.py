"""A document's own title is one Instrument (loaders/titles.py), on texts that are not the
dev documents the gold scores: a local regulation of data/corpus/laws, a notice and a headline."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.graph.model import NodeType
from policykg.loaders.extract import Extractor
from policykg.loaders.gazetteer import load_gazetteers
from policykg.loaders.mentions import document_mentions
from policykg.loaders.structure import parse_document


@pytest.fixture(scope="module")
def extractor(gazetteer_dir: Path) -> Extractor:
    return Extractor(load_gazetteers(gazetteer_dir))


def mentions(extractor: Extractor, text: str) -> list[tuple[str, str]]:
    doc = parse_document(text, slug="t")
    return [(m.found.type.value, m.found.surface) for m in document_mentions(doc, extractor)]


def test_a_regulations_title_is_one_instrument_with_its_places_inside(
    extractor: Extractor,
) -> None:
    # the first lines of 浙江省曹娥江流域水环境保护条例 (2020), data/corpus/laws/DLC/浙江
    text = (
        "# 浙江省曹娥江流域水环境保护条例\n\n第一条 为了保护和改善曹娥江流域水环境，制定本条例。\n"
    )
    found = mentions(extractor, text)
    assert found[0] == ("Instrument", "浙江省曹娥江流域水环境保护条例")
    assert ("Region", "浙江省") in found[1:3]


def test_a_covering_notice_names_the_plan_it_issues(extractor: Extractor) -> None:
    text = (
        "某市人民政府办公室\n关于印发某市大气污染防治\n2025行动计划的通知\n\n"
        "各县人民政府:\n现将计划印发给你们，请认真贯彻执行。\n"
    )
    doc = parse_document(text, slug="n")
    titles = [
        m.found
        for m in document_mentions(doc, extractor)
        if m.found.type is NodeType.INSTRUMENT and m.found.new_entity is not None
    ]
    assert [f.surface for f in titles] == ["某市大气污染防治\n2025行动计划"]
    assert titles[0].new_entity is not None
    assert titles[0].new_entity.name == "某市大气污染防治2025行动计划"


def test_a_headline_is_no_instrument(extractor: Extractor) -> None:
    text = "划重点!七项工作任务\n\n一、推进减污降碳。\n加强大气污染防治。推进黄河治理。\n"
    assert all(kind != "Instrument" for kind, _ in mentions(extractor, text))
