"""Score extraction against the hand-written gold annotations in data/gold/.

A mention counts as the triple (task ordinal, entity type, surface); both sides are multisets,
so a name written twice in a sentence must be found twice. Nested mentions count like any other.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from policykg.loaders.extract import Extractor
from policykg.loaders.structure import ParsedDocument

__all__ = ["Mention", "Score", "load_gold", "predicted_mentions", "score"]

Mention = tuple[str, str, str]  # (ordinal, type, surface)


@dataclass(frozen=True)
class Score:
    true_positives: int
    predicted: int
    gold: int
    missed: list[Mention] = field(default_factory=list)
    spurious: list[Mention] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 1.0


def load_gold(path: Path) -> dict[str, list[tuple[str, str]]]:
    """Ordinal -> [(type, surface)] for every task sentence of the gold file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {t["ordinal"]: [(m[0], m[1]) for m in t["mentions"]] for t in data["tasks"]}


def predicted_mentions(document: ParsedDocument, extractor: Extractor) -> Counter[Mention]:
    return Counter(
        (task.ordinal, found.type.value, found.surface)
        for task in document.tasks
        for found in extractor.extract(task.text)
    )


def score(predicted: Counter[Mention], gold: dict[str, list[tuple[str, str]]]) -> Score:
    expected = Counter((ordinal, t, s) for ordinal, ms in gold.items() for t, s in ms)
    hits = predicted & expected
    return Score(
        true_positives=sum(hits.values()),
        predicted=sum(predicted.values()),
        gold=sum(expected.values()),
        missed=sorted((expected - predicted).elements()),
        spurious=sorted((predicted - expected).elements()),
    )
