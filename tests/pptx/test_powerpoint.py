"""The .pptx behaves like a deck made in PowerPoint: layouts per slide type, content in their
placeholders, sections, and the package details PowerPoint itself writes."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from pptx.enum.shapes import PP_PLACEHOLDER

from helpers import build, every_type_deck, is_picture, make_template, template_deck, write_deck
from package_check import assert_sound
from pptx import Presentation

ROOT = Path(__file__).resolve().parents[2]
P14 = "{http://schemas.microsoft.com/office/powerpoint/2010/main}"
BODIES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)


@pytest.fixture(scope="module")
def own(tmp_path_factory):
    """Return the every-type deck built on deckgen's own base, and its folder."""
    folder = tmp_path_factory.mktemp("own")
    return build(every_type_deck(folder)), folder


@pytest.fixture(scope="module")
def default_template(tmp_path_factory):
    """Return the every-type deck built on python-pptx's default template, as a user's."""
    folder = tmp_path_factory.mktemp("default")
    Presentation().save(folder / "plain.pptx")
    return build(template_deck(folder, template="plain.pptx"))


def body_of(slide):
    """Return the placeholder holding the slide's body text (not its title, footer or number)."""
    return next(
        shape
        for shape in slide.placeholders
        if shape.placeholder_format.type in BODIES and shape.has_text_frame
    )


@pytest.mark.slow
@pytest.mark.parametrize("base", ["own", "default_template"], ids=["own-base", "default-template"])
def test_bullets_fill_the_layouts_body_placeholder(request, base):
    prs = request.getfixturevalue(base)
    prs = prs[0] if isinstance(prs, tuple) else prs
    slide = prs.slides[2]
    body = body_of(slide)
    assert [p.text for p in body.text_frame.paragraphs] == [
        "첫째 굵게",
        "둘째",
        "하위 항목",
        "더 하위",
        "가장 하위",
    ]
    assert [p.level for p in body.text_frame.paragraphs] == [0, 0, 1, 1, 2]
    # The layout has the same placeholder: Reset Slide and a change of layout keep the text.
    layout_holders = {p.placeholder_format.idx for p in slide.slide_layout.placeholders}
    assert body.placeholder_format.idx in layout_holders
    expected = "Bullets" if base == "own" else "Title and Content"
    assert slide.slide_layout.name == expected


def test_each_slide_type_has_its_own_named_layout(own):
    prs, _ = own
    names = {layout.name for layout in prs.slide_layouts}
    assert names == {
        "Title",
        "Section",
        "Closing",
        "Bullets",
        "2 Cards",  # a short list as key-point cards
        "3 Cards",
        "4 Cards",
        "2 Columns",
        "3 Columns",
        "4 Columns",
        "Figure",
        "Figure with Text",
        "Picture with Caption",  # a picture from a file, as PowerPoint's layout of that name
        "Quote",
        "Stat",
        "Statement",
        "Table",
        "Timeline, 2 Events",  # one per number of events the deck's timelines have
        # without the accent bar under the title, for those slides when they have no title
        "Quote, No Title",
        "Stat, No Title",
        "Statement, No Title",
    }
    used = {slide.slide_layout.name for slide in prs.slides}
    assert {"Title", "Section", "Closing", "Bullets", "Table"} <= used
    assert {"Quote", "Quote, No Title"} & used and {"Stat", "Stat, No Title"} & used


def test_pictures_tables_footers_and_numbers_fill_placeholders(own):
    prs, _ = own
    pictures = [s for slide in prs.slides for s in slide.shapes if is_picture(s)]
    assert pictures and all(p.is_placeholder for p in pictures)
    table = next(s for slide in prs.slides for s in slide.shapes if s.has_table)
    assert table.is_placeholder
    footer = next(
        s for s in prs.slides[2].placeholders if s.placeholder_format.type == PP_PLACEHOLDER.FOOTER
    )
    assert footer.text_frame.text == "출처 표기"
    for number, slide in enumerate(prs.slides, start=1):
        if slide.slide_layout.name in ("Title", "Section", "Closing"):
            continue  # deckgen's own slides carry no number, as PowerPoint's title slides
        [holder] = [
            s
            for s in slide.placeholders
            if s.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER
        ]
        field = holder.text_frame.paragraphs[0]._p.find(
            "{http://schemas.openxmlformats.org/drawingml/2006/main}fld"
        )
        assert field.get("type") == "slidenum" and holder.text_frame.text == str(number)


