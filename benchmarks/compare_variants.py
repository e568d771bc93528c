"""Similarity measures tried for the aligner, scored on every dev pair of the alignment gold.

Each variant replaces the aligner's similarity (character n-gram TF-IDF of whole articles,
blended with shared entities) and keeps everything else: identical texts first, best-first
pairing, the many-to-one pass. Each is scored like tests/graph/test_compare_gold.py, on the
dev gold files only (data/gold/compare/*.align.json; the held-out pairs are not read), at
three floors: the aligner's 0.22, and the variant's own chance levels, the similarity one
article pair in 500 and in 1,000 of unrelated laws reaches (`compare_floor.chance_levels`),
so that a measure on another scale is judged at the same odds and not at a swept number.

Variants:
- `articles`: the aligner as it is (the baseline row).
- `sentences-mean`, `-min`, `-harmonic`: articles cut into sentences (at 。；！？ and line
  breaks, shorter than 8 characters dropped); an article pair's sentence score is, for each
  side, the mean over its sentences of the best cosine with a sentence of the other article,
  and the two sides' means are combined by their mean, their minimum or their harmonic
  mean. What the aligner compares is the larger of that and the whole-article cosine: a
  restated or split provision shows as a few sentences that match well.
- `background-all`, `background-national`: IDF fitted once on every article of the law
  corpus (or of the national laws) instead of the two documents' articles, so that
  boilerplate n-grams weigh little everywhere.

    .venv/bin/python benchmarks/compare_variants.py
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.compare_floor import LAWS, Similarity, chance_levels, unrelated_units  # noqa: E402
from policykg.compare_input import document_units  # noqa: E402
from policykg.graph.compare import AlignConfig, Unit, align, normal_text  # noqa: E402
from policykg.graph.compare.similarity import (  # noqa: E402
    Matrix,
    similarity,
    text_similarity,
    with_entities,
)
from policykg.limits import MAX_DOCUMENT_BYTES  # noqa: E402
from policykg.loaders.read import read_document  # noqa: E402
from policykg.pipeline import gazetteer_and_extractor  # noqa: E402
from policykg.settings import PACKAGE_DATA  # noqa: E402

GOLD_DIR = PACKAGE_DATA / "gold" / "compare"
SENTENCE_END = re.compile(r"(?<=[。；！？])|\n+")
MIN_SENTENCE = 8  # shorter pieces are item numbers and stubs, not provisions
Triple = tuple[str, str | None, str | None]


def _sentences(text: str) -> list[str]:
    parts = [normal_text(p) for p in SENTENCE_END.split(text)]
    kept = [p for p in parts if len(p) >= MIN_SENTENCE]
    return kept or [normal_text(text)]


def _sentence_sides(a: Sequence[Unit], b: Sequence[Unit]) -> tuple[Matrix, Matrix]:
    """Per article pair: the mean over A's sentences of their best cosine in B's article, and
    the same from B's side; TF-IDF fitted on the sentences of both documents."""
    sa = [_sentences(u.compared_text) for u in a]
    sb = [_sentences(u.compared_text) for u in b]
    flat_a = [s for ss in sa for s in ss]
    flat_b = [s for ss in sb for s in ss]
    vectors = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True)
    m = vectors.fit_transform(flat_a + flat_b)
    cos = np.asarray((m[: len(flat_a)] @ m[len(flat_a) :].T).toarray())
    starts_a = np.cumsum([0] + [len(s) for s in sa[:-1]])
    starts_b = np.cumsum([0] + [len(s) for s in sb[:-1]])
    best_in_b = np.maximum.reduceat(cos, starts_b, axis=1)  # A sentence x B article
    best_in_a = np.maximum.reduceat(cos, starts_a, axis=0)  # A article x B sentence
    a_side = np.add.reduceat(best_in_b, starts_a, axis=0) / np.array([len(s) for s in sa])[:, None]
    b_side = np.add.reduceat(best_in_a, starts_b, axis=1) / np.array([len(s) for s in sb])[None, :]
    return a_side, b_side


