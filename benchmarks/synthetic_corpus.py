"""Large synthetic inputs for the benchmarks, generated once and cached under benchmarks/out/.

The corpus is devkit.synthetic_text.synthetic_text over the source article: its own task sentences,
regions and pollutants swapped for others from the gazetteers. The graph is that corpus built by
the CLI into a networkx graph file. File names carry a fingerprint of what made them (source
text, gazetteers, the loaders' code and graph/model.py), so a stale cache is never reused.

    .venv/bin/python benchmarks/synthetic_corpus.py --tasks 100000          # prints both paths
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
SOURCE = ROOT / "data" / "corpus" / "mee-2026-key-tasks.txt"
GAZETTEERS = ROOT / "data" / "gazetteers"
DEFAULT_TASKS = 100_000


def _fingerprint(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def _inputs(pattern: str, *folders: Path) -> list[Path]:
    return [p for folder in folders for p in folder.rglob(pattern) if "__pycache__" not in p.parts]


def corpus_path(tasks: int = DEFAULT_TASKS, seed: int = 0) -> Path:
    """The synthetic article of `tasks` tasks, written on first use."""
    made_from = [SOURCE, ROOT / "devkit" / "synthetic_text.py", *_inputs("*.*", GAZETTEERS)]
    path = OUT / f"synthetic-{tasks}-s{seed}-{_fingerprint(made_from)}.txt"
    if not path.exists():
        sys.path.insert(0, str(ROOT))
        from devkit.synthetic_text import synthetic_text
        from policykg.loaders.read import read_document
        from policykg.pipeline import gazetteer_and_extractor

        gazetteer, _ = gazetteer_and_extractor(GAZETTEERS)
        text = synthetic_text(read_document(SOURCE), gazetteer, tasks, seed=seed)
        OUT.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return path


def graph_path(tasks: int = DEFAULT_TASKS, seed: int = 0) -> Path:
    """The synthetic article's networkx graph file, built with the CLI on first use."""
    corpus = corpus_path(tasks, seed)
    code = [*_inputs("*.py", ROOT / "loaders"), ROOT / "graph" / "model.py"]
    path = corpus.with_name(f"{corpus.stem}-graph-{_fingerprint([corpus, *code])}.json")
    if not path.exists():
        cli = [sys.executable, "-m", "policykg.cli", "--backend", "networkx"]
        subprocess.run(
            [*cli, "--graph-file", str(path), "build", str(corpus)],
            check=True,
            cwd=ROOT,
            timeout=900,
            stdout=subprocess.DEVNULL,
        )
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=DEFAULT_TASKS)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--graph", action="store_true", help="also build the graph file")
    args = parser.parse_args(argv)
    print(corpus_path(args.tasks, args.seed))
    if args.graph:
        print(graph_path(args.tasks, args.seed))


if __name__ == "__main__":
    main()
