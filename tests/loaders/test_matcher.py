"""The gazetteer matcher: leftmost-longest, character offsets, whole Latin words, blocked names."""

from __future__ import annotations

import itertools
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.loaders.gazetteer import Gazetteer, load_gazetteers
from policykg.loaders.matcher import Hit, Matcher


@pytest.fixture(scope="module")
def gazetteer(gazetteer_dir: Path) -> Gazetteer:
    return load_gazetteers(gazetteer_dir)


@pytest.fixture(scope="module")
def matcher(gazetteer: Gazetteer) -> Matcher:
    return Matcher(gazetteer.surface_forms, gazetteer.blocked_surfaces)


def surfaces(matcher: Matcher, text: str) -> list[str]:
    return [h.surface for h in matcher.find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("开展长江中游城市群大气污染防治攻坚行动", ["长江中游城市群"]),
        ("持续实施京津冀及周边地区大气污染防治提质增效行动", ["京津冀及周边地区"]),
        ("实施黄河中下游总氮污染控制", ["黄河中下游", "总氮"]),
        ("推进重点领域非二氧化碳温室气体控排行动", ["非二氧化碳温室气体"]),
        ("上海合作组织绿色和可持续发展论坛", ["上海合作组织"]),
        ("强化长三角生态绿色一体化发展示范区制度创新", ["长三角生态绿色一体化发展示范区"]),
        ("深化扬尘、餐饮油烟、恶臭等污染治理", ["扬尘", "餐饮油烟", "恶臭"]),
        ("强化海水养殖尾水监测", ["海水养殖尾水"]),
        (
            "实施京津冀、长三角、粤港澳大湾区美丽中国先行区建设行动",
            ["京津冀", "长三角", "粤港澳大湾区", "美丽中国先行区"],
        ),
    ],
)
def test_longest_name_wins(matcher: Matcher, text: str, expected: list[str]) -> None:
    assert surfaces(matcher, text) == expected


def test_alias_resolves_to_the_canonical_id(matcher: Matcher) -> None:
    hits = matcher.find("积极参与二十国集团、金砖国家、亚太经合组织(APEC)等机制")
    assert [(h.surface, h.entity_id) for h in hits] == [
        ("二十国集团", "agency:二十国集团"),
        ("金砖国家", "agency:金砖国家"),
        ("亚太经合组织", "agency:亚太经合组织"),
        ("APEC", "agency:亚太经合组织"),
    ]
    assert matcher.find("制定全面加强黄河流域生态环境保护行动方案")[0].entity_id == "region:黄河"
    assert matcher.find("深入推动“无废城市”建设")[0] == Hit(4, 10, "“无废城市”", "program:无废城市")


def test_offsets_are_characters_and_slice_back(matcher: Matcher) -> None:
    text = "😀𠀀推进长江、黄河治理,VOCs减排"  # two non-BMP characters before the names
    hits = matcher.find(text)
    assert [(h.start, h.surface) for h in hits] == [(4, "长江"), (7, "黄河"), (12, "VOCs")]
    assert all(text[h.start : h.end] == h.surface for h in hits)


def test_every_hit_in_the_source_document_slices_back(matcher: Matcher, corpus_path: Path) -> None:
    text = unicodedata.normalize("NFKC", corpus_path.read_text(encoding="utf-8"))
    hits = matcher.find(text)
    assert len(hits) > 100
    assert all(text[h.start : h.end] == h.surface for h in hits)
    assert all(a.end <= b.start for a, b in itertools.pairwise(hits))
    found = {h.surface for h in hits}
    assert {"京津冀及周边地区", "长江中游城市群", "黄河中下游", "三大重点海域", "APEC"} <= found
    assert not {"上海", "昆明", "中国", "海城市", "海河", "化工作"} & found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("推动VOCs综合治理", ["VOCs"]),
        ("推动xVOCs综合治理", []),
        ("VOCsx", []),
        ("APECS", []),
        ("apec", []),  # case-sensitive
        ("PM2.5浓度", ["PM2.5"]),
        ("G20峰会与G200", ["G20"]),
        ("SCOPE", []),
    ],
)
def test_latin_aliases_match_whole_words_only(
    matcher: Matcher, text: str, expected: list[str]
) -> None:
    assert surfaces(matcher, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("施用复合肥", []),  # not 合肥
        ("北京市朝阳区", ["北京市"]),  # 朝阳区 is two districts: ambiguous, and no 朝阳
        ("完善适应气候变化工作体系", []),  # not 化工
        ("深入开展沿海城市海洋垃圾清理", ["海洋垃圾"]),  # not 海城市
        ("强化入海河流总氮源头防控", ["总氮"]),  # not 海河
        ("习近平新时代中国特色社会主义思想", []),  # 中国 is no gazetteer region
        ("稳定运行昆明生物多样性基金", ["昆明生物多样性基金"]),  # no 昆明 inside a proper name
    ],
)
def test_blocked_and_proper_names_hide_the_names_inside(
    matcher: Matcher, text: str, expected: list[str]
) -> None:
    assert surfaces(matcher, text) == expected


