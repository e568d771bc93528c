"""Character diffs and entity changes of one changed pair."""

from __future__ import annotations

import unicodedata
from difflib import SequenceMatcher

from policykg.graph.compare.model import DiffOp, Unit
from policykg.graph.results import NodeRef

__all__ = ["SHORT_EQUAL", "char_diff", "display_text", "entity_changes"]


def display_text(text: str) -> str:
    """NFKC without invisible format characters: bracket forms and zero-width spaces make no
    diff, line breaks stay for reading.

    Args:
        text: a unit's text.
    """
    folded = unicodedata.normalize("NFKC", text)
    return "".join(c for c in folded if unicodedata.category(c) != "Cf").strip()


#: Unchanged runs this short between two changes are folded into the change: a lone 的 or 元
#: kept inside a rewritten clause is chance, and marking it makes the clause hard to read.
SHORT_EQUAL = 2


def char_diff(a: str, b: str) -> tuple[DiffOp, ...]:
    """Steps that turn `a` into `b`, character by character.

    Args:
        a: the text of A's unit.
        b: the text of B's unit.

    >>> [(d.op, d.a, d.b) for d in char_diff("处分", "行政处分")]
    [('insert', '', '行政'), ('equal', '处分', '处分')]
    """
    a, b = display_text(a), display_text(b)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    ops = [DiffOp(op, a[i1:i2], b[j1:j2]) for op, i1, i2, j1, j2 in matcher.get_opcodes()]
    return tuple(_fold_short_equals(ops))


def _fold_short_equals(ops: list[DiffOp]) -> list[DiffOp]:
    """Merge changes separated only by a short unchanged run into one replace."""
    out: list[DiffOp] = []
    for i, op in enumerate(ops):
        between = 0 < i < len(ops) - 1 and ops[i + 1].op != "equal"
        short = op.op == "equal" and len(op.a) <= SHORT_EQUAL and between
        if out and out[-1].op != "equal" and (op.op != "equal" or short):
            last = out.pop()
            out.append(DiffOp("replace", last.a + op.a, last.b + op.b))
        else:
            out.append(op)
    return [DiffOp(_kind(d), d.a, d.b) if d.op == "replace" else d for d in out]


def _kind(op: DiffOp) -> str:
    return "insert" if not op.a else "delete" if not op.b else "replace"


def entity_changes(a: Unit, b: Unit) -> tuple[tuple[NodeRef, ...], tuple[NodeRef, ...]]:
    """Entities B names and A does not (gained), and the reverse (lost), by id.

    Args:
        a: the unit of A.
        b: the unit of B it is paired with.
    """
    a_ids = {e.id for e in a.entities}
    b_ids = {e.id for e in b.entities}
    gained = tuple(sorted(e for e in b.entities if e.id not in a_ids))
    lost = tuple(sorted(e for e in a.entities if e.id not in b_ids))
    return gained, lost
