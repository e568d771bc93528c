"""Comparing two documents, or one against several: align their units, label, diff, summarise.

```
Unit lists A, B --align()--> Comparison(pairs: same | changed | added | removed, summary)
A, {name: B…}  --compare_many()--> SetComparison(one Comparison per B, coverage of A's units)
```
Pure functions over any unit lists (law articles, task sentences): nothing here reads files
(but the defaults' lexicon of equivalent phrasings, data/compare_lexicon.csv, once) or touches
a store. Units carry the entities found in them; the caller extracts those.
"""

from policykg.graph.compare.align import DEFAULTS, AlignConfig, align
from policykg.graph.compare.lexicon import Lexicon, read_lexicon
from policykg.graph.compare.model import (
    Comparison,
    DiffOp,
    EntityShift,
    Link,
    Pair,
    Status,
    Summary,
    Unit,
)
from policykg.graph.compare.sets import Coverage, SetComparison, compare_many
from policykg.graph.compare.text import normal_text

__all__ = [
    "DEFAULTS",
    "AlignConfig",
    "Comparison",
    "Coverage",
    "DiffOp",
    "EntityShift",
    "Lexicon",
    "Link",
    "Pair",
    "SetComparison",
    "Status",
    "Summary",
    "Unit",
    "align",
    "compare_many",
    "normal_text",
    "read_lexicon",
]
