"""A comparison as one offline HTML page: the two documents side by side, changes marked.

One row per pair: A's unit on the left, B's on the right; same rows are muted, changed rows
mark deleted characters on the left and inserted ones on the right, added and removed rows
have one empty side. A changed pair's many-to-one readings (`Pair.also`) are named under its
labels: "also 第十条" beside B's label when B's 第十条 also takes up part of A's unit. No script and no external resource: the page opens from a file or an
e-mail, and every piece of document text goes through `html.escape`.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from policykg.graph.compare import Comparison, Pair, Status

__all__ = ["render_report", "write_report"]

_CSS = """
body{font-family:"Noto Sans CJK SC","Noto Sans SC",sans-serif;margin:1.5em;color:#222}
h1{font-size:1.3em}table{border-collapse:collapse;width:100%;table-layout:fixed}
th,td{border:1px solid #ddd;padding:.4em .6em;vertical-align:top;white-space:pre-wrap}
th{background:#f4f4f4;text-align:left}.label{width:6em;white-space:nowrap;color:#555}
tr.same td{color:#888}tr.added td.b{background:#e9f7ec}tr.removed td.a{background:#fcebea}
tr.changed td{background:#fffbe8}del{background:#f7c5c0;text-decoration:line-through}
ins{background:#bfe8c6;text-decoration:none}.status{font-size:.8em;color:#555}
.also{font-size:.8em;color:#8a5a00}.summary span{margin-right:1.2em}.shifts{margin:.8em 0 1.2em;font-size:.9em}
#only-changes:checked~table tr.same{display:none}
"""


def render_report(comparison: Comparison, a_title: str, b_title: str) -> str:
    """The whole page as a string.

    Args:
        comparison: the alignment of the two documents.
        a_title: the first document's title (plain text; escaped here).
        b_title: the second document's title (plain text; escaped here).
    """
    s = comparison.summary
    counts = "".join(
        f'<span class="count-{name}">{name}: {n}</span>'
        for name, n in (
            ("same", s.same),
            ("changed", s.changed),
            ("added", s.added),
            ("removed", s.removed),
        )
    )
    rows = "\n".join(_row(p) for p in comparison.pairs)
    return f"""<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8">
<title>{escape(a_title)} ↔ {escape(b_title)}</title>
<style>{_CSS}</style></head>
<body>
<h1>{escape(a_title)} ↔ {escape(b_title)}</h1>
<p class="summary">{counts}</p>
{_shifts(comparison)}
<input type="checkbox" id="only-changes"><label for="only-changes"> hide unchanged</label>
<table>
<thead><tr><th class="label">A</th><th>{escape(a_title)}</th>
<th class="label">B</th><th>{escape(b_title)}</th></tr></thead>
<tbody>
{rows}
</tbody></table>
</body></html>
"""


def write_report(comparison: Comparison, path: Path, a_title: str, b_title: str) -> Path:
    """Write the report page of a comparison.

    Args:
        comparison: the comparison.
        path: the HTML file to write.
        a_title: A's title.
        b_title: B's title.

    Returns:
        `path`.
    """
    path.write_text(render_report(comparison, a_title, b_title), encoding="utf-8")
    return path


def _row(pair: Pair) -> str:
    a_label = escape(pair.a.label) if pair.a else ""
    b_label = escape(pair.b.label) if pair.b else ""
    if pair.status is Status.CHANGED:
        a_text = "".join(
            f"<del>{escape(d.a)}</del>" if d.op in ("delete", "replace") else escape(d.a)
            for d in pair.diff
        )
        b_text = "".join(
            f"<ins>{escape(d.b)}</ins>" if d.op in ("insert", "replace") else escape(d.b)
            for d in pair.diff
        )
    else:
        a_text = escape(pair.a.text) if pair.a else ""
        b_text = escape(pair.b.text) if pair.b else ""
    status = f'<div class="status">{pair.status.value}</div>'
    also_a, also_b = _also(pair)
    return (
        f'<tr class="{pair.status.value}"><td class="label">{a_label}{status}{also_a}</td>'
        f'<td class="a">{a_text}</td><td class="label">{b_label}{also_b}</td>'
        f'<td class="b">{b_text}</td></tr>'
    )


def _also(pair: Pair) -> tuple[str, str]:
    """The pair's other readings: A's units that B's unit also takes up (left column) and
    B's units that also take up A's unit (right column)."""
    a_side = [link.a.label for link in pair.also if link.a != pair.a]
    b_side = [link.b.label for link in pair.also if link.b != pair.b]
    return _also_lines(a_side), _also_lines(b_side)


def _also_lines(labels: list[str]) -> str:
    return "".join(f'<div class="also">also {escape(label)}</div>' for label in labels)


def _shifts(comparison: Comparison, limit: int = 15) -> str:
    shifts = comparison.summary.shifts[:limit]
    if not shifts:
        return ""
    items = ", ".join(
        f"{escape(s.entity.name)} <small>({escape(s.entity.type)})</small> {s.units_a}→{s.units_b}"
        for s in shifts
    )
    return f'<p class="shifts">Entities gaining or losing units: {items}</p>'
