"""Columns slides: two to four columns side by side, each a heading and bullets."""

from __future__ import annotations

from collections.abc import Sequence

from deckgen.errors import Path
from deckgen.layout.compose import BULLET_SPACING, Composer, content_design
from deckgen.layout.design import COLUMN_SLOTS, HEADING_SLOTS, Decor, Design, Slot, Style
from deckgen.layout.grid import Box, Grid
from deckgen.layout.shapes import RectShape, Shape, SlidePlan, TextShape
from deckgen.layout.typescale import NESTED, SECONDARY
from deckgen.outline import markup
from deckgen.outline.model import Column, ColumnsSlide
from deckgen.record import replace

SLIDES = (ColumnsSlide,)
RULE = 0.02
"""A hairline over each column (1.5 pt): it groups, it does not compete with the title's bar."""
HEADING_ROOM = 0.8
"""The height the layout gives a heading: two lines."""
UNDER_RULE = 0.1
"""Between the rule and the heading, in inches."""
ABOVE_LIST = 0.05
"""Between the heading and the list, in inches."""
SHORT_MOST = 4
"""At most this many points in every column, none nested, make short columns: set a step
larger (24 pt) where they fit so, as a short list or table is, not small in an empty slide."""


def _styles(count: int) -> tuple[Style, Style]:
    """Return the styles of a column's heading and its bullets, for `count` columns."""
    del count  # one size for the family, however many columns: narrow ones wrap sooner
    heading = Style((SECONDARY,), "primary", bold=True)
    return heading, Style((SECONDARY,), "text", bullets=True, space_before=BULLET_SPACING)


def designs(grid: Grid) -> list[Design]:
    """Return a design for two, three and four columns: a heading and a list in each, under a
    hairline rule."""
    found = []
    for count in (2, 3, 4):
        heading, bullets = _styles(count)
        slots, rules = [], []
        for i, box in enumerate(grid.content.split_columns(count), start=1):
            rules.append(Decor(replace(grid.inner(box), height=RULE), "muted"))
            slots.append(Slot(HEADING_SLOTS[i - 1], "body", _heading_box(box), heading))
            slots.append(Slot(COLUMN_SLOTS[i - 1], "body", _list_box(box, HEADING_ROOM), bullets))
        found.append(
            content_design(
                grid,
                f"columns-{count}",
                f"{count} Columns",
                *slots,
                kind="twoObj" if count == 2 else "cust",
                decor=tuple(rules),
            )
        )
    return found


def _heading_box(column: Box) -> Box:
    """Return the box of a column's heading: two lines under the rule."""
    return Box(column.left, column.top + UNDER_RULE, column.width, HEADING_ROOM)


def _heading_most(column: Box) -> float:
    """Return the most height a heading takes in `column`: half of what is under the rule."""
    return (column.height - UNDER_RULE - ABOVE_LIST) / 2


def _list_box(column: Box, heading: float) -> Box:
    """Return the box of a column's list, right under a heading `heading` inches tall."""
    top = column.top + UNDER_RULE + heading + ABOVE_LIST
    return Box(column.left, top, column.width, column.bottom - top)


def compose(composer: Composer, slide: ColumnsSlide, path: Path) -> list[SlidePlan]:
    """Return the slide: each column's heading and bullets in its own slots, the lists starting
    together right under the tallest heading; a column that holds a highlight gets an accent
    rule (the punchline)."""
    count = len(slide.columns)
    if composer.held(f"columns-{count}", COLUMN_SLOTS[0]):
        return [_held(composer, slide, path)]
    if _short(slide.columns):
        heading_style, list_style = _styles(count)
        larger = (
            replace(heading_style, sizes=(NESTED,)),
            replace(list_style, sizes=(NESTED,)),
        )
        plan = _compose(composer, slide, path, larger)
        texts = [s for s in plan.shapes if isinstance(s, TextShape)]
        if all(t.fits and t.scale == 1.0 and t.split_word() is None for t in texts):
            return [plan]
    return [_compose(composer, slide, path, None)]


def _held(composer: Composer, slide: ColumnsSlide, path: Path) -> SlidePlan:
    """Return the slide on a template's layout whose placeholders hold the headings and
    lists: each in its placeholder's box and style."""
    design = f"columns-{len(slide.columns)}"
    shapes: list[Shape] = []
    for i, column in enumerate(slide.columns, start=1):
        at = (*path, "columns", i - 1)
        heading = HEADING_SLOTS[i - 1]
        shapes.append(composer.fill(design, heading, column.heading, (*at, "heading"), floor=0.7))
        shapes.append(
            composer.bullets(design, COLUMN_SLOTS[i - 1], column.bullets, (*at, "bullets"))
        )
    return composer.page(design, slide, path, shapes)


def _short(columns: Sequence[Column]) -> bool:
    """Return whether every column is a short list: a few points, none nested."""
    return all(
        len(c.bullets) <= SHORT_MOST and not any(b.bullets for b in c.bullets) for c in columns
    )


def _compose(
    composer: Composer, slide: ColumnsSlide, path: Path, styles: tuple[Style, Style] | None
) -> SlidePlan:
    """Return the slide set in the design's styles, or in `styles` (heading, list) instead."""
    count = len(slide.columns)
    design = f"columns-{count}"
    columns = composer.grid.content.split_columns(count)
    heading_style, list_style = styles or (None, None)
    headings = [
        composer.fill(
            design,
            HEADING_SLOTS[i - 1],
            column.heading,
            (*path, "columns", i - 1, "heading"),
            floor=0.7,
            style=heading_style,
        )
        for i, column in enumerate(slide.columns, start=1)
    ]
    # The lists start under the tallest heading, but a heading takes at most half its column:
    # one too long for that overflows its box (and `check` says so), never the list's room.
    room = min(max(h.used_height() for h in headings), _heading_most(columns[0]))
    shapes: list[Shape] = []
    for i, (column, heading, box) in enumerate(
        zip(slide.columns, headings, columns, strict=True), start=1
    ):
        at = (*path, "columns", i - 1)
        if room < HEADING_ROOM - 0.01:
            heading = replace(heading, box=replace(heading.box, height=room))
        shapes.append(heading)
        shapes.append(
            composer.bullets(
                design,
                COLUMN_SLOTS[i - 1],
                column.bullets,
                (*at, "bullets"),
                box=_list_box(box, room),
                style=list_style,
            )
        )
        if _punchline(column):
            shapes.append(RectShape(replace(composer.grid.inner(box), height=RULE * 2), "accent"))
    return composer.page(design, slide, path, shapes)


def _punchline(column: Column) -> bool:
    """Return whether the column holds a highlighted (==marked==) word."""
    texts = [column.heading]
    stack = list(column.bullets)
    while stack:
        bullet = stack.pop()
        texts.append(bullet.text)
        stack += bullet.bullets
    return any(run.highlight for text in texts for run in markup.parse(text).runs)
