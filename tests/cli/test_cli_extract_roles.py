"""`policykg extract --json` gives agency roles: on mentions, and as a list with carried roles,
deadlines and targets (the State Council plan of the dev corpus)."""

from __future__ import annotations

import json
from pathlib import Path

from cli_support import ROOT, invoke

NOTICE = (
    ROOT / "data" / "corpus" / "dev" / "04-state-council-office-zero-waste-city-pilot-plan-2018.txt"
)


def test_agency_mentions_carry_lead_and_support_roles(tmp_path: Path) -> None:
    run = invoke(tmp_path / "graph.json", "extract", "--json", str(NOTICE))
    assert run.code == 0, run.stderr
    data = json.loads(run.stdout)
    text = NOTICE.read_text(encoding="utf-8")
    agencies = [m for m in data["mentions"] if m["type"] == "Agency"]
    roles = {(m["surface"], m["start"], m["role"]) for m in agencies}
    body = text.index("\n\n")  # the header lines quote the note too
    lead_note = text.index("（生态环境部牵头", body)
    assert ("生态环境部", lead_note + 1, "lead") in roles
    assert ("国家统计局", text.index("国家统计局参与", body), "support") in roles
    assert {m["role"] for m in agencies} <= {
        "lead",
        "support",
        "responsible",
        "guide",
        "joint",
        "mentioned",
    }
    assert all(m["role"] is None for m in data["mentions"] if m["type"] != "Agency")
    for item in data["roles"] + data["deadlines"] + data["targets"]:
        assert text[item["start"] : item["end"]] == item["surface"]
    carried = [r for r in data["roles"] if r["carried"]]
    assert carried and {r["surface"] for r in carried} == {"试点城市政府"}
    assert "2019年6月底前" in {d["surface"] for d in data["deadlines"]}
    assert "秸秆综合利用率达到85%以上" in {t["surface"] for t in data["targets"]}
