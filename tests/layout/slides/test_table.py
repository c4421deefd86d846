"""Tables: columns as wide as their cells, numbers right-aligned however the YAML wrote them."""

from __future__ import annotations

import pytest
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu

from deckgen.layout import fit
from deckgen.layout.grid import Grid
from deckgen.layout.slides.table import (
    APART_EM,
    GUTTER_EM,
    PAD,
    fit_table,
    insets,
    is_number,
    numeric_column,
)
from deckgen.layout.typescale import BODY, NESTED
from helpers import build, run

INCH = 914400


def table_deck(slide_deck, columns, rows, size="16:9"):
    """Return a deck of one table slide with `columns` and `rows` (YAML flow lists)."""
    lines = "".join(f"    - {row}\n" for row in rows)
    return slide_deck(
        f"type: table\ntitle: 표\ntable:\n  columns: {columns}\n  rows:\n{lines}", size
    )


def table_of(prs):
    """Return the table of the deck's table slide (the second slide, after the title)."""
    return next(s for s in prs.slides[1].shapes if s.has_table).table


@pytest.mark.parametrize(
    ("cell", "number"),
    [
        pytest.param("1,200", True, id="thousands"),
        pytest.param("35%", True, id="percent"),
        pytest.param("1,500억", True, id="scale-word"),
        pytest.param("1,500억 달러", True, id="scale-word-and-unit"),
        pytest.param("$5", True, id="currency"),
        pytest.param("-3.2", True, id="negative"),
        pytest.param("\u22123.2", True, id="minus-sign"),
        pytest.param("2.5배", True, id="times"),
        pytest.param("30-100%", True, id="range"),
        pytest.param("**1,200**", True, id="bold"),
        pytest.param("약 200조 원", True, id="about"),
        pytest.param("2024년", False, id="year-is-a-date"),
        pytest.param("GPT-4", False, id="name-with-digit"),
        pytest.param("Ask us", False, id="words"),
        pytest.param("3단계", False, id="ordinal"),
    ],
)
def test_a_number_written_as_text_is_a_number(cell, number):
    assert is_number(cell) is number


@pytest.mark.parametrize(
    ("cells", "numeric"),
    [
        pytest.param(["1,200", "-", "35"], True, id="hyphen-is-blank"),
        pytest.param([1200, "\u2013", 3.5], True, id="en-dash-is-blank"),
        pytest.param(["\u2014", "", "2.5배"], True, id="em-dash-and-empty"),
        pytest.param(["-", "\u2014"], False, id="only-blanks"),
        pytest.param(["1,200", "Ask us"], False, id="a-word"),
    ],
)
def test_blanks_do_not_make_a_column_text(cells, numeric):
    assert numeric_column(cells) is numeric


def test_numbers_and_their_heading_are_right_aligned_typed_or_written(slide_deck):
    prs = build(
        table_deck(
            slide_deck,
            "[항목, 매출, 비중, 배수, 비고]",
            [
                '[가, 1200, "35%", "2.5배", 좋음]',
                '[나, "1,500억", "-", "\u2014", 보통]',
                '[다, "$5", "", "-3.2", 나쁨]',
            ],
        )
    )
    table = table_of(prs)
    aligned = [
        [cell.text_frame.paragraphs[0].alignment for cell in row.cells] for row in table.rows
    ]
    right, left = PP_ALIGN.RIGHT, PP_ALIGN.LEFT
    assert aligned == [[left, right, right, right, left]] * 4


@pytest.mark.parametrize("size", ["16:9", "4:3"])
def test_a_table_of_short_cells_takes_the_width_its_cells_need(slide_deck, size):
    # The talk's slide 38: two short columns used to be split 50/50 across the slide.
    prs = build(
        table_deck(
            slide_deck,
            "[영역, 대표 기업]",
            [
                "[DataLake, 'SnowFlake, DataBricks']",
                "[RAG, 'Pinecone, Supabase']",
                "[데이터 품질 관리, Scale AI]",
            ],
            size,
        )
    )
    frame = next(s for s in prs.slides[1].shapes if s.has_table)
    widths = [column.width / INCH for column in frame.table.columns]
    # A short table is set at the body size, as a short list is, where each cell stays on one
    # line: at 16:9; at 4:3 a step down, where the body size would be wider than the slide.
    points = frame.table.cell(1, 0).text_frame.paragraphs[0].runs[0].font.size.pt
    assert points == (BODY if size == "16:9" else NESTED)
    needed = [
        fit.width_pt("데이터 품질 관리", points) / 72 + PAD,
        fit.width_pt("SnowFlake, DataBricks", points) / 72 + PAD,
    ]
    gutter = GUTTER_EM * points / 72
    # The first column as wide as its cells need; the room they do not need goes to the last
    # text column, so that the table spans the grid as the figures and rules do.
    assert widths[0] == pytest.approx(needed[0] + gutter, abs=0.01)
    assert widths[1] > needed[1] + gutter
    assert frame.width == Emu(sum(column.width for column in frame.table.columns))
    grid = Grid.for_size(size)
    assert frame.width / INCH == pytest.approx(grid.inner(grid.content).width, abs=0.001)


