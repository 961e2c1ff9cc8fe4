"""Figures of a store's events: a dyad's cooperation and conflict over time,
and the network of events between the most active parties.

Drawn with matplotlib's object API on Agg-family canvases (no pyplot, no
window, no change to the caller's backend) and laid out with networkx. Input
frames are those of :mod:`newsevents.analytics`. Schemes: QuadClass from the
GDELT 2.0 event codebook (1 verbal cooperation, 2 material cooperation,
3 verbal conflict, 4 material conflict); Goldstein (1992) scores, -10 most
conflictual .. +10 most cooperative, as extended to CAMEO.
"""

from __future__ import annotations

import math
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib import dates as mdates
from matplotlib.cm import ScalarMappable
from matplotlib.colors import LinearSegmentedColormap, Normalize
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

__all__ = ["FORMATS", "GOLDSTEIN_CMAP", "plot_dyad", "plot_network"]

FORMATS = (".png", ".svg", ".pdf")
"""File suffixes the plot functions write (the suffix chooses the format)."""

GOLDSTEIN_CMAP = LinearSegmentedColormap.from_list(
    "goldstein", ["#b2182b", "#ef8a62", "#b0b0b0", "#67a9cf", "#2166ac"])
"""Diverging colours for Goldstein scores: red conflict, grey neutral, blue cooperation."""

# Quad class colours (ColorBrewer RdBu): light = verbal, dark = material.
_QUADS = (("verbal_cooperation", "verbal cooperation", "#92c5de", 1),
          ("material_cooperation", "material cooperation", "#2166ac", 1),
          ("verbal_conflict", "verbal conflict", "#f4a582", -1),
          ("material_conflict", "material conflict", "#b2182b", -1))
_BAR_DAYS = {"day": 0.85, "week": 6.0, "month": 26.0}  # bar width; a period is 1, 7, 28-31 days
# x ticks on period starts, every n-th period: the smallest of these steps that keeps at most _MAX_TICKS
_TICK_STEPS = {"day": (1, 2, 7, 14, 28, 91, 182, 364), "week": (1, 2, 4, 8, 13, 26, 52, 104),
               "month": (1, 2, 3, 6, 12, 24, 60, 120)}
_MAX_TICKS = 12
_X_LABELS = {"day": "day", "week": "week (ticks on its first day, a Monday; bars span the week)",
             "month": "month (ticks on its first day; bars span the month)"}
_DPI = 150
_NETWORK_TEXT = 12  # pt: the network figure (12 in wide) is often shown at half its size or less
_SEED, _K = 7, 2.4  # spring layout: fixed seed, spacing factor


def _output(path, fmt: str | None = None) -> tuple:
    """``(path, format)``: the format from the suffix, or ``fmt`` for a binary file object."""
    if hasattr(path, "write"):
        if f".{fmt}" not in FORMATS:
            raise ValueError(f"unsupported plot format {fmt!r}; use one of {', '.join(FORMATS)}")
        return path, fmt
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise ValueError(f"{path}: unsupported plot format {path.suffix or '(no suffix)'!r}; "
                         f"use one of {', '.join(FORMATS)}")
    return path, path.suffix.lower()[1:]


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _save(fig: Figure, path: Path, fmt: str) -> Path:
    fig.savefig(path, format=fmt, dpi=_DPI, facecolor="white")
    return path


def _period_ticks(periods, by: str, max_ticks: int = _MAX_TICKS) -> tuple[list[float], list[str]]:
    """X ticks of a dyad chart: positions (matplotlib date numbers) and labels.

    Ticks sit on period starts only (every period, or every n-th of a few
    round steps when there are many), so each label names exactly the day,
    week start or month it marks: "4 Mar" (day, week) or "Mar" (month), with
    the year under the first label and wherever the year changes. Unlike
    date-rule locators (day-of-month 1, 5, .., 29 then 1 again), this never
    puts two ticks a day apart nor labels a tick outside the data's periods.
    """
    starts = sorted(pd.to_datetime(pd.Series(periods)).dropna().unique())
    if not starts:
        return [], []
    steps = _TICK_STEPS[by]
    step = next((s for s in steps if math.ceil(len(starts) / s) <= max_ticks),
                max(steps[-1], math.ceil(len(starts) / max_ticks)))
    ticks = [pd.Timestamp(t) for t in starts[::step]]
    labels, year = [], None
    for t in ticks:
        label = t.strftime("%b") if by == "month" else f"{t.day} {t:%b}"
        if t.year != year:
            label += f"\n{t.year}"
            year = t.year
        labels.append(label)
    return [float(v) for v in mdates.date2num(ticks)], labels


