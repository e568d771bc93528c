"""How alike two lists of units are: character n-gram TF-IDF, shared entities, and position.

Chinese has no spaces, so words are not counted: character bigrams and trigrams are, weighted
by TF-IDF fitted on the units of both documents, so that what every article says
(人民政府, 主管部门, 违反本条例规定) weighs less than what only a few say (采砂船舶, 禁燃区).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from sklearn.feature_extraction.text import TfidfVectorizer

from policykg.graph.compare.model import Unit

__all__ = [
    "Matrix",
    "entity_overlap",
    "order_closeness",
    "similarity",
    "text_similarity",
    "with_entities",
]

Matrix = NDArray[np.float64]


def text_similarity(
    a_texts: Sequence[str], b_texts: Sequence[str], ngrams: tuple[int, int]
) -> Matrix:
    """Cosine of character n-gram TF-IDF vectors of normal texts (`normal_text`), one row per
    text of A, a column per text of B.

    Args:
        a_texts: the normal texts of A's units.
        b_texts: the normal texts of B's units.
        ngrams: the shortest and longest character n-grams weighed.
    """
    a, b = a_texts, b_texts
    texts = [*a, *b]
    if not any(len(t) >= ngrams[0] for t in texts):  # no n-gram at all: nothing to weigh
        return np.zeros((len(a), len(b)))
    vectors = TfidfVectorizer(analyzer="char", ngram_range=ngrams, sublinear_tf=True)
    matrix = vectors.fit_transform(texts)  # rows are L2-normalised: a dot product is a cosine
    product = matrix[: len(a)] @ matrix[len(a) :].T
    return np.asarray(product.toarray(), dtype=np.float64)


def entity_overlap(a: Sequence[Unit], b: Sequence[Unit]) -> tuple[Matrix, NDArray[np.bool_]]:
    """Jaccard of the units' entity ids, and where both units name any entity at all.

    Args:
        a: the units of A (a row each).
        b: the units of B (a column each).
    """
    overlap = np.zeros((len(a), len(b)))
    both = np.zeros((len(a), len(b)), dtype=bool)
    b_ids = [frozenset(e.id for e in u.entities) for u in b]
    for i, unit in enumerate(a):
        a_ids = frozenset(e.id for e in unit.entities)
        if not a_ids:
            continue
        for j, other in enumerate(b_ids):
            if other:
                both[i, j] = True
                overlap[i, j] = len(a_ids & other) / len(a_ids | other)
    return overlap, both


def similarity(
    a: Sequence[Unit],
    b: Sequence[Unit],
    a_texts: Sequence[str],
    b_texts: Sequence[str],
    ngrams: tuple[int, int],
    entity_weight: float,
) -> Matrix:
    """Text similarity of the units' normal texts, blended with entity overlap where both
    units name entities.

    Args:
        a: the units of A (a row each).
        b: the units of B (a column each).
        a_texts: the normal texts of `a`, in the same order.
        b_texts: the normal texts of `b`, in the same order.
        ngrams: the shortest and longest character n-grams weighed.
        entity_weight: the share of entity overlap in the blend.
    """
    return with_entities(a, b, text_similarity(a_texts, b_texts, ngrams), entity_weight)


def with_entities(
    a: Sequence[Unit], b: Sequence[Unit], text: Matrix, entity_weight: float
) -> Matrix:
    """A text similarity blended with entity overlap where both units name entities.

    Args:
        a: the units of A (a row each).
        b: the units of B (a column each).
        text: the text similarity of `a` (rows) and `b` (columns).
        entity_weight: the share of entity overlap in the blend.
    """
    overlap, both = entity_overlap(a, b)
    blended = (1 - entity_weight) * text + entity_weight * overlap
    return np.where(both, blended, text)


def order_closeness(n_a: int, n_b: int) -> Matrix:
    """1 where two units sit at the same relative place in their documents, 0 at opposite ends.

    Args:
        n_a: the number of units of A (rows).
        n_b: the number of units of B (columns).
    """
    ra = np.arange(n_a) / max(n_a - 1, 1)
    rb = np.arange(n_b) / max(n_b - 1, 1)
    return np.asarray(1.0 - np.abs(ra[:, None] - rb[None, :]), dtype=np.float64)
