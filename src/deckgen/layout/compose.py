"""What every slide type's layout shares: the designs, the title and footer, text fitted to a slot.

Each slide type lays out its slides in a module of `deckgen.layout.slides`, with a `Composer`'s
help; `deckgen.layout.deck` puts the slides of a whole deck in order. Layout decides what goes
where and how big the type is; the writers only draw what they are given, so `deckgen check`
measures fit without writing. Text goes into the slots of the slide's design (its placeholders)
wherever it can, so that the .pptx behaves like a deck made in PowerPoint.
"""

from __future__ import annotations

from deckgen.errors import Path
from deckgen.layout import fit
from deckgen.layout.balance import balance
from deckgen.layout.design import Align, Anchor, Color, Decor, Design, Slot, SlotName, Style
from deckgen.layout.grid import Box, Grid
from deckgen.layout.shapes import (
    INSET,
    FigureRef,
    Para,
    Role,
    Shape,
    SlidePlan,
    TextShape,
)
from deckgen.layout.typescale import BODY, HEADLINE, MICRO, NESTED, SECONDARY
from deckgen.outline import markup
from deckgen.outline.model import Bullet, Deck, FigureSlide, SlideBase
from deckgen.record import replace

BODY_SIZES = (BODY, NESTED, SECONDARY)
"""Bullet sizes by level, in points."""
BULLET_SPACING = (16.0, 6.0)
"""Points before a bullet: a top-level one, a nested one."""
SHRINK_FLOOR = 0.65
"""Smallest scale the builder shrinks body text to before it splits or warns."""
READABLE_MIN_PT = 12.0
"""Text smaller than this is hard to read from the back of a room."""

TITLE = Style((HEADLINE,), "text", bold=True, anchor="bottom", balanced=True)
"""The title of a content slide."""
BULLETS = Style(BODY_SIZES, "text", bullets=True, space_before=BULLET_SPACING)
"""A list of bullets: the master's body text."""
FOOTNOTE = Style((MICRO,), "muted", anchor="bottom")
NUMBER = Style((MICRO,), "muted", align="right", anchor="bottom")


def content_design(
    grid: Grid, key: str, name: str, *slots: Slot, kind: str = "cust", decor: tuple[Decor, ...] = ()
) -> Design:
    """Return the design of a content slide: a title, `slots` for the body, the source footnote
    and the slide number, and the accent bar under the title (deckgen's own grid only) before
    `decor`: a shape of the layout, so that Change Layout takes it along."""
    bar = (Decor(grid.rule, "accent"),) if grid.rule else ()
    return Design(
        key,
        name,
        (
            Slot("title", "title", grid.title, TITLE),
            *slots,
            Slot("footer", "ftr", grid.footnote, FOOTNOTE),
            Slot("number", "sldNum", grid.number, NUMBER),
        ),
        (*bar, *decor),
        kind=kind,
    )


UNTITLED = "-untitled"
"""The ending of the key of a design's variant without the accent bar, for its slides that
have no title (a statement, a quote or a number alone)."""


def untitled(
    design: Design, grid: Grid, moved: tuple[Slot, ...], dropped: tuple[SlotName, ...] = ()
) -> Design:
    """Return the variant of `design` for slides without a title: no accent bar, its slots
    `moved` (the title where the slide's words stand in its place and style, so that they
    are the slide's title and Reset Slide leaves them there), and no `dropped` slots."""
    by_name = {slot.name: slot for slot in moved}
    slots = tuple(by_name.get(slot.name, slot) for slot in design.slots if slot.name not in dropped)
    return replace(
        design,
        key=design.key + UNTITLED,
        name=f"{design.name}, No Title",
        slots=slots,
        decor=tuple(d for d in design.decor if d.box != grid.rule),
    )


def untitled_area(grid: Grid) -> Box:
    """Return the body area of a slide without a title: the whole slide's height."""
    return Box(grid.margin, 0.8, grid.width - 2 * grid.margin, grid.height - 1.8)


