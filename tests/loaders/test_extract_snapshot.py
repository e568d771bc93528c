"""Extraction output frozen before the bounded-walk and speed work: the same mentions, field
for field, on the gold sentences (2026 article, held-out) and on every line of the dev documents.

The snapshot (tests/loaders/snapshots/extract.json) is written by running this file:
`.venv/bin/python tests/loaders/test_extract_snapshot.py`. Rewrite it only for a change of what
extraction means, in its own commit that says why; never to make a speed change pass.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from policykg.loaders.extract import Extractor
from policykg.loaders.gazetteer import load_gazetteers
from policykg.loaders.normalize import normalize
from policykg.loaders.read import read_document
from policykg.settings import PACKAGE_DATA

SNAPSHOT = Path(__file__).resolve().parent / "snapshots" / "extract.json"
DOCUMENTS = (
    PACKAGE_DATA / "corpus" / "mee-2026-key-tasks.txt",
    PACKAGE_DATA / "gold" / "heldout" / "heldout-2026-11-29.txt",
)


def sentences() -> list[str]:
    """The gold task sentences, then every non-empty line of the dev texts, normalised."""
    texts = [t.text for path in DOCUMENTS for t in read_document(path).tasks]
    for path in sorted((PACKAGE_DATA / "corpus" / "dev").glob("*.txt")):
        body = path.read_text(encoding="utf-8").split("\n\n", 1)[1]
        texts += [normalize(line) for line in body.splitlines() if line.strip()]
    return texts


def current() -> list[list[Any]]:
    extractor = Extractor(load_gazetteers(PACKAGE_DATA / "gazetteers"))
    out = []
    for text in sentences():
        out.append(
            [
                [
                    f.start,
                    f.end,
                    f.surface,
                    f.entity_id,
                    f.type.value,
                    f.rel.value,
                    f.role,
                    None if f.new_entity is None else [f.new_entity.id, f.new_entity.props],
                ]
                for f in extractor.extract(text)
            ]
        )
    return out


def test_extraction_matches_the_snapshot() -> None:
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    texts = sentences()
    assert len(expected) == len(texts)
    got = current()
    for text, want, have in zip(texts, expected, got, strict=True):
        assert have == want, text


if __name__ == "__main__":
    SNAPSHOT.write_text(
        json.dumps(current(), ensure_ascii=False, indent=None, separators=(",", ":")) + "\n",
        encoding="utf-8",
    )
    sys.exit(0)
