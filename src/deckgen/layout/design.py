"""Designs: the slide layouts deckgen offers, one per slide type or family, and their slots.

A design names the placeholders (slots) its slides fill: where each sits and how its text is set.
deckgen's own base package is written from the designs (a PowerPoint slide layout per design, a
placeholder per slot, its text style in the layout), so a slide that fills a slot inherits its
position, size and style, and writes only what departs from them (text shrunk to fit, a box
moved). On a company template, the slots map to the template's own placeholders.
"""

from __future__ import annotations

from typing import Literal, cast, get_args

from deckgen.layout.box import Box
from deckgen.record import record

Color = Literal[
    "text", "primary", "accent", "muted", "background", "inverse", "inverse_muted", "tint"
]
"""A colour by its role in the theme, so that the slides follow the theme's colours: body text,
primary (titles, statements, bars), accent (highlights), muted (footnotes, captions),
background, text on the primary colour (inverse, and a quieter inverse_muted), and a tint of
the primary colour to set a panel off the background (a card)."""

PlaceholderKind = Literal[
    "title", "ctrTitle", "subTitle", "body", "obj", "pic", "tbl", "ftr", "sldNum"
]
"""PowerPoint's placeholder types that deckgen's slots use."""

SlotName = Literal[
    # every slide's
    "title",
    "footer",
    "number",
    # the title slide's
    "subtitle",
    "byline",
    "occasion",
    # a content slide's body
    "body",
    "text",
    "quote",
    "by",
    "value",
    "label",
    "detail",
    "table",
    "figure",
    "caption",
    "heading-1",
    "heading-2",
    "heading-3",
    "heading-4",
    "column-1",
    "column-2",
    "column-3",
    "column-4",
    # a cards slide's cards: each card's key term, and its text under it
    "key-1",
    "key-2",
    "key-3",
    "key-4",
    "point-1",
    "point-2",
    "point-3",
    "point-4",
    # a timeline's events: the date above the line, the label and detail under it
    "date-1",
    "date-2",
    "date-3",
    "date-4",
    "date-5",
    "date-6",
    "date-7",
    "date-8",
    "event-1",
    "event-2",
    "event-3",
    "event-4",
    "event-5",
    "event-6",
    "event-7",
    "event-8",
]
"""The name of a design's slot, as layout fills it and the writer finds its placeholder."""

SLOT_NAMES: frozenset[str] = frozenset(get_args(SlotName))


def _numbered(kind: str) -> tuple[SlotName, ...]:
    """Return the slots named `kind-1`, `kind-2`, ... in order (left to right)."""
    return tuple(name for name in get_args(SlotName) if name.startswith(f"{kind}-"))


HEADING_SLOTS = _numbered("heading")
"""The slots of the columns designs' headings, left to right."""
COLUMN_SLOTS = _numbered("column")
"""The slots of the columns designs' lists, left to right."""
KEY_SLOTS = _numbered("key")
"""The slots of the cards designs' key terms, left to right."""
POINT_SLOTS = _numbered("point")
"""The slots of the cards designs' texts, left to right."""
DATE_SLOTS = _numbered("date")
"""The slots of the timeline designs' dates, left to right."""
EVENT_SLOTS = _numbered("event")
"""The slots of the timeline designs' labels and details, left to right."""


def slot_name(text: str) -> SlotName:
    """Return `text` as a slot's name; raise ValueError when no design has such a slot."""
    if text in SLOT_NAMES:
        return cast("SlotName", text)
    raise ValueError(f"no slot is called {text!r}")


INSET = 0.05
"""The inner margin of deckgen's text boxes and placeholders, in inches, on each side."""

Align = Literal["left", "center", "right"]
Anchor = Literal["top", "middle", "bottom"]


@record
class Style:
    """How the text of a slot is set: size by bullet level, colour, weight, alignment."""

    sizes: tuple[float, ...]
    """Points, by level: one size for text without bullets, one per level for bullets."""
    color: Color = "text"
    bold: bool = False
    align: Align = "left"
    anchor: Anchor = "top"
    bullets: bool = False
    """Levels are bulleted (a list), as the master's body text is."""
    space_before: tuple[float, ...] = (0.0,)
    """Points before a paragraph, by level (not before the first)."""
    balanced: bool = False
    """A headline: its lines are broken to be about as long as each other."""

    def size(self, level: int) -> float:
        """Return the size of text at bullet `level` (-1 or 0 for the first)."""
        return self.sizes[min(max(level, 0), len(self.sizes) - 1)]

    def spacing(self, level: int) -> float:
        """Return the space before a paragraph at `level`."""
        return self.space_before[min(max(level, 0), len(self.space_before) - 1)]


@record
class Slot:
    """A placeholder of a design: its name, PowerPoint type, box and text style."""

    name: SlotName
    kind: PlaceholderKind
    box: Box
    style: Style | None = None
    """None for a picture or a table."""
    inset: float = INSET
    """The left and right inner margin of its text, in inches (a template's placeholders
    have their own, PowerPoint's 0.1 by default)."""
    held: bool = False
    """A company template's placeholder holds it: its box, style and margins are that
    placeholder's, which no layout of deckgen's restates."""


@record
class Design:
    """A slide layout: its key (as slide plans name it), its name in PowerPoint, its slots, the
    fixed shapes every slide of it shows (an accent bar), and its background."""

    key: str
    name: str
    slots: tuple[Slot, ...]
    decor: tuple[Decor, ...] = ()
    background: Color | None = None
    """None: the master's (the theme's background colour)."""
    kind: str = "cust"
    """PowerPoint's layout type (title, secHead, obj, titleOnly, tbl, ...): what PowerPoint's
    "Reset" and templates match layouts by."""
    fitted: bool = False
    """Its slots are placed by the slides' texts (a timeline's rows): deckgen's base offers
    the design only to a deck that uses it, with each slot where the deck's slides put it
    when they all agree."""

    def slot(self, name: SlotName) -> Slot:
        """Return the slot called `name`."""
        for slot in self.slots:
            if slot.name == name:
                return slot
        raise KeyError(f"design {self.key} has no slot {name!r}")


@record
class Decor:
    """A fixed shape of a design: a filled rectangle (an accent bar, a rule)."""

    box: Box
    color: Color
