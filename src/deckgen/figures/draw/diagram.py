"""Diagrams drawn from a list of items: stacked layers, and steps joined by arrows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from deckgen.colors import BODY_CONTRAST, contrast, mix, tint
from deckgen.figures.draw import text as measure
from deckgen.figures.style import readable
from deckgen.outline.model import Diagram, Theme

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

Rect = tuple[float, float, float, float]
EXAMPLES = "\u00a0· "
"""Between examples: the dot stays with the word before it when a line breaks."""


def _fit_text(
    figure: Figure, text: str, size: float, width_px: float, bold: bool = False, lines: int = 1
) -> tuple[list[str], float]:
    """Return `text` wrapped into at most `lines` lines of `width_px`, and the size that fits."""
    return measure.fit(figure, text, size, width_px, bold, lines)


def _common_size(
    figure: Figure, texts: list[str], size: float, room: float, bold: bool = False
) -> float:
    """Return the largest size up to `size` at which every one of `texts` fits `room` in two
    lines."""
    fitted = [_fit_text(figure, t, size, room, bold, lines=2)[1] for t in texts if t]
    return min(fitted, default=size)


def _fills(diagram: Diagram, theme: Theme, ramp: list[str]) -> list[tuple[str, str]]:
    """Return each item's fill and text colour: the ramp, or with a highlight the accent for
    that item and a light grey for the others; text at 4.5:1 or more on its fill."""
    c = theme.colors
    if diagram.highlight is None:
        return [readable(fill, c.text, BODY_CONTRAST) for fill in ramp]
    quiet = mix(c.muted, c.background, 0.82)
    words = c.muted if contrast(c.muted, quiet) >= BODY_CONTRAST else c.text
    return [
        readable(c.accent, c.text, BODY_CONTRAST)
        if item.name == diagram.highlight
        else (quiet, words)
        for item in diagram.items
    ]


def _body(figure: Figure, body: Rect) -> tuple[Axes, float, float]:
    """Return axes filling `body` (figure fractions), in inches from its top left, and its size."""
    ax = figure.add_axes(body)
    ax.set_axis_off()
    w, h = figure.get_figwidth() * body[2], figure.get_figheight() * body[3]
    ax.set_xlim(0, w)
    ax.set_ylim(h, 0)
    return ax, w, h


def draw_layers(figure: Figure, diagram: Diagram, theme: Theme, body: Rect = (0, 0, 1, 1)) -> None:
    """Draw stacked bands into `body`, the first item on top."""
    from matplotlib.patches import FancyBboxPatch

    ax, total_w, height_in = _body(figure, body)
    width_px = total_w * figure.dpi
    n = len(diagram.items)
    gap = 0.12
    band = (height_in - gap * (n - 1)) / n
    base = theme.colors.primary
    name_w, text_w = 0.27, 0.40
    ramp = [tint(base, 0.72 * i / max(n - 1, 1)) for i in range(n)]
    name_room = (total_w * name_w - 0.45) * figure.dpi  # from 0.3 in to 0.15 in before the text
    text_room = text_w * width_px * 0.95
    chip_left = total_w * (name_w + text_w) + 0.25
    chip_room = (total_w - chip_left - 0.25) * figure.dpi
    # One size per column, the largest that fits every band: the bands read as a set.
    name_pt = _common_size(
        figure, [i.name for i in diagram.items], min(24.0, band * 72 * 0.36), name_room, True
    )
    text_pt = _common_size(
        figure, [i.text or "" for i in diagram.items], min(17.0, band * 72 * 0.26), text_room
    )
    chips = [EXAMPLES.join(i.examples) for i in diagram.items]
    chip_pt = _common_size(figure, chips, min(15.0, band * 72 * 0.24), chip_room)
    for i, (item, (fill, text_color)) in enumerate(
        zip(diagram.items, _fills(diagram, theme, ramp), strict=True)
    ):
        top = i * (band + gap)
        ax.add_patch(
            FancyBboxPatch(
                (0.02, top),
                total_w - 0.04,
                band,
                boxstyle="round,pad=0,rounding_size=0.12",
                facecolor=fill,
                edgecolor="none",
            )
        )
        lines, s = _fit_text(figure, item.name, name_pt, name_room, bold=True, lines=2)
        ax.text(
            0.3,
            top + band / 2,
            "\n".join(lines),
            fontsize=s,
            fontweight="bold",
            color=text_color,
            va="center",
            ha="left",
            linespacing=1.15,
        )
        if item.text:
            lines, s = _fit_text(figure, item.text, text_pt, text_room, lines=2)
            ax.text(
                total_w * name_w + 0.1,
                top + band / 2,
                "\n".join(lines),
                fontsize=s,
                color=text_color,
                va="center",
                ha="left",
                linespacing=1.2,
            )
        if item.examples:
            lines, s = _fit_text(figure, chips[i], chip_pt, chip_room, lines=2)
            ax.text(
                chip_left,
                top + band / 2,
                "\n".join(lines),
                fontsize=s,
                color=text_color,
                va="center",
                ha="left",
                linespacing=1.2,
            )


def draw_steps(figure: Figure, diagram: Diagram, theme: Theme, body: Rect = (0, 0, 1, 1)) -> None:
    """Draw left-to-right stages joined by arrows into `body`."""
    from matplotlib.patches import FancyArrow, FancyBboxPatch

    ax, w, h = _body(figure, body)
    n = len(diagram.items)
    arrow = 0.55
    box_w = (w - 0.1 - arrow * (n - 1)) / n
    ramp = [tint(theme.colors.primary, 0.55 * i / max(n - 1, 1)) for i in range(n)]
    ramp[-1] = theme.colors.accent if n > 2 else ramp[-1]
    px = figure.dpi
    for i, (item, (fill, text_color)) in enumerate(
        zip(diagram.items, _fills(diagram, theme, ramp), strict=True)
    ):
        left = 0.05 + i * (box_w + arrow)
        ax.add_patch(
            FancyBboxPatch(
                (left, 0.1),
                box_w,
                h - 0.2,
                boxstyle="round,pad=0,rounding_size=0.15",
                facecolor=fill,
                edgecolor="none",
            )
        )
        inner = (box_w - 0.5) * px
        lines, s = _fit_text(figure, item.name, 24, inner, bold=True, lines=2)
        y = 0.45
        ax.text(
            left + 0.25,
            y,
            "\n".join(lines),
            fontsize=s,
            fontweight="bold",
            color=text_color,
            va="top",
            ha="left",
            linespacing=1.15,
        )
        y += len(lines) * s * 1.3 / 72 + 0.25
        ax.plot(
            [left + 0.25, left + 0.95], [y - 0.1, y - 0.1], color=text_color, linewidth=2, alpha=0.6
        )
        if item.text:
            lines, s = _fit_text(figure, item.text, 18, inner, lines=4)
            ax.text(
                left + 0.25,
                y + 0.05,
                "\n".join(lines),
                fontsize=s,
                color=text_color,
                va="top",
                ha="left",
                linespacing=1.3,
            )
            y += len(lines) * s * 1.3 / 72 + 0.35
        if item.examples:
            lines, s = _fit_text(figure, EXAMPLES.join(item.examples), 15, inner, lines=3)
            ax.text(
                left + 0.25,
                h - 0.4,
                "\n".join(lines),
                fontsize=s,
                color=text_color,
                va="bottom",
                ha="left",
                linespacing=1.3,
            )
        if i < n - 1:
            ax.add_patch(
                FancyArrow(
                    left + box_w + 0.1,
                    h / 2,
                    arrow - 0.2,
                    0,
                    width=0.08,
                    head_width=0.3,
                    head_length=0.18,
                    length_includes_head=True,
                    color=theme.colors.muted,
                )
            )


# --- a build's figures --------------------------------------------------------------------------