def plot_dyad(frame: pd.DataFrame, path, *, a: str, b: str, by: str = "week", fmt: str | None = None) -> Path:
    """Draw a dyad's cooperation and conflict over time (the frame of
    :func:`newsevents.analytics.dyad`) into ``path``.

    Per period, cooperative events (QuadClass 1 verbal, 2 material) are
    stacked bars above zero and conflictual ones (3 verbal, 4 material)
    below, with the period's mean Goldstein score (-10..10) as points on a
    second axis whose zero lines up with the bars' zero. A note gives the
    totals and the date range.

    Args:
        frame: one row per period with ``period``, ``events``, ``mentions``,
            the four QuadClass count columns and ``mean_goldstein``.
        path: the file to write; ``.png``, ``.svg`` or ``.pdf``; or a binary
            file object, with ``fmt`` ("png", "svg" or "pdf").
        a, b: the dyad's codes (for the title and messages).
        by: the frame's period (``day``, ``week`` or ``month``), for labels and bar widths.

    Returns:
        ``path`` as a :class:`~pathlib.Path`.

    Raises:
        ValueError: the frame has no events ("no events for USA-RUS in ..."),
            lacks a column, ``by`` is unknown, or the suffix is not supported.
    """
    path, fmt = _output(path, fmt)
    if by not in _BAR_DAYS:
        raise ValueError(f"by must be one of {', '.join(_BAR_DAYS)}, got {by!r}")
    a, b = str(a).upper(), str(b).upper()
    missing = [c for c in ("period", "events", "mentions", "mean_goldstein", *(q[0] for q in _QUADS))
               if c not in frame]
    if missing:
        raise ValueError(f"not a dyad frame: missing column(s) {', '.join(missing)}")
    periods = pd.to_datetime(frame["period"])
    if len(frame) == 0 or int(frame["events"].sum()) == 0:
        where = (f"{periods.min():%Y-%m-%d} to {periods.max():%Y-%m-%d}" if len(frame)
                 else "the store (only dated events count, within since..until if given)")
        raise ValueError(f"no events for {a}-{b} in {where}")

    fig = Figure(figsize=(11, 5.6), layout="constrained")
    ax = fig.add_subplot()
    x = mdates.date2num(periods)
    width = _BAR_DAYS[by]
    stacks = {1: np.zeros(len(frame)), -1: np.zeros(len(frame))}  # bar tops so far, up and down
    for column, _, colour, sign in _QUADS:
        values = frame[column].to_numpy(dtype=float)
        base = stacks[sign]
        # edge lines of the bar's own colour keep one-event bars visible on long ranges
        drawn = values > 0
        ax.bar(x[drawn], sign * values[drawn], width=width, bottom=sign * base[drawn], align="edge",
               color=colour, edgecolor=colour, linewidth=0.6, zorder=2)
        base += values
    top = max(float(stacks[1].max()), float(stacks[-1].max()), 1.0)
    ax.set_ylim(-top * 1.18, top * 1.18)
    ax.axhline(0, color="#222222", linewidth=0.8, zorder=3)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True, symmetric=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{abs(v):g}"))
    ax.set_ylabel(f"events per {by}")
    for y, va, text in ((0.985, "top", "\u25b2 cooperation (QuadClass 1-2)"), (0.015, "bottom", "\u25bc conflict (QuadClass 3-4)")):
        ax.text(0.008, y, text, transform=ax.transAxes, va=va, fontsize=9, fontweight="bold", color="#555555")
    ax.grid(axis="y", color="#e4e4e4", linewidth=0.6, zorder=0)
    ticks, labels = _period_ticks(periods, by)
    ax.set_xticks(ticks, labels)
    if len(ticks) < len(x) <= 400:  # thinned: a minor tick on every period start
        ax.set_xticks(x, minor=True)
    ax.set_xlim(x.min() - width, x.max() + width * 2)
    ax.set_xlabel(_X_LABELS[by])
    ax.spines["top"].set_visible(False)

    ax2 = ax.twinx()
    scores = frame["mean_goldstein"].astype(float)
    # NaN (no events) breaks the line: only consecutive periods with events are joined
    ax2.plot(x + width / 2, scores, color="#333333", linewidth=1.0, marker="o", markersize=4.5,
             markerfacecolor="white", markeredgewidth=1.2, zorder=4, label=f"mean Goldstein score per {by}")
    ax2.set_ylim(-10 * 1.18, 10 * 1.18)
    ax2.set_yticks([-10, -5, 0, 5, 10])
    ax2.set_ylabel("mean Goldstein score\n(\u221210 conflict \u2026 +10 cooperation)")
    ax2.spines["top"].set_visible(False)

    total, mentions = int(frame["events"].sum()), int(frame["mentions"].sum())
    coop = int(frame["verbal_cooperation"].sum() + frame["material_cooperation"].sum())
    conflict = int(frame["verbal_conflict"].sum() + frame["material_conflict"].sum())
    active = periods[frame["events"] > 0]
    stamp = "%b %Y" if by == "month" else "%d %b %Y"
    span = (f"{by}s with events: {active.min():{stamp}} to {active.max():{stamp}}" if active.nunique() > 1
            else f"{by} with events: {active.min():{stamp}}")
    note = f"{_n(total, 'event')} ({coop} cooperation, {conflict} conflict), {_n(mentions, 'mention')}; {span}"
    fig.suptitle(f"{a} - {b}: cooperation and conflict per {by}", x=0.01, ha="left", fontsize=13, fontweight="bold")
    ax.set_title(note, loc="left", fontsize=9, color="#444444")
    handles = [Patch(color=colour, label=label) for _, label, colour, _ in _QUADS]
    handles += ax2.get_legend_handles_labels()[0]
    fig.legend(handles=handles, loc="outside lower center", ncols=5, frameon=False, fontsize=9)
    fig.text(1, 0, "QuadClass: GDELT 2.0 codebook; Goldstein (1992) scale", ha="right", va="bottom",
             fontsize=7, color="#777777")
    return _save(fig, path, fmt)


