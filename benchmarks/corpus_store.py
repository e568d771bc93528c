"""Building the default corpus, and adding or removing one document, on both stores.

Each operation is the real CLI in a fresh process (`policykg build FOLDER`, `policykg add
FILE`, `policykg remove DOC_ID`), measured by os.wait4: wall time, CPU time (user + system of
the child) and its peak RSS. Per run: build, then add one law (a copy under a new name, so a
new id), then remove it again; median of --runs runs. The ratios that matter are add and
remove against a full rebuild of the same corpus on the same store. The baseline of the run is
reading and decoding every file of the corpus (loaders.read.read_text) in a fresh process.

Corpora: `1x` is data/corpus (the article, the dev set, 300 laws); `10x` has the laws ten
times, each copy under its own file name (`<name>~k.md`, so its own id). Neo4j is the server
POLICYKG_NEO4J_* names; its database is replaced by the builds (and left holding the corpus).

    .venv/bin/python benchmarks/corpus_store.py                       # 1x on both stores, 10x on networkx
    .venv/bin/python benchmarks/corpus_store.py --corpora 1x --stores networkx --runs 1
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
EXTRA = CORPUS / "laws" / "行政法规" / "长江河道采砂管理条例(2023-07-20).md"
EXTRA_NAME = "benchmark-extra-law"
POLICYKG = Path(sys.executable).parent / "policykg"
RESULTS = ROOT / "benchmarks" / "RESULTS-corpus.md"
BASELINE = (
    "import sys; from pathlib import Path; "
    "from policykg.pipeline import find_documents; from policykg.loaders.read import read_text; "
    "[read_text(p) for p in find_documents([Path(sys.argv[1])]).files]"
)


@dataclass(frozen=True)
class Sample:
    wall: float
    cpu: float
    rss_mb: float


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def measure(args: list[str], env: dict[str, str]) -> Sample:
    """One command in its own process: wall, the child's CPU and its peak RSS."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    assert proc.stderr is not None
    errors = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{errors[-2000:]}")
    sample = Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)
    # Each sample as it comes, so that a long run that is cut short still says what it measured.
    label = "baseline" if args[1] == "-c" else args[1]
    log(f"  {label}: {sample} load {os.getloadavg()[0]:.1f}")
    return sample


def ten_fold(folder: Path) -> Path:
    """The article, the dev set and ten copies of every law, each under its own name."""
    out = folder / "corpus-10x"
    out.mkdir(parents=True)
    shutil.copy(CORPUS / "mee-2026-key-tasks.txt", out / "mee-2026-key-tasks.txt")
    shutil.copytree(CORPUS / "dev", out / "dev")
    laws = sorted(p for p in (CORPUS / "laws").rglob("*.md") if p.name != "SOURCE.md")
    for k in range(1, 11):
        copy = out / f"laws-{k}"
        copy.mkdir()
        for law in laws:
            shutil.copy(law, copy / f"{law.stem}~{k}.md")
    return out


def environment(store: str, graph_file: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYKG_")}
    env |= {k: v for k, v in os.environ.items() if k.startswith("POLICYKG_NEO4J_")}
    return env | {"POLICYKG_BACKEND": store, "POLICYKG_GRAPH_FILE": str(graph_file)}


def run_corpus(
    name: str, folder: Path, stores: list[str], runs: int, work: Path
) -> list[tuple[str, str, str, list[Sample]]]:
    extra = work / f"{EXTRA_NAME}.md"
    shutil.copy(EXTRA, extra)
    rows = []
    base = [
        measure([sys.executable, "-c", BASELINE, str(folder)], dict(os.environ))
        for _ in range(runs)
    ]
    rows.append((name, "-", "read + decode every file (baseline)", base))
    for store in stores:
        env = environment(store, work / f"graph-{name}.json")
        samples: dict[str, list[Sample]] = {"build": [], "add": [], "remove": []}
        for run in range(runs):
            log(f"{name} {store} run {run + 1}/{runs}: build")
            samples["build"].append(measure([str(POLICYKG), "build", str(folder)], env))
            log(f"{name} {store} run {run + 1}/{runs}: add, remove")
            samples["add"].append(measure([str(POLICYKG), "add", str(extra)], env))
            samples["remove"].append(measure([str(POLICYKG), "remove", f"doc:{EXTRA_NAME}"], env))
        for op in ("build", "add", "remove"):
            what = {
                "build": f"`policykg build` of the {name} corpus",
                "add": "`policykg add` one law (27 articles)",
                "remove": "`policykg remove` that law",
            }[op]
            rows.append((name, store, what, samples[op]))
    return rows


def table(rows: list[tuple[str, str, str, list[Sample]]]) -> str:
    lines = [
        "| corpus | store | operation | wall s | CPU s | peak RSS MB | wall / rebuild | CPU / rebuild | CPU / baseline |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    builds = {(c, s): med(x) for c, s, w, x in rows if w.startswith("`policykg build`")}
    bases = {c: med(x) for c, s, w, x in rows if s == "-"}
    for corpus, store, what, samples in rows:
        m = med(samples)
        build = builds.get((corpus, store))
        ratio = (
            f"{m.wall / build.wall:.3f}x | {m.cpu / build.cpu:.3f}x"
            if build is not None and not what.startswith("`policykg build`")
            else "- | -"
        )
        lines.append(
            f"| {corpus} | {store} | {what} | {m.wall:.2f} | {m.cpu:.2f} | {m.rss_mb:.0f} | "
            f"{ratio} | {m.cpu / bases[corpus].cpu:.1f}x |"
        )
    return "\n".join(lines)


def med(samples: list[Sample]) -> Sample:
    return Sample(
        statistics.median(s.wall for s in samples),
        statistics.median(s.cpu for s in samples),
        statistics.median(s.rss_mb for s in samples),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpora", nargs="+", default=["1x", "10x"], choices=["1x", "10x"])
    parser.add_argument("--stores", nargs="+", default=["networkx", "neo4j"])
    parser.add_argument("--stores-10x", nargs="+", default=["networkx"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-results", action="store_true", help="print only")
    args = parser.parse_args()
    load_start = os.getloadavg()
    rows = []
    with tempfile.TemporaryDirectory(prefix="policykg-bench-") as tmp:
        work = Path(tmp)
        for name in args.corpora:
            folder = CORPUS if name == "1x" else ten_fold(work)
            stores = args.stores if name == "1x" else args.stores_10x
            done = run_corpus(name, folder, stores, args.runs, work)
            print(table(done), flush=True)  # each corpus as soon as it is measured
            rows += done
    load_end = os.getloadavg()
    command = "`.venv/bin/python benchmarks/corpus_store.py " + " ".join(sys.argv[1:]) + "`"
    text = (
        f"{command} ({time.strftime('%Y-%m-%d')}, {platform.machine()}, {os.cpu_count()} cores; "
        f"median of {args.runs} runs; load average {load_start[0]:.1f} at start, "
        f"{load_end[0]:.1f} at end)\n\n{table(rows)}\n"
    )
    print(text)
    if not args.no_results:
        RESULTS.write_text("# Corpus build, add and remove (benchmarks/corpus_store.py)\n\n" + text)


if __name__ == "__main__":
    main()
