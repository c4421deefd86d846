"""Charts of numbers: bars, horizontal bars, stacked bars and lines."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

from deckgen.figures.style import palette, tick_unit
from deckgen.layout.numbers import format_value
from deckgen.outline.model import Chart, Theme

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def _style_axes(ax: Axes, theme: Theme, value_axis: Literal["x", "y"]) -> None:
    c = theme.colors
    ax.set_facecolor(c.background)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(c.muted)
    ax.tick_params(colors=c.text, labelsize=15, length=0, pad=8)
    ax.grid(axis=value_axis, color=c.muted, alpha=0.25, linewidth=0.8)
    ax.set_axisbelow(True)


def _value_formatter(chart: Chart) -> Callable[[float, int], str]:
    unit = chart.unit if tick_unit(chart.unit) else ""

    def fmt(value: float, _pos: int) -> str:
        # Plain numbers, never mathtext like 10^5: they read at a glance and need no glyphs
        # the font may lack.
        return format_value(round(value, 6), unit)

    return fmt


def draw(figure: Figure, chart: Chart, theme: Theme) -> None:
    from matplotlib.layout_engine import ConstrainedLayoutEngine
    from matplotlib.ticker import FuncFormatter, LogLocator

    colors = palette(theme)
    horizontal = chart.kind == "barh"
    legend = len(chart.series) > 1
    figure.set_layout_engine(ConstrainedLayoutEngine(w_pad=0.12, h_pad=0.12))
    ax = figure.add_subplot()
    value_axis: Literal["x", "y"] = "x" if horizontal else "y"
    _style_axes(ax, theme, value_axis)
    count = len(chart.categories)
    positions = list(range(count))
    label_style: dict[str, Any] = {"fontsize": 15, "color": theme.colors.text, "fontweight": "bold"}

    if chart.kind in ("bar", "barh"):
        n = len(chart.series)
        width = 0.7 / n
        for s, series in enumerate(chart.series):
            offsets = [p - 0.35 + width * (s + 0.5) for p in positions]
            draw = ax.barh if horizontal else ax.bar
            bars = draw(
                offsets,
                series.values,
                width * 0.92,
                color=colors[s % len(colors)],
                label=series.name,
                zorder=3,
            )
            if chart.labels:
                ax.bar_label(
                    bars,
                    labels=[format_value(v, chart.unit) for v in series.values],
                    padding=5,
                    **label_style,
                )
    elif chart.kind == "stacked":
        bottoms = [0.0] * count
        for s, series in enumerate(chart.series):
            bars = ax.bar(
                positions,
                series.values,
                0.6,
                bottom=bottoms,
                color=colors[s % len(colors)],
                label=series.name,
                zorder=3,
            )
            if chart.labels:
                ax.bar_label(
                    bars,
                    labels=[format_value(v, chart.unit) if v else "" for v in series.values],
                    label_type="center",
                    fontsize=14,
                    color="#FFFFFF",
                    fontweight="bold",
                )
            bottoms = [b + v for b, v in zip(bottoms, series.values, strict=True)]
        if chart.labels and len(chart.series) > 1:
            for p, total in zip(positions, bottoms, strict=True):
                ax.annotate(
                    format_value(total, chart.unit),
                    (p, total),
                    xytext=(0, 6),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    **label_style,
                )
    else:  # line
        for s, series in enumerate(chart.series):
            color = colors[s % len(colors)]
            ax.plot(
                positions,
                series.values,
                color=color,
                linewidth=3,
                marker="o",
                markersize=9,
                label=series.name,
                zorder=3,
            )
            if chart.labels:
                for p, v in zip(positions, series.values, strict=True):
                    ax.annotate(
                        format_value(v, chart.unit),
                        (p, v),
                        xytext=(0, 10),
                        textcoords="offset points",
                        ha="center",
                        va="bottom",
                        **{**label_style, "color": color},
                    )

    category_axis = ax.yaxis if horizontal else ax.xaxis
    value = ax.xaxis if horizontal else ax.yaxis
    category_axis.set_ticks(positions, labels=list(chart.categories))
    if horizontal:
        ax.invert_yaxis()  # the first category on top, as written
    if chart.log:
        (ax.set_xscale if horizontal else ax.set_yscale)("log")
        value.set_major_locator(LogLocator(base=10))
        value.set_minor_formatter(FuncFormatter(lambda _v, _p: ""))
    value.set_major_formatter(FuncFormatter(_value_formatter(chart)))
    if chart.unit and not tick_unit(chart.unit):
        label = ax.set_xlabel if horizontal else ax.set_ylabel
        label(f"({chart.unit.strip()})", fontsize=14, color=theme.colors.muted, labelpad=10)
    _headroom(ax, chart, horizontal)
    if chart.kind == "line":
        ax.set_xlim(-0.4, count - 0.6)
    if legend:
        figure.legend(
            loc="outside upper left",
            ncols=min(len(chart.series), 4),
            frameon=False,
            fontsize=15,
            labelcolor=theme.colors.text,
        )


def _headroom(ax: Axes, chart: Chart, horizontal: bool) -> None:
    """Leave room past the largest value for its label."""
    if chart.kind == "stacked":
        top = max(sum(vals) for vals in zip(*(s.values for s in chart.series), strict=True))
        low = 0.0
    else:
        values = [v for s in chart.series for v in s.values]
        top, low = max(values), min(values)
    get, set_ = (ax.get_xlim, ax.set_xlim) if horizontal else (ax.get_ylim, ax.set_ylim)
    _, hi = get()
    if chart.log:
        # Start at the power of ten below the smallest value, so bars have a true baseline.
        low = min(v for s in chart.series for v in s.values)
        base = 10 ** math.floor(math.log10(low))
        if chart.kind == "line" and base >= low / 1.5:
            base /= 10  # a point on the axis line would hide
        set_(base, hi * (4 if chart.labels else 1.5))
    else:
        # Labels sit past the bar's end: below a negative bar, above a positive one.
        pad = (max(top, 0) - min(low, 0)) * (0.16 if chart.labels else 0.06)
        set_(low - pad if low < 0 else 0, top + pad if top > 0 else 0)
