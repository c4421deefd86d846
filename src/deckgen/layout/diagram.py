"""Diagrams as PowerPoint shapes (`render: native`): a group of bands or cards, arrows and the
text boxes over them, which PowerPoint edits as text and recolours with the theme.

The shapes follow the picture (`deckgen.figures.draw.diagram`): `layers` stacks one rounded
band per item, first on top, its name, description and examples in three columns; `steps` sets
cards left to right with arrows between them, the name over a short rule, then the description
and the examples one to a line. With a `highlight` that item takes the accent colour and the
others a light grey. Fills are theme colours lightened or darkened (`Tone`), text is white or
dark, whichever reads at 4.5:1 on its fill (the fill deepened a little where neither does).
Sizes come from the type scale, the largest at which every text fits its lines, measured with
the fit; each box is as tall as its band or card, so no text runs out of its shape.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from deckgen.colors import (
    BODY_CONTRAST,
    LARGE_CONTRAST,
    contrast,
    luminance_shift,
    tint_saturation,
)
from deckgen.errors import Path
from deckgen.layout import fit
from deckgen.layout.balance import balance
from deckgen.layout.design import Anchor, Color
from deckgen.layout.grid import Box
from deckgen.layout.shapes import INSET, FillShape, GroupShape, Para, TextShape, Tone
from deckgen.layout.typescale import BODY, NESTED, SECONDARY, SMALL
from deckgen.outline import markup
from deckgen.outline.model import Deck, Diagram, DiagramItem
from deckgen.record import replace

EXAMPLES = "\u00a0· "
"""Between examples: the dot stays with the word before it when a line breaks."""
_ARROW = "(→|⇒|->|=>)"
SCALES = (1.0, 0.95, 0.9, 0.86)
"""The scales the smallest sizes are tried at: 14 pt at 0.86 is still 12 pt, readable."""

LAYER_GAP = 0.12
"""Between two bands, in inches."""
LAYER_RADIUS = 0.12
"""A band's corner radius, in inches."""
LAYER_PADS = (0.3, 0.25, 0.25)
"""Inches of a band's width not set in text: before the names, between two columns, after the
last column."""
LAYER_LINES = 2
"""The most lines a text of a band takes."""
LAYER_SIZES = ((NESTED, SECONDARY, SMALL), (SECONDARY, SMALL, SMALL))
"""The sizes of a band's name, description and examples, largest first."""

STEP_ARROW = 0.55
"""The room between two cards, where the arrow goes, in inches (two thirds past four cards)."""
STEP_PAD = 0.25
"""The inner margin of a card, in inches (half on a card 1.5 in wide or less)."""
STEP_RULE = 0.3
"""The room the rule under a card's name takes, in inches."""
STEP_GAP = 0.16
"""Between a card's description and its examples, in inches."""
STEP_RAISE = 0.4
"""The share of the spare height above the cards: a little above the middle reads as centred."""
STEP_RADIUS = 0.15
"""A card's corner radius, in inches."""
STEP_SIZES = ((BODY, SECONDARY, SMALL), (NESTED, SECONDARY, SMALL), (SECONDARY, SMALL, SMALL))
"""The sizes of a card's name, description and examples, largest first."""
STEP_LINES = (2, 4, 2)
"""The most lines a card's name, description and each example take."""


def native(deck: Deck, diagram: Diagram, box: Box, figure: int, name: str, at: Path) -> GroupShape:
    """Return `diagram` as a group of shapes filling `box`; `at` is the diagram's place in the
    deck, `figure` its index among the deck's figures, `name` the group's."""
    tones = _tones(deck, diagram)
    if diagram.kind == "layers":
        parts = _layers(diagram, box, tones, at)
    else:
        parts = _steps(diagram, box, tones, at)
    return GroupShape(box, figure, name, tuple(parts), at)


def is_native(deck: Deck, diagram: Diagram) -> bool:
    """Return whether `diagram` is drawn as shapes: its `render`, else the theme's `charts`."""
    return (diagram.render or deck.theme.charts) == "native"


# --- colours -------------------------------------------------------------------------------------


