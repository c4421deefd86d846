"""The headline, unit line and source line around an exported figure (`charts --titled`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from deckgen.figures.draw import text as measure
from deckgen.figures.spec import Frame
from deckgen.figures.style import quiet_color
from deckgen.outline.model import Theme

if TYPE_CHECKING:
    from matplotlib.figure import Figure

TITLE_PT = 24.0
UNIT_PT = 15.0
SOURCE_PT = 12.0
MARGIN = 0.3
"""Inches between the text and the picture's left and right edges, and its top."""
LEADING = 1.3


def lay_out(figure: Figure, frame: Frame) -> tuple[list[str], list[str], float, float]:
    """Return the headline's lines, the source's lines, and the header's and footer's heights
    in inches, for a figure as wide as `figure`."""
    width = (figure.get_figwidth() - 2 * MARGIN) * figure.dpi
    title = measure.wrap(figure, frame.title, TITLE_PT, width, bold=True)
    source = measure.wrap(figure, frame.source, SOURCE_PT, width) if frame.source else []
    header = MARGIN + len(title) * TITLE_PT * LEADING / 72 + 0.15
    if frame.unit:
        header += UNIT_PT * LEADING / 72 + 0.05
    footer = (len(source) * SOURCE_PT * LEADING / 72 + 0.25) if source else 0.1
    return title, source, header, footer


def draw(figure: Figure, frame: Frame, theme: Theme, title: list[str], source: list[str]) -> None:
    """Write the headline and unit line at the top of `figure`, the source at the bottom."""
    height = figure.get_figheight()
    left = MARGIN / figure.get_figwidth()
    y = 1 - MARGIN / height
    figure.text(
        left,
        y,
        "\n".join(title),
        fontsize=TITLE_PT,
        fontweight="bold",
        color=theme.colors.text,
        va="top",
        ha="left",
        linespacing=1.15,
    )
    y -= (len(title) * TITLE_PT * LEADING / 72 + 0.08) / height
    quiet = quiet_color(theme)
    if frame.unit:
        figure.text(left, y, frame.unit, fontsize=UNIT_PT, color=quiet, va="top", ha="left")
    if source:
        figure.text(
            left,
            0.12 / height,
            "\n".join(source),
            fontsize=SOURCE_PT,
            color=quiet,
            va="bottom",
            ha="left",
            linespacing=1.2,
        )
