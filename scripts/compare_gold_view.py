"""Print two law texts article by article to write alignment gold by hand.

Articles whose text is byte-identical in both documents are listed first as a pair of labels
(exact comparison only, no similarity); every other article is printed in full, A's then B's,
so the annotator decides same / changed / added / removed by reading.

    python scripts/compare_gold_view.py A.md B.md
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

_ARTICLE = re.compile(r"^(第[一二三四五六七八九十百零〇]+条)[\s　]*(.*)$")


def articles(path: Path) -> list[tuple[str, str]]:
    """(label, text) per 第X条, the text running to the next article or heading."""
    body = path.read_text(encoding="utf-8").split("<!-- INFO END -->", 1)[-1]
    out: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        m = _ARTICLE.match(line.strip())
        if m:
            out.append((m.group(1), [m.group(2)]))
        elif line.startswith("#"):
            continue
        elif out and line.strip():
            out[-1][1].append(line.strip())
    return [(label, "\n".join(parts)) for label, parts in out]


def main(a_path: str, b_path: str) -> None:
    a, b = articles(Path(a_path)), articles(Path(b_path))
    b_by_text: dict[str, list[str]] = {}
    for label, text in b:
        b_by_text.setdefault(text, []).append(label)
    identical = {la: b_by_text[t][0] for la, t in a if t in b_by_text}
    print(f"A: {a_path} ({len(a)} articles)\nB: {b_path} ({len(b)} articles)")
    print(f"identical ({len(identical)}):", " ".join(f"{x}={y}" for x, y in identical.items()))
    taken = set(identical.values())
    print("\n===== A, not identical =====")
    for label, text in a:
        if label not in identical:
            print(f"\n[A {label}] {text}")
    print("\n===== B, not identical =====")
    for label, text in b:
        if label not in taken:
            print(f"\n[B {label}] {text}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
