"""Score the role extractor against the hand-written role gold (data/gold/roles/).

A role matches on (span, role); a carried role on (unit span, agency span, role); deadlines and
targets on their span. The outline comes from the gold (the dev documents' outline gold, the law
articles, the table rows), so the score is the role extractor's own; agency mentions come from the
entity extractor, as in a build.

    python -m devkit.role_score      # per-source precision and recall
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policykg.graph.model import NodeType
from policykg.loaders.extract import Extractor
from policykg.loaders.gazetteer import load_gazetteers
from policykg.loaders.roles.extract import UnitSpan, document_roles
from policykg.loaders.roles.model import AgencySpan, UnitRoles
from policykg.settings import PACKAGE_DATA

__all__ = ["GOLD", "Score", "SourceScore", "score_all"]

GOLD = PACKAGE_DATA / "gold" / "roles"
_Key = tuple[object, ...]


@dataclass(frozen=True)
class Score:
    """Matches, predictions and gold items of one kind (roles, deadlines or targets)."""

    matched: int
    predicted: int
    gold: int
    missed: tuple[_Key, ...] = ()
    spurious: tuple[_Key, ...] = ()
    hits: tuple[_Key, ...] = ()

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.matched + other.matched,
            self.predicted + other.predicted,
            self.gold + other.gold,
            self.missed + other.missed,
            self.spurious + other.spurious,
            self.hits + other.hits,
        )


@dataclass(frozen=True)
class SourceScore:
    source: str
    roles: Score
    deadlines: Score
    targets: Score


def _score_source(name: str, extractor: Extractor) -> SourceScore:
    """Run the role extractor over one gold file's text and compare.

    Args:
        name: the source's name (its gold file is <name>.roles.json).
        extractor: the entity extractor.
    """
    gold = json.loads((GOLD / f"{name}.roles.json").read_text(encoding="utf-8"))
    text = _read(PACKAGE_DATA / gold["source"].removeprefix("data/"))
    units = _units(gold)
    mentions, regions = _mentions(text, units, extractor)
    law = any(unit.kind == "article" for unit in units)  # a law's directive unit is the article
    found = document_roles(text, units, mentions, regions, law=law, body_start=_body_start(text))
    return SourceScore(
        name,
        _compare(_role_keys_found(found), _role_keys_gold(gold["units"])),
        _compare(_stated(found, "deadlines"), _stated(gold["units"], "deadlines")),
        _compare(_stated(found, "targets"), _stated(gold["units"], "targets")),
    )


def score_all(extractor: Extractor | None = None) -> list[SourceScore]:
    """Scores of the role extractor on every role gold file.

    Args:
        extractor: the entity extractor (None: one over the packaged gazetteers).

    Returns:
        One score per gold source, by name.
    """
    extractor = extractor or Extractor(load_gazetteers(PACKAGE_DATA / "gazetteers"))
    names = sorted(p.name.removesuffix(".roles.json") for p in GOLD.glob("*.roles.json"))
    return [_score_source(name, extractor) for name in names]


def _body_start(text: str) -> int:
    """Where a file's own text begins: after its `# key: value` header lines and a blank line.

    Args:
        text: a gold file's text.
    """
    position = 0
    for line in text.splitlines(keepends=True):
        if not line.startswith("# "):
            break
        position += len(line)
    return position + 1 if position and text[position : position + 1] == "\n" else position


def _read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def _units(gold: dict[str, Any]) -> list[UnitSpan]:
    """Dev documents: the articles of a law, else every leaf unit of the outline gold; other
    texts: the gold's own units."""
    source = gold["source"]
    if not source.startswith("data/corpus/dev/"):
        return [UnitSpan(u["start"], u["end"], u["kind"]) for u in gold["units"]]
    outline = json.loads(
        (GOLD.parent / "dev" / f"{gold['document']}.gold.json").read_text(encoding="utf-8")
    )["units"]
    if any(u["kind"] == "article" for u in outline):
        return [
            UnitSpan(u["start"], u["end"], u["kind"]) for u in outline if u["kind"] == "article"
        ]
    parents = {u["parent"] for u in outline if u["parent"] is not None}
    return [
        UnitSpan(u["start"], u["end"], u["kind"]) for i, u in enumerate(outline) if i not in parents
    ]


def _mentions(
    text: str, units: list[UnitSpan], extractor: Extractor
) -> tuple[list[AgencySpan], list[tuple[int, int]]]:
    agencies, regions = [], []
    for unit in units:
        for found in extractor.extract(text[unit.start : unit.end]):
            start, end = unit.start + found.start, unit.start + found.end
            if found.type is NodeType.AGENCY:
                entity = found.new_entity or extractor.gazetteer.entity(found.entity_id)
                name = entity.name
                agencies.append(AgencySpan(start, end, found.surface, name))
            elif found.type is NodeType.REGION:
                regions.append((start, end))
    return agencies, regions


def _role_keys_found(found: Iterable[UnitRoles]) -> set[_Key]:
    keys: set[_Key] = set()
    for unit in found:
        for role in unit.roles:
            if role.carried:
                keys.add(("carried", unit.start, unit.end, role.start, role.end, role.role))
            else:
                keys.add(("direct", role.start, role.end, role.role))
    return keys


def _role_keys_gold(units: list[dict[str, Any]]) -> set[_Key]:
    keys: set[_Key] = set()
    for unit in units:
        for role in unit["roles"]:
            if role.get("carried"):
                keys.add(
                    (
                        "carried",
                        unit["start"],
                        unit["end"],
                        role["start"],
                        role["end"],
                        role["role"],
                    )
                )
            else:
                keys.add(("direct", role["start"], role["end"], role["role"]))
    return keys


def _stated(units: Iterable[Any], field: str) -> set[_Key]:
    keys: set[_Key] = set()
    for unit in units:
        items = unit[field] if isinstance(unit, dict) else getattr(unit, field)
        for item in items:
            start, end = (
                (item["start"], item["end"])
                if isinstance(item, dict)
                else (
                    item.start,
                    item.end,
                )
            )
            keys.add((start, end))
    return keys


def _compare(found: set[_Key], gold: set[_Key]) -> Score:
    return Score(
        len(found & gold),
        len(found),
        len(gold),
        tuple(sorted(gold - found, key=str)),
        tuple(sorted(found - gold, key=str)),
        tuple(sorted(found & gold, key=str)),
    )


def _main() -> None:
    """Print per-source precision and recall."""
    total = Score(0, 0, 0)
    print(f"{'source':<70} {'roles P':>8} {'R':>6} {'n':>4}  deadlines P/R  targets P/R")
    for source in score_all():
        total += source.roles
        r, d, t = source.roles, source.deadlines, source.targets
        print(
            f"{source.source:<70} {r.precision:8.3f} {r.recall:6.3f} {r.gold:4d}"
            f"  {d.precision:.3f}/{d.recall:.3f}  {t.precision:.3f}/{t.recall:.3f}"
        )
    print(f"{'all':<70} {total.precision:8.3f} {total.recall:6.3f} {total.gold:4d}")


if __name__ == "__main__":
    _main()
