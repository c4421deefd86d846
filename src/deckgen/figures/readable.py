"""Charts and diagrams that cannot be read at the size they are drawn: measured before anything
is drawn.

A chart at the model's limits (60 categories of 100 characters, 10 series) passes every rule of
the outline, yet its labels need many times the room the slide gives it: matplotlib then draws
for seconds into a picture nobody can read (the plot squeezed to nothing between its labels).
This module measures the labels with the bundled font, as the chart sets them, without
matplotlib: a chart whose labels need more than twice their room is an error (in `check` as in
`build`, so the build never draws it); one whose labels need more than their room, a warning.
A diagram at the model's limits (8 items, each with 300 characters of explanation and 12
examples of 100) is measured the same way: its texts at the smallest size the drawing sets them
in, against the height of a band or a card.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Literal

from deckgen.errors import Path
from deckgen.figures import style
from deckgen.figures.draw.diagram import (
    EXAMPLES,
    LAYER_PADS,
    STEP_ARROW,
    STEP_GAP,
    STEP_PAD,
    STEP_PITCH,
    STEP_RULE,
    bind_arrows,
)
from deckgen.layout import fit, numbers
from deckgen.outline.model import Chart, Diagram
from deckgen.record import record

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
BESIDE = 0.5
"""Share of a barh chart's width its category labels may take before the bars are squeezed
(the drawing gives them that much: the talk's 4:3 founding-rounds chart, labels at 46%, reads
well); twice that leaves no plot."""
TOO_MUCH = 2.0
"""How many times their room a chart's labels may need before the chart is refused."""
DIAGRAM_PT = 8.0
"""A diagram's texts are measured at this size: no smaller than the drawing ever sets them."""
LAYER_PITCH = 1.2
"""Line pitch of a layers diagram's texts, in ems."""
LAYER_GAP = 0.12
"""Room between two bands of a layers diagram, in inches."""


@record
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


def diagram_findings(diagram: Diagram, width: float, height: float, at: Path) -> list[Finding]:
    """Return what keeps `diagram`, drawn `width` x `height` inches, from being read: its texts,
    at the smallest size the drawing sets them in, need more height than a band (layers) or a
    card (steps) has. Each text is counted at no more lines than its width alone needs, so the
    measure never overstates what the drawing needs.

    A card's texts past twice its height run off the figure; a band's texts, centred in it,
    meet those of the next band once they need more than the band and the gap between them.
    """
    if diagram.kind == "layers":
        need, room = _layers_need(diagram, width, height)
        what, too_much = "band", room + LAYER_GAP
    else:
        need, room = _steps_need(diagram, width, height)
        what, too_much = "card", TOO_MUCH * room
    if need <= room:
        return []
    severity: Literal["error", "warning"] = "error" if need > too_much else "warning"
    result = "the diagram cannot be drawn readably" if severity == "error" else "they overlap"
    message = (
        f"the texts of the fullest {what} need {need:.1f} in of height at {DIAGRAM_PT:g} pt "
        f"and get {max(room, 0):.1f} in: {result}; shorten the texts or the examples, or use "
        "fewer items"
    )
    return [Finding((*at, "items"), message, severity)]


def _line_in(count: int, pitch: float) -> float:
    """Return the height of `count` lines at `pitch` ems, set at the diagrams' measuring size."""
    return (count - 1 + 1 / pitch) * pitch * DIAGRAM_PT / 72 if count else 0.0


def _layers_need(diagram: Diagram, width: float, height: float) -> tuple[float, float]:
    """Return the height the fullest band's texts need, set side by side across the band's
    text width, and the height a band has (inches)."""
    count = len(diagram.items)
    band = (height - LAYER_GAP * (count - 1)) / count
    room = width - sum(LAYER_PADS)
    widest = 0.0
    for item in diagram.items:
        texts = [(item.name, True), (item.text or "", False), (EXAMPLES.join(item.examples), False)]
        widest = max(widest, sum(fit.width_pt(t, DIAGRAM_PT, b) for t, b in texts if t) / 72)
    return _line_in(math.ceil(widest / room) if room > 0 else count, LAYER_PITCH), band


def _steps_need(diagram: Diagram, width: float, height: float) -> tuple[float, float]:
    """Return the height the fullest card needs, each text in as many lines of the card's width
    as its own width takes, and the height a card may have (inches)."""
    count = len(diagram.items)
    arrow = STEP_ARROW if count <= 4 else STEP_ARROW * 0.65
    card = (width - 0.1 - arrow * (count - 1)) / count
    pad = STEP_PAD if card > 1.5 else STEP_PAD / 2
    room = (card - 2 * pad) * 72

    def lines(text: str, bold: bool) -> int:
        size = fit.width_pt(bind_arrows(text), DIAGRAM_PT, bold)
        return max(1, math.ceil(size / room)) if room > 0 else 1

    tallest = 0.0
    for item in diagram.items:
        blocks = [_line_in(lines(item.name, True), STEP_PITCH)]
        if item.text:
            blocks.append(STEP_RULE + _line_in(lines(item.text, False), STEP_PITCH))
        if item.examples:
            examples = sum(lines(e, False) for e in item.examples)
            blocks.append((STEP_GAP if item.text else STEP_RULE) + _line_in(examples, STEP_PITCH))
        tallest = max(tallest, 2 * pad + sum(blocks))
    return tallest, height - 0.1


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
