"""A built deck's figures: each a PNG every reader shows, with the SVG PowerPoint shows instead,
its words as text in the slide's faces (docs/fonts.md, "Figures")."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from helpers import A_NS, build, every_type_deck, is_picture, make_template, template_deck

SVG = "{http://www.w3.org/2000/svg}"
SVG_BLIP = "{http://schemas.microsoft.com/office/drawing/2016/SVG/main}svgBlip"
SVG_EXTENSION = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"


def figures(prs) -> list[tuple[object, object | None]]:
    """Return every picture of `prs`, in slide order, with its SVG part (None: a PNG alone)."""
    found = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if not is_picture(shape):
                continue
            blip = shape._element.find(f".//{A_NS}blip")
            extension = blip.find(f"{A_NS}extLst/{A_NS}ext[@uri='{SVG_EXTENSION}']")
            svg = None
            if extension is not None:
                svg = slide.part.related_part(extension.find(SVG_BLIP).get(EMBED))
            found.append((shape, svg))
    return found


def families(svg_part) -> set[str]:
    """Return the `font-family` of every text element of an SVG part."""
    root = ElementTree.fromstring(svg_part.blob)
    return {text.get("font-family", "") for text in root.iter(f"{SVG}text")}


@pytest.mark.slow
def test_every_drawn_figure_carries_an_svg_in_the_decks_faces(tmp_path):
    deck = every_type_deck(tmp_path)
    text = deck.read_text(encoding="utf-8")
    theme = "theme:\n  fonts: {latin: Segoe UI, east_asian: Malgun Gothic}\n"
    deck.write_text(text.replace("lang: ko-KR\n", f"lang: ko-KR\n{theme}", 1), encoding="utf-8")
    found = figures(build(deck))  # reopened with python-pptx; openxml-audit finds no error
    with_svg = [(shape, svg) for shape, svg in found if svg is not None]
    assert len(with_svg) == 6  # four charts, two diagrams; the photo is a PNG alone
    for shape, svg in with_svg:
        assert shape.image.content_type == "image/png"  # the fallback every reader shows
        assert svg.content_type == "image/svg+xml"
        assert families(svg) == {"'Segoe UI', 'Malgun Gothic', 'Deckgen Sans KR', sans-serif"}
    photo = [shape for shape, svg in found if svg is None]
    assert len(photo) == 1 and photo[0].image.content_type == "image/png"


@pytest.mark.slow
def test_on_a_template_the_figures_name_the_templates_faces(tmp_path):
    make_template(tmp_path / "company.pptx")  # body face Georgia; Hangul 맑은 고딕
    found = figures(build(template_deck(tmp_path)))
    svgs = [svg for _shape, svg in found if svg is not None]
    assert svgs
    for svg in svgs:
        assert families(svg) == {"'Georgia', '맑은 고딕', 'Deckgen Sans KR', sans-serif"}
