"""A rectangle on the slide, in inches: what the grid, the designs and the shapes are made of."""

from __future__ import annotations

from deckgen.record import record

GAP = 0.35
"""The gap between columns, in inches."""


@record
class Box:
    """A rectangle on the slide, in inches from the top-left corner."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        """Return the x of the right edge."""
        return self.left + self.width

    @property
    def bottom(self) -> float:
        """Return the y of the bottom edge."""
        return self.top + self.height

    def split_columns(self, count: int, gap: float = GAP) -> list[Box]:
        """Return `count` equal columns of this box with `gap` between them."""
        width = (self.width - gap * (count - 1)) / count
        return [
            Box(self.left + i * (width + gap), self.top, width, self.height) for i in range(count)
        ]