def test_text_inherits_its_place_from_the_layout(own):
    # A placeholder that fills its layout's slot states no position: the layout's stands.
    prs, _ = own
    slide = prs.slides[2]
    for shape in (slide.shapes.title, body_of(slide)):
        assert (
            shape._element.spPr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}xfrm")
            is None
        )
        layout_shape = next(
            p
            for p in slide.slide_layout.placeholders
            if p.placeholder_format.idx == shape.placeholder_format.idx
        )
        assert (shape.left, shape.top, shape.width, shape.height) == (
            layout_shape.left,
            layout_shape.top,
            layout_shape.width,
            layout_shape.height,
        )


@pytest.mark.slow
def test_a_shrunk_body_keeps_powerpoints_autofit(tmp_path):
    bullets = "".join(f"\n          - 꽤 긴 글머리표 문장 번호 {i}입니다" for i in range(9))
    deck = write_deck(
        tmp_path,
        "title: T\nsections:\n  - title: S\n    slides:\n      - type: bullets\n"
        f"        title: 많은 항목\n        bullets:{bullets}\n",
    )
    prs = build(deck)
    autofit = body_of(prs.slides[2]).text_frame._txBody.bodyPr.find(
        "{http://schemas.openxmlformats.org/drawingml/2006/main}normAutofit"
    )
    assert autofit is not None and 65000 <= int(autofit.get("fontScale")) < 100000


def test_sections_come_from_the_yaml(own):
    prs, _ = own
    root = prs.part._element
    sections = root.findall(f".//{P14}sectionLst/{P14}section")
    ids = {
        slide_id.id: n for n, slide_id in enumerate(prs.slides._sldIdLst, start=1)
    }  # slide id -> slide number
    found = [
        (section.get("name"), [ids[int(s.get("id"))] for s in section.iter(f"{P14}sldId")])
        for section in sections
    ]
    # The title slide opens a section named after the deck; the all-hidden section has none.
    assert found == [
        ("모든 슬라이드 종류", [1]),
        ("글", list(range(2, 9))),
        ("그림", list(range(9, 19))),
    ]


def test_app_properties_say_what_powerpoint_would(own):
    prs, folder = own
    app = zipfile.ZipFile(folder / "out" / "deck.pptx").read("docProps/app.xml").decode()
    assert "<PresentationFormat>Widescreen</PresentationFormat>" in app
    assert "<Slides>18</Slides>" in app
    notes = sum(1 for slide in prs.slides if slide.has_notes_slide)
    assert f"<Notes>{notes}</Notes>" in app and notes > 0
    assert "<vt:lpstr>글머리표</vt:lpstr>" in app  # slide titles, as PowerPoint lists them


def test_app_properties_list_titles_as_the_slides_show_them(tmp_path):
    # An escaped marker stays in the title, and a balanced headline's line break is a space.
    long = "이 제목은 두 줄로 나뉘어 균형을 맞추는 아주 긴 제목입니다 정말로 길어요"
    deck = write_deck(
        tmp_path,
        f"""
        title: T
        sections:
          - title: S
            slides:
              - {{type: bullets, title: 'Revenue \\*\\*up\\*\\*', bullets: [x]}}
              - {{type: bullets, title: '{long}', bullets: [y]}}
        """,
    )
    build(deck)
    app = zipfile.ZipFile(tmp_path / "out" / "deck.pptx").read("docProps/app.xml").decode()
    assert "<vt:lpstr>Revenue **up**</vt:lpstr>" in app
    assert f"<vt:lpstr>{long}</vt:lpstr>" in app


@pytest.mark.parametrize(
    ("size", "xml"),
    [("16:9", '<p:sldSz cx="12192000" cy="6858000"/>'), ("4:3", 'type="screen4x3"')],
    ids=["wide", "standard"],
)
def test_slide_size_is_powerpoints_own(tmp_path, size, xml):
    deck = write_deck(
        tmp_path,
        f"""
        title: T
        theme: {{size: "{size}"}}
        sections: [{{title: S, slides: [{{type: statement, text: x}}]}}]
        """,
    )
    build(deck)
    presentation = zipfile.ZipFile(tmp_path / "out" / "deck.pptx").read("ppt/presentation.xml")
    assert xml in presentation.decode()
    app = zipfile.ZipFile(tmp_path / "out" / "deck.pptx").read("docProps/app.xml").decode()
    format_ = "Widescreen" if size == "16:9" else "On-screen Show (4:3)"
    assert f"<PresentationFormat>{format_}</PresentationFormat>" in app


