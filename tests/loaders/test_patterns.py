"""Name patterns: heads, walk-back boundaries and what makes a stem generic.

Every sentence here is made up or taken from other policy texts, never from the gold document, so
each test shows that a rule of loaders/patterns.py holds beyond the sentence that prompted it.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.loaders.actions import find_verbs
from policykg.loaders.patterns import ASCII_STOPS, PatternHit, find_patterns


def regions_in(text: str, *names: str) -> list[tuple[int, int]]:
    """Spans of the given Region names, as the gazetteer matcher would report them."""
    spans = []
    for name in names:
        start = text.index(name)
        spans.append((start, start + len(name)))
    return spans


def names(text: str, *regions: str) -> list[tuple[str, str]]:
    """(type, surface) of the pattern names that survive overlaps, longest first, in order."""
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


def test_a_conjunction_joining_bare_verbs_is_inside_the_name() -> None:
    assert names("推进湿地保护与修复工程。") == [("Program", "湿地保护与修复工程")]
    # joining two phrases, it ends the name
    assert names("实施大气污染防治和水污染治理方案。") == [("Instrument", "水污染治理方案")]


def test_an_attributive_clause_ends_the_name() -> None:
    assert names("落实以排污许可为核心的移动源监管制度。") == [("Instrument", "移动源监管制度")]


def test_leading_scope_words_are_not_part_of_the_name() -> None:
    assert names("推动重点领域氢氟碳化物削减行动。") == [("Program", "氢氟碳化物削减行动")]
    # after 等, 领域 closes the enumeration and what is left is a class of documents
    assert names("参与海洋、湿地等领域国际公约谈判。") == []


# -- heads ---------------------------------------------------------------------------------------


def test_new_heads_end_names() -> None:
    assert names("建立危险废物跨省转移审批制度。") == [("Instrument", "危险废物跨省转移审批制度")]
    assert names("建立健全新污染物环境监测标准体系。") == [
        ("Instrument", "新污染物环境监测标准体系")
    ]
    assert names("参与汞污染防治国际文书谈判。") == [("Instrument", "汞污染防治国际文书")]
    assert names("深入推进土壤污染防治先行区建设。") == [("Program", "土壤污染防治先行区")]
    assert names("实施水体污染控制科技重大专项。") == [("Program", "水体污染控制科技重大专项")]
    assert names("组织全国生态环境保护执法大练兵。") == [("Program", "全国生态环境保护执法大练兵")]
    assert names("评选绿色中国年度人物。") == [("Program", "绿色中国年度人物")]


def test_gui_hua_is_a_head_only_where_it_is_a_noun() -> None:
    assert names("推动矿产资源规划实施。") == [("Instrument", "矿产资源规划")]
    assert names("统筹规划建设危险废物处置设施。") == []


def test_numbered_national_surveys_and_rounds_are_programmes() -> None:
    assert names("开展第二次全国污染源普查。") == [("Program", "第二次全国污染源普查")]
    assert names("启动第四轮省级生态环境保护督察。") == [("Program", "第四轮省级生态环境保护督察")]
    assert names("举办第十次中日韩环境部长会议。") == []  # a meeting, not a survey


def test_a_quoted_one_per_unit_policy_is_an_instrument() -> None:
    assert names("推行“一企一策”精准治理。") == [("Instrument", "“一企一策”")]
    assert names("总结“一园一策”经验。") == [("Instrument", "“一园一策”")]


# -- generic stems ---------------------------------------------------------------------------------


def test_stems_of_generic_words_and_verbs_name_nothing() -> None:
    assert names("推动监测评估试点。") == []
    assert names("健全分级分类精准监管制度。") == []
    assert names("完善环境经济政策制度。") == []  # policies and systems: a collective
    assert names("加快制修订土壤污染防治相关标准。") == []
    assert names("推进省域先行区建设。") == []
    assert names("研究制定各专项规划和配套制度。") == []
    assert names("落实关于推进排污权交易的指导意见,广泛征求意见。") == []


def test_a_regulation_is_named_by_any_subject() -> None:
    assert names("推动出台生态环境监测条例。") == [("Instrument", "生态环境监测条例")]
    assert names("研究制定有关条例。") == []


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
        "第二次",
        "普查",
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
