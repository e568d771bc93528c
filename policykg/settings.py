"""The one settings object (environment variables with the POLICYKG_ prefix, or a .env file).

Read only by entry points (CLI, API); everything below them takes plain arguments. Nothing
depends on the directory policykg runs in: the graph file lives in the per-user data folder
(platformdirs: $XDG_DATA_HOME/policykg, ~/.local/share/policykg on Linux) and the .env file
is the one POLICYKG_ENV_FILE names, else policykg.env in the per-user config folder
($XDG_CONFIG_HOME/policykg). The environment wins over the file. A command reads the same
settings without pydantic when their values are plain (policykg.command_settings); the API
server reads them here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from policykg.command_settings import PACKAGE_DATA, default_graph_file, env_file
from policykg.limits import MAX_DOCUMENT_BYTES

__all__ = [
    "PACKAGE_DATA",
    "Settings",
    "default_graph_file",
    "env_file",
    "get_settings",
    "load_settings",
]


class Settings(BaseSettings):
    # no env_file here: entry points name it (load_settings), so that tests and library
    # callers constructing Settings(...) read the environment alone
    model_config = SettingsConfigDict(env_prefix="POLICYKG_", extra="ignore")

    backend: Literal["networkx", "neo4j"] = "networkx"
    data_dir: Path = PACKAGE_DATA
    graph_file: Path = Field(default_factory=default_graph_file)

    neo4j_uri: str = "bolt://127.0.0.1:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr("policykg-dev")
    neo4j_database: str = "neo4j"

    api_token: SecretStr | None = None  # when set, the API asks for "Authorization: Bearer …"
    cors_origins: list[str] = Field(default_factory=list)
    max_page_size: int = 500
    max_depth: int = 3
    max_path_hops: int = 8
    max_nodes: int = 2000  # nodes in one map or neighbourhood
    max_edges: int = 10_000  # edges in one map or neighbourhood
    max_cell_tasks: int = (
        100  # task ids listed per co-occurrence cell (more: page with tasks_offset)
    )
    request_seconds: float = 20.0  # a request's time budget; then 503 over_budget
    heavy_requests: int = Field(default=2, ge=1)  # whole-graph requests (maps, analysis,
    # exports) that run at once; the others wait for a turn within their budget
    max_document_bytes: int = MAX_DOCUMENT_BYTES

    @property
    def corpus_dir(self) -> Path:
        return self.data_dir / "corpus"

    @property
    def gazetteer_dir(self) -> Path:
        return self.data_dir / "gazetteers"


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment and the .env file, then `overrides`.

    Args:
        overrides: setting name -> value, above the environment and the .env file.
    """
    # _env_file: pydantic-settings' documented per-call override, unknown to mypy without its plugin
    return Settings(_env_file=env_file(), **overrides)  # type: ignore[call-arg]


def get_settings() -> Settings:
    """Settings read now (entry points call this once and pass the object on)."""
    return load_settings()
