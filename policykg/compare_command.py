"""`policykg compare A B [B …] [--json | --html FILE]`: what changed between documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from policykg.errors import InvalidQuery

if TYPE_CHECKING:  # scikit-learn loads only when a comparison runs, not for every command
    from policykg.graph.compare import Summary

__all__ = ["compare_command"]


@click.command("compare")
@click.argument("a", type=click.Path(path_type=Path))
@click.argument(
    "others", metavar="B [B …]", nargs=-1, required=True, type=click.Path(path_type=Path)
)
@click.option("--json", "as_json", is_flag=True, help="Print every pair and the summary as JSON.")
@click.option(
    "--html", "html_file", type=click.Path(path_type=Path), help="Write the side-by-side report."
)
@click.pass_context
def compare_command(
    ctx: click.Context, a: Path, others: tuple[Path, ...], as_json: bool, html_file: Path | None
) -> None:
    """Align two documents' articles (or task sentences) and label them same, changed, added
    or removed; with several B, compare A with each (a national law and local regulations)."""
    from policykg.cli_support import reports_errors

    reports_errors(_run)(ctx, a, list(others), as_json, html_file)


def _run(
    ctx: click.Context, a_path: Path, b_paths: list[Path], as_json: bool, html_file: Path | None
) -> None:
    from policykg.cli_support import settings_from
    from policykg.compare_input import document_units
    from policykg.compare_present import comparison_dict, set_comparison_dict
    from policykg.graph.compare import align, compare_many
    from policykg.pipeline import gazetteer_and_extractor

    if as_json and html_file is not None:
        raise InvalidQuery("give --json or --html, not both")
    settings = settings_from(ctx)
    _, extractor = gazetteer_and_extractor(settings.gazetteer_dir)
    a = document_units(a_path, extractor, settings.max_document_bytes)
    bs = [document_units(p, extractor, settings.max_document_bytes) for p in b_paths]
    if len(bs) > 1:
        result = compare_many(a.units, [(b.id, b.units) for b in bs], a_name=a.id)
        if as_json:
            data = set_comparison_dict(result, a, bs)
            click.echo(json.dumps(data, ensure_ascii=False, indent=2))
            return
        if html_file is not None:
            from policykg.viz.compare_coverage import write_coverage

            titles = {b.id: b.title for b in bs}
            if len(set(titles.values())) < len(titles):  # versions of one title: their dates
                titles = {b.id: b.id for b in bs}
            write_coverage(result, html_file, a.title, titles)
            click.echo(f"wrote {html_file}", err=True)
            return
        for comparison in result.comparisons:
            _print_summary(comparison.b_name, comparison.summary)
        taken = sum(1 for c in result.coverage if c.taken_up_by)
        click.echo(f"{taken} of {len(a.units)} units of {a.id} taken up by at least one")
        return
    b = bs[0]
    comparison = align(a.units, b.units, a_name=a.id, b_name=b.id)
    if as_json:
        click.echo(json.dumps(comparison_dict(comparison, a, b), ensure_ascii=False, indent=2))
    elif html_file is not None:
        from policykg.viz.compare_report import write_report

        a_title, b_title = (a.id, b.id) if a.title == b.title else (a.title, b.title)
        write_report(comparison, html_file, a_title, b_title)  # versions: titles with dates
        click.echo(f"wrote {html_file}", err=True)
    else:
        for pair in comparison.pairs:
            left = pair.a.label if pair.a else "-"
            right = pair.b.label if pair.b else "-"
            click.echo(f"{pair.status.value:<8} {left} -> {right}")
        _print_summary(b.id, comparison.summary)


def _print_summary(name: str, summary: Summary, shifts: int = 8) -> None:
    click.echo(
        f"{name}: same {summary.same}, changed {summary.changed}, "
        f"added {summary.added}, removed {summary.removed}",
        err=True,
    )
    if summary.shifts:
        moved = ", ".join(
            f"{s.entity.name} ({s.entity.type}) {s.units_a}->{s.units_b}"
            for s in summary.shifts[:shifts]
        )
        click.echo(f"  units naming: {moved}", err=True)
