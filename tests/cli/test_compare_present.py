"""`compare --json` and GET /compare write comparisons through the one serialiser
(policykg.present.to_json); these are the exact bytes the hand-built dicts wrote before it,
with each pair's `also` (its many-to-one readings) added since, and the similarity of 本法 …
against 本条例 … 1.0 since the aligner maps both to one form (data/compare_lexicon.csv)."""

from __future__ import annotations

import json

from policykg.compare_input import DocumentUnits
from policykg.compare_present import comparison_dict, set_comparison_dict
from policykg.graph.compare import Unit, align, compare_many
from policykg.graph.model import NodeType
from policykg.graph.results import NodeRef

RIVER = NodeRef("region:黄河", "黄河", NodeType.REGION)
NOX = NodeRef("pollutant:氮氧化物", "氮氧化物", NodeType.POLLUTANT)
A_UNITS = (
    Unit("a:1", "第一条", "保护黄河。", frozenset({RIVER})),
    Unit("a:2", "第二条", "本法自公布之日起施行。"),
)
B_UNITS = (Unit("b:1", "第一条", "本条例自公布之日起施行。", frozenset({NOX})),)
A = DocumentUnits("a", "甲法", "a.md", "article", A_UNITS)
B = DocumentUnits("b", "乙条例", "b.md", "article", B_UNITS)

PAIR_JSON = (
    '{"a":{"id":"a","title":"甲法","path":"a.md","unit_kind":"article","units":2},"b":{"id":"b"'
    ',"title":"乙条例","path":"b.md","unit_kind":"article","units":1},"pairs":[{"status":"change'
    'd","a":{"id":"a:2","label":"第二条","text":"本法自公布之日起施行。"},"b":{"id":"b:1","label":"第一条","te'
    'xt":"本条例自公布之日起施行。"},"similarity":1.0,"diff":[{"op":"equal","a":"本","b":"本"},{"op":"re'
    'place","a":"法","b":"条例"},{"op":"equal","a":"自公布之日起施行。","b":"自公布之日起施行。"}],"entities_gaine'
    'd":[{"id":"pollutant:氮氧化物","name":"氮氧化物","type":"Pollutant"}],"entities_lost":[],"also":'
    '[]},{"status":"removed","a":{"id":"a:1","label":"第一条","text":"保护黄河。"},"b":null,"similari'
    'ty":0.0,"diff":[],"entities_gained":[],"entities_lost":[],"also":[]}],"summary":{"same":'
    '0,"changed":1,"added":0,"removed":1,"shifts":[{"entity":{"id":"pollutant:氮氧化物","name":"氮'
    '氧化物","type":"Pollutant"},"units_a":0,"units_b":1,"delta":1},{"entity":{"id":"region:黄河",'
    '"name":"黄河","type":"Region"},"units_a":1,"units_b":0,"delta":-1}]}}'
)
SET_JSON = (
    '{"a":{"id":"a","title":"甲法","path":"a.md","unit_kind":"article","units":2},"comparisons"'
    ':[{"a":{"id":"a","title":"甲法","path":"a.md","unit_kind":"article","units":2},"b":{"id":"'
    'b","title":"乙条例","path":"b.md","unit_kind":"article","units":1},"pairs":[{"status":"chan'
    'ged","a":{"id":"a:2","label":"第二条","text":"本法自公布之日起施行。"},"b":{"id":"b:1","label":"第一条","'
    'text":"本条例自公布之日起施行。"},"similarity":1.0,"diff":[{"op":"equal","a":"本","b":"本"},{"op":"'
    'replace","a":"法","b":"条例"},{"op":"equal","a":"自公布之日起施行。","b":"自公布之日起施行。"}],"entities_gai'
    'ned":[{"id":"pollutant:氮氧化物","name":"氮氧化物","type":"Pollutant"}],"entities_lost":[],"also'
    '":[]},{"status":"removed","a":{"id":"a:1","label":"第一条","text":"保护黄河。"},"b":null,"simila'
    'rity":0.0,"diff":[],"entities_gained":[],"entities_lost":[],"also":[]}],"summary":{"same'
    '":0,"changed":1,"added":0,"removed":1,"shifts":[{"entity":{"id":"pollutant:氮氧化物","name":'
    '"氮氧化物","type":"Pollutant"},"units_a":0,"units_b":1,"delta":1},{"entity":{"id":"region:黄河'
    '","name":"黄河","type":"Region"},"units_a":1,"units_b":0,"delta":-1}]}}],"coverage":[{"uni'
    't":{"id":"a:1","label":"第一条"},"taken_up_by":[]},{"unit":{"id":"a:2","label":"第二条"},"take'
    'n_up_by":["b"]}]}'
)


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def test_a_comparison_is_written_field_for_field_as_before() -> None:
    comparison = align(A_UNITS, B_UNITS, a_name="a", b_name="b")
    assert _compact(comparison_dict(comparison, A, B)) == PAIR_JSON


def test_a_set_comparison_is_written_field_for_field_as_before() -> None:
    result = compare_many(A_UNITS, [("b", B_UNITS)], a_name="a")
    assert _compact(set_comparison_dict(result, A, [B])) == SET_JSON
