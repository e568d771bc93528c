"""docker-compose.yml (Neo4j + the API on it) is valid, and wires the API to that Neo4j.

Needs the docker client and its compose plugin (`docker compose config` only reads files; no
engine is needed). scripts/test provides the plugin (scripts/ensure_compose); a missing one fails
these tests, as a missing Neo4j does: deselect with -m "not compose" instead.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from policykg.settings import Settings, validate_settings

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "compose-test-password"


def compose(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("POLICYKG_")}
    return subprocess.run(
        ["docker", "compose", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


pytestmark = pytest.mark.compose


@pytest.fixture(scope="module")
def docker_compose() -> None:
    """Fails, with the reason, when there is no docker client or no compose plugin."""
    if shutil.which("docker") is None:
        pytest.fail("no docker client on PATH: run scripts/ensure_compose (or -m 'not compose')")
    version = compose("version")
    if version.returncode != 0:
        pytest.fail(
            f"`docker compose version` failed: run scripts/ensure_compose: {version.stderr}"
        )


@pytest.fixture(scope="module")
def config(docker_compose: None) -> dict[str, Any]:
    done = compose("config", "--format", "json", POLICYKG_NEO4J_PASSWORD=PASSWORD)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_compose_file_is_valid_with_the_default_password(docker_compose: None) -> None:
    done = compose("config", "--quiet")
    assert done.returncode == 0, done.stderr
    resolved = compose("config", "--format", "json")
    neo4j = json.loads(resolved.stdout)["services"]["neo4j"]
    default = Settings().neo4j_password.get_secret_value()
    assert neo4j["environment"]["NEO4J_AUTH"] == f"neo4j/{default}"


def test_neo4j_service_is_the_tested_version_with_a_health_check(config: dict[str, Any]) -> None:
    neo4j = config["services"]["neo4j"]
    pom = (ROOT / "scripts" / "neo4j" / "pom.xml").read_text(encoding="utf-8")
    assert neo4j["image"] == "neo4j:5.26-community"
    assert "<neo4j.version>5.26." in pom, "scripts/neo4j runs the same LTS line"
    assert neo4j["environment"]["NEO4J_AUTH"] == f"neo4j/{PASSWORD}"
    assert neo4j["healthcheck"]["test"]
    assert {p["host_ip"] for p in neo4j["ports"]} == {"127.0.0.1"}, "loopback only"


def test_api_service_uses_that_neo4j_through_real_settings(config: dict[str, Any]) -> None:
    api = config["services"]["api"]
    env = api["environment"]
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert api["healthcheck"]["test"]
    settings = validate_settings(
        None, **{k.removeprefix("POLICYKG_").lower(): v for k, v in env.items()}
    )
    assert settings.backend == "neo4j"
    assert settings.neo4j_uri == "bolt://neo4j:7687"
    assert settings.neo4j_user == "neo4j"
    assert settings.neo4j_password.get_secret_value() == PASSWORD
    fields = {f"POLICYKG_{f.name.upper()}" for f in dataclasses.fields(Settings)}
    assert set(env) <= fields, "every variable the API gets is a setting it reads"
    assert "policykg build --backend neo4j" in " ".join(api["command"])
