"""Every paragraph broken where the fit measure breaks it, for the copy of a deck a renderer draws.

PowerPoint keeps a Korean word (어절) whole when the paragraph asks (`eaLnBrk="0"`); LibreOffice
7.4 breaks Hangul between any two syllables ("AI/를", "위/에"). The copy of the deck that
`deckgen pdf` and `preview` hand to LibreOffice (never the user's .pptx) has its lines set
where `fit.wrap` sets them, as line breaks: LibreOffice, drawing the face the fit measures with,
has no line left to break on its own, and the render shows the lines the fit counted.

LibreOffice sets a line up to about 1.5% wider than the fit measures it (bold runs, which the
fit measures as regular, and rounding), and wraps such a line once more at its last space. The
copy's text boxes are therefore `SLACK` wider, on the side away from their alignment: the lines
stay where they were, and none is wrapped again.
"""

from __future__ import annotations

from dataclasses import replace

from deckgen.layout import fit
from deckgen.layout.deck import DeckLayout
from deckgen.layout.grid import Box
from deckgen.layout.shapes import INSET, Para, Shape, TextShape

SLACK = 0.04
"""How much wider (a share of its width) a text box of the rendered copy is than the fit's."""


def set_lines(laid: DeckLayout) -> DeckLayout:
    """Return `laid` with every paragraph of every text shape broken into its measured lines."""
    plans = [replace(plan, shapes=[_set(shape) for shape in plan.shapes]) for plan in laid.plans]
    return replace(laid, plans=plans)


def _set(shape: Shape) -> Shape:
    """Return `shape` with its paragraphs broken into lines, if it holds text."""
    if not isinstance(shape, TextShape) or shape.number_field:
        return shape
    width = shape.box.width - 2 * INSET
    paras = tuple(broken(p, p.size * shape.scale, width - p.indent(), p.bold) for p in shape.paras)
    return replace(shape, box=_wider(shape), paras=paras)


def _wider(shape: TextShape) -> Box:
    """Return the box of `shape` `SLACK` wider, grown away from the alignment of its text."""
    box, extra = shape.box, shape.box.width * SLACK
    align = shape.paras[0].align if shape.paras else "left"
    left = {"left": 0.0, "center": extra / 2, "right": extra}.get(align, 0.0)
    return Box(box.left - left, box.top, box.width + extra, box.height)


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
