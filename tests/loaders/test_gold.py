"""Extraction against the hand-written gold annotations (data/gold/), and the scorer itself.

The gold was written by hand to data/gold/GUIDELINES.md, without running the extractor; the
extractor must reach precision and recall of at least 0.95 on it. On failure the message lists
every missed and spurious (ordinal, type, surface) mention, and the scores per type.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from devkit.gold import Mention, Score, load_gold, predicted_mentions, score
from policykg.loaders.extract import Extractor
from policykg.loaders.gazetteer import load_gazetteers
from policykg.loaders.read import read_document
from policykg.loaders.structure import ParsedDocument

GOLD_DIR = Path(__file__).resolve().parents[2] / "data" / "gold"
GOLD = GOLD_DIR / "mee-2026-key-tasks.gold.json"
THRESHOLD = 0.95

Gold = dict[str, list[tuple[str, str]]]


@pytest.fixture(scope="module")
def document(corpus_path: Path) -> ParsedDocument:
    return read_document(corpus_path)


@pytest.fixture(scope="module")
def raw_gold() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(GOLD.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def gold() -> Gold:
    return load_gold(GOLD)


@pytest.fixture(scope="module")
def extractor(gazetteer_dir: Path) -> Extractor:
    return Extractor(load_gazetteers(gazetteer_dir))


def report(result: Score, predicted: Counter[Mention], gold: Gold) -> str:
    """What went wrong, to read in a failing test's output."""
    expected = Counter((o, t, s) for o, ms in gold.items() for t, s in ms)
    lines = [
        f"precision {result.precision:.3f}, recall {result.recall:.3f} "
        f"({result.true_positives} right of {result.predicted} found, {result.gold} in gold)"
    ]
    for kind in sorted({t for _, t, _ in expected + predicted}):
        by_type = score(
            Counter({m: n for m, n in predicted.items() if m[1] == kind}),
            {o: [(t, s) for t, s in ms if t == kind] for o, ms in gold.items()},
        )
        lines.append(f"  {kind:<10} P {by_type.precision:.3f}  R {by_type.recall:.3f}")
    lines += ["missed:", *(f"  {m}" for m in result.missed)]
    lines += ["spurious:", *(f"  {m}" for m in result.spurious)]
    return "\n".join(lines)


# -- the extractor against the gold ---------------------------------------------------------------


def test_extraction_meets_the_gold(
    document: ParsedDocument, gold: Gold, extractor: Extractor
) -> None:
    predicted = predicted_mentions(document, extractor)
    result = score(predicted, gold)
    message = report(result, predicted, gold)
    assert result.precision >= THRESHOLD, message
    assert result.recall >= THRESHOLD, message


def test_the_gold_lines_up_with_the_parsed_document(
    document: ParsedDocument, raw_gold: dict[str, Any]
) -> None:
    """Same task ordinals and texts, so a mention's ordinal means the same sentence on both sides."""
    parsed = [(t.ordinal, t.text) for t in document.tasks]
    annotated = [(t["ordinal"], t["text"]) for t in raw_gold["tasks"]]
    assert parsed == annotated


def test_every_gold_surface_is_in_its_sentence(raw_gold: dict[str, Any]) -> None:
    types = {"Region", "Pollutant", "Program", "Agency", "Instrument", "Sector"}
    for task in raw_gold["tasks"]:
        for kind, surface in task["mentions"]:
            assert kind in types, (task["ordinal"], kind)
            assert surface in task["text"], (task["ordinal"], surface)


def test_the_gold_readme_counts_are_true(raw_gold: dict[str, Any]) -> None:
    readme = (GOLD_DIR / "README.md").read_text(encoding="utf-8")
    tasks = raw_gold["tasks"]
    stated = re.search(r"Tasks: \*\*(\d+)\*\*\. Tasks with no mention: (\d+)\.", readme)
    assert stated, "README.md lost its task counts"
    assert (int(stated[1]), int(stated[2])) == (len(tasks), sum(not t["mentions"] for t in tasks))
    mentions = [(kind, surface) for t in tasks for kind, surface in t["mentions"]]
    for kind, count in Counter(kind for kind, _ in mentions).items():
        distinct = len({s for k, s in mentions if k == kind})
        assert f"| {kind} | {count} | {distinct} |" in readme, kind
    distinct_all = len({s for _, s in mentions})
    assert f"| **Total** | **{len(mentions)}** | {distinct_all} |" in readme


# -- held-out sentences ---------------------------------------------------------------------------

HELDOUT = GOLD_DIR / "heldout" / "heldout-2026-11-29"
#: Set when the held-out set was written (data/gold/heldout/README.md), below its first score
#: (P 0.954, R 0.925), and not to be tuned against: it guards against rules that fit only the
#: source article.
HELDOUT_THRESHOLD = 0.90


def test_extraction_generalises_to_held_out_sentences(extractor: Extractor) -> None:
    document = read_document(HELDOUT.with_suffix(".txt"))
    gold = load_gold(HELDOUT.with_suffix(".gold.json"))
    assert [t.ordinal for t in document.tasks] == list(gold)
    predicted = predicted_mentions(document, extractor)
    result = score(predicted, gold)
    message = report(result, predicted, gold)
    assert result.precision >= HELDOUT_THRESHOLD, message
    assert result.recall >= HELDOUT_THRESHOLD, message


