"""extract_many: the same mentions as extract, text for text, from one scan per batch of texts.

The texts of a batch are joined by SEPARATOR for the name, head, walk-stop and verb scans, and
the matches are taken back per text; nothing of one text may leak into the next (a name across
the join, a Latin name running on into the next text's letters, a verb or head at an edge).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.graph.model import Node, NodeType, entity_id
from policykg.loaders.actions import BatchVerbs, find_verbs, verb_matches, verbs_as_matches
from policykg.loaders.extract import BATCH_CHARS, MAX_UNIT_CHARS, Extractor, UnitTooLong
from policykg.loaders.gazetteer import load_gazetteers
from policykg.loaders.matcher import SEPARATOR, Batch, Matcher
from policykg.loaders.normalize import normalize
from policykg.settings import PACKAGE_DATA


@pytest.fixture(scope="module")
def extractor(gazetteer_dir: Path) -> Extractor:
    return Extractor(load_gazetteers(gazetteer_dir))


def _law_lines(count: int) -> list[str]:
    laws = sorted((PACKAGE_DATA / "corpus" / "laws").rglob("*.md"))
    laws = [p for p in laws if p.name != "SOURCE.md"][:count]
    return [
        normalize(line)
        for law in laws
        for line in law.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def test_law_lines_give_what_extract_gives_over_several_batches(extractor: Extractor) -> None:
    lines = _law_lines(40)
    assert sum(map(len, lines)) > 3 * BATCH_CHARS  # several batches, and texts at their edges
    assert extractor.extract_many(lines) == [extractor.extract(line) for line in lines]


def test_the_source_articles_tasks_give_what_extract_gives(
    extractor: Extractor, corpus_path: Path
) -> None:
    from policykg.loaders.read import read_document

    tasks = [task.text for task in read_document(corpus_path).tasks]
    assert extractor.extract_many(tasks) == [extractor.extract(text) for text in tasks]
    verbs = [find_verbs(text) for text in tasks]
    assert extractor.extract_many(tasks, verbs) == extractor.extract_many(tasks)


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # a Latin name at a text's end is a whole word, whatever the next text starts with
        (["减少VOCs", "VOCs排放"], [["VOCs"], ["VOCs"]]),
        (["APEC", "S会议", "APECS"], [["APEC"], [], []]),
        # no name across the join: 长江 | 流域 are two texts
        (["治理长江", "流域生态"], [["长江"], []]),
        # empty texts and a text holding the separator itself
        (["", "长江", "", f"黄河{SEPARATOR}流域"], [[], ["长江"], [], ["黄河"]]),
    ],
)
def test_nothing_of_one_text_leaks_into_the_next(
    extractor: Extractor, texts: list[str], expected: list[list[str]]
) -> None:
    many = extractor.extract_many(texts)
    assert [[f.surface for f in found] for found in many] == expected
    assert many == [extractor.extract(text) for text in texts]


def test_no_texts_no_mentions(extractor: Extractor) -> None:
    assert extractor.extract_many([]) == []


def test_a_text_too_long_is_refused_before_any_is_extracted(extractor: Extractor) -> None:
    with pytest.raises(UnitTooLong) as refused:
        extractor.extract_many(["长江", "长" * (MAX_UNIT_CHARS + 1)])
    assert refused.value.length == MAX_UNIT_CHARS + 1


def test_verbs_for_another_number_of_texts_are_refused(extractor: Extractor) -> None:
    with pytest.raises(ValueError, match="1 verb lists for 2 texts"):
        extractor.extract_many(["制定方案", "长江"], [find_verbs("制定方案")])


def test_a_surface_holding_the_separator_is_found_text_by_text() -> None:
    """Such a surface would join two texts of a batch: the matcher scans them one by one."""
    matcher = Matcher({f"长江{SEPARATOR}黄河": "region:x", "长江": "region:长江"})
    texts = ["长江", "黄河", f"长江{SEPARATOR}黄河"]
    assert matcher.find_many(Batch(texts)) == [matcher.find(text) for text in texts]
    assert [h.surface for h in matcher.find_many(Batch(texts))[2]] == [f"长江{SEPARATOR}黄河"]


def test_batch_verbs_are_find_verbs_text_by_text() -> None:
    texts = ["研究制定", "修订方案", "", "制修订标准,加强监测"]
    verbs = BatchVerbs(Batch(texts))
    assert [verbs.of(k) for k in range(len(texts))] == [verb_matches(text) for text in texts]
    assert [verbs.of(k) for k in range(len(texts))] == [
        verbs_as_matches(find_verbs(text)) for text in texts
    ]


FRAGMENTS = st.sampled_from(
    [
        "长江",
        "流域",
        "黄河流域",
        "VOCs",
        "APEC",
        "S",
        "PM2.5",
        "制定",
        "修订",
        "实施方案",
        "行动",
        "“无废城市”建设",
        "《大气污染防治法》",
        "生态环境部牵头",
        "等",
        "、",
        ",",
        "。",
        "和",
        "应当",
        "按照",
        "钢铁",
        "水泥等行业",
        SEPARATOR,
        "a1",
        "",
    ]
)


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(st.lists(FRAGMENTS, max_size=8).map("".join), max_size=8))
def test_any_texts_give_what_extract_gives(extractor: Extractor, texts: list[str]) -> None:
    assert extractor.extract_many(texts) == [extractor.extract(text) for text in texts]


def test_an_extractor_with_a_surface_holding_the_separator_scans_text_by_text(
    extractor: Extractor,
) -> None:
    """extract_many joins no texts for such a gazetteer (Matcher.joinable): the same mentions."""
    name = f"长江{SEPARATOR}黄河"
    joined = extractor.with_entities(
        {name: Node(entity_id(NodeType.REGION, name), NodeType.REGION, name, {})}
    )
    assert not joined.matcher.joinable
    texts = ["长江", "黄河", name, "制定长江保护方案"]
    found = joined.extract_many(texts)
    assert found == [joined.extract(text) for text in texts]
    assert [f.surface for f in found[2]] == [name]
