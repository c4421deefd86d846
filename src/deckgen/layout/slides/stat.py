"""Stat slides: one big number, its label and a line of context."""

from __future__ import annotations

from deckgen.errors import Path
from deckgen.layout.compose import Composer
from deckgen.layout.grid import Box
from deckgen.layout.shapes import Role, Shape, SlidePlan
from deckgen.outline.model import StatSlide

SLIDES = (StatSlide,)


def compose(composer: Composer, slide: StatSlide, path: Path) -> list[SlidePlan]:
    """Return the slide."""
    return [composer.page(slide, path, body(composer, slide, path))]


def body(composer: Composer, slide: StatSlide, path: Path) -> list[Shape]:
    """Return the shapes under the title of a stat slide."""
    c = composer.colors
    area = composer.below_title(slide)
    role: Role = "body" if slide.title else "title"
    top = area.top + (0.3 if slide.title else 0.6)
    shapes: list[Shape] = [
        composer.text(
            Box(area.left, top, area.width, 1.9),
            slide.value,
            88,
            c.primary,
            bold=True,
            role=role,
            align="center",
            anchor="bottom",
            source=(*path, "value"),
            floor=0.5,
        ),
        composer.text(
            Box(area.left, top + 2.0, area.width, 0.9),
            slide.label,
            28,
            c.text,
            align="center",
            source=(*path, "label"),
            floor=0.7,
        ),
    ]
    if slide.detail:
        shapes.append(
            composer.text(
                Box(area.left + 1, top + 2.9, area.width - 2, 0.9),
                slide.detail,
                18,
                c.muted,
                align="center",
                source=(*path, "detail"),
                floor=0.8,
            )
        )
    return shapes