def _tones(deck: Deck, diagram: Diagram) -> list[tuple[Tone, Color]]:
    """Return each item's fill and the colour of its text: a ramp of the primary colour (steps
    end in the accent), or with a highlight the accent for that item and a light grey for the
    others; text white or dark at 4.5:1 or more on its fill."""
    colors = deck.theme.colors
    # deckgen's theme holds the muted colour; a template's muted text is its text colour
    # lightened (as the slides write it).
    muted = luminance_shift(colors.text, 0.65, 0.35) if deck.theme.template else colors.muted
    actual: dict[Color, str] = {
        "primary": colors.primary,
        "accent": colors.accent,
        "text": colors.text,
        "background": colors.background,
        "muted": muted,
    }
    n = len(diagram.items)
    if diagram.highlight is not None:
        quiet = Tone("text", 0.15, 0.85)
        words: Color = (
            "muted" if contrast(actual["muted"], _shade(quiet, actual)) >= BODY_CONTRAST else "text"
        )
        return [
            _readable(Tone("accent"), actual) if item.name == diagram.highlight else (quiet, words)
            for item in diagram.items
        ]
    most = 0.72 if diagram.kind == "layers" else 0.55
    ramp = [_lighter("primary", most * i / max(n - 1, 1), colors.primary) for i in range(n)]
    if diagram.kind == "steps" and n > 2:
        ramp[-1] = Tone("accent")
    return [_readable(tone, actual) for tone in ramp]


def _lighter(color: Color, amount: float, value: str) -> Tone:
    """Return `color` (#RRGGBB `value` in the deck) lightened by `amount` (0 to 1), as
    PowerPoint's "lighter N%" does, and greyed as a mix with white greys (as the picture)."""
    if not amount:
        return Tone(color)
    sat = round(tint_saturation(value, amount), 3)
    return Tone(color, round(1 - amount, 3), round(amount, 3), sat)


def _shade(tone: Tone, actual: dict[Color, str]) -> str:
    """Return the #RRGGBB a tone shows in the deck's colours."""
    return luminance_shift(actual[tone.color], tone.mod, tone.off, tone.sat)


def _readable(tone: Tone, actual: dict[Color, str]) -> tuple[Tone, Color]:
    """Return `tone`, deepened or lightened as little as needed, and the text colour (the
    background's, light, or the text's) that reads on it at 4.5:1: the light one wherever it
    already reads as large text (3:1), as the picture does."""
    fill = _shade(tone, actual)
    light, dark = actual["background"], actual["text"]
    if contrast(light, fill) >= LARGE_CONTRAST:
        text: Color = "background"
    else:
        text = "background" if contrast(light, fill) >= contrast(dark, fill) else "text"
    darker = contrast(actual[text], "#000000") > contrast(actual[text], "#FFFFFF")
    for step in range(51):
        k = step / 50
        mod = tone.mod * (1 - k)
        off = tone.off * (1 - k) + (0.0 if darker else k)
        shifted = Tone(tone.color, round(mod, 3), round(off, 3), tone.sat)
        if contrast(actual[text], _shade(shifted, actual)) >= BODY_CONTRAST:
            return shifted, text
    return Tone(tone.color, 0.0, 0.0 if darker else 1.0, tone.sat), text


# --- layers --------------------------------------------------------------------------------------


def _layers(
    diagram: Diagram, box: Box, tones: list[tuple[Tone, Color]], at: Path
) -> list[FillShape | TextShape]:
    """Return the bands, first item on top, with their names, descriptions and examples."""
    items = diagram.items
    n = len(items)
    band = (box.height - LAYER_GAP * (n - 1)) / n
    columns = [
        ("name", True, [item.name for item in items]),
        ("text", False, [item.text or "" for item in items]),
        ("examples", False, [EXAMPLES.join(item.examples) for item in items]),
    ]
    columns = [c for c in columns if any(c[2])]
    sizes, widths = _layer_columns(columns, box.width, band)
    parts: list[FillShape | TextShape] = []
    for i, (tone, ink) in enumerate(tones):
        top = box.top + i * (band + LAYER_GAP)
        parts.append(
            FillShape(
                Box(box.left, top, box.width, band),
                tone,
                f"Layer {i + 1}",
                "round",
                LAYER_RADIUS,
            )
        )
        x = box.left + LAYER_PADS[0]
        for (key, bold, texts), size, width in zip(columns, sizes, widths, strict=True):
            if texts[i]:
                shape = _text(
                    Box(x - INSET, top, width + 2 * INSET, band),
                    [(texts[i], size, bold, 0.0)],
                    ink,
                    "middle",
                    (*at, "items", i, key),
                )
                parts.append(shape)
            x += width + LAYER_PADS[1]
    return parts


