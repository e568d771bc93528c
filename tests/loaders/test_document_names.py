"""The document id a file name gives (loaders.document_names): well-formed whatever the name."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policykg.errors import DocumentError
from policykg.loaders.document_names import KEPT_MARKS, document_slug

#: What an id may hold, written out here: letters and digits (\w, with `_`) and
#: the kept punctuation; never markup, quotes, slashes, spaces or control characters.
WELL_FORMED = re.compile(r"[\w" + re.escape(KEPT_MARKS) + r"]+")


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("大气污染防治法(2018-10-26).md", "大气污染防治法(2018-10-26)"),
        ("01-qinghai-tibet-plateau-law-2023.txt", "01-qinghai-tibet-plateau-law-2023"),
        ("<script>alert(1)</script>.txt", "script_alert(1)_script"),
        ("<img src=x onerror=alert(1)>.html", "img_src_x_onerror_alert(1)"),
        ("若干规定（试行）(2020-12-29).md", "若干规定(试行)(2020-12-29)"),  # NFKC
        ("保护  依法推动  让中原更加出彩的决议.md", "保护_依法推动_让中原更加出彩的决议"),
        ("Ｙｅｌｌｏｗ　Ｒｉｖｅｒ.txt", "Yellow_River"),
        ("《长江保护法》解读.txt", "《长江保护法》解读"),
        ('"quoted" & <b>bold</b>.htm', "quoted_b_bold_b"),
        ("a.b.c.md", "a.b.c"),
        ("no-suffix", "no-suffix"),
        ("..两点开头.txt", "两点开头"),
    ],
)
def test_names_give_well_formed_slugs(name: str, slug: str) -> None:
    assert document_slug(name) == slug


@pytest.mark.parametrize(
    "name", ["<>.txt", "....txt", "___.md", " .txt", "“”《》.txt", "\u200b.txt"]
)
def test_a_name_that_leaves_nothing_is_refused(name: str) -> None:
    with pytest.raises(DocumentError, match="gives no document id"):
        document_slug(name)


@given(st.text(min_size=1, max_size=60))
def test_every_slug_is_well_formed_and_stable(name: str) -> None:
    try:
        slug = document_slug(name + ".txt")
    except DocumentError:
        return
    assert WELL_FORMED.fullmatch(slug), slug
    assert slug[0] not in "_. " and slug[-1] not in "_. "
    assert document_slug(slug + ".txt") == slug  # a slug names itself
