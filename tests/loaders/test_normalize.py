"""normalize: one normal form, only whitespace and compatibility forms change, idempotent."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policykg.loaders.normalize import normalize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("推进治理，加强监管", "推进治理,加强监管"),
        ("亚太经合组织（APEC）", "亚太经合组织(APEC)"),
        ("来源：生态环境部", "来源:生态环境部"),
        ("划重点！生态环境部", "划重点!生态环境部"),
        ("ＶＯＣｓ综合治理", "VOCs综合治理"),
        ("１．推进", "1.推进"),
        ("⑴推进", "(1)推进"),
        ("⼀、主题", "一、主题"),  # a Kangxi radical from a PDF copy is the numeral 一
    ],
)
def test_compatibility_forms_fold(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    "kept", ["。", "“十五五”", "《核安全公约》", "京津冀、长三角", "①", "⑳", "【打印】"]
)
def test_chinese_punctuation_and_circled_numbers_stay(kept: str) -> None:
    assert normalize(kept) == kept


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("甲\r\n乙\r丙\n丁", "甲\n乙\n丙\n丁"),
        ("甲\u2028乙\u2029丙\x0c丁\x85戊", "甲\n乙\n丙\n丁\n戊"),
        ("\ufeff甲\u200b乙\u200d丙\u2060丁\u00ad", "甲乙丙丁"),
        ("甲\x00乙\x07丙", "甲乙丙"),
        ("  甲   乙\t\t丙  ", "甲 乙 丙"),
        ("\u3000\u3000深入打好蓝天保卫战。", "深入打好蓝天保卫战。"),
        ("甲\u00a0\u00a0乙", "甲 乙"),
        ("\n\n甲\n\n\n\n乙\n \n\t\n丙\n\n", "甲\n\n乙\n\n丙"),
    ],
)
def test_line_breaks_invisible_characters_and_spaces(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_the_source_document_changes_only_in_whitespace_and_compatibility_forms(
    corpus_path: Path,
) -> None:
    raw = corpus_path.read_text(encoding="utf-8")
    clean = normalize(raw)
    assert re.sub(r"\s", "", clean) == re.sub(r"\s", "", unicodedata.normalize("NFKC", raw))
    assert "划重点!生态环境部部署2026年七项工作任务" in clean
    assert normalize(clean) == clean


TRICKY = st.sampled_from(
    list("\r\n\t \u3000\u00a0\u2028\u2029\x85\x0b\x0c\x1c\ufeff\u200b\u200d\u00ad\x00\x07")
    + list("\u0301\u0308\u0316\u0345e\u1100\u1161\u11a8ＡＶ，（）：！。“”《》、①⑳⑴¨…")
)
TEXT = st.text(st.one_of(st.characters(), TRICKY), max_size=60)


@given(TEXT)
def test_normalizing_twice_changes_nothing(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@given(TEXT)
def test_normal_form_has_no_stray_whitespace(text: str) -> None:
    clean = normalize(text)
    assert "\r" not in clean and "\u200b" not in clean and "\ufeff" not in clean
    assert "\n\n\n" not in clean
    assert clean == clean.strip()
    for line in clean.split("\n"):
        assert line == line.strip() and "  " not in line
    assert clean.split("\n") == clean.splitlines() or clean == ""