# -- the scorer ----------------------------------------------------------------------------------

TOY: Gold = {
    "1.1.1": [("Region", "长江"), ("Pollutant", "总磷"), ("Region", "长江")],
    "1.1.2": [("Instrument", "排污许可管理条例")],
    "1.1.3": [],
}


def as_predicted(gold: Gold) -> Counter[Mention]:
    return Counter((o, t, s) for o, ms in gold.items() for t, s in ms)


def test_a_perfect_prediction_scores_one() -> None:
    result = score(as_predicted(TOY), TOY)
    assert (result.precision, result.recall) == (1.0, 1.0)
    assert result.missed == result.spurious == []


def test_a_dropped_mention_lowers_recall_only() -> None:
    predicted = as_predicted(TOY)
    predicted[("1.1.2", "Instrument", "排污许可管理条例")] -= 1
    result = score(+predicted, TOY)
    assert result.precision == 1.0
    assert result.recall == pytest.approx(3 / 4)
    assert result.missed == [("1.1.2", "Instrument", "排污许可管理条例")]


def test_mentions_are_a_multiset() -> None:
    """长江 is written twice in 1.1.1, so finding it once misses one."""
    predicted = as_predicted(TOY)
    predicted[("1.1.1", "Region", "长江")] = 1
    result = score(predicted, TOY)
    assert result.missed == [("1.1.1", "Region", "长江")]
    assert result.recall == pytest.approx(3 / 4)


def test_a_wrong_type_or_sentence_is_both_missed_and_spurious() -> None:
    predicted = as_predicted(TOY)
    del predicted[("1.1.1", "Pollutant", "总磷")]
    predicted[("1.1.1", "Region", "总磷")] += 1
    predicted[("1.1.3", "Instrument", "排污许可管理条例")] += 1
    result = score(predicted, TOY)
    assert result.missed == [("1.1.1", "Pollutant", "总磷")]
    assert result.spurious == [
        ("1.1.1", "Region", "总磷"),
        ("1.1.3", "Instrument", "排污许可管理条例"),
    ]
    assert result.precision == pytest.approx(3 / 5)
    assert result.recall == pytest.approx(3 / 4)


def test_finding_nothing_fails_the_threshold(document: ParsedDocument, gold: Gold) -> None:
    class Blind(Extractor):
        def __init__(self) -> None:  # no gazetteer: it finds nothing
            pass

        def extract(self, text: str, verbs: object = None) -> list[Any]:
            return []

    result = score(predicted_mentions(document, Blind()), gold)
    assert result.recall == 0.0 < THRESHOLD


# -- the dev documents (data/gold/dev), scored as `policykg extract --json` reports them ------------

DEV_GOLD = GOLD_DIR / "dev"
#: The issue's bar for the eight dev documents, met by the general rules (P 0.901, R 0.903
#: over all eight): the floor the extractor is held at.
DEV_TARGET = 0.90
DEV_FLOOR = (DEV_TARGET, DEV_TARGET)

Span = tuple[int, int, str]  # (start, end, type): offsets into the decoded original text


def dev_scores(extractor: Extractor) -> dict[str, tuple[int, int, int]]:
    """Per dev document: (right, found, in gold) mentions compared on (start, end, type)."""
    from policykg.loaders.annotate import annotate

    out = {}
    for path in sorted(DEV_GOLD.glob("*.gold.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        source = GOLD_DIR.parent / gold["source"].removeprefix("data/")
        data = annotate(read_document(source), extractor)
        want = Counter((m["start"], m["end"], m["type"]) for m in gold["mentions"])
        have = Counter((m["start"], m["end"], m["type"]) for m in data["mentions"])
        out[gold["document"]] = (
            sum((want & have).values()),
            sum(have.values()),
            sum(want.values()),
        )
    return out


@pytest.fixture(scope="module")
def dev(extractor: Extractor) -> dict[str, tuple[int, int, int]]:
    return dev_scores(extractor)


def _overall(dev: dict[str, tuple[int, int, int]]) -> tuple[float, float, str]:
    right = sum(r for r, _, _ in dev.values())
    found = sum(f for _, f, _ in dev.values())
    gold = sum(g for _, _, g in dev.values())
    lines = [
        f"{doc}: P {r / max(f, 1):.3f} R {r / max(g, 1):.3f}" for doc, (r, f, g) in dev.items()
    ]
    return right / found, right / gold, "\n".join(lines)


def test_every_dev_document_is_scored(dev: dict[str, tuple[int, int, int]]) -> None:
    assert len(dev) == 8 and all(gold for _, _, gold in dev.values())


def test_dev_extraction_meets_the_target(dev: dict[str, tuple[int, int, int]]) -> None:
    precision, recall, per_document = _overall(dev)
    assert precision >= DEV_FLOOR[0], per_document
    assert recall >= DEV_FLOOR[1], per_document
