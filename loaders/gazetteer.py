"""Gazetteers: cited CSV tables of named entities -> entity nodes, hierarchy edges, surface forms.

```
regions_admin.csv  regions.csv   -> Region      (regions_admin.csv: scripts/build_gazetteers.py)
pollutants.csv                   -> Pollutant
programs.csv                     -> Program
agencies.csv                     -> Agency
instruments.csv                  -> Instrument
sectors.csv                      -> Sector
region_members.csv               -> member PART_OF group (group, member, source)
blocked_surfaces.csv             -> strings that contain a name but never mention it (复合肥)
```
Entity columns: key, name, name_en, source (required); kind, aliases, parents (`|`-separated
keys of broader entities of the same type), code, cas, group, match ("no": keep the entity but
never match its names). data/gazetteers/README.md describes the files and their sources.

Every name and alias is a surface form; instruments also answer to 《name》 and programmes to
“name”, as policy texts quote them. A surface claimed by two entities is ambiguous: it is left
out of `surface_forms`, listed in `ambiguous_surfaces`, and blocks shorter matches inside it
(`surface_forms.blocked`, which a Matcher built from the surface forms honours).
Surfaces are NFKC-normalised, like the document text the loaders hand to the matcher.
"""

from __future__ import annotations

import csv
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType

from policykg.errors import GazetteerError
from policykg.graph.model import HIERARCHY_REL_BY_TYPE, Edge, Node, NodeType, entity_id

__all__ = [
    "DESCRIPTIVE_PROGRAM_KINDS",
    "ENTITY_FILES",
    "NAMES_INSIDE",
    "Gazetteer",
    "SurfaceForms",
    "load_gazetteers",
    "transparent",
]

ENTITY_FILES: Mapping[str, NodeType] = {
    "regions_admin.csv": NodeType.REGION,
    "regions.csv": NodeType.REGION,
    "pollutants.csv": NodeType.POLLUTANT,
    "programs.csv": NodeType.PROGRAM,
    "agencies.csv": NodeType.AGENCY,
    "instruments.csv": NodeType.INSTRUMENT,
    "sectors.csv": NodeType.SECTOR,
}
_MEMBERS_FILE = "region_members.csv"
_BLOCKED_FILE = "blocked_surfaces.csv"

_REQUIRED = ("key", "name", "name_en", "source")
_OPTIONAL = ("kind", "aliases", "parents", "code", "cas", "group", "match")
_EXTRA_PROPS = ("code", "cas", "group")
_MEMBER_COLUMNS = ("group", "member", "source")
_BLOCKED_COLUMNS = ("surface", "source")
_SEP = "|"

#: How policy texts quote a name of each type: 《碳排放权交易管理办法》, “无废城市”.
_QUOTES: Mapping[NodeType, tuple[str, str]] = {
    NodeType.INSTRUMENT: ("《", "》"),
    NodeType.PROGRAM: ("“", "”"),
}
#: What a transparent name of each type may contain (Decisions 2 and 6).
NAMES_INSIDE: Mapping[NodeType, frozenset[NodeType]] = {
    NodeType.PROGRAM: frozenset(
        {NodeType.REGION, NodeType.POLLUTANT, NodeType.SECTOR, NodeType.AGENCY}
    ),
    NodeType.INSTRUMENT: frozenset(
        {NodeType.REGION, NodeType.POLLUTANT, NodeType.SECTOR, NodeType.AGENCY}
    ),
    NodeType.POLLUTANT: frozenset({NodeType.SECTOR}),
}
#: Programme kinds named by what they are about (固体废物综合治理行动); campaigns, funds and
#: awards are proper names (蓝天保卫战, 昆明生物多样性基金). See data/gold/GUIDELINES.md.
DESCRIPTIVE_PROGRAM_KINDS = frozenset({"action", "project", "research"})


