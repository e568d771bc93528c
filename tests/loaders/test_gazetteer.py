"""The gazetteers in data/gazetteers: provenance, hierarchy, surface forms, and bad files."""

from __future__ import annotations

import csv
import functools
import importlib.util
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from types import ModuleType

import networkx as nx
import pytest

from policykg.errors import GazetteerError
from policykg.graph.model import HIERARCHY_REL_BY_TYPE, NodeType, Rel, entity_id
from policykg.loaders.gazetteer import (
    DESCRIPTIVE_PROGRAM_KINDS,
    ENTITY_FILES,
    Gazetteer,
    load_gazetteers,
)

CJK = re.compile(r"[\u3400-\u9fff]")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def gazetteer(gazetteer_dir: Path) -> Gazetteer:
    return load_gazetteers(gazetteer_dir)


def part_of(g: Gazetteer, child: str, parent: str, rel: Rel = Rel.PART_OF) -> bool:
    return any(e.source == child and e.target == parent and e.type == rel for e in g.hierarchy)


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# -- provenance -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ENTITY_FILES))
def test_every_row_has_a_source_and_an_english_name(gazetteer_dir: Path, name: str) -> None:
    table = rows(gazetteer_dir / name)
    assert table, f"{name} is empty"
    for row in table:
        assert row["source"].strip(), row
        assert row["name_en"].strip(), row
        assert not CJK.search(row["name_en"]), f"name_en is not English: {row}"


def test_every_entity_carries_its_provenance(gazetteer: Gazetteer) -> None:
    for node in gazetteer.entities:
        assert node.props["origin"] == "gazetteer"
        assert node.props["source"] and node.props["name_en"], node
        assert isinstance(node.props["aliases"], list)


def test_ids_are_entity_ids_of_their_keys(gazetteer: Gazetteer, gazetteer_dir: Path) -> None:
    ids = {n.id for n in gazetteer.entities}
    for name, node_type in ENTITY_FILES.items():
        for row in rows(gazetteer_dir / name):
            assert entity_id(node_type, unicodedata.normalize("NFKC", row["key"])) in ids


def test_admin_regions_are_keyed_by_adcode(gazetteer: Gazetteer) -> None:
    hebei = gazetteer.entity("region:130000")
    assert (hebei.name, hebei.props["name_en"], hebei.props["kind"]) == (
        "河北省",
        "Hebei",
        "province",
    )
    assert hebei.props["code"] == "130000000000"
    kinds = Counter(n.props["kind"] for n in gazetteer.entities if n.type == NodeType.REGION)
    assert kinds["province"] == 34
    assert kinds["city"] > 300 and kinds["county"] + kinds["district"] > 2800


def test_pollutants_carry_cas_numbers_and_groups(gazetteer: Gazetteer) -> None:
    pfoa = gazetteer.entity("pollutant:全氟辛酸")
    assert (pfoa.props["cas"], pfoa.props["group"]) == ("335-67-1", "chemical")
    for node in gazetteer.entities:
        if node.type == NodeType.POLLUTANT:
            assert node.props["group"], node.id
            cas = node.props.get("cas")
            assert cas is None or re.fullmatch(r"\d{2,7}-\d\d-\d", str(cas)), node.id


def test_loading_twice_gives_the_same_gazetteer(gazetteer_dir: Path, gazetteer: Gazetteer) -> None:
    again = load_gazetteers(gazetteer_dir)
    assert again.entities == gazetteer.entities
    assert again.hierarchy == gazetteer.hierarchy
    assert dict(again.surface_forms) == dict(gazetteer.surface_forms)


# -- hierarchy --------------------------------------------------------------------------------


def test_hierarchy_is_acyclic_and_within_one_type(gazetteer: Gazetteer) -> None:
    types = {n.id: n.type for n in gazetteer.entities}
    graph = nx.DiGraph((e.source, e.target) for e in gazetteer.hierarchy)
    assert nx.is_directed_acyclic_graph(graph)
    for edge in gazetteer.hierarchy:
        assert types[edge.source] == types[edge.target], edge
        assert edge.type == HIERARCHY_REL_BY_TYPE[types[edge.source]], edge
        assert edge.props["citation"], edge


