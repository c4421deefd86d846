"""Where things go on a slide, in inches: one grid shared by the slides and the figures."""

from __future__ import annotations

from deckgen.layout.box import GAP as GAP
from deckgen.layout.box import Box as Box
from deckgen.layout.design import INSET, Slot
from deckgen.record import record

SLIDE_SIZES = {"16:9": (12192000 / 914400, 7.5), "4:3": (10.0, 7.5)}
"""Slide sizes in inches: PowerPoint's widescreen (12,192,000 x 6,858,000 EMU) and standard."""
FIGURE_SHARE = 0.6
"""Part of the content width a figure takes when bullets stand beside it."""
CAPTION_HEIGHT = 0.45
OWN_LAYOUT = "*"
"""The design key under which a template's `Frame` holds the slots of the layouts deckgen adds
to the template (its title, footer and number: those of the template's title-only layout)."""


@record
class Frame:
    """Where a company template's layouts put text: the boxes of their placeholders, by place.

    The places: "title", "content", "footnote" and "number" (what every content slide shares),
    "cover.title", "cover.subtitle", "cover.byline", "section.title" and "section.text"."""

    boxes: tuple[tuple[str, Box], ...]
    slots: tuple[tuple[str, Slot], ...] = ()
    """The slots of deckgen's designs that a layout of the template holds, by design key: each
    with the box, text style and margins of the template's placeholder, which the slides
    inherit."""

    def get(self, place: str) -> Box | None:
        """Return the box of `place`, or None where the template has none."""
        return next((box for name, box in self.boxes if name == place), None)

    def adopted(self, design: str) -> dict[str, Slot]:
        """Return the slots of `design` that the template's placeholders hold, by name: those
        of its role's layout, else (a layout of deckgen's made from the template's title-only
        one) that layout's title, footer and number; an untitled design keeps its title."""
        found: dict[str, Slot] = {slot.name: slot for key, slot in self.slots if key == design}
        if not found:
            found = {slot.name: slot for key, slot in self.slots if key == OWN_LAYOUT}
            if design.endswith("-untitled"):  # its words stand in the title's place
                found.pop("title", None)
        return found


@record
class Grid:
    """The boxes of a slide of one size: deckgen's own, or a template's where it has them."""

    width: float
    height: float
    frame: Frame | None = None
    """A template's places for the title, body, footer and slide number."""

    @classmethod
    def for_size(cls, size: str, frame: Frame | None = None) -> Grid:
        """Return the grid for a slide size such as "16:9"."""
        return cls(*SLIDE_SIZES[size], frame)

    def place(self, place: str, own: Box) -> Box:
        """Return the template's box of `place` (see `Frame`), else deckgen's `own`."""
        found = self.frame.get(place) if self.frame else None
        return found or own

    @property
    def margin(self) -> float:
        """Return the left and right margin."""
        return 0.75 if self.width > 11 else 0.6

    @property
    def inset(self) -> float:
        """Return the left inset of the slides' text: how far in from its box the grid's left
        edge is, where text starts and figures, tables and rules are set to begin."""
        if self.frame:  # the template's title, whose box and margins rule its slides
            held = self.frame.adopted(OWN_LAYOUT).get("title")
            return held.inset if held else 0.1  # PowerPoint's default margin
        return INSET

    def inner(self, box: Box) -> Box:
        """Return `box` without its text insets: where a figure, a table or a rule in it
        starts and ends, the edges its text starts and ends at."""
        return Box(box.left + self.inset, box.top, box.width - 2 * self.inset, box.height)

    @property
    def title(self) -> Box:
        """Return the title's box."""
        # Two lines of a 40 pt title, at 90%: the title grows upwards, the body stays put.
        return self.place("title", Box(self.margin, 0.3, self.width - 2 * self.margin, 1.3))

    @property
    def rule(self) -> Box | None:
        """Return the short accent bar under the title: deckgen's own, so none on a template."""
        return None if self.frame else Box(self.margin + self.inset, 1.68, 0.8, 0.06)

    @property
    def content(self) -> Box:
        """Return the area under the title for the slide's body."""
        own = Box(self.margin, 1.95, self.width - 2 * self.margin, self.height - 1.95 - 0.85)
        return self.place("content", own)

    @property
    def footnote(self) -> Box:
        """Return the box of the source footnote."""
        own = Box(self.margin, self.height - 0.62, self.width - 2 * self.margin - 1.0, 0.4)
        return self.place("footnote", own)

    @property
    def number(self) -> Box:
        """Return the box of the slide number."""
        return self.place(
            "number", Box(self.width - self.margin - 0.9, self.height - 0.62, 0.9, 0.4)
        )

    def figure(self, *, caption: bool, beside: bool) -> Box:
        """Return the figure's box on a figure slide."""
        area = self.inner(self.content)
        height = area.height - (CAPTION_HEIGHT if caption else 0.0)
        width = (area.width - GAP) * FIGURE_SHARE if beside else area.width
        return Box(area.left, area.top, width, height)

    def caption(self, figure: Box) -> Box:
        """Return the caption's box under `figure`: its text starts at the figure's edge."""
        left, width = figure.left - self.inset, figure.width + 2 * self.inset
        return Box(left, figure.bottom + 0.05, width, CAPTION_HEIGHT - 0.05)

    def beside(self, figure: Box) -> Box:
        """Return the box for bullets to the right of `figure`."""
        area = self.content
        left = figure.right + GAP - self.inset  # its text a gap from the figure
        return Box(left, area.top, area.right - left, area.height)
