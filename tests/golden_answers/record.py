"""Record the answers that the refactors must keep: `python tests/golden_answers/record.py`.

Writes <graph>-answers.json.gz for the store cases (networkx store; the golden test holds
Neo4j to the same file), cli-answers.json.gz and api-answers.json.gz for the README examples.
With --freeze it first freezes the graphs themselves from the loaders of the day (the source
article and a synthetic article of 3,000 tasks); without it the frozen graphs stay as they are.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(HERE), str(HERE.parent / "api"), str(ROOT)]

import golden_cases as golden  # noqa: E402
import httpx  # noqa: E402
from api_support import ServerThread, make_settings  # noqa: E402
from click.testing import CliRunner  # noqa: E402

from policykg.api.app import create_app  # noqa: E402
from policykg.cli import main as cli  # noqa: E402
from policykg.graph.model import GraphData  # noqa: E402
from policykg.graph.networkx_store import NetworkXStore  # noqa: E402

SYNTHETIC_TASKS = 3_000


def freeze() -> None:
    from devkit.synthetic_text import synthetic_text
    from policykg.loaders.read import read_document
    from policykg.pipeline import build_from_files, gazetteer_and_extractor
    from policykg.settings import PACKAGE_DATA

    article = PACKAGE_DATA / "corpus" / "mee-2026-key-tasks.txt"
    gazetteers = PACKAGE_DATA / "gazetteers"
    golden.write_graph(build_from_files([article], gazetteers), golden.graph_path("source"))
    gazetteer, _ = gazetteer_and_extractor(gazetteers)
    text = synthetic_text(read_document(article), gazetteer, SYNTHETIC_TASKS)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"synthetic-{SYNTHETIC_TASKS}.txt"
        path.write_text(text, encoding="utf-8")
        data = build_from_files([path], gazetteers)
    golden.write_graph(data, golden.graph_path("synthetic"))
    freeze_corpus()


def freeze_corpus() -> None:
    """The multi-document graph of the corpus queries (golden_cases.CORPUS_FILES)."""
    from policykg.pipeline import build_from_files
    from policykg.settings import PACKAGE_DATA

    files = [PACKAGE_DATA / "corpus" / name for name in golden.CORPUS_FILES]
    data = build_from_files(files, PACKAGE_DATA / "gazetteers")
    golden.write_graph(data, golden.graph_path("corpus"))


def cli_answers(graph_file: Path) -> dict[str, object]:
    out: dict[str, object] = {}
    for args in golden.CLI_EXAMPLES:
        run = CliRunner().invoke(cli, ["--graph-file", str(graph_file), *args])
        body = json.loads(run.stdout) if run.exit_code == 0 else run.stderr
        out[" ".join(args)] = [run.exit_code, body]
    return out


def api_answers(graph_file: Path) -> dict[str, object]:
    out: dict[str, object] = {}
    with (
        ServerThread(create_app(make_settings("networkx", graph_file))) as server,
        httpx.Client(base_url=f"{server.url}/api/v1", timeout=120) as http,
    ):
        for path, params in golden.API_EXAMPLES:
            response = http.get(path, params=params)
            out[golden.example_name(path, params)] = [response.status_code, response.json()]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--freeze", action="store_true", help="freeze the graphs first")
    args = parser.parse_args()
    if args.freeze:
        freeze()
    for graph in golden.GRAPHS:
        data: GraphData = golden.read_graph(golden.graph_path(graph))
        store = NetworkXStore(None)
        store.replace(data)
        answers = golden.run_cases(graph, data, store)
        golden.write_json(answers, golden.answers_path(graph))
        print(f"{graph}: {len(answers)} cases")
    with tempfile.TemporaryDirectory() as tmp:
        graph_file = Path(tmp) / "graph.json"
        NetworkXStore(graph_file).replace(golden.read_graph(golden.graph_path("source")))
        golden.write_json(cli_answers(graph_file), HERE / "cli-answers.json.gz")
        golden.write_json(api_answers(graph_file), HERE / "api-answers.json.gz")
    print("cli and api examples recorded")


if __name__ == "__main__":
    main()
