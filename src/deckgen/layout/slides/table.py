"""Table slides: a heading row and rows of text and numbers, columns fitted to the cells."""

from __future__ import annotations

from deckgen.errors import Path
from deckgen.layout import fit
from deckgen.layout.compose import Composer, content_design
from deckgen.layout.design import Design, Slot
from deckgen.layout.grid import Box, Grid
from deckgen.layout.numbers import format_value
from deckgen.layout.shapes import Shape, SlidePlan, TableShape
from deckgen.layout.typescale import SECONDARY, SMALL
from deckgen.outline import markup
from deckgen.outline.model import TableSlide

SLIDES = (TableSlide,)


def designs(grid: Grid) -> list[Design]:
    """Return the design of table slides: a title and a table placeholder."""
    return [content_design(grid, "table", "Table", Slot("table", "tbl", grid.content), kind="tbl")]


def compose(composer: Composer, slide: TableSlide, path: Path) -> list[SlidePlan]:
    """Return the slide."""
    return [composer.page("table", slide, path, body(composer, slide, path))]


def body(composer: Composer, slide: TableSlide, path: Path) -> list[Shape]:
    """Return the shapes under the title of a table slide."""
    table = slide.table
    area = composer.grid.content
    cells = [[v if isinstance(v, str) else format_value(v) for v in row] for row in table.rows]
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
            slot="table",
        )
    ]


def _fit_table(
    columns: list[str], rows: list[list[str]], area: Box
) -> tuple[float, list[float], bool]:
    """Return the type size, column widths (inches) and whether the table fits `area`."""
    pad = 0.25
    for size in (SECONDARY, 18.0, 16.0, 15.0, SMALL, 13.0, 12.0):
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
