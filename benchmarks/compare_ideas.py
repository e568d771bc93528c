"""Pairing rules tried for the aligner after the error analysis (compare_errors.py), scored on
every dev pair of the alignment gold.

The error analysis says most misses are pairs gold judges changed whose similarity lies below
the floor (kind b), so each idea here is a rule that takes some of those pairs, or a signal that
keeps the wrong ones out. Each keeps the aligner's similarity, identical texts first and the
best-first pairing with the first-choice rule, and changes one thing:

- `chapters`: local regulations follow the national law's chapters (总则, 监督管理, 法律责任,
  附则 …). Chapters are aligned by content (the cosine of their whole texts, character n-gram
  TF-IDF, as articles): each chapter with its best match on the other side. Then (a) a pair
  left below the floor is taken when both units rank it first among the units of aligned
  chapters (`block`) or of the whole document (`global`), at the chance levels of 1 in 500,
  200 and 100 article pairs of unrelated laws (0.193, 0.156, 0.116), optionally only when it
  crosses no kept pair (`in order`); or (b) a pair outside aligned chapters needs a higher
  floor (a restriction with a fallback), or one inside gets a bonus in the order of pairing.
- `penalty acts`: a penalty article (罚款, 处分, 拘留, 刑事责任 after "…的，由/对/处") is
  compared by the act it punishes, its clauses without the sanction ones (责令, 罚款 …), with
  the other penalty articles (`replace`, or the larger of both: `max`).
- `two-stage`: a pair's status from a logistic regression on its similarity and its margins
  over each unit's next candidate (cells that are a row's or a column's first choice), fitted
  on one dev pair and applied to all four; a pair is kept at a probability of 0.5 or more.
- `pivots`: other local regulations implementing the same national law (the corpus files named
  like the national title with 法 → 条例, the local one's own versions left out) as a bridge:
  the pivot similarity of A's article x and B's y is the best over the pivot articles k of
  min(sim(x, k), sim(k, y)). Either the larger of it and the article similarity at the floor
  (`max`), or a pair left unpaired taken when both units rank it first by pivot similarity,
  with its pivot similarity at the floor and its own at a chance level (`mutual`). The version
  pairs have no pivots and do not move.
- `lexicon` (2026-11-30): every text mapped through data/compare_lexicon.csv (equivalent legal
  and administrative phrasings: 2018 renamings, level names, 本条例/本法, 责令限期改正/责令改正 …,
  and levels dropped before a department; graph/compare/lexicon.py) before the similarity; the
  two-level first-choice rule as kept. Scored at the aligner's floor and ceiling (0.22, 0.338),
  at the lexicon's own chance levels (compare_floor.py's measure through the lexicon: the median
  1 in 500 and 1 in 1,000, the ceiling its max 1 in 500), and without either part (the variants
  alone, the dropped levels alone), for what each part does, not to choose rows.
- kept, the row before the lexicon: a two-level first-choice rule. Below the most one article pair in 500 of
  two unrelated laws reaches (0.338, the max column of compare_floor.py), a pair must be the
  first choice of both its units; at or above it, one unit's first choice is enough, as before.

Only the dev gold files (data/gold/compare/*.align.json) are read; the held-out pairs are not.

    .venv/bin/python benchmarks/compare_ideas.py
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.compare_floor import (  # noqa: E402
    FLOOR_QUANTILES,
    Similarity,
    quantiles,
    unrelated_units,
)
from policykg.compare_input import document_units  # noqa: E402
from policykg.graph.compare import DEFAULTS, Unit, normal_text  # noqa: E402
from policykg.graph.compare.align import best_first, first_choices  # noqa: E402
from policykg.graph.compare.lexicon import Lexicon, read_lexicon  # noqa: E402
from policykg.graph.compare.similarity import (  # noqa: E402
    Matrix,
    order_closeness,
    similarity,
    text_similarity,
    with_entities,
)
from policykg.loaders.extract import Extractor  # noqa: E402
from policykg.loaders.read import read_document  # noqa: E402
from policykg.pipeline import gazetteer_and_extractor  # noqa: E402
from policykg.settings import PACKAGE_DATA  # noqa: E402

GOLD_DIR = PACKAGE_DATA / "gold" / "compare"
LOCAL_LAWS = PACKAGE_DATA / "corpus" / "laws" / "DLC"
LEXICON = PACKAGE_DATA / "compare_lexicon.csv"
#: The similarity one article pair in 500, 200 and 100 of unrelated laws reaches.
CHANCE = {"1 in 500": 0.193, "1 in 200": 0.156, "1 in 100": 0.116}
MAX_BYTES = 20_000_000
#: The first-choice rule as this round found it: one unit's first choice is enough at any
#: similarity (the aligner now asks both below `AlignConfig.chance_ceiling`).
ONE_SIDE = 0.0
Triple = tuple[str, str | None, str | None]
Pairs = list[tuple[int, int]]


@dataclass
class Side:
    units: tuple[Unit, ...]
    texts: list[str]
    chapters: list[str]


@dataclass
class Case:
    """One dev gold pair and what a rule sees of the units left after identical texts."""

    name: str
    gold: set[Triple]
    a: Side
    b: Side
    pivots: list[tuple[Unit, ...]]
    rest_a: list[int] = field(default_factory=list)
    rest_b: list[int] = field(default_factory=list)
    matched: dict[int, int] = field(default_factory=dict)
    sim: Matrix = field(default_factory=lambda: np.zeros((0, 0)))
    ranked: Matrix = field(default_factory=lambda: np.zeros((0, 0)))


Rule = Callable[[Case], Pairs]


def _chapters(path: Path) -> dict[str, str]:
    """Article label -> the printed heading of its chapter ("" outside chapters)."""
    parsed = read_document(path, max_bytes=MAX_BYTES)
    found: dict[str, str] = {}
    for unit in parsed.units:
        if unit.kind != "article":
            continue
        parent, heading = unit.parent, ""
        while parent is not None:
            outer = parsed.units[parent]
            if outer.kind == "chapter":
                heading = parsed.text[outer.start : outer.end].split("\n")[0].strip()
                break
            parent = outer.parent
        found[unit.label] = heading
    return found


def _side(path: Path, extractor: Extractor) -> Side:
    units = document_units(path, extractor, MAX_BYTES).units
    chapters = _chapters(path)
    return Side(
        units, [normal_text(u.compared_text) for u in units], [chapters[u.label] for u in units]
    )


def _pivot_paths(national: Path, local: Path) -> list[Path]:
    """Local regulations named like the national law (大气污染防治法 -> *大气污染防治条例*),
    without the compared local one's versions."""
    stem = re.sub(r"\(.*\)$", "", national.stem).removesuffix("法") + "条例"
    own = re.sub(r"\(.*\)$", "", local.stem)
    return [p for p in sorted(LOCAL_LAWS.rglob(f"*{stem}*")) if own not in p.name]


