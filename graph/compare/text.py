"""The form in which unit texts are compared: printed variants of one text become equal."""

from __future__ import annotations

import unicodedata

__all__ = ["normal_text"]


def normal_text(text: str) -> str:
    """NFKC, without whitespace or invisible format characters (zero-width spaces).

    Args:
        text: a unit's text.

    >>> normal_text("（一）禁采区 \\u200b") == normal_text("(一)禁采区")
    True
    """
    folded = unicodedata.normalize("NFKC", text)
    return "".join(c for c in folded if not c.isspace() and unicodedata.category(c) != "Cf")
