"""The settings a command reads, without pydantic on the way.

Every `policykg` command reads its settings, and importing pydantic-settings costs more than
the rest of a query. So a command reads the POLICYKG_ variables and the .env file here, with
the rules of policykg.settings.Settings (environment over file, names case-insensitive,
unknown names ignored), when every value is in a plain form whose meaning is certain: a
backend name, a whole number of digits, a decimal, a non-empty path or token. When any value
is not (a list setting, a quoted or interpolated .env line, a number with blanks or
underscores, anything that could be an error), `read` returns None and the caller hands the
whole reading to pydantic, so a value means the same and a bad one gets the same error
either way. The API server validates its settings with pydantic (`CommandSettings.validated`).

    >>> read({"POLICYKG_BACKEND": "neo4j", "POLICYKG_MAX_DEPTH": "4"}, None).max_depth
    4
    >>> read({"POLICYKG_MAX_DEPTH": "four"}, None) is None   # pydantic says what is wrong
    True
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from platformdirs import user_config_path, user_data_path

from policykg.limits import MAX_DOCUMENT_BYTES

if TYPE_CHECKING:
    from policykg.settings import Settings

__all__ = [
    "PACKAGE_DATA",
    "CommandSettings",
    "Secret",
    "default_graph_file",
    "env_file",
    "read",
]

PREFIX = "policykg_"

#: The data shipped with the package (source documents, gazetteers, gold annotations): the
#: repository's data/ folder in a checkout, policykg/data in an installed wheel.
PACKAGE_DATA = Path(str(files("policykg") / "data"))


def default_graph_file() -> Path:
    """Where the networkx store keeps its graph unless POLICYKG_GRAPH_FILE says otherwise."""
    return user_data_path("policykg") / "graph.json"


def env_file() -> Path:
    """The .env file read for settings (it need not exist)."""
    named = os.environ.get("POLICYKG_ENV_FILE")
    return Path(named) if named else user_config_path("policykg") / "policykg.env"


class Secret:
    """A string kept out of reprs (pydantic's SecretStr, as far as a command uses it).

    Args:
        value: the secret string.
    """

    def __init__(self, value: str) -> None:
        self._value = value

    def get_secret_value(self) -> str:
        """The string itself."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True)
class CommandSettings:
    """policykg.settings.Settings field for field (a test holds the two together)."""

    backend: str = "networkx"
    data_dir: Path = PACKAGE_DATA
    graph_file: Path = field(default_factory=default_graph_file)
    neo4j_uri: str = "bolt://127.0.0.1:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: Secret = field(default_factory=lambda: Secret("policykg-dev"))
    neo4j_database: str = "neo4j"
    api_token: Secret | None = None
    cors_origins: tuple[str, ...] = ()
    max_page_size: int = 500
    max_depth: int = 3
    max_path_hops: int = 8
    max_nodes: int = 2000
    max_edges: int = 10_000
    max_cell_tasks: int = 100
    request_seconds: float = 20.0
    heavy_requests: int = 2
    max_document_bytes: int = MAX_DOCUMENT_BYTES

    @property
    def corpus_dir(self) -> Path:
        return self.data_dir / "corpus"

    @property
    def gazetteer_dir(self) -> Path:
        return self.data_dir / "gazetteers"

    def model_copy(self, *, update: Mapping[str, Any]) -> CommandSettings:
        """A copy with some fields replaced (as pydantic's model_copy).

        Args:
            update: field name -> new value.
        """
        return dataclasses.replace(self, **update)

    def validated(self) -> Settings:
        """The same settings as pydantic's Settings object (what the API server takes)."""
        from policykg.settings import Settings

        values: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Secret):
                value = value.get_secret_value()
            values[f.name] = list(value) if isinstance(value, tuple) else value
        return Settings(**values)

    @classmethod
    def of(cls, settings: Settings) -> CommandSettings:
        """A pydantic Settings object (a test's, or one read by pydantic) as command settings.

        Args:
            settings: the pydantic settings to copy (secrets become Secret, lists tuples).
        """
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            value = getattr(settings, f.name)
            if hasattr(value, "get_secret_value"):
                value = Secret(value.get_secret_value())
            values[f.name] = tuple(value) if isinstance(value, list) else value
        return cls(**values)


