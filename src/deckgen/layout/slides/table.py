"""Table slides: a heading row and rows of text and numbers, columns fitted to the cells.

The table is as wide as its content needs, up to the content area: each column gets its widest
cell and a gutter, so short cells make a narrow table rather than wide empty columns. When the
cells do not fit on one line each, the columns that can wrap share the room in proportion to
what they would need unwrapped (as a browser lays out an automatic table), never narrower than
their longest word, so no word breaks in the middle. Numbers, typed or written as text, are
right-aligned, and so is the heading above them. A column of text after a column of numbers
starts its text further in, where its column has the air, so that a number and the word after
it ("1,200 $0") never read as one phrase.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from deckgen.errors import Path
from deckgen.layout import fit
from deckgen.layout.compose import READABLE_MIN_PT, Composer, content_design
from deckgen.layout.design import Design, Slot
from deckgen.layout.grid import Box, Grid
from deckgen.layout.numbers import SCALE_WORDS, format_value
from deckgen.layout.shapes import Shape, SlidePlan, TableShape
from deckgen.layout.typescale import BODY, NESTED, SECONDARY
from deckgen.outline import markup
from deckgen.outline.model import TableSlide
from deckgen.record import record, replace

SLIDES = (TableSlide,)

PAD = 0.25
"""The width a cell takes beyond its text, in inches: the writer's margins (0.1 on each side)
and a little headroom for a renderer's wider face."""
CELL_MARGINS = 0.08
"""The writer's top and bottom margins of a cell, in inches: what a row needs beyond its lines."""
GUTTER_EM = 2.0
"""Air added to every column, in ems of the table's type, when the table has room for it: with
the cell margins, about two and a half ems between the texts of two columns (on the free side of
each column's text: right of left-aligned text, left of numbers), and room for a renderer whose
face sets a line wider than the measure."""
APART_EM = 1.5
"""The least space, in ems of the table's type, between a right-aligned number and the
left-aligned text of the next column, where the text's column has that much air: the two cell
margins alone (0.2 in) are half an em of a short table's type, little more than a word space."""
MARGIN = 0.1
"""The writer's left and right margins of a cell, in inches."""
SHORT_ROWS = 5
"""At most this many rows under the heading make a short table: set larger (the body size, else
the next step down) where each cell stays on one line, as a short list is, instead of a small
table in a large empty slide."""
LARGER = (BODY, NESTED)
"""The steps of the type scale above the secondary size a short table may be set in."""
FLOOR = READABLE_MIN_PT / SECONDARY
"""The smallest scale of the table's type: 12 pt, still readable."""
_SLACK = 0.02
"""A hair over a column's measured width when its cells are wrapped: a line measured whole and
the same line added up word by word differ by kerning across the spaces."""
BLANKS = frozenset({"", "-", "\u2013", "\u2014"})
"""Cells that hold no value ("-", en and em dashes): they do not make a column text."""
_SCALE_WORDS = "".join(word for word, _power in SCALE_WORDS)
_UNITS = (
    "%p|%|‰|배|x|×|원|달러|엔|위안|유로|명|개|건|회|곳|대|개월|주|일|시간|분|초|"
    "K|M|B|T|k|KB|MB|GB|TB|PB|ms|s|pt|p|bp"
)
_AMOUNT = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?[{_SCALE_WORDS}]?"
_NUMBER = re.compile(
    rf"(?:약\s?|~|≈)?[+\-\u2212]?[$€£¥₩]?{_AMOUNT}"
    rf"(?:\s?[-\u2013~]\s?[$€£¥₩]?{_AMOUNT})?"  # a range: 30-100%, 2-10명
    rf"(?:\s?(?:{_UNITS}))?\+?"
)
"""A number as a cell writes it: "1,200", "35%", "-3.2", "$5", "2.5배", "1,500억 달러",
"30-100%". A year with 년 ("2024년") reads as a date, not a quantity, and stays text."""


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
        numeric_column([row[i] for row in table.rows if i < len(row)])
        for i in range(len(table.columns))
    )
    highlight = table.highlight
    marked_row = highlight.row if highlight else None
    marked_column = highlight.column if highlight else None
    grid = [list(table.columns), *cells]
    bold = [
        [r == 0 or r - 1 == marked_row or i == marked_column for i in range(len(row))]
        for r, row in enumerate(grid)
    ]
    largest = BODY if len(cells) <= SHORT_ROWS else SECONDARY
    area = composer.grid.inner(area)  # the table's edges on the text's, as a figure's are
    fitted = fit_table(grid, bold, numeric, area.width, area.height, largest)
    # Across the grid's width, as the figures and rules are; the columns keep the width their
    # cells need, and the room they do not goes to the last text column (numbers stay beside
    # their labels, not pushed to the far edge).
    spare = area.width - sum(fitted.widths)
    if spare > 0:
        wide = max((i for i, n in enumerate(numeric) if not n), default=len(numeric) - 1)
        widths = tuple(w + spare * (i == wide) for i, w in enumerate(fitted.widths))
        fitted = replace(fitted, widths=widths)
    return [
        TableShape(
            Box(area.left, area.top, sum(fitted.widths), fitted.height),
            tuple(table.columns),
            tuple(tuple(r) for r in cells),
            numeric,
            fitted.size,
            marked_row,
            marked_column,
            fitted.widths,
            (*path, "table"),
            fitted.fits,
            slot="table",
            alt=alt_text(slide),
            insets=insets(grid, bold, numeric, fitted),
        )
    ]


