"""Text measured with the bundled font: wrapped at spaces (Korean words stay whole) to a width.

A line never ends in a separator: a middle dot between two words ("ChatGPT · Claude") is dropped
where the line breaks (the break separates them), and `+ → & /` go to the start of the next line
with the word they lead to.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from deckgen import fonts

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DOT = "·"
"""A separator a line break replaces: dropped where the line breaks."""
LEADING = ("+", "→", "&", "/")
"""Separators that begin the next line when the line breaks at them."""
NBSP = "\u00a0"


@lru_cache(maxsize=4096)
def _width_pt(text: str, size: float, bold: bool) -> float:
    """Return the width of `text` set at `size` pt, in points."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    props = FontProperties(family=fonts.FAMILY, size=size, weight="bold" if bold else "normal")
    width, _height, _descent = TextToPath().get_text_width_height_descent(text, props, ismath=False)
    return float(width)


def width_pt(text: str, size: float, bold: bool = False) -> float:
    """Return the width of `text` set at `size` pt, in points."""
    return _width_pt(text, size, bold)


def width_px(figure: Figure, text: str, size: float, bold: bool = False) -> float:
    """Return the width of `text` set at `size` pt, in the figure's pixels."""
    return _width_pt(text, size, bold) * figure.dpi / 72


@lru_cache(maxsize=1024)
def _words(text: str) -> tuple[tuple[str, bool], ...]:
    """Return the words of `text` the lines may break between, each with whether a middle dot
    stands before it: a leading separator is bound to the word after it (cached: the fitting
    wraps a text at many widths)."""
    words: list[tuple[str, bool]] = []
    dot = False
    carried = ""
    for word in (w for w in text.split(" ") if w):
        if word == DOT and words:
            dot = True
            continue
        if word in LEADING:
            carried += word + NBSP
            continue
        words.append((carried + word, dot))
        dot, carried = False, ""
    if words and (carried or dot):  # a separator ending the text stays with its last word
        last, before = words[-1]
        words[-1] = (
            last + (NBSP + DOT if dot else "") + (NBSP + carried.rstrip(NBSP) if carried else ""),
            before,
        )
    elif carried:
        words.append((carried.rstrip(NBSP), False))
    return tuple(words)


def wrap(figure: Figure, text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """Return `text` broken at spaces into lines at most `width` pixels wide where words allow
    (never at a no-break space, U+00A0), no line ending in a separator."""
    lines: list[str] = []
    line = ""
    dpi = figure.dpi
    for word, dot in _words(text):
        candidate = f"{line} {DOT} {word}" if dot and line else f"{line} {word}".strip()
        # `width_px`, inlined: the fitting calls this tens of thousands of times.
        if _width_pt(candidate, size, bold) * dpi / 72 <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    lines.append(line)
    return lines


def balanced(figure: Figure, text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """Return `text` wrapped at spaces into as few lines as `width` pixels allow, made as even
    as they can be: the narrowest width that still takes no more lines, so no last line holds
    one short word where a re-break avoids it ("기존 SW와 / 인건비를 AI가 대신", not "기존 SW와
    인건비를 AI가 / 대신")."""
    lines = wrap(figure, text, size, width, bold)
    if len(lines) < 2:
        return lines
    low, high = width / len(lines), width
    for _ in range(12):
        middle = (low + high) / 2
        if len(wrap(figure, text, size, middle, bold)) > len(lines):
            low = middle
        else:
            high = middle
    return wrap(figure, text, size, high, bold)


def fits(
    figure: Figure, text: str, size: float, width: float, bold: bool = False, lines: int = 1
) -> bool:
    """Return whether `text` takes at most `lines` lines of `width` pixels at `size`, no word
    wider than its line."""
    wrapped = wrap(figure, text, size, width, bold)
    return len(wrapped) <= lines and all(width_px(figure, x, size, bold) <= width for x in wrapped)


def fit(
    figure: Figure, text: str, size: float, width: float, bold: bool = False, lines: int = 1
) -> tuple[list[str], float]:
    """Return `text` wrapped into at most `lines` lines of `width` pixels, and the size that
    fits (half a point smaller at a time, 9 pt at the least): the last resort of a figure whose
    texts fit at no size of the type scale."""
    while True:
        if fits(figure, text, size, width, bold, lines) or size <= 9:
            return balanced(figure, text, size, width, bold), size
        size -= 0.5
