"""Script detection and matching Traditional text on its OpenCC Simplified conversion."""

from __future__ import annotations

import collections
from pathlib import Path

import opencc
import pytest
from hypothesis import given
from hypothesis import strategies as st

from policykg.loaders.annotate import annotate
from policykg.loaders.mentions import find_in
from policykg.loaders.read import read_document
from policykg.loaders.script import MIXED, SIMPLIFIED, TRADITIONAL, detect_script, to_simplified
from policykg.pipeline import gazetteer_and_extractor

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "data" / "corpus" / "dev"
TRADITIONAL_DOC = DEV / "13-hubei-pollution-carbon-synergy-plan-2022-traditional-partial.txt"


@pytest.fixture(scope="module")
def extractor():  # type: ignore[no-untyped-def]
    return gazetteer_and_extractor(ROOT / "data" / "gazetteers")[1]


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("推进黄河流域生态保护,生态环境部牵头。", SIMPLIFIED),
        ("推進黃河流域生態保護,生態環境部牽頭。", TRADITIONAL),
        ("推進黃河流域生態保護,由生态环境部和国务院办公厅负责。", MIXED),
        ("PM2.5 and NOx", SIMPLIFIED),
    ],
)
def test_the_script_is_told_by_the_characters_only_one_script_writes(
    text: str, script: str
) -> None:
    assert detect_script(text) == script


def test_taiwan_phrases_become_mainland_ones_with_spans_in_the_original() -> None:
    text = "產業結構最佳化調整,推廣套用,空氣品質改善"
    simplified, offsets = to_simplified(text)
    assert simplified == "产业结构优化调整,推广应用,空气质量改善"
    start = simplified.index("优化")
    assert text[slice(*offsets.span(start, start + 2))] == "最佳化"
    start = simplified.index("推广")
    assert text[slice(*offsets.span(start, start + 4))] == "推廣套用"


@given(st.text(alphabet="黃河國務院生態環境部最佳化套用空氣品質的和,。 \n甲乙", max_size=40))
def test_every_converted_span_maps_inside_the_original(text: str) -> None:
    simplified, offsets = to_simplified(text)
    assert len(offsets) == len(simplified)
    for i in range(len(simplified)):
        start, end = offsets.span(i, i + 1)
        assert 0 <= start <= end <= len(text)


def test_traditional_names_are_found_with_their_traditional_surface(extractor) -> None:  # type: ignore[no-untyped-def]
    text = "加強黃河流域生態保護,國務院和生態環境部負責。"
    found = {f.surface: f.entity_id for f in find_in(text, extractor, TRADITIONAL)}
    assert {"黃河流域", "國務院", "生態環境部"} <= set(found)
    for surface, start in ((s, text.index(s)) for s in found):
        assert text[start : start + len(surface)] == surface


def test_the_traditional_dev_document_and_its_simplified_version_give_the_same_entities(
    extractor,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    original = TRADITIONAL_DOC.read_text(encoding="utf-8")
    # the Simplified version without the header lines, so that its script is read from the text
    converted = opencc.OpenCC("tw2sp").convert(original.split("\n\n", 1)[1])
    simplified_path = tmp_path / "simplified.txt"
    simplified_path.write_text(converted, encoding="utf-8")
    results = []
    for path, text in ((TRADITIONAL_DOC, original), (simplified_path, converted)):
        data = annotate(read_document(path), extractor)
        for mention in data["mentions"]:
            assert text[mention["start"] : mention["end"]] == mention["surface"]
        results.append(data)
    traditional, simplified = results
    assert traditional["metadata"]["script"] == TRADITIONAL
    assert simplified["metadata"]["script"] == SIMPLIFIED
    entities = [collections.Counter(m["entity_id"] for m in r["mentions"]) for r in results]
    assert entities[0] == entities[1]
    assert len(traditional["mentions"]) >= 20
    names = {m["name"] for m in traditional["mentions"]}
    assert {"国务院", "湖北省", "武汉市"} <= names  # canonical names stay Simplified
    assert [u["kind"] for u in traditional["units"]] == [u["kind"] for u in simplified["units"]]
