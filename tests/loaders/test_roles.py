"""Role rules, each shown on text from more than one document (real text unless marked).

Agency mentions are left empty here on purpose where the rule must segment the list itself; the
gold test (test_roles_gold.py) runs with the entity extractor's mentions.
"""

from __future__ import annotations

import re
from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policykg.errors import GazetteerError
from policykg.graph.model import NodeType
from policykg.loaders.extract import Extractor
from policykg.loaders.gazetteer import load_gazetteers
from policykg.loaders.roles import UnitSpan, document_roles
from policykg.loaders.roles.cues import parse_cues
from policykg.loaders.roles.model import AgencySpan
from policykg.settings import PACKAGE_DATA


def _roles(text: str, law: bool = False) -> list[tuple[str, str]]:
    (unit,) = document_roles(text, [UnitSpan(0, len(text))], law=law)
    return [(r.surface, r.role) for r in unit.roles]


@cache
def _extractor() -> Extractor:
    return Extractor(load_gazetteers(PACKAGE_DATA / "gazetteers"))


def _roles_of_mentions(text: str, law: bool = False) -> list[tuple[str, str]]:
    """Roles with the agency and region mentions of the entity extractor, as in a build."""
    extractor = _extractor()
    found = extractor.extract(text)
    agencies = [
        AgencySpan(f.start, f.end, f.surface, f.surface) for f in found if f.type is NodeType.AGENCY
    ]
    regions = [(f.start, f.end) for f in found if f.type is NodeType.REGION]
    (unit,) = document_roles(text, [UnitSpan(0, len(text))], agencies, regions, law=law)
    return [(r.surface, r.role) for r in unit.roles]


# 04 国办发〔2018〕128号, and the bracket form issue 10 quotes from a city plan
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "健全固体废物统计制度。（生态环境部牵头，国家发展改革委、国家统计局参与）",
            [("生态环境部", "lead"), ("国家发展改革委", "support"), ("国家统计局", "support")],
        ),
        (
            "〔市生态环境局牵头,市发展改革委参与,各县、区人民政府负责落实〕",
            [
                ("市生态环境局", "lead"),
                ("市发展改革委", "support"),
                ("县", "responsible"),
                ("区人民政府", "responsible"),
            ],
        ),
        (
            "推广一批先进适用技术装备。（工业和信息化部指导）（市场监管总局、工业和信息化部负责）",
            [
                ("工业和信息化部", "guide"),
                ("市场监管总局", "responsible"),
                ("工业和信息化部", "responsible"),
            ],
        ),
    ],
)
def test_trailing_notes(text: str, expected: list[tuple[str, str]]) -> None:
    assert _roles(text) == expected


def test_an_explanation_in_brackets_is_not_a_note() -> None:
    text = "实施“装、树、联”（自动监测设备与生态环境部门联网），强化信息公开。"
    assert _roles(text) == []


# 大气污染防治法 第七十八条, 固体废物污染环境防治法 第二十四条, 长江保护法 第二十七条
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "第七十八条 国务院生态环境主管部门应当会同国务院卫生行政部门，公布有毒有害大气污染物名录。",
            [("国务院生态环境主管部门", "responsible"), ("国务院卫生行政部门", "joint")],
        ),
        (
            "国家逐步实现固体废物零进口，由国务院生态环境主管部门会同国务院商务、发展改革、海关等主管部门组织实施。",
            [
                ("国务院生态环境主管部门", "responsible"),
                ("国务院商务", "joint"),
                ("发展改革", "joint"),
                ("海关", "joint"),
            ],
        ),
        (
            "应当由国务院交通运输主管部门商国务院农业农村主管部门同意。",
            [("国务院交通运输主管部门", "responsible"), ("国务院农业农村主管部门", "joint")],
        ),
    ],
)
def test_duties_in_laws(text: str, expected: list[tuple[str, str]]) -> None:
    assert _roles(text, law=True) == expected


# 土壤污染防治法 第二十一条 and 郑州市湿地保护条例 第二十二条
@pytest.mark.parametrize(
    "text",
    [
        "设区的市级以上地方人民政府生态环境主管部门应当按照国务院生态环境主管部门的规定，制定名录。",
        "由市林业行政部门会同有关部门进行划定，报市人民政府批准后公布。",
    ],
)
def test_agencies_that_receive_or_rule_have_no_role(text: str) -> None:
    roles = dict(_roles(text, law=True))
    assert "国务院生态环境主管部门" not in roles
    assert "市人民政府" not in roles
    assert "有关部门" not in roles


def test_narrative_in_a_plan_is_no_duty_but_a_modal_is() -> None:
    # 03 河南省人大常委会决议 and 16 孝义市 notice
    assert _roles("2018年6月，党中央、国务院发布《意见》。") == []
    assert _roles("各级党委和政府要把经济社会发展与生态文明建设统筹起来。") == [
        ("各级党委", "responsible"),
        ("政府", "responsible"),
    ]
    assert _roles("市环委办要充分发挥牵头抓总作用,每月调度。") == [("市环委办", "lead")]


