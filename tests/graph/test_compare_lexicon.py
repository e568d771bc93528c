"""The lexicon of equivalent phrasings (data/compare_lexicon.csv) and its use by the aligner."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import pytest

from policykg.graph.compare import DEFAULTS, Lexicon, Status, Unit, align, normal_text, read_lexicon
from policykg.graph.compare.lexicon import COMPARE_LEXICON

ROWS = list(csv.DictReader(COMPARE_LEXICON.read_text(encoding="utf-8").splitlines()))
LEXICON = read_lexicon(COMPARE_LEXICON)


def test_every_row_has_a_kind_and_a_source() -> None:
    assert len(ROWS) >= 50
    assert {r["kind"] for r in ROWS} == {"phrase", "level", "prefix"}
    assert all(len(r["source"].strip()) >= 10 for r in ROWS)


def test_the_defaults_use_the_shipped_lexicon() -> None:
    assert DEFAULTS.lexicon == LEXICON


@pytest.mark.parametrize("form", sorted(set(LEXICON.variants.values())))
def test_a_canonical_form_maps_to_itself(form: str) -> None:
    assert LEXICON.canonical(form) == form


@pytest.mark.parametrize(
    ("national", "local"),
    [
        ("县级以上地方人民政府环境保护行政主管部门", "市生态环境部门"),
        ("国务院生态环境主管部门", "省生态环境主管部门"),
        ("县级以上地方人民政府", "县（市、区）人民政府"),
        ("违反本法规定", "违反本条例规定"),
        ("任何单位和个人必须", "单位和个人应当"),
        ("责令限期改正，处一万元以下的罚款", "责令改正，处一万元以下罚款"),
    ],
)
def test_national_and_local_phrasings_meet(national: str, local: str) -> None:
    assert LEXICON.canonical(normal_text(national)) == LEXICON.canonical(normal_text(local))


def test_the_longest_variant_wins_and_other_text_stays() -> None:
    lexicon = Lexicon({"主管部门": "X", "环境保护主管部门": "Y"})
    assert lexicon.canonical("环境保护主管部门和水行政主管部门") == "Y和水行政X"
    assert lexicon.canonical("采砂船舶") == "采砂船舶"


def test_a_level_is_dropped_only_before_a_department() -> None:
    lexicon = Lexicon({"环保部门": "生态环境主管部门"}, ("市",))
    assert lexicon.canonical("市环保部门") == "生态环境主管部门"
    assert lexicon.canonical("市人民政府") == "市人民政府"


def unit(label: str, text: str) -> Unit:
    return Unit(f"doc:{label}", label, text)


A = [unit("1", "国务院环境保护主管部门必须公开。"), unit("2", "国家鼓励清洁生产技术的研究。")]
B = [unit("1", "省生态环境部门应当公开。"), unit("2", "在城市建成区不得焚烧落叶和垃圾。")]


def test_the_aligner_pairs_a_provision_restated_in_equivalent_words() -> None:
    with_lexicon = {(p.status, p.a and p.a.label, p.b and p.b.label) for p in align(A, B).pairs}
    without = align(A, B, config=replace(DEFAULTS, lexicon=None)).pairs
    assert (Status.CHANGED, "1", "1") in with_lexicon
    assert all(p.status is not Status.CHANGED for p in without)  # below the floor as printed


def test_the_lexicon_changes_neither_labels_nor_diffs() -> None:
    [pair] = [p for p in align(A, B).pairs if p.status is Status.CHANGED]
    assert pair.similarity == 1.0  # the same text once mapped ...
    assert pair.diff and "".join(op.b for op in pair.diff if op.b) == B[0].text  # ... printed as is


def _write(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "lexicon.csv"
    path.write_text("kind,variant,canonical,source\n" + rows, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("phrase,必须,应当,\n", "no source"),
        ("word,必须,应当,立法技术规范\n", "unknown kind"),
        ("phrase,必须,应当,立法技术规范\nphrase,必须,须,又一\n", "given twice"),
        ("phrase,,应当,立法技术规范\n", "empty"),
    ],
)
def test_a_bad_lexicon_is_one_clear_error(tmp_path: Path, rows: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        read_lexicon(_write(tmp_path, rows))
