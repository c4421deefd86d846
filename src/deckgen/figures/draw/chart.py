"""Charts of numbers: bars, horizontal bars, stacked bars and lines.

One point per chart: highlighted marks in the accent colour and the rest muted, values labelled
directly (then no value axis or gridlines), each label with the unit, notes on lines of their
own and a reference line with its value placed where they cover nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import field
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from matplotlib.ticker import Formatter

from deckgen.colors import LARGE_CONTRAST, contrast, mix
from deckgen.figures import style
from deckgen.figures.draw import place
from deckgen.layout import numbers
from deckgen.outline.model import Chart, Theme
from deckgen.record import record

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox

LABEL_PT = style.LABEL_PT
SPACED_MAX = 1e15
"""Categories that are numbers up to this size space a line chart's points by their value."""
NOTE_PT = style.LABEL_PT
"""Size of a note and of a reference line's label: as large as the values they explain."""
Rect = tuple[float, float, float, float]


@record(frozen=False)
class _Drawn:
    """What a chart drew that a callout must keep clear of, and where each mark ends."""

    marks: list[Artist] = field(default_factory=list)
    lines: list[Line2D] = field(default_factory=list)
    labels: list[Text] = field(default_factory=list)
    ends: dict[int, list[Callable[[], Bbox]]] = field(default_factory=dict)
    """By category: the display box where each of its marks ends (bar end or point), with
    its label."""
    values: dict[int, list[Text]] = field(default_factory=dict)
    """By category: the value labels of its horizontal bars (a note goes on a line of its own
    under or over one, never beside it, where it would read as part of the value)."""


def draw(figure: Figure, chart: Chart, theme: Theme, body: Rect = (0, 0, 1, 1)) -> None:
    """Draw `chart` into `body` (a rectangle of `figure`, in figure fractions)."""
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    horizontal = chart.kind == "barh"
    figure.set_layout_engine(ConstrainedLayoutEngine(w_pad=0.12, h_pad=0.12, rect=body))
    ax = figure.add_subplot()
    positions = _positions(chart)
    drawn = _Drawn()
    if chart.kind in ("bar", "barh"):
        _bars(ax, chart, theme, positions, drawn)
    elif chart.kind == "stacked":
        _stacked(ax, chart, theme, positions, drawn)
    else:
        _lines(ax, chart, theme, positions, drawn)
    _axes(ax, chart, theme, positions)
    limits = _limits(ax, chart, horizontal)
    if len(chart.series) > 1:
        _legend(ax, chart, theme)
    callouts = _reference(ax, chart, theme, drawn)
    callouts += _annotations(ax, chart, theme, drawn)
    if callouts:

        def obstacles() -> place.Obstacles:
            _off_the_line(ax, chart, drawn)
            return _obstacles(ax, drawn, figure)

        place.place(figure, ax, callouts, obstacles, limits)


def _positions(chart: Chart) -> list[float]:
    """Return where each category sits: evenly spaced, or by value for a line chart whose
    categories are numbers in increasing order (years)."""
    numeric = all(numbers.is_number(c) for c in chart.categories)
    if chart.kind == "line" and len(chart.categories) > 1 and numeric:
        values = [float(c) for c in chart.categories]
        # Within a value's limit, as years are: 1e308 and -1e308 span more than a float holds.
        small = all(abs(v) <= SPACED_MAX for v in values)
        if small and all(a < b for a, b in pairwise(values)):
            return values
    return [float(i) for i in range(len(chart.categories))]


def _label_texts(chart: Chart) -> list[list[str]]:
    """Return each value's label, by series then category, each with the unit."""
    flat = [v for s in chart.series for v in s.values]
    texts = numbers.labels(flat, chart.unit, chart.numbers or "western")
    count = len(chart.categories)
    return [texts[s * count : (s + 1) * count] for s in range(len(chart.series))]


def _halo(theme: Theme) -> dict[str, Any]:
    """Return what sets a value label above lines, on a patch of the background: a reference
    line that crosses it breaks instead of striking it through."""
    box = {"boxstyle": "square,pad=0.15", "facecolor": theme.colors.background, "edgecolor": "none"}
    return {"zorder": 6, "bbox": box}


def _label_style(chart: Chart, theme: Theme, s: int, c: int) -> dict[str, Any]:
    """Return the font of a value label: emphasised where the chart highlights its mark."""
    if chart.highlight is None:
        return {"color": theme.colors.text, "fontweight": "bold"}
    if style.emphasised(chart)[s][c]:
        return {"color": style.label_color(theme, True), "fontweight": "bold"}
    return {"color": style.quiet_color(theme), "fontweight": "normal"}