def test_hebei_is_part_of_jingjinji_and_the_yellow_river_basin(gazetteer: Gazetteer) -> None:
    assert part_of(gazetteer, "region:130000", "region:京津冀")
    assert part_of(gazetteer, "region:130000", "region:京津冀及周边地区")
    assert part_of(gazetteer, "region:410000", "region:黄河")
    assert not part_of(
        gazetteer, "region:130000", "region:黄河"
    )  # Hebei is no Yellow River province
    assert part_of(gazetteer, "region:黄河中下游", "region:黄河")
    assert part_of(gazetteer, "region:长江沿线", "region:长江")


@pytest.mark.parametrize(
    ("group", "count", "member"),
    [
        ("长江经济带", 11, "500000"),
        ("黄河", 9, "630000"),
        ("京津冀", 3, "120000"),
        ("长三角", 4, "340000"),
        ("粤港澳大湾区", 11, "820000"),
        ("三大重点海域", 3, "长江口-杭州湾"),
    ],
)
def test_cited_memberships(gazetteer: Gazetteer, group: str, count: int, member: str) -> None:
    kinds = {n.id: n.props["kind"] for n in gazetteer.entities}
    children = {e.source for e in gazetteer.hierarchy if e.target == f"region:{group}"}
    admin = {c for c in children if kinds[c] in ("province", "city", "county", "district")}
    members = admin or children  # the sea areas have no administrative members
    assert f"region:{member}" in members
    assert len(members) == count, sorted(members)


def test_counties_sit_under_cities_under_provinces(gazetteer: Gazetteer) -> None:
    assert part_of(gazetteer, "region:130123", "region:130100")  # 正定县 -> 石家庄市
    assert part_of(gazetteer, "region:130100", "region:130000")
    assert part_of(gazetteer, "region:110105", "region:110000")  # 朝阳区 -> 北京市 (no 北京市 city)
    assert part_of(gazetteer, "region:429004", "region:420000")  # 仙桃市: directly under Hubei


def test_methane_is_a_greenhouse_gas(gazetteer: Gazetteer) -> None:
    assert part_of(gazetteer, "pollutant:甲烷", "pollutant:温室气体", Rel.IS_A)
    assert part_of(gazetteer, "pollutant:全氟辛酸", "pollutant:新污染物", Rel.IS_A)
    assert part_of(gazetteer, "program:蓝天保卫战", "program:污染防治攻坚战")
    assert part_of(gazetteer, "sector:柴油货车", "sector:机动车")


# -- surface forms ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("surface", "node_id"),
    [
        ("黄河流域", "region:黄河"),
        ("河北", "region:130000"),
        ("内蒙古", "region:150000"),
        ("石家庄", "region:130100"),
        ("京津冀地区", "region:京津冀"),
        ("粤港澳", "region:粤港澳大湾区"),
        ("VOCs", "pollutant:挥发性有机物"),
        ("PFOA", "pollutant:全氟辛酸"),
        ("APEC", "agency:亚太经合组织"),
        ("国家发展改革委", "agency:国家发展和改革委员会"),
        ("“无废城市”", "program:无废城市"),
        ("《核安全公约》", "instrument:核安全公约"),
    ],
)
def test_aliases_resolve_to_the_canonical_id(
    gazetteer: Gazetteer, surface: str, node_id: str
) -> None:
    assert gazetteer.surface_forms[surface] == node_id


def test_ambiguous_surfaces_are_dropped_and_block(gazetteer: Gazetteer) -> None:
    assert "朝阳区" not in gazetteer.surface_forms
    assert gazetteer.ambiguous_surfaces["朝阳区"] == ("region:110105", "region:220104")
    assert "朝阳区" in gazetteer.blocked_surfaces
    assert "复合肥" in gazetteer.blocked_surfaces
    assert not set(gazetteer.surface_forms) & gazetteer.blocked_surfaces


