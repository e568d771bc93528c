"""The aligner against the alignment gold written by hand (data/gold/compare/).

Each gold file names two documents of data/corpus and the pairs of their articles a reader
judged (rules in data/gold/compare/GUIDELINES.md). The aligner compares the two documents'
articles with its default configuration, as `policykg compare` does.

Scoring: every pair, gold or predicted, is a triple (status, A's article label or None, B's
article label or None). precision = |predicted ∩ gold| / |predicted| and
recall = |predicted ∩ gold| / |gold|: a triple counts only when its status and both labels
agree exactly, so a changed pair with the wrong partner costs the pair and the two triples
that should have been there. Each gold file must reach precision and recall >= 0.90.

The national/local pairs do not reach it: 大气污染防治法 vs 济南 P 0.817 R 0.876, and 水污染防治法
vs 浙江省水污染防治条例 (annotated later, as a check on a pair nothing was tuned on) P 0.793
R 0.836 on its first run. Half of the provisions a reader sees taken up are restated in other
words (character overlap near zero), which no text similarity finds. Three general additions
were tried on 济南 and then checked once on 浙江: keeping a pair whose similarity stands out
from both units' best other matches (CSLS: 济南 0.850/0.889, 浙江 0.784/0.820), a bonus for
chapters of one title (with it: 济南 0.861/0.889, 浙江 0.800/0.812), and n-gram containment for
a short local article restating part of a long national one (no gain on 济南). None held on
浙江, so the aligner keeps its defaults. Those cases are strict xfails: they turn red the day
they pass.

Later, pairing best first instead of by the largest total (see graph/compare/align.py) gave
浙江 P 0.807 R 0.852 and left 济南 and both version pairs as they were. Tried on both pairs and
not kept, each worse on 浙江 or on both: accepting mutual best matches below the floor
(济南 0.849/0.882, 浙江 0.791/0.797 at 0.10); an article scored by its best paragraph (a local
article restating one paragraph of a long national one: 济南 0.840/0.889, 浙江 0.774/0.805);
pairs between two confident, in-order anchors accepted at a lower floor, as sentence aligners
of translations do (浙江 falls to 0.70-0.78); IDF fitted on all 14,290 articles of the law
corpus instead of the two documents (浙江 0.766/0.820); character n-gram ranges (1,2) to (3,4)
at floors 0.15-0.26 (none above 0.84 on both); a bonus for chapters of equal or similar
titles with best-first pairing (济南 0.839/0.882, 浙江 0.797/0.828); the words that name
each text's own jurisdiction (国务院, 县级以上地方人民政府, 市人民政府, 本法, 本条例 …) folded into one
sign before comparing (济南 0.816/0.869, 浙江 unchanged); entity weights 0-0.35 (none better).

Later still (2026-11-29, second round), tried on all four dev pairs and not kept: word-level
similarity with jieba's bundled dictionary, as TF-IDF or BM25 (Okapi, k1 1.2, b 0.75),
blended with the character n-grams at 0.3, 0.5 or 1.0, floors 0.18-0.26 (济南 at best
0.838/0.876, 浙江 at best 0.818/0.844, and 长江 falls to 0.926/0.862 in most settings);
order-aware pairing, in the gaps between consecutive pairs of the longest in-order chain of
pairs, of units that are each other's best match inside the gap, at the floor less a bonus
of 0.05-0.22, or by a monotone alignment of the gap (best: bonus 0.05 for gaps of at most 15
units a side, 济南 0.840/0.889 and every other pair unchanged, but only with that gap size:
without it 浙江 falls to 0.788/0.812, so the gain is one gap of one document, not a rule), or
with the bonus shrinking with the distance between the two units' places in the gap (none
better on both); and floors derived from each comparison's own similarities (the k-th largest
cell for k = min(n, m), 2 min(n, m), max(n, m), n + m: each worse on 济南 or 浙江). The floor
0.22 is now a stated level rather than a bare sweep result: articles of unrelated laws reach
0.19 (one pair in 500) to 0.23 (one in 1,000), benchmarks/compare_floor.py. Also tried after the agency
readings, not kept: entity overlap without Agency entities (national and local bodies differ by
level, so they mostly only grow the union): 济南 0.824/0.856, 浙江 0.789/0.820.

Since the readings of levels with bracketed alternatives (县（市、区）人民政府 is an agency now),
济南 第十条 names one more entity, its similarity to national 第二十一条 fell from 0.223 to
0.2196, just under the floor, and 济南 scores P 0.806 R 0.869 (from 0.817/0.876; the experiments
above were run before, on the old entities).

A third round (2026-11-29), each measure judged on all four dev pairs at 0.22 and at its own
chance level on unrelated laws (benchmarks/compare_variants.py, RESULTS-compare.md), none
kept (numbers from before the first-choice rule below; the re-run with it gives the same
verdict): sentence-level cosine aggregated to articles (each side's mean of per-sentence best
matches, combined by mean, minimum or harmonic mean, then the max with the article cosine:
济南 at best 0.827/0.876, 浙江 never above 0.807/0.852, 长江 falls to 0.893/0.862); IDF fitted
on a background of laws (all 301 files, the national laws, or those of the same subject:
长江 falls to 0.852/0.793 with the first two, 济南 and 浙江 gain nothing with the third);
sentence aggregates or latent semantic analysis (200 SVD components of the corpus's n-gram
TF-IDF) for the units the article cosine leaves unpaired; similarity flooding from paired
units of the same document; a floor per band of article length.

Kept from that round: a pair that neither of its units ranks first is left unpaired
(graph/compare/align.py, `_first_choices`): best first, each of its units already saw its
first choice paired with a unit it resembles more, so each is the lesser part of a split or
merged provision, which the one-to-one rule of the guidelines leaves added or removed. It has
no parameter; 济南 goes from P 0.806 R 0.869 to 0.813/0.882 (大气 第二十六条 → 济南 第十六条
dropped), 长江 from 0.964/0.931 to 1.000/1.000 (2001 第二十二条 → 2023 第二十条 dropped),
浙江 and 北京 do not move. Dropping instead every pair that is not the first choice of both
units scored 济南 0.820/0.895 and 浙江 0.809/0.859 but 长江 0.933/0.966 (it also drops
2001 第十八条 → 2023 第十八条, a revision more like the next article), so it was not kept.
Nor was taking, with the rule, pairs that are each other's first choice in the whole matrix
below the floor, down to chance levels 0.116-0.193: 济南 up to 0.856/0.895, 浙江 down to
0.794-0.797/0.797-0.820.

A third national/local pair, 土壤污染防治法 vs 菏泽市土壤污染防治条例 (data/gold/compare/heldout/),
was annotated and committed before that change and scored once after it: P 0.936 R 0.927 (the
aligner before the change scores it the same). It holds the bar, so it is a test like the
version pairs; its local text restates the national wording far more than 济南's or 浙江's.

A fourth, 水土保持法 (2010) vs 济南市水土保持条例 (2016), was annotated and committed before this
round's aligner work and scored once after it: P 0.816 R 0.873, a strict xfail
(HELD_OUT_BELOW). Its misses are, again, provisions restated in other words. With the
first-choice rule (chosen on the dev pairs after that scoring) it scores 0.792/0.859.

A fifth, 环境影响评价法 (2018) vs 山东省实施《环境影响评价法》办法 (2018), was annotated by hand
while the first-choice rule was being chosen on the dev pairs, committed in a folder no test
reads, and scored once after the rule: P 0.679 R 0.800 (the same without the rule), a strict
xfail. Nine of its nineteen changed pairs are provisions restated in other words, which the
aligner leaves as one article removed and one added.

A fourth round (2026-11-30) began with an error analysis of the dev pairs
(benchmarks/compare_errors.py, RESULTS-compare.md): 24 of the 26 changed pairs missed on 济南
and 浙江 are left unpaired below the floor (13 of them below the level one article pair in 100
of unrelated laws reaches, 8 ranked first by neither unit); the other errors are 7 wrong
partners (a gold pair missed, or a pair made, because a unit took another) and 3 pairs of units
gold leaves unpaired, all above the floor; no wrong label. Tried from
those counts, on all four dev pairs, none kept (benchmarks/compare_ideas.py): chapters aligned by
content, then mutual first choices below the floor inside aligned chapters at chance levels
(济南 up to 0.867/0.895, 浙江 0.794-0.811/0.797-0.836), or a higher floor outside them (浙江
0.816/0.867 but 北京 0.971/0.986); penalty articles compared by the act they punish (no decision
moves); a logistic status decision on the similarity and its margins over each unit's next
candidate, fitted on one dev pair (fitted on 北京: 济南 0.831/0.902, 浙江 0.818/0.875, but 长江
0.933/0.966); other local regulations of the same law as pivots (济南 up to 0.857/0.902, 浙江
0.811/0.836).

Kept from that round: the first-choice rule is two-level. Below `AlignConfig.chance_ceiling`
(0.338, the most one article pair in 500 of two unrelated laws reaches), a pair must be the
first choice of both its units; above it, one unit's choice is enough, as before. 济南 goes from
0.813/0.882 to 0.820/0.895 (第十八条 → 第十二条 unpaired), 浙江 from 0.807/0.852 to 0.809/0.859
(第五十条 → 第四十五条 unpaired), the version pairs do not move; any ceiling from 0.309 to 0.428
gives the same. The held-out pairs were not scored with it here.

A last idea (2026-11-30): a lexicon of equivalent legal and administrative phrasings
(data/compare_lexicon.csv: the 2018 renamings such as 环境保护主管部门 -> 生态环境主管部门, the
local levels naming the same duty, 本条例/本法, 必须/应当, 责令限期改正/责令改正 …, each row with
its source, written and committed before scoring), applied to both texts before the similarity
(`AlignConfig.lexicon`). Kept: at the same floor and ceiling 济南 goes from 0.820/0.895 to
0.830/0.895 (第二十一条 → 第十条 paired, as gold; 第一百二十三条 → 第四十五条 paired, not as gold),
浙江 stays at 0.809/0.859 (one wrong pair, 第四十五条 → 第三十七条, gives way to another,
第八十四条 → 第五十六条) and the version pairs at 1.000/1.000. At the lexicon's own chance levels
it lifted 济南 and cost 浙江, so the floor stays (benchmarks/compare_ideas.py). The held-out
pairs were not scored with it here.

A fifth round (2026-11-30), meaning through a thesaurus (benchmarks/compare_thesaurus.py, on all
four dev pairs, each measure at 0.22 and at its own chance levels), not kept: jieba words as
TF-IDF or BM25, and words replaced by their classes in 同义词词林扩展版 (levels 3-5, all senses
or the first, with or without the words, or nouns, verbs and adjectives only), or by the head
of their synonym set under the character measure. Alone, each word or class measure costs 长江
(0.871-0.933) at its own levels; the larger of it and the character similarity, each at its
own chance level, lifts 济南 to 0.841/0.902 in most rows and costs 浙江's recall in every word
and class row (0.805-0.852); units left unpaired that both the characters and the thesaurus
rank each other first take 3 gold pairs and 4 others over the all-senses settings (one setting
moves one gold pair on 济南 alone, a single row of about 160, not kept). Of the 22 missed pairs,
words and classes lift 2-5 to their chance level.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from policykg.compare_input import document_units
from policykg.graph.compare import align
from policykg.pipeline import gazetteer_and_extractor
from policykg.settings import PACKAGE_DATA

GOLD_DIR = PACKAGE_DATA / "gold" / "compare"
CORPUS = PACKAGE_DATA / "corpus"
THRESHOLD = 0.90
Triple = tuple[str, str | None, str | None]


def gold_files() -> list[Path]:
    return sorted(GOLD_DIR.glob("*.align.json"))


def held_out_files() -> list[Path]:
    return sorted((GOLD_DIR / "heldout").glob("*.align.json"))


def predicted(gold: dict[str, Any]) -> set[Triple]:
    _, extractor = gazetteer_and_extractor(PACKAGE_DATA / "gazetteers")
    a = document_units(CORPUS / gold["a"], extractor, 20_000_000)
    b = document_units(CORPUS / gold["b"], extractor, 20_000_000)
    comparison = align(a.units, b.units)
    return {
        (p.status.value, p.a.label if p.a else None, p.b.label if p.b else None)
        for p in comparison.pairs
    }


def _relation(path: Path) -> str:
    return str(json.loads(path.read_text(encoding="utf-8"))["relation"])


def test_there_is_gold_for_versions_and_national_local() -> None:
    relations = Counter(_relation(p) for p in gold_files())
    assert relations["versions"] >= 2 and relations["national-local"] >= 1


NOT_YET = pytest.mark.xfail(
    strict=True,
    reason="national/local alignment below 0.90 (济南 P 0.830 R 0.895, 浙江 P 0.809 R 0.859)",
)


#: Held-out pairs whose one scoring fell below the bar (data/gold/compare/heldout/README.md).
HELD_OUT_BELOW = {
    "soil-conservation-national-jinan": "水土保持法/济南 scored once at P 0.816 R 0.873 (0.792/0.859 with the first-choice rule, the same with its two-level form and the lexicon)",
    "eia-national-shandong": "环境影响评价法/山东 scored once at P 0.679 R 0.800 (the same with the two-level first-choice rule and the lexicon)",
}


def _held_out_marks(path: Path) -> list[Any]:
    below = HELD_OUT_BELOW.get(path.name.split(".")[0])
    return [pytest.mark.xfail(strict=True, reason=below)] if below else []


def gold_cases() -> list[Any]:
    return [
        pytest.param(
            p, id=p.name.split(".")[0], marks=[NOT_YET] if _relation(p) == "national-local" else []
        )
        for p in gold_files()
    ] + [
        pytest.param(p, id="heldout-" + p.name.split(".")[0], marks=_held_out_marks(p))
        for p in held_out_files()
    ]


@pytest.mark.parametrize("path", gold_cases())
def test_alignment_gold_holds(path: Path) -> None:
    gold_doc = json.loads(path.read_text(encoding="utf-8"))
    gold = {(p["status"], p["a"], p["b"]) for p in gold_doc["pairs"]}
    found = predicted(gold_doc)
    hits = found & gold
    precision, recall = len(hits) / len(found), len(hits) / len(gold)
    report = "\n".join(
        [f"P {precision:.3f} R {recall:.3f}"]
        + [f"  missed   {t}" for t in sorted(gold - found, key=str)]
        + [f"  spurious {t}" for t in sorted(found - gold, key=str)]
    )
    assert precision >= THRESHOLD and recall >= THRESHOLD, report