def alt_text(slide: TableSlide) -> str:
    """Return the table's alt text: its title, its columns and how many rows it has."""
    table = slide.table
    columns = ", ".join(markup.plain(c) for c in table.columns)
    rows = len(table.rows)
    return f"Table: {markup.plain(slide.title)}. Columns: {columns}; {rows} row{'s' * (rows != 1)}."


def is_number(cell: str | float) -> bool:
    """Return whether `cell` is a number: typed in YAML, or written as one ("1,200", "35%")."""
    if not isinstance(cell, str):
        return True
    return bool(_NUMBER.fullmatch(markup.plain(cell).strip()))


def is_blank(cell: str | float) -> bool:
    """Return whether `cell` holds no value: empty, or a dash standing for none."""
    return isinstance(cell, str) and markup.plain(cell).strip() in BLANKS


def numeric_column(cells: Sequence[str | float]) -> bool:
    """Return whether a column holds numbers: at least one, and nothing else but blanks."""
    values = [c for c in cells if not is_blank(c)]
    return bool(values) and all(is_number(c) for c in values)


@record
class Fitted:
    """How a table is set: its type size, column widths and height (inches), and whether it
    fits the room it was given."""

    size: float
    widths: tuple[float, ...]
    height: float
    fits: bool


def insets(
    grid: list[list[str]], bold: list[list[bool]], numeric: Sequence[bool], fitted: Fitted
) -> tuple[float, ...]:
    """Return how much further in than the cell margin each column's text starts, in inches:
    a text column after a number column moves its text right by the air its column has beyond
    its widest line, up to what keeps the two texts `APART_EM` apart; other columns, none."""
    apart = APART_EM * fitted.size / 72 - 2 * MARGIN
    moved = []
    for i, (cells, flags) in enumerate(_columns(grid, bold)):
        air = fitted.widths[i] - _natural(cells, flags, fitted.size)
        after_number = i > 0 and numeric[i - 1] and not numeric[i]
        moved.append(round(max(0.0, min(apart, air)), 4) if after_number else 0.0)
    return tuple(moved)


def fit_table(
    grid: list[list[str]],
    bold: list[list[bool]],
    numeric: Sequence[bool],
    width: float,
    height: float,
    largest: float = SECONDARY,
) -> Fitted:
    """Return the largest setting of `grid` (the heading row first) that fits `width` by
    `height`: a step of the type scale up to `largest` at which every cell stays on one line,
    else from the secondary size down to 12 pt, or the smallest one, marked as not fitting."""
    for size in (s for s in LARGER if SECONDARY < s <= largest):
        widths = column_widths(grid, bold, numeric, size, width)
        tall = len(grid) * _row_height(1, size)
        if _one_line(grid, bold, size, width) and widths is not None and tall <= height + 1e-9:
            return Fitted(size, widths, tall, True)
    scale = 1.0
    while True:
        size = round(SECONDARY * scale, 1)
        widths = column_widths(grid, bold, numeric, size, width)
        if widths is not None:
            rows = _row_heights(grid, bold, widths, size)
            if sum(rows) <= height + 1e-9:
                # The writer gives every row the same height, the single-line row's; a row
                # of several lines grows in PowerPoint and LibreOffice to hold them.
                return Fitted(size, widths, len(grid) * _row_height(1, size), True)
        if scale - 0.05 < FLOOR - 1e-9:
            break
        scale = round(scale - 0.05, 2)
    if widths is None:  # even the longest words do not fit: share the width out, words break
        natural = [_natural(col, b, size) for col, b in _columns(grid, bold)]
        widths = tuple(width * w / sum(natural) for w in natural)
    return Fitted(size, widths, len(grid) * _row_height(1, size), False)


