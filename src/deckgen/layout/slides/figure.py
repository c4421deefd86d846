"""Figure slides: a chart, a diagram or a picture, with a caption and takeaways beside it."""

from __future__ import annotations

from deckgen.errors import Path
from deckgen.layout import diagram
from deckgen.layout.compose import Composer, content_design
from deckgen.layout.design import Design, Slot, Style
from deckgen.layout.grid import CAPTION_HEIGHT, Box, Grid
from deckgen.layout.shapes import PictureShape, Shape, SlidePlan
from deckgen.layout.typescale import SECONDARY, SMALL
from deckgen.outline.model import ChartSlide, DiagramSlide, FigureSlide, ImageSlide

SLIDES = (ChartSlide, DiagramSlide, ImageSlide)
CAPTION = Style((SMALL,), "muted")
"""Left-aligned with the figure's edge, as the source line under it is."""
BESIDE = Style((SECONDARY,), "text", bullets=True, space_before=(14.0, 6.0))
"""The takeaways, their first line level with the figure's top, where every list starts."""


def _beside(grid: Grid, figure: Box) -> Box:
    """Return the box of the takeaways to the right of `figure`, as tall as the figure."""
    beside = grid.beside(figure)
    return Box(beside.left, figure.top, beside.width, figure.height)


def designs(grid: Grid) -> list[Design]:
    """Return the designs of figure slides: the figure alone (a picture from a file has its
    own, which a template's Picture with Caption layout holds), and with takeaways beside it.
    The figure's placeholder is a content one, as PowerPoint's Content with Caption has: it
    holds a picture, and a native chart too (a picture placeholder holds only pictures)."""
    alone = grid.figure(caption=True, beside=False)
    narrow = grid.figure(caption=True, beside=True)
    return [
        content_design(
            grid,
            "figure",
            "Figure",
            Slot("figure", "obj", alone),
            Slot("caption", "body", grid.caption(alone), CAPTION),
            kind="objTx",
        ),
        content_design(
            grid,
            "picture",
            "Picture with Caption",
            Slot("figure", "pic", alone),
            Slot("caption", "body", grid.caption(alone), CAPTION),
            kind="picTx",
        ),
        content_design(
            grid,
            "figure-text",
            "Figure with Text",
            Slot("figure", "obj", narrow),
            Slot("caption", "body", grid.caption(narrow), CAPTION),
            Slot("text", "body", _beside(grid, narrow), BESIDE),
            kind="objTx",
        ),
    ]


def compose(composer: Composer, slide: FigureSlide, path: Path) -> list[SlidePlan]:
    """Return the slide: the figure in its slot (taller when there is no caption)."""
    g = composer.grid
    design = "figure-text" if slide.bullets else "figure"
    if isinstance(slide, ImageSlide) and not slide.bullets:
        design = "picture"  # a template's Picture with Caption, where it has one
    box = g.figure(caption=bool(slide.caption), beside=bool(slide.bullets))
    held = composer.held(design, "figure")
    if held:  # a template's placeholder: the figure fills it
        box = composer.designs[design].slot("figure").box
        if slide.caption and not composer.held(design, "caption"):
            box = Box(box.left, box.top, box.width, box.height - CAPTION_HEIGHT)
    index = composer.figure(slide, path, box)
    name = getattr(slide, "id", None) or ""
    shapes: list[Shape]
    if isinstance(slide, DiagramSlide) and diagram.is_native(composer.deck, slide.diagram):
        # Shapes of the slide's own (a group is no placeholder's content), which `deckgen
        # charts` still exports as a picture: the figure stays recorded.
        label = f"Diagram {name or index + 1}"
        where = (*path, "diagram")
        shapes = [diagram.native(composer.deck, slide.diagram, box, index, label, where)]
    else:
        shapes = [PictureShape(box, index, "", name, slot="figure")]
    if slide.caption:
        at = g.caption(box) if held and not composer.held(design, "caption") else None
        shapes.append(
            composer.fill(design, "caption", slide.caption, (*path, "caption"), floor=0.85, box=at)
        )
    if slide.bullets:
        shapes.append(composer.bullets(design, "text", slide.bullets, (*path, "bullets")))
    return [composer.page(design, slide, path, shapes)]