def plot_network(edges: pd.DataFrame, path, *, title: str = "Events between the most active actors",
                 fmt: str | None = None) -> Path:
    """Draw the directed event network (the frame of
    :func:`newsevents.analytics.network`) into ``path``.

    Nodes are parties, labelled with their codes and sized by the events on
    their edges (in + out); arrows run actor -> recipient, curved so that
    both directions of a pair show, with width by event count and colour by
    mean Goldstein score (:data:`GOLDSTEIN_CMAP`, -10 red .. +10 blue, with a
    colorbar). The layout is a spring layout with a fixed seed, so the same
    edges always give the same figure.

    Args:
        edges: ``source``, ``target``, ``events``, ``mean_goldstein`` per edge.
        path: the file to write; ``.png``, ``.svg`` or ``.pdf``; or a binary
            file object, with ``fmt`` ("png", "svg" or "pdf").
        title: the figure's title.

    Returns:
        ``path`` as a :class:`~pathlib.Path`.

    Raises:
        ValueError: no edges, a missing column, or an unsupported suffix.
    """
    path, fmt = _output(path, fmt)
    missing = [c for c in ("source", "target", "events", "mean_goldstein") if c not in edges]
    if missing:
        raise ValueError(f"not a network frame: missing column(s) {', '.join(missing)}")
    edges = edges[edges["source"] != edges["target"]]
    if len(edges) == 0:
        raise ValueError("no events between two different actors to draw (empty network)")
    edges = edges.sort_values(["events", "source", "target"], kind="stable")

    graph = nx.Graph()
    weight: dict[str, int] = {}
    for row in edges.itertuples(index=False):
        for node in (row.source, row.target):
            weight[node] = weight.get(node, 0) + int(row.events)
    graph.add_nodes_from(sorted(weight))
    for row in edges.itertuples(index=False):
        w = math.log1p(int(row.events))
        if graph.has_edge(row.source, row.target):
            graph[row.source][row.target]["weight"] += w
        else:
            graph.add_edge(row.source, row.target, weight=w)
    pos = nx.spring_layout(graph, weight="weight", seed=_SEED, k=_K / math.sqrt(max(len(graph), 1)), iterations=300)

    biggest, heaviest = max(weight.values()), int(edges["events"].max())
    size = {n: 350 + 2600 * math.sqrt(w / biggest) for n, w in weight.items()}  # marker area, pt^2
    norm = Normalize(-10, 10)

    def width(events: int) -> float:
        return 0.8 + 5.2 * math.sqrt((events - 1) / max(heaviest - 1, 1))

    fig = Figure(figsize=(12, 8.6), layout="constrained")
    fig.get_layout_engine().set(w_pad=10 / 72, h_pad=6 / 72)  # keep the left-aligned texts off the edge
    ax = fig.add_subplot()
    for row in edges.itertuples(index=False):
        lw = width(int(row.events))
        score = row.mean_goldstein
        colour = GOLDSTEIN_CMAP(norm(score)) if pd.notna(score) else "#b0b0b0"
        ax.add_patch(FancyArrowPatch(
            pos[row.source], pos[row.target], connectionstyle="arc3,rad=0.14", arrowstyle="-|>",
            mutation_scale=9 + 2.2 * lw, linewidth=lw, color=colour, alpha=0.9, zorder=2,
            shrinkA=math.sqrt(size[row.source]) / 2, shrinkB=math.sqrt(size[row.target]) / 2 + 1))
    nodes = sorted(weight)
    ax.scatter([pos[n][0] for n in nodes], [pos[n][1] for n in nodes], s=[size[n] for n in nodes],
               color="#f2f2f2", edgecolors="#333333", linewidths=1.2, zorder=3)
    for n in nodes:
        ax.text(*pos[n], n, ha="center", va="center", fontsize=_NETWORK_TEXT - 1 + 3 * math.sqrt(weight[n] / biggest),
                fontweight="bold", color="#111111", zorder=4)
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    pad = 0.15 * max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    ax.set_xlim(min(xs) - pad, max(xs) + pad)
    ax.set_ylim(min(ys) - pad, max(ys) + pad)
    ax.set_axis_off()

    bar = fig.colorbar(ScalarMappable(norm=norm, cmap=GOLDSTEIN_CMAP), ax=ax, shrink=0.6, pad=0.01)
    bar.set_ticks([-10, -5, 0, 5, 10])
    bar.ax.tick_params(labelsize=_NETWORK_TEXT)
    bar.set_label("mean Goldstein score of the edge's events\n(\u221210 conflict \u2026 +10 cooperation)",
                  fontsize=_NETWORK_TEXT)
    samples = sorted({1, (heaviest + 1) // 2, heaviest})
    handles = [Line2D([], [], color="#555555", linewidth=width(s), label=_n(s, "event"))
               for s in samples]
    ax.legend(handles=handles, title="edge width (events)", loc="lower left", frameon=False,
              fontsize=_NETWORK_TEXT, title_fontsize=_NETWORK_TEXT, handlelength=3.2, alignment="left")
    fig.suptitle(title, x=0.01, ha="left", fontsize=_NETWORK_TEXT + 4, fontweight="bold")
    total = int(edges["events"].sum())
    ax.set_title(f"{len(nodes)} actors, {len(edges)} directed edges, {total} actor\u2192recipient links.\n"
                 "Arrows point to the recipient; reciprocal events are drawn both ways; "
                 "node size: events on its edges.", loc="left", fontsize=_NETWORK_TEXT, color="#333333",
                 linespacing=1.4)
    return _save(fig, path, fmt)
