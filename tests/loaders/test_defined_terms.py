"""Places a document defines for itself (loaders/defined_terms.py), on law texts of data/corpus/laws.

Neither text is one the dev gold scores: the rule is shown on a 浙江 regulation (a basin defined by
its counties) and on a definition that names no place (湿地), which must give nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.graph.model import NodeType
from policykg.loaders.defined_terms import defined_regions
from policykg.loaders.extract import Extractor
from policykg.loaders.gazetteer import load_gazetteers
from policykg.loaders.mentions import document_mentions
from policykg.loaders.structure import parse_document

# 浙江省曹娥江流域水环境保护条例 (2020), articles 2 and 5, abridged to what the rule reads.
CAOEJIANG = (
    "第二条 本条例所称曹娥江流域，是指曹娥江干流和支流汇集、流经的新昌县、嵊州市、上虞区、"
    "柯桥区和越城区范围内的区域。\n"
    "第五条 曹娥江流域县级以上人民政府应当加强曹娥江流域水环境保护工作的领导。\n"
)
# A definition of a class of places, from the wetland regulations of data/corpus/laws.
WETLAND = (
    "第三条 本条例所称湿地，是指具有显著生态功能的自然或者人工的、常年或者季节性积水地带、"
    "水域，包括低潮时水深不超过六米的海域。\n第四条 湿地保护应当坚持保护优先。\n"
)


@pytest.fixture(scope="module")
def extractor(gazetteer_dir: Path) -> Extractor:
    return Extractor(load_gazetteers(gazetteer_dir))


def test_a_place_defined_by_its_members_is_a_region(extractor: Extractor) -> None:
    terms = defined_regions(CAOEJIANG, extractor, place="浙江省")
    assert set(terms) >= {"曹娥江流域"}
    node = terms["曹娥江流域"]
    assert node.type is NodeType.REGION
    assert node.name == "浙江省曹娥江流域"  # the term names no gazetteer place of its own


def test_every_use_of_the_defined_place_is_a_mention(extractor: Extractor) -> None:
    doc = parse_document(CAOEJIANG, slug="caoejiang")
    found = [
        m.found
        for m in document_mentions(doc, extractor, place="浙江省")
        if m.found.surface == "曹娥江流域"
    ]
    assert len(found) == 3  # the definition and both uses in article 5
    assert all(f.type is NodeType.REGION and f.new_entity is not None for f in found)
    assert all(doc.text[f.start : f.end] == "曹娥江流域" for f in found)


def test_a_class_of_places_is_not_a_place(extractor: Extractor) -> None:
    assert defined_regions(WETLAND, extractor, place="浙江省") == {}


def test_a_term_the_gazetteer_knows_is_left_to_it(extractor: Extractor) -> None:
    text = "本法所称青藏高原，是指西藏自治区、青海省的全部行政区域。"
    assert defined_regions(text, extractor) == {}
