"""Debian's Chromium as the browser tests, the README screenshots and the map benchmark launch it
(through the playwright package, with no browser download)."""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")  # apt-get install chromium fonts-noto-cjk
#: Headless on a shared machine: no sandbox (CI runs as root), no GPU, and none of Chromium's
#: own background requests, which would break the checks that pages only talk to localhost.
CHROMIUM_ARGS: list[str] = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
