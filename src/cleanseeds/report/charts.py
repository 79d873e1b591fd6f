"""Charts for the report: matplotlib figures rendered to inline SVG (no JavaScript, no fonts
or files fetched: the SVG's text uses the reader's own sans-serif font).

Each function returns one ``<svg>`` element as a string. Element ids inside an SVG are
salted with the chart's key, so several charts inline in one page never share an id.
"""
from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib

# Figures are plain Figure objects rendered by the SVG backend: no pyplot, no GUI toolkit.
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

#: Categories shown in one bar chart; the rest are summed into "(other N)".
MAX_BARS = 20
PALETTE = ["#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3", "#8c8c8c",
           "#ccb974", "#64b5cd", "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#17becf"]
_RC: dict[Any, Any] = {
    "svg.fonttype": "none",  # text stays text: small files, the page's font
    "font.family": "sans-serif",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
}
_HEAD = re.compile(r"^.*?(?=<svg)", re.DOTALL)
_META = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)  # RDF boilerplate: nothing a reader sees
_NS = re.compile(r' xmlns:(?:dc|cc|rdf)="[^"]*"')


WIDTH = 6.4  # inches
_CHAR = 0.065  # inches per character of a 9 pt label, roughly


def _figure(height: float, left_labels: Sequence[str] = (), legend: Sequence[str] = (), bottom_labels: Sequence[str] = (),
            tilt: bool = False) -> tuple[Figure, Axes]:
    """A figure with margins made for its labels (no "tight" layout pass: one draw per chart)."""
    fig = Figure(figsize=(WIDTH, height))
    left = 0.35 + _CHAR * max((len(x) for x in left_labels), default=3)
    right = (0.35 + _CHAR * max(len(x) for x in legend)) if legend else 0.45
    bottom = 0.5 + (_CHAR * 0.75 * max((len(x) for x in bottom_labels), default=0) if tilt else 0.0)
    fig.subplots_adjust(left=min(0.6, left / WIDTH), right=max(0.45, 1 - right / WIDTH),
                        bottom=min(0.6, bottom / height), top=1 - min(0.3, 0.2 / height))
    return fig, fig.add_subplot()


def _svg(fig: Figure, key: str) -> str:
    buf = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": key}):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    svg = _HEAD.sub("", buf.getvalue(), count=1)
    svg = _META.sub("", svg, count=1)
    svg = _NS.sub("", svg)
    # responsive: the page sets the width, the viewBox keeps the proportions
    svg = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1', svg, count=1)
    return svg.replace("<svg ", f'<svg class="chart-svg" role="img" aria-label="{key}" ', 1)


def _top(items: Sequence[tuple[str, float]], n: int = MAX_BARS) -> list[tuple[str, float]]:
    items = list(items)
    if len(items) <= n:
        return items
    rest = items[n - 1:]
    return items[: n - 1] + [(f"(other {len(rest)})", sum(v for _, v in rest))]


def bars(key: str, items: Sequence[tuple[str, float]], xlabel: str = "", horizontal: bool = True) -> str:
    """A bar chart of ``(label, value)`` pairs in the order given (top ``MAX_BARS``)."""
    items = _top(items)
    labels = [str(k) if len(str(k)) <= 48 else str(k)[:47] + "…" for k, _ in items]
    values = [v for _, v in items]
    with matplotlib.rc_context(_RC):
        tilt = not horizontal and (len(items) > 6 or sum(len(k) for k in labels) > 60)
        if horizontal:
            fig, ax = _figure(0.9 + 0.26 * max(1, len(items)), left_labels=labels)
            y = list(range(len(items)))
            rects = ax.barh(y, values, color=PALETTE[0])
            ax.set_yticks(y, labels)
            ax.invert_yaxis()
            ax.set_xlabel(xlabel)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            ax.bar_label(rects, labels=[_fmt(v) for v in values], padding=2, fontsize=8)
            ax.margins(x=0.12)
        else:
            fig, ax = _figure(2.8, left_labels=["0000"], bottom_labels=labels, tilt=tilt)
            x = list(range(len(items)))
            rects = ax.bar(x, values, color=PALETTE[0])
            ax.set_xticks(x, labels, rotation=45 if tilt else 0, ha="right" if tilt else "center")
            ax.set_ylabel(xlabel)
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
            ax.bar_label(rects, labels=[_fmt(v) for v in values], padding=2, fontsize=8)
            ax.margins(y=0.15)
        return _svg(fig, key)


def stacked(key: str, categories: Sequence[str], series: Mapping[str, Sequence[float]], ylabel: str = "",
            horizontal: bool = False, integer: bool = True, legend_title: str = "") -> str:
    """Stacked bars: one bar per category, one colour per series (legend outside the plot)."""
    cats = [c if len(c) <= 32 else c[:31] + "…" for c in categories]
    with matplotlib.rc_context(_RC):
        names = list(series) + ([legend_title] if legend_title else [])
        tilt = not horizontal and (len(cats) > 5 or max((len(c) for c in cats), default=0) > 9)
        legend_h = 0.6 + 0.17 * len(names)  # the legend sits beside the plot: room for all of it
        if horizontal:
            fig, ax = _figure(max(1.2 + 0.3 * max(1, len(cats)), legend_h), left_labels=cats, legend=names)
        else:
            fig, ax = _figure(max(3.0, legend_h), left_labels=["0000"], legend=names, bottom_labels=cats, tilt=tilt)
        pos = list(range(len(cats)))
        base = [0.0] * len(cats)
        for i, (name, vals) in enumerate(series.items()):
            vals = [float(v) for v in vals]
            color = PALETTE[i % len(PALETTE)]
            if horizontal:
                ax.barh(pos, vals, left=base, color=color, label=name)
            else:
                ax.bar(pos, vals, bottom=base, color=color, label=name)
            base = [b + v for b, v in zip(base, vals, strict=True)]
        if horizontal:
            ax.set_yticks(pos, cats)
            ax.invert_yaxis()
            ax.set_xlabel(ylabel)
            if integer:
                ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        else:
            ax.set_xticks(pos, cats, rotation=45 if tilt else 0, ha="right" if tilt else "center")
            ax.set_ylabel(ylabel)
            ax.set_ylim(0, (max(base, default=0) or 1) * 1.1)
            if integer:
                ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        if series:
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8, title=legend_title or None,
                      title_fontsize=8)
        return _svg(fig, key)


def _fmt(v: Any) -> str:
    if isinstance(v, float) and not v.is_integer():
        return f"{v:.2f}"
    return f"{int(v):,}"
