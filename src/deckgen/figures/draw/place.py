"""Callouts placed where they cover nothing: beside their mark, clear of every mark and label.

A callout (an annotation, a reference line's label) has an anchor box in display space and a list
of candidate places around it, best first. Each is tried against the boxes and segments of what
is already drawn; the first that is clear and inside the plot wins. When none is, the value axis
grows a little and the callouts are placed again, so a note beside the tallest bar gets room
above it; after a few rounds the place that covers least is taken.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from deckgen.record import record

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox

Point = tuple[float, float]
Segment = tuple[Point, Point]
Candidates = Callable[["Bbox", float, float], list[tuple[Point, str]]]
"""Return, for an anchor box and a text's width and height, the lower-left corners of the
places to try (best first), each with the text's multi-line alignment there."""


@record(frozen=False)
class Obstacles:
    """What a callout must not cover, in display space."""

    boxes: list[Bbox]
    segments: list[Segment]


@record(frozen=False)
class Callout:
    """A text to place beside its anchor."""

    text: Text
    anchor: Callable[[], Bbox]
    """Return the anchor box in display space, at the axes' current limits."""
    candidates: Candidates
    patient: bool = False
    """Grow the axis for the first candidates before taking a later one: round n accepts the
    first n + 1 places (a note goes above its bar rather than squeezed beside it)."""


def around(gap: float, order: Sequence[str]) -> Candidates:
    """Return candidates on the sides of the anchor box named in `order` (n, s, e, w, ne, nw,
    se, sw: ne is above the box, starting at its left edge), `gap` pixels away."""

    def places(box: Bbox, w: float, h: float) -> list[tuple[Point, str]]:
        cx, cy = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
        table = {
            "n": ((cx - w / 2, box.y1 + gap), "center"),
            "s": ((cx - w / 2, box.y0 - gap - h), "center"),
            "e": ((box.x1 + gap, cy - h / 2), "left"),
            "w": ((box.x0 - gap - w, cy - h / 2), "right"),
            "ne": ((box.x0, box.y1 + gap), "left"),
            "nw": ((box.x1 - w, box.y1 + gap), "right"),
            "se": ((box.x0, box.y0 - gap - h), "left"),
            "sw": ((box.x1 - w, box.y0 - gap - h), "right"),
            "en": ((box.x1 + gap, box.y1 - h), "left"),
            "es": ((box.x1 + gap, box.y0), "left"),
            "wn": ((box.x0 - gap - w, box.y1 - h), "right"),
            "ws": ((box.x0 - gap - w, box.y0), "right"),
        }
        return [table[name] for name in order]

    return places


def place(
    figure: Figure,
    ax: Axes,
    callouts: list[Callout],
    obstacles: Callable[[], Obstacles],
    grow: Callable[[], None],
    rounds: int = 8,
) -> None:
    """Move each callout to its first clear candidate, growing the axis until all fit."""
    from matplotlib.transforms import Bbox

    for text in (c.text for c in callouts):
        text.set_visible(False)
    for attempt in range(rounds):
        figure.draw_without_rendering()
        bounds = ax.get_window_extent()
        found = _Arrays(obstacles())
        chosen: list[tuple[Callout, Bbox, str]] = []
        clear = True
        for callout in callouts:
            callout.text.set_visible(True)
            size = callout.text.get_window_extent()
            callout.text.set_visible(False)
            best: tuple[float, Bbox, str] | None = None
            places = callout.candidates(callout.anchor(), size.width, size.height)
            allowed = attempt + 1 if callout.patient else len(places)
            for n, ((x, y), align) in enumerate(places):
                box = Bbox.from_bounds(x, y, size.width, size.height)
                cost = _covered(box, found) + _outside(box, bounds)
                if n >= allowed and cost == 0 and attempt < rounds - 1:
                    cost = 0.5  # clear, but a better place may open up as the axis grows
                if best is None or cost < best[0]:
                    best = (cost, box, align)
                if cost == 0:
                    break
            assert best is not None, "a callout needs at least one candidate"
            clear = clear and best[0] == 0
            chosen.append((callout, best[1], best[2]))
            found.placed.append(best[1].expanded(1.0, 1.0))
        if clear or attempt == rounds - 1:
            break
        grow()
    to_axes = ax.transAxes.inverted()
    for callout, box, align in chosen:
        # Anchored on the side that faces its mark (a note left of its bar at its right end):
        # where a slide's SVG sets the words in a wider face than this one, they grow away.
        edge = {"left": box.x0, "center": (box.x0 + box.x1) / 2, "right": box.x1}[align]
        x, y = to_axes.transform((edge, box.y0))
        callout.text.set(
            x=x,
            y=y,
            transform=ax.transAxes,
            ha=align,
            va="bottom",
            multialignment=align,
            visible=True,
        )


