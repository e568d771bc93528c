"""Extraction speed: against an earlier revision, against its practical limit, and on one huge sentence.

Every phase runs in a fresh interpreter, CPU time (process_time) beside wall time, the machine's
load average recorded at every run, medians over --runs; this checkout and --baseline-rev (checked
out with `git archive` into a temporary folder and imported from there) alternate run by run:

- synthetic: Extractor.extract over every task sentence of the 100,000-task synthetic corpus
  (benchmarks/synthetic_corpus.py), text by text, and (where the revision has it) the batch API
  Extractor.extract_many over all of them in one call;
- laws: the 300 laws of data/corpus/laws, Extractor.extract over every non-empty normalised line;
  MB are the files' UTF-8 bytes, with read+decode of the files as a second yardstick.
In the same process as each, on the same texts: a bare Aho-Corasick scan (ahocorasick-rs,
leftmost-longest) with the extractor's own surfaces, the practical limit of any extractor that
finds these names, and the project's Matcher.find. Each side also reports a digest of every
mention it found (span, surface, entity, type, relation, role, new entity), so the report says
whether the two revisions' outputs are identical.
- sentence: one sentence of 1 MB (UTF-8) made of law text with every punctuation mark removed, so
  nothing splits it; extract() on it, and on a 10,000-character prefix for both revisions.

    .venv/bin/python benchmarks/extract_speed.py                       # 3 runs, baseline 1bf482b
    .venv/bin/python benchmarks/extract_speed.py --runs 1 --tasks 20000
    .venv/bin/python benchmarks/extract_speed.py --profile synthetic   # cProfile of this checkout
    .venv/bin/python benchmarks/extract_speed.py --profile laws --batch  # ... of extract_many
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import json
import os
import pstats
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
#: main before the second speed work (its extraction code is what the document snapshot holds).
BASELINE_REV = "1bf482b"
SENTENCE_BYTES = 1_000_000
SHORT_SENTENCE_CHARS = 10_000
PHASE_TIMEOUT = 1800
PROFILE_TOP = 25
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


def _synthetic_texts(path: str) -> list[str]:
    from policykg.loaders.read import read_document

    return [task.text for task in read_document(Path(path)).tasks]


def _law_lines(texts: list[str]) -> list[str]:
    from policykg.loaders.normalize import normalize

    return [normalize(line) for text in texts for line in text.splitlines() if line.strip()]


def _digest(found_per_text: list[list[Any]]) -> str:
    """Every mention of every text, field by field (outside the timed part)."""
    digest = hashlib.sha256()
    for found in found_per_text:
        for f in found:
            new = f.new_entity
            row = [f.start, f.end, f.surface, f.entity_id, f.type.value, f.rel.value, f.role]
            row.append(None if new is None else [new.id, new.name, new.props])
            digest.update(json.dumps(row, ensure_ascii=False, sort_keys=True).encode())
        digest.update(b"\n")
    return digest.hexdigest()[:16]


def _scans(texts: list[str]) -> dict[str, Any]:
    """Extractor.extract, Matcher.find and a bare Aho-Corasick scan over the same texts."""
    import ahocorasick_rs

    extractor = _extractor()
    surfaces = sorted(s for s in extractor.gazetteer.surface_forms if s)
    automaton = ahocorasick_rs.AhoCorasick(
        surfaces, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest
    )
    find = extractor.matcher.find
    extract = extractor.extract
    ac = automaton.find_matches_as_indexes
    cpu_ac, wall_ac, hits = _clock(lambda: sum(len(ac(t)) for t in texts))
    cpu_find, wall_find, found = _clock(lambda: sum(len(find(t)) for t in texts))
    cpu_ex, wall_ex, mentions = _clock(lambda: sum(len(extract(t)) for t in texts))
    out = {
        "texts": len(texts),
        "surfaces": len(surfaces),
        "ac": [cpu_ac, wall_ac, hits],
        "find": [cpu_find, wall_find, found],
        "extract": [cpu_ex, wall_ex, mentions],
        "digest": _digest([extract(t) for t in texts]),
        "load": os.getloadavg()[0],
    }
    if hasattr(extractor, "extract_many"):  # the batch API (not in the baseline)
        cpu, wall, many = _clock(lambda: extractor.extract_many(texts))
        out["many"] = [cpu, wall, sum(map(len, many))]
        out["digest_many"] = _digest(many)
    return out


# -- phases (each in its own interpreter) ---------------------------------------------------------


def phase_synthetic(path: str) -> dict[str, Any]:
    return _scans(_synthetic_texts(path))


def phase_laws(_: str) -> dict[str, Any]:
    files = _law_files()
    size = sum(f.stat().st_size for f in files)
    cpu_read, wall_read, texts = _clock(lambda: [f.read_bytes().decode("utf-8") for f in files])
    out = _scans(_law_lines(texts))
    return {**out, "files": len(files), "bytes": size, "read": [cpu_read, wall_read]}


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


def profile(which: str, tasks: int, batch: bool = False) -> None:
    """cProfile of Extractor.extract (or extract_many) over the synthetic sentences or the law
    lines."""
    if which == "synthetic":
        texts = _synthetic_texts(str(corpus_path(tasks, 0)))
    else:
        texts = _law_lines([f.read_text(encoding="utf-8") for f in _law_files()])
    extractor = _extractor()
    profiler = cProfile.Profile()
    profiler.enable()
    if batch:
        extractor.extract_many(texts)
    else:
        for text in texts:
            extractor.extract(text)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("tottime").print_stats(PROFILE_TOP)


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


Runs = dict[str, list[dict[str, Any]]]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline-rev", default=BASELINE_REV)
    parser.add_argument("--profile", choices=("synthetic", "laws"))
    parser.add_argument("--batch", action="store_true", help="profile extract_many instead")
    parser.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    parser.add_argument("--arg", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:
        print(json.dumps(PHASES[args.phase](args.arg)))
        return
    if args.profile:
        profile(args.profile, args.tasks, args.batch)
        return

    print(f"load average before: {load()}", file=sys.stderr)
    corpus = str(corpus_path(args.tasks, 0))
    synth: Runs = {"base": [], "new": []}
    laws: Runs = {"base": [], "new": []}
    short: Runs = {"base": [], "new": []}
    big: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        base = checkout(args.baseline_rev, Path(tmp))
        for n in range(args.runs):
            for side, source in (("base", base), ("new", None)):
                synth[side].append(run_phase("synthetic", corpus, source))
                laws[side].append(run_phase("laws", "", source))
                short[side].append(run_phase("sentence", "short", source))
            big.append(run_phase("sentence", "long", None))
            print(f"  run {n + 1} done, load {load()}", file=sys.stderr)
    print(f"Medians of {args.runs} runs; baseline {args.baseline_rev}.\n")
    s = synth["new"][0]
    report_scans(f"synthetic corpus: {s['texts']:,} sentences", synth, None)
    law = laws["new"][0]
    title = f"300 laws: {law['files']} files, {law['bytes'] / MB:.1f} MB, {law['texts']:,} lines"
    report_scans(title, laws, law["bytes"] / MB)
    report_sentence(big, short)
    print(f"\nload average after: {load()}")


def _ratio_line(label: str, base: list[float], new: list[float]) -> str:
    ratios = [b / n for b, n in zip(base, new, strict=True)]
    return f"{label} {med(ratios):.2f}x ({min(ratios):.2f}-{max(ratios):.2f})"


def report_scans(title: str, runs: Runs, size: float | None) -> None:
    """One table per corpus: both revisions' extract, Matcher.find and bare scan, and ratios."""
    first = runs["new"][0]
    print(f"{title}, {first['surfaces']:,} surfaces, {first['extract'][2]:,} mentions")
    unit = "MB/s (CPU)" if size else "texts/s (CPU)"
    print(f"| revision | phase | CPU s | wall s | {unit} | CPU x bare Aho-Corasick |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for side in ("base", "new"):
        ac = [r["ac"][0] for r in runs[side]]
        for label, key in (
            ("bare Aho-Corasick", "ac"),
            ("Matcher.find", "find"),
            ("extract, text by text", "extract"),
            ("extract_many, one call", "many"),
        ):
            if key not in runs[side][0]:
                continue
            cpu = med([r[key][0] for r in runs[side]])
            wall = med([r[key][1] for r in runs[side]])
            rate = (size or first["texts"]) / cpu
            share = med([a / r[key][0] for a, r in zip(ac, runs[side], strict=True)])
            print(f"| {side} | {label} | {cpu:.3f} | {wall:.3f} | {rate:,.2f} | {share:.4f} |")
    base, new = runs["base"], runs["new"]
    print(
        _ratio_line(
            "extract speed-up (base / new): CPU",
            [r["extract"][0] for r in base],
            [r["extract"][0] for r in new],
        ),
        end=", ",
    )
    print(_ratio_line("wall", [r["extract"][1] for r in base], [r["extract"][1] for r in new]))
    if "many" in new[0]:
        print(
            _ratio_line(
                "batch speed-up (base extract / new extract_many): CPU",
                [r["extract"][0] for r in base],
                [r["many"][0] for r in new],
            ),
            end=", ",
        )
        print(_ratio_line("wall", [r["extract"][1] for r in base], [r["many"][1] for r in new]))
    # the bare scan is the same work on both sides: the speed-up measured against it
    print(
        _ratio_line(
            "speed-up measured in units of the same run's bare scan (base / new):",
            [r["extract"][0] / r["ac"][0] for r in base],
            [r["extract"][0] / r["ac"][0] for r in new],
        )
    )
    same = {r["digest"] for r in base} == {r["digest"] for r in new} and len(
        {r["digest"] for r in new}
    ) == 1
    print(
        "outputs identical (digest of every mention), base and new: "
        f"{'yes' if same else 'NO'} ({base[0]['digest']}, {new[0]['digest']})"
    )
    if "digest_many" in new[0]:
        batch_same = all(r["digest_many"] == r["digest"] for r in new)
        print(f"new extract_many's output is new extract's: {'yes' if batch_same else 'NO'}")
    loads = ", ".join(f"{r['load']:.1f}" for r in base + new)
    print(f"load average (1 min) at the runs: {loads}")
    if size:
        read = med([r["read"][0] for r in new])
        print(f"read+decode of the files: CPU {read:.3f} s ({size / read:,.0f} MB/s)")
    print()


def report_sentence(big: list[dict[str, Any]], short: Runs) -> None:
    b = big[0]
    print(
        f"one sentence of {b['bytes']:,} bytes ({b['chars']:,} characters, {b['found']:,} "
        f"mentions): CPU {med([r['cpu'] for r in big]):.2f} s, wall {med([r['wall'] for r in big]):.2f} s"
    )
    for side in ("base", "new"):
        cpu = med([r["cpu"] for r in short[side]])
        wall = med([r["wall"] for r in short[side]])
        print(
            f"{SHORT_SENTENCE_CHARS:,}-character prefix, {side}: CPU {cpu:.3f} s, wall {wall:.3f} s"
        )


if __name__ == "__main__":
    main()
