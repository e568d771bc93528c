"""Name patterns: heads, walk-back boundaries and what makes a stem generic.

Every sentence here is made up or taken from other policy texts, never from the gold document, so
each test shows that a rule of loaders/patterns.py holds beyond the sentence that prompted it.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.loaders.actions import find_verbs
from policykg.loaders.agency_patterns import HEADS as AGENCY_HEADS
from policykg.loaders.lexicon import load_lexicon
from policykg.loaders.normalize import normalize
from policykg.loaders.patterns import (
    ASCII_STOPS,
    MAX_NAME,
    MAX_WALK,
    RULE_MARKS,
    PatternHit,
    find_patterns,
)


def regions_in(text: str, *names: str) -> list[tuple[int, int]]:
    """Spans of the given Region names, as the gazetteer matcher would report them."""
    spans = []
    for name in names:
        start = text.index(name)
        spans.append((start, start + len(name)))
    return spans


def names(text: str, *regions: str) -> list[tuple[str, str]]:
    """(type, surface) of the pattern names that survive overlaps, longest first, in order.

    The text is normalised first, as the reader does (full-width ，→ ,).
    """
    text = normalize(text)
    known = regions_in(text, *regions)
    hits = find_patterns(text, find_verbs(text), known)
    # the gazetteer's regions win over pattern regions inside them (the extractor's overlap rule)
    hits = [h for h in hits if not any(a <= h.start and h.end <= b for a, b in known)]
    taken: list[PatternHit] = []
    for hit in sorted(hits, key=lambda h: (h.start - h.end, h.start)):
        if all(hit.end <= t.start or hit.start >= t.end for t in taken):
            taken.append(hit)
    for hit in taken:
        assert text[hit.start : hit.end] == hit.entity.name or hit.rule in ("title", "quoted")
    return [
        (h.entity.type.value, text[h.start : h.end]) for h in sorted(taken, key=lambda h: h.start)
    ]


# -- boundaries -----------------------------------------------------------------------------------


def test_a_leading_region_is_split_off_the_name() -> None:
    assert names("持续开展汾渭平原大气污染防治攻坚行动。", "汾渭平原") == [
        ("Program", "大气污染防治攻坚行动")
    ]


def test_a_region_with_a_conjunction_inside_is_one_word() -> None:
    text = "开展珠江口及邻近海域塑料垃圾清理行动。"
    assert names(text, "珠江口及邻近海域") == [("Program", "塑料垃圾清理行动")]


def test_coordinated_leading_regions_are_all_split_off() -> None:
    text = "落实长江和黄河生态保护十年行动计划。"
    assert names(text, "长江", "黄河") == [("Program", "生态保护十年行动计划")]


def test_a_region_after_another_word_stays_inside_the_name() -> None:
    text = "制定全面加强长江流域生态保护修复实施方案。"
    assert names(text, "长江流域") == [("Instrument", "全面加强长江流域生态保护修复实施方案")]


def test_a_quoted_period_does_not_stop_the_walk_back() -> None:
    assert names("编制“十四五”海洋生态环境保护规划。") == [
        ("Instrument", "“十四五”海洋生态环境保护规划")
    ]
    assert names("制定土壤污染防治“十五五”专项规划。") == [
        ("Instrument", "土壤污染防治“十五五”专项规划")
    ]


def test_a_drafted_title_keeps_its_own_verbs_and_conjunctions() -> None:
    assert names("研究制定关于加强危险废物监管的意见。") == [
        ("Instrument", "关于加强危险废物监管的意见")
    ]
    assert names("起草推动农业面源污染治理与监督指导的意见。") == [
        ("Instrument", "推动农业面源污染治理与监督指导的意见")
    ]


def test_a_drafted_title_stops_where_an_earlier_name_ends() -> None:
    text = "制定土壤污染状况调查方案和地下水污染防治实施方案。"
    assert names(text) == [
        ("Instrument", "土壤污染状况调查方案"),
        ("Instrument", "地下水污染防治实施方案"),
    ]


def test_a_verb_paired_with_the_drafting_verb_is_not_part_of_the_title() -> None:
    assert names("印发实施噪声污染防治行动计划。") == [("Program", "噪声污染防治行动计划")]
    assert names("编制完成国土空间生态修复规划。") == [("Instrument", "国土空间生态修复规划")]


# -- general rules, each shown on real text that is not from the 2026 article ------------------------
# Excerpts are copied from ../shared/corpus (LawRefBook/Laws snapshot); each cites its file and line.


def test_a_conjunction_joining_bare_verbs_is_inside_the_name() -> None:
    # DLC/河南地方法规/地方性法规/河南/鹤壁市循环经济生态城市建设条例(2020-08-31).md:147
    assert names("应当先编制雨水控制与利用规划，再进行雨水控制与利用工程") == [
        ("Instrument", "雨水控制与利用规划"),
        ("Program", "雨水控制与利用工程"),
    ]
    # DLC/广东地方法规/地方性法规/广东/广东省湿地保护条例(2022-11-30).md:55
    assert names("水功能区划、河湖水域岸线保护与利用规划、") == [
        ("Instrument", "河湖水域岸线保护与利用规划")
    ]
    # joining two phrases, it ends the name (made up)
    assert names("实施大气污染防治和水污染治理方案。") == [("Instrument", "水污染治理方案")]


def test_an_attributive_clause_ends_the_name() -> None:
    # DLC/重庆地方法规/地方性法规/重庆/重庆市实施《水土保持法》办法(2018-07-26).md:119
    assert names("并按照经批准的水土保持方案，采取水土流失预防和治理措施") == [
        ("Instrument", "水土保持方案")
    ]
    # DLC/广东地方法规/地方性法规/广东/广东省水污染防治条例(2021-09-29).md:62
    assert names("应当根据国家或者省依法批准的流域水污染防治规划，") == [
        ("Instrument", "流域水污染防治规划")
    ]


def test_leading_scope_words_are_not_part_of_the_name() -> None:
    # DLC/广东地方法规/地方性法规/广东/广东省大气污染防治条例(2022-11-30).md:139
    assert names("制定本省重点行业挥发性有机物排放标准、技术规范。") == [
        ("Instrument", "挥发性有机物排放标准")
    ]
    # DLC/山东地方法规/地方性法规/山东/济宁市大气污染防治条例(2021-05-28).md:93
    assert names("在各自职责范围内制定相关行业扬尘污染治理标准和导则") == [
        ("Instrument", "扬尘污染治理标准")
    ]
    # after 等, 领域 closes the enumeration and what is left is a class of documents (made up)
    assert names("参与海洋、湿地等领域国际公约谈判。") == []


def test_a_governing_verb_before_a_campaign_is_not_part_of_it() -> None:
    # DLC/河南地方法规/地方性法规/河南/河南省人民代表大会常务委员会关于全面加强生态环境保护
    # 依法推动打好污染防治攻坚战  让中原更加出彩的决议(2018-09-29).md:1
    assert names("关于全面加强生态环境保护  依法推动打好污染防治攻坚战  让中原更加出彩的决议") == [
        ("Program", "污染防治攻坚战")
    ]


def test_a_head_turned_into_an_adverb_or_adjective_ends_no_name() -> None:
    # DLC/广东地方法规/地方性法规/广东/广东省水污染防治条例(2021-09-29).md:322
    assert names("应当加强水环境应急能力标准化建设，配备应急监测设备和装备") == []


# -- heads ---------------------------------------------------------------------------------------


def test_new_heads_end_names() -> None:
    assert names("建立危险废物跨省转移审批制度。") == [("Instrument", "危险废物跨省转移审批制度")]
    # 行政法/土壤污染防治法(2018-08-31).md:47
    assert names("制定国家土壤污染风险管控标准，加强土壤污染防治标准体系建设。") == [
        ("Instrument", "国家土壤污染风险管控标准"),
        ("Instrument", "土壤污染防治标准体系"),
    ]


# -- generic stems ---------------------------------------------------------------------------------


def test_stems_of_generic_words_and_verbs_name_nothing() -> None:
    # DLC/广东地方法规/地方性法规/广东/广东省湿地保护条例(2022-11-30).md:65
    assert names("第十四条 湿地实行分级管理制度，按照生态区位") == []
    # 行政法/核安全法(2017-09-01).md:81
    assert names("履行中华人民共和国缔结或者参加的国际公约所规定的义务。") == []
    # DLC/上海地方法规/地方性法规/上海/上海市环境保护条例(2021-11-25).md:45
    assert names("加强环境规划、标准制定和执法工作。") == []
    # DLC/上海地方法规/地方性法规/上海/上海市促进长三角生态绿色一体化发展示范区高质量发展条例(2024-09-27).md:17
    assert names("推动高质量发展的政策制度与方式创新") == []
    # made up
    assert names("推动监测评估试点。") == []
    assert names("加快制修订土壤污染防治相关标准。") == []
    assert names("研究制定各专项规划和配套制度。") == []
    assert names("落实关于推进排污权交易的指导意见,广泛征求意见。") == []


def test_a_self_reference_is_no_name() -> None:
    # 行政法规/气象设施和气象探测环境保护条例(2016-02-06).md:7 and :117
    assert names("可比较性，根据《中华人民共和国气象法》，制定本条例。") == [
        ("Instrument", "《中华人民共和国气象法》")
    ]
    assert names("有关部门及其工作人员违反本条例规定，有下列行为") == []


def test_a_regulation_is_named_by_any_subject() -> None:
    assert names("推动出台生态环境监测条例。") == [("Instrument", "生态环境监测条例")]
    assert names("研究制定有关条例。") == []


# -- bounded walks -------------------------------------------------------------------------------


def test_the_walk_back_never_looks_past_its_bound() -> None:
    """Region names are passed over and split off after the walk, so without a bound a walk
    over many of them would reach back to the comma; with it, it gives up at MAX_WALK."""

    def found(regions: int) -> list[str]:
        text = "," + "黄河" * regions + "水土保持方案"
        spans = [(1 + 2 * k, 3 + 2 * k) for k in range(regions)]
        return [text[h.start : h.end] for h in find_patterns(text, find_verbs(text), spans)]

    assert found(5) == ["水土保持方案"]
    assert found(MAX_WALK // 2 - 2) == ["水土保持方案"]  # still within reach
    assert found(MAX_WALK // 2 + 1) == []  # the comma lies beyond the bound


def test_a_drafting_verb_further_back_than_a_name_is_not_looked_for() -> None:
    near = "制定" + "丙" * (MAX_NAME - 4) + "方案"
    assert names(near) == [("Instrument", near[2:])]
    assert names("制定" + "丙" * MAX_NAME + "方案") == []


# -- hostile input ----------------------------------------------------------------------------------


def test_markup_never_becomes_part_of_a_name() -> None:
    for text in (
        "实施<script>alert(1)</script>水污染治理方案。",
        "发布&lt;b&gt;监测标准和噪声污染防治行动。",
        'onerror="x"行动与<img src=x>方案。',
        "制定《<img src=x onerror=alert(1)>》。",
        "开展“<b>绿盾</b>”建设行动。",
    ):
        for hit in find_patterns(text, find_verbs(text)):
            surface = text[hit.start : hit.end]
            assert not set(surface) & ASCII_STOPS, (text, surface)
            assert not any(w in surface for w in ("script", "img", "lt", "gt", "onerror")), surface


def test_symbols_inside_quotes_that_are_not_markup_are_kept() -> None:
    assert names("推进建立“政府+市场”碳排放核算标准体系。") == [
        ("Instrument", "“政府+市场”碳排放核算标准体系")
    ]


MARKUP = st.sampled_from(["<", ">", "&", "=", '"', "/", ";", "script", "gt", "'"])
WORDS = st.sampled_from(
    [
        "制定",
        "实施",
        "方案",
        "行动",
        "标准",
        "规划",
        "“",
        "”",
        "《",
        "》",
        "污染",
        "治理",
        "和",
        "十五五",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(MARKUP, WORDS), max_size=20))
def test_no_pattern_name_holds_an_ascii_symbol(parts: list[str]) -> None:
    text = "".join(parts)
    for hit in find_patterns(text, find_verbs(text)):
        assert 0 <= hit.start < hit.end <= len(text)
        assert not set(text[hit.start : hit.end]) & ASCII_STOPS, text


def test_a_quoted_programme_is_the_name_when_only_generic_words_follow() -> None:
    """Decision 5: “无废城市”建设试点 (国办发〔2018〕128号) and “绿盾”行动 name the quoted programme;
    a quote that only qualifies the name runs on to the head (“两高一低”行业整治行动)."""
    assert names("开展“无废城市”建设试点是深入落实党中央决策部署的举措。") == [
        ("Program", "“无废城市”")
    ]
    assert names("加大对“无废城市”建设试点的金融支持力度。") == [("Program", "“无废城市”")]
    assert names("持续开展“绿盾”行动。") == [("Program", "“绿盾”")]
    assert names("推进“两高一低”行业整治行动。") == [("Program", "“两高一低”行业整治行动")]
    # a quoted period is no programme: the name runs on to its head (“十四五”…重大工程)
    assert names("谋划“十四五”生态保护修复重大工程。") == [
        ("Program", "“十四五”生态保护修复重大工程")
    ]


def test_specific_rules_to_be_written_name_nothing() -> None:
    """具体办法: the rules a law leaves to others (大气污染防治法 and 100 more in the laws)."""
    assert ("Instrument", "具体办法") not in names(
        "具体办法由国务院生态环境主管部门会同有关部门制定。"
    )
    assert names("结合本地实际，制定具体管理办法。") == []


def test_a_name_does_not_run_back_across_a_modal_or_a_preposition() -> None:
    """应当, 按照 … (name_boundaries.csv walk_stop), on law text: 风景名胜区条例 and 上海市…条例."""
    assert names("已经建成的，应当按照风景名胜区规划逐步迁出。") == [
        ("Instrument", "风景名胜区规划")
    ]
    text = "县级以上地方人民政府应当依据水污染防治规划制定本行政区域的实施方案。"
    assert ("Instrument", "水污染防治规划") in names(text)
    # a stop right before the head leaves no name at all (工程 is a noun here)
    assert names("建设单位应当根据工程沿线生态和地质环境状况。") == []
    assert names("开展全生命周期监测，包括工程开工前的本底监测。") == []


def test_the_place_where_something_lies_is_no_region() -> None:
    """所在 (name_boundaries.csv walk_stop): 所在地区 is wherever the site is, on law text of
    上海市环境保护条例 第五十四条, 防沙治沙法 第四条 and 湿地保护法 第三十六条."""
    assert names("施工单位应当在施工作业前，向所在地区环保部门提出申请。") == [
        ("Agency", "区环保部门")
    ]
    text = "沙化土地所在地区的县级以上地方人民政府，不得批准在沙漠边缘地带开垦耕地。"
    assert [n for n in names(text) if n[0] == "Region"] == []
    assert names("加大对重要湿地所在地区的财政转移支付力度。") == []


def test_every_governments_own_plan_is_a_class() -> None:
    """国民经济和社会发展规划 and 国土空间规划 are each government's plan (环境保护法 第十三条),
    while a plan that only starts so has a subject (国土空间生态修复规划)."""
    assert names("将大气污染防治工作纳入国民经济和社会发展规划。") == []
    assert names("专项规划应当与国土空间规划相衔接。") == []
    assert names("制定国土空间生态修复规划。") == [("Instrument", "国土空间生态修复规划")]


def test_verbs_and_pointers_before_a_head_name_nothing() -> None:
    """试点 is a noun in plans of pilots (国办发〔2018〕128号): 确定试点城市, 鼓励试点城市."""
    for text in (
        "确定试点城市。",
        "鼓励试点城市制定相关地方性法规。",
        "以下均需试点城市政府落实。",
    ):
        assert ("Program", text[: text.index("试点") + 2]) not in names(text), text


def test_towns_named_one_after_another_are_regions() -> None:
    """秀山…梅江河流域水生态环境保护条例 第四十七条, 泰山风景名胜区生态保护条例: lists of towns."""
    text = "峨溶镇、雅江镇、洪安镇、大溪乡辖区内的河流"
    assert names(text) == [("Region", t) for t in ("峨溶镇", "雅江镇", "洪安镇", "大溪乡")]
    text = "在泰山景区周边的大津口乡、黄前镇、下港镇等乡镇内"
    assert names(text) == [("Region", t) for t in ("大津口乡", "黄前镇", "下港镇")]
    # two are not a list, and words for kinds of places are no towns
    assert names("加强城镇和乡村建设。") == []
    assert names("统筹城乡、乡镇和村镇建设。") == []


def test_a_reservoir_or_a_development_zone_is_a_region() -> None:
    """北京市实施《水法》办法 (密云水库、官厅水库), 信阳市大气污染防治条例 (潢川经济开发区)."""
    assert ("Region", "官厅水库") in names("加强密云水库、官厅水库的保护。")
    assert names("潢川经济开发区管理委员会负责") == [("Region", "潢川经济开发区")]


def test_an_indicator_system_with_a_subject_is_an_instrument() -> None:
    """节约能源法 第二十一条, 循环经济促进法 第十四条; a manner word alone names none (量化)."""
    assert names("建立和完善循环经济评价指标体系。") == [("Instrument", "循环经济评价指标体系")]
    assert names("探索建立量化指标体系。") == []
    assert names("系统构建“无废城市”建设指标体系。") == [("Instrument", "“无废城市”建设指标体系")]


def test_a_leading_province_wide_scope_is_split_off() -> None:
    """全省 / 全市 is a scope, not part of the name (山东 and 河南 regulations of the laws)."""
    assert names("编制全省煤炭消费总量控制规划。") == [("Instrument", "煤炭消费总量控制规划")]
    assert names("强力推进全省大气污染防治攻坚战。") == [("Program", "大气污染防治攻坚战")]


def test_a_list_before_some_industry_names_sectors() -> None:
    """火电、钢铁、石油、化工…等大气污染重点行业 (laws); the first item is the gazetteer's."""
    text = "火电、钢铁、石油、化工、平板玻璃、水泥、陶瓷等大气污染重点行业"
    found = names(text)
    assert ("Sector", "平板玻璃") in found and ("Sector", "陶瓷") in found
    assert ("Sector", "火电") not in found  # the first item: nothing marks where it starts
    assert names("以煤炭、黄金、非金属矿等行业为重点。") == [
        ("Sector", "黄金"),
        ("Sector", "非金属矿"),
    ]
    assert names("发展文化、旅游、生态等各项事业。") == []  # 事业 is no industry


def test_a_place_head_after_a_gazetteer_place_adds_nothing() -> None:
    """坚持以黄河流域生态保护和高质量发展 (孝义市 notice): the gazetteer's 黄河流域 is the place."""
    assert names("坚持以黄河流域生态保护和高质量发展为统领。", "黄河流域") == []


def _overlap(a: str, b: str) -> bool:
    """Whether the words can share a character somewhere in a text: one inside the other, or
    one ending the way the other starts."""
    shared = range(1, min(len(a), len(b)))
    return a in b or b in a or any(a[-k:] == b[:k] or b[-k:] == a[:k] for k in shared)


def test_no_head_overlaps_the_mark_of_another_rule() -> None:
    """The head scan finds the other rules' marks (《 “ 镇 乡 等 美丽) as words; that leaves
    every head's match as it was only while no mark can overlap a head."""
    heads = {*load_lexicon().heads, *AGENCY_HEADS}
    assert [(head, mark) for head in heads for mark in RULE_MARKS if _overlap(head, mark)] == []
