"""Columns slides: two to four columns side by side, each a heading and bullets."""

from __future__ import annotations

from deckgen.errors import Path
from deckgen.layout.compose import Composer
from deckgen.layout.grid import Box
from deckgen.layout.shapes import RectShape, Shape, SlidePlan
from deckgen.outline.model import ColumnsSlide

SLIDES = (ColumnsSlide,)


def compose(composer: Composer, slide: ColumnsSlide, path: Path) -> list[SlidePlan]:
    """Return the slide."""
    return [composer.page(slide, path, body(composer, slide, path))]


def body(composer: Composer, slide: ColumnsSlide, path: Path) -> list[Shape]:
    """Return the shapes under the title of a columns slide."""
    c = composer.colors
    shapes: list[Shape] = []
    count = len(slide.columns)
    sizes = (20.0, 17.0, 16.0) if count <= 3 else (18.0, 16.0, 14.0)
    for i, (column, box) in enumerate(
        zip(slide.columns, composer.grid.content.split_columns(count), strict=True)
    ):
        at = (*path, "columns", i)
        shapes.append(RectShape(Box(box.left, box.top, box.width, 0.06), c.primary))
        shapes.append(
            composer.text(
                Box(box.left, box.top + 0.15, box.width, 0.9),
                column.heading,
                22 if count <= 3 else 19,
                c.primary,
                bold=True,
                anchor="top",
                source=(*at, "heading"),
                floor=0.7,
            )
        )
        shapes.append(
            composer.bullet_box(
                column.bullets,
                Box(box.left, box.top + 1.1, box.width, box.height - 1.1),
                (*at, "bullets"),
                sizes,
            )
        )
    return shapes