class Composer:
    """Lay out the slides of one deck: the helpers every slide type uses, and its figures."""

    def __init__(self, deck: Deck, grid: Grid, designs: dict[str, Design]) -> None:
        self.deck = deck
        self.grid = grid
        self.designs = designs
        self.figures: list[FigureRef] = []
        """The figures the slides laid out so far need, in deck order."""
        self.previous = ""
        """The design of the slide laid out last ("" before the first)."""

    def page(
        self,
        design: str,
        slide: SlideBase,
        path: Path,
        body: list[Shape],
        *,
        title: str | None = None,
        notes: bool = True,
    ) -> SlidePlan:
        """Return a content slide of `design`: its title (`title`, else the slide's, if any),
        `body` and the footer, with the slide's notes unless `notes` is false (a split slide's
        later parts)."""
        text = markup.plain(slide.notes or "") if notes else ""
        title = title or getattr(slide, "title", None)
        # The accent bar under the title is the layout's: a slide without a title takes the
        # layout's variant without it, where there is one.
        bare = design + UNTITLED
        layout = bare if not title and bare in self.designs else design
        plan = SlidePlan(layout, [], notes=text, source=path)
        if title:
            plan.shapes.append(self.fill(design, "title", title, (*path, "title"), floor=0.9))
        elif not any(isinstance(s, TextShape) and s.role == "title" for s in body):
            raise TypeError(f"the layout of {type(slide).__name__} gave no title shape")
        plan.shapes += body
        plan.shapes += self.footer(design, slide, path)
        return plan

    def held(self, design: str, slot: SlotName) -> bool:
        """Return whether a company template's placeholder holds `slot` of `design`: the
        slide then keeps the placeholder's box and style wherever its text fits."""
        return self.grid.frame is not None and slot in self.grid.frame.adopted(design)

    def figure(self, slide: FigureSlide, path: Path, box: Box) -> int:
        """Return the index of the figure of `slide`, recorded to fill `box`."""
        self.figures.append(FigureRef(path, slide, box))
        return len(self.figures) - 1

    def footer(self, design: str, slide: SlideBase, path: Path) -> list[Shape]:
        """Return the source footnote (when the slide has one) and the slide number."""
        shapes: list[Shape] = []
        if slide.source:
            shapes.append(self.fill(design, "footer", slide.source, (*path, "source"), floor=0.85))
        slot = self.designs[design].slot("number")
        shapes.append(
            TextShape(
                slot.box,
                (Para((markup.Run(""),), NUMBER.size(0), "muted", align="right"),),
                role="number",
                anchor="bottom",
                number_field=True,
                slot="number",
            )
        )
        return shapes

    def below_title(self, slide: SlideBase) -> Box:
        """Return the body area; slides without a title use the whole slide's height."""
        if getattr(slide, "title", None):
            return self.grid.content
        return untitled_area(self.grid)

    def fill(
        self,
        design: str,
        slot: SlotName,
        text: str,
        source: Path,
        *,
        floor: float = SHRINK_FLOOR,
        box: Box | None = None,
        style: Style | None = None,
    ) -> TextShape:
        """Return `text` in `slot` of `design`, shrunk within `floor` to fit. `box` and `style`
        depart from the slot's own (an untitled slide's words in its title slot)."""
        place = self.designs[design].slot(slot)
        style = style or place.style
        if style is None:
            raise TypeError(f"slot {slot} of {design} holds no text")
        role: Role = "title" if place.kind in ("title", "ctrTitle") else _ROLES.get(slot, "body")
        shape = self.text(
            box or place.box,
            text,
            style.size(0),
            style.color,
            bold=style.bold,
            role=role,
            align=style.align,
            anchor=style.anchor,
            source=source,
            floor=floor,
            inset=place.inset,
        )
        if style.balanced:
            shape = balance(shape)
        return replace(shape, slot=slot)

    def bullets(
        self,
        design: str,
        slot: SlotName,
        bullets: list[Bullet],
        source: Path,
        *,
        box: Box | None = None,
        style: Style | None = None,
    ) -> TextShape:
        """Return `bullets` in `slot` of `design` (a list), shrunk within the floor to fit;
        `box` and `style` depart from the slot's own."""
        place = self.designs[design].slot(slot)
        style = style or place.style or BULLETS
        shape = self.bullet_box(bullets, box or place.box, source, style, place.inset)
        return replace(shape, slot=slot)

    def bullet_box(
        self,
        bullets: list[Bullet],
        box: Box,
        source: Path,
        style: Style = BULLETS,
        inset: float = INSET,
    ) -> TextShape:
        """Return a text box holding `bullets`, shrunk within the floor to fit `box`."""
        paras: list[Para] = []

        def add(items: list[Bullet], level: int) -> None:
            for item in items:
                paras.append(
                    Para(
                        self.runs(item.text),
                        style.size(level),
                        style.color,
                        level=level,
                        space_before=style.spacing(level),
                        bullet_color="accent" if level == 0 else "muted",
                    )
                )
                add(item.bullets, level + 1)

        add(bullets, 0)
        shape = TextShape(box, tuple(paras), anchor=style.anchor, source=source, inset=inset)
        return self.fitted(shape)

    def runs(self, text: str) -> tuple[markup.Run, ...]:
        """Return the styled runs of `text`."""
        return tuple(markup.parse(text).runs)

    def text(
        self,
        box: Box,
        text: str,
        size: float,
        color: Color,
        *,
        bold: bool = False,
        role: Role = "body",
        align: Align = "left",
        anchor: Anchor = "top",
        source: Path = (),
        floor: float = SHRINK_FLOOR,
        inset: float = INSET,
    ) -> TextShape:
        """Return a text box holding `text`, shrunk within `floor` to fit `box` (its text set
        `inset` inches in from the left and right)."""
        paras = tuple(
            Para(self.runs(line), size, color, bold=bold, align=align) for line in text.split("\n")
        )
        shape = TextShape(box, paras, role, anchor, source=source, inset=inset)
        return self.fitted(shape, floor)

    def fitted(self, shape: TextShape, floor: float = SHRINK_FLOOR) -> TextShape:
        """Return `shape` with the largest scale (down to `floor`) at which its text fits."""
        scale, fits = fit.shrink_to_fit(
            shape.measured(), shape.room, shape.box.height - 2 * INSET, floor
        )
        return replace(shape, scale=scale, fits=fits)


_ROLES: dict[SlotName, Role] = {"footer": "footnote", "caption": "caption", "number": "number"}
"""The role of the text of a slot, by the slot's name, where it is not plain body text."""
