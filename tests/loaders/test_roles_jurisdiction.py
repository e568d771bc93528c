"""Agencies named relative to a document's jurisdiction, and the bodies that fill agency classes."""

from __future__ import annotations

import re
from functools import cache

import pytest

from policykg.errors import GazetteerError
from policykg.loaders.gazetteer import Gazetteer, load_gazetteers
from policykg.loaders.roles.jurisdiction import (
    class_body,
    jurisdiction_of,
    parse_classes,
    resolve,
)
from policykg.settings import PACKAGE_DATA


@cache
def _gazetteer() -> Gazetteer:
    return load_gazetteers(PACKAGE_DATA / "gazetteers")


@pytest.mark.parametrize(
    ("issuer", "surface", "name", "government", "region"),
    [
        # data/corpus/dev/13 (湖北, issued by 省生態環境廳 …): 省 is 湖北省
        ("湖北省生态环境厅", "省生态环境厅", "湖北省生态环境厅", "湖北省人民政府", "region:420000"),
        # a 潮州 plan: 市 is 潮州市, 省 its province
        ("潮州市人民政府", "市生态环境局", "潮州市生态环境局", "潮州市人民政府", "region:445100"),
        ("潮州市人民政府", "省生态环境厅", "广东省生态环境厅", "广东省人民政府", "region:440000"),
        # data/corpus/dev/16: a county-level city calls its own government 市政府
        ("孝义市人民政府办公室", "市政府", "孝义市人民政府", "孝义市人民政府", "region:141181"),
        # data/corpus/dev/17: a municipality is a 市
        (
            "北京市人民代表大会常务委员会",
            "市人民政府",
            "北京市人民政府",
            "北京市人民政府",
            "region:110000",
        ),
    ],
)
def test_relative_names_resolve_to_the_jurisdictions_body(
    issuer: str, surface: str, name: str, government: str, region: str
) -> None:
    resolved = resolve(surface, jurisdiction_of([issuer], _gazetteer()))
    assert resolved is not None
    assert (resolved.name, resolved.government, resolved.region.id) == (name, government, region)


@pytest.mark.parametrize(
    "surface", ["市场监管总局", "省级人民政府", "县级以上地方人民政府", "市、县"]
)
def test_names_that_only_begin_with_a_level_word_are_not_relative(surface: str) -> None:
    assert resolve(surface, jurisdiction_of(["潮州市人民政府"], _gazetteer())) is None


def test_a_provincial_document_has_no_city_of_its_own() -> None:
    assert resolve("市生态环境局", jurisdiction_of(["湖北省生态环境厅"], _gazetteer())) is None
    assert jurisdiction_of(["国务院办公厅"], _gazetteer()) is None


@pytest.mark.parametrize(
    ("name", "issuer", "body"),
    [
        ("国务院生态环境主管部门", None, "生态环境部"),
        ("国务院水行政主管部门", None, "水利部"),
        ("县级以上地方人民政府生态环境主管部门", "潮州市人民政府", "潮州市生态环境局"),
        ("县级以上地方人民政府生态环境主管部门", "湖北省生态环境厅", "湖北省生态环境厅"),
        ("县级以上地方人民政府生态环境主管部门", None, None),
        ("县级以上地方人民政府", None, None),
    ],
)
def test_agency_classes_are_filled_by_bodies(
    name: str, issuer: str | None, body: str | None
) -> None:
    jurisdiction = jurisdiction_of([issuer], _gazetteer()) if issuer else None
    assert class_body(name, jurisdiction) == body


def test_every_class_body_of_national_level_is_a_gazetteer_agency() -> None:
    from policykg.loaders.roles.jurisdiction import default_classes

    names = {n.name for n in _gazetteer().entities}
    national = [row.body for (_, level), row in default_classes().items() if level == "national"]
    assert national and set(national) <= names


def test_a_class_row_without_a_source_is_one_clear_error() -> None:
    row = {
        "class": "国务院生态环境主管部门",
        "body": "生态环境部",
        "level": "national",
        "source": "",
    }
    with pytest.raises(GazetteerError, match=re.escape("classes.csv:2: a class needs")):
        parse_classes([row], "classes.csv")