def load(extractor: Extractor) -> list[Case]:
    cases = []
    for path in sorted(GOLD_DIR.glob("*.align.json")):
        gold = json.loads(path.read_text("utf-8"))
        a_path, b_path = (PACKAGE_DATA / "corpus" / gold[s] for s in "ab")
        pivots = []
        if gold["relation"] == "national-local":
            pivots = [
                document_units(p, extractor, MAX_BYTES).units for p in _pivot_paths(a_path, b_path)
            ]
        case = Case(
            path.name.split(".")[0],
            {(p["status"], p["a"], p["b"]) for p in gold["pairs"]},
            _side(a_path, extractor),
            _side(b_path, extractor),
            pivots,
        )
        _prepare(case)
        cases.append(case)
    return cases


def _prepare(case: Case) -> None:
    """Identical texts first, then the aligner's similarity of the rest, as align does."""
    waiting: dict[str, deque[int]] = defaultdict(deque)
    for j, text in enumerate(case.b.texts):
        waiting[text].append(j)
    for i, text in enumerate(case.a.texts):
        if waiting.get(text):
            case.matched[i] = waiting[text].popleft()
    taken = set(case.matched.values())
    case.rest_a = [i for i in range(len(case.a.units)) if i not in case.matched]
    case.rest_b = [j for j in range(len(case.b.units)) if j not in taken]
    case.sim = _sim(case, case.a.units, case.b.units)[np.ix_(case.rest_a, case.rest_b)]
    order = order_closeness(len(case.a.units), len(case.b.units))
    case.ranked = case.sim + DEFAULTS.order_weight * order[np.ix_(case.rest_a, case.rest_b)]


def _sim(case: Case, a: Sequence[Unit], b: Sequence[Unit]) -> Matrix:
    a_texts = [normal_text(u.compared_text) for u in a]
    b_texts = [normal_text(u.compared_text) for u in b]
    return similarity(a, b, a_texts, b_texts, DEFAULTS.ngrams, DEFAULTS.entity_weight)