def sentence_variant(combine: Callable[[Matrix, Matrix], Matrix]) -> Similarity:
    def measure(
        a: Sequence[Unit],
        b: Sequence[Unit],
        a_texts: Sequence[str],
        b_texts: Sequence[str],
        ngrams: tuple[int, int],
        entity_weight: float,
    ) -> Matrix:
        whole = text_similarity(a_texts, b_texts, ngrams)
        sentences = combine(*_sentence_sides(a, b))
        return with_entities(a, b, np.maximum(whole, sentences), entity_weight)

    return measure


def _article_texts(pattern: str) -> list[str]:
    texts = []
    for path in sorted(LAWS.rglob(pattern)):
        parsed = read_document(path, max_bytes=MAX_DOCUMENT_BYTES)
        texts += [
            normal_text(parsed.text[u.start : u.end]) for u in parsed.units if u.kind == "article"
        ]
    return texts


def background_variant(pattern: str) -> Similarity:
    vectors = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True)
    vectors.fit(_article_texts(pattern))

    def measure(
        a: Sequence[Unit],
        b: Sequence[Unit],
        a_texts: Sequence[str],
        b_texts: Sequence[str],
        ngrams: tuple[int, int],
        entity_weight: float,
    ) -> Matrix:
        m = vectors.transform([*a_texts, *b_texts])
        text = np.asarray((m[: len(a_texts)] @ m[len(a_texts) :].T).toarray())
        return with_entities(a, b, text, entity_weight)

    return measure


def _harmonic(x: Matrix, y: Matrix) -> Matrix:
    return np.asarray(2 * x * y / np.maximum(x + y, 1e-12), dtype=np.float64)


def variants() -> dict[str, Similarity]:
    return {
        "articles": similarity,
        "sentences-mean": sentence_variant(lambda x, y: (x + y) / 2),
        "sentences-min": sentence_variant(np.minimum),
        "sentences-harmonic": sentence_variant(_harmonic),
        "background-all": background_variant("*.md"),
        "background-national": background_variant("行政法/*.md"),
    }


def _score(gold: dict[str, Any], a: Sequence[Unit], b: Sequence[Unit], floor: float) -> str:
    pairs = {(p["status"], p["a"], p["b"]) for p in gold["pairs"]}
    comparison = align(a, b, config=AlignConfig(min_similarity=floor))
    found: set[Triple] = {
        (p.status.value, p.a.label if p.a else None, p.b.label if p.b else None)
        for p in comparison.pairs
    }
    hits = len(found & pairs)
    return f"{hits / len(found):.3f} / {hits / len(pairs):.3f}"


def main() -> None:
    _, extractor = gazetteer_and_extractor(PACKAGE_DATA / "gazetteers")
    golds = {
        p.name.split(".")[0]: json.loads(p.read_text("utf-8"))
        for p in sorted(GOLD_DIR.glob("*.align.json"))
    }

    def read(name: str, side: str) -> tuple[Unit, ...]:
        path = PACKAGE_DATA / "corpus" / golds[name][side]
        return document_units(path, extractor, 20_000_000).units

    units = {name: (read(name, "a"), read(name, "b")) for name in golds}
    unrelated = unrelated_units(extractor)
    aligner = sys.modules["policykg.graph.compare.align"]
    print("P / R per dev gold pair; floors: the aligner's, and the variant's chance levels")
    print(f"| variant | floor | {' | '.join(golds)} |")
    print(f"| --- | --- |{' ---: |' * len(golds)}")
    for label, measure in variants().items():
        levels = chance_levels(measure, unrelated)
        floors = {"0.22": 0.22} | {
            f"1 in {round(1 / (1 - q))}: {v:.3f}": v for q, v in levels.items()
        }
        # the aligner calls the module's `similarity`: swapped here for the variant only
        with mock.patch.object(aligner, "similarity", measure):
            for floor_label, floor in floors.items():
                scores = [_score(golds[n], *units[n], floor) for n in golds]
                print(f"| {label} | {floor_label} | {' | '.join(scores)} |", flush=True)


if __name__ == "__main__":
    main()