def _layer_columns(
    columns: Sequence[tuple[str, bool, list[str]]], total: float, band: float
) -> tuple[list[float], list[float]]:
    """Return the size and the text width (inches) of each column of a band: the largest sizes
    at which every text fits the band in at most two lines (descriptions and examples in three
    where two would not do), the room left over shared out first so that a column takes one
    line, then in proportion to the widths. No column is narrower than its longest word."""
    room = total - LAYER_PADS[0] - LAYER_PADS[1] * (len(columns) - 1) - LAYER_PADS[2]
    smallest = LAYER_SIZES[-1]
    tried = [(list(sizes), LAYER_LINES) for sizes in LAYER_SIZES]
    tried += [([s * scale for s in smallest], LAYER_LINES + 1) for scale in SCALES]
    last: tuple[list[float], list[float]] = ([], [])
    for full, most in tried:
        sizes = [full[("name", "text", "examples").index(key)] for key, _b, _t in columns]
        ones, needs, words = [], [], []
        for (key, bold, texts), size in zip(columns, sizes, strict=True):
            lines = max(min(LAYER_LINES if key == "name" else most, _lines_held(size, band)), 1)
            ones.append(max(_least_width(t, size, bold, 1) for t in texts))
            needs.append(max(_least_width(t, size, bold, lines) for t in texts))
            words.append(max(_least_width(t, size, bold, 99) for t in texts))
        widths = list(needs)
        spare = room - sum(widths)
        last = (sizes, _squeezed(widths, words, room) if spare < 0 else widths)
        if spare < 0 or min(_lines_held(s, band) for s in sizes) < 1:
            continue
        for c in sorted(range(len(widths)), key=lambda c: ones[c] - needs[c]):
            if ones[c] - needs[c] <= spare:
                spare -= ones[c] - needs[c]
                widths[c] = ones[c]
        return sizes, _shared(widths, spare)
    return last  # nothing fits: the smallest sizes, in more lines than the band holds (check warns)


def _squeezed(widths: list[float], least: list[float], room: float) -> list[float]:
    """Return `widths` narrowed to add up to `room`, each by the same share of what it has
    beyond its `least` (its longest word), as far as that goes."""
    beyond = sum(w - m for w, m in zip(widths, least, strict=True))
    over = sum(widths) - room
    share = min(over / beyond, 1.0) if beyond > 0 else 0.0
    return [w - (w - m) * share for w, m in zip(widths, least, strict=True)]


def _shared(widths: list[float], spare: float) -> list[float]:
    """Return `widths` with `spare` shared out in proportion to them."""
    total = sum(widths) or 1.0
    return [w + spare * w / total for w in widths]


def _lines_held(size: float, height: float) -> int:
    """Return how many lines of `size` points a box `height` inches tall holds."""
    return int((height - 2 * INSET) * 72 / (size * fit.LINE_PITCH) + 1e-9)


def _least_width(text: str, size: float, bold: bool, lines: int) -> float:
    """Return the narrowest width (inches, insets left out) in which `text` takes at most
    `lines` lines, a little more for the renderers' rounding."""
    if not text:
        return 0.0
    wide = fit.width_pt(text, size, bold) / 72 + 0.01
    # Never narrower than its widest word: a line breaks between words, not inside one.
    narrow = max(fit.width_pt(word, size, bold) / 72 for word in text.split(" ")) + 0.01
    if lines <= 1 or len(fit.wrap(text, size, narrow, bold)) <= lines:
        return (wide if lines <= 1 else narrow) * 1.02
    for _ in range(14):
        middle = (narrow + wide) / 2
        if len(fit.wrap(text, size, middle, bold)) <= lines:
            wide = middle
        else:
            narrow = middle
    return wide * 1.02


# --- steps ---------------------------------------------------------------------------------------


def bind_arrows(text: str) -> str:
    """Return `text` with no-break spaces around its arrows ("CRM → Salesforce"): an arrow
    stays on the line of the word it leads to, and of the one it leads from."""
    text = re.sub(rf"\s+{_ARROW}", "\u00a0\\1", text)
    return re.sub(rf"{_ARROW}\s+", "\\1\u00a0", text)