def score(case: Case, rule: Rule) -> tuple[float, float]:
    pairs = rule(case)
    found: set[Triple] = set()
    a, b = case.a, case.b
    for i, j in case.matched.items():
        found.add(("same", a.units[i].label, b.units[j].label))
    paired_a, paired_b = set(case.matched), set(case.matched.values())
    for r, c in pairs:
        i, j = case.rest_a[r], case.rest_b[c]
        paired_a.add(i)
        paired_b.add(j)
        found.add(("changed", a.units[i].label, b.units[j].label))
    found |= {("removed", u.label, None) for i, u in enumerate(a.units) if i not in paired_a}
    found |= {("added", None, u.label) for j, u in enumerate(b.units) if j not in paired_b}
    hits = len(found & case.gold)
    return hits / len(found), hits / len(case.gold)


def aligner(case: Case) -> Pairs:
    """The aligner as this round found it: one unit's first choice keeps a pair."""
    pairs = best_first(case.sim, case.ranked, DEFAULTS.min_similarity)
    return first_choices(pairs, case.ranked, case.sim, ONE_SIDE)


def two_level(case: Case) -> Pairs:
    """The rule kept: below `chance_ceiling`, a pair must be both units' first choice."""
    pairs = best_first(case.sim, case.ranked, DEFAULTS.min_similarity)
    return first_choices(pairs, case.ranked, case.sim, DEFAULTS.chance_ceiling)


def _mutual_extra(case: Case, base: Pairs, by: Matrix, allowed: Matrix, in_order: bool) -> Pairs:
    """Pairs of units `base` leaves free that rank each other first by `by` among `allowed`
    cells (free or not), kept where `allowed` holds; with `in_order`, only those crossing no
    pair of `base`."""
    used_r, used_c = {r for r, _ in base}, {c for _, c in base}
    masked = np.where(allowed, by, -np.inf)
    extra = []
    for r in range(by.shape[0]):
        if r in used_r or not np.isfinite(masked[r]).any():
            continue
        c = int(masked[r].argmax())
        if c in used_c or int(masked[:, c].argmax()) != r:
            continue
        if in_order and any((r - r2) * (c - c2) < 0 for r2, c2 in base):
            continue
        extra.append((r, c))
    return base + extra


def _chapter_blocks(case: Case) -> Matrix | None:
    """True where the two units' chapters are aligned (each chapter with its best match by
    content); None when a side has fewer than two chapters."""
    keys_a = list(dict.fromkeys(case.a.chapters))
    keys_b = list(dict.fromkeys(case.b.chapters))
    if len(keys_a) < 2 or len(keys_b) < 2:
        return None
    text_a = [
        "".join(t for t, k in zip(case.a.texts, case.a.chapters, strict=True) if k == key)
        for key in keys_a
    ]
    text_b = [
        "".join(t for t, k in zip(case.b.texts, case.b.chapters, strict=True) if k == key)
        for key in keys_b
    ]
    cos = text_similarity(text_a, text_b, DEFAULTS.ngrams)
    aligned = np.zeros_like(cos, dtype=bool)
    aligned[cos.argmax(axis=0), np.arange(cos.shape[1])] = True
    aligned[np.arange(cos.shape[0]), cos.argmax(axis=1)] = True
    rows = [keys_a.index(case.a.chapters[i]) for i in case.rest_a]
    cols = [keys_b.index(case.b.chapters[j]) for j in case.rest_b]
    return np.asarray(aligned[np.ix_(rows, cols)], dtype=np.float64)


def chapter_mutual(level: float, scope: str, in_order: bool = False) -> Rule:
    def rule(case: Case) -> Pairs:
        base = aligner(case)
        blocks = _chapter_blocks(case)
        if blocks is None:
            return base
        allowed = (blocks > 0) if scope == "block" else np.ones_like(blocks, dtype=bool)
        found = _mutual_extra(case, base, case.ranked, allowed, in_order)
        return [
            (r, c) for r, c in found if (r, c) in base or (blocks[r, c] and case.sim[r, c] >= level)
        ]

    return rule


def chapter_floor(outside: float, bonus: float = 0.0) -> Rule:
    def rule(case: Case) -> Pairs:
        blocks = _chapter_blocks(case)
        if blocks is None:
            return aligner(case)
        floor = np.where(blocks > 0, DEFAULTS.min_similarity, outside)
        sim = np.where(case.sim >= floor, case.sim, -1.0)
        ranked = case.ranked + bonus * blocks
        return first_choices(best_first(sim, ranked, 0.0), ranked, sim, ONE_SIDE)

    return rule


PENALTY = re.compile(r"罚款|处分|刑事责任|拘留")
PENALTY_FORM = re.compile(r"的,(由|对|处|依法|责令)")
SANCTION = re.compile(
    r"罚款|罚金|处分|拘留|刑事责任|责令|没收|吊销|停业|停产|关闭|警告|处以|赔偿|撤职|降级"
)
CLAUSE = re.compile(r"[,;。:]")


