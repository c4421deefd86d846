"""A build starts the process that loads matplotlib first thing, before it loads the rest of
deckgen, and only when it will likely draw: the deck names a chart or diagram, none is cached."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from deckgen.commands import early
from helpers import run_python, write_deck

CHART = """
title: T
sections:
  - title: S
    slides:
      - type: chart
        title: C
        chart: {kind: bar, categories: [a, b], series: [{values: [1, 2]}]}
"""
BULLETS = """
title: T
sections:
  - title: S
    slides:
      - {type: bullets, title: B, bullets: [one, two]}
"""


@pytest.mark.parametrize(
    ("text", "cached", "likely"),
    [(CHART, False, True), (CHART, True, False), (BULLETS, False, False)],
    ids=["a chart, nothing cached", "a chart, figures cached", "no figure"],
)
def test_drawing_is_likely_for_a_figure_the_cache_lacks(tmp_path, text, cached, likely):
    deck = write_deck(tmp_path, text)
    cache = tmp_path / "out" / ".cache"
    cache.mkdir(parents=True)
    if cached:
        (cache / "0123.slide").write_bytes(b"picture")
    assert early.drawing_likely(deck, cache) is likely
    assert early.drawing_likely(deck, None) is (text == CHART)  # --no-cache


def test_no_deck_file_draws_nothing(tmp_path):
    assert early.drawing_likely(tmp_path / "missing.yaml", None) is False


CHILDREN = """
import os, sys
from pathlib import Path
from deckgen.commands import early
early.start_drawing(Path(sys.argv[1]))
pid = os.getpid()
children = open(f"/proc/{pid}/task/{pid}/children").read().split()
loaded = [m for m in ("deckgen.commands.build", "matplotlib") if m in sys.modules]
print(bool(children), loaded)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; forks")
@pytest.mark.parametrize(
    ("text", "started"), [(CHART, True), (BULLETS, False)], ids=["chart", "no figure"]
)
def test_the_fork_server_starts_before_the_build_loads(tmp_path: Path, text, started):
    deck = write_deck(tmp_path, text)
    done = run_python("-c", CHILDREN, str(deck))
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[0] == f"{started} []"