def test_short_forms_are_guarded(gazetteer: Gazetteer) -> None:
    kinds = {n.id: n.props["kind"] for n in gazetteer.entities}
    regions = {s: i for s, i in gazetteer.surface_forms.items() if i.startswith("region:")}
    assert not [s for s in regions if len(s) < 2]
    for node in gazetteer.entities:
        if node.props["kind"] in ("county", "district"):
            assert node.props["aliases"] == [], node.id  # no bare short forms for counties
    for word in ("朝阳", "大同", "海口", "白银", "城区", "郊区", "矿区", "和县", "中国"):
        assert word not in gazetteer.surface_forms, word
    assert regions["吉林"] == "region:220000" and kinds[regions["吉林市"]] == "city"
    assert regions["海南"] == "region:460000"


def test_surfaces_are_nfkc_normalised(gazetteer: Gazetteer) -> None:
    for surface in gazetteer.surface_forms:
        assert unicodedata.normalize("NFKC", surface) == surface
    assert gazetteer.surface_forms["美丽中国,我是行动者"] == "program:美丽中国,我是行动者"


def test_descriptive_names_are_marked(gazetteer: Gazetteer) -> None:
    assert gazetteer.entity("instrument:新化学物质环境管理登记办法").props["descriptive"] is True
    assert gazetteer.entity("program:固体废物综合治理行动").props["descriptive"] is True
    assert gazetteer.entity("program:蓝天保卫战").props["descriptive"] is False
    assert gazetteer.entity("program:昆明生物多样性基金").props["descriptive"] is False
    assert gazetteer.entity("instrument:核安全公约").props["descriptive"] is False


def test_every_descriptive_programme_kind_is_a_programme_kind(gazetteer: Gazetteer) -> None:
    """A kind no programme row has would mark nothing (an Instrument kind, say)."""
    kinds = {n.props["kind"] for n in gazetteer.entities if n.type is NodeType.PROGRAM}
    assert kinds >= DESCRIPTIVE_PROGRAM_KINDS


# -- malformed gazetteers ---------------------------------------------------------------------

HEADER = "key,name,name_en,kind,aliases,parents,source\n"


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(directory: Path) -> GazetteerError:
    with pytest.raises(GazetteerError) as info:
        load_gazetteers(directory)
    return info.value


def test_missing_column_names_file_and_header_line(tmp_path: Path) -> None:
    write(tmp_path, "pollutants.csv", "key,name,name_en,kind\n甲烷,甲烷,Methane,substance\n")
    err = error_of(tmp_path)
    assert Path(err.path).name == "pollutants.csv" and err.line == 1
    assert "source" in err.reason
    assert "pollutants.csv:1" in str(err)


def test_duplicate_key_names_file_and_line(tmp_path: Path) -> None:
    write(
        tmp_path,
        "pollutants.csv",
        HEADER + "甲烷,甲烷,Methane,,,,s\n氨,氨,Ammonia,,,,s\n甲烷,甲烷,Methane,,,,s\n",
    )
    err = error_of(tmp_path)
    assert (Path(err.path).name, err.line) == ("pollutants.csv", 4)
    assert "duplicate key '甲烷'" in err.reason


def test_duplicate_key_across_region_files(tmp_path: Path) -> None:
    write(tmp_path, "regions.csv", HEADER + "长江,长江,Yangtze River,,,,s\n")
    write(tmp_path, "regions_admin.csv", HEADER + "长江,长江,Yangtze,,,,s\n")
    err = error_of(tmp_path)
    assert Path(err.path).name == "regions_admin.csv" and err.line == 2


def test_unknown_parent_names_file_and_line(tmp_path: Path) -> None:
    write(
        tmp_path,
        "pollutants.csv",
        HEADER + "温室气体,温室气体,GHG,,,,s\n甲烷,甲烷,Methane,,,温室气休,s\n",
    )
    err = error_of(tmp_path)
    assert (Path(err.path).name, err.line) == ("pollutants.csv", 3)
    assert "unknown parent '温室气休'" in err.reason


@pytest.mark.parametrize("missing", ["name_en", "source", "key"])
def test_empty_required_cell_names_the_line(tmp_path: Path, missing: str) -> None:
    cells = {"key": "氨", "name": "氨", "name_en": "Ammonia", "source": "PubChem"}
    cells[missing] = ""
    line = f"{cells['key']},{cells['name']},{cells['name_en']},,,,{cells['source']}\n"
    write(tmp_path, "pollutants.csv", HEADER + "甲烷,甲烷,Methane,,,,s\n" + line)
    err = error_of(tmp_path)
    assert err.line == 3 and missing in err.reason