def test_carry_over_applies_to_later_tasks_of_its_section() -> None:
    # 04's note, then a later task of 二、 and a task of the next top-level section
    text = (
        "二、主要任务\n"
        "强化部门分工协作。（生态环境部指导，试点城市政府负责落实。以下均需试点城市政府落实，不再列出）\n"
        "加强制度政策集成创新。\n"
        "三、实施步骤\n"
        "确定试点城市。\n"
    )
    first, later, heading, after = (
        UnitSpan(text.index("强化"), text.index("）") + 1),
        UnitSpan(text.index("加强"), text.index("三、") - 1),
        UnitSpan(text.index("三、"), text.index("确定") - 1, "heading"),
        UnitSpan(text.index("确定"), len(text) - 1),
    )
    units = document_roles(text, [first, later, heading, after])
    assert [(r.surface, r.role, r.carried) for r in units[0].roles] == [
        ("生态环境部", "guide", False),
        ("试点城市政府", "responsible", False),
        ("试点城市政府", "responsible", False),
    ]
    assert [(r.surface, r.carried) for r in units[1].roles] == [("试点城市政府", True)]
    assert units[2].roles == () and units[3].roles == ()


def test_first_listed_convention_makes_bare_lists_lead_and_support() -> None:
    # constructed: the convention line before two 04 tasks with their note's agencies
    text = "各项任务中列第一位者为牵头部门。\n1.提高政策有效性。（生态环境部、人民银行）\n"
    task = UnitSpan(text.index("1."), len(text) - 1)
    (unit,) = document_roles(text, [task])
    assert [(r.surface, r.role) for r in unit.roles] == [
        ("生态环境部", "lead"),
        ("人民银行", "support"),
    ]
    assert _roles("提高政策有效性。（生态环境部、人民银行）") == []


def test_tables_tabbed_and_flattened() -> None:
    header = "序号\t重点任务\t牵头单位\t配合单位\t完成时限\n"
    row = "1\t发展“互联网+”固体废物处理产业。\t商务部\t供销合作总社\t到2020年"
    (unit,) = document_roles(header + row, [UnitSpan(len(header), len(header + row))])
    assert [(r.surface, r.role) for r in unit.roles] == [
        ("商务部", "lead"),
        ("供销合作总社", "support"),
    ]
    assert [d.surface for d in unit.deadlines] == ["到2020年"]
    columns = (0, 4, 22, 32, 46)  # where pdftotext -layout puts each column of the row
    flat = "".join(
        _placed(columns, line) + "\n"
        for line in [
            ("序号", "重点任务", "牵头单位", "配合单位", "完成时限"),
            ("1", "提高政策有效性。", "生态环境部", "国家发展改革委、", "到2020年"),
            ("", "", "", "人民银行", ""),
        ]
    )
    start = flat.index("1 ")
    (unit,) = document_roles(flat, [UnitSpan(start, len(flat) - 1)])
    assert [(r.surface, r.role) for r in unit.roles] == [
        ("生态环境部", "lead"),
        ("国家发展改革委", "support"),
        ("人民银行", "support"),
    ]


def _placed(columns: tuple[int, ...], cells: tuple[str, ...]) -> str:
    line = ""
    for column, cell in zip(columns, cells, strict=True):
        if cell:
            line = line.ljust(column) + cell
    return line


@pytest.mark.parametrize(
    ("text", "deadlines", "targets"),
    [
        # 04
        (
            "到2020年，规模养殖场粪污处理设施装备配套率达到95%以上，畜禽粪污综合利用率达到75%以上。",
            ["到2020年"],
            ["规模养殖场粪污处理设施装备配套率达到95%以上", "畜禽粪污综合利用率达到75%以上"],
        ),
        # 13 (Traditional), and the target issue 10 quotes
        ("到2025年,減污降碳協同推進的工作格局基本形成", ["到2025年"], []),
        (
            "2025年底前，PM2.5年均浓度控制在29微克每立方米以下。",
            ["2025年底前"],
            ["PM2.5年均浓度控制在29微克每立方米以下"],
        ),
        # 03: a date of a past event is no deadline
        ("2018年6月，党中央、国务院发布《意见》。", [], []),
    ],
)
def test_deadlines_and_targets(text: str, deadlines: list[str], targets: list[str]) -> None:
    (unit,) = document_roles(text, [UnitSpan(0, len(text))])
    assert [d.surface for d in unit.deadlines] == deadlines
    assert [t.surface for t in unit.targets] == targets


