"""A slide's picture: the PNG as before and an SVG of the same figure, its words as text set in the
deck's faces first (docs/fonts.md, "Figures")."""

from __future__ import annotations

import hashlib
from xml.etree import ElementTree

import pytest

from deckgen.figures import draw
from deckgen.figures.draw import svgtext
from deckgen.figures.spec import FigureSpec, unpack
from deckgen.outline.model import Fonts
from figures.test_chart import spec_of
from helpers import run_python

SVG = "{http://www.w3.org/2000/svg}"
FAMILY = "'Segoe UI', 'Malgun Gothic', 'Deckgen Sans KR', sans-serif"
"""The faces of a deck whose theme names Segoe UI and Malgun Gothic, as its pictures list them."""
NOTE = "작은 막대 위에 붙은 꽤 길어서 두 줄로 나뉘는 메모입니다"
CHART = f"""
kind: bar
categories: [첫째 해, 둘째 해]
series: [{{name: 매출, values: [1, 5]}}]
unit: 억 달러
labels: true
annotations: [{{at: 첫째 해, text: {NOTE}}}]
"""


def with_faces(spec: FigureSpec, latin: str, east_asian: str) -> FigureSpec:
    """Return `spec` in a theme whose slides name `latin` and `east_asian`."""
    from dataclasses import replace

    theme = spec.theme.replace(fonts=Fonts(latin=latin, east_asian=east_asian))
    return replace(spec, theme=theme)


def texts(svg: bytes) -> list[ElementTree.Element]:
    """Return the text elements of `svg`."""
    return list(ElementTree.fromstring(svg).iter(f"{SVG}text"))


@pytest.fixture(scope="module")
def spec(tmp_path_factory) -> FigureSpec:
    return with_faces(spec_of(tmp_path_factory.mktemp("svg"), CHART), "Segoe UI", "Malgun Gothic")


def test_the_png_of_a_slides_picture_is_the_picture_as_before(spec):
    png, svg = unpack(draw.render(spec, "slide"))
    assert png == draw.render(spec, "png")
    root = ElementTree.fromstring(svg)
    assert (root.get("width"), root.get("height")) == (
        f"{spec.width * 72:g}pt",
        f"{spec.height * 72:g}pt",
    )


def test_every_word_is_text_in_the_decks_faces_first(spec):
    _png, svg = unpack(draw.render(spec, "slide"))
    found = texts(svg)
    words = {t.text for t in found}
    assert {"첫째 해", "둘째 해", "1억 달러", "5억 달러"} <= words
    assert any(w and "메모입니다" in w for w in words)  # the note, as text too
    for text in found:
        assert text.get("font-family") == FAMILY
        # Presentation attributes, the size in the picture's units: what PowerPoint reads.
        assert text.get("style") is None
        assert float(text.get("font-size", "")) >= 9
    root = ElementTree.fromstring(svg)
    assert root.find(f".//{SVG}use") is None  # no glyph drawn as an outline


def test_a_face_named_once_is_listed_once_and_quotes_are_safe():
    assert svgtext.family(["Malgun Gothic", "Malgun Gothic"], "Deckgen Sans KR") == (
        "'Malgun Gothic', 'Deckgen Sans KR', sans-serif"
    )
    assert svgtext.family(["맑은 고딕", "A'B\\"], "B") == "'맑은 고딕', 'AB', 'B', sans-serif"


def test_the_lines_of_a_centred_note_are_anchored_at_its_centre(spec):
    """matplotlib writes a block's lines left-anchored where the bundled face puts them: in a
    wider face a centred note would lean right. Each line is anchored at the block's centre."""
    _png, svg = unpack(draw.render(spec, "slide"))
    lines = [t for t in texts(svg) if t.text and (t.text in NOTE)]
    assert len(lines) == 2, [t.text for t in lines]
    assert {t.get("text-anchor") for t in lines} == {"middle"}
    assert float(lines[0].get("x")) == pytest.approx(float(lines[1].get("x")), abs=1e-4)


@pytest.mark.parametrize(
    ("values", "anchor"), [([3, 5], "start"), ([-3, 5], "end")], ids=["right-of-bar", "left-of-bar"]
)
def test_a_note_beside_its_bar_is_anchored_on_the_side_that_faces_it(tmp_path, values, anchor):
    """A note right of a bar's end starts there; one left of it (a bar below zero) ends there:
    set in a wider face, it grows away from the bar, not into it."""
    chart = f"""
    kind: barh
    categories: [첫째 해, 둘째 해]
    series: [{{name: 매출, values: {values}}}]
    annotations: [{{at: 첫째 해, text: 메모}}]
    """
    _png, svg = unpack(draw.render(spec_of(tmp_path, chart), "slide"))
    note = [t for t in texts(svg) if t.text == "메모"]
    assert [t.get("text-anchor") for t in note] == [anchor]


@pytest.mark.slow
def test_a_slides_picture_is_the_same_bytes_in_another_process(spec, tmp_path):
    blob = draw.render(spec, "slide")
    pickled = tmp_path / "spec.pickle"
    import pickle

    pickled.write_bytes(pickle.dumps(spec))
    code = (
        "import hashlib, pickle, sys; from deckgen.figures import draw; "
        f"spec = pickle.loads(open({str(pickled)!r}, 'rb').read()); "
        "print(hashlib.sha256(draw.render(spec, 'slide')).hexdigest())"
    )
    done = run_python("-c", code, PYTHONHASHSEED="7")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == hashlib.sha256(blob).hexdigest()


def test_an_exported_svg_keeps_its_words_as_outlines(spec):
    """`deckgen charts` SVGs are for posts and pages, read where neither the deck's faces nor
    the bundled one may be installed: the words are drawn as outlines, as before."""
    svg = draw.render(spec, "svg")
    assert texts(svg) == []
    assert ElementTree.fromstring(svg).find(f".//{SVG}use") is not None


def test_a_face_name_is_written_safely_into_the_svg(spec):
    odd = with_faces(spec, "R&D <Sans>", 'Say "Gothic"')
    _png, svg = unpack(draw.render(odd, "slide"))  # parses: the names are escaped
    assert {t.get("font-family") for t in texts(svg)} == {
        "'R&D <Sans>', 'Say \"Gothic\"', 'Deckgen Sans KR', sans-serif"
    }
