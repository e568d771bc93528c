"""The hand-written gold of the eight dev documents (data/gold/dev/) is well formed.

This checks the gold files themselves, not the extractor: every unit and mention span slices back
to the copied document text, units nest inside their parents, mentions stay out of the header
lines, no span is annotated twice, and kinds and types come from the agreed sets
(data/gold/dev/README.md).
"""

from __future__ import annotations

import json
from itertools import pairwise
from typing import Any

import pytest

from policykg.settings import PACKAGE_DATA

CORPUS = PACKAGE_DATA / "corpus" / "dev"
GOLD = PACKAGE_DATA / "gold" / "dev"

UNIT_KINDS = frozenset(
    {
        # the notice wrapper and front and back matter
        *("title", "doc_number", "addressee", "preamble", "signatory", "date", "attachment"),
        # numbered and unnumbered divisions, outermost first
        *("part", "chapter", "section", "article", "clause", "item", "enumeration"),
        *("heading", "bullet", "sentence", "paragraph"),
    }
)
MENTION_TYPES = frozenset({"Region", "Pollutant", "Program", "Agency", "Instrument", "Sector"})
DOCUMENTS = sorted(path.stem for path in CORPUS.glob("*.txt"))


def _text(stem: str) -> str:
    # newline="" keeps the file's own line ends, so offsets count what is on disk
    with (CORPUS / f"{stem}.txt").open(encoding="utf-8", newline="") as handle:
        return handle.read()


def _gold(stem: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((GOLD / f"{stem}.gold.json").read_text(encoding="utf-8"))
    return data


def _body_start(text: str) -> int:
    """Where the document text begins: after the `# key: value` header lines and one blank line."""
    position = 0
    for line in text.splitlines(keepends=True):
        if not line.startswith("# "):
            break
        position += len(line)
    assert text[position] == "\n", "the header lines must end with one blank line"
    return position + 1


def test_there_are_eight_dev_documents_each_with_a_gold_file() -> None:
    assert len(DOCUMENTS) == 8
    assert sorted(path.name.removesuffix(".gold.json") for path in GOLD.glob("*.gold.json")) == (
        DOCUMENTS
    )


@pytest.mark.parametrize("stem", DOCUMENTS)
def test_gold_names_its_document(stem: str) -> None:
    gold = _gold(stem)
    assert gold["document"] == stem
    assert gold["source"] == f"data/corpus/dev/{stem}.txt"
    assert set(gold) == {"document", "source", "offsets", "units", "mentions"}


@pytest.mark.parametrize("stem", DOCUMENTS)
def test_units_slice_back_and_nest(stem: str) -> None:
    text, units = _text(stem), _gold(stem)["units"]
    body = _body_start(text)
    assert units, "every document has an outline"
    for index, unit in enumerate(units):
        start, end, parent, label = unit["start"], unit["end"], unit["parent"], unit["label"]
        where = f"unit {index} {unit}"
        assert set(unit) == {"kind", "label", "start", "end", "parent"}, where
        assert unit["kind"] in UNIT_KINDS, where
        assert body <= start < end <= len(text), where
        span = text[start:end]
        assert span == span.strip(), f"{where}: no leading or trailing whitespace"
        assert span.startswith(label), f"{where}: the span starts at its printed label"
        if parent is not None:
            assert 0 <= parent < index, f"{where}: a parent comes before its children"
            outer = units[parent]
            assert outer["start"] <= start and end <= outer["end"], f"{where}: inside its parent"
            assert (outer["start"], outer["end"]) != (start, end), f"{where}: repeats its parent"


@pytest.mark.parametrize("stem", DOCUMENTS)
def test_sibling_units_do_not_overlap(stem: str) -> None:
    units = _gold(stem)["units"]
    by_parent: dict[int | None, list[tuple[int, int]]] = {}
    for unit in units:
        by_parent.setdefault(unit["parent"], []).append((unit["start"], unit["end"]))
    for parent, spans in by_parent.items():
        ordered = sorted(spans)
        for (_, end), (start, _) in pairwise(ordered):
            assert end <= start, f"children of {parent} overlap at {start}"


@pytest.mark.parametrize("stem", DOCUMENTS)
def test_mentions_slice_back_to_their_surface(stem: str) -> None:
    text, mentions = _text(stem), _gold(stem)["mentions"]
    body = _body_start(text)
    for mention in mentions:
        assert set(mention) == {"type", "surface", "start", "end", "name"}, mention
        assert mention["type"] in MENTION_TYPES, mention
        assert mention["name"], mention
        assert body <= mention["start"] < mention["end"] <= len(text), "not in the header lines"
        assert text[mention["start"] : mention["end"]] == mention["surface"], mention


@pytest.mark.parametrize("stem", DOCUMENTS)
def test_no_span_is_annotated_twice(stem: str) -> None:
    spans = [(m["start"], m["end"]) for m in _gold(stem)["mentions"]]
    assert len(spans) == len(set(spans))


@pytest.mark.parametrize("stem", DOCUMENTS)
def test_mentions_are_in_document_order(stem: str) -> None:
    keys = [(m["start"], -m["end"]) for m in _gold(stem)["mentions"]]
    assert keys == sorted(keys)


@pytest.mark.parametrize("stem", DOCUMENTS)
def test_mentions_nest_or_stand_apart(stem: str) -> None:
    """Two mentions either do not overlap or one lies inside the other (a name inside a name)."""
    # outer spans first where two start together
    spans = sorted(
        ((m["start"], m["end"]) for m in _gold(stem)["mentions"]), key=lambda s: (s[0], -s[1])
    )
    for index, (start, end) in enumerate(spans):
        for other_start, other_end in spans[index + 1 :]:
            if other_start >= end:
                break
            assert other_end <= end, f"[{start},{end}) and [{other_start},{other_end}) cross"
