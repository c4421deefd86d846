"""The validator: parsed YAML checked against the model, and the model's objects built from it."""

from __future__ import annotations

import datetime as dt

import pytest

from deckgen.outline.model import ChartSlide, Deck, Event, Series, Table, TimelineSlide
from deckgen.outline.validator import Issue, validate


def _deck(*slides: dict, **top: object) -> dict:
    return {"title": "T", "sections": [{"title": "S", "slides": list(slides)}], **top}


CHART = {
    "type": "chart",
    "title": "C",
    "chart": {
        "kind": "bar",
        "categories": [2023, "2024"],
        "series": [{"name": "s", "values": [1, "2.5"]}],
    },
}


def test_a_valid_deck_becomes_the_model_with_its_defaults():
    deck, issues = validate(Deck, _deck(CHART))
    assert issues == []
    assert isinstance(deck, Deck)
    slide = deck.sections[0].slides[0]
    assert isinstance(slide, ChartSlide)
    assert slide.chart.categories == ["2023", "2024"]  # years are labels
    assert slide.chart.series == [Series(name="s", values=[1.0, 2.5])]  # a quoted number counts
    assert (deck.lang, deck.theme.size, slide.hidden, slide.bullets) == ("en-US", "16:9", False, [])


def test_the_keys_the_deck_wrote_are_remembered():
    deck, _ = validate(Deck, _deck(CHART, theme={"colors": {"accent": "#112233"}}))
    assert deck is not None
    assert deck.keys_set == {"title", "sections", "theme"}
    assert deck.theme.keys_set == {"colors"}
    assert deck.theme.colors.keys_set == {"accent"}
    assert deck.theme.fonts.keys_set == set()
    # a copy keeps them, so a template fills only the keys the deck left out
    assert deck.theme.colors.replace(primary="#000000").keys_set == {"accent"}


def test_a_bullet_written_as_text_is_a_bullet():
    slide = {
        "type": "bullets",
        "title": "B",
        "bullets": ["one", {"text": "two", "bullets": ["three"]}],
    }
    deck, _ = validate(Deck, _deck(slide))
    assert deck is not None
    bullets = deck.sections[0].slides[0].bullets
    assert [b.text for b in bullets] == ["one", "two"]
    assert bullets[1].bullets[0].text == "three"


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (dt.date(2025, 3, 1), dt.date(2025, 3, 1)),
        (dt.datetime(2025, 3, 1), dt.date(2025, 3, 1)),
        ("2025년 3월", "2025년 3월"),
        (None, None),
    ],
    ids=["date", "midnight", "text", "none"],
)
def test_the_date_is_a_date_or_text(date, expected):
    deck, issues = validate(Deck, _deck(CHART, date=date))
    assert issues == []
    assert deck is not None and deck.date == expected


@pytest.mark.parametrize(
    ("data", "issue"),
    [
        (
            {"when": True, "label": "x"},
            Issue(("when",), "expected text, got true; put it in quotes"),
        ),
        (
            {"when": 2010, "label": "x", "x": 1},
            Issue(("x",), "unknown key 'x' (allowed: when, label, detail)", at_key=True),
        ),
        ({"label": "x"}, Issue((), "missing required key 'when'")),
        ("2010", Issue((), "expected a mapping of keys, got text ('2010')")),
    ],
    ids=["bool-is-not-text", "unknown-key", "missing-key", "not-a-mapping"],
)
def test_issues_say_where_and_what(data, issue):
    assert validate(Event, data) == (None, [issue])


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ([True], "expected a number, got true"),
        (["1,500"], "expected a number, got text ('1,500')"),
        ([float("inf")], "expected a finite number, got inf"),
        ([10**400], "expected a finite number, got 1000000000000000000000000000000000000..."),
    ],
    ids=["bool", "separator", "infinity", "past-float-range"],
)
def test_values_must_be_finite_numbers(values, message):
    assert validate(Series, {"name": "s", "values": values}) == (
        None,
        [Issue(("values", 0), message)],
    )


def test_every_problem_is_reported_not_only_the_first():
    table = {"columns": [], "rows": [["a", None], ["b", [1]]], "highlight": {"row": -1}}
    _, issues = validate(Table, table)
    assert issues == [
        Issue(("columns",), "needs at least 1 item, got 0"),
        Issue(("rows", 0, 1), "is empty; write text or a number"),
        Issue(("rows", 1, 1), "expected text or a number, got a list"),
        Issue(("highlight", "row"), "must be at least 0, got -1"),
    ]


