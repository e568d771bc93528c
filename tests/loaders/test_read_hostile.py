"""Bytes that are not a document in an encoding policykg can tell are refused, not read as
garbage text: real files of other kinds (a database, a program, compressed text, raw audio
samples) and noise that happens to decode in GB18030 or UTF-16.

Kept: UTF-8, UTF-8 or UTF-16 with a BOM, a page's declared charset, and GB18030, Big5 or UTF-16
without a BOM when the decoded text reads as Chinese (its ideographs the common ones).
"""

from __future__ import annotations

import gzip
import random
import sqlite3
import struct
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from policykg.errors import DocumentError
from policykg.loaders.read import decode

TEXT = "第一条 为了保护黄河流域生态环境(2026年)，制定本法。第二条 国家加强黄河保护。\n" * 20
TRADITIONAL = "第一條 為了保護黃河流域生態環境，制定本法。第二條 國家加強黃河保護。\n" * 20


def _sqlite(tmp: Path) -> bytes:
    path = tmp / "policy.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE t (text TEXT)")
        db.executemany("INSERT INTO t VALUES (?)", [(line,) for line in TEXT.splitlines()])
    return path.read_bytes()


def _noise(pairs: int, low: int, high: int) -> bytes:
    r = random.Random(7)
    return bytes(b for _ in range(pairs) for b in (r.randrange(low, high), r.randrange(0x40, 0xFE)))


def _samples(count: int) -> bytes:
    r = random.Random(3)
    return struct.pack(f"<{count}h", *(r.randrange(-32768, 32767) for _ in range(count)))


def _ideographs(count: int) -> bytes:
    r = random.Random(5)
    text = "".join(chr(r.randrange(0x4E00, 0x9FA6)) + ("a" if i % 3 else "") for i in range(count))
    return text.encode("utf-16-le")


HOSTILE: dict[str, Callable[[Path], bytes]] = {
    "a SQLite database": _sqlite,
    "the Python interpreter": lambda _: Path(sys.executable).resolve().read_bytes()[:65536],
    "gzip-compressed text": lambda _: gzip.compress(TEXT.encode("utf-8"), mtime=0),
    "raw 16-bit audio samples": lambda _: _samples(4000),
    "noise in GB18030's byte ranges": lambda _: _noise(3000, 0x81, 0xFE),
    "noise in Big5's byte ranges": lambda _: _noise(3000, 0xA1, 0xF9),
    "random ideographs as UTF-16 without a BOM": lambda _: _ideographs(3000),
    "UTF-32 text without a BOM": lambda _: TEXT.encode("utf-32-le"),
    "Latin-1 text": lambda _: ("Un texte français, très simple: à côté. " * 30).encode("latin-1"),
}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_bytes_of_no_encoding_we_can_tell_are_refused(kind: str, tmp_path: Path) -> None:
    raw = HOSTILE[kind](tmp_path)
    with pytest.raises(DocumentError, match="not a text document"):
        decode(raw, kind)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (TEXT, "utf-8"),
        (TEXT, "utf-8-sig"),
        (TEXT, "utf-16"),  # with a BOM
        (TEXT, "utf-16-le"),
        (TEXT, "utf-16-be"),
        (TEXT, "gb18030"),
        (TEXT, "gbk"),
        (TRADITIONAL, "big5"),
        (TRADITIONAL, "utf-16-le"),
    ],
)
def test_text_in_an_encoding_we_can_tell_is_read(text: str, encoding: str) -> None:
    assert decode(text.encode(encoding), "x").lstrip("\ufeff") == text
