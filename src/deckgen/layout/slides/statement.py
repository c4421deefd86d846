"""Statement slides: one big sentence, centred."""

from __future__ import annotations

from deckgen.errors import Path
from deckgen.layout.compose import Composer
from deckgen.layout.shapes import Role, Shape, SlidePlan
from deckgen.outline.model import StatementSlide

SLIDES = (StatementSlide,)


def compose(composer: Composer, slide: StatementSlide, path: Path) -> list[SlidePlan]:
    """Return the slide."""
    return [composer.page(slide, path, body(composer, slide, path))]


def body(composer: Composer, slide: StatementSlide, path: Path) -> list[Shape]:
    """Return the shapes under the title of a statement slide."""
    area = composer.below_title(slide)
    role: Role = "body" if slide.title else "title"
    return [
        composer.text(
            area,
            slide.text,
            40,
            composer.colors.primary,
            bold=True,
            role=role,
            align="center",
            anchor="middle",
            source=(*path, "text"),
            floor=0.6,
        )
    ]
