"""Text measured with the bundled font: wrapped at spaces (Korean words stay whole) to a width."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from deckgen import fonts

if TYPE_CHECKING:
    from matplotlib.figure import Figure


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


def wrap(figure: Figure, text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """Return `text` broken at spaces into lines at most `width` pixels wide where words allow
    (never at a no-break space, U+00A0)."""
    lines: list[str] = []
    line = ""
    for word in (w for w in text.split(" ") if w):
        candidate = f"{line} {word}".strip()
        if width_px(figure, candidate, size, bold) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    lines.append(line)
    return lines


def fit(
    figure: Figure, text: str, size: float, width: float, bold: bool = False, lines: int = 1
) -> tuple[list[str], float]:
    """Return `text` wrapped into at most `lines` lines of `width` pixels, and the size that
    fits (half a point smaller at a time, 9 pt at the least)."""
    while True:
        wrapped = wrap(figure, text, size, width, bold)
        fits = all(width_px(figure, x, size, bold) <= width for x in wrapped)
        if (len(wrapped) <= lines and fits) or size <= 9:
            return wrapped, size
        size -= 0.5
