"""Native charts as LibreOffice renders them: Korean set without a gap, emphasis kept.

One `deckgen pdf` of a deck whose chart slides are native charts, read with PyMuPDF as
`render_check` reads the talk: LibreOffice's chart text has Asian/Western autospacing of its own,
which no .pptx attribute reaches ("2023 년 9 월", "B 사"); `export.charttext` turns it off.
"""

from __future__ import annotations

import pytest

from deckgen.figures import style
from deckgen.outline.model import Theme
from helpers import require, run, write_deck
from render_check import measure

pytestmark = pytest.mark.requires("soffice")

DECK = """
title: 네이티브 차트
lang: ko-KR
theme: {charts: native}
sections:
  - title: 차트
    slides:
      - type: chart
        title: 매출
        chart:
          kind: bar
          categories: ["2023년 9월", "2024년 6월"]
          series: [{name: 매출, values: [2000, 6000]}]
          unit: 억 달러
          labels: true
          highlight: 2024년 6월
          annotations: [{at: 2024년 6월, text: 1년 새 3배}]
      - type: chart
        title: 순위
        chart:
          kind: barh
          categories: [A사, B사, C사]
          series: [{name: 점유율, values: [41, 27, 12]}]
          unit: "%"
          labels: true
          reference: {value: 20, label: 평균}
"""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    folder = tmp_path_factory.mktemp("native")
    deck = write_deck(folder, DECK)
    result = run("pdf", str(deck))
    assert result.exit_code == 0, result.output
    return folder / "out"


def test_native_chart_text_has_no_gap_between_hangul_and_latin(rendered):
    found = measure(rendered / "deck.pdf", rendered / "deck.pptx")
    # "2023년 9월", "6,000억 달러", "1년 새 3배", "A사"...: every boundary the charts draw.
    assert found.boundaries >= 10, found.summary()
    assert found.gaps == [], found.gaps


def test_the_highlighted_value_keeps_its_emphasis(rendered):
    import pymupdf

    accent = int(style.label_color(Theme(), True).lstrip("#"), 16)
    with pymupdf.open(rendered / "deck.pdf") as document:
        spans = [
            span
            for page in document
            for block in page.get_text("dict")["blocks"]
            for line in block.get("lines", [])
            for span in line["spans"]
        ]
    value = next(s for s in spans if s["text"].strip() == "6,000억 달러")
    other = next(s for s in spans if s["text"].strip() == "2,000억 달러")
    assert value["color"] == accent
    assert other["color"] != accent


def test_the_warm_office_sets_native_chart_text_without_a_gap(rendered, tmp_path):
    """`serve`'s running LibreOffice renders the same deck without an .odp: it turns the charts'
    autospacing off through their own properties (`unobridge.unspace_charts`)."""
    from deckgen.export import office
    from pptx import Presentation

    require(office.uno_python() is not None, "needs a Python with LibreOffice's uno (python3-uno)")
    warm = office.start()
    assert isinstance(warm, office.WarmOffice)
    try:
        every = list(range(1, len(Presentation(str(rendered / "deck.pptx")).slides) + 1))
        (pdf, _numbers), *_ = warm.export(rendered / "deck.pptx", [every], tmp_path)
    finally:
        warm.close()
    found = measure(pdf, rendered / "deck.pptx")
    assert found.boundaries >= 10, found.summary()
    assert found.gaps == [], found.gaps