class _Arrays:
    """The obstacles as arrays of extents, so that each candidate place is measured against
    all of them at once: a chart of 600 marks and 20 notes is placed in a fraction of a second,
    not in tens of seconds."""

    def __init__(self, found: Obstacles) -> None:
        import numpy as np

        self.boxes = np.array([(b.x0, b.y0, b.x1, b.y1) for b in found.boxes], float).reshape(-1, 4)
        self.segments = found.segments
        ends = np.array([(*a, *b) for a, b in found.segments], float).reshape(-1, 4)
        # Each segment's own extents: only those that reach a candidate box can cross it.
        self.reach = np.column_stack(
            (
                np.minimum(ends[:, 0], ends[:, 2]),
                np.minimum(ends[:, 1], ends[:, 3]),
                np.maximum(ends[:, 0], ends[:, 2]),
                np.maximum(ends[:, 1], ends[:, 3]),
            )
        )
        self.placed: list[Bbox] = []
        """The callouts placed so far in this round."""


def _covered(box: Bbox, found: _Arrays) -> float:
    """Return how much of what is drawn `box` covers: overlapping areas, crossing segments."""
    import numpy as np

    boxes = found.boxes
    w = np.minimum(box.x1, boxes[:, 2]) - np.maximum(box.x0, boxes[:, 0])
    h = np.minimum(box.y1, boxes[:, 3]) - np.maximum(box.y0, boxes[:, 1])
    total = float(np.sum(np.where((w > 0) & (h > 0), w * h, 0.0)))
    for other in found.placed:
        w1 = min(box.x1, other.x1) - max(box.x0, other.x0)
        h1 = min(box.y1, other.y1) - max(box.y0, other.y0)
        if w1 > 0 and h1 > 0:
            total += w1 * h1
    reach = found.reach
    near = np.flatnonzero(
        (reach[:, 0] <= box.x1)
        & (reach[:, 2] >= box.x0)
        & (reach[:, 1] <= box.y1)
        & (reach[:, 3] >= box.y0)
    )
    for i in near:
        a, b = found.segments[i]
        if _crosses(box, a, b):
            total += box.width * box.height * 0.25
    return total


def _outside(box: Bbox, bounds: Bbox) -> float:
    """Return a cost for the part of `box` outside `bounds` (the plot), which may be clipped."""
    w = min(box.x1, bounds.x1) - max(box.x0, bounds.x0)
    h = min(box.y1, bounds.y1) - max(box.y0, bounds.y0)
    inside = max(w, 0) * max(h, 0)
    return float(box.width * box.height - inside) * 4


def _crosses(box: Bbox, a: Point, b: Point) -> bool:
    """Return whether the segment from `a` to `b` passes through `box` (Liang-Barsky clipping)."""
    (x0, y0), (x1, y1) = a, b
    dx, dy = x1 - x0, y1 - y0
    low, high = 0.0, 1.0
    for p, q in (
        (-dx, x0 - box.x0),
        (dx, box.x1 - x0),
        (-dy, y0 - box.y0),
        (dy, box.y1 - y0),
    ):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return True