def _is_penalty(text: str) -> bool:
    return bool(PENALTY.search(text) and PENALTY_FORM.search(text))


def _act(text: str) -> str:
    """A penalty article's clauses without the sanctions: the act it punishes."""
    kept = [p for p in CLAUSE.split(text) if p and not SANCTION.search(p)]
    return "".join(kept) or text


def penalty_acts(combine: str) -> Rule:
    def rule(case: Case) -> Pairs:
        a_texts = [case.a.texts[i] for i in case.rest_a]
        b_texts = [case.b.texts[j] for j in case.rest_b]
        pa = np.array([_is_penalty(t) for t in a_texts])
        pb = np.array([_is_penalty(t) for t in b_texts])
        acts = text_similarity(
            [_act(t) if p else t for t, p in zip(a_texts, pa, strict=True)],
            [_act(t) if p else t for t, p in zip(b_texts, pb, strict=True)],
            DEFAULTS.ngrams,
        )
        acts = with_entities(
            [case.a.units[i] for i in case.rest_a],
            [case.b.units[j] for j in case.rest_b],
            acts,
            DEFAULTS.entity_weight,
        )
        both = pa[:, None] & pb[None, :]
        sim = np.where(both, acts if combine == "replace" else np.maximum(acts, case.sim), case.sim)
        ranked = sim + (case.ranked - case.sim)
        return first_choices(
            best_first(sim, ranked, DEFAULTS.min_similarity), ranked, sim, ONE_SIDE
        )

    return rule


def _features(sim: Matrix) -> Matrix:
    """Per cell: the similarity, and its margin over the next candidate of its row and column."""
    top_r = -np.sort(-sim, axis=1)
    top_c = -np.sort(-sim, axis=0)
    next_r = np.where(sim >= top_r[:, :1], top_r[:, 1:2], top_r[:, :1])
    next_c = np.where(sim >= top_c[:1, :], top_c[1:2, :], top_c[:1, :])
    return np.stack([sim, sim - next_r, sim - next_c], axis=-1)


def _candidates(case: Case) -> tuple[Matrix, Matrix]:
    """Features and gold labels of every cell that is its row's or its column's first choice."""
    first = (case.ranked >= case.ranked.max(axis=1, keepdims=True)) | (
        case.ranked >= case.ranked.max(axis=0, keepdims=True)
    )
    gold = {(x, y) for s, x, y in case.gold if s == "changed"}
    labels = np.array(
        [
            [(case.a.units[i].label, case.b.units[j].label) in gold for j in case.rest_b]
            for i in case.rest_a
        ]
    )
    return _features(case.sim)[first], labels[first]


def two_stage(train: Case) -> Rule:
    model = LogisticRegression(C=10.0).fit(*_candidates(train))

    def rule(case: Case) -> Pairs:
        features = _features(case.sim)
        p = model.predict_proba(features.reshape(-1, 3))[:, 1].reshape(case.sim.shape)
        sim = np.where(p >= 0.5, case.sim, -1.0)
        ranked = np.where(p >= 0.5, case.ranked, -1.0)
        return first_choices(best_first(sim, ranked, 0.0), case.ranked, sim, ONE_SIDE)

    return rule


_PIVOTED: dict[str, Matrix] = {}


def _pivot(case: Case) -> Matrix:
    """The best over pivot articles k of min(sim(x, k), sim(k, y)), for the rest's cells."""
    if case.name not in _PIVOTED:
        a, b = case.a.units, case.b.units
        best = np.zeros((len(a), len(b)))
        for pivot in case.pivots:
            to_pivot, from_pivot = _sim(case, a, pivot), _sim(case, pivot, b)
            bridged = np.minimum(to_pivot[:, :, None], from_pivot[None, :, :]).max(axis=1)
            best = np.maximum(best, bridged)
        _PIVOTED[case.name] = best[np.ix_(case.rest_a, case.rest_b)]
    return _PIVOTED[case.name]


def pivot_max(case: Case) -> Pairs:
    sim = np.maximum(case.sim, _pivot(case))
    ranked = sim + (case.ranked - case.sim)
    return first_choices(best_first(sim, ranked, DEFAULTS.min_similarity), ranked, sim, ONE_SIDE)


def pivot_mutual(level: float) -> Rule:
    def rule(case: Case) -> Pairs:
        base = aligner(case)
        pivot = _pivot(case)
        allowed = np.ones_like(pivot, dtype=bool)
        found = _mutual_extra(case, base, pivot, allowed, in_order=False)
        keep = (pivot >= DEFAULTS.min_similarity) & (case.sim >= level)
        return [(r, c) for r, c in found if (r, c) in base or keep[r, c]]

    return rule


