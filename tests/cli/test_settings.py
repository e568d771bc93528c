"""The plain settings reader gives what pydantic-settings gives, or hands the reading to it;
both read the one declaration, policykg.settings.Settings."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from policykg import settings
from policykg.settings import Settings

#: Environments read plainly: the reader's settings must equal pydantic's, field for field.
PLAIN = [
    {},
    {"POLICYKG_BACKEND": "neo4j", "POLICYKG_NEO4J_URI": "bolt://db:7688"},
    {"policykg_backend": "neo4j", "Policykg_Max_Depth": "5"},  # names in any case
    {"POLICYKG_GRAPH_FILE": "/srv/kg/graph.json", "POLICYKG_DATA_DIR": "relative/data"},
    {"POLICYKG_NEO4J_PASSWORD": "s3cret", "POLICYKG_API_TOKEN": "tok", "POLICYKG_NEO4J_USER": ""},
    {"POLICYKG_MAX_PAGE_SIZE": "0", "POLICYKG_MAX_NODES": "-3", "POLICYKG_MAX_EDGES": "12"},
    {"POLICYKG_REQUEST_SECONDS": "2.5", "POLICYKG_HEAVY_REQUESTS": "1"},
    {"POLICYKG_REQUEST_SECONDS": "30", "POLICYKG_MAX_DOCUMENT_BYTES": "1000"},
    {"POLICYKG_NOT_A_SETTING": "[1,", "OTHER": "x", "POLICYKG_ENV_FILE": "/nowhere"},
]

#: Values whose reading is pydantic's alone (errors, JSON lists, forms the reader does not
#: claim to know): `read` returns None for each.
NOT_PLAIN = [
    {"POLICYKG_BACKEND": "bogus"},
    {"POLICYKG_BACKEND": " neo4j"},
    {"POLICYKG_MAX_DEPTH": "four"},
    {"POLICYKG_MAX_DEPTH": " 4"},
    {"POLICYKG_MAX_DEPTH": "1_000"},
    {"POLICYKG_MAX_DEPTH": "007"},
    {"POLICYKG_MAX_DEPTH": "4.0"},
    {"POLICYKG_HEAVY_REQUESTS": "0"},
    {"POLICYKG_REQUEST_SECONDS": "1e3"},
    {"POLICYKG_CORS_ORIGINS": '["http://a"]'},
    {"POLICYKG_API_TOKEN": ""},
    {"POLICYKG_GRAPH_FILE": ""},
    {"POLICYKG_BACKEND": "neo4j", "policykg_backend": "networkx"},  # one name spelled twice
]

#: .env files read plainly (beside an environment that overrides one of their values).
PLAIN_DOTENV = [
    "",
    "# a comment\n\nPOLICYKG_BACKEND=neo4j\nPOLICYKG_MAX_DEPTH=2\nOTHER_TOOL=1\n",
    "POLICYKG_MAX_NODES=10\nPOLICYKG_MAX_NODES=20\n",  # the last line wins, as in dotenv
    "POLICYKG_NEO4J_DATABASE=\n",
]
NOT_PLAIN_DOTENV = [
    'POLICYKG_NEO4J_PASSWORD="quoted"\n',
    "export POLICYKG_BACKEND=neo4j\n",
    "POLICYKG_NEO4J_USER=${USER}\n",
    "POLICYKG_MAX_DEPTH=2 # two\n",
    "  POLICYKG_MAX_DEPTH=2\n",
]


def _pydantic(monkeypatch: pytest.MonkeyPatch, env: dict[str, str], dotenv: Path) -> Settings:
    for key in list(os.environ):
        if key.lower().startswith("policykg_"):
            monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return settings.validate_settings(dotenv)


def test_the_defaults_are_pydantics(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings() == _pydantic(monkeypatch, {}, tmp_path / "none.env")


def _plain_text(value: object) -> str:
    return value.get_secret_value() if isinstance(value, settings.Secret) else str(value)


@pytest.mark.parametrize(
    "name",
    [f.name for f in dataclasses.fields(Settings) if f.name not in ("cors_origins", "api_token")],
)
def test_every_setting_of_a_plain_type_is_read_plainly(name: str) -> None:
    """The plain reader follows each field's declared type: its default, written out, reads
    back as the default (a list, cors_origins, is pydantic's alone; api_token has no default)."""
    default = getattr(Settings(), name)
    plain = settings.read({f"POLICYKG_{name.upper()}": _plain_text(default)}, None)
    assert plain is not None and getattr(plain, name) == default


def test_a_list_setting_is_left_to_pydantic() -> None:
    assert settings.read({"POLICYKG_CORS_ORIGINS": "http://a"}, None) is None


@pytest.mark.parametrize("env", PLAIN)
def test_plain_environments_read_as_pydantic_reads_them(
    env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "none.env"
    plain = settings.read(env, missing)
    assert plain is not None
    assert plain == _pydantic(monkeypatch, env, missing)


@pytest.mark.parametrize("env", NOT_PLAIN)
def test_other_values_are_left_to_pydantic(env: dict[str, str], tmp_path: Path) -> None:
    assert settings.read(env, tmp_path / "none.env") is None


@pytest.mark.parametrize("text", PLAIN_DOTENV)
def test_plain_dotenv_files_read_as_pydantic_reads_them(
    text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dotenv = tmp_path / "policykg.env"
    dotenv.write_text(text, encoding="utf-8")
    env = {"POLICYKG_MAX_DEPTH": "4"}  # the environment wins over the file
    plain = settings.read(env, dotenv)
    assert plain is not None
    assert plain == _pydantic(monkeypatch, env, dotenv)


@pytest.mark.parametrize("text", NOT_PLAIN_DOTENV)
def test_other_dotenv_lines_are_left_to_pydantic(text: str, tmp_path: Path) -> None:
    dotenv = tmp_path / "policykg.env"
    dotenv.write_text(text, encoding="utf-8")
    assert settings.read({}, dotenv) is None


def test_pydantic_reads_what_the_plain_reader_leaves(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYKG_CORS_ORIGINS", '["http://a", "http://b"]')
    monkeypatch.setenv("POLICYKG_HEAVY_REQUESTS", "3")
    read = settings.environment_settings()
    assert read.cors_origins == ("http://a", "http://b") and read.heavy_requests == 3


def test_overrides_win_and_the_password_stays_hidden(tmp_path: Path) -> None:
    plain = settings.read({}, None, backend="neo4j", graph_file=tmp_path / "g.json")
    assert plain is not None and plain.backend == "neo4j"
    assert plain.graph_file == tmp_path / "g.json"
    assert "policykg-dev" not in repr(plain)  # the password stays out of reprs
