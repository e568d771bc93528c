"""Error analysis of the aligner on the dev pairs of the alignment gold.

Every gold triple the aligner misses and every triple it predicts wrongly is put in one kind:

- (a) wrong unit: the pair gold judges changed, but one of its units is paired with another
  unit (counted once per gold pair missed that way, and once per predicted pair whose units
  gold pairs elsewhere);
- (b) unpaired: gold pairs the two units, the aligner leaves both unpaired (split by why:
  their similarity is below the floor, or it reaches the floor and the first-choice rule
  dropped it);
- (c) paired though gold leaves both units added and removed;
- (d) the right two units with the wrong label (same where gold says changed, or back).

For each miss of kinds (a) and (b) it prints the gold pair's similarity and the rank of each
unit's gold partner among its candidates, which is what a new signal has to move. Only the dev
gold files (data/gold/compare/*.align.json) are read; the held-out pairs are not.

    .venv/bin/python benchmarks/compare_errors.py [--detail]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policykg.compare_input import document_units  # noqa: E402
from policykg.graph.compare import DEFAULTS, Unit, align, normal_text  # noqa: E402
from policykg.graph.compare.similarity import Matrix, similarity  # noqa: E402
from policykg.pipeline import gazetteer_and_extractor  # noqa: E402
from policykg.settings import PACKAGE_DATA  # noqa: E402

GOLD_DIR = PACKAGE_DATA / "gold" / "compare"
#: The similarity one article pair in 100 of unrelated laws reaches (RESULTS-compare.md).
CHANCE_1_IN_100 = 0.116
BELOW = (
    "both rank it first",
    "one side ranks it first",
    "neither ranks it first",
    "below the 1-in-100 chance level",
)
Triple = tuple[str, str | None, str | None]
KINDS = (
    "a wrong unit",
    "b unpaired: below floor",
    "b unpaired: first-choice rule",
    "c paired, gold unpaired",
    "d wrong label",
)


def _triples(pairs: Sequence[Any]) -> set[Triple]:
    return {(p.status.value, p.a.label if p.a else None, p.b.label if p.b else None) for p in pairs}


def _rank(row: Matrix, index: int) -> int:
    """1 for the best candidate."""
    return int((row > row[index]).sum()) + 1


def analyse(
    gold: dict[str, Any], a: Sequence[Unit], b: Sequence[Unit]
) -> tuple[Counter[str], list[str]]:
    """Counts per kind and one line per miss of kind (a) or (b)."""
    gold_set = {(p["status"], p["a"], p["b"]) for p in gold["pairs"]}
    found = _triples(align(a, b).pairs)
    sim = similarity(
        a,
        b,
        [normal_text(u.compared_text) for u in a],
        [normal_text(u.compared_text) for u in b],
        DEFAULTS.ngrams,
        DEFAULTS.entity_weight,
    )
    ia = {u.label: i for i, u in enumerate(a)}
    ib = {u.label: j for j, u in enumerate(b)}
    paired_gold = {(x, y) for s, x, y in gold_set if x and y}
    gold_a = {x: y for x, y in paired_gold}
    gold_b = {y: x for x, y in paired_gold}
    pred_pairs = {(x, y): s for s, x, y in found if x and y}
    pred_a = {x: y for x, y in pred_pairs}
    pred_b = {y: x for x, y in pred_pairs}
    kinds: Counter[str] = Counter()
    lines: list[str] = []
    for _, x, y in sorted(gold_set - found, key=str):
        if not (x and y):
            continue
        if (x, y) in pred_pairs:
            kinds["d wrong label"] += 1
            continue
        i, j = ia[x], ib[y]
        detail = (
            f"{x} -> {y}: sim {sim[i, j]:.3f}, rank of {y} for {x}: {_rank(sim[i], j)}, "
            f"of {x} for {y}: {_rank(sim[:, j], i)}; predicted {x} -> {pred_a.get(x)}, "
            f"{pred_b.get(y)} -> {y}"
        )
        if x in pred_a or y in pred_b:
            kinds["a wrong unit"] += 1
            lines.append("(a) " + detail)
        elif sim[i, j] < DEFAULTS.min_similarity:
            kinds["b unpaired: below floor"] += 1
            firsts = (_rank(sim[i], j) == 1) + (_rank(sim[:, j], i) == 1)
            kinds[("neither ranks", "one side ranks", "both rank")[firsts] + " it first"] += 1
            kinds["below the 1-in-100 chance level"] += bool(sim[i, j] < CHANCE_1_IN_100)
            lines.append("(b) " + detail)
        else:
            kinds["b unpaired: first-choice rule"] += 1
            lines.append("(b*) " + detail)
    for (x, y), s in sorted(pred_pairs.items()):
        if (s, x, y) in gold_set or (x, y) in paired_gold:
            continue
        if x in gold_a or y in gold_b:
            kinds["a wrong unit"] += 1
            lines.append(
                f"(a) predicted {x} -> {y} ({sim[ia[x], ib[y]]:.3f}): gold {x} -> {gold_a.get(x)}, {gold_b.get(y)} -> {y}"
            )
        else:
            kinds["c paired, gold unpaired"] += 1
            lines.append(f"(c) predicted {x} -> {y} ({sim[ia[x], ib[y]]:.3f})")
    return kinds, lines


def main() -> None:
    _, extractor = gazetteer_and_extractor(PACKAGE_DATA / "gazetteers")
    print(f"| gold | {' | '.join(KINDS)} |")
    print(f"| --- |{' ---: |' * len(KINDS)}")
    details: list[str] = []
    below: list[str] = []
    for path in sorted(GOLD_DIR.glob("*.align.json")):
        gold = json.loads(path.read_text("utf-8"))
        a = document_units(PACKAGE_DATA / "corpus" / gold["a"], extractor, 20_000_000).units
        b = document_units(PACKAGE_DATA / "corpus" / gold["b"], extractor, 20_000_000).units
        kinds, lines = analyse(gold, a, b)
        name = path.name.split(".")[0]
        print(f"| {name} | {' | '.join(str(kinds[k]) for k in KINDS)} |")
        details += [f"## {name}", *lines]
        below.append(f"| {name} | {' | '.join(str(kinds[k]) for k in BELOW)} |")
    print("\nThe pairs of kind (b) below the floor: who ranks the gold partner first")
    print(f"| gold | {' | '.join(BELOW)} |")
    print(f"| --- |{' ---: |' * len(BELOW)}")
    print("\n".join(below))
    if "--detail" in sys.argv:
        print("\n".join(details))


if __name__ == "__main__":
    main()
