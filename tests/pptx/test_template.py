"""`theme.template`: decks built on a company template's master, layouts and theme."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches

from helpers import (
    ACCENT1,
    ACCENT2,
    DARK1,
    TEMPLATE_TEXT,
    as_potx,
    build,
    every_type_deck,
    make_template,
    run,
    template_deck,
    write_deck,
)
from styles import look


def theme_xml(prs) -> str:
    return prs.slide_master.part.part_related_by(RT.THEME).blob.decode()


def slot(xml: str, name: str) -> str:
    return re.search(rf'<a:{name}>\s*<a:(?:srgbClr val|sysClr [^>]*lastClr)="(\w+)"', xml).group(1)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("template")
    make_template(folder / "company.pptx")
    return build(template_deck(folder)), folder


def test_every_slide_uses_a_template_layout_by_its_role(built):
    prs, _ = built
    used = [slide.slide_layout.name for slide in prs.slides]
    # The title and closing slides on its title slide layout, dividers on its section header,
    # bullets, figures and tables on "Title and Content", a figure with takeaways on "Two
    # Content", two columns on "Comparison", a picture with its caption on "Picture with
    # Caption".
    by_role = {"Title and Content", "Two Content", "Comparison", "Picture with Caption"}
    assert used[0] == used[-1] == "Acme Cover"
    assert used[1] == "Acme Divider"
    assert by_role <= set(used)
    # Statements, quotes, stats and timelines on layouts deckgen adds to the template's
    # master, made from its title-only layout: they keep its title, footer and number.
    template_layouts = {layout.name for layout in prs.slide_layouts}
    added = set(used) - {"Acme Cover", "Acme Divider", *by_role}
    assert added == {
        "Quote, No Title",
        "Statement, No Title",
        "Stat, No Title",
        "Timeline, 2 Events",
    }
    assert set(used) <= template_layouts
    headline = prs.slide_layouts.get_by_name("Acme Headline")
    for name in added:
        layout = prs.slide_layouts.get_by_name(name)
        assert layout.slide_master == headline.slide_master
        kinds = {ph.placeholder_format.type for ph in layout.placeholders}
        furniture = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}
        assert furniture <= kinds, name


def test_the_templates_own_slides_are_gone(built):
    prs, folder = built
    assert len(prs.slides) == 18
    data = (folder / "out" / "deck.pptx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            assert TEMPLATE_TEXT.encode() not in archive.read(name), name


def test_template_colours_and_font_are_used_when_the_deck_sets_none(built):
    prs, _ = built
    xml = theme_xml(prs)
    assert (slot(xml, "accent1"), slot(xml, "accent2"), slot(xml, "dk1")) == (
        ACCENT1,
        ACCENT2,
        DARK1,
    )
    title_slide = prs.slides[0]
    assert title_slide.background._cSld.bg is None  # the template's own cover background
    title = prs.slides[2].shapes.title
    seen = look(title, title.text_frame.paragraphs[0])
    assert seen.color == DARK1  # the template's title colour: its text colour, dk1
    assert seen.latin == "Calibri"  # the theme's headings font
    assert seen.east_asian  # Hangul still names a face
    body = next(s for s in prs.slides[2].shapes if s.is_placeholder and s != title)
    assert look(body, body.text_frame.paragraphs[0]).latin == "Georgia"  # its body font


@pytest.mark.slow
def test_deck_colours_and_fonts_win_where_set(tmp_path):
    make_template(tmp_path / "company.pptx")
    deck = template_deck(tmp_path, 'colors: {accent: "#123456"}\nfonts: {latin: Arial}')
    prs = build(deck)
    xml = theme_xml(prs)
    assert slot(xml, "accent2") == "123456"  # set by the deck
    assert slot(xml, "accent1") == ACCENT1  # left to the template
    assert re.search(r'<a:minorFont>\s*<a:latin typeface="Arial"', xml)
    title = prs.slides[2].shapes.title
    assert look(title, title.text_frame.paragraphs[0]).latin == "Arial"
    [highlight] = [
        look(sh, p, r)
        for s in prs.slides
        for sh in s.shapes
        if sh.has_text_frame
        for p in sh.text_frame.paragraphs
        for r in p.runs
        if r.text == "2025-26년"
    ]
    assert highlight.color == "123456"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("template_size", "deck_size", "expected"),
    [
        pytest.param((10, 5.625), "", (13.333, 7.5), id="16:9-template"),
        pytest.param((10, 7.5), "", (10.0, 7.5), id="4:3-template"),
        pytest.param((13.333, 7.5), "size: '4:3'", (10.0, 7.5), id="deck-size-wins"),
    ],
)
def test_slide_size_comes_from_the_template_unless_set(
    tmp_path, template_size, deck_size, expected
):
    make_template(tmp_path / "company.pptx", width=template_size[0], height=template_size[1])
    prs = build(template_deck(tmp_path, deck_size))
    assert (
        round(Emu(prs.slide_width).inches, 3),
        round(Emu(prs.slide_height).inches, 3),
    ) == expected
    for layout in prs.slide_layouts:
        for shape in layout.placeholders:
            if shape.left is not None:
                assert shape.left + shape.width <= prs.slide_width + Inches(0.01)
                assert shape.top + shape.height <= prs.slide_height + Inches(0.01)


@pytest.mark.slow
def test_default_layouts_fit_a_widened_slide(tmp_path):
    # Without a template the 4:3 default is widened to 16:9; layouts a user picks in PowerPoint
    # ("New Slide") must still fit, including placeholders that inherit the master's position.
    prs = build(every_type_deck(tmp_path))
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)  # PowerPoint's 16:9
    for layout in prs.slide_layouts:
        for shape in layout.placeholders:
            assert shape.left + shape.width <= prs.slide_width + Inches(0.01), (
                layout.name,
                shape.name,
            )


@pytest.mark.slow
def test_layout_names_are_configurable(tmp_path):
    make_template(tmp_path / "company.pptx")
    prs = build(template_deck(tmp_path, "layouts: {content: title and content}"))
    assert prs.slides[2].slide_layout.name == "Title and Content"
    assert prs.slides[0].slide_layout.name == "Acme Cover"
    assert prs.slides[2].shapes.title.text_frame.text == "글머리표"


@pytest.mark.slow
def test_slides_of_a_role_the_template_lacks_get_layouts_made_from_its_title_only(tmp_path):
    make_template(tmp_path / "company.pptx")
    theme = "layouts: {content: title and content, two: Acme Headline}"
    prs = build(template_deck(tmp_path, theme))
    used = {slide.slide_layout.name for slide in prs.slides}
    # "Acme Headline" has no content placeholders: the figure with takeaways gets deckgen's.
    assert "Figure with Text" in used and "Two Content" not in used
    made = prs.slide_layouts.get_by_name("Figure with Text")
    kinds = sorted(str(ph.placeholder_format.type).split()[0] for ph in made.placeholders)
    # The title, date, footer and number of "Title and Content", not its content placeholder:
    # the design's figure, caption and takeaways instead.
    base = prs.slide_layouts.get_by_name("Title and Content")
    assert len(made.placeholders) == len(base.placeholders) - 1 + 3, kinds


def test_check_lists_where_slides_depart_from_the_templates_boxes(tmp_path):
    make_template(tmp_path / "company.pptx")
    deck = template_deck(tmp_path)
    long = ", ".join(f"point {n} with several more words in it" for n in range(9))
    text = deck.read_text(encoding="utf-8").replace(
        "sections:\n",
        "sections:\n  - title: Long\n    slides:\n      - type: columns\n        title: Two\n"
        f"        columns:\n          - {{heading: A, bullets: [{long}]}}\n"
        "          - {heading: B, bullets: [b]}\n",
        1,
    )
    deck.write_text(text, encoding="utf-8")
    result = run("check", str(deck))
    assert result.exit_code == 0, result.output
    assert "the column 1: text shrunk to" in result.output
    assert "fit the template's box" in result.output


@pytest.mark.slow
def test_a_potx_template_loads(tmp_path):
    make_template(tmp_path / "company.pptx")
    as_potx(tmp_path / "company.pptx", tmp_path / "company.potx")
    (tmp_path / "company.pptx").unlink()
    prs = build(template_deck(tmp_path, template="company.potx"))
    assert prs.slides[0].slide_layout.name == "Acme Cover"
    assert len(prs.slides) == 18


def test_template_builds_are_byte_identical(tmp_path):
    make_template(tmp_path / "company.pptx")
    deck = template_deck(tmp_path, "charts: native")
    first, second = tmp_path / "a.pptx", tmp_path / "b.pptx"
    assert run("build", str(deck), "-o", str(first)).exit_code == 0
    assert run("build", str(deck), "-o", str(second), "--no-cache").exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def _check(deck: Path) -> tuple[int, list[str]]:
    result = run("check", str(deck))
    return result.exit_code, [line for line in result.output.splitlines() if "theme" in line]


@pytest.mark.parametrize(
    ("setup", "theme", "message"),
    [
        pytest.param(
            None,
            "",
            "theme.template: 'company.pptx' does not exist; its path is read relative to the "
            "deck's folder ({folder})",
            id="missing",
        ),
        pytest.param(
            lambda f: (f / "company.pptx").write_text("not a zip"),
            "",
            "theme.template: 'company.pptx' is not a PowerPoint file (not a zip archive); "
            "save it from PowerPoint as .pptx or .potx",
            id="not-a-zip",
        ),
        pytest.param(
            lambda f: zipfile.ZipFile(f / "company.pptx", "w").writestr(
                "word/document.xml", "<w/>"
            ),
            "",
            "theme.template: 'company.pptx' is a zip archive without ppt/presentation.xml: "
            "not a PowerPoint file",
            id="zip-without-presentation",
        ),
        pytest.param(
            lambda f: (f / "company.pptx").mkdir(),
            "",
            "theme.template: 'company.pptx' is not a file",
            id="folder",
        ),
        pytest.param(
            lambda f: make_template(f / "company.pptx"),
            "layouts: {content: Acme Headlines}",
            "theme.layouts.content: 'Acme Headlines' is not a layout of company.pptx; "
            "did you mean 'Acme Headline'?",
            id="unknown-layout",
        ),
        pytest.param(
            lambda f: make_template(f / "company.pptx"),
            "layouts: {section: Blank}",
            "theme.layouts.section: layout 'Blank' has no title placeholder, so screen readers "
            "would find no slide title; choose a layout with a title",
            id="layout-without-title",
        ),
    ],
)
def test_unusable_templates_are_located_errors(tmp_path, setup, theme, message):
    if setup:
        setup(tmp_path)
    code, lines = _check(template_deck(tmp_path, theme))
    assert code == 1
    assert len(lines) == 1
    said = re.fullmatch(r".*deck\.yaml:\d+:\d+: (.*)", lines[0]).group(1)
    assert said == message.replace("{folder}", str(tmp_path))


@pytest.mark.parametrize(
    ("template", "message"),
    [
        pytest.param(
            "company.key",
            "'company.key' is not a .pptx or .potx file; save the template as one of them",
            id="suffix",
        ),
        pytest.param(
            "../company.pptx",
            "'../company.pptx' points outside the deck's folder; "
            "copy the file next to the deck (or pass --allow-outside)",
            id="outside",
        ),
    ],
)
def test_template_path_rules(tmp_path, template, message):
    folder = tmp_path / "talk"
    folder.mkdir()
    make_template(tmp_path / "company.pptx")
    make_template(folder / "company.key")
    code, lines = _check(template_deck(folder, template=template))
    assert code == 1
    assert lines[0].endswith(f"theme.template: {message}")


@pytest.mark.slow
def test_outside_template_allowed_with_the_flag(tmp_path):
    folder = tmp_path / "talk"
    folder.mkdir()
    make_template(tmp_path / "company.pptx")
    deck = template_deck(folder, template="../company.pptx")
    prs = build(deck, "--allow-outside")
    assert prs.slides[0].slide_layout.name == "Acme Cover"


def test_layouts_without_a_template_warn(tmp_path):
    deck = write_deck(
        tmp_path,
        """
        title: T
        theme:
          layouts: {content: Title Only}
        sections:
          - title: S
            slides: [{type: statement, text: x}]
        """,
    )
    result = run("check", str(deck))
    assert result.exit_code == 0
    assert (
        f"{deck}:3:22: warning: theme.layouts.content: names a template layout, but the "
        "deck has no `theme.template`; add one or remove this key" in result.output
    )


UNUSUAL_SHAPES = {
    "no-geometry": '<p:sp><p:nvSpPr><p:cNvPr id="90" name="Odd"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
    '<p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/></a:xfrm></p:spPr>'
    "</p:sp>",
    "frame-without-offset": '<p:sp><p:nvSpPr><p:cNvPr id="92" name="Half"/><p:cNvSpPr/>'
    '<p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:ext cx="5" cy="5"/></a:xfrm></p:spPr></p:sp>',
    "picture-without-image": '<p:pic><p:nvPicPr><p:cNvPr id="93" name="Empty"/><p:cNvPicPr/>'
    '<p:nvPr/></p:nvPicPr><p:blipFill/><p:spPr><a:xfrm><a:off x="0" y="0"/>'
    '<a:ext cx="100" cy="100"/></a:xfrm></p:spPr></p:pic>',
}


@pytest.mark.slow
@pytest.mark.parametrize("shape", list(UNUSUAL_SHAPES), ids=list(UNUSUAL_SHAPES))
def test_unusual_master_shapes_on_a_template_of_another_size(tmp_path, shape):
    # The masters are stretched to the deck's size: python-pptx's `shape_type` raised for a
    # shape without geometry.
    path = make_template(tmp_path / "company.pptx", width=13.333, height=5.625)
    with zipfile.ZipFile(path) as source:
        parts = [(info.filename, source.read(info)) for info in source.infolist()]
    master = "ppt/slideMasters/slideMaster1.xml"
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts:
            if name == master:
                data = data.replace(b"</p:spTree>", UNUSUAL_SHAPES[shape].encode() + b"</p:spTree>")
            target.writestr(name, data)
    deck = template_deck(tmp_path, "size: '16:9'")
    assert run("check", str(deck)).exit_code == 0
    prs = build(deck)
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("size", "label", "expected"),
    [
        ("", "screen4x3", None),  # a 16:9 template labelled 4:3, as python-pptx saves one
        ("", "screen16x9", None),  # 10 x 5.625 in, widened to PowerPoint's 13.333 x 7.5
        ("size: '4:3'", "custom", "screen4x3"),
    ],
    ids=["16:9-labelled-4:3", "screen16x9-widened", "custom-made-4:3"],
)
def test_a_resized_template_names_its_new_size(tmp_path, size, label, expected):
    # The deck kept the template's size type: a 16:9 deck said `screen4x3` (Design > Slide Size).
    path = make_template(tmp_path / "company.pptx")  # 10 x 5.625 in
    with zipfile.ZipFile(path) as source:
        parts = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts:
            if name == "ppt/presentation.xml":
                data = re.sub(rb'(<p:sldSz[^>]*?) type="\w+"', rb"\1", data)
                data = data.replace(b"<p:sldSz ", f'<p:sldSz type="{label}" '.encode())
            target.writestr(name, data)
    prs = build(template_deck(tmp_path, size))
    assert prs.part._element.find(qn("p:sldSz")).get("type") == expected
    # The notes master says which header and footer its pages print: the slide number.
    assert prs.notes_master._element.find(qn("p:hf")) is not None
