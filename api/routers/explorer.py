"""The explorer page at `/`: search an entity, see its map, read its tasks.

The page (api/static/explorer/) talks to /api/v1 only; its vis-network script and stylesheet
are the ones shipped inside pyvis, served here, so the page loads nothing from another host.
Colours and shapes come from viz.transform.NODE_STYLES, the table the HTML maps use.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, HTMLResponse

from policykg.graph.model import ENTITY_TYPES, HIERARCHY_RELS, MENTION_RELS
from policykg.graph.results import ROLES
from policykg.loaders.actions import ACTION_TYPES
from policykg.loaders.roles.jurisdiction import LEVELS
from policykg.viz.transform import (
    LABEL_CHARS,
    MAX_SIZE,
    MIN_SIZE,
    NODE_STYLES,
    SIZE_PER_ROOT_DEGREE,
)
from policykg.viz.write import vis_network_files

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

_PAGE = Path(__file__).resolve().parent.parent / "static" / "explorer" / "index.html"
_MAX_TASKS = 200
#: Above this many nodes the explorer folds cities and counties into their province. Lower than
#: the map pages' COLLAPSE_ABOVE: the explorer's map shares the window with the side panel.
_FOLD_PLACES_ABOVE = 100
#: Above this many tasks from more than one document, each document's tasks are one node.
_GROUP_TASKS_ABOVE = 30
_VENDOR_TYPES = {"vis-network.min.js": "text/javascript", "vis-network.css": "text/css"}


@lru_cache(maxsize=1)
def _page_html() -> str:
    """index.html with its configuration (styles, relation groups) filled in."""
    config = {
        "api": "api/v1",
        "maxTasks": _MAX_TASKS,
        "foldPlacesAbove": _FOLD_PLACES_ABOVE,
        "groupTasksAbove": _GROUP_TASKS_ABOVE,
        "styles": {
            t.value: {
                "color": s.color,
                "shape": s.shape,
                "label_en": s.label_en,
                "label_zh": s.label_zh,
            }
            for t, s in NODE_STYLES.items()
        },
        "entityTypes": [t.value for t in ENTITY_TYPES],
        "actionTypes": list(ACTION_TYPES),
        "roles": list(ROLES),
        "levels": list(LEVELS),
        "mentionRels": sorted(r.value for r in MENTION_RELS),
        "hierarchyRels": sorted(r.value for r in HIERARCHY_RELS),
        "size": {
            "min": MIN_SIZE,
            "max": MAX_SIZE,
            "factor": SIZE_PER_ROOT_DEGREE,
            "labelChars": LABEL_CHARS,
        },
    }
    text = json.dumps(config, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return _PAGE.read_text(encoding="utf-8").replace("__POLICYKG_CONFIG__", text)


@router.get("/", response_class=HTMLResponse)
def explorer() -> HTMLResponse:
    """The explorer page.

    Returns:
        The HTML page.
    """
    return HTMLResponse(_page_html())


@router.get("/explorer/vendor/{name}")
def vendor(
    name: Annotated[Literal["vis-network.min.js", "vis-network.css"], PathParam()],
) -> FileResponse:
    """A vendored vis-network file the explorer loads.

    Args:
        name: the file's name.

    Returns:
        The file, with a long cache lifetime.
    """
    return FileResponse(
        vis_network_files()[name],
        media_type=_VENDOR_TYPES[name],
        headers={"Cache-Control": "public, max-age=86400"},
    )