def _steps(
    diagram: Diagram, box: Box, tones: list[tuple[Tone, Color]], at: Path
) -> list[FillShape | TextShape]:
    """Return the cards, left to right, with arrows between them: cards as tall as the fullest
    one's text, a little above the middle of the box."""
    items = diagram.items
    n = len(items)
    arrow = STEP_ARROW if n <= 4 else STEP_ARROW * 0.65
    card = (box.width - arrow * (n - 1)) / n
    pad = STEP_PAD if card > 1.5 else STEP_PAD / 2
    inner = card - 2 * pad + 2 * INSET  # a text box's width: its text starts `pad` in
    body = any(item.text or item.examples for item in items)
    tried = [
        [s * scale for s in sizes]
        for sizes in STEP_SIZES
        for scale in (SCALES if sizes is STEP_SIZES[-1] else (1.0,))
    ]
    for sizes in tried:
        names = [_name_paras(item, sizes) for item in items]
        bodies = [_body_paras(item, sizes) for item in items]
        name_h = max(_height(p, inner) for p in names)
        body_h = max(_height(p, inner) for p in bodies) if body else 0.0
        tall = 2 * (pad - INSET) + name_h + (STEP_RULE + body_h if body else 0.0)
        within = all(_within(p, inner, STEP_LINES[0:1]) for p in names) and all(
            _within(p, inner, STEP_LINES[1:]) for p in bodies
        )
        if within and tall <= box.height - 0.1:
            break
    top = box.top + max(0.05, (box.height - tall) * STEP_RAISE)
    parts: list[FillShape | TextShape] = []
    for i, (item, (tone, ink)) in enumerate(zip(items, tones, strict=True)):
        left = box.left + i * (card + arrow)
        parts.append(
            FillShape(Box(left, top, card, tall), tone, f"Step {i + 1}", "round", STEP_RADIUS)
        )
        x, y = left + pad - INSET, top + pad - INSET
        parts.append(
            _text(Box(x, y, inner, name_h), names[i], ink, "top", (*at, "items", i, "name"))
        )
        if not body:
            continue
        rule = Box(x + INSET, y + name_h + STEP_RULE / 2 - 0.014, min(0.7, card - 2 * pad), 0.028)
        parts.append(FillShape(rule, Tone(ink), f"Step {i + 1} Rule"))
        if bodies[i]:
            where = (*at, "items", i, "text" if item.text else "examples")
            body_box = Box(x, y + name_h + STEP_RULE, inner, body_h)
            parts.append(_text(body_box, bodies[i], ink, "top", where))
    for i in range(n - 1):
        left = box.left + (i + 1) * card + i * arrow + 0.1
        shaft = Box(left, top + tall / 2 - 0.15, arrow - 0.2, 0.3)
        parts.append(FillShape(shaft, Tone("muted"), f"Arrow {i + 1}", "arrow"))
    return parts


Spec = tuple[str, float, bool, float]
"""A paragraph to set: its text, size, weight and the points before it."""


def _name_paras(item: DiagramItem, sizes: Sequence[float]) -> list[Spec]:
    """Return a card's name as a paragraph to set."""
    return [(item.name, sizes[0], True, 0.0)]


def _body_paras(item: DiagramItem, sizes: Sequence[float]) -> list[Spec]:
    """Return a card's description and its examples, one to a paragraph."""
    paras: list[Spec] = []
    if item.text:
        paras.append((bind_arrows(item.text), sizes[1], False, 0.0))
    for j, example in enumerate(item.examples):
        before = STEP_GAP * 72 if j == 0 and item.text else 0.0
        paras.append((bind_arrows(example), sizes[2], False, before))
    return paras


def _height(paras: list[Spec], width: float) -> float:
    """Return the height (inches, insets included) `paras` take in a box `width` wide."""
    if not paras:
        return 0.0
    measured = [fit.Paragraph(t, s, b, 0.0, before) for t, s, b, before in paras]
    return fit.height_in(measured, width - 2 * INSET) + 2 * INSET


def _within(paras: list[Spec], width: float, most: Sequence[int]) -> bool:
    """Return whether each of `paras` takes no more lines than allowed (the first `most[0]`,
    the others `most[-1]` each) and has no word wider than its line."""
    room = width - 2 * INSET
    for index, (text, size, bold, _before) in enumerate(paras):
        allowed = most[0] if index == 0 else most[-1]
        if len(fit.wrap(text, size, room, bold)) > allowed:
            return False
        if any(fit.width_pt(word, size, bold) / 72 > room for word in text.split(" ")):
            return False  # a line would break inside the word
    return True


# --- text ----------------------------------------------------------------------------------------


def _text(box: Box, paras: list[Spec], ink: Color, anchor: Anchor, source: Path) -> TextShape:
    """Return a text box of `paras` in `ink`, its lines balanced, measured against `box`."""
    shape = TextShape(
        box,
        tuple(
            Para((markup.Run(text),), size, ink, bold=bold, space_before=before)
            for text, size, bold, before in paras
        ),
        anchor=anchor,
        source=source,
    )
    shape = balance(shape)
    _scale, fits = fit.shrink_to_fit(
        shape.measured(), box.width - 2 * INSET, box.height - 2 * INSET + 1e-6, 1.0
    )
    return replace(shape, fits=fits)
