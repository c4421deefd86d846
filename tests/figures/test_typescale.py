"""Figure text on the deck's type scale, read from `deckgen charts` SVG exports of the talk and the
starter deck at 16:9 and 4:3: every text at least 14 pt at the size the slide shows its figure,
at a size the slides use too; no line ending in a separator; a navigator's names larger than the
rest of its text.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pptx.shapes.picture import Picture

from deckgen.figures import draw
from deckgen.figures.draw import text as measure
from deckgen.figures.spec import FigureSpec
from deckgen.layout import typescale
from deckgen.outline.model import Diagram, Theme
from helpers import TALK_LAYERS, run, sample_deck
from pptx import Presentation

pytestmark = pytest.mark.slow  # builds and exports the talk and the starter at two sizes

ROOT = Path(__file__).resolve().parents[2]
DECKS = [("talk", "16:9"), ("talk", "4:3"), ("starter", "16:9"), ("starter", "4:3")]
LEAST = typescale.SMALL
SCALE = {
    size
    for size in (
        typescale.DISPLAY,
        typescale.HERO,
        typescale.HEADLINE,
        typescale.BODY,
        typescale.NESTED,
        typescale.SECONDARY,
        typescale.SMALL,
    )
    if size >= LEAST
}
"""The sizes figure text may be shown at: the slides' own, none under 14 pt."""
SEPARATORS = ("·", "+", "→", "&", "/")
_TEXT = re.compile(
    r"<!-- (.*?) -->\s*<g (?:style=\"[^\"]*\" )?transform=\"translate\([^)]*\)"
    r"(?: rotate\([^)]*\))? scale\(([\d.]+) -[\d.]+\)\"",
    re.S,
)
_WIDTH = re.compile(r'<svg [^>]*width="([\d.]+)pt"')
_SVG_BLIP = "svgBlip"


def _svg_texts(svg: str) -> tuple[float, list[tuple[str, float]]]:
    """Return the width (inches) an exported SVG is drawn at and each line of text it sets, with
    its size in points (matplotlib writes a glyph run as a group scaled by size / 100)."""
    width = float(_WIDTH.search(svg).group(1)) / 72  # type: ignore[union-attr]
    return width, [(m.group(1), float(m.group(2)) * 100) for m in _TEXT.finditer(svg)]


def _shown_widths(pptx: Path) -> list[tuple[int, float]]:
    """Return the slide and the shown width (inches) of each drawn figure of a deck, in order:
    the pictures that carry an SVG (image files do not)."""
    shown = []
    for number, slide in enumerate(Presentation(str(pptx)).slides, start=1):
        for shape in slide.shapes:
            if isinstance(shape, Picture) and _SVG_BLIP in shape._element.xml:
                shown.append((number, shape.width / 914400))
    return shown


@pytest.fixture(scope="module", params=DECKS, ids=[f"{d}-{s.replace(':', 'x')}" for d, s in DECKS])
def exported(request, tmp_path_factory) -> list[tuple[str, int, list[tuple[str, float]]]]:
    """Return each figure of the deck: its file, its slide, and its texts with the size each
    is shown at on that slide."""
    name, size = request.param
    folder = tmp_path_factory.mktemp(name)
    deck = sample_deck(folder, name, size)
    for args in (("build", str(deck)), ("charts", "-f", "svg", str(deck))):
        result = run(*args)
        assert result.exit_code == 0, result.output
    svgs = sorted((folder / "out" / "charts").glob("*.svg"))
    shown = _shown_widths(folder / "out" / "deck.pptx")
    assert svgs and len(svgs) == len(shown)
    figures = []
    for svg, (slide, width) in zip(svgs, shown, strict=True):
        drawn, texts = _svg_texts(svg.read_text(encoding="utf-8"))
        assert texts, svg.name
        figures.append((svg.name, slide, [(t, s * width / drawn) for t, s in texts]))
    return figures


def test_every_figure_text_is_at_least_14_pt_as_shown(exported):
    small = [
        f"{name} (slide {slide}): {size:.1f} pt {text!r}"
        for name, slide, texts in exported
        for text, size in texts
        if size < LEAST - 0.05
    ]
    assert not small, "\n".join(small)


def test_every_figure_text_is_on_the_type_scale(exported):
    off = [
        f"{name} (slide {slide}): {size:.1f} pt {text!r}"
        for name, slide, texts in exported
        for text, size in texts
        if all(abs(size - step) > 0.05 for step in SCALE)
    ]
    assert not off, "\n".join(off)


