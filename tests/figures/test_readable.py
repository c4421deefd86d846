"""Charts whose labels need more room than their figure gives: warned, or refused before drawing."""

from __future__ import annotations

import pytest

from deckgen.figures.readable import diagram_findings, findings
from deckgen.outline.model import Chart, Diagram, DiagramItem, Series

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


DIAGRAM_AT = ("sections", 0, "slides", 0, "diagram")


def diagram(kind: str, items: int, text: str, examples: list[str]) -> Diagram:
    return Diagram(
        kind=kind,
        items=[DiagramItem(name=f"Stage {i}", text=text, examples=examples) for i in range(items)],
    )


@pytest.mark.parametrize("kind", ["layers", "steps"])
@pytest.mark.parametrize(
    ("width", "height"), [(11.8, 4.7), (5.6, 4.7)], ids=["full-width", "beside-bullets"]
)
def test_a_diagram_of_a_talk_reads_well(kind, width, height):
    busy = diagram(kind, 5, "Where the data lands first, cleaned", ["Kafka", "Airflow", "dbt"])
    assert diagram_findings(busy, width, height, DIAGRAM_AT) == []


@pytest.mark.parametrize("kind", ["layers", "steps"])
def test_a_diagram_at_the_limits_is_refused_before_it_is_drawn(kind):
    # 8 items, each with 300 characters of text and 12 examples of 100: every list and text
    # within its limit, yet the drawing took 15-21 s to set them into overlapping lines.
    full = diagram(kind, 8, ("explain " * 40)[:299], [("ex " * 34)[:99]] * 12)
    found = diagram_findings(full, 11.8, 4.7, DIAGRAM_AT)
    assert [(f.path, f.severity) for f in found] == [((*DIAGRAM_AT, "items"), "error")]
    assert ": the diagram cannot be drawn readably; shorten the texts" in found[0].message


def test_a_crowded_card_is_a_warning():
    crowded = diagram("steps", 4, "A short description", ["An example of a few words"] * 12)
    found = diagram_findings(crowded, 4.5, 4.7, DIAGRAM_AT)
    assert [(f.path, f.severity) for f in found] == [((*DIAGRAM_AT, "items"), "warning")]
    assert found[0].message.endswith(
        ": they overlap; shorten the texts or the examples, or use fewer items"
    )
