"""A build's figures drawn in the background: every figure handed on as it arrives."""

from __future__ import annotations

import threading

import pytest

from deckgen.commands.build import drawn_figures, prepare
from deckgen.figures.pool import Drawing
from deckgen.procs import available_cpus
from helpers import write_deck

DECK = """
title: 그림 둘
lang: ko-KR
sections:
  - title: 그림
    slides:
      - type: chart
        title: 매출
        chart: {kind: bar, categories: [2023, 2024], series: [{name: 매출, values: [10, 20]}]}
      - type: diagram
        title: 단계
        diagram: {kind: steps, items: [{name: 하나}, {name: 둘}]}
"""


@pytest.mark.slow
def test_each_figure_drawn_in_the_background_is_handed_on_as_it_arrives(tmp_path):
    if available_cpus() < 2:
        pytest.skip("a build draws in the background only with two CPUs or more")
    prepared = prepare(write_deck(tmp_path, DECK))
    specs = [prepared.figure_specs()[i] for i in drawn_figures(prepared)]
    arrived: list[bytes] = []
    threads: set[str] = set()

    def keep(data: bytes) -> None:
        arrived.append(data)
        threads.add(threading.current_thread().name)

    with Drawing(specs, "slide", background=True, arrived=keep) as drawing:
        drawn = [drawing.get(i) for i in range(len(specs))]
    assert sorted(arrived) == sorted(drawn)
    assert threading.main_thread().name not in threads  # handed on while the build works
