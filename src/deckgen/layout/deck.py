"""The slides of a whole deck, in order: the title slide, each section's divider and slides, the
closing slide. Each outline slide is laid out by its type's module in `deckgen.layout.slides`;
this module also holds the designs of the slides it makes itself."""

from __future__ import annotations

from deckgen.layout import fit, phrasekeep, slides
from deckgen.layout.compose import Composer
from deckgen.layout.design import Decor, Design, Slot, Style
from deckgen.layout.grid import Box, Grid
from deckgen.layout.shapes import INSET, FigureRef, Shape, SlidePlan, TextShape
from deckgen.layout.typescale import BODY, HEADLINE, HERO, SECONDARY, SMALL
from deckgen.outline.model import Deck
from deckgen.record import record, replace

DECK_TITLE = Style((HERO,), "inverse", bold=True, balanced=True)
SUBTITLE = Style((BODY,), "inverse")
BYLINE = Style((SECONDARY,), "inverse", bold=True)
OCCASION = Style((SMALL,), "inverse_muted")
SECTION_NUMBER = Style((HEADLINE,), "accent", bold=True, anchor="bottom")
SECTION_TITLE = Style((HERO,), "inverse", bold=True, balanced=True)
CLOSING = Style((HERO,), "inverse", bold=True, balanced=True)
TOP = 2.4
"""Where the words of the title, divider and closing slides start, in inches from the top."""


@record(frozen=False)
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
    left, width = grid.margin, grid.width - 2 * grid.margin  # text on the grid's left edge
    place = grid.place
    # The title slide and the closing slide mirror each other: the accent bar, the words at the
    # same height under it, the presenter and the occasion at the foot.
    bar = Decor(Box(left + grid.inset, TOP - 0.3, 0.9, 0.08), "accent")
    foot = (
        Slot("byline", "body", place("cover.byline", Box(left, 5.75, width, 0.5)), BYLINE),
        Slot("occasion", "body", place("cover.occasion", Box(left, 6.25, width, 0.45)), OCCASION),
    )
    own = [
        Design(
            "title",
            "Title",
            (
                Slot(
                    "title",
                    "ctrTitle",
                    place("cover.title", Box(left, TOP, width, 2.1)),
                    DECK_TITLE,
                ),
                Slot(
                    "subtitle",
                    "subTitle",
                    place("cover.subtitle", Box(left, _below(TOP, 1, HERO), width, 1.0)),
                    SUBTITLE,
                ),
                *foot,
            ),
            (bar,),
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
                    place("section.title", Box(left, TOP, width, 2.1)),
                    SECTION_TITLE,
                ),
                Slot(
                    "number",
                    "body",
                    place("section.text", Box(left, TOP - 1.0, width, 0.9)),
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
                Slot("title", "title", place("section.title", Box(left, TOP, width, 2.1)), CLOSING),
                *foot,
            ),
            (bar,),
            background="primary",
            kind="title",
        ),
    ]
    return {design.key: adopt(design, grid) for design in [*own, *slides.designs(grid)]}


def adopt(design: Design, grid: Grid) -> Design:
    """Return `design` with the slots a company template's placeholders hold in their boxes,
    text styles and margins: the slides then inherit the template's look."""
    held = grid.frame.adopted(design.key) if grid.frame else {}
    if not held:
        return design
    slots = tuple(
        replace(
            slot,
            box=held[slot.name].box,
            style=held[slot.name].style or slot.style,
            inset=held[slot.name].inset,
            held=True,
        )
        if slot.name in held
        else slot
        for slot in design.slots
    )
    return replace(design, slots=slots)


def _below(top: float, lines: int, size: float) -> float:
    """Return where text goes under `lines` lines of `size` points set from `top`."""
    return top + 2 * INSET + lines * size * fit.LINE_PITCH / 72 + 0.2


def lay_out(deck: Deck, grid: Grid | None = None) -> DeckLayout:
    """Return the plan of every slide in `deck`, in order, the figures they need and the
    designs; `grid` (the boxes of a company template's layouts) stands for deckgen's own."""
    grid = grid or Grid.for_size(deck.theme.size)
    composer = Composer(deck, grid, designs(grid))
    plans = [title_slide(composer)]
    dividers = 0  # numbered as the audience sees them: only the dividers shown count
    for s, section in enumerate(deck.sections):
        visible = [(i, sl) for i, sl in enumerate(section.slides) if not sl.hidden]
        if section.divider and visible:
            dividers += 1
            plans.append(divider(composer, s, dividers, section.title))
        for i, slide in visible:
            composer.previous = plans[-1].layout
            plans += slides.for_slide(slide)(composer, slide, ("sections", s, "slides", i))
    if deck.closing:
        plans.append(closing(composer, deck.closing))
    if grid.frame is not None:
        for plan in plans:
            plan.notices += departures(plan, composer.designs[plan.layout])
    plans = phrasekeep.keep_plans(plans)  # no widows, no separator at a line's end
    return DeckLayout(plans, composer.figures, composer.grid, composer.designs)


