"""`policykg extract PATH... [--json]`: read, outline and extract documents; the store is untouched.

    policykg extract data/corpus/dev/04-state-council-office-zero-waste-city-pilot-plan-2018.txt
    policykg extract --json data/corpus/laws/行政法/ > laws.jsonl

Folders expand to their .txt, .md, .html and .htm files (recursively). With --json, one JSON
object per document and line (the schema is in README.md); without, the outline as an
indented tree and every mention under it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

__all__ = ["extract_command"]

_SUFFIXES = (".txt", ".md", ".html", ".htm")


@click.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per document and line.")
@click.pass_context
def extract_command(ctx: click.Context, paths: tuple[Path, ...], as_json: bool) -> None:
    """Print the outline and every mention of documents, without touching the store."""
    from policykg.cli_support import reports_errors, settings_from

    @reports_errors
    def run() -> None:
        from policykg.errors import DocumentError
        from policykg.loaders.annotate import annotate
        from policykg.loaders.read import read_document
        from policykg.pipeline import gazetteer_and_extractor

        settings = settings_from(ctx)
        files = _files(paths)
        if not files:
            raise DocumentError(", ".join(map(str, paths)), "no documents to extract from")
        _, extractor = gazetteer_and_extractor(settings.gazetteer_dir)
        for path in files:
            doc = read_document(path, max_bytes=settings.max_document_bytes)
            for warning in doc.warnings:
                click.echo(f"policykg: warning: {warning}", err=True)
            data = annotate(doc, extractor)
            data["path"] = str(path)
            if as_json:
                click.echo(json.dumps(data, ensure_ascii=False))
            else:
                _print(data)

    run()


def _files(paths: tuple[Path, ...]) -> list[Path]:
    from policykg.errors import DocumentError

    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in _SUFFIXES and p.name != "SOURCE.md"
            )
        elif path.exists():
            out.append(path)
        else:
            raise DocumentError(str(path), "no such file")
    return out


def _print(data: dict[str, Any]) -> None:
    meta = data["metadata"]
    click.echo(f"{data['path']}  {data['document']}")
    click.echo(f"  {meta['title']}")
    facts = [
        f"{key} {value if not isinstance(value, list) else '、'.join(value)}"
        for key, value in meta.items()
        if key not in ("title", "dates") and value
    ]
    facts += [f"{key} {value}" for key, value in meta["dates"].items() if value]
    click.echo("  " + "; ".join(facts))
    depth: dict[str, int] = {}
    by_unit: dict[str | None, list[dict[str, Any]]] = {}
    for mention in data["mentions"]:
        by_unit.setdefault(mention["unit"], []).append(mention)
    for mention in by_unit.get(None, []):
        _print_mention(mention, 1)
    for unit in data["units"]:
        level = depth[unit["parent"]] + 1 if unit["parent"] else 1
        depth[unit["id"]] = level
        label = f" {unit['label']}" if unit["label"] else ""
        click.echo(f"{'  ' * level}{unit['kind']}{label} [{unit['start']}:{unit['end']}]")
        for mention in by_unit.get(unit["id"], []):
            _print_mention(mention, level + 1)


def _print_mention(mention: dict[str, Any], level: int) -> None:
    click.echo(
        f"{'  ' * level}- {mention['type']:<10} {mention['surface']} -> {mention['name']}"
        f" [{mention['start']}:{mention['end']}]"
    )
