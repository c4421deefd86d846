"""The validator: parsed YAML checked against the model, and the model's objects built from it."""

from __future__ import annotations

import datetime as dt

import pytest

from deckgen.model import ChartSlide, Deck, Event, Series, Table, TimelineSlide
from deckgen.validator import Issue, validate


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
            Issue(("when",), "expected text, got true/false (True); put it in quotes"),
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
        ([True], "expected a number, got true/false (True)"),
        (["1,500"], "expected a number, got text ('1,500')"),
        ([float("inf")], "expected a finite number, got inf"),
        ([10**400], "expected a finite number, got " + repr(10**400)),
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
        Issue(("rows", 1, 1), "expected text or a number, got a list (a list)"),
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
