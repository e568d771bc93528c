"""Node positions computed in Python, for maps too large to lay out in the browser.

A force-directed layout (Fruchterman-Reingold) whose repulsion is estimated from a random
sample of other nodes per step, so one step costs O(nodes x sample + edges) instead of
O(nodes²): 5,000 nodes take about a second with numpy. networkx's spring_layout needs scipy
above 500 nodes and is quadratic below; the browser's own physics takes far longer and keeps
the page busy. Same input and seed -> same positions.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from policykg.budget import check
from policykg.viz.transform import VisGraph, VisNode

__all__ = ["force_layout", "positioned"]

_SPACING = 60.0  # canvas pixels between neighbouring nodes at scale 1
_ITERATIONS = 120
_SAMPLE = 24
_GRAVITY = 0.02


def force_layout(
    n: int,
    edges: Sequence[tuple[int, int]],
    *,
    seed: int = 0,
    iterations: int = _ITERATIONS,
    sample: int = _SAMPLE,
) -> np.ndarray:
    """Positions (n x 2) for nodes 0..n-1 joined by `edges`, about `_SPACING` apart.

    Args:
        n: the number of nodes.
        edges: (node, node) index pairs, each in 0..n-1.
        seed: the seed of the random start and of the samples.
        iterations: how many steps of the layout to run.
        sample: how many other nodes each node's repulsion is estimated from per step.
    """
    if n == 0:
        return np.zeros((0, 2))
    rng = np.random.default_rng(seed)
    pos = (rng.random((n, 2)) - 0.5) * math.sqrt(n)
    if n == 1:
        return np.zeros((1, 2))
    pairs = np.array([(a, b) for a, b in edges if a != b], dtype=np.int64).reshape(-1, 2)
    src, dst = pairs[:, 0], pairs[:, 1]
    sample = min(sample, n - 1)
    scale = (n - 1) / sample  # each sampled push stands for this many nodes
    temperature = math.sqrt(n) / 4
    cooling = (0.01 / temperature) ** (1 / max(iterations, 1)) if temperature > 0.01 else 1.0
    for _ in range(iterations):
        check()  # a request's budget (policykg.budget): one step is the unit of work
        others = rng.integers(0, n, size=(n, sample))
        delta = pos[:, None, :] - pos[others]
        dist2 = np.maximum((delta**2).sum(axis=-1), 0.01)
        disp = (delta / dist2[..., None]).sum(axis=1) * scale
        if len(pairs):
            pull = pos[src] - pos[dst]
            length = np.sqrt((pull**2).sum(axis=-1))[:, None]
            force = pull * length
            np.add.at(disp, src, -force)
            np.add.at(disp, dst, force)
        disp -= _GRAVITY * pos * math.sqrt(n) / max(np.sqrt((pos**2).sum(axis=-1)).max(), 1.0)
        step = np.sqrt((disp**2).sum(axis=-1))[:, None]
        pos += disp / np.maximum(step, 1e-9) * np.minimum(step, temperature)
        temperature *= cooling
    pos -= pos.mean(axis=0)
    return pos * _SPACING


def positioned(vis: VisGraph, *, seed: int = 0) -> VisGraph:
    """`vis` with x and y set on every node (physics can then stay off).

    Args:
        vis: the map's nodes and edges.
        seed: the layout's seed (same seed, same positions).
    """
    index = {node["id"]: i for i, node in enumerate(vis.nodes)}
    pairs = [
        (index[e["from"]], index[e["to"]])
        for e in vis.edges
        if e["from"] in index and e["to"] in index
    ]
    pos = force_layout(len(vis.nodes), pairs, seed=seed)
    nodes: list[VisNode] = []
    for i, node in enumerate(vis.nodes):
        placed = VisNode(**node)
        placed["x"] = round(float(pos[i, 0]), 1)
        placed["y"] = round(float(pos[i, 1]), 1)
        nodes.append(placed)
    return VisGraph(tuple(nodes), vis.edges, vis.legend, vis.highlight)
