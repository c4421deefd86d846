"""Diagrams drawn from a list of items: stacked layers, and steps joined by arrows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from deckgen import fonts
from deckgen.colors import BODY_CONTRAST, contrast, mix, tint
from deckgen.figures.draw import text as measure
from deckgen.figures.style import readable
from deckgen.layout.typescale import BODY, SECONDARY, SMALL
from deckgen.outline.model import Diagram, DiagramItem, Theme

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
    n = len(diagram.items)
    gap = 0.12
    band = (height_in - gap * (n - 1)) / n
    base = theme.colors.primary
    chips = [EXAMPLES.join(i.examples) for i in diagram.items]
    caps = (min(24.0, band * 72 * 0.36), min(17.0, band * 72 * 0.26), min(15.0, band * 72 * 0.24))
    name_w, text_w = _layer_shares(diagram, chips, caps, total_w)
    ramp = [tint(base, 0.72 * i / max(n - 1, 1)) for i in range(n)]
    name_room, text_room, chip_room = _layer_rooms(total_w, (name_w, text_w), figure.dpi)
    chip_left = total_w * (name_w + text_w) + LAYER_PADS[1] / 2
    # One size per column, the largest that fits every band: the bands read as a set.
    name_pt = _common_size(figure, [i.name for i in diagram.items], caps[0], name_room, True)
    text_pt = _common_size(figure, [i.text or "" for i in diagram.items], caps[1], text_room)
    chip_pt = _common_size(figure, chips, caps[2], chip_room)
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


LAYER_SHARES = (0.27, 0.40)
"""The shares of a band's width its names and descriptions take when every column fits at its
full size; the examples take the rest."""
LAYER_PADS = (0.45, 0.5)
"""Inches of a band's width that are not a column's text: before and after the names (0.3 and
0.15), and around the examples (0.25 each side)."""
TEXT_AIR = 0.05
"""The part of the descriptions' share left as air before the examples."""
TEXT_SET = 1 - TEXT_AIR
"""The part of the descriptions' share their text is set in."""


def _layer_shares(
    diagram: Diagram, chips: list[str], caps: tuple[float, float, float], total: float
) -> tuple[float, float]:
    """Return the shares of the width the names and the descriptions of a layers diagram take.

    At the usual shares, a narrow diagram (a navigator beside bullets, a 4:3 slide) set its
    examples in 8-9 pt and its names smaller than their descriptions. Where a column would not
    fit at its full size, the width is shared out by what each column needs (its texts in two
    lines, broken at their best space) so that all columns reach the largest size they can
    share, none above its own full size.
    """
    columns = (
        [(i.name, True) for i in diagram.items],
        [(i.text or "", False) for i in diagram.items],
        [(c, False) for c in chips],
    )
    per_pt = [max((_two_lines_pt(t, b) for t, b in column), default=0.0) / 72 for column in columns]
    rooms = _layer_rooms(total, LAYER_SHARES)
    if all(w * cap <= room for w, cap, room in zip(per_pt, caps, rooms, strict=True)):
        return LAYER_SHARES
    # The largest size every column can share, each capped at its own full size: the width
    # a column leaves under its cap goes to the others.
    free = total - LAYER_PADS[0] - LAYER_PADS[1]
    low, high = 0.0, max(caps)
    for _ in range(40):
        size = (low + high) / 2
        used = sum(w * min(size, cap) for w, cap in zip(per_pt, caps, strict=True))
        used += per_pt[1] * min(size, caps[1]) * TEXT_AIR / TEXT_SET
        low, high = (size, high) if used <= free else (low, size)
    name = (per_pt[0] * min(low, caps[0]) + LAYER_PADS[0]) / total
    text = per_pt[1] * min(low, caps[1]) / TEXT_SET / total
    return name, text


def _layer_rooms(
    total: float, shares: tuple[float, float], dpi: float = 1.0
) -> tuple[float, float, float]:
    """Return the widths the names, descriptions and examples of a layers diagram `total`
    inches wide are set in, when names and descriptions take `shares` of it: in inches, or in
    pixels at `dpi`."""
    name, text = shares
    chip_left = total * (name + text) + LAYER_PADS[1] / 2
    return (
        (total * name - LAYER_PADS[0]) * dpi,
        text * (total * dpi) * TEXT_SET,
        (total - chip_left - LAYER_PADS[1] / 2) * dpi,
    )


