"""How /ask reads a question: NFKC, and `all` only when the names are joined by 和/与/及/and."""

from __future__ import annotations

import pytest

from policykg.api.questions import EnglishNames, match_mode, normalise
from policykg.graph.model import Node, NodeType, PropValue


def spans_of(text: str, *names: str) -> list[tuple[int, int]]:
    out = []
    for name in names:
        start = text.index(name)
        out.append((start, start + len(name)))
    return out


@pytest.mark.parametrize(
    ("question", "names", "mode"),
    [
        ("哪些任务涉及黄河和总氮", ("黄河", "总氮"), "all"),
        ("黄河与长江的任务", ("黄河", "长江"), "all"),
        ("长江及黄河", ("长江", "黄河"), "all"),
        ("涉及黄河并且涉及总氮", ("黄河", "总氮"), "all"),
        ("哪些任务同时涉及黄河、长江", ("黄河", "长江"), "all"),
        ("tasks on Yellow River and Yangtze", ("Yellow River", "Yangtze"), "all"),
        ("黄河、长江的任务", ("黄河", "长江"), "any"),
        ("黄河或长江", ("黄河", "长江"), "any"),
        ("Yellow River or Yangtze", ("Yellow River", "Yangtze"), "any"),
        ("哪些任务涉及黄河", ("黄河",), "any"),
        ("和田地区与喀什地区", ("和田地区", "喀什地区"), "all"),
        ("和田地区、喀什地区", ("和田地区", "喀什地区"), "any"),  # 和 inside a name joins nothing
    ],
)
def test_match_mode(question: str, names: tuple[str, ...], mode: str) -> None:
    assert match_mode(question, spans_of(question, *names)) == mode


def test_questions_are_normalised_like_documents() -> None:
    assert normalise(" 哪些任务涉及黄河？ ") == "哪些任务涉及黄河?"
    assert normalise("ＰＭ２．５") == "PM2.5"


def region(key: str, name: str, name_en: str, *aliases: str) -> Node:
    props: dict[str, PropValue] = {"name_en": name_en, "aliases": list(aliases)}
    return Node(f"region:{key}", NodeType.REGION, name, props)


ENGLISH = EnglishNames(
    [
        region("黄河", "黄河", "Yellow River", "黄河流域"),
        region("黄河中下游", "黄河中下游", "Middle and Lower Yellow River"),
        region("110105", "朝阳区", "Chaoyang District"),
        region("220104", "朝阳区", "Chaoyang District"),
        Node("agency:生态环境部", NodeType.AGENCY, "生态环境部", {"name_en": "Ministry (MEE)"}),
    ]
)


def test_english_names_match_whole_words_longest_first() -> None:
    text = "tasks on the Middle and Lower Yellow River and the yellow river"
    hits = ENGLISH.find(text)
    assert [(h.surface, h.entity_id) for h in hits] == [
        ("Middle and Lower Yellow River", "region:黄河中下游"),
        ("yellow river", "region:黄河"),
    ]
    assert all(text[h.start : h.end] == h.surface for h in hits)
    assert ENGLISH.find("Yellow Riverside") == []


def test_english_names_shared_by_two_entities_name_neither() -> None:
    assert ENGLISH.find("Chaoyang District") == []


def test_english_names_answer_without_their_parenthesis() -> None:
    assert [h.entity_id for h in ENGLISH.find("the Ministry and the MEE")] == ["agency:生态环境部"]
