"""Charts for the report: bar charts written as inline SVG by hand (no JavaScript, no fonts
or files fetched, no plotting library: the SVG's text uses the reader's own sans-serif font).

Each function returns one ``<svg>`` element as a string, scaled by the page (a ``viewBox``,
no fixed size). Nothing inside has an ``id``, so any number of charts share a page. Every
bar carries a ``<title>`` (its label and value, shown on hover).

Drawing two kinds of bar chart is a few hundred lines; matplotlib, which drew them before,
cost about 1.5 CPU-seconds to import on every run that wrote a report.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

#: Categories shown in one bar chart; the rest are summed into "(other N)".
MAX_BARS = 20
PALETTE = ["#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3", "#8c8c8c",
           "#ccb974", "#64b5cd", "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#17becf"]

WIDTH = 640  # user units (px at 100 %); the page scales the chart to its column
FONT = 12  # px: tick labels and axis labels
SMALL = 11  # px: value labels and the legend
_CHAR = 7.0  # px per character of a FONT-px label, roughly (sans-serif)
_AXIS = "#444"
_GRID = "#e4e4e4"


def _text(s: Any) -> str:
    return escape(str(s), quote=True)


def _num(x: float) -> str:
    """A coordinate: at most one decimal, no trailing zeros."""
    s = f"{x:.1f}"
    return s[:-2] if s.endswith(".0") else s


def _fmt(v: Any) -> str:
    if isinstance(v, float) and not v.is_integer():
        return f"{v:.2f}"
    return f"{int(v):,}"


def _decimals(step: float) -> int:
    """Decimals that show every multiple of ``step`` exactly (0.25 -> 2, 5 -> 0)."""
    d = 0
    while d < 6 and abs(step * 10**d - round(step * 10**d)) > 1e-9:
        d += 1
    return d


def nice_ticks(top: float, integer: bool = True, target: int = 5) -> list[float]:
    """Ticks from 0 to at least ``top``: a step of 1, 2, 2.5 or 5 times a power of ten, about
    ``target`` intervals; whole steps only when ``integer``."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / target
    mag = 10.0 ** math.floor(math.log10(raw))
    steps = [m * mag for m in (1, 2, 2.5, 5, 10)]
    if integer:
        steps = [s for s in steps if s >= 1 and float(s).is_integer()] or [1.0]
    step = next((s for s in steps if s >= raw), steps[-1])
    n = max(1, math.ceil(top / step - 1e-9))
    return [i * step for i in range(n + 1)]


def _top(items: Sequence[tuple[str, float]], n: int = MAX_BARS) -> list[tuple[str, float]]:
    items = list(items)
    if len(items) <= n:
        return items
    rest = items[n - 1:]
    return items[: n - 1] + [(f"(other {len(rest)})", sum(v for _, v in rest))]


