"""Deadlines (到2020年, 2019年6月底前, 2019年上半年) and quantified targets of a unit.

A deadline says by when: `到`/`至` + a year (month, 底/末), a year (month, 底/末) + `前`, or a
half-year that opens a clause (`2019年上半年，试点城市政府印发实施方案`). A date alone (2018年12月
29日, 2018年6月，…发布) is not a deadline. A target is a clause from its start to a quantity reached
or held (`秸秆综合利用率达到85%以上`, `PM2.5年均浓度控制在29微克每立方米以下`); its words are in
data/lexicon/roles.csv.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from policykg.loaders.roles.cues import Cues

__all__ = ["find_deadlines", "find_targets"]

_YEAR = r"\d{4}年(?:\d{1,2}月)?(?:底|末)?"
_DEADLINE = re.compile(
    rf"(?:到|至){_YEAR}(?:前|以前|之前)?|{_YEAR}(?:前|以前|之前)|\d{{4}}年[上下]半年(?=[，,])"
)
_CLAUSE_BREAK = "，,。；;：:\n"


def find_deadlines(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the deadlines stated in `text`.

    Args:
        text: the text to scan.
    """
    for match in _DEADLINE.finditer(text):
        yield match.span()


def find_targets(text: str, cues: Cues) -> Iterator[tuple[int, int]]:
    """Spans of quantified targets: from the start of their clause to the quantity's bound.

    Args:
        text: the text to scan.
        cues: the cue table.
    """
    for match in _target(cues).finditer(text):
        start = match.start()
        while start > 0 and text[start - 1] not in _CLAUSE_BREAK:
            start -= 1
        while text[start].isspace():
            start += 1
        yield start, match.end()


@cache
def _target(cues: Cues) -> re.Pattern[str]:
    def alternatives(words: tuple[str, ...]) -> str:
        return "|".join(map(re.escape, words))

    return re.compile(
        f"(?:{alternatives(cues.target_verbs)})\\s*\\d+(?:\\.\\d+)?\\s*"
        f"(?:{alternatives(cues.target_units)})(?:{alternatives(cues.target_bounds)})?"
    )
