"""Debian's Chromium as the browser tests, the README screenshots and the map benchmark launch it
(through the playwright package, with no browser download).

The browser comes from configuration: POLICYKG_CHROMIUM names the executable, else the first
`chromium` (or `chromium-browser`) on PATH. Chromium refuses to run as root with its sandbox,
so the sandbox is turned off only then (CI runs as root in a container).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = ["chromium_path", "launch"]

_ENV = "POLICYKG_CHROMIUM"
_NAMES = ("chromium", "chromium-browser")
#: Headless on a shared machine: no GPU, and none of Chromium's own background requests,
#: which would break the checks that pages only talk to localhost.
_QUIET_ARGS = (
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def chromium_path(environ: Mapping[str, str] = os.environ) -> Path:
    """The browser to launch: $POLICYKG_CHROMIUM, else chromium on PATH (may not exist)."""
    if environ.get(_ENV):
        return Path(environ[_ENV])
    for name in _NAMES:
        found = shutil.which(name, path=environ.get("PATH"))
        if found:
            return Path(found)
    return Path(_NAMES[0])


def _chromium_args(*, as_root: bool | None = None) -> list[str]:
    """Command-line switches: the quiet ones, and --no-sandbox only for root."""
    root = os.geteuid() == 0 if as_root is None else as_root
    return [*(["--no-sandbox"] if root else []), *_QUIET_ARGS]


def launch(playwright: Any) -> Any:
    """A headless Chromium browser from a started `sync_playwright()` context."""
    return playwright.chromium.launch(executable_path=str(chromium_path()), args=_chromium_args())