def _two_lines_pt(text: str, bold: bool) -> float:
    """Return the width of `text` set at 1 pt in at most two lines, broken at its best space
    (a no-break space holds), in points."""
    words = [w for w in text.split(" ") if w]
    if not words:
        return 0.0

    def width(part: list[str]) -> float:
        return measure.width_pt(" ".join(part), 10.0, bold) / 10.0  # measured at 10 pt

    best = width(words)
    for cut in range(1, len(words)):
        best = min(best, max(width(words[:cut]), width(words[cut:])))
    return best


STEP_ARROW = 0.55
"""The room between two step cards, where the arrow goes, in inches."""
STEP_PAD = 0.25
"""The inner margin of a step card, in inches."""
STEP_RULE = 0.3
"""The room the rule under a card's name takes, in inches."""
STEP_GAP = 0.16
"""Between a card's description and its examples, in inches."""
STEP_RAISE = 0.4
"""The share of the spare height above the cards: a little above the middle reads as centred."""
STEP_PITCH = 1.25
"""Line pitch of a card's text, in ems."""
_ARROW = "(→|⇒|->|=>)"


@dataclass(frozen=True)
class Block:
    """A text of a step card: its lines, size and weight, and the room above it (inches)."""

    lines: tuple[str, ...]
    size: float
    bold: bool
    gap: float

    def height(self) -> float:
        """Return the height the block takes, from its first line's top to its last's foot."""
        ascent, descent = _extent(self.bold)
        pitch = STEP_PITCH * (len(self.lines) - 1)
        return (ascent + pitch + descent) * self.size / 72


def draw_steps(figure: Figure, diagram: Diagram, theme: Theme, body: Rect = (0, 0, 1, 1)) -> None:
    """Draw left-to-right stages joined by arrows into `body`: cards as tall as the fullest
    one's text, a little above the middle of the body."""
    from matplotlib.patches import FancyArrow, FancyBboxPatch

    ax, w, h = _body(figure, body)
    n = len(diagram.items)
    arrow = STEP_ARROW if n <= 4 else STEP_ARROW * 0.65
    box_w = (w - 0.1 - arrow * (n - 1)) / n
    pad = STEP_PAD if box_w > 1.5 else STEP_PAD / 2
    room = (box_w - 2 * pad) * figure.dpi
    ramp = [tint(theme.colors.primary, 0.55 * i / max(n - 1, 1)) for i in range(n)]
    ramp[-1] = theme.colors.accent if n > 2 else ramp[-1]
    scale = 1.0
    while True:  # the type scale's sizes, smaller only when the cards would not fit the body
        sizes = _step_sizes(figure, diagram, room, scale)
        cards = [_card(figure, item, sizes, room) for item in diagram.items]
        tallest = max(2 * pad + sum(b.gap + b.height() for b in card) for card in cards)
        if tallest <= h - 0.1 or scale <= 0.6:
            break
        scale = round(scale - 0.1, 2)
    top = max(0.05, (h - tallest) * STEP_RAISE)
    for i, (card, (fill, color)) in enumerate(
        zip(cards, _fills(diagram, theme, ramp), strict=True)
    ):
        left = 0.05 + i * (box_w + arrow)
        ax.add_patch(
            FancyBboxPatch(
                (left, top),
                box_w,
                tallest,
                boxstyle="round,pad=0,rounding_size=0.15",
                facecolor=fill,
                edgecolor="none",
            )
        )
        y = top + pad
        for index, block in enumerate(card):
            y += block.gap
            _draw_block(ax, block, left + pad, y, color)
            y += block.height()
            if index == 0 and len(card) > 1:  # a short rule between the name and the rest
                ax.plot(
                    [left + pad, left + pad + min(0.7, box_w - 2 * pad)],
                    [y + STEP_RULE / 2, y + STEP_RULE / 2],
                    color=color,
                    linewidth=2,
                    alpha=0.6,
                )
        if i < n - 1:
            ax.add_patch(
                FancyArrow(
                    left + box_w + 0.1,
                    top + tallest / 2,
                    arrow - 0.2,
                    0,
                    width=0.08,
                    head_width=0.3,
                    head_length=0.18,
                    length_includes_head=True,
                    color=theme.colors.muted,
                )
            )


