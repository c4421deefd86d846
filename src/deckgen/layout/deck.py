"""The slides of a whole deck, in order: the title slide, each section's divider and slides, the
closing slide. Each outline slide is laid out by its type's module in `deckgen.layout.slides`;
this module also holds the designs of the slides it makes itself."""

from __future__ import annotations

from dataclasses import dataclass

from deckgen.layout import slides
from deckgen.layout.compose import Composer
from deckgen.layout.design import Decor, Design, Slot, Style
from deckgen.layout.grid import Box, Grid
from deckgen.layout.shapes import FigureRef, SlidePlan
from deckgen.layout.typescale import BODY, HEADLINE, HERO, SECONDARY
from deckgen.outline.model import Deck

DECK_TITLE = Style((HERO,), "inverse", bold=True, anchor="bottom")
SUBTITLE = Style((BODY,), "inverse")
BYLINE = Style((SECONDARY,), "inverse_muted")
SECTION_NUMBER = Style((HEADLINE,), "accent", bold=True, anchor="bottom")
SECTION_TITLE = Style((HERO,), "inverse", bold=True)
CLOSING = Style((HERO,), "inverse", bold=True, align="center", anchor="middle")


@dataclass
class DeckLayout:
    """A deck laid out: its slide plans, the figures they show and the designs they use."""

    plans: list[SlidePlan]
    figures: list[FigureRef]
    """The figures of the figure slides, in deck order (`PictureShape.figure` indexes it)."""
    grid: Grid
    designs: dict[str, Design]
    """Every design the deck could use, by key: deckgen's base package offers them all."""


def designs(grid: Grid) -> dict[str, Design]:
    """Return every design, by key: the deck's own slides' and each slide type's."""
    left, width = grid.margin + 0.1, grid.width - 2 * grid.margin - 0.2
    place = grid.place
    own = [
        Design(
            "title",
            "Title",
            (
                Slot(
                    "title",
                    "ctrTitle",
                    place("cover.title", Box(left, 2.25, width, 1.9)),
                    DECK_TITLE,
                ),
                Slot(
                    "subtitle",
                    "subTitle",
                    place("cover.subtitle", Box(left, 4.25, width, 0.9)),
                    SUBTITLE,
                ),
                Slot("byline", "body", place("cover.byline", Box(left, 5.6, width, 0.5)), BYLINE),
            ),
            (Decor(Box(left, 2.0, 1.0, 0.08), "accent"),),
            background="primary",
            kind="title",
        ),
        Design(
            "section",
            "Section",
            (
                Slot(
                    "title",
                    "title",
                    place("section.title", Box(left, 3.3, width, 2.0)),
                    SECTION_TITLE,
                ),
                Slot(
                    "number",
                    "body",
                    place("section.text", Box(left, 1.9, width, 1.3)),
                    SECTION_NUMBER,
                ),
            ),
            background="primary",
            kind="secHead",
        ),
        Design(
            "closing",
            "Closing",
            (
                Slot(
                    "title",
                    "title",
                    place(
                        "section.title", Box(grid.margin, 2.4, grid.width - 2 * grid.margin, 2.2)
                    ),
                    CLOSING,
                ),
            ),
            background="primary",
            kind="title",
        ),
    ]
    return {design.key: design for design in [*own, *slides.designs(grid)]}


def lay_out(deck: Deck, grid: Grid | None = None) -> DeckLayout:
    """Return the plan of every slide in `deck`, in order, the figures they need and the
    designs; `grid` (the boxes of a company template's layouts) stands for deckgen's own."""
    grid = grid or Grid.for_size(deck.theme.size)
    composer = Composer(deck, grid, designs(grid))
    plans = [title_slide(composer)]
    for s, section in enumerate(deck.sections):
        visible = [(i, sl) for i, sl in enumerate(section.slides) if not sl.hidden]
        if section.divider and visible:
            plans.append(divider(composer, s, section.title))
        for i, slide in visible:
            plans += slides.for_slide(slide)(composer, slide, ("sections", s, "slides", i))
    if deck.closing:
        plans.append(closing(composer, deck.closing))
    return DeckLayout(plans, composer.figures, composer.grid, composer.designs)


def title_slide(composer: Composer) -> SlidePlan:
    """Return the title slide, from the deck's metadata."""
    deck = composer.deck
    shapes = [composer.fill("title", "title", deck.title, ("title",))]
    if deck.subtitle:
        shapes.append(composer.fill("title", "subtitle", deck.subtitle, ("subtitle",)))
    byline = " · ".join(str(x) for x in (deck.author, deck.date) if x)
    if byline:
        shapes.append(composer.fill("title", "byline", byline, ("author",)))
    return SlidePlan("title", list(shapes))


def divider(composer: Composer, index: int, title: str) -> SlidePlan:
    """Return the divider slide that opens section `index`."""
    source = ("sections", index, "title")
    # The title first: a screen reader reads the shapes in order.
    shapes = [
        composer.fill("section", "title", title, source),
        composer.fill("section", "number", f"{index + 1:02d}", ()),
    ]
    return SlidePlan("section", list(shapes), source=("sections", index))


def closing(composer: Composer, text: str) -> SlidePlan:
    """Return the closing slide."""
    shape = composer.fill("closing", "title", text, ("closing",))
    return SlidePlan("closing", [shape], source=("closing",))
