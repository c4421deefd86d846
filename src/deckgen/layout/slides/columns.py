"""Columns slides: two to four columns side by side, each a heading and bullets."""

from __future__ import annotations

from deckgen.errors import Path
from deckgen.layout.compose import BULLET_SPACING, Composer, content_design
from deckgen.layout.design import Decor, Design, Slot, Style
from deckgen.layout.grid import Box, Grid
from deckgen.layout.shapes import Shape, SlidePlan
from deckgen.layout.typescale import SECONDARY
from deckgen.outline.model import ColumnsSlide

SLIDES = (ColumnsSlide,)


def _styles(count: int) -> tuple[Style, Style]:
    """Return the styles of a column's heading and its bullets, for `count` columns."""
    del count  # one size for the family, however many columns: narrow ones wrap sooner
    heading = Style((SECONDARY,), "primary", bold=True)
    return heading, Style((SECONDARY,), "text", bullets=True, space_before=BULLET_SPACING)


def designs(grid: Grid) -> list[Design]:
    """Return a design for two, three and four columns: a heading and a list in each."""
    found = []
    for count in (2, 3, 4):
        heading, bullets = _styles(count)
        slots, rules = [], []
        for i, box in enumerate(grid.content.split_columns(count), start=1):
            rules.append(Decor(Box(box.left, box.top, box.width, 0.06), "primary"))
            slots.append(
                Slot(f"heading-{i}", "body", Box(box.left, box.top + 0.15, box.width, 0.9), heading)
            )
            slots.append(
                Slot(
                    f"column-{i}",
                    "body",
                    Box(box.left, box.top + 1.1, box.width, box.height - 1.1),
                    bullets,
                )
            )
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


def compose(composer: Composer, slide: ColumnsSlide, path: Path) -> list[SlidePlan]:
    """Return the slide: each column's heading and bullets in its own slots."""
    design = f"columns-{len(slide.columns)}"
    shapes: list[Shape] = []
    for i, column in enumerate(slide.columns, start=1):
        at = (*path, "columns", i - 1)
        shapes.append(
            composer.fill(design, f"heading-{i}", column.heading, (*at, "heading"), floor=0.7)
        )
        shapes.append(composer.bullets(design, f"column-{i}", column.bullets, (*at, "bullets")))
    return [composer.page(design, slide, path, shapes)]