def test_the_thumbnail_shows_the_title_slide(own):
    _, folder = own
    with zipfile.ZipFile(folder / "out" / "deck.pptx") as package:
        [name] = [n for n in package.namelist() if n.startswith("docProps/thumbnail")]
        thumbnail = Image.open(io.BytesIO(package.read(name))).convert("RGB")
    width, height = thumbnail.size
    assert abs(width / height - 16 / 9) < 0.02  # not python-pptx's blank 4:3 image
    # The title slide's background is the deck's primary colour, #1F3A5F.
    r, g, b = thumbnail.getpixel((width // 20, height // 20))
    assert max(abs(r - 0x1F), abs(g - 0x3A), abs(b - 0x5F)) < 12


def test_line_breaks_inside_a_paragraph_are_breaks(tmp_path):
    deck = write_deck(
        tmp_path,
        """
        title: T
        sections:
          - title: S
            slides:
              - type: bullets
                title: Two lines
                bullets: ["first line\\nsecond line"]
        """,
    )
    build(deck)
    slide = zipfile.ZipFile(tmp_path / "out" / "deck.pptx").read("ppt/slides/slide3.xml")
    assert b"<a:br>" in slide
    assert not re.search(rb"<a:t>[^<]*\n", slide)


@pytest.mark.slow
def test_a_template_gets_its_footer_and_number_where_it_puts_them(tmp_path):
    make_template(tmp_path / "company.pptx")
    prs = build(template_deck(tmp_path))
    template = Presentation(tmp_path / "company.pptx")
    layout = next(lay for lay in template.slide_layouts if lay.name == "Title and Content")
    slide = prs.slides[2]
    for kind in (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER):
        [ours] = [s for s in slide.placeholders if s.placeholder_format.type == kind]
        [theirs] = [s for s in layout.placeholders if s.placeholder_format.type == kind]
        # On the template's 10-inch slide, scaled to the deck's 16:9 width of 13.33 inches.
        scale = prs.slide_width / template.slide_width
        for a, b in zip(
            (ours.left, ours.top, ours.width, ours.height),
            (theirs.left * scale, theirs.top * scale, theirs.width * scale, theirs.height * scale),
            strict=True,
        ):
            assert abs(a - b) < 2000  # EMU: a fiftieth of a millimetre
    for slide in prs.slides:  # nothing of deckgen's collides with another shape's text
        boxes = [
            (s.left, s.top, s.left + s.width, s.top + s.height)
            for s in slide.shapes
            if s.has_text_frame and s.text_frame.text.strip()
        ]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                overlap = min(a[2], b[2]) - max(a[0], b[0]), min(a[3], b[3]) - max(a[1], b[1])
                assert min(overlap) <= 0, (slide.slide_layout.name, a, b)


@pytest.mark.requires("soffice")
def test_a_template_saved_by_libreoffice_gets_the_parts_it_lacks(tmp_path):
    from deckgen.export.libreoffice import command, environment

    made = tmp_path / "made"
    made.mkdir()
    Presentation().save(made / "plain.pptx")
    subprocess.run(
        command(
            tmp_path / "profile",
            "--convert-to",
            "pptx",
            "--outdir",
            str(tmp_path / "lo"),
            str(made / "plain.pptx"),
        ),
        env=environment(tmp_path),
        check=True,
        capture_output=True,
        timeout=120,
    )
    shutil.copy(tmp_path / "lo" / "plain.pptx", tmp_path / "company.pptx")
    saved = zipfile.ZipFile(tmp_path / "company.pptx").namelist()
    assert "ppt/viewProps.xml" not in saved or "ppt/tableStyles.xml" not in saved
    build(template_deck(tmp_path))  # openxml-audit: 0 errors
    names = zipfile.ZipFile(tmp_path / "out" / "deck.pptx").namelist()
    assert {"ppt/viewProps.xml", "ppt/tableStyles.xml"} <= set(names)
    assert_sound(tmp_path / "out" / "deck.pptx")
