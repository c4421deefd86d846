"""The headline, unit line and source line around an exported figure (`charts --titled`).

The figure is drawn as on its slide; the headline is set just above what it draws and the
source just below (not above and below the empty room a diagram may leave in its box), and the
picture is cut to all of it with the same margin on every side.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from deckgen.figures.draw import text as measure
from deckgen.figures.spec import Frame
from deckgen.figures.style import quiet_color
from deckgen.layout.typescale import BODY, SMALL
from deckgen.outline.model import Theme

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.transforms import Bbox

TITLE_PT = BODY
"""The headline's size: the type scale's, as every text of an exported figure."""
UNIT_PT = SMALL
SOURCE_PT = SMALL
MARGIN = 0.3
"""Inches between what the picture shows and each of its edges."""
LEADING = 1.3
GAP = 0.2
"""Inches between the headline (or unit line) and the figure, and the figure and the source."""
INK_DPI = 100
"""The resolution at which what a figure draws is found: a pixel is 0.01 in."""
_INK = 8
"""How far from the background a pixel's colour must be (of 255) to count as drawn."""


def lay_out(figure: Figure, frame: Frame) -> tuple[list[str], list[str], float, float]:
    """Return the headline's lines, the source's lines, and the header's and footer's heights
    in inches, for a figure as wide as `figure` less its margins."""
    width = (figure.get_figwidth() - 2 * MARGIN) * figure.dpi
    title = measure.wrap(figure, frame.title, TITLE_PT, width, bold=True)
    source = measure.wrap(figure, frame.source, SOURCE_PT, width) if frame.source else []
    header = MARGIN + _title_height(title) + GAP
    if frame.unit:
        header += _unit_height()
    footer = MARGIN + (_source_height(source) + GAP if source else 0.0)
    return title, source, header, footer


def draw(figure: Figure, frame: Frame, theme: Theme, title: list[str], source: list[str]) -> None:
    """Write the headline and unit line just above what `figure` draws, the source just below."""
    found = ink(figure)
    height = figure.get_figheight()
    left, bottom, _right, top = found if found else (MARGIN, 0.0, 0.0, height)
    x = left / figure.get_figwidth()
    quiet = quiet_color(theme)
    y = top + GAP
    if frame.unit:
        y += _unit_height()
        figure.text(x, y / height, frame.unit, fontsize=UNIT_PT, color=quiet, va="top", ha="left")
    y += _title_height(title)
    figure.text(
        x,
        y / height,
        "\n".join(title),
        fontsize=TITLE_PT,
        fontweight="bold",
        color=theme.colors.text,
        va="top",
        ha="left",
        linespacing=1.15,
    )
    if source:
        figure.text(
            x,
            (bottom - GAP) / height,
            "\n".join(source),
            fontsize=SOURCE_PT,
            color=quiet,
            va="top",
            ha="left",
            linespacing=1.2,
        )


def crop(figure: Figure) -> Bbox | None:
    """Return the part of `figure` to save, in inches: what it draws and `MARGIN` around it."""
    from matplotlib.transforms import Bbox

    found = ink(figure)
    if found is None:
        return None
    left, bottom, right, top = found
    return Bbox.from_extents(left - MARGIN, bottom - MARGIN, right + MARGIN, top + MARGIN)


def ink(figure: Figure) -> tuple[float, float, float, float] | None:
    """Return the box of what `figure` draws over its background (left, bottom, right, top, in
    inches from its bottom left), or None when it draws nothing."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.colors import to_rgb

    dpi = figure.dpi
    figure.set_dpi(INK_DPI)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba())[..., :3].astype(np.int16)
    figure.set_dpi(dpi)
    background = np.array([round(c * 255) for c in to_rgb(figure.get_facecolor())], np.int16)
    drawn = np.abs(pixels - background).max(axis=2) > _INK
    rows, columns = np.flatnonzero(drawn.any(axis=1)), np.flatnonzero(drawn.any(axis=0))
    if rows.size == 0:
        return None
    high = pixels.shape[0]
    return (
        float(columns[0]) / INK_DPI,
        float(high - rows[-1] - 1) / INK_DPI,
        float(columns[-1] + 1) / INK_DPI,
        float(high - rows[0]) / INK_DPI,
    )


def _title_height(title: list[str]) -> float:
    """Return the height of the headline's lines, in inches."""
    return len(title) * TITLE_PT * LEADING / 72


def _unit_height() -> float:
    """Return the height of the unit line and the air under it, in inches."""
    return UNIT_PT * LEADING / 72 + 0.05


def _source_height(source: list[str]) -> float:
    """Return the height of the source's lines, in inches."""
    return len(source) * SOURCE_PT * LEADING / 72
