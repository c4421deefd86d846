"""Measure text with the bundled font's real metrics: how many lines it takes in a box.

PowerPoint does not shrink overflowing text until someone edits it, so deckgen measures before it
writes. Line pitch is 1.2 em, as LibreOffice renders it; widths come from the bundled Noto Sans
CJK KR subset, whose Hangul is as wide as Malgun Gothic's and whose Latin is slightly wider than
Segoe UI's, so the measure errs on the safe side.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from deckgen import fonts

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont

LINE_PITCH = 1.2
"""Line height in em."""
_REF_SIZE = 100
_BREAKS = str.maketrans(dict.fromkeys("\n\r\x1c\x1d\x1e\x85\u2029", " "))
"""Line and paragraph breaks raqm cannot lay out (RuntimeError): measured as spaces."""
_PT_PER_IN = 72.0


@lru_cache(maxsize=2)
def _font(bold: bool) -> FreeTypeFont:
    from PIL import ImageFont

    return ImageFont.truetype(str(fonts.path(bold)), _REF_SIZE)


def width_pt(text: str, size_pt: float, bold: bool = False) -> float:
    """Return the width of `text` on one line, in points."""
    return _ref_width(text, bold) * size_pt / _REF_SIZE


@lru_cache(maxsize=65536)
def _ref_width(text: str, bold: bool) -> float:
    # Shrinking to fit wraps the same text at several sizes, and a split slide is measured
    # again part by part: the same lines come back many times.
    return _font(bold).getlength(text.translate(_BREAKS))


def wrap(text: str, size_pt: float, width_in: float, bold: bool = False) -> list[str]:
    """Return `text` broken into the lines it takes in a box `width_in` wide."""
    limit = width_in * _PT_PER_IN
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if width_pt(candidate, size_pt, bold) <= limit:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            # A word wider than the box breaks between characters, as PowerPoint does.
            for char in word:
                if width_pt(line + char, size_pt, bold) > limit and line:
                    lines.append(line)
                    line = ""
                line += char
        lines.append(line)
    return lines


@dataclass(frozen=True)
class Paragraph:
    """A paragraph to measure: its text, size and indent."""

    text: str
    size_pt: float
    bold: bool = False
    indent_in: float = 0.0
    space_before_pt: float = 0.0


def height_in(paragraphs: list[Paragraph], width_in: float, scale: float = 1.0) -> float:
    """Return the height `paragraphs` take in a box `width_in` wide, sizes times `scale`."""
    total = 0.0
    for index, para in enumerate(paragraphs):
        size = para.size_pt * scale
        lines = len(wrap(para.text, size, width_in - para.indent_in, para.bold))
        total += lines * size * LINE_PITCH
        if index:
            total += para.space_before_pt * scale
    return total / _PT_PER_IN


def line_count(paragraphs: list[Paragraph], width_in: float, scale: float = 1.0) -> int:
    """Return the number of lines `paragraphs` take in a box `width_in` wide."""
    return sum(
        len(wrap(p.text, p.size_pt * scale, width_in - p.indent_in, p.bold)) for p in paragraphs
    )


def shrink_to_fit(
    paragraphs: list[Paragraph], width_in: float, height_in_: float, floor: float
) -> tuple[float, bool]:
    """Return the largest scale, down to `floor`, at which `paragraphs` fit, and whether they do."""
    scale = 1.0
    while True:
        if height_in(paragraphs, width_in, scale) <= height_in_:
            return scale, True
        if scale - 0.05 < floor - 1e-9:
            return scale, False
        scale = round(scale - 0.05, 2)
