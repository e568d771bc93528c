"""The one settings object (environment variables with the POLICYKG_ prefix, or a .env file).

Read only by entry points (CLI, API); everything below them takes plain arguments. Nothing
depends on the directory policykg runs in: the graph file lives in the per-user data folder
(platformdirs: $XDG_DATA_HOME/policykg, ~/.local/share/policykg on Linux) and the .env file
is the one POLICYKG_ENV_FILE names, else policykg.env in the per-user config folder
($XDG_CONFIG_HOME/policykg). The environment wins over the file.

`Settings` below is the one declaration: each field's type says how it is read. Every command
reads its settings, and importing pydantic-settings costs more than the rest of a query, so
`read` first reads the values plainly, with pydantic-settings' rules (environment over file,
names case-insensitive, unknown names ignored), when every value is in a form whose meaning is
certain: a backend name, a whole number of digits, a decimal, a non-empty path or token. When
any value is not (a list setting, a quoted or interpolated .env line, a number with blanks or
underscores, anything that could be an error), the whole reading goes to pydantic-settings
(`validate_settings`, a model made from the same fields), so a value means the same and a bad
one gets the same error either way.

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
from typing import Annotated, Any, Literal, get_args, get_origin, get_type_hints

from platformdirs import user_config_path, user_data_path

from policykg.limits import MAX_DOCUMENT_BYTES

__all__ = [
    "PACKAGE_DATA",
    "Secret",
    "Settings",
    "env_file",
    "environment_settings",
    "get_settings",
    "read",
    "validate_settings",
]

_PREFIX = "policykg_"

#: The data shipped with the package (source documents, gazetteers, gold annotations): the
#: repository's data/ folder in a checkout, policykg/data in an installed wheel.
PACKAGE_DATA = Path(str(files("policykg") / "data"))


def _default_graph_file() -> Path:
    """Where the networkx store keeps its graph unless POLICYKG_GRAPH_FILE says otherwise."""
    return user_data_path("policykg") / "graph.json"


def env_file() -> Path:
    """The .env file read for settings (it need not exist)."""
    named = os.environ.get("POLICYKG_ENV_FILE")
    return Path(named) if named else user_config_path("policykg") / "policykg.env"


class Secret:
    """A string kept out of reprs (pydantic's SecretStr, as far as policykg uses it).

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

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        # called by pydantic only (validate_settings): a string becomes a Secret
        from pydantic_core import core_schema

        return core_schema.union_schema(
            [
                core_schema.is_instance_schema(cls),
                core_schema.no_info_after_validator_function(cls, core_schema.str_schema()),
            ]
        )


@dataclass(frozen=True)
class _AtLeast:
    """The smallest value a whole-number setting takes (`Annotated[int, _AtLeast(1)]`).

    Args:
        value: the bound, included.
    """

    value: int

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        schema = handler(source)
        schema["ge"] = self.value
        return schema


_DEV_PASSWORD = Secret("policykg-dev")  # docker-compose.yml's too


@dataclass(frozen=True)
class Settings:
    """Every setting, its type and its default; POLICYKG_<NAME> sets a field."""

    backend: Literal["networkx", "neo4j"] = "networkx"
    data_dir: Path = PACKAGE_DATA
    graph_file: Path = field(default_factory=_default_graph_file)
    neo4j_uri: str = "bolt://127.0.0.1:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: Secret = _DEV_PASSWORD
    neo4j_database: str = "neo4j"
    #: when set, the API asks for "Authorization: Bearer …"
    api_token: Secret | None = None
    cors_origins: tuple[str, ...] = ()
    max_page_size: int = 500
    max_depth: int = 3
    max_path_hops: int = 8
    #: nodes and edges in one map or neighbourhood
    max_nodes: int = 2000
    max_edges: int = 10_000
    #: task ids listed per co-occurrence cell (more: page with tasks_offset)
    max_cell_tasks: int = 100
    #: a request's time budget; then 503 over_budget
    request_seconds: float = 20.0
    #: whole-graph requests (maps, analysis, exports) that run at once; the others wait for a
    #: turn within their budget
    heavy_requests: Annotated[int, _AtLeast(1)] = 2
    max_document_bytes: int = MAX_DOCUMENT_BYTES

    @property
    def corpus_dir(self) -> Path:
        return self.data_dir / "corpus"

    @property
    def gazetteer_dir(self) -> Path:
        return self.data_dir / "gazetteers"

    def model_copy(self, *, update: Mapping[str, Any]) -> Settings:
        """A copy with some fields replaced (as pydantic's model_copy).

        Args:
            update: field name -> new value.
        """
        return dataclasses.replace(self, **update)


def _load_settings(**overrides: Any) -> Settings:
    """Settings from the environment and the .env file, then `overrides`.

    Args:
        overrides: setting name -> value, above the environment and the .env file.

    Raises:
        pydantic.ValidationError: a value is not valid for its setting.
        pydantic_settings.SettingsError: a list setting is not valid JSON.
    """
    dotenv = env_file()
    return read(os.environ, dotenv, **overrides) or validate_settings(dotenv, **overrides)


def environment_settings(**overrides: Any) -> Settings:
    """Settings from the environment alone (no .env file), then `overrides`: for tests and
    library callers, which must not depend on a user's .env file.

    Args:
        overrides: setting name -> value, above the environment.
    """
    return read(os.environ, None, **overrides) or validate_settings(None, **overrides)


def get_settings() -> Settings:
    """Settings read now (entry points call this once and pass the object on)."""
    return _load_settings()


# -- the plain reader ---------------------------------------------------------------------

_INT = re.compile(r"0|-?[1-9][0-9]{0,17}")
_DECIMAL = re.compile(r"(0|-?[1-9][0-9]{0,14})(\.[0-9]{1,15})?")
_DOTENV_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=([^\s'\"#$\\`]*)")

#: Reads a field's text in its plain form; None: not plainly, pydantic must read it.
_Reader = Callable[[str], object]


def _int(text: str) -> int | None:
    return int(text) if _INT.fullmatch(text) else None


def _decimal(text: str) -> float | None:
    return float(text) if _DECIMAL.fullmatch(text) else None


def _path(text: str) -> Path | None:
    return Path(text) if text and "\0" not in text else None


def _text(text: str) -> str:
    return text


def _secret(text: str) -> Secret:
    return Secret(text)


def _token(text: str) -> Secret | None:
    return Secret(text) if text else None


def _never(text: str) -> None:
    """A setting whose form pydantic alone reads (a list is JSON)."""
    return None


_PLAIN: Mapping[object, _Reader] = {
    Path: _path,
    str: _text,
    int: _int,
    float: _decimal,
    Secret: _secret,
    Secret | None: _token,
}


def _reader(hint: Any) -> _Reader:
    """How a field of this type is read plainly: from the type alone, so that a new setting
    needs only its line in Settings."""
    if get_origin(hint) is Annotated:
        kind, *marks = get_args(hint)
        bounds = [m.value for m in marks if isinstance(m, _AtLeast)]
        if kind is not int or len(bounds) != len(marks):
            return _never
        least = max(bounds)

        def _bounded(text: str) -> int | None:
            value = _int(text)
            return value if value is not None and value >= least else None

        return _bounded
    if get_origin(hint) is Literal:
        choices = frozenset(get_args(hint))
        return lambda text: text if text in choices else None
    return _PLAIN.get(hint, _never)


def _readers() -> dict[str, _Reader]:
    hints = get_type_hints(Settings, include_extras=True)
    return {f.name: _reader(hints[f.name]) for f in dataclasses.fields(Settings)}


def read(environ: Mapping[str, str], dotenv: Path | None, **overrides: Any) -> Settings | None:
    """Settings from `environ` over the `dotenv` file, then `overrides`; None when a value is
    not in a plain form (pydantic must read them all).

    Args:
        environ: the environment (os.environ).
        dotenv: the .env file to read, if it exists (None: none).
        overrides: field values (the CLI's --backend, --graph-file): a string is read as the
            environment's text is, a list becomes a tuple, anything else is kept.
    """
    found = _from_dotenv(dotenv) if dotenv is not None else {}
    if found is None:
        return None
    from_env = _named(environ)
    if from_env is None:
        return None
    found.update(from_env)
    readers = _readers()
    values: dict[str, object] = {}
    for name, text in found.items():
        reader = readers.get(name)
        if reader is None:
            continue  # not a setting: ignored, as pydantic's extra="ignore" does
        value = reader(text)
        if value is None:
            return None
        values[name] = value
    for name, value in overrides.items():
        reader = readers.get(name)
        if isinstance(value, str) and reader is not None:
            value = reader(value)
            if value is None:
                return None
        values[name] = tuple(value) if isinstance(value, list) else value
    return Settings(**values)  # type: ignore[arg-type]


def _named(pairs: Mapping[str, str]) -> dict[str, str] | None:
    """Field name -> text of the POLICYKG_ names (any case); None if two spell one name."""
    named: dict[str, str] = {}
    for key, text in pairs.items():
        lowered = key.lower()
        if not lowered.startswith(_PREFIX):
            continue
        name = lowered[len(_PREFIX) :]
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


# -- pydantic-settings, for every other value -------------------------------------------------


def validate_settings(dotenv: Path | None, **values: Any) -> Settings:
    """Settings read by pydantic-settings: the environment over the `dotenv` file, then
    `values` (validated too, so they may be strings).

    Args:
        dotenv: the .env file to read, if it exists (None: none).
        values: setting name -> value, above the environment and the file.

    Raises:
        pydantic.ValidationError: a value is not valid for its setting.
        pydantic_settings.SettingsError: a list setting is not valid JSON.
    """
    model = _pydantic_model()(_env_file=dotenv, **values)
    return Settings(**{f.name: getattr(model, f.name) for f in dataclasses.fields(Settings)})


def _pydantic_model() -> Callable[..., Any]:
    """A pydantic-settings model of Settings' fields, types and defaults."""
    from pydantic import Field, create_model
    from pydantic_settings import BaseSettings, SettingsConfigDict

    class _Base(BaseSettings):
        model_config = SettingsConfigDict(env_prefix="POLICYKG_", extra="ignore", frozen=True)

    hints = get_type_hints(Settings, include_extras=True)
    fields: dict[str, Any] = {}
    for f in dataclasses.fields(Settings):
        if f.default_factory is not dataclasses.MISSING:
            fields[f.name] = (hints[f.name], Field(default_factory=f.default_factory))
        else:
            fields[f.name] = (hints[f.name], f.default)
    model: Callable[..., Any] = create_model("Settings", __base__=_Base, **fields)
    return model