def _bars(ax: Axes, chart: Chart, theme: Theme, positions: list[float], drawn: _Drawn) -> None:
    fills = style.mark_colors(chart, theme)
    texts = _label_texts(chart)
    n = len(chart.series)
    width = 0.7 / n
    horizontal = chart.kind == "barh"
    for s, series in enumerate(chart.series):
        offsets = [p - 0.35 + width * (s + 0.5) for p in positions]
        bar = ax.barh if horizontal else ax.bar
        bars = bar(offsets, series.values, width * 0.92, color=fills[s], zorder=3)
        drawn.marks += list(bars)
        labels: list[Text | None] = [None] * len(bars)
        if chart.labels:
            made = ax.bar_label(bars, labels=texts[s], padding=5, fontsize=LABEL_PT)
            for c, label in enumerate(made):
                label.set(**_label_style(chart, theme, s, c), **_halo(theme))
                labels[c] = label
                if horizontal:
                    drawn.values.setdefault(c, []).append(label)
            drawn.labels += made
        for c, patch in enumerate(bars):
            drawn.ends.setdefault(c, []).append(_bar_end(patch, labels[c], horizontal))


def _bar_end(patch: Artist, label: Text | None, horizontal: bool) -> Callable[[], Bbox]:
    """Return a function of the display box at the bar's end, with its label."""

    def box() -> Bbox:
        from matplotlib.transforms import Bbox

        bar = patch.get_window_extent()
        value_positive = getattr(patch, "get_width" if horizontal else "get_height")() >= 0
        if horizontal:
            x = bar.x1 if value_positive else bar.x0
            end = Bbox.from_extents(x, bar.y0, x, bar.y1)
        else:
            y = bar.y1 if value_positive else bar.y0
            end = Bbox.from_extents(bar.x0, y, bar.x1, y)
        if label is not None and label.get_text():
            return Bbox.union([end, label.get_window_extent()])
        return end

    return box


def _stacked(ax: Axes, chart: Chart, theme: Theme, positions: list[float], drawn: _Drawn) -> None:
    fills = style.mark_colors(chart, theme)
    count = len(chart.categories)
    unit, style_ = chart.unit, chart.numbers or "western"
    several = len(chart.series) > 1
    # The unit on every label: each segment's, or with several series each stack's total
    # (the segments then bare numbers, as a short unit such as "%" is kept on each anyway).
    keep = numbers.short_unit(unit) or not several
    bottoms = [0.0] * count
    tops: list[list[Artist]] = [[] for _ in range(count)]
    for s, series in enumerate(chart.series):
        bars = ax.bar(positions, series.values, 0.6, bottom=bottoms, color=fills[s], zorder=3)
        drawn.marks += list(bars)
        for c, patch in enumerate(bars):
            tops[c].append(patch)
        if chart.labels:
            texts = [
                numbers.format_value(v, unit, style_, with_unit=keep) if v else ""
                for v in series.values
            ]
            made = ax.bar_label(bars, labels=texts, label_type="center", fontsize=LABEL_PT)
            for c, label in enumerate(made):
                on = fills[s][c]
                label.set(color=style.ink(on, theme.colors.text), fontweight="bold")
            drawn.labels += made
        bottoms = [b + v for b, v in zip(bottoms, series.values, strict=True)]
    totals: list[Text | None] = [None] * count
    if chart.labels and several:
        for c, (p, total, text) in enumerate(
            zip(positions, bottoms, numbers.labels(bottoms, unit, style_), strict=True)
        ):
            font = _total_style(chart, theme, c)
            totals[c] = ax.annotate(
                text,
                (p, total),
                xytext=(0, 6),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=LABEL_PT,
                **font,
                **_halo(theme),
            )
            drawn.labels.append(totals[c])  # type: ignore[arg-type]
    for c in range(count):
        drawn.ends[c] = [_bar_end(tops[c][-1], totals[c], False)]


def _total_style(chart: Chart, theme: Theme, c: int) -> dict[str, Any]:
    """Return the font of a stack's total: emphasised where the chart highlights its category."""
    categories, _series = style.highlighted(chart)
    if chart.highlight is None:
        return {"color": theme.colors.text, "fontweight": "bold"}
    if c in categories:
        return {"color": style.label_color(theme, True), "fontweight": "bold"}
    return {"color": style.quiet_color(theme), "fontweight": "normal"}