def _lexicon_sim(lexicon: Lexicon) -> Similarity:
    """The aligner's similarity of the texts mapped through `lexicon`."""

    def measure(
        a: Sequence[Unit],
        b: Sequence[Unit],
        a_texts: Sequence[str],
        b_texts: Sequence[str],
        ngrams: tuple[int, int],
        entity_weight: float,
    ) -> Matrix:
        a_texts = [lexicon.canonical(t) for t in a_texts]
        b_texts = [lexicon.canonical(t) for t in b_texts]
        return similarity(a, b, a_texts, b_texts, ngrams, entity_weight)

    return measure


def with_lexicon(lexicon: Lexicon, floor: float, ceiling: float) -> Rule:
    measure = _lexicon_sim(lexicon)

    def rule(case: Case) -> Pairs:
        sim = measure(
            [case.a.units[i] for i in case.rest_a],
            [case.b.units[j] for j in case.rest_b],
            [case.a.texts[i] for i in case.rest_a],
            [case.b.texts[j] for j in case.rest_b],
            DEFAULTS.ngrams,
            DEFAULTS.entity_weight,
        )
        order = order_closeness(len(case.a.units), len(case.b.units))
        ranked = sim + DEFAULTS.order_weight * order[np.ix_(case.rest_a, case.rest_b)]
        return first_choices(best_first(sim, ranked, floor), ranked, sim, ceiling)

    return rule


def lexicon_rules(extractor: Extractor) -> dict[str, Rule]:
    lexicon = read_lexicon(LEXICON)
    levels = quantiles(_lexicon_sim(lexicon), unrelated_units(extractor), FLOOR_QUANTILES)
    in_500, in_1000 = (float(np.median(levels[q])) for q in FLOOR_QUANTILES)
    ceiling = max(levels[FLOOR_QUANTILES[0]])
    floor, top = DEFAULTS.min_similarity, DEFAULTS.chance_ceiling
    return {
        f"lexicon, floor {floor}, ceiling {top}": with_lexicon(lexicon, floor, top),
        f"lexicon, its 1 in 500 ({in_500:.3f}), its ceiling {ceiling:.3f}": with_lexicon(
            lexicon, in_500, ceiling
        ),
        f"lexicon, its 1 in 1000 ({in_1000:.3f}), its ceiling {ceiling:.3f}": with_lexicon(
            lexicon, in_1000, ceiling
        ),
        f"lexicon variants alone, floor {floor}, ceiling {top}": with_lexicon(
            Lexicon(lexicon.variants), floor, top
        ),
        f"lexicon's dropped levels alone, floor {floor}, ceiling {top}": with_lexicon(
            Lexicon({}, lexicon.prefixes), floor, top
        ),
    }


def rules(cases: Sequence[Case]) -> dict[str, Rule]:
    found: dict[str, Rule] = {"the aligner (baseline)": aligner}
    for scope in ("global", "block"):
        for label, level in CHANCE.items():
            found[f"chapters: mutual first below the floor, {scope}, {label}"] = chapter_mutual(
                level, scope
            )
    found["chapters: mutual first, block, 1 in 100, in order"] = chapter_mutual(
        0.116, "block", True
    )
    for outside in (0.26, 0.30, 1.0):
        found[f"chapters: floor {outside} outside aligned chapters"] = chapter_floor(outside)
    found["chapters: bonus 0.05 inside aligned chapters"] = chapter_floor(
        DEFAULTS.min_similarity, 0.05
    )
    for combine in ("replace", "max"):
        found[f"penalty acts: {combine}"] = penalty_acts(combine)
    for case in cases:
        found[f"two-stage, fitted on {case.name}"] = two_stage(case)
    found["pivots: max with the article similarity"] = pivot_max
    for label, level in CHANCE.items():
        found[f"pivots: mutual first by pivot, own similarity at {label}"] = pivot_mutual(level)
    found["kept: both units' first choice below the chance ceiling 0.338"] = two_level
    return found


def main() -> None:
    _, extractor = gazetteer_and_extractor(PACKAGE_DATA / "gazetteers")
    cases = load(extractor)
    print(f"| rule | {' | '.join(c.name for c in cases)} |")
    print(f"| --- |{' ---: |' * len(cases)}")
    for label, rule in {**rules(cases), **lexicon_rules(extractor)}.items():
        cells = " | ".join("{:.3f} / {:.3f}".format(*score(c, rule)) for c in cases)
        print(f"| {label} | {cells} |", flush=True)


if __name__ == "__main__":
    main()
