"""Agencies named relative to a document's jurisdiction, and agency classes and their bodies.

A provincial or city document names its own bodies by level alone: 省生态环境厅 in a 湖北 plan is
湖北省生态环境厅, 市生态环境局 in a 潮州 plan is 潮州市生态环境局, 市政府 is 潮州市人民政府. The
jurisdiction is the region in the name of the document's first issuer (湖北省生态环境厅 ->
湖北省; 潮州市人民政府 -> 潮州市, in 广东省). A resolved body is PART_OF its government and has its
region (`region`).

Laws name agency classes (国务院生态环境主管部门, 县级以上地方人民政府生态环境主管部门); the
bodies that fill them are in data/lexicon/agency_classes.csv, one row per class with its legal
source; a local class is filled by the jurisdiction's body ({place}生态环境局).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from policykg.errors import GazetteerError
from policykg.graph.model import Node, NodeType, Rel
from policykg.loaders.gazetteer import Gazetteer
from policykg.loaders.matcher import Matcher
from policykg.settings import PACKAGE_DATA

__all__ = [
    "LEVELS",
    "Jurisdiction",
    "class_body",
    "default_classes",
    "jurisdiction_of",
    "parse_classes",
    "resolve",
]

_CLASSES_FILE = PACKAGE_DATA / "lexicon" / "agency_classes.csv"
_CLASS_COLUMNS = ("class", "body", "level", "source")
LEVELS = ("national", "provincial", "prefecture", "county")
#: A level word followed by these is not a relative name (市场监管总局, 省级, 市、县, 县级以上).
_NOT_RELATIVE = re.compile(r"^[省市县区](?:场|级|长|、|和|县|区|辖|域|属)")
#: What each level word calls itself: a 省 ends in 省 or 自治区; a 市 may be a prefecture, a
#: municipality (北京市) or a county-level city (孝义市, which calls its own government 市政府).
_SELF_NAMES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {"省": ("省", "自治区"), "市": ("市",), "县": ("县", "旗"), "区": ("区",)}
)
_ADMIN_KINDS = frozenset({"province", "city", "county", "district"})


@dataclass(frozen=True)
class Jurisdiction:
    """The administrative regions a document is issued for, narrowest first."""

    regions: tuple[Node, ...]

    def place(self, level_word: str) -> Node | None:
        """The narrowest region a level word (省, 市, 县, 区) names here.

        Args:
            level_word: 省, 市, 县 or 区.
        """
        endings = _SELF_NAMES.get(level_word, ())
        return next((r for r in self.regions if r.name.endswith(endings)), None)

    @property
    def level(self) -> str:
        """provincial (a 省 or 自治区), prefecture (a city or municipality) or county."""
        narrowest = self.regions[0]
        kind = narrowest.get("kind")
        if kind == "province":
            return "prefecture" if narrowest.name.endswith("市") else "provincial"
        return "prefecture" if kind == "city" else "county"


@dataclass(frozen=True)
class _Resolved:
    """A body named relative to the jurisdiction, with its government and its region."""

    name: str
    government: str
    region: Node


def jurisdiction_of(issuers: Sequence[str], gazetteer: Gazetteer) -> Jurisdiction | None:
    """The jurisdiction named by the first issuer that names a region, with its parents.

    Args:
        issuers: the document's issuers, first one first.
        gazetteer: the regions to look for.
    """
    matcher = Matcher(gazetteer.surface_forms)
    parents = {e.source: e.target for e in gazetteer.hierarchy if e.type is Rel.PART_OF}
    for issuer in issuers:
        for hit in matcher.find(issuer):
            node = gazetteer.entity(hit.entity_id)
            if node.type is not NodeType.REGION or hit.start != 0:
                continue
            regions: list[Node] = []
            current: Node | None = node
            while current is not None and current.get("kind") in _ADMIN_KINDS:
                regions.append(current)
                parent = parents.get(current.id)
                current = gazetteer.entity(parent) if parent else None
            if regions:
                return Jurisdiction(tuple(regions))
    return None


def resolve(surface: str, jurisdiction: Jurisdiction | None) -> _Resolved | None:
    """The body a relative name stands for, or None when the name is not relative.

    Args:
        surface: the agency's name as written.
        jurisdiction: the document's jurisdiction (None: no name is relative).

    >>> from policykg.graph.model import Node, NodeType
    >>> chaozhou = Node("region:445100", NodeType.REGION, "潮州市", {"kind": "city"})
    >>> resolve("市生态环境局", Jurisdiction((chaozhou,))).name
    '潮州市生态环境局'
    """
    if jurisdiction is None or len(surface) < 2 or _NOT_RELATIVE.match(surface):
        return None
    place = jurisdiction.place(surface[0])
    if place is None:
        return None
    rest = surface[1:]
    if rest == "政府":
        rest = "人民政府"
    return _Resolved(place.name + rest, place.name + "人民政府", place)


@dataclass(frozen=True)
class _AgencyClass:
    body: str  # a body's name, or a template with {place}
    level: str
    source: str


def parse_classes(
    rows: Sequence[Mapping[str, str]], where: str
) -> Mapping[tuple[str, str], _AgencyClass]:
    """(class, level) -> the body that fills it; a row needs a class, a body, a level, a source.

    Args:
        rows: the CSV rows.
        where: the file's name in errors.
    """
    table: dict[tuple[str, str], _AgencyClass] = {}
    for line, row in enumerate(rows, start=2):
        name, body, level, source = (row.get(c, "").strip() for c in _CLASS_COLUMNS)
        if not (name and body and source) or level not in LEVELS:
            raise GazetteerError(
                where, "a class needs a class, a body, a known level, a source", line
            )
        table[name, level] = _AgencyClass(body, level, source)
    return MappingProxyType(table)


@cache
def default_classes() -> Mapping[tuple[str, str], _AgencyClass]:
    """The agency classes of laws (县级以上地方人民政府生态环境主管部门 …) from data/.

    Returns:
        Each class by (level, sector).
    """
    with _CLASSES_FILE.open(encoding="utf-8", newline="") as handle:
        return parse_classes(list(csv.DictReader(handle)), str(_CLASSES_FILE))


def class_body(
    name: str,
    jurisdiction: Jurisdiction | None,
    classes: Mapping[tuple[str, str], _AgencyClass] | None = None,
) -> str | None:
    """The body that fills an agency class here: 国务院生态环境主管部门 -> 生态环境部; a local
    class only within a jurisdiction (县级以上地方人民政府生态环境主管部门 -> 潮州市生态环境局).

    Args:
        name: the agency's name.
        jurisdiction: the document's jurisdiction (None: national only).
        classes: (class, level) -> the body that fills it (None: the packaged table).
    """
    table = classes or default_classes()
    national = table.get((name, "national"))
    if national is not None:
        return national.body
    if jurisdiction is None:
        return None
    row = table.get((name, jurisdiction.level))
    return row.body.format(place=jurisdiction.regions[0].name) if row else None
