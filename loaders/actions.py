"""Action verbs of task sentences and the action type they imply.

The lexicon (data/lexicon/verbs.csv) lists the verbs of Chinese policy task lists (国务院 and ministry 工作要点 style):
each verb has one action type. A task's type is decided by precedence, not by the first verb,
because "研究制定…方案" is rule-making and "持续开展…监测" is monitoring.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

from policykg.loaders.lexicon import load_lexicon
from policykg.loaders.matcher import SEPARATOR, Batch, Match, leftmost_longest

__all__ = [
    "ACTION_TYPES",
    "DRAFTING_VERBS",
    "REVISING_VERBS",
    "SCANNED_VERBS",
    "VERBS",
    "BatchVerbs",
    "VerbHit",
    "action_type",
    "find_verbs",
    "verb_matches",
    "verbs_as_matches",
]

_RULE_MAKING = "rule-making"
_PLANNING = "planning"
_ENFORCEMENT = "enforcement"
_MONITORING = "monitoring"
_RESEARCH = "research"
_COOPERATION = "cooperation"
_OUTREACH = "outreach"
_IMPLEMENTATION = "implementation"

_LEXICON = load_lexicon()

ACTION_TYPES = (
    _RULE_MAKING,
    _PLANNING,
    _ENFORCEMENT,
    _MONITORING,
    _RESEARCH,
    _COOPERATION,
    _OUTREACH,
    _IMPLEMENTATION,
)

#: verb -> action type, from data/lexicon/verbs.csv
VERBS: Mapping[str, str] = _LEXICON.verbs

#: Which type wins when a sentence has verbs of several types.
_PRECEDENCE = (
    _RULE_MAKING,
    _ENFORCEMENT,
    _MONITORING,
    _COOPERATION,
    _RESEARCH,
    _OUTREACH,
    _PLANNING,
    _IMPLEMENTATION,
)

#: Verbs that make a following instrument a draft or a revision.
DRAFTING_VERBS = _LEXICON.drafting_verbs
REVISING_VERBS = _LEXICON.revising_verbs

#: The verbs in the order of the verb scan: a verb match's first field indexes it.
SCANNED_VERBS = tuple(sorted(VERBS))
_VERB_SCAN = leftmost_longest(SCANNED_VERBS)
_VERB_INDEX = {verb: i for i, verb in enumerate(SCANNED_VERBS)}
_JOINABLE = not any(SEPARATOR in verb for verb in SCANNED_VERBS)


class VerbHit(NamedTuple):
    """A lexicon verb at `start` (a tuple: one is built per verb of every sentence)."""

    start: int
    verb: str


def find_verbs(text: str) -> list[VerbHit]:
    """Every lexicon verb in the text, leftmost-longest (制修订 before 修订).

    Args:
        text: the text to scan.
    """
    new, verbs = tuple.__new__, SCANNED_VERBS  # no NamedTuple __new__: one VerbHit per verb
    return [new(VerbHit, (start, verbs[i])) for i, start, _ in _VERB_SCAN(text)]


def verb_matches(text: str) -> list[Match]:
    """find_verbs(text) as the scan gives them, (index in SCANNED_VERBS, start, end), for callers
    that look up what a verb tells by its index (no tuple is built per verb).

    Args:
        text: the text to scan.

    >>> [(SCANNED_VERBS[i], start, end) for i, start, end in verb_matches("研究制定方案")]
    [('研究', 0, 2), ('制定', 2, 4)]
    """
    return _VERB_SCAN(text)


def verbs_as_matches(verbs: Iterable[tuple[int, str]]) -> list[Match]:
    """Verbs a caller found (find_verbs) as verb_matches gives them.

    Args:
        verbs: (start, verb) of lexicon verbs, in text order.
    """
    index = _VERB_INDEX
    return [(index[verb], start, start + len(verb)) for start, verb in verbs]


class BatchVerbs:
    """The verbs of the texts of a batch, from one scan of the joined texts; a text's verbs are
    made when first asked for (most sentences never need theirs).

    Args:
        batch: the texts.
    """

    __slots__ = ("_batch", "_known", "_matches")

    def __init__(self, batch: Batch) -> None:
        self._batch = batch
        # a verb holding the separator would join two texts: then each text is scanned alone
        self._matches = batch.matches(_VERB_SCAN) if _JOINABLE else None
        self._known: dict[int, list[Match]] = {}

    def of(self, k: int) -> list[Match]:
        """verb_matches of text k.

        Args:
            k: the text's index in the batch.
        """
        verbs = self._known.get(k)
        if verbs is None:
            if self._matches is None:
                verbs = _VERB_SCAN(self._batch.texts[k])
            else:
                found, offset = self._matches.raw(k)
                verbs = [(i, start - offset, end - offset) for i, start, end in found]
            self._known[k] = verbs
        return verbs


def action_type(verbs: list[VerbHit]) -> str:
    """The task's action type by PRECEDENCE; implementation when no verb is known.

    Args:
        verbs: the lexicon verbs found in the task's text.
    """
    kinds = {VERBS[v.verb] for v in verbs}
    return next((k for k in _PRECEDENCE if k in kinds), _IMPLEMENTATION)


def _instrument_relation(verbs: list[VerbHit], instrument_start: int, clause_start: int) -> str:
    """DRAFTS / REVISES / CITES for an instrument by the nearest verb before it in its clause.

    Args:
        verbs: the lexicon verbs of the text, in text order.
        instrument_start: where the instrument's mention starts.
        clause_start: where the instrument's clause starts.
    """
    before = [v for v in verbs if clause_start <= v.start < instrument_start]
    for hit in reversed(before):
        if hit.verb in REVISING_VERBS:
            return "REVISES"
        if hit.verb in DRAFTING_VERBS:
            return "DRAFTS"
    return "CITES"
