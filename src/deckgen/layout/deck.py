"""The slides of a whole deck, in order: the title slide, each section's divider and slides, the
closing slide. Each outline slide is laid out by its type's module in `deckgen.layout.slides`."""

from __future__ import annotations

from dataclasses import dataclass

from deckgen.layout import slides
from deckgen.layout.compose import Composer
from deckgen.layout.grid import Box, Grid
from deckgen.layout.shapes import FigureRef, RectShape, Shape, SlidePlan
from deckgen.outline.model import Deck


@dataclass
class DeckLayout:
    """A deck laid out: its slide plans and the figures they show."""

    plans: list[SlidePlan]
    figures: list[FigureRef]
    """The figures of the figure slides, in deck order (`PictureShape.figure` indexes it)."""
    grid: Grid


def lay_out(deck: Deck) -> DeckLayout:
    """Return the plan of every slide in `deck`, in order, and the figures they need."""
    composer = Composer(deck)
    plans = [title_slide(composer)]
    for s, section in enumerate(deck.sections):
        visible = [(i, sl) for i, sl in enumerate(section.slides) if not sl.hidden]
        if section.divider and visible:
            plans.append(divider(composer, s, section.title))
        for i, slide in visible:
            plans += slides.for_slide(slide)(composer, slide, ("sections", s, "slides", i))
    if deck.closing:
        plans.append(closing(composer, deck.closing))
    return DeckLayout(plans, composer.figures, composer.grid)


def title_slide(composer: Composer) -> SlidePlan:
    """Return the title slide, from the deck's metadata."""
    g, c = composer.grid, composer.colors
    left, width = g.margin + 0.1, g.width - 2 * g.margin - 0.2
    shapes: list[Shape] = [
        RectShape(Box(left, 2.0, 1.0, 0.08), c.accent),
        composer.text(
            Box(left, 2.25, width, 1.9),
            composer.deck.title,
            44,
            "#FFFFFF",
            bold=True,
            role="title",
            anchor="bottom",
            source=("title",),
        ),
    ]
    if composer.deck.subtitle:
        shapes.append(
            composer.text(
                Box(left, 4.25, width, 0.9),
                composer.deck.subtitle,
                24,
                "#FFFFFF",
                source=("subtitle",),
            )
        )
    byline = " · ".join(str(x) for x in (composer.deck.author, composer.deck.date) if x)
    if byline:
        shapes.append(
            composer.text(Box(left, 5.6, width, 0.5), byline, 16, "#D6DEE8", source=("author",))
        )
    return SlidePlan("title", shapes, background=c.primary)


def divider(composer: Composer, index: int, title: str) -> SlidePlan:
    """Return the divider slide that opens section `index`."""
    g, c = composer.grid, composer.colors
    left, width = g.margin + 0.1, g.width - 2 * g.margin - 0.2
    shapes: list[Shape] = [
        composer.text(
            Box(left, 1.9, width, 1.3),
            f"{index + 1:02d}",
            60,
            c.accent,
            bold=True,
            role="decor",
            anchor="bottom",
        ),
        composer.text(
            Box(left, 3.3, width, 2.0),
            title,
            40,
            "#FFFFFF",
            bold=True,
            role="title",
            source=("sections", index, "title"),
        ),
    ]
    return SlidePlan("section", shapes, background=c.primary, source=("sections", index))


def closing(composer: Composer, text: str) -> SlidePlan:
    """Return the closing slide."""
    g, c = composer.grid, composer.colors
    box = Box(g.margin, 2.4, g.width - 2 * g.margin, 2.2)
    shape = composer.text(
        box,
        text,
        48,
        "#FFFFFF",
        bold=True,
        role="title",
        align="center",
        anchor="middle",
        source=("closing",),
    )
    return SlidePlan("section", [shape], background=c.primary, source=("closing",))