class SurfaceForms(Mapping[str, str]):
    """Surface -> entity id, read-only; `blocked` holds the surfaces that must match nothing.

    A Matcher built from these surface forms blocks those surfaces too, so callers that pass
    only `gazetteer.surface_forms` still get 复合肥 without 合肥.

    Args:
        forms: surface -> entity id.
        blocked: surfaces that must match nothing.
    """

    def __init__(self, forms: Mapping[str, str], blocked: Iterable[str] = ()) -> None:
        self._forms = dict(sorted(forms.items()))
        self.blocked = frozenset(blocked)

    def __getitem__(self, surface: str) -> str:
        return self._forms[surface]

    def __iter__(self) -> Iterator[str]:
        return iter(self._forms)

    def __len__(self) -> int:
        return len(self._forms)

    def __repr__(self) -> str:
        return f"SurfaceForms({len(self)} surfaces, {len(self.blocked)} blocked)"


@dataclass(frozen=True)
class Gazetteer:
    """Entity nodes, their hierarchy and the surface forms that name them."""

    entities: tuple[Node, ...]
    hierarchy: tuple[Edge, ...]
    surface_forms: SurfaceForms = field(hash=False)
    ambiguous_surfaces: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({}), hash=False
    )
    blocked_surfaces: frozenset[str] = frozenset()

    def entity(self, node_id: str) -> Node:
        """The entity with this id (KeyError if none).

        Args:
            node_id: the entity's id.
        """
        return self._by_id[node_id]

    @cached_property
    def _by_id(self) -> Mapping[str, Node]:
        return {node.id: node for node in self.entities}


@dataclass(frozen=True)
class _EntityRow:
    """One entity row as read, with where it came from (for errors)."""

    type: NodeType
    key: str
    name: str
    name_en: str
    kind: str
    aliases: tuple[str, ...]
    parents: tuple[str, ...]
    extras: Mapping[str, str]
    match: bool
    source: str
    path: str
    line: int

    @property
    def id(self) -> str:
        return entity_id(self.type, self.key)


@dataclass(frozen=True)
class _Link:
    """A hierarchy statement: child PART_OF/IS_A parent, with where it came from."""

    child: str
    parent: str
    source: str
    path: str
    line: int


def load_gazetteers(directory: Path) -> Gazetteer:
    """Read every gazetteer CSV in `directory`; GazetteerError names the file and line at fault.

    Args:
        directory: the folder of gazetteer files.
    """
    if not directory.is_dir():
        raise GazetteerError(str(directory), "no such gazetteer directory")
    files = sorted(directory.glob("*.csv"))
    known = {*ENTITY_FILES, _MEMBERS_FILE, _BLOCKED_FILE}
    for path in files:
        if path.name not in known:
            raise GazetteerError(str(path), f"unknown gazetteer file; expected {sorted(known)}")
    rows: list[_EntityRow] = []
    for path in files:
        if path.name in ENTITY_FILES:
            rows += _parse_entity_rows(_read(path, _REQUIRED, _OPTIONAL), ENTITY_FILES[path.name])
    if not rows:
        raise GazetteerError(str(directory), "no entity rows in any gazetteer file")
    members = directory / _MEMBERS_FILE
    member_rows = list(_read(members, _MEMBER_COLUMNS, ())) if members.exists() else []
    blocked = directory / _BLOCKED_FILE
    blocked_rows = list(_read(blocked, _BLOCKED_COLUMNS, ("reason",))) if blocked.exists() else []
    return _build_gazetteer(rows, member_rows, blocked_rows)


# -- reading ----------------------------------------------------------------------------------

#: (path, line, row) as `_read` yields them
_RawRow = tuple[str, int, Mapping[str, str]]


def _read(path: Path, required: Sequence[str], optional: Sequence[str]) -> Iterator[_RawRow]:
    """Rows of one CSV file with their line numbers; checks the header and empty cells."""
    where = str(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = [c.strip() for c in reader.fieldnames or []]
            missing = [c for c in required if c not in header]
            if missing:
                raise GazetteerError(where, f"missing column(s) {', '.join(missing)}", line=1)
            unknown = [c for c in header if c not in (*required, *optional)]
            if unknown:
                raise GazetteerError(where, f"unknown column(s) {', '.join(unknown)}", line=1)
            reader.fieldnames = header
            for raw in reader:
                line = reader.line_num
                if None in raw or any(v is None for v in raw.values()):
                    raise GazetteerError(where, "wrong number of fields", line=line)
                row = {k: _norm(v) for k, v in raw.items() if k is not None and v is not None}
                empty = [c for c in required if not row.get(c)]
                if empty:
                    raise GazetteerError(where, f"empty {', '.join(empty)}", line=line)
                yield where, line, row
    except UnicodeDecodeError as exc:
        raise GazetteerError(where, f"not UTF-8: {exc.reason}") from exc
    except csv.Error as exc:
        raise GazetteerError(where, f"malformed CSV: {exc}") from exc


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _split(cell: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p.strip() for p in cell.split(_SEP) if p.strip()))


