"""Freeze the graph the role-query tests run on: dev documents 02 and 04 built by the loaders.

    python scripts/freeze_roles_graph.py tests/fixtures/roles-graph.json.gz

The file is GraphData as plain JSON (nodes [id, type, name, props], edges [source, type, target,
key, props]): the documents' own nodes and the entities their edges reach, so that the query
tests depend on the query code only, not on the extraction of the day.
"""

from __future__ import annotations

import gzip
import json
import sys

from policykg.graph.model import STRUCTURE_TYPES, GraphData
from policykg.loaders.build import build_graph
from policykg.loaders.read import read_document
from policykg.pipeline import gazetteer_and_extractor
from policykg.settings import PACKAGE_DATA

DOCUMENTS = (
    "02-carbon-emissions-trading-interim-regulation-2024",
    "04-state-council-office-zero-waste-city-pilot-plan-2018",
)


def frozen() -> GraphData:
    gazetteer, extractor = gazetteer_and_extractor(PACKAGE_DATA / "gazetteers")
    dev = PACKAGE_DATA / "corpus" / "dev"
    data = build_graph([read_document(dev / f"{s}.txt") for s in DOCUMENTS], gazetteer, extractor)
    structure = {n.id for n in data.nodes if n.type in STRUCTURE_TYPES}
    reached = {e.target for e in data.edges if e.source in structure}
    reached |= {e.target for e in data.edges if e.source in reached}  # one step up: PART_OF …
    keep = structure | reached
    return GraphData.of(
        (n for n in data.nodes if n.id in keep),
        (e for e in data.edges if e.source in keep and e.target in keep),
    )


def main() -> None:
    data = frozen()
    payload = {
        "nodes": [[n.id, n.type.value, n.name, dict(n.props)] for n in data.nodes],
        "edges": [[e.source, e.type.value, e.target, e.key, dict(e.props)] for e in data.edges],
    }
    with gzip.open(sys.argv[1], "wt", encoding="utf-8") as handle:
        json.dump(payload, handle, ensure_ascii=False, sort_keys=True)
    print(f"{len(data.nodes)} nodes, {len(data.edges)} edges")


if __name__ == "__main__":
    main()
