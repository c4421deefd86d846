"""Columns: short columns set a step larger, where every word still fits its line."""

from __future__ import annotations

import pytest
from pptx.enum.shapes import PP_PLACEHOLDER

from deckgen.layout.typescale import NESTED, SECONDARY
from helpers import assert_on_slide, build, run
from styles import look

SHORT = """
  - heading: 웹
    bullets: [Google, Amazon]
  - heading: 모바일
    bullets: [카카오톡, Instagram]
  - heading: AI
    bullets: [아직 없음, "다음 주인공은?"]
"""
LONG = """
  - heading: 웹
    bullets: [Google, Amazon, Naver, Yahoo, Daum]
  - heading: 모바일
    bullets: [카카오톡, Instagram]
"""
NESTED_POINTS = """
  - heading: 웹
    bullets: [{text: Google, bullets: [검색]}]
  - heading: 모바일
    bullets: [카카오톡]
"""
WIDE_WORD = """
  - heading: 하나
    bullets: [Kubernetes]
  - heading: 둘
    bullets: [가]
  - heading: 셋
    bullets: [나]
  - heading: 넷
    bullets: [다]
"""


def _sizes(prs):
    """Return the sizes (pt) the text under the title of the deck's columns slide is shown in,
    inherited from its layout or set on the run."""
    slide = prs.slides[1]
    return {
        look(shape, para, run).size
        for shape in slide.shapes
        if shape.has_text_frame
        and shape.is_placeholder
        and shape.placeholder_format.type == PP_PLACEHOLDER.BODY
        for para in shape.text_frame.paragraphs
        for run in para.runs
        if run.text.strip()
    }


@pytest.mark.parametrize(
    ("columns", "size", "expected"),
    [
        (SHORT, "16:9", NESTED),
        (SHORT, "4:3", NESTED),
        (LONG, "16:9", SECONDARY),
        (NESTED_POINTS, "16:9", SECONDARY),
        (WIDE_WORD, "4:3", SECONDARY),
    ],
    ids=["short", "short-4:3", "five-points", "nested", "word-too-wide-at-24"],
)
def test_short_columns_are_set_a_step_larger(slide_deck, columns, size, expected):
    deck = slide_deck(f"type: columns\ntitle: 열\ncolumns:{columns}", size)
    checked = run("check", str(deck), "--strict")
    assert checked.exit_code == 0, checked.output
    assert _sizes(build(deck)) == {expected}


@pytest.mark.parametrize("size", ["16:9", "4:3"])
def test_a_heading_too_long_for_its_column_is_reported_and_leaves_the_lists_their_room(
    slide_deck, size
):
    # The lists started under the tallest heading, however tall: past the slide's bottom, with
    # a negative height (PowerPoint repairs such a file).
    heading = "아주 긴 열 제목이 끝없이 이어진다 " * 100
    columns = (
        f'\n  - heading: "{heading}"\n    bullets: [a, b]\n  - heading: 짧음\n    bullets: [c]'
    )
    deck = slide_deck(f"type: columns\ntitle: 열\ncolumns:{columns}", size)
    checked = run("check", str(deck))
    assert checked.exit_code == 0, checked.output
    warnings = [line for line in checked.output.splitlines() if ": warning: " in line]
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith(
        f"{deck}:11:22: warning: sections[0].slides[0].columns[0].heading: "
    )
    assert "lines in a box that holds" in warnings[0]
    prs = build(deck)  # a sound package: every extent above zero
    assert_on_slide(prs)
    lists = [s for s in prs.slides[1].shapes if s.name.startswith("Column ")]
    assert len(lists) == 2
    assert all(s.height > 914400 for s in lists)  # inches of room for the points
