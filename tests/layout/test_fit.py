"""The fit's measure: the widths Pillow's ImageFont gives for the bundled face."""

from __future__ import annotations

import pytest
from PIL import ImageFont

from deckgen import fonts
from deckgen.layout import fit


@pytest.mark.parametrize("bold", [False, True], ids=["regular", "bold"])
@pytest.mark.parametrize(
    "text",
    ["AI 산업의 운명이", "Microsoft Azure", "WWW + 하드웨어", "1조\u00a0달러", "“…”", " "],
    ids=["hangul", "latin", "mixed", "no-break-space", "quotes", "space"],
)
def test_widths_are_pillows_to_the_last_bit(text, bold):
    face = ImageFont.truetype(str(fonts.path(bold)), 100)
    assert fit.width_pt(text, 100, bold) == face.getlength(text)
