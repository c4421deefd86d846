"""Chart and diagram options that span keys: names that must exist, honest axes, native limits."""

from __future__ import annotations

import pytest

from helpers import run, write_deck

CHART = """
title: T
lang: ko-KR
sections:
  - title: S
    slides:
      - type: chart
        title: C
        chart:
          kind: {kind}
          categories: [2023, 2024]
          series:
            - {{name: 매출, values: [1, 2]}}
          {extra}
"""


def chart_deck(folder, kind="bar", extra=""):
    return write_deck(folder, CHART.format(kind=kind, extra=extra))


@pytest.mark.parametrize(
    ("kind", "extra", "message"),
    [
        (
            "bar",
            "highlight: 2025",
            "deck.yaml:13:22: sections[0].slides[0].chart.highlight: '2025' is not a category "
            "of this chart; did you mean '2024'?",
        ),
        (
            "bar",
            "highlight: [2023, 매츨]",
            "deck.yaml:13:29: sections[0].slides[0].chart.highlight[1]: '매츨' is not a category "
            "of this chart (2023, 2024)",
        ),
        (
            "line",
            "sort: descending",
            "deck.yaml:13:17: sections[0].slides[0].chart.sort: sort orders bar and barh charts; "
            "a line chart keeps its categories in the order written (remove sort)",
        ),
        (
            "bar",
            "annotations: [{at: 2042, text: 두 배}]",
            "deck.yaml:13:30: sections[0].slides[0].chart.annotations[0].at: '2042' is not a "
            "category of this chart; did you mean '2024'?",
        ),
        (
            "line",
            "log: true\n          reference: {value: 0, label: 기준}",
            "deck.yaml:14:30: sections[0].slides[0].chart.reference.value: 0 cannot be drawn on "
            "a log axis; give a positive value",
        ),
        (
            "bar",
            "sort: up",
            "deck.yaml:13:17: sections[0].slides[0].chart.sort: 'up' is not one of descending, "
            "ascending",
        ),
        (
            "bar",
            "numbers: korea",
            "deck.yaml:13:20: sections[0].slides[0].chart.numbers: 'korea' is not one of korean, "
            "western; did you mean 'korean'?",
        ),
    ],
    ids=[
        "unknown-highlight",
        "unknown-in-a-list",
        "sort-on-a-line",
        "annotation-at-nothing",
        "reference-below-a-log-axis",
        "unknown-sort",
        "unknown-number-style",
    ],
)
def test_a_chart_option_that_names_nothing_is_a_located_error(tmp_path, kind, extra, message):
    deck = chart_deck(tmp_path, kind, extra)
    result = run("check", str(deck))
    assert result.exit_code == 1
    assert f"{tmp_path}/{message}" in result.stderr.splitlines()
    assert "Traceback" not in result.stderr


def test_a_series_name_is_a_highlight_only_with_several_series(tmp_path):
    two = CHART.replace(
        "- {{name: 매출, values: [1, 2]}}",
        "- {{name: 매출, values: [1, 2]}}\n            - {{name: 비용, values: [2, 1]}}",
    )
    deck = write_deck(tmp_path, two.format(kind="bar", extra="highlight: 비용"))
    assert run("check", "--strict", str(deck)).exit_code == 0
    deck = chart_deck(tmp_path, "bar", "highlight: 매출")
    result = run("check", str(deck))
    assert "'매출' is not a category of this chart (2023, 2024)" in result.stderr


def test_every_problem_of_the_new_keys_comes_in_one_run(tmp_path):
    extra = (
        "highlight: 2025\n          sort: ascending\n          annotations: [{at: 1999, text: x}]"
    )
    result = run("check", str(chart_deck(tmp_path, "line", extra)))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "3 errors in " + str(tmp_path / "deck.yaml")


@pytest.mark.parametrize("kind", ["bar", "barh", "stacked"])
def test_bars_on_a_log_axis_are_a_warning_that_fails_strict(tmp_path, kind):
    deck = chart_deck(tmp_path, kind, "log: true")
    loose, strict = run("check", str(deck)), run("check", "--strict", str(deck))
    assert loose.exit_code == 0
    assert strict.exit_code == 1
    assert (
        f"{deck}:13:16: warning: sections[0].slides[0].chart.log: bars on a log axis misstate "
        "how values compare (a bar ten times as long is drawn only a little longer); use kind: "
        "line for a log axis, or log: false"
    ) in strict.stderr.splitlines()


def test_a_line_on_a_log_axis_is_honest(tmp_path):
    assert run("check", "--strict", str(chart_deck(tmp_path, "line", "log: true"))).exit_code == 0


def test_a_native_chart_says_it_leaves_out_a_reference_across_horizontal_bars(tmp_path):
    extra = "reference: {value: 1.5, label: 평균}\n          render: native"
    result = run("check", str(chart_deck(tmp_path, "barh", extra)))
    assert result.exit_code == 0
    assert (
        "warning: sections[0].slides[0].chart.reference: a native chart cannot draw a reference "
        "line across horizontal bars, so it is left out; use kind: bar, or render: image"
    ) in result.stderr
    drawn = run("check", "--strict", str(chart_deck(tmp_path, "barh", extra.split("\n")[0])))
    assert drawn.exit_code == 0, drawn.stderr


def test_a_diagram_highlight_names_an_item(tmp_path):
    deck = write_deck(
        tmp_path,
        """
        title: T
        sections:
          - title: S
            slides:
              - type: diagram
                title: D
                diagram:
                  kind: layers
                  items: [{name: 모델}, {name: 인프라}]
                  highlight: 인프러
        """,
    )
    result = run("check", str(deck))
    assert result.exit_code == 1
    assert (
        f"{deck}:10:22: sections[0].slides[0].diagram.highlight: '인프러' is not an item of this "
        "diagram; did you mean '인프라'?"
    ) in result.stderr.splitlines()
    deck.write_text(deck.read_text(encoding="utf-8").replace("인프러", "인프라"), "utf-8")
    assert run("check", "--strict", str(deck)).exit_code == 0
