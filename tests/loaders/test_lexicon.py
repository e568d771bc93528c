"""The lexicon files: every row has a reason, bad files get one clear error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from policykg.loaders.lexicon import LexiconError, lexicon_dir, load_lexicon, read_lexicon

FILES = (
    "verbs.csv",
    "name_verbs.csv",
    "name_heads.csv",
    "generic_words.csv",
    "name_boundaries.csv",
    "agency_heads.csv",
    "agency_functions.csv",
    "agency_levels.csv",
)


def test_the_package_lexicon_loads_with_every_list() -> None:
    lexicon = load_lexicon()
    assert lexicon.verbs["实行"] == "implementation"
    assert {"制定", "编制"} <= lexicon.drafting_verbs
    assert "修订" in lexicon.revising_verbs
    assert "打好" in lexicon.governing_verbs and "建设" not in lexicon.governing_verbs
    assert lexicon.heads["标准体系"] == ("Instrument", "standard", "Standard System")
    assert "分级" in lexicon.generic_words
    assert lexicon.boundaries["scope_noun"][:3] == ("领域", "区域", "行业")
    # the heads removed as rules for one sentence stay removed
    assert not {"年度人物", "大练兵", "重大专项", "文书", "先行区"} & set(lexicon.heads)


def test_every_file_ships_with_the_package() -> None:
    assert all((lexicon_dir() / name).is_file() for name in FILES)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    for name in FILES:
        shutil.copy(Path(str(lexicon_dir() / name)), tmp_path / name)
    return tmp_path


def test_a_row_without_a_reason_is_refused(copy: Path) -> None:
    with (copy / "generic_words.csv").open("a", encoding="utf-8") as f:
        f.write("\n某某,\n")
    with pytest.raises(LexiconError, match=r"generic_words.csv, line \d+: .*reason"):
        read_lexicon(copy)


def test_an_unknown_action_type_is_refused(copy: Path) -> None:
    with (copy / "verbs.csv").open("a", encoding="utf-8") as f:
        f.write('\n试试,guessing,,no,"made up"\n')
    with pytest.raises(LexiconError, match="guessing"):
        read_lexicon(copy)


def test_a_word_listed_twice_is_refused(copy: Path) -> None:
    with (copy / "name_verbs.csv").open("a", encoding="utf-8") as f:
        f.write('\n保护,"again"\n')
    with pytest.raises(LexiconError, match="保护 is listed twice"):
        read_lexicon(copy)


def test_a_missing_column_is_refused(copy: Path) -> None:
    (copy / "name_heads.csv").write_text("head,reason\n办法,x\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="missing columns"):
        read_lexicon(copy)
