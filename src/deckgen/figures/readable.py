"""Charts that cannot be read at the size they are drawn: measured before anything is drawn.

A chart at the model's limits (60 categories of 100 characters, 10 series) passes every rule of
the outline, yet its labels need many times the room the slide gives it: matplotlib then draws
for seconds into a picture nobody can read (the plot squeezed to nothing between its labels).
This module measures the labels with the bundled font, as the chart sets them, without
matplotlib: a chart whose labels need more than twice their room is an error (in `check` as in
`build`, so the build never draws it); one whose labels need more than their room, a warning.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from deckgen.errors import Path
from deckgen.figures import style
from deckgen.layout import fit, numbers
from deckgen.outline.model import Chart

LINE_IN = style.LABEL_PT * fit.LINE_PITCH / 72
"""The height of a line of the chart's labels, in inches."""
TEXT_IN = style.LABEL_PT / 72
"""The height of a label's letters, in inches: labels of bars side by side may touch."""
GAP_IN = 0.05
"""Room between two labels side by side, in inches."""
FRAME_IN = 0.6
"""Room the value axis, its ticks and the padding take beside the plot, at least, in inches."""
LEGEND_KEY_IN = 0.55
"""Room a legend entry takes beside its name: its colour key and the gaps, in inches."""
LEGEND_COLUMNS = 4
"""Entries on a row of the legend (as the chart draws it)."""
BESIDE = 0.4
"""Share of a barh chart's width its category labels may take; twice that leaves no plot."""
TOO_MUCH = 2.0
"""How many times their room a chart's labels may need before the chart is refused."""


@dataclass(frozen=True)
class Finding:
    """Labels of a chart that need more room than they get, and where in the deck."""

    path: Path
    message: str
    severity: Literal["error", "warning"]


def findings(chart: Chart, width: float, height: float, at: Path) -> list[Finding]:
    """Return what keeps `chart`, drawn `width` x `height` inches, from being read."""
    found = []
    for key, need, room, what, fix in _needs(chart, width, height):
        if need <= room:
            continue
        severity: Literal["error", "warning"] = "error" if need > TOO_MUCH * room else "warning"
        result = "the chart cannot be drawn readably" if severity == "error" else "they overlap"
        message = f"{what} need {need:.1f} in and get {max(room, 0):.1f} in: {result}; {fix}"
        found.append(Finding((*at, key), message, severity))
    return found


def _width(text: str) -> float:
    """Return the width of a label on one line, in inches."""
    return fit.width_pt(text, style.LABEL_PT) / 72


def _needs(
    chart: Chart, width: float, height: float
) -> Iterator[tuple[str, float, float, str, str]]:
    """Yield, for each kind of label: the key it comes from, the inches it needs and gets, what
    it is, and how to fix it."""
    count, several = len(chart.categories), len(chart.series) > 1
    legend_rows = 0
    if several:
        names = [_width(s.name) + LEGEND_KEY_IN for s in chart.series]
        rows = [names[i : i + LEGEND_COLUMNS] for i in range(0, len(names), LEGEND_COLUMNS)]
        legend_rows = len(rows)
        yield (
            "series",
            max(sum(row) for row in rows),
            width,
            "the series names on a row of the legend",
            "shorten them",
        )
    plot_height = height - FRAME_IN - legend_rows * LINE_IN
    labels = [_width(c) for c in chart.categories]
    if chart.kind == "barh":
        yield (
            "categories",
            max(labels),
            width * BESIDE,
            "the category labels beside the bars",
            "shorten them",
        )
        yield (
            "categories",
            count * LINE_IN,
            plot_height,
            f"{count} category labels one above the other",
            "use fewer categories",
        )
        plot_width = width - FRAME_IN - max(labels)
    else:
        plot_width = width - FRAME_IN
        yield (
            "categories",
            sum(labels) + GAP_IN * count,
            plot_width,
            f"{count} category labels side by side",
            "shorten them, use fewer categories, or use kind: barh",
        )
    if chart.labels:
        texts = numbers.labels(
            [v for s in chart.series for v in s.values], chart.unit, chart.numbers or "western"
        )
        if chart.kind == "barh":  # each at the end of its bar, one bar above the other
            need, room = len(texts) * TEXT_IN, plot_height
        elif chart.kind == "stacked":  # in their segments, a total above each stack
            need = max(_width(t) for t in texts) * count + GAP_IN * count
            room = plot_width
        elif chart.kind == "line":  # above their points: a category's share one column
            columns = [texts[c::count] for c in range(count)]
            need = sum(max(_width(t) for t in column) for column in columns) + GAP_IN * count
            room = plot_width
        else:  # above their bars, side by side across the chart
            need, room = sum(_width(t) for t in texts) + GAP_IN * len(texts), plot_width
        yield ("labels", need, room, f"{len(texts)} value labels", "set labels: false")