def bind_arrows(text: str) -> str:
    """Return `text` with no-break spaces around its arrows ("CRM → Salesforce"): an arrow
    stays on the line of the word it leads to, and of the one it leads from."""
    text = re.sub(rf"\s+{_ARROW}", "\u00a0\\1", text)
    return re.sub(rf"{_ARROW}\s+", "\\1\u00a0", text)


def _step_sizes(
    figure: Figure, diagram: Diagram, room: float, scale: float
) -> tuple[float, float, float]:
    """Return the size of the cards' names, descriptions and examples: one size for each kind
    of text across the cards, the type scale's times `scale`, smaller where a text does not fit
    its lines (two for a name, four for a description, two for each example)."""
    items = diagram.items
    name = _common_size(figure, [i.name for i in items], BODY * scale, room, True)
    text = min(
        (_fit_text(figure, i.text, SECONDARY * scale, room, lines=4)[1] for i in items if i.text),
        default=SECONDARY * scale,
    )
    example = min(
        (
            _fit_text(figure, bind_arrows(e), SMALL * scale, room, lines=2)[1]
            for i in items
            for e in i.examples
        ),
        default=SMALL * scale,
    )
    return name, text, example


def _card(
    figure: Figure, item: DiagramItem, sizes: tuple[float, float, float], room: float
) -> list[Block]:
    """Return the texts of a step card, top to bottom: its name, its description and its
    examples, one to a line, each wrapped into balanced lines."""
    name_pt, text_pt, example_pt = sizes
    blocks = [Block(_balanced(figure, item.name, name_pt, room, True), name_pt, True, 0.0)]
    if item.text:
        lines = _balanced(figure, bind_arrows(item.text), text_pt, room, False)
        blocks.append(Block(lines, text_pt, False, STEP_RULE))
    if item.examples:
        lines = tuple(
            line
            for example in item.examples
            for line in _balanced(figure, bind_arrows(example), example_pt, room, False)
        )
        blocks.append(Block(lines, example_pt, False, STEP_GAP if item.text else STEP_RULE))
    return blocks


def _balanced(figure: Figure, text: str, size: float, room: float, bold: bool) -> tuple[str, ...]:
    """Return `text` wrapped at spaces into as few lines as `room` pixels allow, made as even
    as they can be: the narrowest width that still takes no more lines ("기존 SW와 / 인건비를
    AI가 대신", not "기존 SW와 인건비를 AI가 / 대신")."""
    lines = measure.wrap(figure, text, size, room, bold)
    if len(lines) < 2:
        return tuple(lines)
    low, high = room / len(lines), room
    for _ in range(12):
        middle = (low + high) / 2
        if len(measure.wrap(figure, text, size, middle, bold)) > len(lines):
            low = middle
        else:
            high = middle
    return tuple(measure.wrap(figure, text, size, high, bold))


def _draw_block(ax: Axes, block: Block, x: float, top: float, color: str) -> None:
    """Draw `block`'s lines from `top`, each on a baseline of its own: cards line up whatever
    letters their first lines have (a text's own box grows with its descenders)."""
    ascent, _descent = _extent(block.bold)
    for index, line in enumerate(block.lines):
        ax.text(
            x,
            top + (ascent + STEP_PITCH * index) * block.size / 72,
            line,
            fontsize=block.size,
            fontweight="bold" if block.bold else "normal",
            color=color,
            va="baseline",
            ha="left",
        )


@lru_cache(maxsize=2)
def _extent(bold: bool) -> tuple[float, float]:
    """Return how far the bundled face's letters reach above and below the baseline, in ems:
    Hangul and Latin ascenders and descenders alike."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    props = FontProperties(family=fonts.FAMILY, size=100, weight="bold" if bold else "normal")
    _width, height, descent = TextToPath().get_text_width_height_descent(
        "가힣Hlpgy", props, ismath=False
    )
    return (height - descent) / 100, descent / 100


# --- a build's figures --------------------------------------------------------------------------
