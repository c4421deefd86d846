"""Diagrams drawn from a list of items: stacked layers, and steps joined by arrows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from deckgen import fonts
from deckgen.colors import tint
from deckgen.figures.style import ink
from deckgen.outline.model import Diagram, Theme

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def _fit_text(
    figure: Figure, text: str, size: float, width_px: float, bold: bool = False, lines: int = 1
) -> tuple[list[str], float]:
    """Return `text` wrapped into at most `lines` lines of `width_px`, and the size that fits."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    measure = TextToPath()
    weight = "bold" if bold else "normal"
    while True:
        props = FontProperties(family=fonts.FAMILY, size=size, weight=weight)

        def width(s: str, props: FontProperties = props) -> float:
            w, _h, _d = measure.get_text_width_height_descent(s, props, ismath=False)
            return w * figure.dpi / 72

        wrapped: list[str] = []
        line = ""
        for word in text.split():
            candidate = f"{line} {word}".strip()
            if width(candidate) <= width_px or not line:
                line = candidate
            else:
                wrapped.append(line)
                line = word
        wrapped.append(line)
        if (len(wrapped) <= lines and all(width(x) <= width_px for x in wrapped)) or size <= 9:
            return wrapped, size
        size -= 0.5


def draw_layers(figure: Figure, diagram: Diagram, theme: Theme) -> None:
    from matplotlib.patches import FancyBboxPatch

    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    width_px = figure.get_figwidth() * figure.dpi
    height_in = figure.get_figheight()
    ax.set_xlim(0, figure.get_figwidth())
    ax.set_ylim(height_in, 0)
    n = len(diagram.items)
    gap = 0.12
    band = (height_in - gap * (n - 1)) / n
    base = theme.colors.primary
    name_w, text_w = 0.27, 0.40
    total_w = figure.get_figwidth()
    for i, item in enumerate(diagram.items):
        top = i * (band + gap)
        fill = tint(base, 0.72 * i / max(n - 1, 1))
        text_color = ink(fill)
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
        size = min(24.0, band * 72 * 0.36)
        lines, s = _fit_text(figure, item.name, size, name_w * width_px * 0.9, bold=True, lines=2)
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
            lines, s = _fit_text(
                figure, item.text, min(17.0, band * 72 * 0.26), text_w * width_px * 0.95, lines=2
            )
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
            chip_left = total_w * (name_w + text_w) + 0.25
            lines, s = _fit_text(
                figure,
                " · ".join(item.examples),
                min(15.0, band * 72 * 0.24),
                (total_w - chip_left - 0.25) * figure.dpi,
                lines=2,
            )
            ax.text(
                chip_left,
                top + band / 2,
                "\n".join(lines),
                fontsize=s,
                color=text_color,
                va="center",
                ha="left",
                alpha=0.9,
                linespacing=1.2,
                style="normal",
            )


def draw_steps(figure: Figure, diagram: Diagram, theme: Theme) -> None:
    from matplotlib.patches import FancyArrow, FancyBboxPatch

    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    w, h = figure.get_figwidth(), figure.get_figheight()
    ax.set_xlim(0, w)
    ax.set_ylim(h, 0)
    n = len(diagram.items)
    arrow = 0.55
    box_w = (w - 0.1 - arrow * (n - 1)) / n
    colors = [tint(theme.colors.primary, 0.55 * i / max(n - 1, 1)) for i in range(n)]
    colors[-1] = theme.colors.accent if n > 2 else colors[-1]
    px = figure.dpi
    for i, item in enumerate(diagram.items):
        left = 0.05 + i * (box_w + arrow)
        fill = colors[i]
        text_color = ink(fill)
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
            lines, s = _fit_text(figure, " · ".join(item.examples), 15, inner, lines=3)
            ax.text(
                left + 0.25,
                h - 0.4,
                "\n".join(lines),
                fontsize=s,
                color=text_color,
                va="bottom",
                ha="left",
                alpha=0.85,
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
