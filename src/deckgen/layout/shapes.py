"""The shapes a slide plan is made of: what the layout decides and the writers draw.

Plain frozen dataclasses in inches and points, with no knowledge of python-pptx: `deckgen check`
measures them without writing, and `deckgen.pptx` writes them as PresentationML.
"""

from __future__ import annotations

from dataclasses import field
from typing import Literal, NoReturn

from deckgen.errors import Path
from deckgen.layout import fit
from deckgen.layout.design import INSET as INSET
from deckgen.layout.design import Align, Anchor, Color, SlotName
from deckgen.layout.grid import Box
from deckgen.outline import markup
from deckgen.outline.model import FigureSlide
from deckgen.record import record

Role = Literal["title", "body", "caption", "footnote", "number", "decor"]


@record
class Para:
    """A paragraph: its runs and how it is set."""

    runs: tuple[markup.Run, ...]
    size: float
    color: Color
    bold: bool = False
    italic: bool = False
    align: Align = "left"
    level: int = -1
    """Bullet level (0-2), or -1 for a paragraph without a bullet."""
    space_before: float = 0.0
    bullet_color: Color | None = None

    @property
    def text(self) -> str:
        """Return the paragraph's plain text."""
        return "".join(run.text for run in self.runs)

    def indent(self) -> float:
        """Return the left indent of the text, in inches."""
        return 0.0 if self.level < 0 else 0.32 + 0.4 * self.level


@record
class TextShape:
    """A text box (or the slide's title placeholder when `role` is "title")."""

    box: Box
    paras: tuple[Para, ...]
    role: Role = "body"
    anchor: Anchor = "top"
    scale: float = 1.0
    fits: bool = True
    source: Path = ()
    """Where in the deck the text comes from, for located warnings."""
    number_field: bool = False
    slot: SlotName | None = None
    """The slot of the slide's design the text fills, or None for a text box of its own."""
    inset: float = INSET
    """The left and right inner margin, in inches: its slot's (a template's placeholder may
    have a wider one), else deckgen's."""

    @property
    def room(self) -> float:
        """Return the width its lines are set in: the box's, less the left and right margins."""
        return self.box.width - 2 * self.inset

    def one_line(self) -> str:
        """Return the text on one line: line breaks (a headline's balanced ones too) as spaces."""
        return " ".join(" ".join(para.text.split()) for para in self.paras)

    def split_word(self) -> str | None:
        """Return the first word too wide for its line (which a renderer would break inside, a
        Korean word included), or None."""
        width = self.room
        for para in self.paras:
            size = para.size * self.scale
            for line in para.text.split("\n"):
                for word in line.split(" "):
                    if word and fit.width_pt(word, size, para.bold) / 72 > width - para.indent():
                        return word
        return None

    def measured(self) -> list[fit.Paragraph]:
        """Return the paragraphs as the fit module measures them."""
        return [
            fit.Paragraph(p.text, p.size, p.bold, p.indent(), p.space_before) for p in self.paras
        ]

    def lines(self, scale: float | None = None) -> int:
        """Return how many lines the text takes at `scale` (default: its own)."""
        return fit.line_count(self.measured(), self.room, scale or self.scale)

    def used_height(self) -> float:
        """Return the height (inches) its lines take, insets included."""
        size = (self.paras[0].size if self.paras else 18) * self.scale
        return self.lines() * size * fit.LINE_PITCH / 72 + 2 * INSET

    def capacity(self) -> int:
        """Return about how many lines of the first paragraph's size the box holds."""
        size = (self.paras[0].size if self.paras else 18) * self.scale
        return max(1, int((self.box.height - 2 * INSET) * 72 / (size * fit.LINE_PITCH)))


@record
class RectShape:
    """A filled rectangle, rounded rectangle, ellipse or line."""

    box: Box
    color: Color
    kind: Literal["rect", "round", "ellipse"] = "rect"


@record
class PictureShape:
    """A figure or image, fitted into `box` keeping its proportions."""

    box: Box
    figure: int
    """Index into the build's list of pictures."""
    alt: str
    name: str
    slot: SlotName | None = None


@record
class TableShape:
    """A table with its heading row."""

    box: Box
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    size: float
    highlight_row: int | None
    highlight_column: int | None
    widths: tuple[float, ...]
    source: Path = ()
    fits: bool = True
    slot: SlotName | None = None
    alt: str = ""
    """What the table holds, for screen readers (its title, columns and size)."""
    insets: tuple[float, ...] = ()
    """How much further in than the cell margin each column's text starts, in inches (none
    where the tuple is short)."""


@record
class Tone:
    """A colour of the theme as a diagram's shapes use it: a role, its HSL lightness made
    `L * mod + off` and its saturation times `sat` (DrawingML's `lumMod`, `lumOff` and
    `satMod`: PowerPoint's "lighter 40%" is mod 0.6, off 0.4), so that a new theme colour
    recolours it."""

    color: Color
    mod: float = 1.0
    off: float = 0.0
    sat: float = 1.0


@record
class FillShape:
    """A filled shape of a native diagram: a band, a card, an arrow or a rule."""

    box: Box
    tone: Tone
    name: str
    kind: Literal["rect", "round", "arrow"] = "rect"
    radius: float = 0.0
    """A rounded rectangle's corner radius, in inches."""


@record
class GroupShape:
    """A diagram drawn as shapes (`render: native`): one group of filled shapes and the text
    boxes over them, which PowerPoint edits as text and recolours with the theme."""

    box: Box
    figure: int
    """Index into the build's list of figures (its alt text, its export by `deckgen charts`)."""
    name: str
    parts: tuple[FillShape | TextShape, ...]
    source: Path = ()

    @property
    def texts(self) -> tuple[TextShape, ...]:
        """Return the group's text boxes, in drawing order."""
        return tuple(p for p in self.parts if isinstance(p, TextShape))


Shape = TextShape | RectShape | PictureShape | TableShape | GroupShape


def unknown_shape(shape: NoReturn) -> NoReturn:
    """Raise TypeError for a shape of a kind the caller has no branch for: a programming error.

    Called in the last `else` of a chain of `isinstance` tests over `Shape`, where mypy sees
    `shape` as NoReturn only when every kind is handled, so a new kind fails the type check
    before it can fail here.
    """
    raise TypeError(f"{type(shape).__name__} is not a shape kind the writer knows")


DECK_SLIDES = frozenset({"title", "section", "closing"})
"""The designs of the slides deckgen makes itself, not from an outline slide: title, section
dividers and closing; every other design is a content slide's."""


@record(frozen=False)
class SlidePlan:
    """One slide of the output: its layout, background, shapes and notes."""

    layout: str
    """The key of the slide's design (its slide layout), such as "bullets"."""
    shapes: list[Shape]
    notes: str = ""
    source: Path = ()
    notices: list[str] = field(default_factory=list)
    """What the builder did to make the slide fit (shrunk, split)."""

    @property
    def content(self) -> bool:
        """Return whether the slide shows an outline slide (not the title, a divider, the end)."""
        return self.layout not in DECK_SLIDES

    @property
    def title(self) -> str:
        """Return the text of the slide's title, or of its first text when it has none, on one
        line (a headline's balanced line breaks become spaces)."""
        texts = [s for s in self.shapes if isinstance(s, TextShape) and s.role in ("title", "body")]
        chosen = next((s for s in texts if s.role == "title"), texts[0] if texts else None)
        return chosen.one_line() if chosen else ""


@record
class FigureRef:
    """A figure a slide needs: the slide's path, its spec and the box it fills."""

    path: Path
    slide: FigureSlide
    box: Box
