"""The word lists that drive extraction, read from data/lexicon/*.csv (each row with a reason).

>>> lexicon = load_lexicon()
>>> lexicon.verbs["制定"], "制定" in lexicon.drafting_verbs
('rule-making', True)
>>> lexicon.heads["行动"]
('Program', 'action', 'Action')

A malformed file raises LexiconError naming the file and row, never a half-read list.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

from policykg.errors import PolicyKGError

__all__ = ["LexiconError", "lexicon_dir", "load_lexicon", "read_lexicon"]

_ACTION_TYPES = (
    "rule-making",
    "planning",
    "enforcement",
    "monitoring",
    "research",
    "cooperation",
    "outreach",
    "implementation",
)
_HEAD_TYPES = ("Instrument", "Program", "Region")
_AGENCY_NEEDS = ("none", "level", "function", "function_or_level", "never")
_BOUNDARY_ROLES = (
    "collective_end",
    "plural_start",
    "not_a_name_end",
    "scope_noun",
    "quoted_program_follower",
    "named_head",
    "walk_stop",
    "place_programme_prefix",
    "document_title_end",
    "sector_list_end",
)


class LexiconError(PolicyKGError):
    """A lexicon file is missing a column, a reason, or holds an unknown value."""


@dataclass(frozen=True)
class _Lexicon:
    verbs: Mapping[str, str]  # verb -> action type
    drafting_verbs: frozenset[str]
    revising_verbs: frozenset[str]
    co_verbs: tuple[str, ...]  # pair with a drafting verb: 印发实施
    governing_verbs: frozenset[str]  # a name's walk back stops after them
    name_verbs: frozenset[str]
    heads: Mapping[str, tuple[str, str, str]]  # head -> (type, kind, English gloss)
    generic_words: frozenset[str]
    boundaries: Mapping[str, tuple[str, ...]]  # role -> words, in file order
    agency_heads: Mapping[str, str]  # head -> what must precede it (AGENCY_NEEDS)
    agency_functions: frozenset[str]
    agency_levels: frozenset[str]


def lexicon_dir() -> Traversable:
    """Where the package keeps its lexicon."""
    return files("policykg") / "data" / "lexicon"


@cache
def load_lexicon() -> _Lexicon:
    """The package's lexicon; read once, it does not change while a process runs."""
    return read_lexicon(lexicon_dir())


def read_lexicon(folder: Traversable) -> _Lexicon:
    """Read the lexicon files of `folder`.

    Args:
        folder: the folder of lexicon files.
    """
    verbs = _rows(folder, "verbs.csv", ("verb", "action_type", "role", "governs"))
    for row in verbs:
        _check(row, "action_type", _ACTION_TYPES, "verbs.csv")
        _check(row, "role", ("", "draft", "revise", "co"), "verbs.csv")
        _check(row, "governs", ("yes", "no"), "verbs.csv")
    heads = _rows(folder, "name_heads.csv", ("head", "type", "kind", "name_en"))
    for row in heads:
        _check(row, "type", _HEAD_TYPES, "name_heads.csv")
    bounds = _rows(folder, "name_boundaries.csv", ("word", "role"))
    for row in bounds:
        _check(row, "role", _BOUNDARY_ROLES, "name_boundaries.csv")
    agency_heads = _rows(folder, "agency_heads.csv", ("head", "needs"))
    for row in agency_heads:
        _check(row, "needs", _AGENCY_NEEDS, "agency_heads.csv")
    return _Lexicon(
        verbs={r["verb"]: r["action_type"] for r in verbs},
        drafting_verbs=frozenset(r["verb"] for r in verbs if r["role"] == "draft"),
        revising_verbs=frozenset(r["verb"] for r in verbs if r["role"] == "revise"),
        co_verbs=tuple(r["verb"] for r in verbs if r["role"] == "co"),
        governing_verbs=frozenset(r["verb"] for r in verbs if r["governs"] == "yes"),
        name_verbs=frozenset(r["verb"] for r in _rows(folder, "name_verbs.csv", ("verb",))),
        heads={r["head"]: (r["type"], r["kind"], r["name_en"]) for r in heads},
        generic_words=frozenset(r["word"] for r in _rows(folder, "generic_words.csv", ("word",))),
        boundaries={
            role: tuple(r["word"] for r in bounds if r["role"] == role) for role in _BOUNDARY_ROLES
        },
        agency_heads={r["head"]: r["needs"] for r in agency_heads},
        agency_functions=frozenset(
            r["function"] for r in _rows(folder, "agency_functions.csv", ("function",))
        ),
        agency_levels=frozenset(r["level"] for r in _rows(folder, "agency_levels.csv", ("level",))),
    )


def _rows(folder: Traversable, name: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    text = (folder / name).read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    missing = {*columns, "reason"} - set(reader.fieldnames or ())
    if missing:
        raise LexiconError(f"{name}: missing columns {sorted(missing)}")
    rows = []
    seen: set[str] = set()
    for line, row in enumerate(reader, start=2):
        key = row[columns[0]]
        if not key or not (row.get("reason") or "").strip():
            raise LexiconError(f"{name}, line {line}: every row needs a word and a reason")
        if key in seen and name != "name_boundaries.csv":
            raise LexiconError(f"{name}, line {line}: {key} is listed twice")
        seen.add(key)
        rows.append({k: (v or "") for k, v in row.items()})
    return rows


def _check(row: Mapping[str, str], column: str, allowed: tuple[str, ...], name: str) -> None:
    if row[column] not in allowed:
        raise LexiconError(f"{name}: {row[column]!r} is no {column} (one of {allowed})")
