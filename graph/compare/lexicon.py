"""Equivalent legal and administrative phrasings, mapped to one form before texts are compared.

A local regulation restates a national provision in its own words: 生态环境部门 for the law's
环境保护主管部门 (renamed in 2018), 市、区人民政府 for 县级以上地方人民政府, 本条例 for 本法.
The lexicon (data/compare_lexicon.csv, a source for every row) maps each variant to one
canonical form, and drops a level named right before a department (国务院, 省, 市 …), so that
such texts share their character n-grams. It changes only what the similarity sees: identical
texts, labels and diffs use the texts as printed.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from policykg.graph.compare.text import normal_text
from policykg.settings import PACKAGE_DATA

__all__ = ["COMPARE_LEXICON", "Lexicon", "read_lexicon"]

#: The lexicon the aligner's defaults use.
COMPARE_LEXICON = PACKAGE_DATA / "compare_lexicon.csv"
_NOTHING = r"(?!)"  # a pattern that matches nowhere


def _alternation(words: Iterable[str]) -> str:
    """A regex of the words, the longest first (so the longest variant at a place wins)."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w) for w in ordered) or _NOTHING


@dataclass(frozen=True)
class Lexicon:
    """Variants with their canonical forms, and levels dropped before a department.

    Args:
        variants: variant -> canonical form (both normal texts, `normal_text`).
        prefixes: levels dropped where a department (a canonical form ending in 部门) follows.

    Raises:
        ValueError: an empty variant or prefix.
    """

    variants: Mapping[str, str]
    prefixes: tuple[str, ...] = ()
    _replace: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _drop: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if any(not w for w in (*self.variants, *self.prefixes)):
            raise ValueError("a lexicon variant or prefix is empty")
        departments = [c for c in self.variants.values() if c.endswith("部门")]
        drop = f"(?:{_alternation(self.prefixes)})(?={_alternation(departments)})"
        object.__setattr__(self, "_replace", re.compile(_alternation(self.variants)))
        object.__setattr__(self, "_drop", re.compile(drop))

    def canonical(self, text: str) -> str:
        """The text with every variant replaced by its canonical form (the longest variant
        at the leftmost place wins), then levels before a department dropped.

        Args:
            text: a normal text (`normal_text`).

        >>> lex = Lexicon({"环境保护主管部门": "生态环境主管部门", "本条例": "本法"}, ("市",))
        >>> lex.canonical("市环境保护主管部门依照本条例")
        '生态环境主管部门依照本法'
        """
        replaced = self._replace.sub(lambda m: self.variants[m.group(0)], text)
        return self._drop.sub("", replaced)


def read_lexicon(path: Path) -> Lexicon:
    """The lexicon of a CSV file with columns kind (phrase, level or prefix), variant,
    canonical and source; every row needs a source.

    Args:
        path: the CSV file (data/compare_lexicon.csv).

    Raises:
        ValueError: a row without a source, of an unknown kind, or a variant given twice.
    """
    variants: dict[str, str] = {}
    prefixes: list[str] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            kind, variant = row["kind"], normal_text(row["variant"])
            if not row["source"].strip():
                raise ValueError(f"{path.name}:{line}: the row has no source")
            if kind == "prefix":
                prefixes.append(variant)
            elif kind in ("phrase", "level"):
                if variant in variants:
                    raise ValueError(f"{path.name}:{line}: {variant} is given twice")
                variants[variant] = normal_text(row["canonical"])
            else:
                raise ValueError(f"{path.name}:{line}: unknown kind {kind!r}")
    return Lexicon(variants, tuple(prefixes))
