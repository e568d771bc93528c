"""The extractor: gazetteer and pattern names together, overlaps, and names inside names.

Sentences are made up or come from other policy texts, not from the gold document, so each test
shows a rule of data/gold/GUIDELINES.md at work beyond the sentence that prompted it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.loaders.extract import MAX_UNIT_CHARS, Extractor, UnitTooLong
from policykg.loaders.gazetteer import load_gazetteers
from policykg.loaders.normalize import normalize
from policykg.loaders.patterns import ASCII_STOPS


@pytest.fixture(scope="module")
def extractor(gazetteer_dir: Path) -> Extractor:
    return Extractor(load_gazetteers(gazetteer_dir))


def mentions(extractor: Extractor, text: str) -> list[tuple[str, str]]:
    found = extractor.extract(text)
    for f in found:
        assert text[f.start : f.end] == f.surface
    return [(f.type.value, f.surface) for f in found]


def test_a_leading_region_is_its_own_mention(extractor: Extractor) -> None:
    assert mentions(extractor, "持续开展汾渭平原大气污染防治攻坚行动。") == [
        ("Region", "汾渭平原"),
        ("Program", "大气污染防治攻坚行动"),
    ]


def test_a_descriptive_name_holds_regions_and_pollutants(extractor: Extractor) -> None:
    assert mentions(extractor, "制定全面加强长江流域危险废物监管行动方案。") == [
        ("Instrument", "全面加强长江流域危险废物监管行动方案"),
        ("Region", "长江流域"),
        ("Pollutant", "危险废物"),
    ]


def test_names_do_not_nest_in_names(extractor: Extractor) -> None:
    """Decision 2: a Program inside a pattern-made Program is not a mention of its own."""
    assert mentions(extractor, "开展国家公园生态保护成效评估试点。") == [
        ("Program", "国家公园生态保护成效评估试点")
    ]
    assert mentions(extractor, "实施美丽城市、美丽河湖建设提升工程。") == [
        ("Program", "美丽城市"),
        ("Program", "美丽河湖建设提升工程"),
    ]


def test_a_pollutant_named_after_its_source_holds_the_sector(extractor: Extractor) -> None:
    """Decision 6: 餐饮油烟 is also a mention of the sector 餐饮."""
    assert mentions(extractor, "整治餐饮油烟扰民问题。") == [
        ("Pollutant", "餐饮油烟"),
        ("Sector", "餐饮"),
    ]


def test_a_product_that_became_waste_is_no_sector_mention(extractor: Extractor) -> None:
    """The sector comes first in a pollutant named after its source; 铅酸蓄电池 and 汽车 at the
    end of 废铅酸蓄电池 and 报废汽车 (广东省固体废物污染环境防治条例 第四十一条, 鹤壁市循环经济生态城市
    建设条例 第十七条) are what became waste, while the products themselves are sectors."""
    assert mentions(extractor, "废铅酸蓄电池、废矿物油等其他危险废物应当回收利用。") == [
        ("Pollutant", "废铅酸蓄电池"),
        ("Pollutant", "危险废物"),
    ]
    assert mentions(extractor, "将报废汽车重新拼装出售的。") == [("Pollutant", "报废汽车")]
    assert mentions(extractor, "以铅酸蓄电池、汽车为重点。") == [
        ("Sector", "铅酸蓄电池"),
        ("Sector", "汽车"),
    ]


def test_proper_names_stay_opaque(extractor: Extractor) -> None:
    assert mentions(extractor, "发挥昆明生物多样性基金作用。") == [
        ("Program", "昆明生物多样性基金")
    ]


def test_a_name_inside_the_names_own_shorter_alias_is_found(extractor: Extractor) -> None:
    """碳排放 lies inside 碳排放权交易市场, an alias of the market that the matcher sees first."""
    assert mentions(extractor, "完善全国碳排放权交易市场。") == [
        ("Instrument", "全国碳排放权交易市场"),
        ("Pollutant", "碳排放"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("推进入河入海排污口规范化建设。", ("Sector", "入河入海排污口")),
        ("规范排污口设置。", ("Sector", "排污口")),
        ("加强污染地块再开发利用监管。", ("Sector", "污染地块")),
        ("实施化工腾退地块风险管控。", ("Sector", "化工腾退地块")),
        ("加强黑土地保护。", ("Sector", "黑土地")),
        ("严禁秸秆焚烧。", ("Sector", "秸秆焚烧")),
        ("推动碳捕集利用与封存示范。", ("Sector", "碳捕集利用与封存")),
        ("加强放射性污染防治。", ("Pollutant", "放射性污染")),
        ("防止废物非法越境转移。", ("Pollutant", "废物")),
        ("推动污水资源化利用。", ("Pollutant", "污水")),
        ("推进“新三样”退役装备回收利用。", ("Pollutant", "“新三样”退役装备")),
        ("强化生态保护红线监管。", ("Instrument", "生态保护红线")),
    ],
)
def test_cited_gazetteer_rows_are_found(
    extractor: Extractor, text: str, expected: tuple[str, str]
) -> None:
    assert mentions(extractor, text) == [expected]


def test_events_and_building_are_not_names(extractor: Extractor) -> None:
    """Decision 12: days and dialogues are events; Decision 2: 建设 is not part of 美丽中国."""
    assert mentions(extractor, "举办六五环境日主场活动和中欧环境与气候高层对话。") == []
    assert mentions(extractor, "推进美丽中国建设。") == [("Program", "美丽中国")]


def test_markup_in_a_sentence_never_joins_a_mention(extractor: Extractor) -> None:
    text = "实施<script>alert(1)</script>北京市大气污染治理方案。"
    assert mentions(extractor, text) == [
        ("Region", "北京市"),
        ("Instrument", "大气污染治理方案"),
    ]
    for found in extractor.extract(
        '制定"><img src=x onerror=alert(1)>管理办法和“<b>绿盾</b>”行动。'
    ):
        assert not set(found.surface) & ASCII_STOPS, found


# -- size and roles --------------------------------------------------------------------------------


def test_a_unit_above_the_size_limit_is_refused_with_its_length(extractor: Extractor) -> None:
    text = "甲" * (MAX_UNIT_CHARS + 1)
    with pytest.raises(UnitTooLong, match=f"{MAX_UNIT_CHARS + 1:,} characters"):
        extractor.extract(text)


def test_lead_and_supporting_agencies_by_their_notes(extractor: Extractor) -> None:
    # data/corpus/dev/04-state-council-office-zero-waste-city-pilot-plan-2018.txt, line 33
    text = normalize(
        "加强工作指导。（生态环境部牵头，国家发展改革委、工业和信息化部、住房城乡建设部参与）"
    )
    roles = [(f.surface, f.role) for f in extractor.extract(text)]
    assert roles == [
        ("生态环境部", "lead"),
        ("国家发展改革委", "support"),
        ("工业和信息化部", "support"),
        ("住房城乡建设部", "support"),
    ]


def test_beautiful_and_a_place_is_that_places_programme(extractor: Extractor) -> None:
    """美丽河南 (河南省人大常委会决议 2018), 美丽湖北 (湖北 plan 2022): proper names, as 美丽中国."""
    assert mentions(extractor, "美丽河南目标基本实现。") == [("Program", "美丽河南")]
    assert mentions(extractor, "建设人与自然和谐共生的美丽湖北。") == [("Program", "美丽湖北")]


def test_the_source_of_rivers_is_no_city(extractor: Extractor) -> None:
    """江河源头 (长江保护法, 青藏高原生态保护法) holds 河源, a city of 广东, but never names it."""
    assert mentions(extractor, "加强江河源头保护。") == []
    assert ("Region", "河源") in mentions(extractor, "河源、梅州等市")


def test_the_laws_on_a_subject_are_no_citation_of_one_law(extractor: Extractor) -> None:
    """环境保护法律法规 (广东省环境保护条例, 52 times in the laws) holds 环境保护法 but cites no law."""
    assert mentions(extractor, "严格执行生态环境保护法律法规。") == []
    assert mentions(extractor, "依照环境保护法的规定。") == [("Instrument", "环境保护法")]