def _lines(ax: Axes, chart: Chart, theme: Theme, positions: list[float], drawn: _Drawn) -> None:
    fills = style.mark_colors(chart, theme)
    colors = style.series_colors(chart, theme)
    categories, series_mark = style.highlighted(chart)
    texts = _label_texts(chart)
    for s, series in enumerate(chart.series):
        color = colors[s]
        if categories:  # the line is context; the highlighted points carry the colour
            single = len(chart.series) == 1
            color = style.context(theme) if single else mix(color, theme.colors.background, 0.6)
        width = 3.5 if s == series_mark else 2 if series_mark is not None else 3
        (line,) = ax.plot(positions, series.values, color=color, linewidth=width, zorder=3)
        drawn.lines.append(line)
        for c, (p, v) in enumerate(zip(positions, series.values, strict=True)):
            marked = c in categories
            (point,) = ax.plot(
                [p],
                [v],
                marker="o",
                markersize=12 if marked else 9,
                color=fills[s][c] if categories else color,
                linestyle="none",
                zorder=4 if marked or s == series_mark else 3,
            )
            drawn.marks.append(point)
            label = None
            if chart.labels:
                font = _label_style(chart, theme, s, c)
                if chart.highlight is None:
                    readable = contrast(colors[s], theme.colors.background) >= LARGE_CONTRAST
                    font["color"] = colors[s] if readable else theme.colors.text
                label = ax.annotate(
                    texts[s][c],
                    (p, v),
                    xytext=(0, 10),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    fontsize=LABEL_PT,
                    **font,
                    **_halo(theme),
                )
                drawn.labels.append(label)
            drawn.ends.setdefault(c, []).append(_point_end(point, label))


def _point_end(point: Line2D, label: Text | None) -> Callable[[], Bbox]:
    def box() -> Bbox:
        from matplotlib.transforms import Bbox

        mark = point.get_window_extent()
        return Bbox.union([mark, label.get_window_extent()]) if label is not None else mark

    return box


def _axes(ax: Axes, chart: Chart, theme: Theme, positions: list[float]) -> None:
    """Style the axes: categories along one, values along the other unless labelled."""
    c = theme.colors
    horizontal = chart.kind == "barh"
    ax.set_facecolor(c.background)
    for side in ("top", "right", "left" if not horizontal else "bottom"):
        ax.spines[side].set_visible(False)
    baseline = "bottom" if not horizontal else "left"
    ax.spines[baseline].set_color(c.muted)
    ax.tick_params(colors=c.text, labelsize=LABEL_PT, length=0, pad=8)
    ax.tick_params(which="minor", length=0)
    category_axis = ax.yaxis if horizontal else ax.xaxis
    value_axis = ax.xaxis if horizontal else ax.yaxis
    category_axis.set_ticks(positions, labels=list(chart.categories))
    if horizontal:
        ax.invert_yaxis()  # the first category on top, as written
    values = [v for s in chart.series for v in s.values]
    if chart.kind != "line" and min(values) < 0 and not chart.log:
        # Bars grow from zero; the category labels stay below, clear of negative bars.
        ax.spines[baseline].set_visible(False)
        line = ax.axvline if horizontal else ax.axhline
        line(0, color=c.muted, linewidth=1, zorder=2)
    if chart.log:
        from matplotlib.ticker import LogLocator, NullFormatter

        (ax.set_xscale if horizontal else ax.set_yscale)("log")
        value_axis.set_major_locator(LogLocator(base=10))
        value_axis.set_minor_formatter(NullFormatter())
    if chart.labels:
        # The labels say every value: no value axis, no gridlines.
        value_axis.set_visible(False)
        return
    ax.grid(axis="x" if horizontal else "y", color=mix(c.muted, c.background, 0.75), linewidth=0.8)
    ax.set_axisbelow(True)
    value_axis.set_major_formatter(_TickFormatter(chart))
    ax.tick_params(axis="x" if horizontal else "y", colors=style.quiet_color(theme))


class _TickFormatter(Formatter):
    """Ticks as `format_value` writes them, the unit once: on the tick farthest from zero."""

    def __init__(self, chart: Chart) -> None:
        self.chart = chart
        self.last: float | None = None

    def format_ticks(self, values: list[float]) -> list[str]:
        """Return the labels of the ticks at `values`, noting which shown one takes the unit."""
        assert self.axis is not None, "a tick formatter is set on an axis"
        low, high = sorted(self.axis.get_view_interval())
        shown = [t for t in values if low - 1e-9 * abs(low) <= t <= high + 1e-9 * abs(high)]
        self.last = max(shown, key=abs) if shown else None
        return [self(value, i) for i, value in enumerate(values)]

    def __call__(self, value: float, pos: int | None = None) -> str:
        if value == 0:
            return "0"
        unit, style_ = self.chart.unit, self.chart.numbers or "western"
        keep = numbers.short_unit(unit) or (
            self.last is not None and math.isclose(value, self.last)
        )
        # Plain numbers, never mathtext like 10^5: they read at a glance and need no glyphs
        # the font may lack.
        return numbers.format_value(round(value, 6), unit, style_, with_unit=keep)


