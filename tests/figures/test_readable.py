"""Charts whose labels need more room than their figure gives: warned, or refused before drawing."""

from __future__ import annotations

import pytest

from deckgen.figures.readable import findings
from deckgen.outline.model import Chart, Series

AT = ("sections", 0, "slides", 0, "chart")


def chart(
    kind: str = "bar", categories: int = 5, series: int = 1, name: str = "c", **more
) -> Chart:
    return Chart(
        kind=kind,
        categories=[f"{name}{i}" for i in range(categories)],
        series=[
            Series(name=f"s{s}", values=[float(i + 1) for i in range(categories)])
            for s in range(series)
        ],
        **more,
    )


@pytest.mark.parametrize("kind", ["bar", "barh", "stacked", "line"])
def test_a_chart_of_a_talk_reads_well(kind):
    assert findings(chart(kind, 8, 2, labels=True), 11.8, 4.7, AT) == []


def test_long_category_labels_side_by_side_are_refused():
    found = findings(chart("bar", 60, name="L" * 90), 11.8, 4.7, AT)
    assert [(f.path, f.severity) for f in found] == [((*AT, "categories"), "error")]
    assert found[0].message.startswith("60 category labels side by side need ")
    assert found[0].message.endswith(
        ": the chart cannot be drawn readably; shorten them, use fewer categories, or use "
        "kind: barh"
    )


def test_labels_that_need_a_little_more_room_than_they_get_overlap():
    found = findings(chart("bar", 40), 11.8, 4.7, AT)
    assert [(f.path, f.severity) for f in found] == [((*AT, "categories"), "warning")]
    assert "they overlap" in found[0].message


@pytest.mark.parametrize(
    ("made", "key"),
    [
        (chart("barh", 60), "categories"),
        (chart("barh", 5, name="W" * 99), "categories"),
        (chart("bar", 30, 10, labels=True), "labels"),
        (
            chart("line", 5, 8).replace(series=[Series(name="S" * 100, values=[1.0] * 5)] * 8),
            "series",
        ),
    ],
    ids=["barh-60-categories", "barh-long-labels", "300-value-labels", "long-series-names"],
)
def test_labels_past_twice_their_room_are_refused(made, key):
    found = findings(made, 11.8, 4.7, AT)
    assert ((*AT, key), "error") in [(f.path, f.severity) for f in found]
