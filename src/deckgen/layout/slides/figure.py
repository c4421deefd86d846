"""Figure slides: a chart, a diagram or a picture, with a caption and takeaways beside it."""

from __future__ import annotations

from deckgen.errors import Path
from deckgen.layout.compose import Composer
from deckgen.layout.grid import Box
from deckgen.layout.shapes import PictureShape, Shape, SlidePlan
from deckgen.outline.model import ChartSlide, DiagramSlide, FigureSlide, ImageSlide

SLIDES = (ChartSlide, DiagramSlide, ImageSlide)


def compose(composer: Composer, slide: FigureSlide, path: Path) -> list[SlidePlan]:
    """Return the slide."""
    return [composer.page(slide, path, body(composer, slide, path))]


def body(composer: Composer, slide: FigureSlide, path: Path) -> list[Shape]:
    """Return the figure of a chart, diagram or image slide, its caption and its bullets."""
    g, c = composer.grid, composer.colors
    box = g.figure(caption=bool(slide.caption), beside=bool(slide.bullets))
    index = composer.figure(slide, path, box)
    shapes: list[Shape] = [PictureShape(box, index, "", getattr(slide, "id", None) or "")]
    if slide.caption:
        shapes.append(
            composer.text(
                g.caption(box),
                slide.caption,
                14,
                c.muted,
                align="center",
                source=(*path, "caption"),
                floor=0.85,
            )
        )
    if slide.bullets:
        beside = g.beside(box)
        shapes.append(
            composer.bullet_box(
                slide.bullets,
                Box(beside.left, beside.top + 0.2, beside.width, beside.height - 0.2),
                (*path, "bullets"),
                (20.0, 17.0, 16.0),
            )
        )
    return shapes