def test_a_slide_is_told_apart_by_its_type():
    slide = {
        "type": "timeline",
        "title": "T",
        "events": [{"when": 1, "label": "a"}, {"when": "2", "label": "b"}],
    }
    deck, _ = validate(Deck, _deck(slide))
    assert deck is not None
    assert isinstance(deck.sections[0].slides[0], TimelineSlide)
    _, issues = validate(Deck, _deck({"type": "timelin", "title": "T"}))
    assert issues[0].path == ("sections", 0, "slides", 0, "type")
    assert issues[0].message.endswith("did you mean 'timeline'?")


def _cell(value: object) -> list[Issue]:
    return validate(Table, {"columns": ["a"], "rows": [[value]]})[1]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("a\x02", "control character U+0002 at position 2 cannot be stored in a .pptx; delete it"),
        (10**400, "expected a finite number, got 1000000000000000000000000000000000000..."),
        (float("nan"), "expected a finite number, got nan"),
        (True, "expected text or a number, got true; put it in quotes"),
        (None, "is empty; write text or a number"),
    ],
    ids=["control-character", "past-float-range", "nan", "bool", "null"],
)
def test_a_table_cell_says_what_is_wrong_with_it(value, message):
    assert _cell(value) == [Issue(("rows", 0, 0), message)]


@pytest.mark.parametrize(
    ("written", "read"),
    [("yes", True), ("Off", False), ("true", True), (0, False), (1, True)],
    ids=["yes", "off", "true-quoted", "zero", "one"],
)
def test_true_or_false_may_be_written_as_a_word_or_0_or_1(written, read):
    deck, issues = validate(
        Deck, _deck(CHART, sections=[{"title": "S", "divider": written, "slides": [CHART]}])
    )
    assert issues == []
    assert deck is not None and deck.sections[0].divider is read


def test_digits_of_other_scripts_are_not_numbers():
    issues = validate(Series, {"name": "s", "values": ["١٢", "５"]})[1]
    assert [i.message for i in issues] == [
        "expected a number, got text ('١٢')",
        "expected a number, got text ('５')",
    ]


@pytest.mark.parametrize(
    ("date", "message"),
    [
        (
            dt.datetime(2024, 1, 1, 10, 0),
            "got a date and time (2024-01-01 10:00:00); put it in quotes",
        ),
        (2010, "got a number (2010); put it in quotes"),
    ],
    ids=["with-a-time", "year"],
)
def test_a_date_that_is_neither_a_date_nor_text_is_named_as_yaml_wrote_it(date, message):
    _, issues = validate(Deck, _deck(CHART, date=date))
    assert issues == [Issue(("date",), f"expected a date or text, {message}")]


def test_a_midnight_with_a_time_zone_is_its_date():
    midnight = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
    deck, _ = validate(Deck, _deck(CHART, date=midnight))
    assert deck is not None and deck.date == dt.date(2024, 1, 1)


def test_a_slide_type_that_is_not_text_is_named():
    _, issues = validate(Deck, _deck({"type": ["bullets"], "title": "T"}))
    assert issues == [
        Issue(
            ("sections", 0, "slides", 0, "type"),
            "expected a slide type (one of bullets, quote, statement, stat, columns, timeline, "
            "chart, diagram, image, table), got a list",
        )
    ]


HUGE = 16**5000
"""A whole number past Python's 4,300-digit limit for writing it out (a hex `!!int` makes one)."""


@pytest.mark.parametrize(
    ("cls", "data", "message"),
    [
        (
            Deck,
            {"title": HUGE, "sections": [{"title": "S", "slides": [CHART]}]},
            "expected text, got a number (a number of about 6,021 digits); put it in quotes",
        ),
        (Event, {"when": HUGE, "label": "x"}, "expected text, got a number of about 6,021 digits"),
        (
            Series,
            {"name": "s", "values": [HUGE]},
            "expected a finite number, got a number of about 6,021 digits",
        ),
        (
            Table,
            {"columns": ["a"], "rows": [["x"]], "highlight": {"row": -HUGE}},
            "must be at least 0, got a number of about 6,021 digits",
        ),
    ],
    ids=["title", "timeline-when", "chart-value", "table-row"],
)
def test_a_number_too_long_to_write_out_is_named_by_its_size(cls, data, message):
    _, issues = validate(cls, data)
    assert [i.message for i in issues] == [message]


def test_an_unknown_key_too_long_to_write_out_is_named_by_its_size():
    _, issues = validate(Event, {"when": "2020", "label": "x", HUGE: 1})
    assert [i.message for i in issues] == [
        "unknown key 'a number of about 6,021 digits' (allowed: when, label, detail)"
    ]
