"""One document against several as one offline HTML page: which units each of them takes up.

Rows are A's units (a national law's articles), columns the other documents (local
regulations); a cell holds the label of the unit that takes the row up, marked same or
changed, or stays empty. A table above counts, per document, what it keeps, changes, adds
and leaves out. No script, no external resource; all document text is escaped.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from policykg.graph.compare import SetComparison, Status

__all__ = ["write_coverage"]

_CSS = """
body{font-family:"Noto Sans CJK SC","Noto Sans SC",sans-serif;margin:1.5em;color:#222}
h1{font-size:1.3em}h2{font-size:1.1em;margin-top:1.5em}table{border-collapse:collapse}
th,td{border:1px solid #ddd;padding:.3em .5em;vertical-align:top;font-size:.9em}
th{background:#f4f4f4;text-align:left}td.n{text-align:right}
td.same{background:#e8f0fe}td.changed{background:#fff4c2}td.unit{max-width:28em}
.wrap{overflow-x:auto}
"""
_EXCERPT = 40


def _render_coverage(result: SetComparison, a_title: str, titles: dict[str, str]) -> str:
    """The page as a string; `titles` maps each compared document's name to its title.

    Args:
        result: document A aligned with each other document.
        a_title: document A's title (plain text; escaped here).
        titles: each compared document's name -> its title (plain text; a missing one shows the
            name).
    """
    names = [c.b_name for c in result.comparisons]
    summary_rows = "\n".join(
        f"<tr><td>{escape(titles.get(c.b_name, c.b_name))}</td>"
        f'<td class="n">{c.summary.same}</td><td class="n">{c.summary.changed}</td>'
        f'<td class="n">{c.summary.added}</td><td class="n">{c.summary.removed}</td></tr>'
        for c in result.comparisons
    )
    partner: dict[tuple[str, str], tuple[str, Status]] = {}
    for comparison in result.comparisons:
        for pair in comparison.pairs:
            if pair.a is not None and pair.b is not None:
                partner[comparison.b_name, pair.a.id] = (pair.b.label, pair.status)
    head = "".join(f"<th>{escape(titles.get(n, n))}</th>" for n in names)
    rows = []
    for item in result.coverage:
        unit = item.unit
        excerpt = unit.text if len(unit.text) <= _EXCERPT else unit.text[:_EXCERPT] + "…"
        cells = []
        for name in names:
            label, status = partner.get((name, unit.id), ("", None))
            kind = status.value if status else "none"
            cells.append(f'<td class="{kind}">{escape(label)}</td>')
        rows.append(
            f'<tr><th>{escape(unit.label)}</th><td class="unit" title="{escape(unit.text)}">'
            f'{escape(excerpt)}</td><td class="n">{len(item.taken_up_by)}</td>{"".join(cells)}</tr>'
        )
    body = "\n".join(rows)
    return f"""<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8">
<title>{escape(a_title)}: {len(names)} documents compared</title>
<style>{_CSS}</style></head>
<body>
<h1>{escape(a_title)} against {len(names)} documents</h1>
<table class="documents">
<thead><tr><th>document</th><th>same</th><th>changed</th><th>added</th><th>not taken up</th></tr></thead>
<tbody>
{summary_rows}
</tbody></table>
<h2>Which units of {escape(a_title)} each document takes up</h2>
<div class="wrap"><table class="coverage">
<thead><tr><th></th><th></th><th>taken up by</th>{head}</tr></thead>
<tbody>
{body}
</tbody></table></div>
</body></html>
"""


def write_coverage(result: SetComparison, path: Path, a_title: str, titles: dict[str, str]) -> Path:
    """Write the coverage page of a set comparison.

    Args:
        result: A compared with several documents.
        path: the HTML file to write.
        a_title: A's title.
        titles: each other document's title, by name.

    Returns:
        `path`.
    """
    path.write_text(_render_coverage(result, a_title, titles), encoding="utf-8")
    return path
