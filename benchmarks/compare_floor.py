"""What similarity articles of unrelated laws reach: the yardstick for the aligner's floor.

The aligner keeps a pair of units only where their similarity reaches `AlignConfig.min_similarity`.
This script measures the chance level it has to clear: every article of one national law against
every article of another on an unrelated subject (10 laws, 45 pairs), with the aligner's own
similarity (character n-gram TF-IDF blended with shared entities), and prints the quantiles of
those similarities, median over the 45 pairs. Articles of unrelated laws still share their
boilerplate (purpose, penalties, entry into force), so the top of that distribution is what
wording alone gives two provisions that are not the same.

    .venv/bin/python benchmarks/compare_floor.py
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import NDArray

from policykg.compare_input import document_units
from policykg.graph.compare import DEFAULTS, Unit, normal_text
from policykg.graph.compare.similarity import similarity
from policykg.loaders.extract import Extractor
from policykg.pipeline import gazetteer_and_extractor
from policykg.settings import PACKAGE_DATA

LAWS = PACKAGE_DATA / "corpus" / "laws"
#: National laws on unrelated subjects (air, water, forests, grassland, wildlife, desert,
#: energy, radiation, tax, cleaner production): no article of one restates another's.
UNRELATED = (
    "大气污染防治法(2018-10-26)",
    "水法(2016-07-02)",
    "森林法(2019-12-28)",
    "草原法(2021-04-29)",
    "野生动物保护法(2018-10-26)",
    "防沙治沙法(2018-10-26)",
    "节约能源法(2018-10-26)",
    "放射性污染防治法(2003-06-28)",
    "环境保护税法(2018-10-26)",
    "清洁生产促进法(2012-02-29)",
)
QUANTILES = (0.99, 0.995, 0.998, 0.999)
#: One article pair in 500 and in 1,000: the levels a variant's floor is read at.
FLOOR_QUANTILES = (0.998, 0.999)

#: A similarity with the aligner's signature (graph.compare.similarity.similarity).
Similarity = Callable[
    [Sequence[Unit], Sequence[Unit], Sequence[str], Sequence[str], tuple[int, int], float],
    NDArray[np.float64],
]


def unrelated_units(extractor: Extractor) -> dict[str, tuple[Unit, ...]]:
    """The articles of each law of `UNRELATED`, by name."""
    return {
        name: document_units(next(LAWS.rglob(f"{name}.md")), extractor, 20_000_000).units
        for name in UNRELATED
    }


def _similarities(
    measure: Similarity, a: tuple[Unit, ...], b: tuple[Unit, ...]
) -> NDArray[np.float64]:
    return measure(
        a,
        b,
        [normal_text(u.compared_text) for u in a],
        [normal_text(u.compared_text) for u in b],
        DEFAULTS.ngrams,
        DEFAULTS.entity_weight,
    )


def quantiles(
    measure: Similarity, units: dict[str, tuple[Unit, ...]], levels: Sequence[float]
) -> dict[float, list[float]]:
    """Each quantile of `measure` over the article pairs of every two unrelated laws."""
    matrices = [
        _similarities(measure, units[x], units[y]) for x, y in itertools.combinations(units, 2)
    ]
    return {q: [float(np.quantile(m, q)) for m in matrices] for q in levels}


def chance_levels(measure: Similarity, units: dict[str, tuple[Unit, ...]]) -> dict[float, float]:
    """The median over pairs of unrelated laws of the similarity one article pair in 500 and
    in 1,000 reaches, with `measure`."""
    return {q: statistics.median(v) for q, v in quantiles(measure, units, FLOOR_QUANTILES).items()}


def main() -> None:
    _, extractor = gazetteer_and_extractor(PACKAGE_DATA / "gazetteers")
    units = unrelated_units(extractor)
    found = quantiles(similarity, units, QUANTILES)
    pairs = len(found[QUANTILES[0]])
    print(f"{pairs} pairs of unrelated laws; the aligner's floor: {DEFAULTS.min_similarity}")
    print("| quantile of article-pair similarity | median over the pairs | min | max |")
    print("| --- | ---: | ---: | ---: |")
    for q, values in found.items():
        median = statistics.median(values)
        print(f"| {q} | {median:.3f} | {min(values):.3f} | {max(values):.3f} |")


if __name__ == "__main__":
    main()
