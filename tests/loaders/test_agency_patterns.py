"""Agencies named by level, portfolio and head, shown on real texts that are not the 2026 article.

Excerpts are copied from ../shared/corpus (laws: LawRefBook snapshot; dev: data/corpus/dev), each
with its file and line; the expected surfaces follow data/gold/dev/README.md, A1.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.loaders.agency_patterns import ends_inside_head, find_agencies
from policykg.loaders.extract import Extractor
from policykg.loaders.gazetteer import load_gazetteers
from policykg.loaders.normalize import normalize


@pytest.fixture(scope="module")
def extractor(gazetteer_dir: Path) -> Extractor:
    return Extractor(load_gazetteers(gazetteer_dir))


def agencies(extractor: Extractor, text: str) -> list[str]:
    text = normalize(text)
    return [f.surface for f in extractor.extract(text) if f.type.value == "Agency"]


def test_a_level_a_portfolio_and_a_head_are_one_agency(extractor: Extractor) -> None:
    # 行政法/大气污染防治法(2018-10-26).md:91
    text = "县级以上地方人民政府生态环境主管部门负责组织建设"
    assert agencies(extractor, text) == ["县级以上地方人民政府生态环境主管部门"]


def test_coordinated_portfolios_are_one_agency_each(extractor: Extractor) -> None:
    # data/corpus/dev/17-beijing-ecological-conservation-area-regulation-2021.txt:56
    assert agencies(extractor, "市生态环境、水务、农业农村、园林绿化等部门") == [
        "市生态环境",
        "水务",
        "农业农村",
        "园林绿化",
    ]
    # data/corpus/dev/01-qinghai-tibet-plateau-ecological-protection-law-2023.txt:114
    assert agencies(extractor, "国务院林业草原、农业农村主管部门会同国务") == [
        "国务院林业草原",
        "农业农村主管部门",
    ]


def test_coordinated_levels_share_the_government(extractor: Extractor) -> None:
    # data/corpus/dev/17-beijing-ecological-conservation-area-regulation-2021.txt:32
    assert agencies(extractor, "市、有关区人民政府应当加强对生态涵养区") == ["市", "有关区人民政府"]
    names = {a.name for a in find_agencies("市、有关区人民政府")}
    assert names == {"市人民政府", "有关区人民政府"}


def test_courts_need_no_level(extractor: Extractor) -> None:
    # 行政法/环境保护法(2014-04-24).md:223
    assert agencies(extractor, "列条件的社会组织可以向人民法院提起诉讼") == ["人民法院"]


def test_a_place_written_into_the_name_is_part_of_it(extractor: Extractor) -> None:
    # DLC/北京地方法规/地方性法规/北京/北京市环境噪声污染防治办法.md:3
    assert agencies(extractor, "1月17日 北京市人民政府第56次常务") == ["北京市人民政府"]


def test_a_head_without_what_it_needs_names_nothing(extractor: Extractor) -> None:
    # 行政法/环境保护法(2014-04-24).md:53
    assert agencies(extractor, "有关部门,根据国民经济和") == []
    assert find_agencies("其他部门") == []


def test_party_committees_congresses_and_their_standing_committees(extractor: Extractor) -> None:
    # data/corpus/dev/16-xiaoyi-…-notice-partial.txt (the notice body); 河南省人大常委会关于进一步
    # 加强水污染防治工作的决议 (laws, DLC/河南); 青藏高原生态保护法 第九条 and 21 other laws
    assert agencies(extractor, "省委、省政府及吕梁市委、市政府") == [
        "省委",
        "省政府",
        "吕梁市委",
        "市政府",
    ]
    assert agencies(extractor, "各级人大常委会要把水污染防治") == ["各级人大常委会"]
    assert agencies(extractor, "各级人大及其常委会要把生态文明建设") == ["各级人大", "常委会"]
    assert agencies(extractor, "本级人民代表大会或者其常务委员会报告") == [
        "人民代表大会",
        "常务委员会",
    ]
    assert agencies(extractor, "可以委托第三方机构。村民委员会协助") == []


def test_a_term_number_inside_a_congress_name_keeps_it_one_name(extractor: Extractor) -> None:
    # the adoption line of a 广东 regulation (laws, DLC/广东); 17's adoption line reads the same
    text = "广东省第十三届人民代表大会常务委员会第七次会议通过"
    assert agencies(extractor, text) == ["广东省第十三届人民代表大会常务委员会"]


def test_coordinated_levels_qualify_every_department(extractor: Extractor) -> None:
    # data/corpus/dev/17-beijing-ecological-conservation-area-regulation-2021.txt (第三十五、四十八条)
    assert agencies(extractor, "市和有关区发展改革、财政等部门应当") == ["发展改革", "财政"]
    assert agencies(extractor, "市和有关区审计部门应当开展") == ["审计部门"]
    # joined by 、 each level names its own department (第六条)
    assert agencies(extractor, "市、有关区发展改革部门负责协调") == ["市", "有关区发展改革部门"]


def test_a_portfolio_printed_in_full_is_one_conjunct(extractor: Extractor) -> None:
    # data/corpus/dev/17-…-regulation-2021.txt 第十条 (the list of 16 portfolios) and 第三十七条
    text = "教育、科技、经济和信息化、财政、人力资源和社会保障、规划和自然资源等部门应当"
    assert agencies(extractor, text) == [
        "教育",
        "科技",
        "经济和信息化",
        "财政",
        "人力资源和社会保障",
        "规划和自然资源",
    ]
    assert agencies(extractor, "人力资源和社会保障部门应当会同") == ["人力资源和社会保障部门"]


def test_the_short_portfolio_huanbao_names_a_department_not_the_former_ministry(
    extractor: Extractor,
) -> None:
    # 河南省人民代表大会常务委员会关于进一步加强水污染防治工作的决议 (data/corpus/laws, 河南)
    assert agencies(extractor, "各级环保部门要认真履行水污染防治法赋予的") == ["各级环保部门"]
    # 上海市环境保护条例(2021-11-25) 第十二条: 环保部 (the former ministry) is no mention here
    assert agencies(extractor, "第十二条 市环保部门应当会同市发展改革") == ["市环保部门"]


def test_organs_are_named_by_function_and_coordinate(extractor: Extractor) -> None:
    # 河南…关于进一步加强水污染防治工作的决议: two lists, the first closed by 等部门
    text = "各级公安、司法、行政监察等部门和审判、检察机关要协助、支持环保监管"
    assert agencies(extractor, text) == ["各级公安", "司法", "行政监察", "审判", "检察机关"]
    # 南阳市生态文明建设促进条例(2020-09-09) 第五十九条
    assert agencies(extractor, "监察机关、审判机关、检察机关、公安机关、审计机关") == [
        "监察机关",
        "审判机关",
        "检察机关",
        "公安机关",
        "审计机关",
    ]


def test_an_organ_needs_its_function(extractor: Extractor) -> None:
    # 河南省人大常委会决议 2018 (data/corpus/dev/03) and penalty articles of the laws: a state
    # organ at large or a superior organ names no body
    assert agencies(extractor, "全省各级国家机关要牢固树立") == []
    assert agencies(extractor, "由其上级机关责令改正") == []


def test_a_name_never_ends_inside_a_longer_head(extractor: Extractor) -> None:
    # 上海市环境保护条例(2021-11-25): the department is not found whole here (向所在地区 is read
    # as a place), but 环保部 (the former ministry) + 门 is no reading of it either
    text = "位应当在施工作业前，向所在地区环保部门提出申请。"
    assert "环保部" not in agencies(extractor, text)
    # 青岛市海洋环境保护规定(2018-11-30) and the 河南 resolution: 部门 goes on after 环保部
    assert ends_inside_head("由环保部门依法责令", 1, 4)
    assert ends_inside_head("各级环保部门要", 2, 5)
    # a name that ends in a head itself is whole: 全国人大 before 常委会 (人大常委会 is a head)
    assert not ends_inside_head("全国人大常委会", 0, 4)
    assert agencies(extractor, "全国人大常委会") == ["全国人大常委会"]


def test_a_level_with_its_alternatives_in_brackets_is_a_level(extractor: Extractor) -> None:
    """县（区）, 县（市、区）: city regulations name the county level by its kinds (县（市、区）
    629 and 县（区） 453 times in data/corpus/laws)."""
    # 河南/鹤壁市大气污染防治条例(2019-02-01).md 第三十三条 and 信阳市大气污染防治条例(2019-12-27).md
    for text in (
        "市、县（区）人民政府商务部门会同公安、住房和城乡建设等部门取缔并拆除",
        "市、县（区）人民政府商务部门会同公安、住房城乡建设等部门依法取缔并拆除。",
    ):
        assert agencies(extractor, text)[:2] == ["市", "县(区)人民政府商务部门"]
    # 山东/济南市水土保持条例(2016-11-26).md 第四条
    names = {a.name for a in find_agencies(normalize("市、县（市、区）人民政府应当建立"))}
    assert names == {"市人民政府", "县(市、区)人民政府"}
    # 县（自治县）: each alternative ends in a level word; a bracket of anything else does not
    assert {a.name for a in find_agencies("县(自治县)人民政府")} == {"县(自治县)人民政府"}
    assert find_agencies("第(一)人民政府") == [] and find_agencies("(区)人民政府") == []
