"""Stat slides: one big number, its label and a line of context."""

from __future__ import annotations

from deckgen.errors import Path
from deckgen.layout.compose import Composer, content_design, untitled, untitled_area
from deckgen.layout.design import Design, Slot, Style
from deckgen.layout.grid import Box, Grid
from deckgen.layout.shapes import Shape, SlidePlan
from deckgen.layout.typescale import BODY, DISPLAY, SECONDARY
from deckgen.outline.model import StatSlide

SLIDES = (StatSlide,)
VALUE = Style((DISPLAY,), "primary", bold=True, align="center", anchor="bottom")
LABEL = Style((BODY,), "text", align="center", balanced=True)
DETAIL = Style((SECONDARY,), "muted", align="center")


def _boxes(area: Box, top: float) -> tuple[Box, Box, Box]:
    """Return the boxes of the value, the label and the detail, from `top` in `area`."""
    return (
        Box(area.left, top, area.width, 1.9),
        Box(area.left, top + 2.0, area.width, 0.9),
        Box(area.left + 1, top + 2.9, area.width - 2, 0.9),
    )


def designs(grid: Grid) -> list[Design]:
    """Return the design of stat slides: a title, the number, its label and a detail."""
    value, label, detail = _boxes(grid.content, grid.content.top + 0.3)
    slots = (
        Slot("value", "body", value, VALUE),
        Slot("label", "body", label, LABEL),
        Slot("detail", "body", detail, DETAIL),
    )
    design = content_design(grid, "stat", "Stat", *slots)
    # Without a title, the number is the slide's title, lower, with its label and detail.
    area = untitled_area(grid)
    value, label, detail = _boxes(area, area.top + 0.6)
    moved = (
        Slot("title", "title", value, VALUE),
        Slot("label", "body", label, LABEL),
        Slot("detail", "body", detail, DETAIL),
    )
    return [design, untitled(design, grid, moved, ("value",))]


def compose(composer: Composer, slide: StatSlide, path: Path) -> list[SlidePlan]:
    """Return the slide; without a title, the number is the slide's title, placed lower."""
    if slide.title:
        value, label, detail = _boxes(composer.grid.content, composer.grid.content.top + 0.3)
        shapes: list[Shape] = [
            composer.fill("stat", "value", slide.value, (*path, "value"), floor=0.5)
        ]
    else:
        area = composer.below_title(slide)
        value, label, detail = _boxes(area, area.top + 0.6)
        shapes = [
            composer.fill(
                "stat", "title", slide.value, (*path, "value"), floor=0.5, box=value, style=VALUE
            )
        ]
    shapes.append(
        composer.fill("stat", "label", slide.label, (*path, "label"), floor=0.7, box=label)
    )
    if slide.detail:
        shapes.append(
            composer.fill("stat", "detail", slide.detail, (*path, "detail"), floor=0.8, box=detail)
        )
    return [composer.page("stat", slide, path, shapes)]
