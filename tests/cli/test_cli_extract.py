"""`policykg extract`: outline and mentions of any document, without touching the store."""

from __future__ import annotations

import json
from pathlib import Path

from cli_support import FIXTURES, ROOT, invoke, script

DEV = ROOT / "data" / "corpus" / "dev"
NOTICE = DEV / "04-state-council-office-zero-waste-city-pilot-plan-2018.txt"


def test_json_gives_metadata_units_and_mentions_that_slice_the_file(tmp_path: Path) -> None:
    graph = tmp_path / "graph.json"
    run = invoke(graph, "extract", "--json", str(NOTICE))
    assert run.code == 0, run.stderr
    [line] = run.stdout.splitlines()
    data = json.loads(line)
    text = NOTICE.read_text(encoding="utf-8")
    meta = data["metadata"]
    assert meta["doc_number"] == "国办发〔2018〕128号" and meta["issuers"] == ["国务院办公厅"]
    assert (meta["kind"], meta["level"], meta["script"]) == ("notice", "national", "Simplified")
    assert meta["dates"]["signed"] == "2018-12-29"
    kinds = [u["kind"] for u in data["units"]]
    assert kinds[:4] == ["title", "doc_number", "addressee", "paragraph"]
    assert text[data["units"][1]["start"] : data["units"][1]["end"]] == "国办发〔2018〕128号"
    for mention in data["mentions"]:
        assert text[mention["start"] : mention["end"]] == mention["surface"]
        assert {"type", "entity_id", "name", "name_en", "unit"} <= set(mention)
    assert not graph.exists()  # the store is never touched


def test_a_folder_gives_one_line_per_document(tmp_path: Path) -> None:
    run = invoke(tmp_path / "graph.json", "extract", "--json", str(DEV))
    assert run.code == 0, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == len(list(DEV.glob("*.txt")))
    assert all(json.loads(line)["units"] for line in lines)


def test_text_output_is_the_outline_with_mentions(tmp_path: Path) -> None:
    run = invoke(tmp_path / "graph.json", "extract", str(NOTICE))
    assert run.code == 0, run.stderr
    assert "doc_number" in run.stdout and "国办发〔2018〕128号" in run.stdout
    assert "- Agency" in run.stdout


def test_structureless_text_is_extracted_with_a_warning(tmp_path: Path) -> None:
    run = script(tmp_path / "graph.json", "extract", "--json", str(FIXTURES / "no-structure.txt"))
    assert run.code == 0, run.stderr
    assert "policykg: warning: " in run.stderr and "no recognisable structure" in run.stderr
    assert json.loads(run.stdout)["mentions"]


def test_bad_input_is_one_error_line(tmp_path: Path) -> None:
    run = invoke(tmp_path / "graph.json", "extract", str(FIXTURES / "binary.bin"))
    assert run.code == 2
    assert "not a text document" in run.error_line()


def test_show_gives_a_documents_metadata(tmp_path: Path) -> None:
    graph = tmp_path / "graph.json"
    assert invoke(graph, "build", str(NOTICE)).code == 0
    run = invoke(graph, "show", "--json", f"doc:{NOTICE.stem}")
    assert run.code == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["doc_number"] == "国办发〔2018〕128号" and data["issuers"] == ["国务院办公厅"]
    assert (data["kind"], data["level"], data["date_signed"]) == (
        "notice",
        "national",
        "2018-12-29",
    )
    text = invoke(graph, "show", f"doc:{NOTICE.stem}").stdout
    assert "doc_number: 国办发〔2018〕128号" in text


def test_build_says_which_document_had_no_structure(tmp_path: Path) -> None:
    graph = tmp_path / "graph.json"
    run = invoke(graph, "build", str(FIXTURES / "no-structure.txt"))
    assert run.code == 0
    assert "policykg: warning: " in run.stderr and "no recognisable structure" in run.stderr
    stats = invoke(graph, "stats", "--json")
    assert stats.json()["nodes"]["Document"] == 1  # the document was stored


def test_a_unit_above_the_size_limit_is_refused_and_the_store_kept(tmp_path: Path) -> None:
    graph = tmp_path / "graph.json"
    assert invoke(graph, "build", str(NOTICE)).code == 0
    before = graph.read_bytes()
    huge = tmp_path / "huge.txt"
    # a task sentence of 1.4 million characters: more than one unit may have
    huge.write_text(
        "标题\n一、主题\n加强治理。" + "推进黄河治理," * 200_000 + "。", encoding="utf-8"
    )
    run = invoke(graph, "build", str(huge))
    assert run.code == 2
    line = run.error_line()
    assert "1,000,000" in line and "characters" in line
    assert graph.read_bytes() == before
