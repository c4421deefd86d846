"""The bundled font: which characters it can draw, read from its own cmap."""

from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont

from deckgen import fonts
from helpers import run_python


@pytest.mark.parametrize("bold", [False, True], ids=["regular", "bold"])
def test_coverage_is_the_fonts_own_cmap(bold):
    # fontTools (matplotlib's dependency) reads the same table its own way.
    best = TTFont(str(fonts.path(bold)), lazy=True)["cmap"].getBestCmap()
    assert fonts.coverage() == set(best)


@pytest.mark.parametrize(
    ("text", "lacking"),
    [
        ("AI 투자 1,500억 달러 (2024)", ""),
        ("漢字 시장", "漢字"),
        ("😀 좋아요 😀", "😀"),
        ("שלום", "שלום"),
        ("a\tb", "\t"),
        ("two\nlines", ""),  # a line break, not a character to draw
        ("cafe\u0301", ""),  # composed, "é" is in the font
        ("a\u200db\ufe0f\u200b", ""),  # joiners and selectors: dropped unseen by the shaper
        ("①②③ → ✓ ½ €", ""),
    ],
    ids=[
        "korean-and-latin",
        "hanja",
        "emoji-once",
        "hebrew",
        "tab",
        "line-break",
        "combining-accent",
        "invisible",
        "symbols",
    ],
)
def test_missing_names_each_character_the_font_cannot_draw_once(text, lacking):
    assert fonts.missing(text) == lacking


def test_the_coverage_is_read_without_fonttools_or_matplotlib():
    code = (
        "import sys; from deckgen import fonts; fonts.missing('漢'); "
        "print(sorted(m for m in ('fontTools', 'matplotlib', 'PIL') if m in sys.modules))"
    )
    done = run_python("-c", code, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