_INT = re.compile(r"0|-?[1-9][0-9]{0,17}")
_DECIMAL = re.compile(r"(0|-?[1-9][0-9]{0,14})(\.[0-9]{1,15})?")
_DOTENV_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=([^\s'\"#$\\`]*)")


def _int(text: str) -> int | None:
    return int(text) if _INT.fullmatch(text) else None


def _positive(text: str) -> int | None:
    value = _int(text)
    return value if value is not None and value >= 1 else None


def _decimal(text: str) -> float | None:
    return float(text) if _DECIMAL.fullmatch(text) else None


def _backend(text: str) -> str | None:
    return text if text in ("networkx", "neo4j") else None


def _path(text: str) -> Path | None:
    return Path(text) if text and "\0" not in text else None


def _text(text: str) -> str | None:
    return text


def _secret(text: str) -> Secret | None:
    return Secret(text)


def _token(text: str) -> Secret | None:
    return Secret(text) if text else None


def _never(text: str) -> None:
    """A setting whose form pydantic alone reads (a list is JSON)."""
    return None


#: How each field is read from its plain form; None: not plainly, ask pydantic.
_READERS: dict[str, Callable[[str], object]] = {
    "backend": _backend,
    "data_dir": _path,
    "graph_file": _path,
    "neo4j_uri": _text,
    "neo4j_user": _text,
    "neo4j_password": _secret,
    "neo4j_database": _text,
    "api_token": _token,
    "cors_origins": _never,
    "max_page_size": _int,
    "max_depth": _int,
    "max_path_hops": _int,
    "max_nodes": _int,
    "max_edges": _int,
    "max_cell_tasks": _int,
    "request_seconds": _decimal,
    "heavy_requests": _positive,
    "max_document_bytes": _int,
}


def read(
    environ: Mapping[str, str], dotenv: Path | None, **overrides: Any
) -> CommandSettings | None:
    """Settings from `environ` over the `dotenv` file, then `overrides`; None when a value is
    not in a plain form (pydantic must read them all).

    Args:
        environ: the environment (os.environ).
        dotenv: the .env file to read, if it exists (None: none).
        overrides: field values already typed (the CLI's --backend, --graph-file).
    """
    found = _from_dotenv(dotenv) if dotenv is not None else {}
    if found is None:
        return None
    from_env = _named(environ)
    if from_env is None:
        return None
    found.update(from_env)
    values: dict[str, object] = {}
    for name, text in found.items():
        reader = _READERS.get(name)
        if reader is None:
            continue  # not a setting: ignored, as pydantic's extra="ignore" does
        value = reader(text)
        if value is None:
            return None
        values[name] = value
    values.update(overrides)
    return CommandSettings(**values)  # type: ignore[arg-type]


def _named(pairs: Mapping[str, str]) -> dict[str, str] | None:
    """Field name -> text of the POLICYKG_ names (any case); None if two spell one name."""
    named: dict[str, str] = {}
    for key, text in pairs.items():
        lowered = key.lower()
        if not lowered.startswith(PREFIX):
            continue
        name = lowered[len(PREFIX) :]
        if name in named:
            return None
        named[name] = text
    return named


def _from_dotenv(path: Path) -> dict[str, str] | None:
    """The POLICYKG_ lines of a .env file in the form KEY=value (no quotes, no $, no
    comments after a value); None if a line has another form. A missing file: nothing."""
    try:
        if not path.is_file():
            return {}
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    pairs: dict[str, str] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        match = _DOTENV_LINE.fullmatch(line)
        if match is None:
            return None
        pairs[match[1]] = match[2]
    return _named(pairs)