def _limits(ax: Axes, chart: Chart, horizontal: bool) -> Callable[[], None]:
    """Set the value axis' range: from zero for bars, with room past the largest value for its
    label; return a function that grows the room (for callouts that need it)."""
    if chart.kind == "stacked":
        top = max(sum(vals) for vals in zip(*(s.values for s in chart.series), strict=True))
        low = 0.0
    else:
        values = [v for s in chart.series for v in s.values]
        top, low = max(values), min(values)
    if chart.reference is not None:
        top, low = max(top, chart.reference.value), min(low, chart.reference.value)
    get, set_ = (ax.get_xlim, ax.set_xlim) if horizontal else (ax.get_ylim, ax.set_ylim)
    if chart.kind == "line" and len(chart.categories) > 1:
        positions = _positions(chart)
        pad = (positions[-1] - positions[0]) * 0.07
        ax.set_xlim(positions[0] - pad, positions[-1] + pad)
    elif chart.kind == "line":
        ax.set_xlim(-0.5, 0.5)
    if chart.log:
        low = min(v for s in chart.series for v in s.values)
        if chart.reference is not None:
            low = min(low, chart.reference.value)
        # Start at the power of ten below the smallest value, so bars have a true baseline.
        base = 10 ** math.floor(math.log10(low))
        if chart.kind == "line" and base >= low / 1.5:
            base /= 10  # a point on the axis line would hide
        set_(base, 10 ** math.log10(top) * (4 if chart.labels else 1.5))
    else:
        # Labels sit past the bar's end: below a negative bar, above a positive one.
        span = max(top, 0) - min(low, 0)
        pad = span * (0.16 if chart.labels else 0.06)
        if chart.kind == "line" and low > 0:
            low = 0.0  # lines start at zero too, so their slopes are not exaggerated
        bottom, upper = low - pad if low < 0 else 0, top + pad if top > 0 else 0
        set_(bottom, upper if upper > bottom else bottom + 1)  # all zero: an axis from 0 to 1

    def grow() -> None:
        lo, hi = get()
        if chart.log:
            set_(lo, hi * 2)
        else:  # below negative bars too, where their notes go
            span = hi - lo
            set_(lo - span * 0.06 if lo < 0 else lo, hi + span * 0.12)

    return grow


def _legend(ax: Axes, chart: Chart, theme: Theme) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    colors = style.series_colors(chart, theme)
    handles: list[Artist] = [
        Line2D([], [], color=color, linewidth=3, marker="o", markersize=8)
        if chart.kind == "line"
        else Patch(color=color)
        for color in colors
    ]
    # Above the plot, from its left edge: inside the figure's layout, under any headline.
    ax.legend(
        handles,
        [s.name for s in chart.series],
        loc="lower left",
        bbox_to_anchor=(0, 1.02),
        borderaxespad=0,
        ncols=min(len(chart.series), 4),
        frameon=False,
        fontsize=LABEL_PT,
        labelcolor=theme.colors.text,
    )


def _reference(ax: Axes, chart: Chart, theme: Theme, drawn: _Drawn) -> list[place.Callout]:
    """Draw the reference line and return its label, to be placed on the line."""
    reference = chart.reference
    if reference is None:
        return []
    horizontal = chart.kind == "barh"
    line = ax.axvline if horizontal else ax.axhline
    rule = line(reference.value, color=theme.colors.text, linewidth=1.5, linestyle=(0, (5, 3)))
    rule.set_zorder(4.5)  # over the bars, under the labels (their halo breaks the line)
    drawn.lines.append(rule)
    # Its value in its label ("Target 150M"), in the style of the chart's values.
    style_ = chart.numbers or "western"
    words = numbers.reference_text(reference.label, reference.value, chart.unit, style_)
    text = ax.text(0, 0, words, fontsize=NOTE_PT, color=theme.colors.text, zorder=6)
    text.set_in_layout(False)

    def anchor() -> Bbox:
        from matplotlib.transforms import Bbox

        frame = ax.get_window_extent()
        if horizontal:
            x = ax.transData.transform((reference.value, 0))[0]
            return Bbox.from_extents(x, frame.y0, x, frame.y1)
        y = ax.transData.transform((0, reference.value))[1]
        return Bbox.from_extents(frame.x0, y, frame.x1, y)

    # Just above the line at its right end (beside it at the top, for a vertical line).
    order = ("en", "wn", "es", "ws") if horizontal else ("nw", "sw", "ne", "se")
    return [place.Callout(text, anchor, place.around(4, order))]