def test_no_figure_line_ends_in_a_separator(exported):
    dangling = [
        f"{name} (slide {slide}): {text!r}"
        for name, slide, texts in exported
        for text, _size in texts
        if text.rstrip().endswith(SEPARATORS)
    ]
    assert not dangling, "\n".join(dangling)


def test_a_titled_export_sets_every_text_on_the_type_scale(tmp_path):
    """A `--titled` export stands on its own (a blog post): its headline, unit and source lines
    are on the scale too, none under 14 pt."""
    shutil.copy(ROOT / "deck.yaml", tmp_path / "deck.yaml")
    result = run("charts", "--titled", "-f", "svg", str(tmp_path / "deck.yaml"))
    assert result.exit_code == 0, result.output
    off = [
        f"{svg.name}: {size:.1f} pt {text!r}"
        for svg in sorted((tmp_path / "out" / "charts").glob("*.svg"))
        for text, size in _svg_texts(svg.read_text(encoding="utf-8"))[1]
        if size < LEAST - 0.05 or all(abs(size - step) > 0.05 for step in SCALE)
    ]
    assert not off, "\n".join(off)


NAVIGATORS = {"4:3": 5.07, "16:9": 6.89}
"""The width the talk's slides give a navigator beside its bullets, in inches."""


def _drawn(width: float, highlight: str | None, items=TALK_LAYERS):
    """Return the texts of the layers diagram drawn `width` x 4.7 inches."""
    from matplotlib import style

    spec = FigureSpec(Diagram(kind="layers", items=items, highlight=highlight), Theme(), width, 4.7)
    draw._load_fonts()
    with style.context(["default", draw.STYLE]):
        figure = draw._figure(spec)
        figure.draw_without_rendering()
    return figure, [t for t in figure.texts if t.get_text()]


@pytest.mark.parametrize(
    "highlight", [i.name for i in TALK_LAYERS], ids=[f"layer{n}" for n in range(1, 6)]
)
@pytest.mark.parametrize("size", list(NAVIGATORS), ids=["4x3", "16x9"])
def test_a_navigators_names_stay_larger_than_its_other_texts(size, highlight):
    # At 4:3 the navigators once shrank to 11.8-12.1 pt, their names no larger than the rest.
    _figure, texts = _drawn(NAVIGATORS[size], highlight)
    names = [t for t in texts if t.get_fontweight() == "bold"]
    rest = [t for t in texts if t.get_fontweight() != "bold"]
    assert len(names) == len(TALK_LAYERS)
    assert rest, "a navigator keeps more than its names"
    assert min(t.get_fontsize() for t in names) > max(t.get_fontsize() for t in rest)
    assert min(t.get_fontsize() for t in texts) >= LEAST


@pytest.mark.parametrize("size", list(NAVIGATORS), ids=["4x3", "16x9"])
def test_no_wrapped_figure_text_leaves_one_short_word_on_its_last_line(size):
    # "모델을 활용한 B2C / 서비스": balanced, "모델을 활용한 / B2C 서비스".
    _figure, texts = _drawn(NAVIGATORS[size], "모델")
    for text in texts:
        lines = text.get_text().split("\n")
        words = text.get_text().split()
        if len(lines) < 2 or len(words) < 3:
            continue  # "엔터프라이즈 / AI": no other break
        size_pt, bold = text.get_fontsize(), text.get_fontweight() == "bold"
        widest = max(measure.width_pt(line, size_pt, bold) for line in lines)
        last = lines[-1]
        short = len(last.split()) == 1 and measure.width_pt(last, size_pt, bold) < 0.35 * widest
        assert not short, text.get_text()


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("ChatGPT · Claude · Gemini", ["ChatGPT · Claude", "Gemini"]),
        ("1단계 · 도구 대체", ["1단계", "도구 대체"]),
        ("WWW + 모바일", ["WWW", "+\u00a0모바일"]),
    ],
    ids=["examples", "step-name", "plus"],
)
def test_a_line_breaks_at_a_separator_without_ending_in_it(text, lines):
    from matplotlib.figure import Figure

    draw._load_fonts()
    figure = Figure(dpi=72)
    widest = max(measure.width_pt(line, 20.0) for line in lines)
    assert measure.wrap(figure, text, 20.0, widest + 1) == lines
