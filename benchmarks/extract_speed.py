"""Extraction speed: against an earlier revision, against its practical limit, and on one huge sentence.

Three measurements, each phase in a fresh interpreter, CPU time (process_time) beside wall time,
the machine's load average recorded before and after, medians over --runs:

- synthetic: Extractor.extract over every task sentence of the 100,000-task synthetic corpus
  (benchmarks/synthetic_corpus.py), this checkout against --baseline-rev (checked out with
  `git archive` into a temporary folder and imported from there); runs alternate the two.
- laws: the 300 laws of data/corpus/laws (6.3 MB), in one process: read+decode of the files
  (the baseline), Extractor.extract over every non-empty normalised line, and a bare
  Aho-Corasick scan (ahocorasick-rs, leftmost-longest) of the same lines with the same surfaces:
  the practical limit of any extractor that finds these names. MB are the files' UTF-8 bytes.
- sentence: one sentence of 1 MB (UTF-8) made of law text with every punctuation mark removed, so
  nothing splits it; extract() on it, and on a 10,000-character prefix for this checkout and the
  baseline (the baseline grows quadratically: a 1 MB sentence would take it hours).

    .venv/bin/python benchmarks/extract_speed.py                       # 3 runs, baseline 1f90b22
    .venv/bin/python benchmarks/extract_speed.py --runs 1 --tasks 20000
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT))  # after PYTHONPATH, so a baseline checkout's policykg comes first

from benchmarks.synthetic_corpus import corpus_path  # noqa: E402

MB = 1_000_000
#: The revision before the bounded-walk and speed work (the snapshot commit).
BASELINE_REV = "1f90b22"
SENTENCE_BYTES = 1_000_000
SHORT_SENTENCE_CHARS = 10_000
PHASE_TIMEOUT = 1800
_PUNCTUATION = re.compile(r"[\s#*>\-|,.;:!?()\[\]“”‘’《》〈〉「」『』、。，；：！？（）【】…·]")


def _clock(run: Callable[[], Any]) -> tuple[float, float, Any]:
    cpu, wall = time.process_time(), time.perf_counter()
    result = run()
    return time.process_time() - cpu, time.perf_counter() - wall, result


def _extractor() -> Any:
    from policykg.loaders.extract import Extractor
    from policykg.loaders.gazetteer import load_gazetteers
    from policykg.settings import PACKAGE_DATA

    return Extractor(load_gazetteers(PACKAGE_DATA / "gazetteers"))


def _law_files() -> list[Path]:
    """This checkout's laws, also for a baseline that predates them."""
    return sorted(
        p for p in (ROOT / "data" / "corpus" / "laws").rglob("*.md") if p.name != "SOURCE.md"
    )


# -- phases (each in its own interpreter) ---------------------------------------------------------


def phase_synthetic(path: str) -> dict[str, Any]:
    from policykg.loaders.read import read_document

    extractor = _extractor()
    texts = [task.text for task in read_document(Path(path)).tasks]
    cpu, wall, mentions = _clock(lambda: sum(len(extractor.extract(t)) for t in texts))
    return {"cpu": cpu, "wall": wall, "sentences": len(texts), "mentions": mentions}


def phase_laws(_: str) -> dict[str, Any]:
    import ahocorasick_rs

    from policykg.loaders.normalize import normalize

    files = _law_files()
    size = sum(f.stat().st_size for f in files)
    cpu_read, wall_read, texts = _clock(lambda: [f.read_bytes().decode("utf-8") for f in files])
    lines = [normalize(line) for text in texts for line in text.splitlines() if line.strip()]
    extractor = _extractor()
    surfaces = sorted(s for s in extractor.gazetteer.surface_forms if s)
    automaton = ahocorasick_rs.AhoCorasick(
        surfaces, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest
    )
    cpu_ac, wall_ac, hits = _clock(
        lambda: sum(len(automaton.find_matches_as_indexes(line)) for line in lines)
    )
    cpu_ex, wall_ex, found = _clock(lambda: sum(len(extractor.extract(line)) for line in lines))
    return {
        "files": len(files),
        "bytes": size,
        "lines": len(lines),
        "surfaces": len(surfaces),
        "read": [cpu_read, wall_read],
        "ac": [cpu_ac, wall_ac, hits],
        "extract": [cpu_ex, wall_ex, found],
    }


def _sentence(size: int) -> str:
    text = "".join(f.read_text(encoding="utf-8") for f in _law_files())
    text = _PUNCTUATION.sub("", text)
    out, used = [], 0
    for ch in text:
        used += len(ch.encode("utf-8"))
        if used > size:
            break
        out.append(ch)
    return "".join(out)


def phase_sentence(which: str) -> dict[str, Any]:
    extractor = _extractor()
    text = _sentence(SENTENCE_BYTES)
    if which == "short":
        text = text[:SHORT_SENTENCE_CHARS]
    cpu, wall, found = _clock(lambda: len(extractor.extract(text)))
    return {
        "cpu": cpu,
        "wall": wall,
        "chars": len(text),
        "bytes": len(text.encode()),
        "found": found,
    }


