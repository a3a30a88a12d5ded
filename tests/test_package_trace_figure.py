"""cookkit.trace_figure: a trace drawn as a chain, an arrow per hop, red where a hash differs.

The share recipe shows this figure under its trace. Without these checks a hop whose hashes differ
could be drawn grey like the others, an outside source could sit among the runs, and the release
could be drawn before the stages that made it.
"""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from cookkit.trace import Check, Trace  # noqa: E402
from cookkit.trace_figure import trace_figure, trace_graph  # noqa: E402

SAME, OTHER = "a" * 64, "b" * 64


def toy_trace(ok=True):
    """A release copying the fine-tune's weights; the fine-tune read the data stage's corpus."""
    return Trace(
        checks=[
            Check("release", "file", "model.bin", SAME, SAME),
            Check("release", "finetune", "artifacts/cpu/finetune/model.bin", SAME, SAME),
            Check("finetune", "data", "artifacts/cpu/data/corpus.txt", SAME, SAME if ok else OTHER),
        ],
        hops=[("finetune", "release"), ("data", "finetune")],
        roots={"toy-corpus==1.0": "data"},
    )


def test_each_hop_counts_its_checks_and_says_whether_all_were_equal():
    """Without this, an arrow would not say how many hashes it stands for, nor that one differs."""
    graph = trace_graph(toy_trace(ok=False), {"data": 1, "finetune": 3})
    assert graph.edges["finetune", "release"] == {"checks": 1, "ok": True}
    assert graph.edges["data", "finetune"] == {"checks": 1, "ok": False}
    assert graph.edges["toy-corpus\n==1.0", "data"] == {"checks": 0, "ok": True}


def test_sources_come_first_and_the_release_last():
    """Without this, the chain would not read left to right from its sources to the release."""
    graph = trace_graph(toy_trace(), {"data": 1, "finetune": 3, "share": 7})
    layers = {node: graph.nodes[node]["layer"] for node in graph}
    assert layers == {"toy-corpus\n==1.0": 0, "data": 1, "finetune": 3, "release": 8}, layers


def test_a_differing_hash_turns_its_arrow_red():
    """Without this, the picture of a broken chain would look like the picture of a sound one."""
    figure = trace_figure(toy_trace(ok=False), "a broken chain")
    assert isinstance(figure, Figure) and figure.axes[0].get_title() == "a broken chain"
    colors = [patch.get_edgecolor() for patch in figure.axes[0].patches]
    red = matplotlib.colors.to_rgba("tab:red")
    assert sum(tuple(c) == red for c in colors) == 1, "exactly the broken hop should be red"
    plt.close(figure)
