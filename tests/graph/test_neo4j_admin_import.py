"""The CSV export is what `neo4j-admin database import` reads: the real tool imports all of it.

neo4j-admin runs from the jars of scripts/neo4j/neo4j (`admin`), on a scratch home in a temporary
folder, so the shared dev server and its data are not touched.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from policykg.graph.export import export_bytes
from policykg.graph.model import GraphData

pytestmark = pytest.mark.neo4j

NEO4J_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "neo4j" / "neo4j"


def test_neo4j_admin_imports_the_whole_csv_export(tmp_path: Path, source_data: GraphData) -> None:
    csv_dir = tmp_path / "csv"
    with zipfile.ZipFile(io.BytesIO(export_bytes(source_data, "csv"))) as archive:
        archive.extractall(csv_dir)
    home = tmp_path / "home"
    (home / "conf").mkdir(parents=True)
    (home / "conf" / "neo4j.conf").write_text(
        f"server.directories.data={home / 'data'}\n", encoding="utf-8"
    )
    files = sorted(csv_dir.iterdir())
    args = [f"--nodes={f}" for f in files if f.name.startswith("nodes_")]
    args += [f"--relationships={f}" for f in files if f.name.startswith("rels_")]
    done = subprocess.run(
        [str(NEO4J_SCRIPT), "admin", "database", "import", "full", "neo4j", *args],
        env={**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")},
        cwd=tmp_path,  # neo4j-admin writes import.report into its working directory
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-3000:]
    imported = re.search(r"Imported:\s+(\d+) nodes\s+(\d+) relationships", output)
    assert imported, output[-3000:]
    assert (int(imported[1]), int(imported[2])) == (len(source_data.nodes), len(source_data.edges))
    assert "bad" not in output.lower()  # no bad entries skipped or reported