def _parse_entity_rows(raw_rows: Iterable[_RawRow], node_type: NodeType) -> list[_EntityRow]:
    """Entity rows of one file, typed; checks the `match` flag.

    Args:
        raw_rows: the file's rows, as read.
        node_type: the type of every entity in the file.
    """
    rows = []
    for path, line, row in raw_rows:
        match = row.get("match", "").lower()
        if match not in ("", "yes", "no"):
            raise GazetteerError(path, f"match must be yes or no, not {match!r}", line=line)
        rows.append(
            _EntityRow(
                type=node_type,
                key=row["key"],
                name=row["name"],
                name_en=row["name_en"],
                kind=row.get("kind", ""),
                aliases=tuple(a for a in _split(row.get("aliases", "")) if a != row["name"]),
                parents=_split(row.get("parents", "")),
                extras={k: row[k] for k in _EXTRA_PROPS if row.get(k)},
                match=match != "no",
                source=row["source"],
                path=path,
                line=line,
            )
        )
    return rows


# -- building ---------------------------------------------------------------------------------


def _build_gazetteer(
    rows: Sequence[_EntityRow],
    member_rows: Iterable[_RawRow] = (),
    blocked_rows: Iterable[_RawRow] = (),
) -> Gazetteer:
    """Validate rows (unique keys, known parents and members, no cycles) and build the parts.

    Args:
        rows: the entity rows of every file.
        member_rows: the raw rows of the membership files.
        blocked_rows: the raw rows of the blocked-surface files.
    """
    by_id = _unique(rows)
    links = _parent_links(rows, by_id) + _member_links(member_rows, by_id)
    _check_acyclic(links)
    surfaces, ambiguous = _surfaces(rows)
    blocked = _blocked(blocked_rows, surfaces)
    edges: dict[tuple[str, str], Edge] = {}
    for link in links:
        rel = HIERARCHY_REL_BY_TYPE[by_id[link.child].type]
        # "citation", not "source": exports use that key for the edge's start node
        props = {"citation": link.source, "origin": "gazetteer"}
        edges.setdefault((link.child, link.parent), Edge(link.child, rel, link.parent, "", props))
    stop = frozenset(blocked) | frozenset(ambiguous)
    return Gazetteer(
        entities=tuple(_node(by_id[i]) for i in sorted(by_id)),
        hierarchy=tuple(edges[k] for k in sorted(edges)),
        surface_forms=SurfaceForms(surfaces, stop),
        ambiguous_surfaces=MappingProxyType(dict(sorted(ambiguous.items()))),
        blocked_surfaces=stop,
    )


def _unique(rows: Sequence[_EntityRow]) -> dict[str, _EntityRow]:
    by_id: dict[str, _EntityRow] = {}
    for row in rows:
        first = by_id.get(row.id)
        if first is not None:
            raise GazetteerError(
                row.path,
                f"duplicate key {row.key!r} (first at {first.path}:{first.line})",
                line=row.line,
            )
        by_id[row.id] = row
    return by_id


def _parent_links(rows: Sequence[_EntityRow], by_id: Mapping[str, _EntityRow]) -> list[_Link]:
    links = []
    for row in rows:
        for parent in row.parents:
            parent_id = entity_id(row.type, parent)
            if parent_id not in by_id:
                raise GazetteerError(row.path, f"unknown parent {parent!r}", line=row.line)
            links.append(_Link(row.id, parent_id, row.source, row.path, row.line))
    return links


