"""The role extractor holds precision and recall >= 0.90 on the hand-written role gold.

Roles match on (span, role), carried roles on (unit span, agency span, role); deadlines and
targets on their spans (data/gold/roles/README.md). Agency mentions come from the entity extractor,
the outline from the gold. Per-source figures: `python -m devkit.role_score`.
"""

from __future__ import annotations

from functools import cache

import pytest

from devkit.role_score import GOLD, Score, SourceScore, score_all

THRESHOLD = 0.90
SOURCES = sorted(p.name.removesuffix(".roles.json") for p in GOLD.glob("*.roles.json"))


@cache
def _scores() -> dict[str, SourceScore]:
    return {s.source: s for s in score_all()}


def _total(kind: str) -> Score:
    total = Score(0, 0, 0)
    for source in _scores().values():
        total += getattr(source, kind)
    return total


@pytest.mark.parametrize("kind", ["roles", "deadlines", "targets"])
def test_precision_and_recall_over_all_sources(kind: str) -> None:
    total = _total(kind)
    assert total.gold > 0
    assert total.precision >= THRESHOLD, total.spurious
    assert total.recall >= THRESHOLD, total.missed


@pytest.mark.parametrize("source", SOURCES)
def test_precision_and_recall_of_each_source(source: str) -> None:
    roles = _scores()[source].roles
    assert roles.precision >= THRESHOLD, roles.spurious
    assert roles.recall >= THRESHOLD, roles.missed


def test_the_state_council_plan_has_every_role_right() -> None:
    roles = _scores()["04-state-council-office-zero-waste-city-pilot-plan-2018"].roles
    assert {key[-1] for key in roles.hits} == {"lead", "support", "guide", "responsible", "joint"}
    assert any(key[0] == "carried" for key in roles.hits)
