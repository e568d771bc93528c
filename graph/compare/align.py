"""Aligning two unit lists: identical texts first, then the best one-to-one assignment.

1. Units whose normal text (`normal_text`) is identical pair first, in document order:
   those are `same`, whatever else resembles them.
2. The rest are scored by text similarity blended with shared entities (`similarity`), their
   texts first mapped through the lexicon of equivalent phrasings (`Lexicon`: 环境保护主管部门
   and 生态环境部门, 本条例 and 本法 compare as one), plus
   a small bonus for sitting at the same relative place, which only decides near-ties
   (two penalty articles that differ in a fine). Pairs are taken best first: the most alike
   pair of units still free, then the next (`best_first`), so a renumbered or moved unit
   still finds its partner and a unit is never paired twice. Best first rather than the
   largest total (Hungarian): when a provision is split over two units or two are merged
   into one, the unit that keeps most of it is its partner, a choice about that pair alone,
   which a total would trade away for a small gain between two other units.
3. Pairs below `min_similarity` are not the same provision: those units stay removed
   (A's unit) and added (B's unit). Nor is a pair that neither of its units ranks first
   (`first_choices`): best first, each of them already saw its first choice paired with a
   unit that resembles it more, so each is the lesser part of a provision split or merged
   elsewhere, which the one-to-one rule leaves added or removed, not a partner of the other.
   Below `chance_ceiling`, a similarity that wording alone reaches between articles of
   unrelated laws, one unit's first choice is not enough either: both units must rank the
   pair first, or a shared topic (an EIA by the enterprise and its approval by the
   department) would pair a unit whose own partner went to another.
4. Many-to-one readings (`_second_readings`): a unit left unpaired whose best match is a
   paired unit, and which is in turn that unit's best match among the unpaired ones, at the
   same floor, is listed in the pair's `also` (a local article that takes up two national
   ones, a national one spread over two local ones). It keeps its own added or removed pair:
   the one-to-one labels do not change.

Pairs come out in B's order, each unit only in A placed after its predecessor's partner.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from policykg.graph.compare.diff import char_diff, entity_changes
from policykg.graph.compare.lexicon import COMPARE_LEXICON, Lexicon, read_lexicon
from policykg.graph.compare.model import Comparison, Link, Pair, Status, Unit
from policykg.graph.compare.similarity import order_closeness, similarity
from policykg.graph.compare.summary import summarise
from policykg.graph.compare.text import normal_text

__all__ = ["DEFAULTS", "AlignConfig", "align", "best_first", "first_choices"]

_PlacementKey = Callable[[int | None, int | None], tuple[float, int]]


@dataclass(frozen=True)
class AlignConfig:
    """Weights of the aligner; the defaults are what the alignment gold is scored with
    (chosen by a sweep after the gold was committed; see benchmarks/RESULTS.md)."""

    ngrams: tuple[int, int] = (2, 3)
    entity_weight: float = 0.15  # share of entity overlap in the similarity of two units
    order_weight: float = 0.03  # a tie-breaker: well below any difference in wording
    # Chance level: one article pair in 500 to 1,000 of two unrelated laws reaches 0.19-0.23
    # (benchmarks/compare_floor.py); a pair must clear what wording alone gives.
    min_similarity: float = 0.22
    # The most one article pair in 500 of two unrelated laws reaches, over the 45 pairs of
    # benchmarks/compare_floor.py: below it a pair must be the first choice of both units.
    chance_ceiling: float = 0.338
    lexicon: Lexicon | None = None  # equivalent phrasings mapped before the similarity


DEFAULTS = AlignConfig(lexicon=read_lexicon(COMPARE_LEXICON))


def align(
    a: Sequence[Unit],
    b: Sequence[Unit],
    *,
    a_name: str = "A",
    b_name: str = "B",
    config: AlignConfig = DEFAULTS,
) -> Comparison:
    """Pair the units of A and B, label each pair, and summarise what moved.

    Args:
        a: the units of the first document, in document order.
        b: the units of the second document, in document order.
        a_name: what the comparison calls the first document.
        b_name: what the comparison calls the second document.
        config: the aligner's weights and threshold.
    """
    a_texts = [normal_text(u.compared_text) for u in a]
    b_texts = [normal_text(u.compared_text) for u in b]
    matched = _identical(a_texts, b_texts)
    rest_a = [i for i in range(len(a)) if i not in matched]
    taken_b = set(matched.values())
    rest_b = [j for j in range(len(b)) if j not in taken_b]
    scores: dict[tuple[int, int], float] = {}
    also: dict[tuple[int, int], list[Link]] = defaultdict(list)
    if rest_a and rest_b:
        lexicon = config.lexicon
        compared = (lambda t: t) if lexicon is None else lexicon.canonical
        sim = similarity(
            [a[i] for i in rest_a],
            [b[j] for j in rest_b],
            [compared(a_texts[i]) for i in rest_a],
            [compared(b_texts[j]) for j in rest_b],
            config.ngrams,
            config.entity_weight,
        )
        order = order_closeness(len(a), len(b))[np.ix_(rest_a, rest_b)]
        ranked = sim + config.order_weight * order
        paired = first_choices(
            best_first(sim, ranked, config.min_similarity), ranked, sim, config.chance_ceiling
        )
        for r, c in paired:
            matched[rest_a[r]] = rest_b[c]
            scores[rest_a[r], rest_b[c]] = float(sim[r, c])
        for (r, c), (r2, c2) in _second_readings(sim, paired, config.min_similarity):
            also[rest_a[r], rest_b[c]].append(Link(a[rest_a[r2]], b[rest_b[c2]]))
    key = _placement(matched, len(a))
    keyed = [
        (
            key(i, j),
            _pair(a[i], b[j], a_texts[i] == b_texts[j], scores.get((i, j), 1.0), also[i, j]),
        )
        for i, j in matched.items()
    ]
    keyed += [(key(i, None), Pair(Status.REMOVED, a[i], None)) for i in rest_a if i not in matched]
    taken_b = set(matched.values())
    keyed += [(key(None, j), Pair(Status.ADDED, None, b[j])) for j in rest_b if j not in taken_b]
    pairs = [pair for _, pair in sorted(keyed, key=lambda item: item[0])]
    return Comparison(a_name, b_name, tuple(pairs), summarise(pairs, a, b))


def _identical(a_texts: Sequence[str], b_texts: Sequence[str]) -> dict[int, int]:
    """A index -> B index for identical normal texts, repeated texts paired in order."""
    waiting: dict[str, deque[int]] = defaultdict(deque)
    for j, text in enumerate(b_texts):
        waiting[text].append(j)
    matched: dict[int, int] = {}
    for i, text in enumerate(a_texts):
        queue = waiting.get(text)
        if queue:
            matched[i] = queue.popleft()
    return matched


def best_first(
    sim: NDArray[np.float64], ranked: NDArray[np.float64], floor: float
) -> list[tuple[int, int]]:
    """(row, column) pairs in order of `ranked`, each row and column used once, while the
    pair's `sim` reaches `floor`; ties fall to the earlier row, then the earlier column.

    Args:
        sim: the similarity of each (row, column) pair.
        ranked: the score that orders the pairs (the similarity with the order bonus).
        floor: the least similarity a pair needs.
    """
    candidates = np.flatnonzero(sim >= floor)  # only these can pair: the rest stay unsorted
    order = candidates[np.argsort(-ranked.ravel()[candidates], kind="stable")]
    rows, cols = np.unravel_index(order, ranked.shape)
    used_rows: set[int] = set()
    used_cols: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
        if r in used_rows or c in used_cols:
            continue
        used_rows.add(r)
        used_cols.add(c)
        pairs.append((r, c))
    return pairs


def first_choices(
    pairs: Sequence[tuple[int, int]],
    ranked: NDArray[np.float64],
    sim: NDArray[np.float64],
    ceiling: float,
) -> list[tuple[int, int]]:
    """The pairs whose row and column rank each other first, and, where their `sim` reaches
    `ceiling`, those whose row ranks its column first or whose column ranks its row first
    (a tie counts as first).

    Args:
        pairs: (row, column) pairs, as best_first gives them.
        ranked: the score each row and column ranks the other by.
        sim: the similarity of each (row, column) pair.
        ceiling: the least similarity at which one side's first choice is enough.
    """
    kept = []
    for r, c in pairs:
        row_first = ranked[r, c] >= ranked[r].max()
        column_first = ranked[r, c] >= ranked[:, c].max()
        if (row_first and column_first) or ((row_first or column_first) and sim[r, c] >= ceiling):
            kept.append((r, c))
    return kept


def _second_readings(
    sim: NDArray[np.float64], paired: Sequence[tuple[int, int]], floor: float
) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(pair, link) for each unpaired row or column whose best match is a paired unit that
    in turn matches it best among the unpaired ones, with `sim` at `floor` or above; links
    in row, then column order."""
    pair_of_row = {r: (r, c) for r, c in paired}
    pair_of_col = {c: (r, c) for r, c in paired}
    free_rows = np.array([r for r in range(sim.shape[0]) if r not in pair_of_row], dtype=int)
    free_cols = np.array([c for c in range(sim.shape[1]) if c not in pair_of_col], dtype=int)
    found: list[tuple[tuple[int, int], tuple[int, int]]] = []
    for c in free_cols.tolist():  # a B unit left over: part of a paired A unit?
        r = int(sim[:, c].argmax())
        if r in pair_of_row and sim[r, c] >= floor and free_cols[sim[r, free_cols].argmax()] == c:
            found.append((pair_of_row[r], (r, c)))
    for r in free_rows.tolist():  # an A unit left over: taken up by a paired B unit?
        c = int(sim[r].argmax())
        if c in pair_of_col and sim[r, c] >= floor and free_rows[sim[free_rows, c].argmax()] == r:
            found.append((pair_of_col[c], (r, c)))
    return sorted(found, key=lambda item: item[1])


def _pair(a: Unit, b: Unit, identical: bool, score: float, also: Sequence[Link]) -> Pair:
    if identical:
        return Pair(Status.SAME, a, b, 1.0)
    gained, lost = entity_changes(a, b)
    diff = char_diff(a.compared_text, b.compared_text)
    return Pair(Status.CHANGED, a, b, round(score, 4), diff, gained, lost, tuple(also))


def _placement(matched: dict[int, int], n_a: int) -> _PlacementKey:
    """A sort key: B's order, with each unit only in A right after its predecessor's partner."""
    after: list[float] = []
    last = -0.5
    for i in range(n_a):
        if i in matched:
            last = float(matched[i])
        after.append(last + 0.5)

    def key(i: int | None, j: int | None) -> tuple[float, int]:
        if j is not None:
            return (float(j), -1)
        assert i is not None
        return (after[i], i)

    return key
