"""Diagrams drawn from a list of items: stacked layers, and steps joined by arrows."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from deckgen import fonts
from deckgen.colors import BODY_CONTRAST, contrast, mix, tint
from deckgen.figures.draw import text as measure
from deckgen.figures.style import readable
from deckgen.layout.typescale import BODY, NESTED, SECONDARY, SMALL
from deckgen.outline.model import Diagram, DiagramItem, Theme
from deckgen.record import record

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch
    from matplotlib.text import Text

Rect = tuple[float, float, float, float]
EXAMPLES = " · "
"""Between examples: a line that breaks there drops the dot (`measure.wrap`)."""


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


class Sheet:
    """Where a diagram draws: `body` (figure fractions) in inches from its top left, as axes
    with those limits and their axis off place a patch, a line or a text, without making the
    axes (their ticks and spines, never drawn, were a fifth of a diagram's time)."""

    def __init__(self, figure: Figure, body: Rect, width: float, height: float) -> None:
        from matplotlib.transforms import Bbox, BboxTransformFrom, BboxTransformTo, TransformedBbox

        self.figure = figure
        # As axes compose their data transform: from the view limits, to the body on the figure.
        area = TransformedBbox(Bbox.from_bounds(*body), figure.transSubfigure)
        self.transform = BboxTransformFrom(Bbox([[0, height], [width, 0]])) + BboxTransformTo(area)

    def add_patch(self, patch: Patch) -> None:
        patch.set_transform(self.transform)
        self.figure.add_artist(patch)

    def plot(self, xs: list[float], ys: list[float], **style: Any) -> None:
        from matplotlib.lines import Line2D

        self.figure.add_artist(Line2D(xs, ys, transform=self.transform, **style))

    def text(self, x: float, y: float, text: str, **style: Any) -> Text:
        return self.figure.text(x, y, text, transform=self.transform, **style)


def _body(figure: Figure, body: Rect) -> tuple[Sheet, float, float]:
    """Return where to draw in `body` (figure fractions), in inches from its top left, and its
    size."""
    w, h = figure.get_figwidth() * body[2], figure.get_figheight() * body[3]
    return Sheet(figure, body, w, h), w, h


def draw_layers(figure: Figure, diagram: Diagram, theme: Theme, body: Rect = (0, 0, 1, 1)) -> None:
    """Draw stacked bands into `body`, the first item on top: each band's name, description and
    examples in columns, in the first of `LAYER_FORMS` whose texts all fit."""
    from matplotlib.patches import FancyBboxPatch

    ax, total_w, height_in = _body(figure, body)
    n = len(diagram.items)
    gap = 0.12
    band = (height_in - gap * (n - 1)) / n
    base = theme.colors.primary
    ramp = [tint(base, 0.72 * i / max(n - 1, 1)) for i in range(n)]
    columns, sizes, widths = _layer_form(figure, diagram, total_w, band)
    for i, (fill, text_color) in enumerate(_fills(diagram, theme, ramp)):
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
        x = LAYER_LEFT
        for key, size, width in zip(columns, sizes, widths, strict=True):
            text = _layer_texts(diagram, key)[i]
            bold = key == "name"
            if text:
                lines = measure.balanced(figure, text, size, width * figure.dpi, bold)
                if not measure.fits(figure, text, size, width * figure.dpi, bold, LAYER_LINES):
                    lines, size = _fit_text(figure, text, size, width * figure.dpi, bold, 2)
                ax.text(
                    x,
                    top + band / 2,
                    "\n".join(lines),
                    fontsize=size,
                    fontweight="bold" if bold else "normal",
                    color=text_color,
                    va="center",
                    ha="left",
                    linespacing=LAYER_PITCH,
                )
            x += width + LAYER_COLUMN_GAP


LayerKey = Literal["name", "text", "examples"]
LAYER_FORMS: tuple[tuple[tuple[LayerKey, ...], tuple[float, ...]], ...] = (
    (("name", "text", "examples"), (NESTED, SECONDARY, SMALL)),
    (("name", "text", "examples"), (SECONDARY, SMALL, SMALL)),
    (("name", "examples"), (NESTED, SMALL)),
    (("name", "examples"), (SECONDARY, SMALL)),
    (("name",), (NESTED,)),
    (("name",), (SECONDARY,)),
)
"""The forms of a layers diagram, the fullest first: the columns each band sets and their sizes,
on the type scale, names a step above the rest. A diagram too narrow for every column at the
scale's smallest sizes (a navigator beside bullets on a 4:3 slide) drops a column rather than
setting its text smaller than the slides' smallest: the descriptions first, then the examples.
Names and examples read at a glance ("모델: ChatGPT · Claude · Gemini"), where a description in
two small lines beside a large name reads as clutter; the whole diagram, shown before its
navigators, gave the descriptions."""
LAYER_LINES = 2
"""The most lines a text of a band takes."""
LAYER_PITCH = 1.2
"""Line pitch of a band's texts, in ems."""
LAYER_AIR = 0.06
"""Inches kept clear above and below a band's text."""
LAYER_LEFT = 0.3
"""Inches before the names."""
LAYER_COLUMN_GAP = 0.25
"""Inches between two columns, and after the last."""
LAYER_SHARES = (0.27, 0.40)
"""The shares of a band's width its names and descriptions take when every column fits in them
(the whole-slide diagram); the examples take the rest."""
LAYER_PADS = (0.45, 0.5)
"""Inches of a band's width that are not a column's text, as `deckgen.figures.readable`
measures a band: before and after the names, and around the examples."""


def _layer_texts(diagram: Diagram, key: LayerKey) -> list[str]:
    """Return each item's text of column `key`: its name, description or examples."""
    if key == "name":
        return [item.name for item in diagram.items]
    if key == "text":
        return [item.text or "" for item in diagram.items]
    return [
        EXAMPLES.join(e.replace(" ", "\u00a0") for e in item.examples) for item in diagram.items
    ]


def _layer_form(
    figure: Figure, diagram: Diagram, total: float, band: float
) -> tuple[tuple[LayerKey, ...], tuple[float, ...], list[float]]:
    """Return the columns a layers diagram `total` inches wide sets, their sizes and widths
    (inches): the first of `LAYER_FORMS` whose texts each fit their column in at most two lines
    (as many as the band holds), the width left over shared out."""
    present = [key for key in ("name", "text", "examples") if any(_layer_texts(diagram, key))]
    last: tuple[tuple[LayerKey, ...], tuple[float, ...], list[float]] = ((), (), [])
    for keys, full in LAYER_FORMS:
        chosen = [(k, s) for k, s in zip(keys, full, strict=True) if k in present]
        if len(chosen) < len(keys) and any(
            f[0] == tuple(k for k, _ in chosen) for f in LAYER_FORMS
        ):
            continue  # the form without this diagram's missing column comes in its own turn
        columns = tuple(k for k, _ in chosen)
        sizes = tuple(s for _, s in chosen)
        room = total - LAYER_LEFT - LAYER_COLUMN_GAP * len(columns)
        needs, ones = [], []
        for key, size in chosen:
            held = int((band - 2 * LAYER_AIR) * 72 / (size * LAYER_PITCH) + 1e-9)
            lines = min(LAYER_LINES, held)
            texts = _layer_texts(diagram, key)
            needs.append(max(_least_in(figure, t, size, key == "name", lines) for t in texts))
            ones.append(max(_least_in(figure, t, size, key == "name", 1) for t in texts))
        last = (columns, sizes, _shared(needs, room))
        if sum(needs) <= room:
            return columns, sizes, _spread(columns, needs, ones, total, room)
    return last


def _least_in(figure: Figure, text: str, size: float, bold: bool, lines: int) -> float:
    """Return the narrowest width (inches) `text` takes in at most `lines` lines at `size`:
    more than any room when it cannot (no lines, or a word too wide)."""
    if not text:
        return 0.0
    if lines < 1:
        return float("inf")
    wide = measure.width_pt(text, size, bold) / 72 + 0.02
    narrow = wide / lines
    for _ in range(16):
        middle = (narrow + wide) / 2
        if measure.fits(figure, text, size, middle * figure.dpi, bold, lines):
            wide = middle
        else:
            narrow = middle
    return wide + 0.02


def _shared(needs: list[float], room: float) -> list[float]:
    """Return `needs` scaled to add up to `room`."""
    total = sum(n for n in needs if n != float("inf")) or 1.0
    return [room * (n / total if n != float("inf") else 1.0 / len(needs)) for n in needs]


def _spread(
    columns: tuple[LayerKey, ...], needs: list[float], ones: list[float], total: float, room: float
) -> list[float]:
    """Return the columns' widths: the usual shares where every column fits in them, else what
    each needs, widened first so that a column takes one line (the narrowest such step first),
    and the room left over in proportion."""
    if len(columns) == 3:
        shares = (
            total * LAYER_SHARES[0] - LAYER_LEFT - LAYER_COLUMN_GAP,
            total * LAYER_SHARES[1] - LAYER_COLUMN_GAP,
        )
        usual = [*shares, room - sum(shares)]
        if all(u >= n for u, n in zip(usual, needs, strict=True)):
            return usual
    widths = list(needs)
    spare = room - sum(widths)
    for c in sorted(range(len(widths)), key=lambda c: ones[c] - needs[c]):
        if 0 < ones[c] - needs[c] <= spare:
            spare -= ones[c] - needs[c]
            widths[c] = ones[c]
    return [w + spare * w / sum(widths) for w in widths]


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


@record
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
    # The first set of the type scale's sizes at which every text fits its lines and the
    # cards the body; past the last, smaller sizes (the last resort of a crowded diagram).
    tried = [*STEP_SIZES, *([s * scale for s in STEP_SIZES[-1]] for scale in (0.9, 0.8, 0.7, 0.6))]
    for index, wanted in enumerate(tried):
        sizes = _step_sizes(figure, diagram, room, wanted)
        cards = [_card(figure, item, sizes, room) for item in diagram.items]
        tallest = max(2 * pad + sum(b.gap + b.height() for b in card) for card in cards)
        on_scale = index >= len(STEP_SIZES) - 1 or sizes == tuple(wanted)
        if (tallest <= h - 0.1 and on_scale) or index == len(tried) - 1:
            break
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


STEP_SIZES: tuple[tuple[float, float, float], ...] = (
    (BODY, SECONDARY, SMALL),
    (NESTED, SECONDARY, SMALL),
    (SECONDARY, SMALL, SMALL),
)
"""The sizes of a card's name, description and examples, on the type scale, largest first."""


def _step_sizes(
    figure: Figure, diagram: Diagram, room: float, wanted: Sequence[float]
) -> tuple[float, float, float]:
    """Return the size of the cards' names, descriptions and examples: one size for each kind
    of text across the cards, `wanted`, smaller where a text does not fit its lines (two for a
    name, four for a description, two for each example)."""
    items = diagram.items
    name = _common_size(figure, [i.name for i in items], wanted[0], room, True)
    text = min(
        (_fit_text(figure, i.text, wanted[1], room, lines=4)[1] for i in items if i.text),
        default=wanted[1],
    )
    example = min(
        (
            _fit_text(figure, bind_arrows(e), wanted[2], room, lines=2)[1]
            for i in items
            for e in i.examples
        ),
        default=wanted[2],
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
    as they can be (`measure.balanced`)."""
    return tuple(measure.balanced(figure, text, size, room, bold))


def _draw_block(ax: Sheet, block: Block, x: float, top: float, color: str) -> None:
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
