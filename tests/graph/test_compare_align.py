"""The aligner on small hand-made unit lists: every status, renumbering, diffs, entities,
summary, one against many, and invariants over generated lists (Hypothesis)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.graph.compare import (
    DEFAULTS,
    AlignConfig,
    DiffOp,
    Status,
    Unit,
    align,
    compare_many,
    normal_text,
)
from policykg.graph.compare.align import best_first, first_choices
from policykg.graph.compare.diff import SHORT_EQUAL, char_diff, display_text
from policykg.graph.model import NodeType
from policykg.graph.results import NodeRef

HUANGHE = NodeRef("region:黄河", "黄河", NodeType.REGION)
CHANGJIANG = NodeRef("region:长江", "长江", NodeType.REGION)
TN = NodeRef("pollutant:总氮", "总氮", NodeType.POLLUTANT)


def unit(label: str, text: str, *entities: NodeRef) -> Unit:
    return Unit(f"doc:{label}", label, text, frozenset(entities))


OLD = [
    unit("1", "为了加强长江河道采砂管理，维护长江河势稳定，制定本条例。", CHANGJIANG),
    unit("2", "采砂船舶在禁采期内应当停放在沿江县级人民政府指定的地点。"),
    unit("3", "从事长江采砂活动的单位和个人应当缴纳长江河道砂石资源费。", CHANGJIANG),
    unit("4", "违反本条例规定，采砂船舶在禁采期内未在指定地点停放的，处1万元以上3万元以下的罚款。"),
]
NEW = [
    unit("1", "为了加强长江河道采砂管理，维护长江河势稳定，制定本条例。", CHANGJIANG),
    unit("2", "采砂船舶应当集中停放在沿江县级人民政府指定的地点，并由所有者负责管护。"),
    unit("3", "禁止运输、收购、销售未取得河道采砂许可证的单位、个人开采的黄河河道砂石。", HUANGHE),
    unit("4", "国家加强黄河流域总氮污染控制，建立监测网络。", HUANGHE, TN),
    unit("5", "违反本条例规定，采砂船舶未在指定地点集中停放的，处3万元以上10万元以下的罚款。"),
]


def statuses(a: list[Unit], b: list[Unit]) -> list[tuple[str, str | None, str | None]]:
    return [
        (p.status.value, p.a.label if p.a else None, p.b.label if p.b else None)
        for p in align(a, b).pairs
    ]


def test_every_status_and_a_renumbered_article() -> None:
    assert statuses(OLD, NEW) == [
        ("same", "1", "1"),
        ("changed", "2", "2"),
        ("removed", "3", None),
        ("added", None, "3"),
        ("added", None, "4"),
        ("changed", "4", "5"),
    ]


def test_the_most_alike_pair_is_kept_even_when_crossing_pairs_total_more() -> None:
    # A's first unit is split over both B units and keeps most of itself in B's first: that
    # pair stays, though pairing crosswise would score 1.6 in total against 0.9.
    sim = np.array([[0.9, 0.8], [0.8, 0.1]])
    assert best_first(sim, sim, 0.22) == [(0, 0)]
    assert best_first(sim, sim, 0.95) == []


def test_a_pair_neither_unit_ranks_first_is_left_unpaired() -> None:
    # Best first, A's second unit and B's second are left to each other (0.3, above the
    # floor), but A's second is more like B's first (0.6) and B's second more like A's first
    # (0.5): each is the lesser part of the first pair's provision, so neither pairs.
    sim = np.array([[0.9, 0.5], [0.6, 0.3]])
    assert best_first(sim, sim, 0.22) == [(0, 0), (1, 1)]
    assert first_choices([(0, 0), (1, 1)], sim, sim, 0.0) == [(0, 0)]
    # B's second ranking A's second first (0.3 against 0.2) is enough to keep the pair
    kept = np.array([[0.9, 0.2], [0.6, 0.3]])
    assert first_choices([(0, 0), (1, 1)], kept, kept, 0.0) == [(0, 0), (1, 1)]
    # a tie counts as first
    tied = np.array([[0.9, 0.3], [0.6, 0.3]])
    assert first_choices([(0, 0), (1, 1)], tied, tied, 0.0) == [(0, 0), (1, 1)]


def test_below_the_chance_ceiling_a_pair_must_be_both_units_first_choice() -> None:
    # B's second ranks A's second first (0.3 against 0.2), but A's second is more like B's
    # first (0.6): one side's choice. At 0.3, below the ceiling, that is not enough.
    one_side = np.array([[0.9, 0.2], [0.6, 0.3]])
    assert first_choices([(0, 0), (1, 1)], one_side, one_side, 0.338) == [(0, 0)]
    # at 0.4, above it, it is
    clear = np.array([[0.9, 0.2], [0.6, 0.4]])
    assert first_choices([(0, 0), (1, 1)], clear, clear, 0.338) == [(0, 0), (1, 1)]
    # both units' first choice is kept at any similarity
    mutual = np.array([[0.9, 0.2], [0.1, 0.25]])
    assert first_choices([(0, 0), (1, 1)], mutual, mutual, 0.338) == [(0, 0), (1, 1)]
    # the ceiling is read on the similarity, the ranking on the score with the order bonus
    ranked = one_side + np.array([[0.0, 0.0], [0.0, 0.35]])
    assert first_choices([(0, 0), (1, 1)], ranked, one_side, 0.338) == [(0, 0), (1, 1)]


def test_printed_variants_of_one_text_are_same() -> None:
    a = [unit("1", "（一）禁采区和可采区；\n（二）禁采期。")]
    b = [unit("1", "(一)禁采区和可采区;(二)禁采期。\u200b")]
    [pair] = align(a, b).pairs
    assert pair.status is Status.SAME and pair.diff == ()
    assert normal_text(a[0].text) == normal_text(b[0].text)


def test_match_text_is_compared_and_text_is_shown() -> None:
    a = [unit("1", "加强黄河流域生态保护。")]
    b = [Unit("doc:1", "1", "加強黃河流域生態保護。", match_text="加强黄河流域生态保护。")]
    [pair] = align(a, b).pairs
    assert pair.status is Status.SAME and pair.b is not None
    assert pair.b.text == "加強黃河流域生態保護。"
    without = align(a, [replace(b[0], match_text=None)]).pairs  # scripts differ in most characters
    assert Status.SAME not in {p.status for p in without}


def test_changed_pair_has_a_character_diff_that_rebuilds_both_texts() -> None:
    pair = next(p for p in align(OLD, NEW).pairs if p.status is Status.CHANGED)
    assert pair.a is not None and pair.b is not None
    assert "".join(d.a for d in pair.diff) == normal_text(pair.a.text)
    assert "".join(d.b for d in pair.diff) == normal_text(pair.b.text)
    assert {"insert", "delete", "replace"} & {d.op for d in pair.diff}


def test_diff_folds_chance_matches_inside_a_rewritten_clause() -> None:
    a = "并处10万元以上30万元以下的罚款；情节严重的，扣押船舶。"
    b = "并处违法开采的砂石货值金额2倍以上20倍以下的罚款；货值金额不足10万元的。"
    diff = char_diff(a, b)
    assert "".join(d.a for d in diff) == display_text(a)
    assert "".join(d.b for d in diff) == display_text(b)
    # no unchanged run of one or two characters sits between two changes
    for before, here, after in zip(diff, diff[1:], diff[2:], strict=False):
        if here.op == "equal" and before.op != "equal" and after.op != "equal":
            assert len(here.a) > SHORT_EQUAL, diff
    assert DiffOp("equal", "以下的罚款;", "以下的罚款;") in diff


def test_entities_gained_and_lost() -> None:
    a = [unit("1", "加强长江流域总氮污染控制，建立监测网络和考核制度。", CHANGJIANG, TN)]
    b = [unit("1", "加强黄河流域总氮污染控制，建立监测网络和考核制度。", HUANGHE, TN)]
    [pair] = align(a, b).pairs
    assert pair.status is Status.CHANGED
    assert pair.gained == (HUANGHE,) and pair.lost == (CHANGJIANG,)


def test_summary_counts_and_entity_shifts() -> None:
    summary = align(OLD, NEW).summary
    assert (summary.same, summary.changed, summary.added, summary.removed) == (1, 2, 2, 1)
    shifts = {s.entity.name: (s.units_a, s.units_b) for s in summary.shifts}
    assert shifts == {"长江": (2, 1), "黄河": (0, 2), "总氮": (0, 1)}
    assert summary.shifts[0].entity == HUANGHE  # the biggest move first


def test_shared_entities_pick_the_partner_when_wording_ties() -> None:
    text = "有关部门应当加强{}水污染防治工作，建立联防联控机制。"
    a = [unit("1", text.format("甲"), HUANGHE)]
    b = [unit("1", text.format("乙"), CHANGJIANG), unit("2", text.format("丙"), HUANGHE)]

    def partner(config: AlignConfig) -> str:
        [pair] = [p for p in align(a, b, config=config).pairs if p.a is not None]
        assert pair.status is Status.CHANGED and pair.b is not None
        return pair.b.label

    assert partner(DEFAULTS) == "2"  # the shared 黄河 outweighs sitting at the same place
    assert partner(replace(DEFAULTS, entity_weight=0.0)) == "1"  # without it, place decides


def test_repeated_identical_texts_pair_in_order() -> None:
    a = [unit("1", "删除。"), unit("2", "删除。")]
    b = [unit("1", "删除。"), unit("2", "删除。"), unit("3", "删除。")]
    assert statuses(a, b) == [("same", "1", "1"), ("same", "2", "2"), ("added", None, "3")]


def test_empty_sides() -> None:
    assert statuses([], NEW[:1]) == [("added", None, "1")]
    assert statuses(OLD[:1], []) == [("removed", "1", None)]
    assert statuses([], []) == []
    assert statuses([unit("1", "")], [unit("1", " ")]) == [("same", "1", "1")]


def test_task_sentences_align_like_articles() -> None:
    last_year = [
        unit("1.1.1", "持续实施京津冀及周边地区大气污染防治提质增效行动。"),
        unit("1.1.2", "制定全面加强黄河流域生态环境保护行动方案。", HUANGHE),
    ]
    this_year = [
        unit("1.1.1", "深入实施京津冀及周边地区大气污染防治提质增效行动，开展成效评估。"),
        unit("1.2.1", "实施黄河中下游总氮污染控制。", HUANGHE, TN),
    ]
    assert statuses(last_year, this_year)[0] == ("changed", "1.1.1", "1.1.1")


def test_one_against_many_reports_who_takes_up_each_unit() -> None:
    result = compare_many(OLD, [("x", NEW), ("y", OLD[:2])], a_name="old")
    coverage = {c.unit.label: c.taken_up_by for c in result.coverage}
    assert coverage == {"1": ("x", "y"), "2": ("x", "y"), "3": (), "4": ("x",)}
    assert [c.b_name for c in result.comparisons] == ["x", "y"]


TEXTS = st.text(alphabet="长江黄河采砂船舶禁止许可罚款部门。，", min_size=0, max_size=30)


# 水污染防治法 (2017) 第十二条 and 第十四条, and 浙江省水污染防治条例 (2020) 第十二条, which merges
# them (data/gold/compare/GUIDELINES.md: it pairs with 第十四条, 第十二条 is removed)
NATIONAL_STANDARDS = [
    unit(
        "第十二条",
        "国务院环境保护主管部门制定国家水环境质量标准。\n"
        "省、自治区、直辖市人民政府可以对国家水环境质量标准中未作规定的项目，制定地方标准，"
        "并报国务院环境保护主管部门备案。",
    ),
    unit(
        "第十四条",
        "国务院环境保护主管部门根据国家水环境质量标准和国家经济、技术条件，制定国家水污染物排放标准。\n"
        "省、自治区、直辖市人民政府对国家水污染物排放标准中未作规定的项目，可以制定地方水污染物排放标准；"
        "对国家水污染物排放标准中已作规定的项目，可以制定严于国家水污染物排放标准的地方水污染物排放标准。"
        "地方水污染物排放标准须报国务院环境保护主管部门备案。",
    ),
    unit("第一百零三条", "本法自2008年6月1日起施行。"),
]
LOCAL_STANDARDS = [
    unit(
        "第十二条",
        "省人民政府可以根据水环境保护的需要，对国家水环境质量标准和国家水污染物排放标准中未作规定的项目，"
        "制定地方标准；对国家水污染物排放标准中已作规定的项目，可以制定严于国家标准的地方标准。",
    )
]


def test_a_local_article_taking_up_two_national_ones_lists_the_second_in_also() -> None:
    pairs = align(NATIONAL_STANDARDS, LOCAL_STANDARDS).pairs
    changed = [p for p in pairs if p.status is Status.CHANGED]
    assert [(p.a.label, p.b.label) for p in changed if p.a and p.b] == [("第十四条", "第十二条")]
    assert [(link.a.label, link.b.label) for link in changed[0].also] == [("第十二条", "第十二条")]
    # the one-to-one labels stay: the second national article is still removed
    assert ("removed", "第十二条", None) in statuses(NATIONAL_STANDARDS, LOCAL_STANDARDS)
    assert ("removed", "第一百零三条", None) in statuses(NATIONAL_STANDARDS, LOCAL_STANDARDS)


def test_a_national_article_spread_over_two_local_ones_lists_the_second_in_also() -> None:
    # the same texts, the other way round: one A unit, taken up by two B units
    pairs = align(LOCAL_STANDARDS, NATIONAL_STANDARDS).pairs
    changed = [p for p in pairs if p.status is Status.CHANGED]
    assert [(link.a.label, link.b.label) for link in changed[0].also] == [("第十二条", "第十二条")]
    assert ("added", None, "第十二条") in statuses(LOCAL_STANDARDS, NATIONAL_STANDARDS)


def test_a_unit_below_the_floor_is_no_second_reading() -> None:
    far = [*LOCAL_STANDARDS, unit("第二条", "禁止在饮用水水源一级保护区内新建排污口。")]
    config = AlignConfig(min_similarity=0.99)  # nothing pairs, so nothing is read twice
    assert all(not p.also for p in align(NATIONAL_STANDARDS, far, config=config).pairs)


@settings(max_examples=60, deadline=None)
@given(st.lists(TEXTS, max_size=8), st.lists(TEXTS, max_size=8))
def test_every_unit_appears_once_and_statuses_fit(a_texts: list[str], b_texts: list[str]) -> None:
    a = [unit(f"a{i}", t) for i, t in enumerate(a_texts)]
    b = [unit(f"b{i}", t) for i, t in enumerate(b_texts)]
    pairs = align(a, b).pairs
    assert sorted(p.a.label for p in pairs if p.a) == sorted(u.label for u in a)
    assert sorted(p.b.label for p in pairs if p.b) == sorted(u.label for u in b)
    for p in pairs:
        both = p.a is not None and p.b is not None
        assert both == (p.status in (Status.SAME, Status.CHANGED))
        if both:
            assert p.a is not None and p.b is not None
            same_text = normal_text(p.a.text) == normal_text(p.b.text)
            assert same_text == (p.status is Status.SAME)
    # a second reading joins a changed pair's unit to a unit that has its own one-sided pair
    one_sided = {
        u.id for p in pairs if p.status in (Status.ADDED, Status.REMOVED) for u in (p.a, p.b) if u
    }
    for p in pairs:
        for link in p.also:
            assert p.status is Status.CHANGED
            assert (link.a == p.a and link.b.id in one_sided) or (
                link.b == p.b and link.a.id in one_sided
            )
    # the same comparison twice gives the same answer
    assert align(a, b).pairs == pairs