def departures(plan: SlidePlan, design: Design) -> list[str]:
    """Return where a slide departs from the company template's placeholders that hold its
    text: shrunk to fit, or set in another box."""
    found = []
    shrunk = any(notice.startswith("text shrunk") for notice in plan.notices)
    for shape in plan.shapes:
        held = getattr(shape, "slot", None)
        slot = next((s for s in design.slots if s.name == held), None)
        if slot is None or not slot.held:
            continue
        name = f"the {slot.name.replace('-', ' ')}"
        if isinstance(shape, TextShape) and shape.scale < 1 and not shrunk:
            found.append(f"{name}: text shrunk to {shape.scale:.0%} to fit the template's box")
        if isinstance(shape, TextShape) and _emu(shape.box) != _emu(slot.box):
            found.append(f"{name}: placed off the template's box, to make room")
    return found


def _emu(box: Box) -> tuple[int, ...]:
    return tuple(round(v * 914400) for v in (box.left, box.top, box.width, box.height))


def title_slide(composer: Composer) -> SlidePlan:
    """Return the title slide, from the deck's metadata: title, subtitle, presenter, occasion."""
    deck = composer.deck
    title = composer.fill("title", "title", deck.title, ("title",), floor=0.75)
    shapes: list[Shape] = [title]
    if deck.subtitle:
        subtitle = composer.fill("title", "subtitle", deck.subtitle, ("subtitle",))
        if not composer.held("title", "subtitle"):
            # Under the title's last line, however many lines the title takes.
            title = shapes[0] = replace(title, box=replace(title.box, height=title.used_height()))
            subtitle = replace(subtitle, box=replace(subtitle.box, top=title.box.bottom + 0.2))
        shapes.append(subtitle)
    shapes += _foot(composer, "title", _bottom_most(shapes))
    return SlidePlan("title", list(shapes))


def _foot(composer: Composer, design: str, above: Box) -> list[TextShape]:
    """Return the presenter and the occasion (date and event) of the talk, where known, at the
    foot of the slide, or right under `above` (the words) where the foot would touch them (a
    template whose title sits low)."""
    deck = composer.deck
    shapes: list[TextShape] = []
    if deck.author:
        shapes.append(composer.fill(design, "byline", deck.author, ("author",)))
    occasion = " · ".join(str(x) for x in (deck.date, deck.event) if x)
    if occasion:
        source = ("event",) if deck.event else ("date",)
        shapes.append(composer.fill(design, "occasion", occasion, source))
    if shapes and shapes[0].box.top < above.bottom + 0.1:
        top = above.bottom + 0.2
        for i, shape in enumerate(shapes):
            shapes[i] = replace(shape, box=replace(shape.box, top=top))
            top += shape.box.height
    return shapes


def divider(composer: Composer, index: int, number: int, title: str) -> SlidePlan:
    """Return the divider slide that opens section `index`, the deck's `number`th divider."""
    source = ("sections", index, "title")
    # The title first: a screen reader reads the shapes in order.
    shapes = [
        composer.fill("section", "title", title, source, floor=0.75),
        composer.fill("section", "number", f"{number:02d}", ()),
    ]
    return SlidePlan("section", list(shapes), source=("sections", index))


def closing(composer: Composer, text: str) -> SlidePlan:
    """Return the closing slide: the closing words where the title stood, and the presenter."""
    words = composer.fill("closing", "title", text, ("closing",), floor=0.75)
    if not composer.held("closing", "title"):
        words = replace(words, box=replace(words.box, height=words.used_height()))
    shapes: list[Shape] = [words, *_foot(composer, "closing", words.box)]
    return SlidePlan("closing", shapes, source=("closing",))


def _bottom_most(shapes: list[Shape]) -> Box:
    """Return the box of `shapes` that reaches lowest."""
    return max((shape.box for shape in shapes), key=lambda box: box.bottom)
