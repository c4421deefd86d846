"""A figure slide as `deckgen pdf` renders it: the chart is there, whichever of its pictures
LibreOffice draws (7.4 draws the PNG; one that reads the SVG sets its words in the deck's face,
which the private fontconfig maps to the bundled one)."""

from __future__ import annotations

import pymupdf
import pytest

from helpers import run, write_deck
from pptx import Presentation

pytestmark = pytest.mark.requires("soffice")

DECK = """
title: 그림
lang: ko-KR
sections:
  - title: 차트
    slides:
      - type: chart
        title: 매출은 1년 새 다섯 배
        chart:
          kind: bar
          categories: [첫째 해, 둘째 해]
          series: [{name: 매출, values: [1, 5]}]
          unit: 억 달러
          labels: true
"""
EMU_PER_POINT = 12700


def test_the_chart_slide_shows_its_chart(tmp_path):
    deck = write_deck(tmp_path, DECK)
    result = run("pdf", str(deck))
    assert result.exit_code == 0, result.output
    prs = Presentation(str(tmp_path / "out" / "deck.pptx"))
    slide = next(s for s in prs.slides if any(sh.name.startswith("Figure") for sh in s.shapes))
    picture = next(sh for sh in slide.shapes if sh.name.startswith("Figure"))
    number = list(prs.slides).index(slide)
    with pymupdf.open(tmp_path / "out" / "deck.pdf") as pdf:
        page = pdf[number]
        spans = [
            span
            for block in page.get_text("dict")["blocks"]
            for line in block.get("lines", [])
            for span in line["spans"]
        ]
        images = page.get_image_info()
    box = [v / EMU_PER_POINT for v in (picture.left, picture.top, picture.width, picture.height)]
    labels = [s for s in spans if s["text"].strip() in ("첫째 해", "둘째 해")]
    if labels:  # the SVG, its words as text: in the face the slide's own text is set in
        title = next(s for s in spans if "다섯" in s["text"])
        assert {s["font"] for s in labels} == {title["font"]}
    else:  # the PNG, where the picture is
        assert len(images) == 1
        x0, y0, x1, y1 = images[0]["bbox"]
        assert x0 == pytest.approx(box[0], abs=1) and y0 == pytest.approx(box[1], abs=1)
        assert x1 - x0 == pytest.approx(box[2], abs=1) and y1 - y0 == pytest.approx(box[3], abs=1)
        assert (images[0]["width"], images[0]["height"]) == picture.image.size
