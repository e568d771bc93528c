"""CLI start-up and graph-file load, as ratios against in-run baselines.

    .venv/bin/python benchmarks/cli_start.py [--runs 5] [--graph corpus|source] [--tasks 10000]
                                             [--before DIR] [--commands-only]
    .venv/bin/python benchmarks/cli_start.py --scale 10000 100000 300000 [--runs 3]

1. Commands, each a fresh process: `python -c pass` (the baseline), `policykg --help`,
   `policykg stats` and `policykg tasks --touches 黄河` on the graph of the real corpus
   (`--graph corpus`, the default: the 2026 article, data/corpus/dev and the 300 laws of
   data/corpus/laws, 309 documents) or of the source article alone. The query runs twice: with
   the graph file's index (graph/graph_index.py), and on a copy of the file without it, which
   reads the whole graph as every command did before the index. Wall time and the child's CPU
   time (user + system, from wait4), median of --runs, ratio to the baseline. Every command
   runs once first with bytecode writing on, so that no run pays for compiling.
   With --before DIR (a plain export of an older commit, `git archive REV | tar -x -C DIR`),
   the same commands also run that code (PYTHONPATH=DIR), on a graph of the same documents
   that it builds itself, for a before/after row. Runs are interleaved: each round runs every
   command of both versions once, so that a change of load falls on both alike.
2. (Skipped with --commands-only.) Loading a synthetic graph of --tasks tasks in process: the
   node-link JSON of format 1 (json + networkx.node_link_graph, what the store did before)
   against graph_file.read_graph, with the interpreter's collector settings (what a program
   that imports policykg gets) and inside policykg.collector.paused() (how the commands read),
   and stats from graph_file.read_header alone. CPU (process time) beside wall, median of --runs.

3. With --scale: only `--help`, `stats` and `tasks --touches 黄河` (from the index; the page
   of 50 the command answers as typed, and every match with --all) on synthetic graphs of the given sizes, as ratios to
   `python -c pass` and to `--help`.

The machine's load average is recorded with every table; it is shared, so read the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

PY = sys.executable
# what the `policykg` console script runs (its collector setting included); code older than the
# entry point's `run` has only `main`
CONSOLE_SCRIPT = "import policykg.cli as c; getattr(c, 'run', c.main)()"


def _child(argv: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, cpu) seconds of one process run to completion."""
    start = time.perf_counter()
    process = subprocess.Popen(
        argv,
        env=env,
        cwd=tempfile.gettempdir(),  # not the checkout: '' on sys.path would import it
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited {process.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def _median(runs: int, once: Callable[[], tuple[float, float]]) -> tuple[float, float]:
    samples = [once() for _ in range(runs)]
    return (
        statistics.median(s[0] for s in samples),
        statistics.median(s[1] for s in samples),
    )


def commands(graph: Path, files: Sequence[Path], runs: int, before: Path | None) -> list[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("POLICYKG_") and k != "PYTHONDONTWRITEBYTECODE"
    }
    env |= {"POLICYKG_GRAPH_FILE": str(graph)}
    bare = graph.parent / "without-index" / graph.name  # the same graph, no index beside it
    bare.parent.mkdir(exist_ok=True)
    shutil.copyfile(graph, bare)
    cli = [PY, "-c", CONSOLE_SCRIPT]
    touches = [*cli, "tasks", "--touches", "黄河"]
    cases = {
        "python -c pass": ([PY, "-c", "pass"], {}),
        "policykg --help": ([*cli, "--help"], {}),
        "policykg stats": ([*cli, "stats"], {}),
        "policykg tasks --touches 黄河": (touches, {}),
        "policykg tasks --touches 黄河 (no index: whole graph)": (
            touches,
            {"POLICYKG_GRAPH_FILE": str(bare)},
        ),
    }
    start_load = os.getloadavg()[0]
    for argv, extra in cases.values():  # compiles what each command imports, once
        _child(argv, {**env, **extra})
    versions: list[tuple[str, dict[str, str]]] = [("this commit", env)]
    if before is not None:
        old = graph.with_name("graph-before.json")  # the older code reads only its own format
        old_env = {**env, "PYTHONPATH": str(before), "POLICYKG_GRAPH_FILE": str(old)}
        subprocess.run(
            [*cli, "build", *map(str, files)],  # the same documents as this commit's graph
            env=old_env,
            cwd=tempfile.gettempdir(),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        for argv, extra in cases.values():
            if not extra:
                _child(argv, old_env)
        versions.append((f"before ({before.name})", old_env))
    runs_of = [
        (label, name, argv, {**environ, **extra})
        for label, environ in versions
        for name, (argv, extra) in cases.items()
        if not (extra and label != "this commit")
    ]
    samples: dict[tuple[str, str], list[tuple[float, float]]] = {
        (label, name): [] for label, name, _, _ in runs_of
    }
    for _ in range(runs):  # interleaved: each round runs every version's every command once
        for label, name, argv, run_env in runs_of:
            samples[label, name].append(_child(argv, run_env))
    rows = [
        f"load average at start: {start_load:.2f}; median of {runs} interleaved runs",
        "",
        "| code | command | wall ms | CPU ms | wall / python -c pass | CPU / python -c pass |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]

    def median(label: str, name: str, which: int) -> float:
        return statistics.median(s[which] for s in samples[label, name])

    for label, name, _, _ in runs_of:
        wall, cpu = median(label, name, 0), median(label, name, 1)
        base_wall, base_cpu = median(label, "python -c pass", 0), median(label, "python -c pass", 1)
        rows.append(
            f"| {label} | `{name}` | {wall * 1000:.0f} | {cpu * 1000:.0f} | "
            f"{wall / base_wall:.2f}x | {cpu / base_cpu:.2f}x |"
        )
    rows.append(f"\nload average at end: {os.getloadavg()[0]:.2f}")
    return rows


def scale(sizes: Sequence[str], runs: int) -> list[str]:
    """`--help`, `stats` and `tasks --touches 黄河` (from the index; all matches, and a page of
    50) on synthetic graphs of each size (benchmarks/synthetic_corpus.py, built by the CLI on
    first use), each command a fresh process, as ratios to `python -c pass` and to `--help` of
    the same run."""
    from synthetic_corpus import graph_path

    from policykg.graph import graph_file

    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("POLICYKG_") and k != "PYTHONDONTWRITEBYTECODE"
    }
    cli = [PY, "-c", CONSOLE_SCRIPT]
    rows = [
        f"load average at start: {os.getloadavg()[0]:.2f}; median of {runs} runs",
        "",
        "| graph | command | wall ms | CPU ms | CPU / python -c pass | CPU / --help | wall / --help |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size in sizes:
        # a number of tasks (the synthetic article's graph), or a graph file already built
        path = graph_path(int(size)) if size.isdigit() else Path(size).resolve()
        header = graph_file.read_header(path)
        label = (
            f"{header.nodes.get('Task', 0):,} tasks ({sum(header.nodes.values()):,} nodes, "
            f"{path.stat().st_size / 1e6:.0f} MB)"
        )
        run_env = {**env, "POLICYKG_GRAPH_FILE": str(path)}
        cases = {
            "python -c pass": [PY, "-c", "pass"],
            "policykg --help": [*cli, "--help"],
            "policykg stats": [*cli, "stats"],
            # a page of 50, as typed; and every match, as --all prints them
            "policykg tasks --touches 黄河": [*cli, "tasks", "--touches", "黄河"],
            "policykg tasks --touches 黄河 --all": [*cli, "tasks", "--touches", "黄河", "--all"],
        }
        for argv in cases.values():  # compiles what each command imports, once
            _child(argv, run_env)
        found = {
            name: _median(runs, lambda argv=argv, e=run_env: _child(argv, e))
            for name, argv in cases.items()
        }
        base, helped = found["python -c pass"], found["policykg --help"]
        for name, (wall, cpu) in found.items():
            rows.append(
                f"| {label} | `{name}` | {wall * 1000:.0f} | {cpu * 1000:.0f} | "
                f"{cpu / base[1]:.2f}x | {cpu / helped[1]:.2f}x | {wall / helped[0]:.2f}x |"
            )
    rows.append(f"\nload average at end: {os.getloadavg()[0]:.2f}")
    return rows


def corpus_files() -> list[Path]:
    """The real corpus: the 2026 article, the dev documents and the 300 laws."""
    from policykg.settings import PACKAGE_DATA

    corpus = PACKAGE_DATA / "corpus"
    laws = sorted(p for p in (corpus / "laws").rglob("*.md") if p.name != "SOURCE.md")
    return [corpus / "mee-2026-key-tasks.txt", *sorted((corpus / "dev").glob("*.txt")), *laws]


def build(graph: Path, files: Sequence[Path]) -> str:
    """Build the graph of `files` into `graph` (with its index, as `policykg build` writes it)."""
    from policykg.graph.networkx_store import NetworkXStore
    from policykg.pipeline import build_from_files
    from policykg.settings import PACKAGE_DATA

    store = NetworkXStore(graph, load=False)
    store.replace(build_from_files(files, PACKAGE_DATA / "gazetteers"))
    s = store.stats()
    return (
        f"{len(s.documents)} documents, {s.nodes.get('Task', 0):,} tasks, {s.node_total:,} nodes, "
        f"{s.edge_total:,} edges; graph file {graph.stat().st_size / 1e6:.1f} MB"
    )


def graph_load(tasks: int, runs: int) -> list[str]:
    import gc

    import networkx as nx
    from synthetic_corpus import graph_path

    from policykg.collector import paused
    from policykg.graph import graph_file

    path = graph_path(tasks)
    graph = graph_file.read_graph(path)
    old = Path(tempfile.mkdtemp()) / "format-1.json"
    payload = {"format": "policykg-networkx/1", "graph": nx.node_link_data(graph, edges="edges")}
    old.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")), "utf-8")

    def timed(load: Callable[[], object]) -> tuple[float, float]:
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        load()
        return time.perf_counter() - wall, time.process_time() - cpu

    def format_1() -> object:
        data = json.loads(old.read_text(encoding="utf-8"))
        return nx.node_link_graph(data["graph"], directed=True, multigraph=True, edges="edges")

    def as_commands_read() -> object:
        with paused():  # how every command reads its graph (policykg.collector)
            return graph_file.read_graph(path)

    cases = {
        "format 1: json + node_link_graph": format_1,
        "graph_file.read_graph (the interpreter's collector)": lambda: graph_file.read_graph(path),
        "graph_file.read_graph (collector paused, as the commands read)": as_commands_read,
        "graph_file.read_header (stats)": lambda: graph_file.read_header(path),
    }
    header = graph_file.read_header(path)
    rows = [
        f"{tasks:,} tasks: {sum(header.nodes.values()):,} nodes, {sum(header.edges.values()):,} "
        f"edges; file {path.stat().st_size / 1e6:.1f} MB (format 1: {old.stat().st_size / 1e6:.1f}"
        f" MB); load average {os.getloadavg()[0]:.2f}; median of {runs} runs",
        "",
        "| load | wall s | CPU s | CPU / format 1 |",
        "| --- | ---: | ---: | ---: |",
    ]
    results = {name: _median(runs, lambda load=load: timed(load)) for name, load in cases.items()}
    base_cpu = results["format 1: json + node_link_graph"][1]
    for name, (wall, cpu) in results.items():
        rows.append(f"| {name} | {wall:.3f} | {cpu:.3f} | {cpu / base_cpu:.3f}x |")
    old.unlink()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--before", type=Path, help="an export of an older commit")
    parser.add_argument("--graph", choices=["corpus", "source"], default="corpus")
    parser.add_argument(
        "--commands-only", action="store_true", help="skip part 2 (loading a synthetic graph)"
    )
    parser.add_argument(
        "--scale",
        nargs="+",
        metavar="TASKS",
        help="only the commands on synthetic graphs of these sizes (10000 100000 300000), "
        "or on these graph files",
    )
    args = parser.parse_args()
    if args.scale:
        print("\n".join(scale(args.scale, args.runs)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        graph = Path(tmp) / "graph.json"
        files = corpus_files() if args.graph == "corpus" else corpus_files()[:1]
        stats = build(graph, files)
        print(f"graph: {args.graph}, {stats}")
        print("\n".join(commands(graph, files, args.runs, args.before)))
    if args.commands_only:
        return
    print()
    print("\n".join(graph_load(args.tasks, args.runs)))


if __name__ == "__main__":
    main()