def _box_of(text: Text) -> Callable[[], Bbox]:
    """Return a function of the display box of `text`."""
    return lambda: text.get_window_extent()


def _off_the_line(ax: Axes, chart: Chart, drawn: _Drawn) -> None:
    """Move each value label the reference line runs through to the line's far side, so the
    line passes between the mark and its value instead of striking the value through."""
    from matplotlib.text import Annotation

    if chart.reference is None:
        return
    horizontal = chart.kind == "barh"
    at = chart.reference.value
    line = ax.transData.transform((at, at))[0 if horizontal else 1]
    for label in drawn.labels:
        if not isinstance(label, Annotation) or not label.get_text():
            continue
        if label.get_horizontalalignment() == label.get_verticalalignment() == "center":
            continue  # a stacked segment's label stays in its segment
        box = label.get_window_extent()
        low, high = (box.x0, box.x1) if horizontal else (box.y0, box.y1)
        if low < line < high:
            x, y = label.xy
            label.xy = (at, y) if horizontal else (x, at)


def _annotations(ax: Axes, chart: Chart, theme: Theme, drawn: _Drawn) -> list[place.Callout]:
    """Return the chart's notes, to be placed beside their marks."""
    from deckgen.figures.draw import text as measure

    callouts = []
    figure = ax.get_figure(root=True)
    assert figure is not None
    width = figure.get_figwidth() * figure.dpi * 0.28
    horizontal = chart.kind == "barh"
    for note in chart.annotations:
        c = list(chart.categories).index(note.at)
        ends = drawn.ends.get(c, [])
        _categories, marked = style.highlighted(chart)
        if marked is not None and len(ends) == len(chart.series):
            ends = [ends[marked]]  # the note is about the highlighted series' mark
        if not ends:
            continue
        values = drawn.values.get(c, [])
        if marked is not None and len(values) == len(chart.series):
            values = [values[marked]]
        if horizontal and values:
            # Under (or over) the value, starting where it starts: a line of its own.
            ends = [_box_of(label) for label in values]
        lines = measure.wrap(figure, note.text, NOTE_PT, width)
        text = ax.text(0, 0, "\n".join(lines), fontsize=NOTE_PT, color=theme.colors.text)
        text.set(zorder=6, linespacing=1.25)
        text.set_in_layout(False)

        def anchor(ends: list[Callable[[], Bbox]] = ends) -> Bbox:
            from matplotlib.transforms import Bbox

            return Bbox.union([end() for end in ends])

        order: tuple[str, ...]
        if horizontal and values:
            order = ("se", "ne", "s", "n", "e", "w")
        elif horizontal:
            order = ("e", "es", "en", "se", "ne", "w")
        elif chart.kind == "line":
            order = ("n", "e", "w", "s", "ne", "nw", "se", "sw")
        else:
            order = ("n", "en", "wn", "e", "w", "es", "ws")
        if chart.kind != "line" and chart.series[0].values[c] < 0:  # the bar ends below zero
            flip = str.maketrans("ew", "we") if horizontal else str.maketrans("ns", "sn")
            order = tuple(name.translate(flip) for name in order)
        callouts.append(place.Callout(text, anchor, place.around(6, order), patient=True))
    return callouts


def _obstacles(ax: Axes, drawn: _Drawn, figure: Figure) -> place.Obstacles:
    """Return the boxes and segments of everything drawn, in display space."""
    boxes = [artist.get_window_extent() for artist in [*drawn.marks, *drawn.labels]]
    for label in [*ax.get_xticklabels(), *ax.get_yticklabels()]:
        if label.get_visible() and label.get_text():
            boxes.append(label.get_window_extent())
    legend = ax.get_legend()
    if legend is not None:
        boxes.append(legend.get_window_extent())
    segments: list[place.Segment] = []
    for line in drawn.lines:
        points = line.get_transform().transform(line.get_xydata())
        segments += [((a[0], a[1]), (b[0], b[1])) for a, b in pairwise(points)]
    return place.Obstacles(boxes, segments)
