"""Every paragraph broken where the fit measure breaks it, for the copy of a deck a renderer draws.

PowerPoint keeps a Korean word (어절) whole when the paragraph asks (`eaLnBrk="0"`); LibreOffice
7.4 breaks Hangul between any two syllables ("AI/를", "위/에"). The copy of the deck that
`deckgen pdf` and `preview` hand to LibreOffice (never the user's .pptx) has its lines set
where `fit.wrap` sets them, as line breaks: LibreOffice, drawing the face the fit measures with,
has no line left to break on its own, and the render shows the lines the fit counted.

LibreOffice spaces single-spaced lines by the face's own height, 1.45 em for the bundled face
(Noto Sans CJK's ascent and descent), where the fit counts `fit.LINE_PITCH` (1.2 em): the copy's
paragraphs state their line spacing as exactly `PITCH` times their size. (A percentage of the
face's height, 83%, gave anything from 0.95 to 1.2 em: LibreOffice shortens the lines' ascent
too, unevenly.)

LibreOffice sets a line up to about 1.5% wider than the fit measures it (bold runs, which the
fit measures as regular, and rounding), and wraps such a line once more at its last space; and
where a box is exactly as tall as its lines (a quote's, a headline's), its autofit may find a
rounding error too many and squeeze the lines together. The copy's text boxes are therefore
`SLACK` wider and taller, grown away from their text's alignment and anchor: the lines stay
where they were, none is wrapped again, and none is squeezed.
"""

from __future__ import annotations

from deckgen.layout import fit
from deckgen.layout.deck import DeckLayout
from deckgen.layout.grid import Box
from deckgen.layout.shapes import GroupShape, Para, Shape, TextShape
from deckgen.record import replace

SLACK = 0.04
"""How much wider and taller (a share of each) a text box of the rendered copy is than the fit's."""


PITCH = fit.LINE_PITCH
"""The distance between two lines of a paragraph in the copy, in em of its size: the fit's."""


def set_lines(laid: DeckLayout) -> DeckLayout:
    """Return `laid` with every paragraph of every text shape broken into its measured lines."""
    plans = [replace(plan, shapes=[_set(shape) for shape in plan.shapes]) for plan in laid.plans]
    return replace(laid, plans=plans)


def _set(shape: Shape) -> Shape:
    """Return `shape` with its paragraphs broken into lines, if it holds text (a diagram's
    group: each of its text boxes)."""
    if isinstance(shape, GroupShape):
        parts = tuple(_set(p) if isinstance(p, TextShape) else p for p in shape.parts)
        return replace(shape, parts=parts)
    if not isinstance(shape, TextShape) or shape.number_field:
        return shape
    width = shape.room
    paras = tuple(broken(p, p.size * shape.scale, width - p.indent(), p.bold) for p in shape.paras)
    return replace(shape, box=_roomier(shape), paras=paras)


def _roomier(shape: TextShape) -> Box:
    """Return the box of `shape` `SLACK` wider and taller, grown away from the alignment and the
    anchor of its text, which therefore stays where it was."""
    box = shape.box
    wide, tall = box.width * SLACK, box.height * SLACK
    align = shape.paras[0].align if shape.paras else "left"
    left = {"left": 0.0, "center": wide / 2, "right": wide}.get(align, 0.0)
    up = {"top": 0.0, "middle": tall / 2, "bottom": tall}.get(shape.anchor, 0.0)
    return Box(box.left - left, box.top - up, box.width + wide, box.height + tall)


def broken(para: Para, size_pt: float, width_in: float, bold: bool) -> Para:
    """Return `para` with a line break wherever `fit.wrap` ends a line: a space between two
    lines turns into the break; a word wider than the box gets one where the wrap cut it."""
    text = para.text
    cuts = _cuts(text, fit.wrap(text, size_pt, width_in, bold))
    if not cuts:
        return para
    runs, offset = [], 0
    for run in para.runs:
        chars = []
        for i, char in enumerate(run.text):
            kind = cuts.get(offset + i)
            chars.append("\n" if kind == "space" else f"\n{char}" if kind == "insert" else char)
        runs.append(replace(run, text="".join(chars)))
        offset += len(run.text)
    return replace(para, runs=tuple(runs))


def _cuts(text: str, lines: list[str]) -> dict[int, str]:
    """Return where in `text` each of `lines` but the last ends: "space" where a space stands
    there (it becomes the break), "insert" where the break goes before a character. No cuts
    where the lines cannot be found in the text in order."""
    cuts: dict[int, str] = {}
    at = 0
    for number, line in enumerate(lines):
        while not text.startswith(line, at) and at < len(text) and text[at] in " \n":
            at += 1
        if not text.startswith(line, at):
            return {}
        at += len(line)
        if number == len(lines) - 1 or at >= len(text):
            break
        if text[at] == " ":
            cuts[at] = "space"
        elif text[at] != "\n":
            cuts[at] = "insert"
    return cuts
