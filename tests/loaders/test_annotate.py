"""`policykg extract --json`'s data: offsets into the decoded original for any input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policykg.loaders.annotate import annotate
from policykg.loaders.normalize import normalize
from policykg.loaders.read import read_document
from policykg.loaders.structure import parse_document
from policykg.loaders.units import KINDS
from policykg.pipeline import gazetteer_and_extractor

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "data" / "corpus"
DOCUMENTS = [CORPUS / "mee-2026-key-tasks.txt", *sorted((CORPUS / "dev").glob("*.txt"))]
EXTRACTOR = gazetteer_and_extractor(ROOT / "data" / "gazetteers")[1]


def check_spans(text: str, data: dict[str, Any]) -> None:
    ids = {u["id"] for u in data["units"]}
    assert len(ids) == len(data["units"])
    for unit in data["units"]:
        piece = text[unit["start"] : unit["end"]]
        assert piece and piece == piece.strip()
        assert piece.startswith(unit["label"])
        assert unit["kind"] in KINDS and (unit["parent"] is None or unit["parent"] in ids)
    for mention in data["mentions"]:
        assert text[mention["start"] : mention["end"]] == mention["surface"]
        assert mention["unit"] is None or mention["unit"] in ids


@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.name[:12] for p in DOCUMENTS])
def test_spans_slice_the_decoded_file(path: Path) -> None:
    data = annotate(read_document(path), EXTRACTOR)
    check_spans(path.read_text(encoding="utf-8"), data)
    assert data["mentions"]


def test_the_article_keeps_its_outline_and_names_its_headings_too() -> None:
    doc = read_document(CORPUS / "mee-2026-key-tasks.txt")
    data = annotate(doc, EXTRACTOR)
    text = (CORPUS / "mee-2026-key-tasks.txt").read_text(encoding="utf-8")
    assert [u["label"] for u in data["units"] if u["kind"] == "item"] == [
        f"{n}、" for n in "一二三四五六七"
    ]
    headings = [text[u["start"] : u["end"]] for u in data["units"] if u["kind"] == "heading"]
    assert len(headings) == 21 and headings[2] == "深入打好蓝天保卫战。"
    in_tasks = [m for m in data["mentions"] if m["task"]]
    outside = [m for m in data["mentions"] if not m["task"]]
    assert {m["task"] for m in in_tasks} <= {t.ordinal for t in doc.tasks}
    # the headings and the title are read too: 蓝天保卫战 stands in a heading, 生态环境部 in the title
    assert any(m["surface"] == "蓝天保卫战" for m in outside)
    assert any(m["surface"] == "生态环境部" and m["start"] < 40 for m in outside)


WORDS = st.sampled_from(
    ["黄河", "黃河流域", "生态环境部", "國務院", "推进", "治理", "VOCs", "PM2.5", "㎡", "ｶﾞ"]
)
PUNCT = st.sampled_from(["，", ",", "。", "（", "）", "：", "\u3000", " ", "\n", "\r\n", "\u200b"])
HEADS = st.sampled_from(["", "一、", "（一）", "1.", "第一条 ", "## 第一章 ", "• ", "# "])
LINE = st.tuples(HEADS, st.lists(st.one_of(WORDS, PUNCT), max_size=12)).map(
    lambda t: t[0] + "".join(t[1])
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(LINE, st.text(max_size=8)), min_size=1, max_size=8))
def test_spans_slice_back_for_any_input(lines: list[str]) -> None:
    text = "\n".join(lines)
    if not normalize(text).strip():
        return  # an empty document is an error, tested elsewhere
    try:
        doc = parse_document(text, slug="any")
    except Exception as exc:  # only "every line is page junk" may refuse a text with letters
        assert "web-page junk" in str(exc)
        return
    data = annotate(doc, EXTRACTOR)
    check_spans(text, data)
    for unit in doc.units:
        start, end = doc.original_span(unit.start, unit.end)
        # the unit's lines, in order, among the original's (page junk between them stays there)
        original = iter(normalize(text[start:end]).split("\n"))
        for line in doc.text[unit.start : unit.end].split("\n"):
            assert any(line == candidate for candidate in original)
