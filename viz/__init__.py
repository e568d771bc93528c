"""Interactive network maps: a pure graph -> vis-network transform and one pyvis writer.

```
GraphData --to_vis()--> VisGraph --render_html()/write_html()--> offline HTML page
```
`viz.maps` picks the subgraph of a map from a GraphStore; `viz.write` is the only module
that imports pyvis.
"""

from policykg.viz.transform import NODE_STYLES, VisEdge, VisGraph, VisNode, to_vis

__all__ = ["NODE_STYLES", "VisEdge", "VisGraph", "VisNode", "to_vis"]
