"""Problems and their messages: "did you mean" hints, bounded in the work they take."""

from __future__ import annotations

import difflib

import pytest

from deckgen.errors import (
    KEY_MAX,
    PROBLEM_LINES_MAX,
    DeckError,
    Problem,
    did_you_mean,
    format_path,
    hint_budget,
)


@pytest.mark.parametrize(
    ("word", "choices"),
    [
        ("categry", ["category", "series", "kind"]),
        ("statment", ["statement", "stat", "quote"]),
        ("zzz", ["category", "series"]),
        ("ab", ["ba", "ab", "abc"]),
        ("x" * 1000, ["x", "xx"]),
        ("", ["a"]),
        ("a", []),
    ],
    ids=["key", "close-pair", "none", "ties", "far-too-long", "empty-word", "no-choices"],
)
def test_the_hint_is_the_one_difflib_picks(word, choices):
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    assert did_you_mean(word, choices) == (f"; did you mean '{close[0]}'?" if close else "")


def test_hints_stop_when_the_budget_is_spent():
    names = [f"{'long name ' * 9}{i:04d}" for i in range(60)]
    misspelt = names[7][:-1] + "x"
    (close,) = difflib.get_close_matches(misspelt, names, n=1)
    with hint_budget(work=100 * 100 * 60 * 3):  # three lookups against 60 names of 100
        hints = [did_you_mean(misspelt, names) for _ in range(5)]
    assert hints[:3] == [f"; did you mean '{close}'?"] * 3
    assert hints[3:] == ["", ""]
    assert did_you_mean(misspelt, names) != ""  # outside a budget, every lookup is made


def _problems(errors: int, warnings: int, file: str = "deck.yaml") -> list[Problem]:
    found = [Problem(i + 1, 1, file, "title", "wrong") for i in range(errors)]
    return found + [
        Problem(errors + i + 1, 1, file, "title", "odd", "warning") for i in range(warnings)
    ]


def test_a_deck_of_many_problems_lists_the_first_then_counts_the_rest():
    lines = DeckError(_problems(249, 1)).format_message().splitlines()
    assert len(lines) == PROBLEM_LINES_MAX + 2
    assert lines[0] == "deck.yaml:1:1: title: wrong"
    assert lines[PROBLEM_LINES_MAX - 1] == f"deck.yaml:{PROBLEM_LINES_MAX}:1: title: wrong"
    assert lines[-2:] == [
        "... and 50 more (49 errors, 1 warning)",
        "249 errors, 1 warning in deck.yaml",
    ]


@pytest.mark.parametrize(
    ("errors", "warnings", "summary"),
    [(1, 0, "1 error"), (14, 1, "14 errors, 1 warning"), (2, 3, "2 errors, 3 warnings")],
    ids=["one-error", "with-a-warning", "with-warnings"],
)
def test_the_summary_counts_errors_and_warnings(errors, warnings, summary):
    lines = DeckError(_problems(errors, warnings)).format_message().splitlines()
    assert lines[-1] == f"{summary} in deck.yaml"


def test_the_summary_escapes_the_deck_file_name():
    name = "de\x1b[31mck\n.yaml"
    last = DeckError(_problems(1, 0, name)).format_message().splitlines()[-1]
    assert last == r"1 error in de\x1b[31mck\n.yaml"


def test_a_long_key_is_cut_in_the_path():
    path = ("sections", 0, "k" * 1000, "x")
    assert format_path(path) == "sections[0]." + "k" * (KEY_MAX - 3) + "....x"


def test_every_message_is_safe_for_a_terminal_line_by_line():
    from deckgen.errors import DeckgenError

    error = DeckgenError("first \x1b[31mred\x1b[0m line\nsecond\rline")
    assert error.format_message() == "first \\x1b[31mred\\x1b[0m line\nsecond\\rline"
