"""Role cue words from data/lexicon/roles.csv (one row per cue, each with its source).

Kinds: note_verb (the verb closing a clause of a note: 牵头 -> lead), duty_verb (a verb that
makes a subject's duty a role: 牵头抓总 -> lead), joint (会同, 商), modal (应当, 要), assigns (由),
not_subject (按照, 向, 报: what follows is not the actor), agency_head (主管部门, 人民政府),
not_agency (bare 有关部门), convention, carry_over, table_column, and the words of quantified
targets (target_verb 达到, target_unit %, target_bound 以上).
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import cast

from policykg.errors import GazetteerError
from policykg.graph.model import ROLES, Role
from policykg.settings import PACKAGE_DATA

__all__ = ["Cues", "default_cues", "parse_cues"]

_CUES_FILE = PACKAGE_DATA / "lexicon" / "roles.csv"
_COLUMNS = ("cue", "kind", "role", "source")
_KINDS = frozenset(
    {
        *("note_verb", "duty_verb", "joint", "modal", "assigns", "not_subject"),
        *("agency_head", "not_agency", "convention", "carry_over", "table_column"),
        *("target_verb", "target_unit", "target_bound"),
    }
)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one table per process
class Cues:
    """The cue words, longest first within each kind (so 负责落实 is tried before 负责)."""

    note_verbs: Mapping[str, Role]
    duty_verbs: Mapping[str, Role]
    joint: tuple[str, ...]
    modals: tuple[str, ...]
    assigns: tuple[str, ...]
    not_subject: tuple[str, ...]
    agency_heads: tuple[str, ...]
    not_agency: frozenset[str]
    conventions: tuple[str, ...]
    carry_over: tuple[str, ...]
    table_columns: Mapping[str, str]
    target_verbs: tuple[str, ...]
    target_units: tuple[str, ...]
    target_bounds: tuple[str, ...]


def parse_cues(rows: list[dict[str, str]], where: str = "roles.csv") -> Cues:
    """Cues from CSV rows; every row needs a cue, a known kind and a source.

    Args:
        rows: the CSV rows.
        where: the file's name in errors.
    """
    by_kind: dict[str, list[tuple[str, str]]] = {kind: [] for kind in _KINDS}
    for line, row in enumerate(rows, start=2):
        cue, kind, role, source = (row.get(c, "").strip() for c in _COLUMNS)
        if not cue or kind not in _KINDS or not source:
            raise GazetteerError(where, "a cue needs a cue, a known kind and a source", line)
        if kind in ("note_verb", "duty_verb") and role not in ROLES:
            raise GazetteerError(where, f"unknown role {role!r}", line)
        by_kind[kind].append((cue, role))

    def longest(kind: str) -> tuple[str, ...]:
        return tuple(sorted((c for c, _ in by_kind[kind]), key=len, reverse=True))

    def roles(kind: str) -> Mapping[str, Role]:
        ordered = sorted(by_kind[kind], key=lambda item: len(item[0]), reverse=True)
        return MappingProxyType({c: cast(Role, r) for c, r in ordered})

    return Cues(
        note_verbs=roles("note_verb"),
        duty_verbs=roles("duty_verb"),
        joint=longest("joint"),
        modals=longest("modal"),
        assigns=longest("assigns"),
        not_subject=longest("not_subject"),
        agency_heads=longest("agency_head"),
        not_agency=frozenset(c for c, _ in by_kind["not_agency"]),
        conventions=longest("convention"),
        carry_over=longest("carry_over"),
        table_columns=MappingProxyType(dict(by_kind["table_column"])),
        target_verbs=longest("target_verb"),
        target_units=longest("target_unit"),
        target_bounds=longest("target_bound"),
    )


@cache
def default_cues() -> Cues:
    """The packaged cue table, read once."""
    with _CUES_FILE.open(encoding="utf-8", newline="") as handle:
        return parse_cues(list(csv.DictReader(handle)), str(_CUES_FILE))
