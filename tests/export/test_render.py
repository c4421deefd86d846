"""The talk and the starter deck as `deckgen pdf` renders them, read as their audience sees them.

Each deck is rendered once per slide size (16:9 and 4:3) and measured with `render_check`: one
family on a line that mixes Hangul and Latin, no lines drawn over each other, no line broken
inside a Korean word, no space added between Hangul and Latin, titles clearly larger than
the text under them, no widow (a last line of one short word), no line ending in a separator and
no two-line headline broken away from a punctuation mark where a break after it balances.
"""

from __future__ import annotations

import pytest

from helpers import run, sample_deck
from render_check import Measures, measure

pytestmark = pytest.mark.requires("soffice")
DECKS = [("talk", "16:9"), ("talk", "4:3"), ("starter", "16:9"), ("starter", "4:3")]


@pytest.fixture(scope="module", params=DECKS, ids=[f"{d}-{s.replace(':', 'x')}" for d, s in DECKS])
def rendered(request, tmp_path_factory) -> tuple[str, Measures]:
    """Return which deck was rendered and what its PDF shows."""
    name, size = request.param
    folder = tmp_path_factory.mktemp(name)
    deck = sample_deck(folder, name, size)
    result = run("pdf", str(deck))
    assert result.exit_code == 0, result.output
    return name, measure(folder / "out" / "deck.pdf", folder / "out" / "deck.pptx")


def test_mixed_lines_are_set_in_one_family(rendered):
    name, found = rendered
    if name == "talk":
        assert found.mixed_lines > 50, found.summary()  # the measure sees the talk's lines
    assert found.two_family_share <= 0.02, found.two_families


def test_no_two_lines_overlap(rendered):
    assert rendered[1].overlaps == []


def test_no_line_breaks_inside_a_korean_word(rendered):
    assert rendered[1].broken_words == []


def test_hangul_and_latin_sit_without_an_added_gap(rendered):
    name, found = rendered
    if name == "talk":
        assert found.boundaries > 20, found.summary()
    assert found.gap_share <= 0.05, found.gaps


def test_titles_stand_above_the_text_under_them(rendered):
    assert rendered[1].title_ratio >= 1.3, rendered[1].summary()


def test_no_paragraph_ends_in_a_widow(rendered):
    name, found = rendered
    if name == "talk":
        assert found.paragraphs > 10, found.summary()  # the measure finds the wrapped paragraphs
    assert found.widows == []


def test_no_line_ends_in_a_separator(rendered):
    assert rendered[1].separators == []


def test_two_line_headlines_break_after_punctuation_where_that_balances(rendered):
    name, found = rendered
    if name == "talk":
        assert found.headlines > 5, found.summary()
    assert found.phrase_breaks == []
