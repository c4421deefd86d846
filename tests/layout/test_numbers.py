"""How numbers read: western, or Korean with 만, 억, 조 (the unit stated once either way)."""

from __future__ import annotations

import pytest

from deckgen.layout.numbers import (
    format_value,
    labels,
    reference_text,
    split_unit,
    style_for,
    systems,
    unit_line,
    unit_words,
)


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
        (5, "조회", "5 조회"),
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
        ([2000, 6000], "억 달러", "western", ["2,000억 달러", "6,000억 달러"]),
        ([32000, 1000000], " 토큰", "korean", ["3.2만 토큰", "100만 토큰"]),
        ([10, 2.3], "억 달러", "korean", ["10억 달러", "2.3억 달러"]),
        ([12, 45], "%", "korean", ["12%", "45%"]),
    ],
    ids=["eok-dollars", "korean-tokens", "korean-eok-dollars", "symbol"],
)
def test_every_label_carries_the_whole_unit(values, unit, numbers, texts):
    assert labels(values, unit, numbers) == texts


@pytest.mark.parametrize(
    ("values", "unit", "numbers"),
    [
        ([2000, 32000, 128000, 1000000], " 토큰", "korean"),
        ([2000, 32000, 128000, 1000000], " 토큰", "western"),
        ([2000, 6000, 15000], "억 달러", "korean"),
        ([0.5, 3.2, 140], "M", "western"),
    ],
    ids=["korean-tokens", "western-tokens", "eok-to-jo", "western-scale-letter"],
)
def test_the_labels_of_one_chart_share_one_scale_system_and_unit_style(values, unit, numbers):
    texts = labels(values, unit, numbers)
    assert len(systems(texts) - {"plain"}) <= 1, texts
    words = unit_words(unit, numbers)
    assert all(text.endswith(words) for text in texts), texts  # the unit on every label


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (217, "GW", "217 GW"),
        (2000, "토큰", "2,000 토큰"),
        (2000, " 토큰", "2,000 토큰"),
        (2000, "억 달러", "2,000억 달러"),
        (5, "배", "5배"),
        (10, "명", "10명"),
        (12.5, "%", "12.5%"),
        (140, "M", "140M"),
        (32000, "만원", "3.2억원"),
        (5000, "억 원", "5,000억 원"),
    ],
    ids=[
        "si-unit",
        "unit-word",
        "unit-word-spaced",
        "scale-word",
        "times",
        "counter",
        "percent",
        "scale-letter",
        "won",
        "won-spaced-after-eok",
    ],
)
def test_a_unit_word_stands_apart_and_a_counter_or_symbol_attaches(value, unit, text):
    numbers = "korean" if unit in ("만원",) else "western"
    assert format_value(value, unit, numbers) == text


@pytest.mark.parametrize(
    ("label", "value", "unit", "text"),
    [
        ("Target", 150, "M", "Target 150M"),
        ("평균", 2000, "억 달러", "평균 2,000억 달러"),
        ("목표 4,000억 원", 4000, "억 원", "목표 4,000억 원"),
    ],
    ids=["adds-the-value", "korean", "already-says-it"],
)
def test_a_reference_line_says_its_value(label, value, unit, text):
    assert reference_text(label, value, unit, "western") == text


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
    # Labels that each carry the unit leave nothing for the line to say.
    assert unit_line("억 달러", "korean", "ko-KR", labelled=True) == ""
