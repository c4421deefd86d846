"""Headlines in balanced lines, broken at a phrase: a title that takes two lines splits near
its middle, where a phrase ends.

A greedy wrap fills each line as far as it goes and leaves the last one short ("AI는 세상을 바꿀
겁니다. 2025-26년이 그 / 변곡점입니다."). A headline reads better when its lines are about as
long as each other, and when each ends where a phrase does: every way of breaking it into as
many lines as the greedy wrap takes is weighed by how unequal its lines are (one less the
shortest over the longest) plus what `phrase.cost` says of each break: after a punctuation mark
wherever the shorter line keeps half the longer, never inside a phrase ("신흥 / 산업이", "with
the / key phrase") where another break balances about as well. The breaks are written into the
text as line breaks, so every renderer shows the same lines.
"""

from __future__ import annotations

import itertools

from deckgen.layout import fit, phrase
from deckgen.layout.shapes import Para, TextShape
from deckgen.outline import markup
from deckgen.record import replace

_STEPS = 12
"""Halvings of the search: the width found is within 1/4096 of the box's."""
BALANCED = 0.5
"""Lines balance when the shortest is at least this share of the longest: only then does a
good break (after punctuation, a clause) count in their favour."""
_MOST_WAYS = 20000
"""The most (partial) ways of breaking a text that are tried; a text with more is balanced by
width alone."""


def balanced_lines(
    text: str,
    size_pt: float,
    width_in: float,
    bold: bool,
    marked: frozenset[int] = frozenset(),
    most: int = 0,
) -> list[str] | None:
    """Return `text` broken into balanced lines at `size_pt` in `width_in`, or None when it
    takes one line, holds breaks of its own, or has a word wider than the box. `marked` are
    the spaces (by the number of the word before) inside a phrase the writer marked (a
    highlight, bold or italic run): a break there costs as much as one inside a phrase.
    Where every way in as many lines as a wrap takes breaks inside a phrase, and the box
    holds `most` lines, a line more is taken instead if its breaks all end phrases and as
    many of them follow punctuation (a line more must not run a sentence into the next)."""
    if "\n" in text or "  " in text:
        return None
    greedy = fit.wrap(text, size_pt, width_in, bold)
    if len(greedy) < 2 or not whole_words(text, greedy):
        return None
    words = text.split(" ")
    found = _phrased(words, len(greedy), size_pt, width_in, bold, marked)
    if found is not None and found[1] and len(greedy) < most:
        more = _phrased(words, len(greedy) + 1, size_pt, width_in, bold, marked)
        if more is not None and not more[1] and more[2] >= found[2]:
            found = more
    if found is not None and all(
        fit.wrap(line, size_pt, width_in, bold) == [line] for line in found[0]
    ):
        return found[0]
    return _narrowest(text, len(greedy), size_pt, width_in, bold)


def _phrased(
    words: list[str],
    count: int,
    size_pt: float,
    width_in: float,
    bold: bool,
    marked: frozenset[int] = frozenset(),
) -> tuple[list[str], bool, int] | None:
    """Return `words` in `count` lines that fit `width_in`, broken the way that balances and
    reads best, whether one of its breaks falls inside a phrase and how many follow
    punctuation; None when there are too many ways to weigh, or none fits."""
    room = width_in * 72
    widths = [fit.width_pt(word, size_pt, bold) for word in words]
    space = fit.width_pt(" ", size_pt, bold)
    costs = [phrase.cost(one, two) for one, two in itertools.pairwise(words)]
    costs = [max(c, phrase.MODIFIER) if i in marked else c for i, c in enumerate(costs)]
    best: tuple[float, tuple[int, ...]] | None = None
    ways = 0

    sums = [0.0]
    for width in widths:
        sums.append(sums[-1] + width)

    def span(start: int, end: int) -> float:
        return sums[end] - sums[start] + space * (end - start - 1)

    def weigh(cuts: tuple[int, ...]) -> None:
        nonlocal best
        bounds = (0, *cuts, len(words))
        spans = [span(a, b) for a, b in itertools.pairwise(bounds)]
        ratio = min(spans) / max(spans)
        total = 1 - ratio
        for cut in cuts:
            total += costs[cut - 1] if costs[cut - 1] > 0 or ratio >= BALANCED else 0.0
        if best is None or total < best[0] - 1e-9:
            best = (total, cuts)

    def search(start: int, left: int, cuts: tuple[int, ...]) -> None:
        nonlocal ways
        ways += 1
        if ways > _MOST_WAYS:
            return
        if left == 1:
            if span(start, len(words)) <= room:
                weigh(cuts)
            return
        for end in range(start + 1, len(words) - left + 2):
            if span(start, end) > room:
                break
            if span(end, len(words)) <= (left - 1) * (room + space):  # the rest can fit
                search(end, left - 1, (*cuts, end))

    search(0, count, ())
    if best is None or ways > _MOST_WAYS:
        return None
    bounds = (0, *best[1], len(words))
    inside = any(costs[cut - 1] > 0 for cut in best[1])
    stops = sum(costs[cut - 1] == phrase.PUNCTUATION for cut in best[1])
    return [" ".join(words[a:b]) for a, b in itertools.pairwise(bounds)], inside, stops


def _narrowest(
    text: str, count: int, size_pt: float, width_in: float, bold: bool
) -> list[str] | None:
    """Return `text` wrapped at the narrowest width that keeps it in `count` lines."""
    narrow, wide = width_in / count, width_in
    for _ in range(_STEPS):
        middle = (narrow + wide) / 2
        if len(fit.wrap(text, size_pt, middle, bold)) == count:
            wide = middle
        else:
            narrow = middle
    lines = fit.wrap(text, size_pt, wide, bold)
    return lines if len(lines) == count and whole_words(text, lines) else None


def whole_words(text: str, lines: list[str]) -> bool:
    """Return whether `lines` break `text` only between words (at its spaces)."""
    return " ".join(lines) == text and all(
        line and " " not in (line[0], line[-1]) for line in lines
    )


def balance(shape: TextShape) -> TextShape:
    """Return `shape` with each of its paragraphs broken into balanced lines, at its scale."""
    width = shape.room
    most = shape.capacity() if len(shape.paras) == 1 else 0  # a line more: only if alone
    paras = []
    for para in shape.paras:
        size = para.size * shape.scale
        room = width - para.indent()
        lines = balanced_lines(para.text, size, room, para.bold, _marked(para), most)
        paras.append(_broken(para, lines) if lines else para)
    return replace(shape, paras=tuple(paras))


def _marked(para: Para) -> frozenset[int]:
    """Return the spaces inside the paragraph's emphasised runs, by the number of the word
    before each: "the ==key phrase==" holds the space after word 1 of "key phrase"."""
    found, words = set(), 0
    for run in para.runs:
        marked = run.highlight or run.bold or run.italic
        for char in run.text:
            if char == " ":
                if marked:
                    found.add(words)
                words += 1
    return frozenset(found)


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
