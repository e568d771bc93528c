"""`cap_malloc_arenas()`: keep a busy server's memory flat (glibc's per-thread malloc arenas).

glibc gives each thread that allocates while another holds the lock an arena of its own, up to
eight per core, and memory freed in one arena is not reused by another. Under 32 connections
the API's worker threads spread over all of them: `policykg serve` grew from ~220 to ~330 MB
RSS in a minute while Python's own heap (tracemalloc) stayed flat: no leak, fragmentation.
Two arenas keep it within a few MB (benchmarks/hardening_memory.py; benchmarks/RESULTS.md).
"""

from __future__ import annotations

import ctypes
import os

__all__ = ["cap_malloc_arenas"]

_M_ARENA_MAX = -8  # glibc's mallopt parameter number (malloc.h)


def cap_malloc_arenas(arenas: int = 2) -> bool:
    """Cap glibc's malloc arenas for threads started from now on; False if nothing was set.

    MALLOC_ARENA_MAX in the environment wins (glibc reads it itself); other C libraries have
    no such arenas (or no mallopt) and are left alone.

    Args:
        arenas: the most arenas glibc may create.
    """
    if "MALLOC_ARENA_MAX" in os.environ:
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return bool(mallopt(_M_ARENA_MAX, arenas))
