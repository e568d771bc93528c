"""The document id a file name gives: one rule for `policykg build`, `add`, `extract` and uploads.

A document's id is `doc:<slug>`, the slug made from its file name without the suffix:

1. NFKC (full-width letters, digits and brackets become their plain forms: （试行） -> (试行));
2. every run of characters other than letters, digits, `- _ . ( )` and the
   brackets and marks of Chinese titles (《》〈〉「」『』〔〕【】、·) becomes one `_`;
3. `_`, `.` and spaces are stripped from both ends;
4. a name with no letter or digit left is refused (DocumentError): it names nothing.

    >>> document_slug("大气污染防治法(2018-10-26).md")
    '大气污染防治法(2018-10-26)'
    >>> document_slug("<script>alert(1)</script>.txt")
    'script_alert(1)_script'
    >>> document_slug("若干规定（试行） 2020.md")
    '若干规定(试行)_2020'

So ids are well-formed wherever they appear (URLs, HTML, file names, the shell): no markup, no
quotes, no path separators, no spaces, no control characters. Two files whose names give one
slug are refused by the build, as two files of one name are.
"""

from __future__ import annotations

import re
import unicodedata

from policykg.errors import DocumentError

__all__ = ["KEPT_MARKS", "document_slug"]

#: Punctuation kept in a slug besides letters and digits (NFKC has composed accented letters).
KEPT_MARKS = "-_.()《》〈〉「」『』〔〕【】、·"
_KEPT_CATEGORIES = ("L", "N")
_ENDS = "_. "


def document_slug(file_name: str) -> str:
    """The slug of `doc:<slug>` a file name gives (its suffix dropped); DocumentError when
    nothing usable is left.

    Args:
        file_name: the document's file name (a path's last part).
    """
    stem = _stem(file_name)
    text = unicodedata.normalize("NFKC", stem)
    kept = "".join(c if _kept(c) else "\0" for c in text)
    slug = re.sub("\0+", "_", kept).strip(_ENDS)
    if not any(unicodedata.category(c)[0] in ("L", "N") for c in slug):
        raise DocumentError(
            file_name,
            "the file name gives no document id: it needs letters or digits "
            "(ids keep letters, digits and - _ . ( ); the rest becomes _)",
        )
    return slug


def _stem(file_name: str) -> str:
    """The name without its last suffix, as pathlib's `stem` (a leading dot is no suffix)."""
    dot = file_name.rfind(".")
    return file_name[:dot] if dot > 0 else file_name


def _kept(char: str) -> bool:
    return unicodedata.category(char)[0] in _KEPT_CATEGORIES or char in KEPT_MARKS
