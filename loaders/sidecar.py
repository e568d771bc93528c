"""A sidecar file next to a document: its metadata fields, which override what is inferred.

`国办发-2018-128.txt` may carry `国办发-2018-128.meta.json` (or `.meta.yaml`) with any of
title, issuers, co_signers, doc_number, dates {adopted, version, promulgated, in_force, signed}, level,
kind and script.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from policykg.errors import DocumentError

__all__ = ["SIDECAR_SUFFIXES", "read_sidecar"]

#: The suffixes of a sidecar file, after the document's name without its own suffix.
SIDECAR_SUFFIXES = (".meta.json", ".meta.yaml", ".meta.yml")


def read_sidecar(path: Path) -> dict[str, Any] | None:
    """`<name>.meta.json` or `<name>.meta.yaml` next to a document, if there is one.

    Args:
        path: the document's file.
    """
    for suffix in SIDECAR_SUFFIXES:
        candidate = path.with_name(path.stem + suffix)
        if not candidate.exists():
            continue
        text = candidate.read_text(encoding="utf-8")
        try:
            data = json.loads(text) if suffix == ".meta.json" else yaml.safe_load(text)
        except (ValueError, yaml.YAMLError) as exc:  # JSONDecodeError is a ValueError
            raise DocumentError(str(candidate), f"unreadable metadata: {exc}") from exc
        if not isinstance(data, dict):
            raise DocumentError(str(candidate), "metadata must be a mapping of field: value")
        return data
    return None
