"""Lay out every slide as plain shapes: boxes, text with its measured fit, pictures, tables.

This module decides what goes where and how big the type is; `deckgen.slides` only draws what it
is given. Keeping layout apart from python-pptx lets `deckgen check` measure fit without writing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Literal

from deckgen import fit, markup
from deckgen.errors import Path
from deckgen.layout import Box, Grid
from deckgen.model import (
    Bullet,
    BulletsSlide,
    ChartSlide,
    ColumnsSlide,
    Deck,
    DiagramSlide,
    FigureSlide,
    ImageSlide,
    QuoteSlide,
    Slide,
    StatementSlide,
    StatSlide,
    TableSlide,
    TimelineSlide,
)

BODY_SIZES = (28.0, 23.0, 20.0)
"""Bullet sizes by level, in points."""
SHRINK_FLOOR = 0.65
"""Smallest scale the builder shrinks body text to before it splits or warns."""
READABLE_MIN_PT = 12.0
"""Text smaller than this is hard to read from the back of a room."""
INSET = 0.05
_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")

Role = Literal["title", "body", "caption", "footnote", "number", "decor"]
Align = Literal["left", "center", "right"]
Anchor = Literal["top", "middle", "bottom"]


def has_hangul(text: str) -> bool:
    """Return whether `text` holds a Hangul letter."""
    return bool(_HANGUL.search(text))


@dataclass(frozen=True)
class Para:
    """A paragraph: its runs and how it is set."""

    runs: tuple[markup.Run, ...]
    size: float
    color: str
    bold: bool = False
    italic: bool = False
    align: Align = "left"
    level: int = -1
    """Bullet level (0-2), or -1 for a paragraph without a bullet."""
    space_before: float = 0.0
    bullet_color: str = ""

    @property
    def text(self) -> str:
        """Return the paragraph's plain text."""
        return "".join(run.text for run in self.runs)

    def indent(self) -> float:
        """Return the left indent of the text, in inches."""
        return 0.0 if self.level < 0 else 0.32 + 0.4 * self.level


@dataclass(frozen=True)
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

    def measured(self) -> list[fit.Paragraph]:
        """Return the paragraphs as the fit module measures them."""
        return [
            fit.Paragraph(p.text, p.size, p.bold, p.indent(), p.space_before) for p in self.paras
        ]

    def lines(self, scale: float | None = None) -> int:
        """Return how many lines the text takes at `scale` (default: its own)."""
        return fit.line_count(self.measured(), self.box.width - 2 * INSET, scale or self.scale)

    def capacity(self) -> int:
        """Return about how many lines of the first paragraph's size the box holds."""
        size = (self.paras[0].size if self.paras else 18) * self.scale
        return max(1, int((self.box.height - 2 * INSET) * 72 / (size * fit.LINE_PITCH)))


@dataclass(frozen=True)
class RectShape:
    """A filled rectangle, rounded rectangle, ellipse or line."""

    box: Box
    color: str
    kind: Literal["rect", "round", "ellipse"] = "rect"


@dataclass(frozen=True)
class PictureShape:
    """A figure or image, fitted into `box` keeping its proportions."""

    box: Box
    figure: int
    """Index into the build's list of pictures."""
    alt: str
    name: str


@dataclass(frozen=True)
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


Shape = TextShape | RectShape | PictureShape | TableShape


@dataclass
class SlidePlan:
    """One slide of the output: its layout, background, shapes and notes."""

    layout: Literal["title", "section", "content"]
    shapes: list[Shape]
    notes: str = ""
    background: str = ""
    source: Path = ()
    notices: list[str] = field(default_factory=list)
    """What the builder did to make the slide fit (shrunk, split)."""


@dataclass(frozen=True)
class FigureRef:
    """A figure a slide needs: the slide's path, its spec and the box it fills."""

    path: Path
    slide: Slide
    box: Box


