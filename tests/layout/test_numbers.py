"""How numbers read: western, or Korean with 만, 억, 조 (the unit stated once either way)."""

from __future__ import annotations

import pytest

from deckgen.layout.numbers import format_value, labels, split_unit, style_for, unit_line


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (32000, "", "3.2만"),
        (1000000, " 토큰", "100만 토큰"),
        (15000, "억 달러", "1.5조 달러"),
        (2000, "억 달러", "2,000억 달러"),
        (123456789, "", "1.23억"),
        (99999999, "", "1억"),
        (9999, "", "9,999"),
        (-32000, "만원", "-3.2억원"),
        (0.25, " 토큰", "0.25 토큰"),
        (1500.5, "억 달러", "1,500.5억 달러"),
        (5, "조회", "5조회"),
    ],
    ids=[
        "man",
        "million-tokens",
        "eok-unit-continues-to-jo",
        "within-the-units-scale",
        "eok",
        "rounds-up-to-the-next-word",
        "under-10000",
        "negative-man-won",
        "fraction",
        "decimals-kept",
        "not-a-scale-word",
    ],
)
def test_korean_numbers_read_by_scale_words(value, unit, text):
    assert format_value(value, unit, "korean") == text


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [(32000, " 토큰", "32,000 토큰"), (15000, "억 달러", "15,000억 달러"), (12.5, "%", "12.5%")],
    ids=["tokens", "eok", "percent"],
)
def test_western_numbers_keep_their_digits(value, unit, text):
    assert format_value(value, unit) == text


def test_a_label_without_its_unit_keeps_the_scale_word():
    assert format_value(6000, "억 달러", with_unit=False) == "6,000억"
    assert format_value(1000000, " 토큰", "korean", with_unit=False) == "100만"


@pytest.mark.parametrize(
    ("values", "unit", "numbers", "texts"),
    [
        ([2000, 6000], "억 달러", "western", ["2,000억 달러", "6,000억"]),
        ([32000, 1000000], " 토큰", "korean", ["3.2만 토큰", "100만"]),
        ([12, 45], "%", "korean", ["12%", "45%"]),
    ],
    ids=["unit-once", "korean-unit-once", "symbol-on-every-label"],
)
def test_labels_state_the_unit_once(values, unit, numbers, texts):
    assert labels(values, unit, numbers) == texts


@pytest.mark.parametrize(
    ("unit", "split"),
    [
        ("억 달러", (8, "억", " 달러")),
        ("만원", (4, "만", "원")),
        ("조", (12, "조", "")),
        (" 토큰", (0, "", " 토큰")),
        ("조회", (0, "", "조회")),
    ],
    ids=["eok-dollars", "man-won", "jo-alone", "spaced-word", "word-starting-with-jo"],
)
def test_a_unit_may_start_with_a_scale_word(unit, split):
    assert split_unit(unit) == split


@pytest.mark.parametrize(
    ("numbers", "lang", "style"),
    [
        (None, "ko-KR", "korean"),
        (None, "ko", "korean"),
        (None, "en-US", "western"),
        ("western", "ko-KR", "western"),
        ("korean", "en-US", "korean"),
    ],
    ids=["ko-KR", "ko", "en-US", "opt-out", "opt-in"],
)
def test_a_korean_deck_reads_korean_numbers_unless_told(numbers, lang, style):
    assert style_for(numbers, lang) == style


def test_the_unit_line_speaks_the_decks_language():
    assert unit_line("억 달러", "korean", "ko-KR") == "단위: 달러"
    assert unit_line("억 달러", "western", "ko-KR") == "단위: 억 달러"
    assert unit_line("M", "western", "en-US") == "Unit: M"
    assert unit_line("", "western", "en-US") == ""