def _cut(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _svg(key: str, height: float, parts: Sequence[str]) -> str:
    return (f'<svg class="chart-svg" role="img" aria-label="{_text(key)}" xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="0 0 {WIDTH} {_num(height)}" font-family="sans-serif" font-size="{FONT}">'
            + "".join(parts) + "</svg>")


class _Plot:
    """The plot area of one chart and its value axis: ``horizontal`` = bars grow rightwards
    (the value axis is at the bottom), else upwards (the value axis is on the left)."""

    def __init__(self, left: float, top: float, right: float, bottom: float, ticks: Sequence[float], horizontal: bool) -> None:
        self.left, self.top, self.right, self.bottom = left, top, right, bottom
        self.ticks, self.horizontal = list(ticks), horizontal
        self.vmax = self.ticks[-1] or 1.0

    def value(self, v: float) -> float:
        """The coordinate of value ``v`` along the value axis."""
        if self.horizontal:
            return self.left + (self.right - self.left) * v / self.vmax
        return self.bottom - (self.bottom - self.top) * v / self.vmax

    def band(self, i: int, n: int) -> tuple[float, float]:
        """Start and width of the ``i``-th of ``n`` bars along the category axis."""
        span = (self.bottom - self.top) if self.horizontal else (self.right - self.left)
        slot = span / max(1, n)
        start = (self.top if self.horizontal else self.left) + i * slot + slot * 0.1
        return start, slot * 0.8

    def bar(self, i: int, n: int, v0: float, v1: float, color: str, title: str) -> str:
        a, b = sorted((self.value(v0), self.value(v1)))
        s, w = self.band(i, n)
        x, y, bw, bh = (a, s, b - a, w) if self.horizontal else (s, a, w, b - a)
        return (f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(bw)}" height="{_num(bh)}" fill="{color}">'
                f"<title>{_text(title)}</title></rect>")

    def axes(self, label: str, integer: bool) -> list[str]:
        """Grid lines, the value axis with its tick labels, the category axis line, the label."""
        out: list[str] = []
        step = self.ticks[1] - self.ticks[0] if len(self.ticks) > 1 else 1.0
        decimals = 0 if integer else _decimals(step)
        for t in self.ticks:
            p = _num(self.value(t))
            tl = _text(f"{t:,.{decimals}f}")
            if self.horizontal:
                out.append(f'<path d="M{p} {_num(self.top)}V{_num(self.bottom)}" stroke="{_GRID}"/>')
                out.append(f'<path d="M{p} {_num(self.bottom)}v4" stroke="{_AXIS}"/>')
                out.append(f'<text x="{p}" y="{_num(self.bottom + 16)}" text-anchor="middle">{tl}</text>')
            else:
                out.append(f'<path d="M{_num(self.left)} {p}H{_num(self.right)}" stroke="{_GRID}"/>')
                out.append(f'<path d="M{_num(self.left)} {p}h-4" stroke="{_AXIS}"/>')
                out.append(f'<text x="{_num(self.left - 7)}" y="{p}" dy="0.35em" text-anchor="end">{tl}</text>')
        x0, y0, x1, y1 = (_num(x) for x in (self.left, self.top, self.right, self.bottom))
        out.append(f'<path d="M{x0} {y0}V{y1}H{x1}" fill="none" stroke="{_AXIS}"/>')  # left and bottom spines
        if label and self.horizontal:
            out.append(f'<text x="{_num((self.left + self.right) / 2)}" y="{_num(self.bottom + 34)}" text-anchor="middle">{_text(label)}</text>')
        elif label:
            cy = _num((self.top + self.bottom) / 2)
            out.append(f'<text transform="translate(14 {cy}) rotate(-90)" text-anchor="middle">{_text(label)}</text>')
        return out

    def categories(self, labels: Sequence[str], tilt: bool) -> list[str]:
        out: list[str] = []
        for i, lab in enumerate(labels):
            s, w = self.band(i, len(labels))
            c = _num(s + w / 2)
            if self.horizontal:
                out.append(f'<text x="{_num(self.left - 6)}" y="{c}" dy="0.35em" text-anchor="end">{_text(lab)}</text>')
            elif tilt:
                y = _num(self.bottom + 12)
                out.append(f'<text transform="translate({c} {y}) rotate(-45)" text-anchor="end">{_text(lab)}</text>')
            else:
                out.append(f'<text x="{c}" y="{_num(self.bottom + 16)}" text-anchor="middle">{_text(lab)}</text>')
        return out


def _margins(labels: Sequence[str], horizontal: bool, tilt: bool, legend: Sequence[str] = ()) -> tuple[float, float, float]:
    """Left, right and bottom margins (px) that fit the labels and the legend."""
    if horizontal:
        left = min(0.45 * WIDTH, 14 + _CHAR * max((len(x) for x in labels), default=3))
        bottom = 44.0
    else:
        left = 64.0
        bottom = 44.0 + (0.72 * _CHAR * max((len(x) for x in labels), default=0) - 16 if tilt else 0.0)
    right = (30 + _CHAR * 0.95 * max(len(x) for x in legend)) if legend else 36.0
    return left, min(right, 0.4 * WIDTH), min(bottom, 220.0)


