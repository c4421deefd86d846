"""Quote slides: the quoted words and their author as one centred block, under a hanging mark."""

from __future__ import annotations

from deckgen.errors import Path
from deckgen.layout.compose import Composer, content_design, untitled, untitled_area
from deckgen.layout.design import Design, Slot, Style
from deckgen.layout.grid import Box, Grid
from deckgen.layout.shapes import Shape, SlidePlan, TextShape
from deckgen.layout.typescale import HEADLINE, SECONDARY
from deckgen.outline.model import QuoteSlide
from deckgen.record import replace

SLIDES = (QuoteSlide,)
QUOTE = Style((HEADLINE,), "text", balanced=True)
BY = Style((SECONDARY,), "muted")
MARK_PT = 120.0
"""The opening mark hangs in the margin, larger than the words, in the accent colour."""
_MEASURE = 0.8
"""Share of the content width the quote's lines take: a quote reads as a block, not a banner."""
_GAP = 0.25
"""Inches between the quote and its author."""


def _column(area: Box) -> Box:
    """Return the column the quote and its author are set in: centred in `area`."""
    width = area.width * _MEASURE
    return Box(area.left + (area.width - width) / 2 + 0.3, area.top, width - 0.3, area.height)


def designs(grid: Grid) -> list[Design]:
    """Return the design of quote slides: a title, the quote and who said it."""
    column = _column(grid.content)
    slots = (
        Slot(
            "quote", "body", Box(column.left, column.top, column.width, column.height - 0.8), QUOTE
        ),
        Slot("by", "body", Box(column.left, column.bottom - 0.7, column.width, 0.7), BY),
    )
    design = content_design(grid, "quote", "Quote", *slots)
    # Without a title, the quote is the slide's title, in the quote's style.
    column = _column(untitled_area(grid))
    moved = (
        Slot(
            "title", "title", Box(column.left, column.top, column.width, column.height - 0.9), QUOTE
        ),
        Slot("by", "body", Box(column.left, column.bottom - 0.7, column.width, 0.7), BY),
    )
    return [design, untitled(design, grid, moved, ("quote",))]


def compose(composer: Composer, slide: QuoteSlide, path: Path) -> list[SlidePlan]:
    """Return the slide: the quote (the slide's title when it has none), its author under it,
    the block centred in the space under the title, the opening mark hanging to its left."""
    area = composer.below_title(slide)
    column = _column(area)
    source = (*path, "quote")
    words = f"{slide.quote}\u201d"  # the opening mark is the large one hanging beside it
    room = Box(column.left, column.top, column.width, column.height - (0.9 if slide.by else 0))
    if slide.title:
        quote = composer.fill("quote", "quote", words, source, floor=0.7, box=room)
    else:
        quote = composer.fill("quote", "title", words, source, floor=0.7, box=room, style=QUOTE)
    # Text too long for its room keeps to it (the check says it overflows): the block, and the
    # author under the quote, stay on the slide.
    quote_height = min(quote.used_height(), room.height)
    by: TextShape | None = None
    if slide.by:
        by = composer.fill("quote", "by", f"\u2014 {slide.by}", (*path, "by"), box=column)
        left = column.height - quote_height - _GAP
        used = by.used_height()
        by = replace(by, box=replace(by.box, height=min(used, left)), fits=by.fits and used <= left)
    # One block, centred as a whole in the space under the title.
    height = quote_height + (_GAP + by.box.height if by else 0.0)
    top = area.top + max(0.0, (area.height - height) / 2)
    quote = replace(quote, box=replace(quote.box, top=top, height=quote_height))
    shapes: list[Shape] = [quote]
    if by is not None:
        shapes.append(replace(by, box=replace(by.box, top=quote.box.bottom + _GAP)))
    # The mark last: a screen reader reads shapes in order, and a decoration is not read at all.
    # It hangs left of the first line, its top level with the quote's.
    mark = Box(column.left - 1.0, top - 0.35, 0.95, MARK_PT / 72)
    shapes.append(composer.text(mark, "\u201c", MARK_PT, "accent", bold=True, role="decor"))
    return [composer.page("quote", slide, path, shapes)]
