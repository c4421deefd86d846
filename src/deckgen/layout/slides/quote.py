"""Quote slides: the quoted words with their author, under an accent quotation mark."""

from __future__ import annotations

from deckgen.errors import Path
from deckgen.layout.compose import Composer, content_design
from deckgen.layout.design import Design, Slot, Style
from deckgen.layout.grid import Box, Grid
from deckgen.layout.shapes import Shape, SlidePlan
from deckgen.layout.typescale import BODY, SECONDARY
from deckgen.outline.model import QuoteSlide

SLIDES = (QuoteSlide,)
QUOTE = Style((BODY,), "text", anchor="middle")
BY = Style((SECONDARY,), "muted")


def _boxes(area: Box) -> tuple[Box, Box, Box]:
    """Return the boxes of the quotation mark, the quote and its author in `area`."""
    quote = Box(area.left + 1.2, area.top + 0.3, area.width - 1.5, area.height - 1.3)
    return (
        Box(area.left, area.top - 0.3, 1.1, 1.75),
        quote,
        Box(quote.left, quote.bottom + 0.1, quote.width, 0.7),
    )


def designs(grid: Grid) -> list[Design]:
    """Return the design of quote slides: a title, the quote and who said it."""
    _mark, quote, by = _boxes(grid.content)
    slots = (Slot("quote", "body", quote, QUOTE), Slot("by", "body", by, BY))
    return [content_design(grid, "quote", "Quote", *slots)]


def compose(composer: Composer, slide: QuoteSlide, path: Path) -> list[SlidePlan]:
    """Return the slide; without a title, the quote is the slide's title, in its place."""
    mark, quote, by = _boxes(composer.below_title(slide))
    source = (*path, "quote")
    shapes: list[Shape] = []
    if slide.title:
        shapes.append(composer.fill("quote", "quote", slide.quote, source, floor=0.6))
    else:
        shapes.append(
            composer.fill("quote", "title", slide.quote, source, floor=0.6, box=quote, style=QUOTE)
        )
    if slide.by:
        shapes.append(composer.fill("quote", "by", f"\u2014 {slide.by}", (*path, "by"), box=by))
    # The mark last: a screen reader reads shapes in order, and a decoration is not read at all.
    shapes.append(composer.text(mark, "\u201c", 96, "accent", bold=True, role="decor"))
    return [composer.page("quote", slide, path, shapes)]