def bars(key: str, items: Sequence[tuple[str, float]], xlabel: str = "", horizontal: bool = True) -> str:
    """A bar chart of ``(label, value)`` pairs in the order given (top ``MAX_BARS``), each bar
    labelled with its value."""
    items = _top(items)
    labels = [_cut(str(k), 48) for k, _ in items]
    values = [float(v) for _, v in items]
    tilt = not horizontal and (len(items) > 6 or sum(len(k) for k in labels) > 60)
    left, right, bottom = _margins(labels, horizontal, tilt)
    top = 12.0
    height = max(120.0, top + 26 * max(1, len(items)) + bottom) if horizontal else 280 + (bottom - 44)
    vmax = max(values, default=0.0)
    # room for the value labels past the longest bar (about 12 % of the axis, like a margin)
    ticks = nice_ticks(vmax * 1.12 if vmax else 1.0, integer=all(v.is_integer() for v in values))
    p = _Plot(left, top, WIDTH - right, height - bottom, ticks, horizontal)
    parts = p.axes(xlabel, integer=all(v.is_integer() for v in values))
    for i, (lab, v) in enumerate(zip(labels, values, strict=True)):
        parts.append(p.bar(i, len(values), 0.0, v, PALETTE[0], f"{lab}: {_fmt(v)}"))
        s, w = p.band(i, len(values))
        if horizontal:
            parts.append(f'<text x="{_num(p.value(v) + 3)}" y="{_num(s + w / 2)}" dy="0.35em" font-size="{SMALL}">{_fmt(v)}</text>')
        else:
            parts.append(f'<text x="{_num(s + w / 2)}" y="{_num(p.value(v) - 3)}" text-anchor="middle" font-size="{SMALL}">{_fmt(v)}</text>')
    parts += p.categories(labels, tilt)
    return _svg(key, height, parts)


def stacked(key: str, categories: Sequence[str], series: Mapping[str, Sequence[float]], ylabel: str = "",
            horizontal: bool = False, integer: bool = True, legend_title: str = "") -> str:
    """Stacked bars: one bar per category, one colour per series (legend right of the plot)."""
    cats = [_cut(c, 32) for c in categories]
    names = list(series)
    tilt = not horizontal and (len(cats) > 5 or max((len(c) for c in cats), default=0) > 9)
    left, right, bottom = _margins(cats, horizontal, tilt, legend=names + ([legend_title] if legend_title else []))
    top = 12.0
    legend_h = 24 + 17 * (len(names) + (1 if legend_title else 0))
    if horizontal:
        height = max(120.0, top + 30 * max(1, len(cats)) + bottom, legend_h + bottom)
    else:
        height = max(300 + (bottom - 44), legend_h + bottom)
    totals = [0.0] * len(cats)
    for vals in series.values():
        totals = [t + float(v) for t, v in zip(totals, vals, strict=True)]
    ticks = nice_ticks(max(totals, default=0.0) * (1.0 if horizontal else 1.1) or 1.0, integer=integer)
    p = _Plot(left, top, WIDTH - right, height - bottom, ticks, horizontal)
    parts = p.axes(ylabel, integer)
    base = [0.0] * len(cats)
    for k, (name, vals) in enumerate(series.items()):
        color = PALETTE[k % len(PALETTE)]
        for i, v in enumerate(vals):
            v = float(v)
            if v:
                parts.append(p.bar(i, len(cats), base[i], base[i] + v, color, f"{cats[i]}, {name}: {_fmt(v)}"))
            base[i] += v
    parts += p.categories(cats, tilt)
    if names:  # the legend, beside the plot
        x, y = WIDTH - right + 14, top + 4
        if legend_title:
            parts.append(f'<text x="{_num(x)}" y="{_num(y + 9)}" font-size="{SMALL}" font-weight="bold">{_text(legend_title)}</text>')
            y += 17
        for k, name in enumerate(names):
            parts.append(f'<rect x="{_num(x)}" y="{_num(y)}" width="14" height="10" fill="{PALETTE[k % len(PALETTE)]}"/>')
            parts.append(f'<text x="{_num(x + 19)}" y="{_num(y + 9)}" font-size="{SMALL}">{_text(name)}</text>')
            y += 17
    return _svg(key, height, parts)