def test_a_table_too_wide_for_one_line_per_cell_wraps_its_text_columns(slide_deck):
    long = "모델을 활용해 실제 서비스를 제공하는 B2C 영역의 여러 기업들"
    prs = build(
        table_deck(
            slide_deck,
            "[구분, 설명, 다른 설명, 값]",
            [f"[애플리케이션, {long}, {long}, '1,500억 달러']", "[인프라, 짧음, 짧음, '20%']"],
            "4:3",
        )
    )
    table = table_of(prs)
    widths = [column.width / INCH for column in table.columns]
    grid = Grid.for_size("4:3")
    assert sum(widths) == pytest.approx(grid.inner(grid.content).width, abs=0.01)
    size = table.cell(0, 0).text_frame.paragraphs[0].runs[0].font.size.pt
    # Numbers never wrap; no column is narrower than its longest word; the two long columns
    # share the room alike.
    assert widths[3] >= fit.width_pt("1,500억 달러", size) / 72 + PAD - 0.01
    assert widths[0] >= fit.width_pt("애플리케이션", size, bold=True) / 72 + PAD - 0.01
    assert widths[1] == pytest.approx(widths[2], abs=0.01)


@pytest.mark.requires("soffice")
def test_rendered_numbers_share_their_right_edge_with_their_heading(slide_deck, tmp_path):
    import pymupdf

    deck = table_deck(
        slide_deck,
        "[Plan, Users, Revenue]",
        ['[Free, 1200, "$0"]', '[Team, 340, "$4,080"]', '[Enterprise, 25, "-"]'],
    )
    result = run("pdf", str(deck))
    assert result.exit_code == 0, result.output
    frame = next(s for s in table_slide(tmp_path / "out" / "deck.pptx").shapes if s.has_table)
    with pymupdf.open(tmp_path / "out" / "deck.pdf") as document:
        words = {w[4]: w[2] for w in document[1].get_text("words")}  # word: its right edge
    users = [words[w] for w in ("Users", "1,200", "340", "25")]
    revenue = [words[w] for w in ("Revenue", "$0", "$4,080", "-")]
    assert max(users) - min(users) < 1.5, users
    assert max(revenue) - min(revenue) < 1.5, revenue
    # Numbers in the last column end at the cell margin: no empty band at the right.
    right = (frame.left + frame.width) / 12700
    assert right - max(revenue) == pytest.approx(7.2, abs=2.0)


def table_slide(pptx):
    """Return the table slide of the built deck at `pptx`."""
    from pptx import Presentation

    return Presentation(str(pptx)).slides[1]


NUMBERS_THEN_TEXT = ("[Plan, Users, Price]", ['[Free, 1200, "$0"]', "[Enterprise, 25, Ask us]"])
"""The starter's table: a number column, then a column of text."""


@pytest.mark.parametrize("size", ["16:9", "4:3"])
def test_text_after_a_number_column_starts_a_gutter_away(slide_deck, size):
    # "1,200" right-aligned and "$0" left-aligned were only the two cell margins apart (0.2 in,
    # half an em at the body size): "1,200 $0" read as one phrase.
    prs = build(table_deck(slide_deck, *NUMBERS_THEN_TEXT, size))
    table = table_of(prs)
    points = table.cell(1, 0).text_frame.paragraphs[0].runs[0].font.size.pt
    users, price = table.cell(1, 1), table.cell(1, 2)
    gap = (users.margin_right + price.margin_left) / INCH
    assert gap >= APART_EM * points / 72 - 0.001
    # The text still fits its column on one line, and the columns are as wide as before.
    for r, text in enumerate(["Price", "$0", "Ask us"]):
        cell = table.cell(r, 2)
        room = (table.columns[2].width - cell.margin_left - cell.margin_right) / INCH
        assert fit.width_pt(text, points, bold=r == 0) / 72 < room
    gutter = GUTTER_EM * points / 72
    natural = max(fit.width_pt("Price", points, bold=True), fit.width_pt("Ask us", points)) / 72
    natural += PAD
    # The last text column takes the room the cells do not need: at least its natural width.
    assert table.columns[2].width / INCH >= natural + gutter - 0.01
    # Columns other than text after numbers keep the cell margin.
    assert {table.cell(r, c).margin_left for r in range(3) for c in (0, 1)} == {Emu(91440)}


def test_a_table_with_no_air_keeps_its_widths_and_margins():
    # Where the columns wrap, a text column has no air to give: nothing moves, so a table
    # that fitted still fits.
    long = "모델을 활용해 실제 서비스를 제공하는 B2C 영역의 여러 기업들"
    grid = [["값", "설명"], ["1,500억 달러", long], ["20%", "짧음"]]
    bold = [[True, True], [False, False], [False, False]]
    content = Grid.for_size("4:3").content
    fitted = fit_table(grid, bold, (True, False), 3.0, content.height)
    assert fitted.fits
    assert sum(fitted.widths) == pytest.approx(3.0)
    assert insets(grid, bold, (True, False), fitted) == (0.0, 0.0)


@pytest.mark.requires("soffice")
def test_rendered_number_and_next_text_column_stand_apart(slide_deck, tmp_path):
    import pymupdf

    deck = table_deck(slide_deck, *NUMBERS_THEN_TEXT)
    result = run("pdf", str(deck))
    assert result.exit_code == 0, result.output
    slide = table_slide(tmp_path / "out" / "deck.pptx")
    table = next(s for s in slide.shapes if s.has_table).table
    points = table.cell(1, 0).text_frame.paragraphs[0].runs[0].font.size.pt
    with pymupdf.open(tmp_path / "out" / "deck.pdf") as document:
        words = {w[4]: (w[0], w[2]) for w in document[1].get_text("words")}  # word: left, right
    for number, text in [("Users", "Price"), ("1,200", "$0"), ("25", "Ask")]:
        gap = words[text][0] - words[number][1]
        assert gap >= APART_EM * points * 0.95, (number, text, gap)
