"""The rendered copy's lines: every paragraph broken where the fit measure breaks it."""

from __future__ import annotations

import pytest

from deckgen.layout import fit
from deckgen.layout.grid import Box
from deckgen.layout.lines import SLACK, broken, set_lines
from deckgen.layout.shapes import INSET, Para, TextShape
from deckgen.outline.markup import Run, parse

SENTENCE = "AI는 세상을 바꿀 겁니다. 2025-26년이 그 변곡점입니다."


def para(text: str, **kwargs) -> Para:
    return Para(parse(text).runs, 28, "text", **kwargs)


def test_lines_end_where_the_fit_ends_them():
    lines = fit.wrap(SENTENCE, 28, 4.0)
    assert len(lines) == 3
    assert broken(para(SENTENCE), 28, 4.0, False).text == "\n".join(lines)


def test_runs_keep_their_formatting_around_the_breaks():
    text = "AI는 세상을 바꿀 겁니다. ==2025-26년==이 그 변곡점입니다."
    runs = broken(para(text), 28, 4.0, False).runs
    assert [(r.text, r.highlight) for r in runs] == [
        ("AI는 세상을 바꿀 겁니다.\n", False),
        ("2025-26년", True),
        ("이 그\n변곡점입니다.", False),
    ]


def test_a_word_wider_than_the_box_is_cut_where_the_fit_cuts_it():
    word = "초" * 30
    lines = fit.wrap(word, 28, 2.0)
    assert len(lines) > 1
    assert broken(para(word), 28, 2.0, False).text == "\n".join(lines)


def test_a_paragraph_that_fits_and_breaks_of_its_own_are_kept():
    assert broken(para("짧은 글"), 28, 4.0, False) == para("짧은 글")
    own = Para((Run("하나\n둘"),), 28, "text")
    assert broken(own, 28, 4.0, False) == own


@pytest.mark.parametrize(
    ("align", "anchor", "left", "top"),
    [
        ("left", "top", 1.0, 1.0),
        ("center", "middle", 1.0 - 2 * SLACK, 1.0 - SLACK),
        ("right", "bottom", 1.0 - 4 * SLACK, 1.0 - 2 * SLACK),
    ],
)
def test_boxes_grow_away_from_their_alignment_and_anchor(align, anchor, left, top):
    # LibreOffice sets a line a little wider than the fit measures it, and squeezes the lines of
    # a box exactly as tall as they are: the copy's box has room, and its text stays put.
    shape = TextShape(Box(1.0, 1.0, 4.0, 2.0), (para(SENTENCE, align=align),), anchor=anchor)
    laid = _deck([shape])
    [wider] = set_lines(laid).plans[0].shapes
    assert wider.box == Box(
        pytest.approx(left),
        pytest.approx(top),
        pytest.approx(4.0 * (1 + SLACK)),
        pytest.approx(2.0 * (1 + SLACK)),
    )
    lines = fit.wrap(SENTENCE, 28, 4.0 - 2 * INSET)
    assert wider.paras[0].text == "\n".join(lines)


def test_a_scaled_box_is_broken_at_its_scale():
    shape = TextShape(Box(0, 0, 4.0, 2.0), (para(SENTENCE),), scale=0.5)
    [done] = set_lines(_deck([shape])).plans[0].shapes
    assert done.paras[0].text == "\n".join(fit.wrap(SENTENCE, 14, 4.0 - 2 * INSET))


def _deck(shapes):
    from deckgen.layout.deck import DeckLayout
    from deckgen.layout.grid import Grid
    from deckgen.layout.shapes import SlidePlan

    grid = Grid.for_size("16:9")
    return DeckLayout([SlidePlan("bullets", shapes)], [], grid, {})
