"""Development tools that the runtime package does not ship: gold scoring, synthetic corpora
and graphs, launching Chromium, and the one-row Cypher the load benchmark compares batches with.

Used by tests/, benchmarks/ and scripts/ from a checkout (pytest puts the repository root on
sys.path; the scripts insert it themselves).
"""

__all__: list[str] = []
