"""Headlines in balanced lines, broken only between words."""

from __future__ import annotations

import pytest

from deckgen.layout import fit
from deckgen.layout.balance import balance, balanced_lines, whole_words
from deckgen.layout.grid import Box
from deckgen.layout.shapes import Para, TextShape
from deckgen.outline.markup import Run

STATEMENT = "AI는 세상을 바꿀 겁니다. 2025-26년이 그 변곡점입니다."


def test_a_two_line_headline_splits_near_its_middle():
    greedy = fit.wrap(STATEMENT, 40, 10.5, bold=True)
    lines = balanced_lines(STATEMENT, 40, 10.5, bold=True)
    assert len(greedy) == 2 and lines is not None and len(lines) == 2
    widths = [fit.width_pt(line, 40, bold=True) for line in lines]
    greedy_widths = [fit.width_pt(line, 40, bold=True) for line in greedy]
    # Greedy leaves a short last line; balanced lines differ by far less.
    assert abs(widths[0] - widths[1]) < abs(greedy_widths[0] - greedy_widths[1]) / 2
    assert lines == ["AI는 세상을 바꿀 겁니다.", "2025-26년이 그 변곡점입니다."]


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("짧은 제목", 10.0),  # one line: nothing to balance
        ("첫 줄\n둘째 줄", 2.0),  # the author's own breaks stand
        ("가" * 40, 3.0),  # a word wider than the box: no whole-word breaks exist
    ],
    ids=["one-line", "own-breaks", "overlong-word"],
)
def test_text_that_cannot_be_balanced_is_left_alone(text, width):
    assert balanced_lines(text, 40, width, bold=True) is None


def test_balance_breaks_between_words_and_keeps_the_runs_styles():
    runs = (
        Run("AI는 세상을 바꿀 겁니다. "),
        Run("2025-26년", highlight=True),
        Run("이 그 변곡점입니다."),
    )
    shape = TextShape(Box(1, 1, 10.6, 2), (Para(runs, 40, "primary", bold=True),))
    [para] = balance(shape).paras
    assert para.text == "AI는 세상을 바꿀 겁니다.\n2025-26년이 그 변곡점입니다."
    assert [run.highlight for run in para.runs] == [False, True, False]
    assert para.runs[1].text == "2025-26년"
    assert whole_words(STATEMENT, para.text.split("\n"))
