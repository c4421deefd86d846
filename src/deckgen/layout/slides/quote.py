"""Quote slides: the quoted words with their author, under an accent quotation mark."""

from __future__ import annotations

from deckgen.errors import Path
from deckgen.layout.compose import Composer
from deckgen.layout.grid import Box
from deckgen.layout.shapes import Role, Shape, SlidePlan
from deckgen.outline.model import QuoteSlide

SLIDES = (QuoteSlide,)


def compose(composer: Composer, slide: QuoteSlide, path: Path) -> list[SlidePlan]:
    """Return the slide."""
    return [composer.page(slide, path, body(composer, slide, path))]


def body(composer: Composer, slide: QuoteSlide, path: Path) -> list[Shape]:
    """Return the shapes under the title of a quote slide."""
    c = composer.colors
    area = composer.below_title(slide)
    shapes: list[Shape] = [
        composer.text(
            Box(area.left, area.top - 0.3, 1.1, 1.75),
            "\u201c",
            96,
            c.accent,
            bold=True,
            role="decor",
        ),
    ]
    text_box = Box(area.left + 1.2, area.top + 0.3, area.width - 1.5, area.height - 1.3)
    role: Role = "body" if slide.title else "title"
    shapes.append(
        composer.text(
            text_box,
            slide.quote,
            32,
            c.text,
            role=role,
            anchor="middle",
            source=(*path, "quote"),
            floor=0.6,
        )
    )
    if slide.by:
        shapes.append(
            composer.text(
                Box(text_box.left, text_box.bottom + 0.1, text_box.width, 0.7),
                f"\u2014 {slide.by}",
                20,
                c.muted,
                source=(*path, "by"),
            )
        )
    return shapes
