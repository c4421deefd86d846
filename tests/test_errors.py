"""Problems and their messages: "did you mean" hints, bounded in the work they take."""

from __future__ import annotations

import difflib

import pytest

from deckgen.errors import did_you_mean, hint_budget


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