def column_widths(
    grid: list[list[str]],
    bold: list[list[bool]],
    numeric: Sequence[bool],
    size: float,
    room: float,
) -> tuple[float, ...] | None:
    """Return the column widths (inches) of `grid` set at `size` in at most `room`, or None
    when its longest words (its numbers, which never wrap) do not fit side by side."""
    columns = _columns(grid, bold)
    natural = [_natural(col, b, size) for col, b in columns]
    least = [
        natural[i] if numeric[i] else _longest_word(col, b, size)
        for i, (col, b) in enumerate(columns)
    ]
    gutter = GUTTER_EM * size / 72
    if sum(natural) + gutter * len(natural) <= room:
        return tuple(w + gutter for w in natural)
    if sum(natural) <= room:  # less air than a full gutter, shared evenly
        spare = (room - sum(natural)) / len(natural)
        return tuple(w + spare for w in natural)
    if sum(least) > room + 1e-9:
        return None
    # Each column that wraps gets its least width and a share of the rest in proportion to
    # how much wider it would be unwrapped: the columns wrap to about the same depth.
    spare = room - sum(least)
    wants = [n - m for n, m in zip(natural, least, strict=True)]
    return tuple(m + spare * w / sum(wants) for m, w in zip(least, wants, strict=True))


def _one_line(grid: list[list[str]], bold: list[list[bool]], size: float, room: float) -> bool:
    """Return whether every cell of `grid` at `size` stays on one line, with full gutters."""
    natural = [_natural(col, b, size) for col, b in _columns(grid, bold)]
    return sum(natural) + GUTTER_EM * size / 72 * len(natural) <= room


def _columns(grid: list[list[str]], bold: list[list[bool]]) -> list[tuple[list[str], list[bool]]]:
    """Return each column's cells (the heading first) and whether each is set bold."""
    count = len(grid[0])
    return [
        (
            [row[i] if i < len(row) else "" for row in grid],
            [flags[i] if i < len(flags) else False for flags in bold],
        )
        for i in range(count)
    ]


def _natural(cells: list[str], bold: list[bool], size: float) -> float:
    """Return the width a column takes with every cell on one line, in inches."""
    return max(_cell_width(c, b, size) for c, b in zip(cells, bold, strict=True)) + PAD


def _longest_word(cells: list[str], bold: list[bool], size: float) -> float:
    """Return the width of the column's longest word (a Korean word with its particles), in
    inches: the least it can be without breaking one."""
    return (
        max(
            fit.width_pt(word, size, _bold(cell, b)) / 72
            for cell, b in zip(cells, bold, strict=True)
            for word in markup.plain(cell).split()
        )
        if any(markup.plain(c).strip() for c in cells)
        else 0.0
    ) + PAD


def _cell_width(cell: str, bold: bool, size: float) -> float:
    """Return the width of the widest line of `cell` set on one line each, in inches."""
    weight = _bold(cell, bold)
    return max(fit.width_pt(line, size, weight) for line in markup.plain(cell).split("\n")) / 72


def _bold(cell: str, bold: bool) -> bool:
    """Return whether `cell` is measured bold: set bold, or with a bold or highlighted run (the
    whole cell then, which errs on the wide side)."""
    return bold or any(run.bold or run.highlight for run in markup.parse(cell).runs)


def _row_height(lines: int, size: float) -> float:
    """Return the height of a row of `lines` lines at `size`: the lines, and air around them
    of most of an em and the cell margins."""
    return lines * size * fit.LINE_PITCH / 72 + size * 0.9 / 72 + 0.12


def _row_heights(
    grid: list[list[str]], bold: list[list[bool]], widths: Sequence[float], size: float
) -> list[float]:
    """Return the height each row of `grid` takes as rendered: at least the single-line row's,
    more where a cell wraps (its lines and the cell margins)."""
    base = _row_height(1, size)
    heights = []
    for row, flags in zip(grid, bold, strict=True):
        lines = max(
            len(fit.wrap(markup.plain(cell), size, widths[i] - PAD + _SLACK, _bold(cell, b)))
            for i, (cell, b) in enumerate(zip(row, flags, strict=False))
        )
        heights.append(max(base, lines * size * fit.LINE_PITCH / 72 + CELL_MARGINS))
    return heights
