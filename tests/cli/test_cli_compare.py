"""`policykg compare` on real law texts, checked against exact text comparison.

`articles` below reads a law's `第X条` articles with one regular expression and compares
texts with NFKC and whitespace removed, written apart from policykg's own splitter and
aligner: an article whose text is identical in both versions must come out paired with its
twin and labelled same.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from cli_support import FIXTURES, ROOT, invoke

LAWS = ROOT / "data" / "corpus" / "laws"
OCEAN_2017 = LAWS / "行政法" / "海洋环境保护法(2017-11-04).md"
OCEAN_2023 = LAWS / "行政法" / "海洋环境保护法(2023-10-24).md"
GOLD_DIR = ROOT / "data" / "gold" / "compare"
AIR = LAWS / "行政法" / "大气污染防治法(2018-10-26).md"
SHANDONG = LAWS / "DLC" / "山东地方法规" / "地方性法规" / "山东"
ARTICLE = re.compile(r"^(第[一二三四五六七八九十百零]+条)\s", re.MULTILINE)


def articles(path: Path) -> dict[str, str]:
    """Label -> comparable text: each article runs to the next article or `#` heading."""
    body = path.read_text(encoding="utf-8").split("<!-- INFO END -->")[1]
    body = re.sub(r"^#.*$", "", body, flags=re.MULTILINE)
    parts = ARTICLE.split(body)[1:]
    out = {}
    for label, text in zip(parts[::2], parts[1::2], strict=True):
        folded = unicodedata.normalize("NFKC", text)
        out[label] = "".join(c for c in folded if not c.isspace() and c != "\u200b")
    return out


def identical_articles(a: Path, b: Path) -> dict[str, set[str]]:
    """A's label -> B's labels with exactly the same text."""
    b_texts = articles(b)
    return {
        la: {lb for lb, tb in b_texts.items() if tb == ta}
        for la, ta in articles(a).items()
        if ta in b_texts.values()
    }


def compare_json(tmp_path: Path, a: Path, *others: Path) -> Any:
    run = invoke(tmp_path / "graph.json", "compare", str(a), *map(str, others), "--json")
    assert run.code == 0, run.stderr
    return run.json()


def assert_identical_paired_same(data: Any, a: Path, b: Path) -> int:
    twins = identical_articles(a, b)
    pairs = {p["a"]["label"]: p for p in data["pairs"] if p["a"]}
    for label, partners in twins.items():
        assert pairs[label]["status"] == "same", (label, pairs[label]["status"])
        assert pairs[label]["b"]["label"] in partners, (label, pairs[label]["b"])
    return len(twins)


def test_ocean_law_2017_2023_pairs_every_unchanged_article_as_same(tmp_path: Path) -> None:
    data = compare_json(tmp_path, OCEAN_2017, OCEAN_2023)
    assert assert_identical_paired_same(data, OCEAN_2017, OCEAN_2023) >= 5
    assert data["a"]["units"] == len(articles(OCEAN_2017))
    assert data["b"]["units"] == len(articles(OCEAN_2023))


@pytest.mark.parametrize("gold", sorted(GOLD_DIR.glob("*.align.json")), ids=lambda p: p.stem)
def test_identical_articles_of_gold_pairs_are_same(tmp_path: Path, gold: Path) -> None:
    spec = json.loads(gold.read_text(encoding="utf-8"))
    a, b = ROOT / "data" / "corpus" / spec["a"], ROOT / "data" / "corpus" / spec["b"]
    assert_identical_paired_same(compare_json(tmp_path, a, b), a, b)


def test_json_gives_every_pair_status_and_both_sides(tmp_path: Path) -> None:
    data = compare_json(tmp_path, OCEAN_2017, OCEAN_2023)
    a_labels, b_labels = [], []
    for pair in data["pairs"]:
        assert pair["status"] in {"same", "changed", "added", "removed"}
        for side, labels in (("a", a_labels), ("b", b_labels)):
            unit = pair[side]
            assert unit is None or set(unit) == {"id", "label", "text"}
            if unit:
                labels.append(unit["label"])
        assert (pair["a"] is None) == (pair["status"] == "added")
        assert (pair["b"] is None) == (pair["status"] == "removed")
        if pair["status"] == "changed":
            before = "".join(d["a"] for d in pair["diff"])
            after = "".join(d["b"] for d in pair["diff"])
            assert before != after and any(d["op"] != "equal" for d in pair["diff"])
    # every article of both versions appears exactly once
    assert sorted(a_labels) == sorted(articles(OCEAN_2017))
    assert sorted(b_labels) == sorted(articles(OCEAN_2023))
    counts = {s: sum(p["status"] == s for p in data["pairs"]) for s in ("same", "changed")}
    assert data["summary"]["same"] == counts["same"]
    assert data["summary"]["changed"] == counts["changed"]


def test_national_law_against_several_local_regulations(tmp_path: Path) -> None:
    locals_ = sorted(SHANDONG.glob("*大气污染防治条例*.md"))[:3]
    data = compare_json(tmp_path, AIR, *locals_)
    assert [c["b"]["path"] for c in data["comparisons"]] == [str(p) for p in locals_]
    assert len(data["coverage"]) == len(articles(AIR))
    takers = {c["b"]["id"] for c in data["comparisons"]}
    for item in data["coverage"]:
        assert set(item["taken_up_by"]) <= takers
    # coverage agrees with the pairwise comparisons it summarises
    for comparison in data["comparisons"]:
        paired = {
            p["a"]["label"] for p in comparison["pairs"] if p["status"] in ("same", "changed")
        }
        covered = {
            c["unit"]["label"]
            for c in data["coverage"]
            if comparison["b"]["id"] in c["taken_up_by"]
        }
        assert paired == covered


def test_html_report_is_written(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    run = invoke(
        tmp_path / "g.json", "compare", str(OCEAN_2017), str(OCEAN_2023), "--html", str(out)
    )
    assert run.code == 0, run.stderr
    page = out.read_text(encoding="utf-8")
    assert page.count("<tr class=") == len(compare_json(tmp_path, OCEAN_2017, OCEAN_2023)["pairs"])


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["missing.md", str(OCEAN_2023)], 2, "missing.md"),
        ([str(OCEAN_2017), str(OCEAN_2023), "--json", "--html", "x.html"], 2, "not both"),
        ([str(OCEAN_2017), str(OCEAN_2023), "--html", "no/such/dir/x.html"], 1, "x.html"),
    ],
)
def test_bad_input_is_one_error_line(
    tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    run = invoke(tmp_path / "g.json", "compare", *args)
    assert run.code == code  # 2: bad input or arguments, 1: a file that cannot be written
    assert message in run.error_line()


def test_text_output_lists_pairs_and_what_moved(tmp_path: Path) -> None:
    run = invoke(tmp_path / "g.json", "compare", str(OCEAN_2017), str(OCEAN_2023))
    assert run.code == 0, run.stderr
    data = compare_json(tmp_path, OCEAN_2017, OCEAN_2023)
    assert len(run.stdout.splitlines()) == len(data["pairs"])
    top = data["summary"]["shifts"][0]
    assert f"{top['entity']['name']} ({top['entity']['type']})" in run.stderr


def test_traditional_and_simplified_copies_are_the_same_document(tmp_path: Path) -> None:
    """Scripts are not changes: a Traditional task list against its Simplified conversion
    (made here with OpenCC's plain t2s, not the loaders' conversion) is all same, and the
    Traditional side still names its entities."""
    import opencc

    traditional = FIXTURES / "numbered-traditional.txt"
    simplified = tmp_path / "numbered-simplified.txt"
    text = traditional.read_text(encoding="utf-8")
    simplified.write_text(opencc.OpenCC("t2s").convert(text), encoding="utf-8")
    data = compare_json(tmp_path, simplified, traditional)
    assert data["b"]["unit_kind"] == "task" and data["b"]["units"] >= 5
    assert {p["status"] for p in data["pairs"]} == {"same"}
    assert data["summary"]["shifts"] == []  # both sides name the same entities, unit by unit
    run = invoke(tmp_path / "g.json", "compare", str(traditional), str(simplified))
    assert run.code == 0 and "changed 0" in run.stderr


def test_a_document_with_nothing_to_compare_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "notes.md"
    empty.write_text("# 笔记\n\n没有条文，也没有任务。\n", encoding="utf-8")
    run = invoke(tmp_path / "g.json", "compare", str(empty), str(OCEAN_2023))
    assert run.code == 2
    assert "notes.md" in run.error_line()


WATER = LAWS / "行政法" / "水污染防治法(2017-06-27).md"
ZHEJIANG_WATER = (
    LAWS / "DLC" / "浙江地方法规" / "地方性法规" / "浙江" / "浙江省水污染防治条例(2020-11-27).md"
)


def test_many_to_one_readings_are_in_each_pairs_also(tmp_path: Path) -> None:
    """Two readings data/gold/compare/GUIDELINES.md records for 水污染防治法 vs 浙江 (written
    before the aligner reported any): 浙江 第十二条 merges national 第十二条 into its partner
    第十四条, and national 第十六条's later paragraphs are restated as 浙江 第十条."""
    data = compare_json(tmp_path, WATER, ZHEJIANG_WATER)
    also = {
        (p["a"]["label"], p["b"]["label"]): [(x["a"]["label"], x["b"]["label"]) for x in p["also"]]
        for p in data["pairs"]
        if p["status"] == "changed"
    }
    assert ("第十二条", "第十二条") in also[("第十四条", "第十二条")]
    assert ("第十六条", "第十条") in also[("第十六条", "第八条")]
    # a linked unit keeps its own one-sided pair, and shows as a unit (id, label, text)
    one_sided = {
        (p["status"], (p["a"] or p["b"])["label"])
        for p in data["pairs"]
        if not p["a"] or not p["b"]
    }
    assert ("removed", "第十二条") in one_sided and ("added", "第十条") in one_sided
    first = next(p for p in data["pairs"] if p["a"] and p["a"]["label"] == "第十四条")["also"][0]
    assert set(first["a"]) == {"id", "label", "text"} and "水环境质量标准" in first["a"]["text"]
    assert all(p["also"] == [] for p in data["pairs"] if p["status"] != "changed")
