"""`deckgen charts`: the pictures of a deck's figures, and what they cannot show."""

from __future__ import annotations

import pytest

from helpers import run, write_deck

NATIVE = """
title: T
theme: {charts: native}
sections:
  - title: S
    slides:
      - type: chart
        title: 성장 🚀
        source: 출처
        chart: {kind: bar, categories: [漢字, 시장], series: [{name: a, values: [1, 2]}]}
"""


@pytest.mark.slow
def test_charts_warns_of_characters_its_pictures_cannot_draw(tmp_path):
    # In the deck the chart is native (PowerPoint draws it, and `check` has nothing to say);
    # `charts` draws it as a picture, with its title above it when --titled.
    deck = write_deck(tmp_path, NATIVE)
    checked = run("check", str(deck), "--strict")
    assert checked.exit_code == 0, checked.output
    result = run("charts", str(deck), "--titled", "-o", str(tmp_path / "figs"))
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if ": warning: " in line]
    assert [line.split(": has")[0].split(" '")[0] for line in warnings] == [
        f"{deck}:7:16: warning: sections[0].slides[0].title:",
        f"{deck}:9:41: warning: sections[0].slides[0].chart.categories[0]:",
    ]
    assert "'🚀' (U+1F680)" in warnings[0] and "'漢' (U+6F22)" in warnings[1]
    untitled = run("charts", str(deck), "-o", str(tmp_path / "plain"))
    assert [line for line in untitled.output.splitlines() if ": warning: " in line] == warnings[1:]
