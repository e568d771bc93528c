"""The one settings object (environment variables with the POLICYKG_ prefix, or .env).

Read only by entry points (CLI, API); everything below them takes plain arguments.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

#: The data shipped with the package (source documents, gazetteers, gold annotations): the
#: repository's data/ folder in a checkout, policykg/data in an installed wheel.
PACKAGE_DATA = Path(str(files("policykg") / "data"))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POLICYKG_", env_file=".env", extra="ignore")

    backend: Literal["networkx", "neo4j"] = "networkx"
    data_dir: Path = PACKAGE_DATA
    graph_file: Path = Path("var/graph.json")

    neo4j_uri: str = "bolt://127.0.0.1:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr("policykg-dev")
    neo4j_database: str = "neo4j"

    api_token: SecretStr | None = None  # when set, the API asks for "Authorization: Bearer …"
    cors_origins: list[str] = Field(default_factory=list)
    max_page_size: int = 500
    max_depth: int = 3
    max_path_hops: int = 8
    max_nodes: int = 2000
    max_document_bytes: int = 20_000_000

    @property
    def corpus_dir(self) -> Path:
        return self.data_dir / "corpus"

    @property
    def gazetteer_dir(self) -> Path:
        return self.data_dir / "gazetteers"


@lru_cache
def get_settings() -> Settings:
    return Settings()
