"""Roles through the whole pipeline: `policykg extract --json` on the dev documents with role gold.

tests/loaders/test_roles_gold.py scores the role reader on the gold outline; here the outline,
the tasks and the agency mentions are the pipeline's own, as a graph build reads them. A role
read in a part of the document the outline makes no task of is lost here: before the Markdown
headings of the 河南 resolution (`## 一、`) were read as themes, its three sections with
directive clauses had no tasks and it scored P 1.000 R 0.333. Roles stated in the text (not
carried) match on (start, end, role), deadlines and targets on (start, end), in the file's
offsets as the gold gives them.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest
from click.testing import CliRunner

from policykg.cli import main
from policykg.settings import PACKAGE_DATA

GOLD = PACKAGE_DATA / "gold" / "roles"
DEV = PACKAGE_DATA / "corpus" / "dev"
THRESHOLD = 0.90
DOCUMENTS = sorted(
    p.name.removesuffix(".roles.json")
    for p in GOLD.glob("*.roles.json")
    if (DEV / p.name.replace(".roles.json", ".txt")).exists()
)
Key = tuple[Any, ...]


@cache
def _extracted(name: str) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["extract", str(DEV / f"{name}.txt"), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output.splitlines()[0])  # type: ignore[no-any-return]


def _gold(name: str) -> dict[str, set[Key]]:
    gold = json.loads((GOLD / f"{name}.roles.json").read_text(encoding="utf-8"))
    units = gold["units"]
    return {
        "roles": {
            (r["start"], r["end"], r["role"])
            for u in units
            for r in u["roles"]
            if not r.get("carried")
        },
        "deadlines": {(d["start"], d["end"]) for u in units for d in u["deadlines"]},
        "targets": {(t["start"], t["end"]) for u in units for t in u["targets"]},
    }


def _found(name: str) -> dict[str, set[Key]]:
    out = _extracted(name)
    return {
        "roles": {(r["start"], r["end"], r["role"]) for r in out["roles"] if not r["carried"]},
        "deadlines": {(d["start"], d["end"]) for d in out["deadlines"]},
        "targets": {(t["start"], t["end"]) for t in out["targets"]},
    }


def test_the_dev_documents_with_role_gold_are_all_here() -> None:
    assert "03-henan-npc-resolution-pollution-battle-2018" in DOCUMENTS and len(DOCUMENTS) >= 4


@pytest.mark.parametrize("name", DOCUMENTS)
@pytest.mark.parametrize("kind", ["roles", "deadlines", "targets"])
def test_roles_hold_through_the_pipeline(name: str, kind: str) -> None:
    gold, found = _gold(name)[kind], _found(name)[kind]
    hits = gold & found
    precision = len(hits) / len(found) if found else 1.0
    recall = len(hits) / len(gold) if gold else 1.0
    report = f"missed {sorted(gold - found)}; spurious {sorted(found - gold)}"
    assert precision >= THRESHOLD and recall >= THRESHOLD, report


def test_the_resolution_reads_all_six_sections_as_themes() -> None:
    units = _extracted("03-henan-npc-resolution-pollution-battle-2018")["units"]
    labels = [u["label"] for u in units if u["kind"] == "item" and u["label"].endswith("、")]
    assert labels == ["一、", "二、", "三、", "四、", "五、", "六、"]
    roles = _extracted("03-henan-npc-resolution-pollution-battle-2018")["roles"]
    # 二、's 各级党委和政府要…, 三、's 设区的市人大及其常委会要…: in tasks now, so their roles are read
    assert {r["task"].split(".")[0] for r in roles} >= {"2", "3"}


HENAN_WATER = (
    PACKAGE_DATA
    / "corpus"
    / "laws"
    / "DLC"
    / "河南地方法规"
    / "地方性法规"
    / "河南"
    / "河南省人民代表大会常务委员会关于进一步加强水污染防治工作的决议.md"
)


def test_the_whole_resolution_gives_the_roles_each_of_its_sentences_gives() -> None:
    """plan-duties holds ten sentences of the 河南 resolution with their roles (gold); read as
    the whole document, each sentence must give the same roles, the ones that open a paragraph
    (各级人民政府要…, 各级人民政府及其环保部门要…) included."""
    gold = json.loads((GOLD / "plan-duties.roles.json").read_text(encoding="utf-8"))
    sentences = (GOLD / "plan-duties.txt").read_text(encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(HENAN_WATER), "--json"])
    assert result.exit_code == 0, result.output
    whole = json.loads(result.output.splitlines()[0])
    document = HENAN_WATER.read_text(encoding="utf-8")
    units = [u for u in gold["units"] if u["from"].startswith(HENAN_WATER.name)]
    assert len(units) == 10
    for unit in units:
        shift = document.index(sentences[unit["start"] : unit["end"]]) - unit["start"]
        expected = {(r["start"] + shift, r["end"] + shift, r["role"]) for r in unit["roles"]}
        found = {
            (r["start"], r["end"], r["role"])
            for r in whole["roles"]
            if unit["start"] + shift <= r["start"] < unit["end"] + shift and not r["carried"]
        }
        assert found == expected, unit["from"]
