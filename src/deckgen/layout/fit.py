"""Measure text with the bundled font's real metrics: how many lines it takes in a box.

PowerPoint does not shrink overflowing text until someone edits it, so deckgen measures before it
writes. Line pitch is 1.2 em, as LibreOffice renders it; widths come from the bundled Noto Sans
CJK KR subset, whose Hangul is as wide as Malgun Gothic's and whose Latin is slightly wider than
Segoe UI's, so the measure errs on the safe side.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache

from deckgen import fonts
from deckgen.record import record

LINE_PITCH = 1.2
"""Line height in em."""
_REF_SIZE = 100
_BREAKS = str.maketrans(dict.fromkeys("\n\r\x1c\x1d\x1e\x85\u2029", " "))
"""Line and paragraph breaks raqm cannot lay out (RuntimeError): measured as spaces."""
_PT_PER_IN = 72.0


@lru_cache(maxsize=2)
def _font(bold: bool) -> Callable[[str], float]:
    """Return what measures a line's width in the bundled face at the reference size."""
    path = str(fonts.path(bold))
    try:
        # Pillow's FreeType core, called as `ImageFont.FreeTypeFont` calls it (Pillow 10 to 13):
        # the same widths, without `PIL.ImageFont`, whose import of `PIL.Image` took a tenth
        # of a rebuild with a new word in it.
        from PIL import _imagingft as core

        engine = int(core.HAVE_RAQM)  # as ImageFont picks it: raqm where Pillow has it
        face = core.getfont(path, _REF_SIZE, 0, "", layout_engine=engine)  # type: ignore[call-arg]
        face.getlength("Aa 가", "", None, None, None)
    # Another Pillow (its API), or a path FreeType cannot open itself (ImageFont reads the
    # file first where it must: on Windows, a folder name that is not ASCII).
    except (ImportError, AttributeError, TypeError, ValueError, OSError):
        from PIL import ImageFont

        return ImageFont.truetype(path, _REF_SIZE).getlength
    return lambda text: float(face.getlength(text, "", None, None, None)) / 64


def width_pt(text: str, size_pt: float, bold: bool = False) -> float:
    """Return the width of `text` on one line, in points."""
    return _ref_width(text, bold) * size_pt / _REF_SIZE


_KNOWN: dict[str, float] = {}
"""Widths an earlier build measured (`remember`), by `_key`: a build that finds every width it
needs here never loads Pillow or the fonts."""
_MEASURED: dict[str, float] = {}
"""Widths this process measured with the font, by `_key`."""


def _key(text: str, bold: bool) -> str:
    return ("B" if bold else "R") + text


def remember(widths: dict[str, float]) -> None:
    """Take `widths` (as `measured` returned them, from the same fonts and Pillow) as known."""
    _KNOWN.update(widths)
    _ref_width.cache_clear()


def measured() -> dict[str, float]:
    """Return the widths this process measured with the font and did not know before."""
    return dict(_MEASURED)


@lru_cache(maxsize=65536)
def _ref_width(text: str, bold: bool) -> float:
    # Shrinking to fit wraps the same text at several sizes, and a split slide is measured
    # again part by part: the same lines come back many times.
    key = _key(text, bold)
    width = _KNOWN.get(key)
    if width is None:
        width = _MEASURED[key] = _font(bold)(text.translate(_BREAKS))
    return width


@lru_cache(maxsize=4096)
def _words_width(text: str, bold: bool) -> float:
    """Return the width of `text` on one line as `wrap` adds it up, at 1 pt."""
    words = text.replace("\n", " ").split(" ")
    total = sum(_ref_width(w, bold) for w in words) + _ref_width(" ", bold) * (len(words) - 1)
    return total / _REF_SIZE


def wrap(text: str, size_pt: float, width_in: float, bold: bool = False) -> list[str]:
    """Return `text` broken into the lines it takes in a box `width_in` wide."""
    return list(_wrapped(text, size_pt, width_in, bold))


@lru_cache(maxsize=8192)
def _wrapped(text: str, size_pt: float, width_in: float, bold: bool) -> tuple[str, ...]:
    """Return the lines of `text` in a box `width_in` wide; the fit, the split of a slide and
    the checks ask again for the same text at the same size: the answer is kept.

    A line's width is the sum of its words' widths and the spaces between them: each word is
    measured once (the cache keeps it), so a long text wraps in time linear in its length, at
    every size it is tried at.
    """
    limit = width_in * _PT_PER_IN * _REF_SIZE / size_pt  # in the reference size's units
    space = _ref_width(" ", bold)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for word in paragraph.split(" "):
            width = _ref_width(word, bold)
            if line and used + space + width <= limit:
                line, used = f"{line} {word}", used + space + width
                continue
            if not line and width <= limit:
                line, used = word, width
                continue
            if line:
                lines.append(line)
            line, used = "", 0.0
            # A word wider than the box breaks between characters, as PowerPoint does.
            for char in word:
                step = _ref_width(char, bold)
                if used + step > limit and line:
                    lines.append(line)
                    line, used = "", 0.0
                line, used = line + char, used + step
        lines.append(line)
    return tuple(lines)


@record
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
        if not _surely_overflows(paragraphs, width_in, height_in_, scale) and (
            height_in(paragraphs, width_in, scale) <= height_in_
        ):
            return scale, True
        if scale - 0.05 < floor - 1e-9:
            return scale, False
        scale = round(scale - 0.05, 2)


def _surely_overflows(
    paragraphs: list[Paragraph], width_in: float, height_in_: float, scale: float
) -> bool:
    """Return whether `paragraphs` cannot fit at `scale` whatever their line breaks: a line holds
    at most the box's width of text, so a paragraph takes at least its width over the box's."""
    total = 0.0
    for index, para in enumerate(paragraphs):
        size = para.size_pt * scale
        room = (width_in - para.indent_in) * _PT_PER_IN
        if room <= 0:
            return False  # left to the wrap, which measures such a box exactly
        least = max(1, math.ceil(_words_width(para.text, para.bold) * size / room - 1e-9))
        total += least * size * LINE_PITCH + (para.space_before_pt * scale if index else 0.0)
    return total / _PT_PER_IN > height_in_