def test_a_cue_row_without_a_source_is_one_clear_error() -> None:
    with pytest.raises(GazetteerError, match=re.escape("roles.csv:3: a cue needs")):
        parse_cues(
            [
                {"cue": "牵头", "kind": "note_verb", "role": "lead", "source": "04"},
                {"cue": "参与", "kind": "note_verb", "role": "support", "source": ""},
            ]
        )


PIECES = [
    "（生态环境部牵头，国家发展改革委、工业和信息化部参与）",
    "国务院生态环境主管部门应当会同国务院卫生行政部门，",
    "到2020年，秸秆综合利用率达到85%以上。",
    "各级党委和政府要把",
    "以下均需试点城市政府落实，不再列出）",
    "序号\t重点任务\t牵头单位\t配合单位\n",
    "由国务院交通运输主管部门商",
    "、",
    "\n",
    "（",
]


@given(st.lists(st.sampled_from(PIECES), max_size=12), st.booleans())
def test_every_span_slices_back_and_stays_in_its_unit(pieces: list[str], law: bool) -> None:
    text = "".join(pieces)
    middle = len(text) // 2
    units = [UnitSpan(0, middle), UnitSpan(middle, len(text))]
    for unit, found in zip(units, document_roles(text, units, law=law), strict=True):
        for role in found.roles:
            assert text[role.start : role.end] == role.surface
            if not role.carried:
                assert unit.start <= role.start < role.end <= unit.end
        for item in found.deadlines + found.targets:
            assert text[item.start : item.end] == item.surface
            assert unit.start <= item.start < item.end <= unit.end


# 河南省人民代表大会常务委员会关于进一步加强水污染防治工作的决议 (a plan-like resolution) and
# 山东省南水北调工程沿线区域水污染防治条例(2018-01-23) 第十七条, 第五条
@pytest.mark.parametrize(
    ("text", "law", "expected"),
    [
        ("因此，全省各级人民政府及其有关部门要高度重视水污染防治工作", False, ["各级人民政府"]),
        ("第十七条 沿线区域各级人民政府应当结合本地实际", True, ["各级人民政府"]),
        ("第五条 沿线区域县级以上人民政府应当将水污染防治", True, ["县级以上人民政府"]),
    ],
)
def test_a_scope_phrase_before_an_agency_is_not_its_name(
    text: str, law: bool, expected: list[str]
) -> None:
    assert [surface for surface, _ in _roles_of_mentions(text, law)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 北京市湿地保护条例(2019-07-26) 第十八条
        (
            "第十八条 市级湿地公园的设立，由所在地区县园林绿化行政部门提出申请",
            ["区县园林绿化行政部门"],
        ),
        # 上海市环境保护条例(2021-11-25) 第八十一条
        ("第八十一条 由所在地区环保部门责令改正，处一万元以上十万元以下的罚款。", ["区环保部门"]),
    ],
)
def test_the_place_where_the_site_lies_is_not_part_of_the_agency(
    text: str, expected: list[str]
) -> None:
    """所在地 before a body names the body of that place (agency_list.LOCATIVES)."""
    assert [surface for surface, _ in _roles_of_mentions(text, True)] == expected


# 河南…水污染防治工作的决议; 广东省机动车排气污染防治条例(2022-11-30) 第八条;
# 聊城市大气污染防治条例(2018-09-21); 山东省黄河河道管理条例(2018-01-23)
@pytest.mark.parametrize(
    ("text", "law", "expected"),
    [
        (
            "各级公安、司法、行政监察等部门和审判、检察机关要协助、支持环保监管，依法严厉打击环境违法。",
            False,
            ["各级公安", "司法", "行政监察", "审判", "检察机关"],
        ),
        (
            "第八条 公安机关交通管理部门应当协助生态环境主管部门对机动车排气污染",
            True,
            ["公安机关交通管理部门"],
        ),
        (
            "公安机关交通管理部门应当配合做好机动车排气污染超标举报",
            True,
            ["公安机关交通管理部门"],
        ),
        ("省人民政府应当配合国家有关部门科学划定并予以公告", True, ["省人民政府"]),
    ],
)
def test_a_duty_to_assist_or_cooperate_is_support(
    text: str, law: bool, expected: list[str]
) -> None:
    assert _roles_of_mentions(text, law) == [(surface, "support") for surface in expected]


def test_the_agency_assisted_has_no_role_and_a_plain_duty_stays_responsible() -> None:
    # 广东省机动车排气污染防治条例 第八条: 生态环境主管部门 is the object of 协助
    roles = _roles_of_mentions("公安机关交通管理部门应当协助生态环境主管部门对机动车", law=True)
    assert "生态环境主管部门" not in dict(roles)
    # the same resolution: 各级环保部门 (no longer the former ministry 环保部 + 门) is responsible
    assert _roles_of_mentions("各级环保部门要认真履行水污染防治法赋予的职责") == [
        ("各级环保部门", "responsible")
    ]