class Composer:
    """Lay out the slides of one deck."""

    def __init__(self, deck: Deck) -> None:
        self.deck = deck
        self.grid = Grid.for_size(deck.theme.size)
        self.colors = deck.theme.colors
        self.figures: list[FigureRef] = []

    # -- whole deck ----------------------------------------------------------------------------

    def plan(self) -> list[SlidePlan]:
        """Return the plan of every slide in the deck, in order."""
        plans = [self.title_slide()]
        for s, section in enumerate(self.deck.sections):
            visible = [(i, sl) for i, sl in enumerate(section.slides) if not sl.hidden]
            if section.divider and visible:
                plans.append(self.divider(s, section.title))
            for i, slide in visible:
                plans += self.slide(slide, ("sections", s, "slides", i))
        if self.deck.closing:
            plans.append(self.closing(self.deck.closing))
        return plans

    def title_slide(self) -> SlidePlan:
        """Return the title slide, from the deck's metadata."""
        g, c = self.grid, self.colors
        left, width = g.margin + 0.1, g.width - 2 * g.margin - 0.2
        shapes: list[Shape] = [
            RectShape(Box(left, 2.0, 1.0, 0.08), c.accent),
            self.text(
                Box(left, 2.25, width, 1.9),
                self.deck.title,
                44,
                "#FFFFFF",
                bold=True,
                role="title",
                anchor="bottom",
                source=("title",),
            ),
        ]
        if self.deck.subtitle:
            shapes.append(
                self.text(
                    Box(left, 4.25, width, 0.9),
                    self.deck.subtitle,
                    24,
                    "#FFFFFF",
                    source=("subtitle",),
                )
            )
        byline = " · ".join(str(x) for x in (self.deck.author, self.deck.date) if x)
        if byline:
            shapes.append(
                self.text(Box(left, 5.6, width, 0.5), byline, 16, "#D6DEE8", source=("author",))
            )
        return SlidePlan("title", shapes, background=c.primary)

    def divider(self, index: int, title: str) -> SlidePlan:
        """Return the divider slide that opens section `index`."""
        g, c = self.grid, self.colors
        left, width = g.margin + 0.1, g.width - 2 * g.margin - 0.2
        shapes: list[Shape] = [
            self.text(
                Box(left, 1.9, width, 1.3),
                f"{index + 1:02d}",
                60,
                c.accent,
                bold=True,
                role="decor",
                anchor="bottom",
            ),
            self.text(
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

    def closing(self, text: str) -> SlidePlan:
        """Return the closing slide."""
        g, c = self.grid, self.colors
        box = Box(g.margin, 2.4, g.width - 2 * g.margin, 2.2)
        shape = self.text(
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

    # -- one outline slide ---------------------------------------------------------------------

    def slide(self, slide: Slide, path: Path) -> list[SlidePlan]:
        """Return the plan (or plans, when split) of one outline slide."""
        if isinstance(slide, BulletsSlide):
            return self.bullets_slide(slide, path)
        plan = SlidePlan("content", [], notes=markup.plain(slide.notes or ""), source=path)
        body = self.body(slide, path)
        title = getattr(slide, "title", None)
        if title:
            plan.shapes += self.heading(title, (*path, "title"))
        elif not any(isinstance(s, TextShape) and s.role == "title" for s in body):
            raise AssertionError(f"slide at {path} has no title shape")  # pragma: no cover
        plan.shapes += body
        plan.shapes += self.footer(slide, path)
        return [plan]

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

    def footer(self, slide: Slide, path: Path) -> list[Shape]:
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

    def body(self, slide: Slide, path: Path) -> list[Shape]:
        """Return the shapes under the title of a slide other than a bullets slide."""
        if isinstance(slide, QuoteSlide):
            return self.quote(slide, path)
        if isinstance(slide, StatementSlide):
            return self.statement(slide, path)
        if isinstance(slide, StatSlide):
            return self.stat(slide, path)
        if isinstance(slide, ColumnsSlide):
            return self.columns(slide, path)
        if isinstance(slide, TimelineSlide):
            return self.timeline(slide, path)
        if isinstance(slide, TableSlide):
            return self.table(slide, path)
        if isinstance(slide, ChartSlide | DiagramSlide | ImageSlide):
            return self.figure_body(slide, path)
        raise TypeError(f"no layout for {type(slide).__name__}")  # pragma: no cover

    def bullets_slide(self, slide: BulletsSlide, path: Path) -> list[SlidePlan]:
        """Return a bullets slide, split in parts with "(1/2)" titles when it cannot fit."""
        parts = [list(range(len(slide.bullets)))]
        body = self.bullet_box(slide.bullets, self.grid.content, (*path, "bullets"))
        if not body.fits and len(slide.bullets) > 1:
            parts = self._split(slide.bullets, path)
        plans = []
        for number, indexes in enumerate(parts, start=1):
            title = slide.title if len(parts) == 1 else f"{slide.title} ({number}/{len(parts)})"
            bullets = [slide.bullets[i] for i in indexes]
            box = self.bullet_box(bullets, self.grid.content, (*path, "bullets"))
            plan = SlidePlan(
                "content",
                [*self.heading(title, (*path, "title")), box],
                notes=markup.plain(slide.notes or "") if number == 1 else "",
                source=path,
            )
            plan.shapes += self.footer(slide, path)
            if len(parts) > 1:
                plan.notices.append(f"split into {len(parts)} slides to fit")
            elif box.scale < 1:
                plan.notices.append(f"text shrunk to {box.scale:.0%} to fit")
            plans.append(plan)
        return plans

    def _split(self, bullets: list[Bullet], path: Path) -> list[list[int]]:
        """Return the top-level bullets grouped into as few slides as fit."""
        parts: list[list[int]] = [[]]
        for index in range(len(bullets)):
            trial = [bullets[i] for i in [*parts[-1], index]]
            if parts[-1] and not self.bullet_box(trial, self.grid.content, path).fits:
                parts.append([])
            parts[-1].append(index)
        return parts

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

    def quote(self, slide: QuoteSlide, path: Path) -> list[Shape]:
        c = self.colors
        area = self._below_title(slide)
        shapes: list[Shape] = [
            self.text(
                Box(area.left, area.top - 0.3, 1.1, 1.75),
                "\u201c",
                96,
                c.accent,
                bold=True,
                role="decor",
            ),
        ]
        text_box = Box(area.left + 1.2, area.top + 0.3, area.width - 1.5, area.height - 1.3)
        role: Role = "body" if slide.title else "title"
        shapes.append(
            self.text(
                text_box,
                slide.quote,
                32,
                c.text,
                role=role,
                anchor="middle",
                source=(*path, "quote"),
                floor=0.6,
            )
        )
        if slide.by:
            shapes.append(
                self.text(
                    Box(text_box.left, text_box.bottom + 0.1, text_box.width, 0.7),
                    f"\u2014 {slide.by}",
                    20,
                    c.muted,
                    source=(*path, "by"),
                )
            )
        return shapes

    def statement(self, slide: StatementSlide, path: Path) -> list[Shape]:
        area = self._below_title(slide)
        role: Role = "body" if slide.title else "title"
        return [
            self.text(
                area,
                slide.text,
                40,
                self.colors.primary,
                bold=True,
                role=role,
                align="center",
                anchor="middle",
                source=(*path, "text"),
                floor=0.6,
            )
        ]

    def stat(self, slide: StatSlide, path: Path) -> list[Shape]:
        c = self.colors
        area = self._below_title(slide)
        role: Role = "body" if slide.title else "title"
        top = area.top + (0.3 if slide.title else 0.6)
        shapes: list[Shape] = [
            self.text(
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
            self.text(
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
                self.text(
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

    def columns(self, slide: ColumnsSlide, path: Path) -> list[Shape]:
        c = self.colors
        shapes: list[Shape] = []
        count = len(slide.columns)
        sizes = (20.0, 17.0, 16.0) if count <= 3 else (18.0, 16.0, 14.0)
        for i, (column, box) in enumerate(
            zip(slide.columns, self.grid.content.split_columns(count), strict=True)
        ):
            at = (*path, "columns", i)
            shapes.append(RectShape(Box(box.left, box.top, box.width, 0.06), c.primary))
            shapes.append(
                self.text(
                    Box(box.left, box.top + 0.15, box.width, 0.9),
                    column.heading,
                    22 if count <= 3 else 19,
                    c.primary,
                    bold=True,
                    anchor="top",
                    source=(*at, "heading"),
                    floor=0.7,
                )
            )
            shapes.append(
                self.bullet_box(
                    column.bullets,
                    Box(box.left, box.top + 1.1, box.width, box.height - 1.1),
                    (*at, "bullets"),
                    sizes,
                )
            )
        return shapes

    def timeline(self, slide: TimelineSlide, path: Path) -> list[Shape]:
        c = self.colors
        area = self.grid.content
        count = len(slide.events)
        line_y = area.top + max(1.25, area.height * 0.3)
        shapes: list[Shape] = [RectShape(Box(area.left, line_y - 0.025, area.width, 0.05), c.muted)]
        slots = area.split_columns(count, gap=0.2)
        for i, (event, slot) in enumerate(zip(slide.events, slots, strict=True)):
            at = (*path, "events", i)
            centre = slot.left + slot.width / 2
            shapes.append(
                RectShape(
                    Box(centre - 0.14, line_y - 0.14, 0.28, 0.28),
                    c.accent if i == count - 1 else c.primary,
                    "ellipse",
                )
            )
            shapes.append(
                self.text(
                    Box(slot.left, line_y - 1.2, slot.width, 0.95),
                    event.when,
                    24 if count <= 5 else 20,
                    c.primary,
                    bold=True,
                    align="center",
                    anchor="bottom",
                    source=(*at, "when"),
                    floor=0.6,
                )
            )
            label = self.text(
                Box(slot.left, line_y + 0.35, slot.width, 1.3),
                event.label,
                20 if count <= 4 else 17,
                c.text,
                bold=True,
                align="center",
                source=(*at, "label"),
                floor=0.7,
            )
            if label.fits:  # hug the text, so the detail sits right under it
                size = label.paras[0].size * label.scale
                used = label.lines() * size * fit.LINE_PITCH / 72 + 2 * INSET
                label = replace(label, box=replace(label.box, height=used))
            shapes.append(label)
            if event.detail:
                top = label.box.bottom + 0.1
                shapes.append(
                    self.text(
                        Box(slot.left, top, slot.width, area.bottom - top),
                        event.detail,
                        16 if count <= 4 else 14,
                        c.muted,
                        align="center",
                        source=(*at, "detail"),
                        floor=0.8,
                    )
                )
        return shapes

    def table(self, slide: TableSlide, path: Path) -> list[Shape]:
        table = slide.table
        area = self.grid.content
        cells = [[_cell_text(v) for v in row] for row in table.rows]
        numeric = tuple(
            all(isinstance(row[i], int | float) for row in table.rows if i < len(row))
            for i in range(len(table.columns))
        )
        size, widths, fits = _fit_table(list(table.columns), cells, area)
        height = min(area.height, (len(cells) + 1) * (size * 2.1 / 72 + 0.12))
        highlight = table.highlight
        return [
            TableShape(
                Box(area.left, area.top, area.width, height),
                tuple(table.columns),
                tuple(tuple(r) for r in cells),
                numeric,
                size,
                highlight.row if highlight else None,
                highlight.column if highlight else None,
                tuple(widths),
                (*path, "table"),
                fits,
            )
        ]

    def figure_body(self, slide: FigureSlide, path: Path) -> list[Shape]:
        g, c = self.grid, self.colors
        box = g.figure(caption=bool(slide.caption), beside=bool(slide.bullets))
        index = len(self.figures)
        self.figures.append(FigureRef(path, slide, box))
        shapes: list[Shape] = [PictureShape(box, index, "", getattr(slide, "id", None) or "")]
        if slide.caption:
            shapes.append(
                self.text(
                    g.caption(box),
                    slide.caption,
                    14,
                    c.muted,
                    align="center",
                    source=(*path, "caption"),
                    floor=0.85,
                )
            )
        if slide.bullets:
            beside = g.beside(box)
            shapes.append(
                self.bullet_box(
                    slide.bullets,
                    Box(beside.left, beside.top + 0.2, beside.width, beside.height - 0.2),
                    (*path, "bullets"),
                    (20.0, 17.0, 16.0),
                )
            )
        return shapes

    # -- helpers -------------------------------------------------------------------------------

    def geometry_problems(self, plan: SlidePlan) -> list[tuple[Path, str]]:
        """Return (source, message) for shapes of `plan` that leave the slide or overlap."""
        found: list[tuple[Path, str]] = []
        g = self.grid
        content = [s for s in plan.shapes if not isinstance(s, RectShape)]
        for shape in content:
            box = shape.box
            if (
                box.left < -1e-6
                or box.top < -1e-6
                or box.right > g.width + 1e-6
                or (box.bottom > g.height + 1e-6)
            ):
                found.append((_source(shape, plan), "lies partly outside the slide"))
        for i, first in enumerate(content):
            for second in content[i + 1 :]:
                if _overlap(first.box, second.box) > 0.01:  # square inches
                    found.append((_source(second, plan), "overlaps another shape on the slide"))
        return found

    def _below_title(self, slide: Slide) -> Box:
        """Return the body area; slides without a title use the whole slide's height."""
        if getattr(slide, "title", None):
            return self.grid.content
        g = self.grid
        return Box(g.margin, 0.8, g.width - 2 * g.margin, g.height - 1.8)

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


def _source(shape: Shape, plan: SlidePlan) -> Path:
    """Return where in the deck `shape` comes from, or its slide."""
    return getattr(shape, "source", ()) or plan.source


def _overlap(a: Box, b: Box) -> float:
    """Return the area two boxes share, in square inches."""
    width = min(a.right, b.right) - max(a.left, b.left)
    height = min(a.bottom, b.bottom) - max(a.top, b.top)
    return max(width, 0.0) * max(height, 0.0)


def _cell_text(value: str | float) -> str:
    if isinstance(value, str):
        return value
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _fit_table(
    columns: list[str], rows: list[list[str]], area: Box
) -> tuple[float, list[float], bool]:
    """Return the type size, column widths (inches) and whether the table fits `area`."""
    pad = 0.25
    for size in (20.0, 18.0, 16.0, 15.0, 14.0, 13.0, 12.0):
        natural = [
            max(
                fit.width_pt(markup.plain(t), size, bold=(r == 0)) / 72 + pad
                for r, t in enumerate([columns[i], *[row[i] for row in rows if i < len(row)]])
            )
            for i in range(len(columns))
        ]
        total = sum(natural)
        widths = natural if total <= area.width else _shrink_widths(natural, area.width)
        heights = []
        for r, row in enumerate([columns, *rows]):
            lines = max(
                len(fit.wrap(markup.plain(t), size, max(widths[i] - pad, 0.3), bold=(r == 0)))
                for i, t in enumerate(row[: len(widths)])
            )
            heights.append(lines * size * fit.LINE_PITCH / 72 + 0.12)
        if sum(heights) <= area.height:
            spare = area.width - sum(widths)
            widths = [w + spare / len(widths) for w in widths]  # even air in every column
            return size, widths, True
    return size, widths, False


def _shrink_widths(natural: list[float], limit: float) -> list[float]:
    """Return column widths that add up to `limit`, narrowing the widest columns first."""
    floor = min(1.2, limit / len(natural))
    widths = list(natural)
    while sum(widths) > limit + 1e-6:
        widest = max(range(len(widths)), key=widths.__getitem__)
        excess = sum(widths) - limit
        widths[widest] = max(floor, widths[widest] - excess)
        if all(w <= floor + 1e-6 for w in widths):
            break
    return widths
