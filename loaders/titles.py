"""A document's own title names an instrument: the law, plan or resolution the text is.

data/gold/dev/README.md, A3: the title line of a law, regulation, resolution or plan is one
Instrument mention, its official name, with the places, agencies and pollutants inside it
nested (北京市生态涵养区生态保护和绿色发展条例; 河南省人民代表大会常务委员会关于…的决议), and a
leading place is not split off an official name (长三角地区2020-2021年秋冬季…攻坚行动方案). A
covering notice's title `关于印发X的通知` names X (孝义市深入打好污染防治攻坚战⏎2025行动计划, over
two lines); when X is in book-title marks (《…》) the title pattern already reads it. A title
counts when it ends in a word of a document kind (name_boundaries.csv, document_title_end), so
that a news headline is no instrument.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from policykg.graph.model import Node, NodeType, entity_id
from policykg.loaders.lexicon import load_lexicon
from policykg.loaders.script import SIMPLIFIED, to_simplified
from policykg.loaders.structure import ParsedDocument

__all__ = ["title_instruments"]

#: Words a document's title ends in when the document is an instrument (…条例, …的决议).
_TITLE_ENDS = tuple(load_lexicon().boundaries["document_title_end"])
_WRAPPER_RE = re.compile(r"关于印发(.+?)的通知", re.DOTALL)
_SPACE_RE = re.compile(r"\s+")


def title_instruments(
    doc: ParsedDocument, script: str = SIMPLIFIED
) -> Iterator[tuple[int, int, Node]]:
    """(start, end, node) in `doc.text` of each title unit that names the document itself.

    Args:
        doc: the document, already read.
        script: the document's script (detect_script).
    """
    for unit in doc.units:
        if unit.kind != "title":
            continue
        text = doc.text[unit.start : unit.end]
        simple, offsets = (text, None) if script == SIMPLIFIED else to_simplified(text)
        wrapped = _WRAPPER_RE.search(simple)
        if wrapped:
            start, end = wrapped.span(1)
            if simple.startswith("《", start):
                continue  # the book-title pattern reads 《X》
        elif simple.endswith(_TITLE_ENDS):
            start, end = 0, len(simple)
        else:
            continue
        name = _SPACE_RE.sub("", simple[start:end])
        if offsets is not None:
            start, end = offsets.span(start, end)
        yield unit.start + start, unit.start + end, _title_node(name)


def _title_node(name: str) -> Node:
    return Node(
        entity_id(NodeType.INSTRUMENT, name),
        NodeType.INSTRUMENT,
        name,
        {
            "name_en": f"Document: {name}",
            "aliases": [],
            "kind": "document",
            "source": "the document's own title",
            "origin": "title",
        },
    )
