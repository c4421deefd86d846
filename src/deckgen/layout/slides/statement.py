"""Statement slides: one big sentence, centred."""

from __future__ import annotations

from deckgen.errors import Path
from deckgen.layout.compose import Composer, content_design, untitled, untitled_area
from deckgen.layout.design import Design, Slot, Style
from deckgen.layout.grid import Grid
from deckgen.layout.shapes import SlidePlan
from deckgen.layout.typescale import HERO
from deckgen.outline.model import StatementSlide

SLIDES = (StatementSlide,)
TEXT = Style((HERO,), "primary", bold=True, align="center", anchor="middle", balanced=True)
"""A step above the titles (56 pt, the cover's size): the sentence fills the slide as a keynote's
does, shrunk within the floor where it is long."""


def designs(grid: Grid) -> list[Design]:
    """Return the design of statement slides: a title and the sentence in the middle; on
    deckgen's grid also its variant without a title, whose title placeholder is the sentence,
    in the middle of the slide and in its style (screen readers list slides by their title)."""
    design = content_design(
        grid, "statement", "Statement", Slot("text", "body", grid.content, TEXT)
    )
    words = Slot("title", "title", untitled_area(grid), TEXT)
    return [design, untitled(design, grid, (words,), ("text",))]


def compose(composer: Composer, slide: StatementSlide, path: Path) -> list[SlidePlan]:
    """Return the slide; without a title, the sentence is the slide's title (screen readers
    list slides by it), in the sentence's place and style."""
    source = (*path, "text")
    if slide.title:
        shape = composer.fill("statement", "text", slide.text, source, floor=0.6)
    else:
        box = composer.below_title(slide)
        shape = composer.fill(
            "statement", "title", slide.text, source, floor=0.6, box=box, style=TEXT
        )
    return [composer.page("statement", slide, path, [shape])]
