"""Script of a text (Simplified, Traditional, mixed) and its Simplified conversion, mapped back.

Traditional documents are matched on a Simplified conversion made with OpenCC (`tw2sp`: Taiwan
characters and phrases, 最佳化 -> 优化), followed by the Taiwan phrases OpenCC leaves in
data/script/taiwan_phrases.csv (套用 -> 应用, each row cited). Spans stay in the original: the
conversion comes with an OffsetMap from every converted character back to the characters it
came from, so a mention found in 黄河 points at 黃河.

>>> simplified, offsets = to_simplified("推廣套用,黃河")
>>> simplified, offsets.span(5, 7)
('推广应用,黄河', (5, 7))
"""

from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from importlib import resources

from policykg.loaders.offsets import OffsetMap, OffsetMapBuilder

__all__ = ["MIXED", "SIMPLIFIED", "TRADITIONAL", "detect_script", "to_simplified"]

SIMPLIFIED, TRADITIONAL, MIXED = "Simplified", "Traditional", "mixed"
# A conversion is aligned clause by clause: a phrase that changes length (最佳化 -> 优化) maps
# as one block inside its clause, everything else character by character.
_CLAUSE = re.compile(r"[^\n。,;:、!?()“”《》]+|[\n。,;:、!?()“”《》]+")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_TRADITIONAL_SHARE = 0.5  # of the characters that differ between the scripts
_MIXED_SHARE = 0.05


@lru_cache(maxsize=1)
def _converters() -> tuple[object, object, object]:
    import opencc  # imported late: only Traditional and mixed texts need it

    return opencc.OpenCC("tw2sp"), opencc.OpenCC("t2s"), opencc.OpenCC("s2t")


@lru_cache(maxsize=1)
def _phrases() -> tuple[tuple[str, str], ...]:
    data = resources.files("policykg") / "data" / "script" / "taiwan_phrases.csv"
    rows = csv.DictReader(io.StringIO(data.read_text(encoding="utf-8")))
    pairs = [(r["simplified_taiwan"], r["simplified_mainland"]) for r in rows]
    return tuple(sorted(((a, b) for a, b in pairs if a != b), key=lambda p: -len(p[0])))


def _convert(converter: object, text: str) -> str:
    return str(converter.convert(text))  # type: ignore[attr-defined]


def detect_script(text: str) -> str:
    """Simplified, Traditional or mixed, by the Han characters only one script writes.

    Args:
        text: the text.

    >>> detect_script("生态环境部"), detect_script("生態環境部"), detect_script("生態環境部和国务院")
    ('Simplified', 'Traditional', 'mixed')
    """
    han = "".join(_HAN.findall(text))
    if not han:
        return SIMPLIFIED
    _, t2s, s2t = _converters()
    traditional = sum(a != b for a, b in zip(han, _convert(t2s, han), strict=False))
    simplified = sum(a != b for a, b in zip(han, _convert(s2t, han), strict=False))
    if traditional == 0:
        return SIMPLIFIED
    share = traditional / (traditional + simplified)
    if share >= 1 - _MIXED_SHARE and simplified <= _MIXED_SHARE * len(han):
        return TRADITIONAL
    if share <= _MIXED_SHARE:
        return SIMPLIFIED
    return MIXED


def to_simplified(text: str) -> tuple[str, OffsetMap]:
    """The Simplified conversion of `text` and a map from it back to `text`.

    Args:
        text: the text.
    """
    tw2sp, t2s, _ = _converters()
    builder = OffsetMapBuilder()
    out: list[str] = []
    for clause in _CLAUSE.finditer(text):
        start, piece = clause.start(), clause.group()
        converted = _convert(tw2sp, piece)
        for taiwan, mainland in _phrases():
            converted = converted.replace(taiwan, mainland)
        out.append(converted)
        if len(converted) == len(piece):
            builder.run(start, len(piece))
            continue
        chars = _convert(t2s, piece)  # character by character: same length as the clause
        head = _common_prefix(chars, converted)
        tail = _common_prefix(chars[head:][::-1], converted[head:][::-1])
        builder.run(start, head)
        builder.block(start + head, start + len(piece) - tail, len(converted) - head - tail)
        builder.run(start + len(piece) - tail, tail)
    return "".join(out), builder.build(len(text))


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n