def _member_links(member_rows: Iterable[_RawRow], by_id: Mapping[str, _EntityRow]) -> list[_Link]:
    links, seen = [], set()
    for path, line, row in member_rows:
        ids = []
        for column in ("group", "member"):
            node_id = entity_id(NodeType.REGION, row[column])
            if node_id not in by_id:
                raise GazetteerError(path, f"unknown region {column} {row[column]!r}", line=line)
            ids.append(node_id)
        group, member = ids
        if (group, member) in seen:
            raise GazetteerError(path, f"duplicate membership {row['member']!r}", line=line)
        seen.add((group, member))
        links.append(_Link(member, group, row["source"], path, line))
    return links


def _check_acyclic(links: Sequence[_Link]) -> None:
    """Depth-first search over child -> parent links; a link back into the path is a cycle."""
    out: dict[str, list[_Link]] = defaultdict(list)
    for link in links:
        out[link.child].append(link)
    state: dict[str, int] = {}  # 1 while on the path, 2 when done
    for root in sorted(out):
        if root in state:
            continue
        state[root] = 1
        stack: list[tuple[str, Iterator[_Link]]] = [(root, iter(out[root]))]
        while stack:
            node, pending = stack[-1]
            step = next(pending, None)
            if step is None:
                state[node] = 2
                stack.pop()
            elif state.get(step.parent) == 1:
                on_path = [n for n, _ in stack]
                cycle = [*on_path[on_path.index(step.parent) :], step.parent]
                raise GazetteerError(
                    step.path, f"hierarchy cycle {' -> '.join(cycle)}", line=step.line
                )
            elif step.parent not in state:
                state[step.parent] = 1
                stack.append((step.parent, iter(out[step.parent])))


def _surfaces(rows: Sequence[_EntityRow]) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """Surface -> entity id, and the surfaces several entities claim."""
    claims: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if row.match:
            for surface in _surfaces_of(row.type, (row.name, *row.aliases)):
                claims[surface].add(row.id)
    unique = {s: next(iter(ids)) for s, ids in claims.items() if len(ids) == 1}
    ambiguous = {s: tuple(sorted(ids)) for s, ids in claims.items() if len(ids) > 1}
    return unique, ambiguous


def _surfaces_of(node_type: NodeType, names: Iterable[str]) -> list[str]:
    """A type's names as texts write them: as they are, and quoted where the type is quoted.

    Args:
        node_type: the entities' type.
        names: the names to write out.
    """
    out = [n for n in names if n]
    if node_type in _QUOTES:
        left, right = _QUOTES[node_type]
        out += [f"{left}{n}{right}" for n in out if not n.startswith(left)]
    return list(dict.fromkeys(out))


def _blocked(blocked_rows: Iterable[_RawRow], surfaces: Mapping[str, str]) -> set[str]:
    blocked = set()
    for path, line, row in blocked_rows:
        surface = row["surface"]
        if surface in surfaces:
            raise GazetteerError(
                path, f"blocked surface {surface!r} names {surfaces[surface]}", line=line
            )
        blocked.add(surface)
    return blocked


def _node(row: _EntityRow) -> Node:
    props: dict[str, str | bool | list[str]] = {
        "name_en": row.name_en,
        "aliases": list(row.aliases),
        "kind": row.kind,
        "source": row.source,
        "origin": "gazetteer",
        "descriptive": _descriptive(row),
        **row.extras,
    }
    return Node(row.id, row.type, row.name, props)


def _descriptive(row: _EntityRow) -> bool:
    """Whether the name is about what it names, so names inside it are mentions too."""
    if row.type == NodeType.INSTRUMENT:
        return row.kind != "convention"  # 斯德哥尔摩公约 is not about Stockholm
    return row.type == NodeType.PROGRAM and row.kind in DESCRIPTIVE_PROGRAM_KINDS


def transparent(node: Node) -> bool:
    """Whether the names inside a gazetteer entity's name are mentions too: a pollutant named
    after its source (餐饮油烟 holds 餐饮), or a programme or instrument whose name is about
    its subject (`descriptive`); a proper name (蓝天保卫战) is opaque.

    Args:
        node: an entity of the gazetteer.
    """
    if node.type not in NAMES_INSIDE:
        return False
    return node.type is NodeType.POLLUTANT or bool(node.get("descriptive"))
