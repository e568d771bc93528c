"""normalized_lines and OffsetMap: the normal form line by line, mapped back to the original."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from policykg.loaders.normalize import normalize, normalized_lines
from policykg.loaders.offsets import OffsetMap, OffsetMapBuilder

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"


def joined(text: str) -> str:
    lines = "\n".join(line for line, _ in normalized_lines(text))
    return re.sub(r"\n{3,}", "\n\n", lines).strip("\n")


def spans(text: str) -> list[tuple[str, tuple[int, int]]]:
    """Each normalised character with the original span it stands for."""
    out = []
    for line, where in normalized_lines(text):
        for i, ch in enumerate(line):
            span = (where + i, where + i + 1) if isinstance(where, int) else where[i]
            out.append((ch, span))
    return out


def test_the_lines_are_normalize_of_every_corpus_file() -> None:
    files = sorted(CORPUS.rglob("*.txt"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert joined(text) == normalize(text), path


def test_full_width_and_spaces_map_to_their_original_characters() -> None:
    text = "  （一）推进\u3000\u3000治理，\r\n加强㎡"
    got = {ch: text[a:b] for ch, (a, b) in spans(text)}
    assert got["("] == "（" and got[","] == "，"
    assert got[" "] == "\u3000\u3000"  # a run of spaces is one space
    assert got["m"] == got["2"] == "㎡"  # an expansion maps every part to the whole


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_any_text_normalises_line_by_line_as_a_whole(text: str) -> None:
    assert joined(text) == normalize(text)


@given(st.text(max_size=60))
def test_every_character_maps_into_the_original_in_order(text: str) -> None:
    last = 0
    for _, (a, b) in spans(text):
        assert 0 <= a < b <= len(text)
        assert a >= last  # a block repeats its start; nothing goes backwards
        last = a


def test_an_offset_map_maps_spans_and_composes() -> None:
    builder = OffsetMapBuilder()
    builder.run(10, 2)  # two characters from 10
    builder.block(12, 15, 2)  # two characters standing for 12:15
    outer = builder.build(15)
    assert outer.span(0, 4) == (10, 15)
    assert outer.span(2, 3) == (12, 15)
    assert outer.span(4, 4) == (15, 15)
    inner = OffsetMap.identity(20, 100)
    assert outer.then(inner).span(0, 4) == (110, 115)
