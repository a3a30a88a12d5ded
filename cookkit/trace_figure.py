"""A trace drawn as a chain: the outside sources on the left, each run by stage, the release on the
right.

``cookkit.trace`` returns a ``Trace``: every hash comparison, the hops between runs and the outside
sources (roots) the walk reached. ``trace_graph`` turns it into a ``networkx`` graph whose arrows
are the hops, each with how many hashes were compared on it and whether all were equal;
``trace_figure`` draws that graph with the stages in the cookbook's order, an arrow red where a hash
differs. The share recipe shows the figure under its trace; drawing it teaches nothing of its own.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import networkx as nx
from matplotlib.figure import Figure

from cookkit.recipes import recipes
from cookkit.trace import Trace


def trace_graph(trace: Trace, layers: Mapping[str, int]) -> nx.DiGraph:
    """Return the hops of ``trace`` as a graph: an edge per hop with ``checks`` (how many hashes
    were compared on it) and ``ok`` (all equal), an edge with no checks from each outside source to
    the run that read it, and each node's ``layer``: ``layers[stage]`` for a run, 0 for an outside
    source, one past the last layer for the release.
    """
    graph = nx.DiGraph()
    for root, run in trace.roots.items():
        graph.add_edge(root.replace("==", "\n=="), run, checks=0, ok=True)
    for upstream, downstream in trace.hops:
        hop = [c for c in trace.checks if (c.against, c.who) == (upstream, downstream)]
        graph.add_edge(upstream, downstream, checks=len(hop), ok=all(c.ok for c in hop))
    last = max(layers.values(), default=0) + 1
    for node in graph:
        graph.nodes[node]["layer"] = layers.get(node, last if node == "release" else 0)
    return graph


def trace_figure(trace: Trace, title: str = "Provenance of the release") -> Figure:
    """Return a figure of ``trace``'s chain, stages in the cookbook's order, each arrow labelled
    with how many hashes were compared on it and red where one differs.
    """
    graph = trace_graph(trace, {r.stage: r.order + 1 for r in recipes()})
    position = nx.multipartite_layout(graph, subset_key="layer")
    fig, ax = plt.subplots(figsize=(10, 4.5))
    colors = ["tab:gray" if d["ok"] else "tab:red" for *_, d in graph.edges(data=True)]
    nx.draw_networkx(
        graph,
        position,
        ax=ax,
        node_color="#dbe9f6",
        node_size=2600,
        font_size=8,
        edge_color=colors,
        arrowsize=14,
    )
    labels = {(u, v): d["checks"] for u, v, d in graph.edges(data=True) if d["checks"]}
    nx.draw_networkx_edge_labels(graph, position, edge_labels=labels, font_size=8, ax=ax)
    ax.set_title(title)
    ax.axis("off")
    fig.tight_layout()
    return fig
