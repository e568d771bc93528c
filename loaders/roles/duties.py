"""Duties in running text: who acts in a clause of a law or a directive clause of a plan.

- The agency list at the start of a clause, or after 由, acts: `国务院生态环境主管部门负责…`,
  `县级以上地方人民政府…负责…`, `…由国务院生态环境主管部门会同…组织实施` -> responsible.
- The agencies after 会同 or 商 act with it -> joint (`会同国务院卫生行政部门`).
- In laws every clause is normative; in plans and resolutions a subject acts only with a modal
  (要, 应当, 负责 …) or 会同 after it, so narrative (`2018年6月，党中央、国务院发布…`) has no role.
- A duty verb in the clause may name the role (`市环委办要充分发挥牵头抓总作用` -> lead).
- A list followed by 的 is not a subject (`国务院生态环境主管部门的规定`); lists after 按照, 向, 报,
  经 … never start a clause's actor (they are not at its start), unless 会同 follows them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from policykg.graph.model import Role
from policykg.loaders.agency_patterns import find_agencies
from policykg.loaders.roles.agency_list import Found, Item, parse_list
from policykg.loaders.roles.cues import Cues

__all__ = ["duty_roles", "states_a_duty"]

#: Where a clause starts: after punctuation, a line break, or a printed label.
_CLAUSE_START = re.compile(
    r"(?:^|[，,。；;：:\n])\s*"
    r"(?:第[一二三四五六七八九十百零]+条\s*|（[一二三四五六七八九十]+）|\d+[.．、]|[一二三四五六七八九十]+、)?"
)
_CLAUSE_END = "，,。；;：:\n"
#: Words a modal may follow in plans (均需, 都要, 也要 …).
_ADVERBS = ("均", "都", "也", "还", "切实", "要")


@dataclass(frozen=True)
class _DutyRole:
    item: Item
    role: Role


def duty_roles(
    text: str,
    mentions: Sequence[tuple[int, int]],
    skip: Sequence[tuple[int, int]],
    cues: Cues,
    law: bool,
) -> Iterator[_DutyRole]:
    """Responsible and joint agencies of every clause of `text` (offsets in `text`).

    Args:
        text: the unit's text.
        mentions: agency spans the entity extractor found in it.
        skip: spans to step over at the start of a list item (region names).
        cues: the cue table.
        law: True for a law (every clause is normative).
    """
    seen: set[tuple[int, int]] = set()
    for start in _actor_positions(text, cues):
        found = parse_list(text, start, mentions, skip, cues)
        if found is None or (found.items[0].start, found.end) in seen:
            continue
        seen.add((found.items[0].start, found.end))
        yield from _roles_of(text, start, found, mentions, skip, cues, law)


def _actor_positions(text: str, cues: Cues) -> Iterator[int]:
    """Clause starts, and the places right after 由 or 经 (where a list may name the actor)."""
    for match in _CLAUSE_START.finditer(text):
        yield match.end()
    for word in (*cues.assigns, "经"):
        for match in re.finditer(re.escape(word), text):
            if not text.startswith(("由于", "经济", "经营", "经过"), match.start()):
                yield match.end()


def _roles_of(
    text: str,
    start: int,
    found: Found,
    mentions: Sequence[tuple[int, int]],
    skip: Sequence[tuple[int, int]],
    cues: Cues,
    law: bool,
) -> Iterator[_DutyRole]:
    after = text[found.end : _clause_end(text, found.end)]
    if law and not after and text.startswith(("，", ","), found.end):
        after = text[found.end + 1 : _clause_end(text, found.end + 1)]  # 主语，谓语 in laws
    if not after or after.startswith(("的", "、")):
        return
    before = text[start - 1] if start else ""
    joint_first = after.startswith(cues.joint)
    if before == "经" and not joint_first:
        return  # 经X同意: a condition, not X's duty
    assigned = text.endswith(cues.assigns, 0, start)
    if not (law or assigned or joint_first or _modal_first(after, cues)):
        return
    role: Role = next((r for verb, r in cues.duty_verbs.items() if verb in after), "responsible")
    yield from (_DutyRole(item, role) for item in found.items)
    yield from _joint(text, found.end, mentions, skip, cues)


def _modal_first(after: str, cues: Cues) -> bool:
    rest = after
    for adverb in _ADVERBS:
        rest = rest.removeprefix(adverb)
    return after.startswith(cues.modals) or rest.startswith(cues.modals)


def _joint(
    text: str,
    position: int,
    mentions: Sequence[tuple[int, int]],
    skip: Sequence[tuple[int, int]],
    cues: Cues,
) -> Iterator[_DutyRole]:
    """The agencies after the first 会同/商 of the clause, when a list follows it."""
    end = _clause_end(text, position)
    for word in cues.joint:
        at = text.find(word, position, end)
        while at >= 0 and text.startswith("商务", at):
            at = text.find(word, at + 1, end)
        if at < 0:
            continue
        found = parse_list(text, at + len(word), mentions, skip, cues)
        if found is not None:
            yield from (_DutyRole(item, "joint") for item in found.items)
            return


def _clause_end(text: str, position: int) -> int:
    ends = [i for i in (text.find(c, position) for c in _CLAUSE_END) if i >= 0]
    return min(ends, default=len(text))


def states_a_duty(sentence: str, cues: Cues) -> bool:
    """Whether a sentence of a plan or resolution gives an agency a duty (各级人民政府要…):
    read alone, with the agencies the name patterns find in it.

    Args:
        sentence: the sentence, normalised.
        cues: the cue table.
    """
    mentions = [(a.start, a.end) for a in find_agencies(sentence)]
    return any(True for _ in duty_roles(sentence, mentions, (), cues, law=False))