def test_a_gazetteers_surface_forms_bring_their_blocked_surfaces(gazetteer: Gazetteer) -> None:
    plain = Matcher(gazetteer.surface_forms)  # as loaders.extract builds it
    assert [h.surface for h in plain.find("施用复合肥,强化入海河流治理")] == []
    assert [h.surface for h in Matcher(gazetteer.surface_forms, blocked=()).find("复合肥")] == [
        "合肥"
    ]


def test_nested_names_inside_a_descriptive_name(matcher: Matcher) -> None:
    text = "推动实施固体废物综合治理行动,制定全面加强黄河流域生态环境保护行动方案"
    whole = matcher.find(text)[0]
    assert whole.surface == "固体废物综合治理行动"
    nested = matcher.find_nested(text, whole.start, whole.end)
    assert [(h.surface, h.start) for h in nested] == [("固体废物", 4)]
    start = text.index("全面")
    assert [h.surface for h in matcher.find_nested(text, start, len(text))] == ["黄河流域"]
    assert matcher.find_nested(text, 4, 5) == []


def test_an_empty_matcher_finds_nothing() -> None:
    assert Matcher({}).find("长江") == []
    assert Matcher({"长江": "region:长江"}).find("") == []


def test_the_automaton_is_built_once_per_set_of_surfaces(gazetteer: Gazetteer) -> None:
    from policykg.loaders import matcher as module

    first = Matcher(gazetteer.surface_forms, gazetteer.blocked_surfaces)
    first.find("长江")
    before = module._automaton.cache_info().hits
    Matcher(gazetteer.surface_forms, gazetteer.blocked_surfaces).find("黄河")
    assert module._automaton.cache_info().hits == before + 1


# -- property: random texts made of surfaces and filler ---------------------------------------

FILLER = st.text(
    alphabet=st.sampled_from("的和及推进治理,、 abcXYZ019😀𠀀-·《》“”"), min_size=0, max_size=6
)


@st.composite
def texts(draw: st.DrawFn, names: list[str]) -> tuple[str, list[tuple[int, str]]]:
    """A text of surfaces and filler, and where surfaces were put between 。 separators."""
    parts: list[str] = []
    placed: list[tuple[int, str]] = []
    for _ in range(draw(st.integers(1, 12))):
        if draw(st.booleans()):
            name = draw(st.sampled_from(names))
            start = sum(map(len, parts)) + 1
            parts.append(f"。{name}。")
            placed.append((start, name))
        else:
            parts.append(draw(FILLER) + draw(st.sampled_from(names)) + draw(FILLER))
    return "".join(parts), placed


@pytest.fixture(scope="module")
def names(gazetteer: Gazetteer) -> list[str]:
    assert not any("。" in s for s in gazetteer.surface_forms)
    return sorted(gazetteer.surface_forms)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_hits_slice_back_and_never_overlap(
    data: st.DataObject, matcher: Matcher, names: list[str], gazetteer: Gazetteer
) -> None:
    text, placed = data.draw(texts(names))
    hits = matcher.find(text)
    for hit in hits:
        assert text[hit.start : hit.end] == hit.surface
        assert gazetteer.surface_forms[hit.surface] == hit.entity_id
    assert all(a.end <= b.start for a, b in itertools.pairwise(hits))
    found = {(h.start, h.surface) for h in hits}
    for start, name in placed:  # a name standing alone between 。 is always found whole
        assert (start, name) in found


def test_scan_reports_what_hits_of_then_checks() -> None:
    """scan() is the automaton's word: a blocked surface and a Latin one running on into a
    word are matches there, and hits_of drops them, as find does."""
    matcher = Matcher({"APEC": "org:APEC", "长江": "region:长江"}, blocked=["复合肥"])
    text = "APECS复合肥长江APEC"
    matches = matcher.scan(text)
    assert [matcher.surfaces[i] for i, _, _ in matches] == ["APEC", "复合肥", "长江", "APEC"]
    assert all(text[s:e] == matcher.surfaces[i] for i, s, e in matches)
    assert [matcher.plain[i] for i, _, _ in matches] == [False, False, True, False]
    assert [matcher.entity_ids[i] for i, _, _ in matches] == [
        "org:APEC",
        None,
        "region:长江",
        "org:APEC",
    ]
    assert matcher.hits_of(text, matches) == matcher.find(text)
    assert [(h.surface, h.start) for h in matcher.find(text)] == [("长江", 8), ("APEC", 10)]