PHASES: dict[str, Callable[[str], dict[str, Any]]] = {
    "synthetic": phase_synthetic,
    "laws": phase_laws,
    "sentence": phase_sentence,
}


def run_phase(phase: str, arg: str, source: Path | None) -> dict[str, Any]:
    env = dict(os.environ)
    if source is not None:  # the baseline's policykg comes first on the path
        env["PYTHONPATH"] = str(source)
    out = subprocess.run(
        [sys.executable, __file__, "--phase", phase, "--arg", arg],
        check=True,
        capture_output=True,
        text=True,
        cwd=source or ROOT,
        env=env,
        timeout=PHASE_TIMEOUT,
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def checkout(rev: str, into: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev], check=True, capture_output=True
    ).stdout
    with tempfile.TemporaryFile() as f:
        f.write(archive)
        f.seek(0)
        with tarfile.open(fileobj=f) as tar:
            tar.extractall(into, filter="tar")
    return into


def load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def med(values: list[float]) -> float:
    return float(statistics.median(values))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline-rev", default=BASELINE_REV)
    parser.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    parser.add_argument("--arg", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:
        print(json.dumps(PHASES[args.phase](args.arg)))
        return

    print(f"load average before: {load()}", file=sys.stderr)
    corpus = str(corpus_path(args.tasks, 0))
    with tempfile.TemporaryDirectory() as tmp:
        base = checkout(args.baseline_rev, Path(tmp))
        synth: dict[str, list[dict[str, Any]]] = {"new": [], "base": []}
        laws, big, short = [], [], {"new": [], "base": []}  # type: ignore[var-annotated]
        for n in range(args.runs):
            synth["base"].append(run_phase("synthetic", corpus, base))
            synth["new"].append(run_phase("synthetic", corpus, None))
            laws.append(run_phase("laws", "", None))
            short["base"].append(run_phase("sentence", "short", base))
            short["new"].append(run_phase("sentence", "short", None))
            big.append(run_phase("sentence", "long", None))
            print(f"  run {n + 1} done, load {load()}", file=sys.stderr)
    report(args, synth, laws, big, short)
    print(f"\nload average after: {load()}")


def report(
    args: argparse.Namespace,
    synth: dict[str, list[dict[str, Any]]],
    laws: list[dict[str, Any]],
    big: list[dict[str, Any]],
    short: dict[str, list[dict[str, Any]]],
) -> None:
    s = synth["new"][0]
    print(f"Medians of {args.runs} runs; baseline {args.baseline_rev}.\n")
    print(
        f"synthetic corpus: {s['sentences']:,} sentences, {s['mentions']:,} mentions (this checkout)"
    )
    print("| extract | CPU s | wall s | sentences/s (CPU) |")
    print("| --- | ---: | ---: | ---: |")
    for side in ("base", "new"):
        cpu, wall = med([r["cpu"] for r in synth[side]]), med([r["wall"] for r in synth[side]])
        print(f"| {side} | {cpu:.2f} | {wall:.2f} | {s['sentences'] / cpu:,.0f} |")
    ratios = [b["cpu"] / n["cpu"] for b, n in zip(synth["base"], synth["new"], strict=True)]
    walls = [b["wall"] / n["wall"] for b, n in zip(synth["base"], synth["new"], strict=True)]
    print(
        f"speed-up (base / new): CPU {med(ratios):.2f}x ({min(ratios):.2f}-{max(ratios):.2f}), "
        f"wall {med(walls):.2f}x\n"
    )

    law = laws[0]
    size = law["bytes"] / MB
    print(
        f"300 laws: {law['files']} files, {size:.1f} MB, {law['lines']:,} lines, "
        f"{law['surfaces']:,} surfaces"
    )
    print("| phase | CPU s | wall s | MB/s (CPU) | x read+decode | x bare Aho-Corasick |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    read_cpu = med([r["read"][0] for r in laws])
    ac_cpu = med([r["ac"][0] for r in laws])
    for label, key in (
        ("read+decode", "read"),
        ("bare Aho-Corasick", "ac"),
        ("extract", "extract"),
    ):
        cpu, wall = med([r[key][0] for r in laws]), med([r[key][1] for r in laws])
        print(
            f"| {label} | {cpu:.3f} | {wall:.3f} | {size / cpu:,.2f} | {read_cpu / cpu:.4f} "
            f"| {ac_cpu / cpu:.4f} |"
        )
    print()
    b = big[0]
    print(
        f"one sentence of {b['bytes']:,} bytes ({b['chars']:,} characters, {b['found']:,} "
        f"mentions): CPU {med([r['cpu'] for r in big]):.2f} s, wall {med([r['wall'] for r in big]):.2f} s"
    )
    for side in ("base", "new"):
        cpu = med([r["cpu"] for r in short[side]])
        wall = med([r["wall"] for r in short[side]])
        print(
            f"{SHORT_SENTENCE_CHARS:,}-character prefix, {side}: CPU {cpu:.2f} s, wall {wall:.2f} s"
        )


if __name__ == "__main__":
    main()
