"""Trailing notes: the agencies in brackets after a task and the verb that gives their role.

`（生态环境部牵头，国家发展改革委、工业和信息化部参与）`: each comma clause of a note is a list
closed by a verb (牵头 -> lead, 参与 -> support, 指导 -> guide, 负责落实 -> responsible). The same
shape in square, tortoise-shell or ASCII brackets: `〔市生态环境局牵头,…参与,各县、区人民政府负责落实〕`.
A clause of bare agencies has a role only under a document convention (列第一位者为牵头部门: the
first leads, the others support). A carry-over clause (以下均需X落实) is left to conventions.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from policykg.graph.model import Role
from policykg.loaders.roles.agency_list import Item, split_list
from policykg.loaders.roles.cues import Cues

__all__ = ["NOTE", "note_roles"]

NOTE = re.compile(r"（[^（）]*）|\([^()]*\)|〔[^〔〕]*〕|【[^【】]*】")
_CLAUSE = re.compile(r"[^，,；;。]+")
_CARRY_OVER_START = "以下"


@dataclass(frozen=True)
class _NoteRole:
    item: Item
    role: Role


def note_roles(text: str, cues: Cues, first_listed_leads: bool = False) -> Iterator[_NoteRole]:
    """Roles stated in the bracketed notes of `text` (offsets in `text`).

    Args:
        text: the unit's text.
        cues: the cue table.
        first_listed_leads: True where the document states that the first-listed agency leads.
    """
    for note in NOTE.finditer(text):
        inner_start, inner_end = note.start() + 1, note.end() - 1
        for clause in _CLAUSE.finditer(text, inner_start, inner_end):
            words = clause.group()
            if words.startswith(_CARRY_OVER_START) or any(c in words for c in cues.carry_over):
                continue  # a carry-over clause: conventions.py reads it
            yield from _clause_roles(text, clause.start(), clause.end(), cues, first_listed_leads)


def _clause_roles(
    text: str, start: int, end: int, cues: Cues, first_listed_leads: bool
) -> Iterator[_NoteRole]:
    clause = text[start:end].rstrip()
    for verb, role in cues.note_verbs.items():
        if clause.endswith(verb):
            stop = start + len(clause) - len(verb)
            items = split_list(text, start, stop, cues)
            if items and all(_looks_like_agency(i, cues) for i in items):
                yield from (_NoteRole(item, role) for item in items)
            return
    if first_listed_leads:
        items = split_list(text, start, start + len(clause), cues)
        if items and all(_looks_like_agency(i, cues) and i.head for i in items):
            yield _NoteRole(items[0], "lead")
            yield from (_NoteRole(item, "support") for item in items[1:])


def _looks_like_agency(item: Item, cues: Cues) -> bool:
    """A note's list holds names, not a sentence: short, and no cue word inside."""
    words = (*cues.modals, *cues.joint, *cues.not_subject)
    return len(item.surface) <= 20 and not any(w in item.surface for w in words if len(w) > 1)
