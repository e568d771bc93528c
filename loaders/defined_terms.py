"""Places a document defines for itself: `本条例所称生态涵养区，包括门头沟区、平谷区…`.

Laws and regulations define the area they govern in a definition article and then name it by
that term alone: 北京市生态涵养区生态保护和绿色发展条例 says 生态涵养区 fifty times after defining
it as five districts and two more districts' hills; 曹娥江流域 (浙江), 青藏高原, 黄河流域 and
长江流域 are defined the same way by their laws. A defined term is a Region of that document when
its definition names at least two gazetteer Regions (the places it is made of); a definition
that names no place (本条例所称湿地，是指…潮湿地域, 本条例所称地质灾害易发区，是指…区域) is a
class of places, not a place, and gives nothing. A term the gazetteer already knows (青藏高原)
is found by the gazetteer as it stands.

The new Region is named after the document's own place when its term does not name one
(生态涵养区 in a 北京市 regulation -> 北京市生态涵养区), and is PART_OF nothing: its members are
the document's business, not the gazetteer's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from policykg.graph.model import Node, NodeType, entity_id
from policykg.loaders.extract import Extractor
from policykg.loaders.gazetteer import Gazetteer
from policykg.loaders.roles.jurisdiction import jurisdiction_of

__all__ = ["defined_regions", "document_place"]

#: `本法所称X，是指…` / `本条例所称X（以下简称Y），包括…`, up to the end of the sentence.
_DEFINITION_RE = re.compile(
    r"本(?:法|条例|规定|办法|决定|细则|规则)所称(?P<term>[^,，。;；:：()（）、]{2,20})"
    r"(?:[(（]以下简称(?P<short>[^)）]{2,20})[)）])?[,，]?"
    r"(?:是指|系指|包括|指)(?P<body>[^。]{0,2000})"
)
#: How many distinct named places a definition must name for its term to be a place.
_MIN_MEMBERS = 2


def defined_regions(
    text: str, extractor: Extractor, place: str | None = None
) -> Mapping[str, Node]:
    """Surface -> new Region node, for each place the text defines and the gazetteer lacks.

    `text` is matched as given (pass the Simplified conversion of a Traditional text); `place`
    is the name of the document's own region, put before a term that names none.

    Args:
        text: the text that may define places.
        extractor: the extractor whose gazetteer says which places are known.
        place: the name of the document's own region (None: none).
    """
    regions = {n.id for n in extractor.gazetteer.entities if n.type is NodeType.REGION}
    known = extractor.gazetteer.surface_forms
    out: dict[str, Node] = {}
    for match in _DEFINITION_RE.finditer(text):
        term = match["term"]
        if term in known or term in out:
            continue
        members = {h.entity_id for h in extractor.matcher.find(match["body"])} & regions
        if len(members) < _MIN_MEMBERS:
            continue
        node = _region(term, _qualified(term, place, extractor, regions))
        out[term] = node
        if node.name not in known:
            out[node.name] = node
        if match["short"] and match["short"] not in known:
            out[match["short"]] = node
    return out


def document_place(issuers: Sequence[str], gazetteer: Gazetteer) -> str | None:
    """The narrowest region the document's first issuer names (北京市人大常委会 -> 北京市).

    Args:
        issuers: the document's issuers, first one first.
        gazetteer: the regions to look for.
    """
    jurisdiction = jurisdiction_of(issuers, gazetteer)
    return jurisdiction.regions[0].name if jurisdiction else None


def _qualified(term: str, place: str | None, extractor: Extractor, regions: set[str]) -> str:
    """The term, after the document's place unless it names a place of its own first."""
    first = extractor.matcher.find(term)
    names_place = bool(first) and first[0].start == 0 and first[0].entity_id in regions
    return term if place is None or names_place else place + term


def _region(term: str, name: str) -> Node:
    return Node(
        entity_id(NodeType.REGION, name),
        NodeType.REGION,
        name,
        {
            "name_en": f"Defined area: {name}",
            "aliases": [term] if term != name else [],
            "kind": "zone",
            "source": "defined in the document (本…所称…)",
            "origin": "definition",
        },
    )
