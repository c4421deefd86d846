"""What every slide type's layout shares: the grid, the title and footer, text fitted to its box.

Each slide type lays out its body in a module of `deckgen.layout.slides`, with a `Composer`'s help;
`deckgen.layout.deck` puts the slides of a whole deck in order. Layout decides what goes where and
how big the type is; the writers only draw what they are given, so `deckgen check` measures fit
without writing.
"""

from __future__ import annotations

from dataclasses import replace

from deckgen.errors import Path
from deckgen.layout import fit
from deckgen.layout.grid import Box, Grid
from deckgen.layout.shapes import (
    INSET,
    Align,
    Anchor,
    FigureRef,
    Para,
    RectShape,
    Role,
    Shape,
    SlidePlan,
    TextShape,
)
from deckgen.outline import markup
from deckgen.outline.model import Bullet, Deck, FigureSlide, SlideBase

BODY_SIZES = (28.0, 23.0, 20.0)
"""Bullet sizes by level, in points."""
SHRINK_FLOOR = 0.65
"""Smallest scale the builder shrinks body text to before it splits or warns."""
READABLE_MIN_PT = 12.0
"""Text smaller than this is hard to read from the back of a room."""


class Composer:
    """Lay out the slides of one deck: the helpers every slide type uses, and its figures."""

    def __init__(self, deck: Deck) -> None:
        self.deck = deck
        self.grid = Grid.for_size(deck.theme.size)
        self.colors = deck.theme.colors
        self.figures: list[FigureRef] = []
        """The figures the slides laid out so far need, in deck order."""

    def page(
        self,
        slide: SlideBase,
        path: Path,
        body: list[Shape],
        *,
        title: str | None = None,
        notes: bool = True,
    ) -> SlidePlan:
        """Return a content slide: its title (`title`, else the slide's, if any), `body` and
        the footer, with the slide's notes unless `notes` is false (a split slide's later parts)."""
        text = markup.plain(slide.notes or "") if notes else ""
        plan = SlidePlan("content", [], notes=text, source=path)
        title = title or getattr(slide, "title", None)
        if title:
            plan.shapes += self.heading(title, (*path, "title"))
        elif not any(isinstance(s, TextShape) and s.role == "title" for s in body):
            raise TypeError(f"the layout of {type(slide).__name__} gave no title shape")
        plan.shapes += body
        plan.shapes += self.footer(slide, path)
        return plan

    def figure(self, slide: FigureSlide, path: Path, box: Box) -> int:
        """Return the index of the figure of `slide`, recorded to fill `box`."""
        self.figures.append(FigureRef(path, slide, box))
        return len(self.figures) - 1

    def heading(self, title: str, source: Path) -> list[Shape]:
        """Return the slide title and the accent bar under it."""
        c = self.colors
        shape = self.text(
            self.grid.title,
            title,
            30,
            c.text,
            bold=True,
            role="title",
            anchor="bottom",
            source=source,
            floor=0.7,
        )
        return [shape, RectShape(self.grid.rule, c.accent)]

    def footer(self, slide: SlideBase, path: Path) -> list[Shape]:
        """Return the source footnote (when the slide has one) and the slide number."""
        g, c = self.grid, self.colors
        shapes: list[Shape] = []
        if slide.source:
            shapes.append(
                self.text(
                    g.footnote,
                    slide.source,
                    11,
                    c.muted,
                    role="footnote",
                    anchor="bottom",
                    source=(*path, "source"),
                    floor=0.85,
                )
            )
        shapes.append(
            TextShape(
                g.number,
                (Para((markup.Run(""),), 11, c.muted, align="right"),),
                role="number",
                anchor="bottom",
                number_field=True,
            )
        )
        return shapes

    def below_title(self, slide: SlideBase) -> Box:
        """Return the body area; slides without a title use the whole slide's height."""
        if getattr(slide, "title", None):
            return self.grid.content
        g = self.grid
        return Box(g.margin, 0.8, g.width - 2 * g.margin, g.height - 1.8)

    def bullet_box(
        self, bullets: list[Bullet], box: Box, source: Path, sizes: tuple[float, ...] = BODY_SIZES
    ) -> TextShape:
        """Return a text box holding `bullets`, shrunk within the floor to fit `box`."""
        paras: list[Para] = []

        def add(items: list[Bullet], level: int) -> None:
            for item in items:
                size = sizes[min(level, len(sizes) - 1)]
                paras.append(
                    Para(
                        self.runs(item.text),
                        size,
                        self.colors.text,
                        level=level,
                        space_before=(16.0 if level == 0 else 6.0),
                        bullet_color=self.colors.accent if level == 0 else self.colors.muted,
                    )
                )
                add(item.bullets, level + 1)

        add(bullets, 0)
        return self.fitted(TextShape(box, tuple(paras), source=source))

    def runs(self, text: str) -> tuple[markup.Run, ...]:
        """Return the styled runs of `text`."""
        return tuple(markup.parse(text).runs)

    def text(
        self,
        box: Box,
        text: str,
        size: float,
        color: str,
        *,
        bold: bool = False,
        role: Role = "body",
        align: Align = "left",
        anchor: Anchor = "top",
        source: Path = (),
        floor: float = SHRINK_FLOOR,
    ) -> TextShape:
        """Return a text box holding `text`, shrunk within `floor` to fit `box`."""
        paras = tuple(
            Para(self.runs(line), size, color, bold=bold, align=align) for line in text.split("\n")
        )
        return self.fitted(TextShape(box, paras, role, anchor, source=source), floor)

    def fitted(self, shape: TextShape, floor: float = SHRINK_FLOOR) -> TextShape:
        """Return `shape` with the largest scale (down to `floor`) at which its text fits."""
        scale, fits = fit.shrink_to_fit(
            shape.measured(), shape.box.width - 2 * INSET, shape.box.height - 2 * INSET, floor
        )
        return replace(shape, scale=scale, fits=fits)
