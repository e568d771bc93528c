"""The hand-written role gold (data/gold/roles/) is well formed.

This checks the gold files, not the role extractor: every role, deadline and target span slices
back to its text and lies inside its unit, units do not overlap, roles come from the agreed set,
and a carried role points at an agency mention earlier in the text (data/gold/roles/README.md).
"""

from __future__ import annotations

import json
from itertools import pairwise
from typing import Any

import pytest

from policykg.settings import PACKAGE_DATA

GOLD = PACKAGE_DATA / "gold" / "roles"
ROLES = frozenset({"lead", "support", "responsible", "guide", "joint"})
FILES = sorted(path.name.removesuffix(".roles.json") for path in GOLD.glob("*.roles.json"))


def _gold(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((GOLD / f"{name}.roles.json").read_text(encoding="utf-8"))
    return data


def _text(gold: dict[str, Any]) -> str:
    source = str(gold["source"]).removeprefix("data/")
    text: str = (PACKAGE_DATA / source).read_bytes().decode("utf-8")
    return text


def test_the_gold_covers_the_dev_documents_laws_tables_and_a_convention() -> None:
    assert len(FILES) == 10
    assert {"law-articles", "plan-duties", "table-tabbed", "table-pdf-flattened"} <= set(FILES)
    law = _gold("law-articles")
    assert len(law["units"]) == 20
    assert len({unit["from"] for unit in law["units"]}) == 20
    plans = _gold("plan-duties")
    assert len(plans["units"]) == len({unit["from"] for unit in plans["units"]}) == 20


@pytest.mark.parametrize("name", FILES)
def test_spans_slice_back_and_sit_in_their_units(name: str) -> None:
    gold = _gold(name)
    text = _text(gold)
    assert set(gold) == {"document", "source", "offsets", "notes", "units"}
    for before, after in pairwise(gold["units"]):
        assert before["end"] <= after["start"], (before, after)
    for unit in gold["units"]:
        assert 0 <= unit["start"] < unit["end"] <= len(text)
        for role in unit["roles"]:
            assert role["role"] in ROLES, role
            assert text[role["start"] : role["end"]] == role["surface"], role
            assert role["name"], role
            if role.get("carried"):
                assert role["end"] <= unit["start"], (unit, role)
            else:
                assert unit["start"] <= role["start"] and role["end"] <= unit["end"], (unit, role)
        for item in unit["deadlines"] + unit["targets"]:
            assert text[item["start"] : item["end"]] == item["surface"], item
            assert unit["start"] <= item["start"] and item["end"] <= unit["end"], (unit, item)


@pytest.mark.parametrize("name", FILES)
def test_no_agency_span_has_two_roles_in_one_unit(name: str) -> None:
    for unit in _gold(name)["units"]:
        spans = [(role["start"], role["end"]) for role in unit["roles"]]
        assert len(spans) == len(set(spans)), unit


def test_dev_gold_roles_are_agency_mentions_of_the_mention_gold() -> None:
    for name in FILES:
        gold = _gold(name)
        if not gold["source"].startswith("data/corpus/dev/"):
            continue
        mentions = json.loads(
            (PACKAGE_DATA / "gold" / "dev" / f"{name}.gold.json").read_text(encoding="utf-8")
        )["mentions"]
        agencies = {(m["start"], m["end"], m["name"]) for m in mentions if m["type"] == "Agency"}
        for unit in gold["units"]:
            for role in unit["roles"]:
                assert (role["start"], role["end"], role["name"]) in agencies, role
