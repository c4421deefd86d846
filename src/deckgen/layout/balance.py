"""Headlines in balanced lines: a title that takes two lines splits near its middle, by word.

A greedy wrap fills each line as far as it goes and leaves the last one short ("AI는 세상을 바꿀
겁니다. 2025-26년이 그 / 변곡점입니다."). A headline reads better when its lines are about as
long as each other: the narrowest width that keeps the same number of lines gives those breaks.
They are written into the text as line breaks, so every renderer shows the same lines.
"""

from __future__ import annotations

from dataclasses import replace

from deckgen.layout import fit
from deckgen.layout.shapes import Para, TextShape
from deckgen.outline import markup

_STEPS = 12
"""Halvings of the search: the width found is within 1/4096 of the box's."""


def balanced_lines(text: str, size_pt: float, width_in: float, bold: bool) -> list[str] | None:
    """Return `text` broken into balanced lines at `size_pt` in `width_in`, or None when it
    takes one line, holds breaks of its own, or has a word wider than the box."""
    if "\n" in text or "  " in text:
        return None
    greedy = fit.wrap(text, size_pt, width_in, bold)
    if len(greedy) < 2 or not whole_words(text, greedy):
        return None
    narrow, wide = width_in / len(greedy), width_in
    for _ in range(_STEPS):
        middle = (narrow + wide) / 2
        if len(fit.wrap(text, size_pt, middle, bold)) == len(greedy):
            wide = middle
        else:
            narrow = middle
    lines = fit.wrap(text, size_pt, wide, bold)
    return lines if len(lines) == len(greedy) and whole_words(text, lines) else None


def whole_words(text: str, lines: list[str]) -> bool:
    """Return whether `lines` break `text` only between words (at its spaces)."""
    return " ".join(lines) == text and all(
        line and " " not in (line[0], line[-1]) for line in lines
    )


def balance(shape: TextShape) -> TextShape:
    """Return `shape` with each of its paragraphs broken into balanced lines, at its scale."""
    width = shape.room
    paras = []
    for para in shape.paras:
        size = para.size * shape.scale
        lines = balanced_lines(para.text, size, width - para.indent(), para.bold)
        paras.append(_broken(para, lines) if lines else para)
    return replace(shape, paras=tuple(paras))


def _broken(para: Para, lines: list[str]) -> Para:
    """Return `para` with the spaces between `lines` turned into line breaks."""
    breaks, at = set(), 0
    for line in lines[:-1]:
        at += len(line)
        breaks.add(at)  # the space after this line
        at += 1
    runs, offset = [], 0
    for run in para.runs:
        chars = ["\n" if offset + i in breaks else char for i, char in enumerate(run.text)]
        runs.append(markup.Run("".join(chars), run.bold, run.italic, run.highlight, run.link))
        offset += len(run.text)
    return replace(para, runs=tuple(runs))