def test_hierarchy_cycle_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "programs.csv", HEADER + "甲,甲,A,,,乙,s\n乙,乙,B,,,丙,s\n丙,丙,C,,,甲,s\n")
    err = error_of(tmp_path)
    assert "cycle" in err.reason and Path(err.path).name == "programs.csv"
    assert err.line in (2, 3, 4)


def test_unknown_member_names_file_and_line(tmp_path: Path) -> None:
    write(tmp_path, "regions.csv", HEADER + "京津冀,京津冀,Jing-Jin-Ji,,,,s\n")
    write(tmp_path, "region_members.csv", "group,member,source\n京津冀,130000,s\n")
    err = error_of(tmp_path)
    assert (Path(err.path).name, err.line) == ("region_members.csv", 2)
    assert "130000" in err.reason


def test_unknown_file_and_wrong_field_count_are_refused(tmp_path: Path) -> None:
    write(tmp_path, "pollutant.csv", HEADER)
    assert "unknown gazetteer file" in error_of(tmp_path).reason
    (tmp_path / "pollutant.csv").unlink()
    write(tmp_path, "pollutants.csv", HEADER + "甲烷,甲烷,Methane,,,,s,extra\n")
    err = error_of(tmp_path)
    assert err.line == 2 and "fields" in err.reason


def test_a_blocked_surface_may_not_be_a_name(tmp_path: Path) -> None:
    write(tmp_path, "pollutants.csv", HEADER + "甲烷,甲烷,Methane,,,,s\n")
    write(tmp_path, "blocked_surfaces.csv", "surface,reason,source\n甲烷,oops,s\n")
    err = error_of(tmp_path)
    assert (Path(err.path).name, err.line) == ("blocked_surfaces.csv", 2)


def test_a_small_valid_gazetteer(tmp_path: Path) -> None:
    write(tmp_path, "regions.csv", HEADER + "黄河,黄河,Yellow River,river_basin,黄河流域,,s\n")
    write(
        tmp_path,
        "regions_admin.csv",
        HEADER
        + "410000,河南省,Henan,province,河南,,s\n410100,郑州市,Zhengzhou,city,郑州,410000,s\n",
    )
    write(tmp_path, "region_members.csv", "group,member,source\n黄河,410000,纲要\n")
    g = load_gazetteers(tmp_path)
    assert [n.id for n in g.entities] == ["region:410000", "region:410100", "region:黄河"]
    assert {(e.source, e.target) for e in g.hierarchy} == {
        ("region:410000", "region:黄河"),
        ("region:410100", "region:410000"),
    }
    assert g.surface_forms["黄河流域"] == "region:黄河"


# -- the generator ----------------------------------------------------------------------------


@functools.cache
def generator() -> ModuleType:
    """scripts/build_gazetteers.py as a module (scripts/ is no package)."""
    path = ROOT / "scripts" / "build_gazetteers.py"
    spec = importlib.util.spec_from_file_location("build_gazetteers", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


def test_regions_admin_is_what_the_generator_writes(tmp_path: Path, gazetteer_dir: Path) -> None:
    build = generator()
    assert build.main(["--check", "--out", str(gazetteer_dir / "regions_admin.csv")]) == 0
    stale = write(tmp_path, "regions_admin.csv", HEADER)
    assert build.main(["--check", "--out", str(stale)]) == 1


@pytest.mark.parametrize(
    ("name", "level", "english"),
    [
        ("长安区", "county", "Chang'an District"),
        ("六安市", "city", "Lu'an"),
        ("吕梁市", "city", "Lüliang"),
        ("恩施土家族苗族自治州", "city", "Enshi Tujia and Miao Autonomous Prefecture"),
        ("东乡族自治县", "county", "Dongxiang Autonomous County"),
        ("万柏林区", "county", "Wanbailin District"),
        ("沙田区", "county", "Sha Tin District"),
    ],
)
def test_generator_english_names(name: str, level: str, english: str) -> None:
    assert generator().english_name(name, level) == english
