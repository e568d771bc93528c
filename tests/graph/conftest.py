"""Graph tests: Cypher must not draw warnings from the server (deprecations, unknown names)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

NOTIFICATIONS = "neo4j.notifications"


@pytest.fixture(autouse=True)
def no_cypher_warnings(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """The driver logs the server's WARNING notifications for a statement; a test has none."""
    with caplog.at_level(logging.WARNING, logger=NOTIFICATIONS):
        yield
    warned = [
        r.getMessage()
        for r in caplog.get_records("call")
        if r.name == NOTIFICATIONS and r.levelno >= logging.WARNING
    ]
    assert not warned, "\n".join(warned[:5])
