"""deckgen's own base: the master's and layouts' styles hold the look, the slides inherit it.

What a speaker does in PowerPoint's Slide Master view (set every face, the body text's size and
the text colour), done to the built talk's master and layouts alone: render with LibreOffice and
find the letters in the new face, at the new size and colour. And the talk's counts: runs that
name a typeface or state a size, ornaments repeated on slides, the levels every style defines.
"""

from __future__ import annotations

import difflib
import io
import re
import shutil
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from helpers import run
from render_check import HANGUL, LATIN, family

ROOT = Path(__file__).resolve().parents[2]
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS = {"a": A, "p": P}
STYLED = re.compile(r"ppt/(slideMasters|slideLayouts)/[^/]+\.xml$")
NEW_LATIN, NEW_EAST_ASIAN = "DejaVu Serif", "NanumMyeongjo"
NEW_FAMILIES = {"DejaVuSerif", "NanumMyeongjo"}
NEW_COLOR = "00A000"
FACTOR = 0.75
"""The body text's new size, as a share of its old one."""
TEXT_COLOR = 0x1F2933
"""The talk's text colour (the default theme's dk1), as PyMuPDF reports a span's colour."""
BODY_TYPES = ("body", "obj")
"""The placeholders whose text is body text: the master's body style and the layouts' lists,
statements, quotes, columns (not titles, footers or slide numbers)."""


@pytest.fixture(scope="module")
def talk(tmp_path_factory) -> Path:
    """Return the talk built on deckgen's own base."""
    folder = tmp_path_factory.mktemp("own")
    shutil.copy(ROOT / "deck.yaml", folder / "deck.yaml")
    assert run("build", str(folder / "deck.yaml")).exit_code == 0
    return folder / "out" / "deck.pptx"


def restyled(data: bytes) -> bytes:
    """Return the package with its master and layouts changed as in Slide Master view: every
    face another family, the body text's sizes scaled by FACTOR, the text colour another."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            blob = source.read(info.filename)
            if STYLED.match(info.filename):
                root = etree.fromstring(blob)
                styles = list(root.iterfind(".//p:txStyles/p:bodyStyle", NS))
                for sp in root.iterfind(".//p:sp", NS):
                    ph = sp.find("p:nvSpPr/p:nvPr/p:ph", NS)
                    if ph is not None and ph.get("type", "obj") in BODY_TYPES:
                        styles += sp.findall("p:txBody/a:lstStyle", NS)
                for style in styles:
                    for run_style in style.iter(f"{{{A}}}defRPr"):
                        size = int(run_style.get("sz", "1800"))
                        run_style.set("sz", str(round(size * FACTOR)))
                for face in root.iter(f"{{{A}}}latin", f"{{{A}}}ea"):
                    if face.get("typeface", "").startswith("+m"):
                        new = NEW_LATIN if face.tag.endswith("latin") else NEW_EAST_ASIAN
                        face.set("typeface", new)
                for fill in root.iterfind(".//a:defRPr/a:solidFill", NS):
                    if [(c.tag, c.get("val"), len(c)) for c in fill] == [
                        (f"{{{A}}}schemeClr", "tx1", 0)
                    ]:
                        fill[0].tag = f"{{{A}}}srgbClr"
                        fill[0].set("val", NEW_COLOR)
                blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(info, blob)
    return out.getvalue()


@dataclass(frozen=True)
class Letter:
    """A letter drawn: where, its size, family and colour."""

    char: str
    x: float
    y: float
    size: float
    family: str
    color: int


def letters(pdf: Path) -> list[list[Letter]]:
    """Return, per page, the letters (Hangul, Latin letters, digits) drawn on it, in order."""
    import pymupdf

    pages = []
    with pymupdf.open(pdf) as document:
        for page in document:
            found = []
            for block in page.get_text("rawdict")["blocks"]:
                for line in block.get("lines", []):
                    for span in line["spans"]:
                        for char in span["chars"]:
                            if HANGUL.match(char["c"]) or LATIN.match(char["c"]):
                                x0, y0, x1, y1 = char["bbox"]
                                found.append(
                                    Letter(
                                        char["c"],
                                        (x0 + x1) / 2,
                                        (y0 + y1) / 2,
                                        span["size"],
                                        family(span["font"]),
                                        span["color"],
                                    )
                                )
            pages.append(found)
    return pages


@dataclass(frozen=True)
class Holder:
    """A text placeholder of a slide: its box in points, and whether it holds body text."""

    box: tuple[float, float, float, float]
    body: bool


def holders(pptx: Path) -> list[list[Holder]]:
    """Return, per slide, its text placeholders (positions inherited from the layout)."""
    from pptx import Presentation

    found = []
    for slide in Presentation(str(pptx)).slides:
        shapes = []
        for shape in slide.placeholders:
            if not shape.has_text_frame:
                continue
            ph = shape._element.find(".//p:nvPr/p:ph", NS)
            box = tuple(v / 12700 for v in (shape.left, shape.top, shape.width, shape.height))
            shapes.append(Holder(box, ph.get("type", "obj") in BODY_TYPES))
        found.append(shapes)
    return found


def _inside(letter: Letter, holder: Holder) -> bool:
    left, top, width, height = holder.box
    return left - 2 <= letter.x <= left + width + 2 and top - 2 <= letter.y <= top + height + 2


@pytest.fixture(scope="module")
def talk_on_template(tmp_path_factory) -> Path:
    """Return the talk built on a company template made from python-pptx's default."""
    from pptx import Presentation

    folder = tmp_path_factory.mktemp("on-template")
    Presentation().save(str(folder / "company.pptx"))
    text = (ROOT / "deck.yaml").read_text(encoding="utf-8")
    text = text.replace("\nlang: ko-KR\n", "\nlang: ko-KR\ntheme:\n  template: company.pptx\n", 1)
    (folder / "deck.yaml").write_text(text, encoding="utf-8")
    assert run("build", str(folder / "deck.yaml")).exit_code == 0
    return folder / "out" / "deck.pptx"


@pytest.mark.requires("soffice")
@pytest.mark.parametrize(
    ("built", "text_color"),
    [("talk", TEXT_COLOR), ("talk_on_template", 0x000000)],
    ids=["own-base", "on-template"],
)
def test_master_and_layout_edits_restyle_the_letters(built, text_color, request, tmp_path):
    from deckgen.export.libreoffice import to_pdf

    talk = request.getfixturevalue(built)
    edited = tmp_path / "restyled.pptx"
    edited.write_bytes(restyled(talk.read_bytes()))
    before = letters(to_pdf(talk, tmp_path / "built.pdf"))
    after = letters(to_pdf(edited, tmp_path / "restyled.pdf"))
    places = holders(talk)
    assert len(before) == len(after) == len(places)
    faces, sizes, colors = Counter(), Counter(), Counter()
    for old_page, new_page, page_holders in zip(before, after, places, strict=True):
        # Letters paired by the text they spell: the new size breaks lines elsewhere.
        match = difflib.SequenceMatcher(
            None, [c.char for c in old_page], [c.char for c in new_page], autojunk=False
        )
        for block in match.get_matching_blocks():
            for i in range(block.size):
                old, new = old_page[block.a + i], new_page[block.b + i]
                faces[new.family in NEW_FAMILIES] += 1
                holder = next((h for h in page_holders if _inside(old, h)), None)
                if holder is None:
                    continue  # a text box or a table: the presentation's and table's styles
                if old.color == text_color:
                    colors[f"{new.color:06X}" == NEW_COLOR] += 1
                if holder.body:
                    # Text shrunk to fit (by deckgen's measure or by LibreOffice's own) is
                    # fitted again at the new size: it may take back some of the shrink.
                    sizes[old.size * FACTOR - 0.3 <= new.size < old.size - 0.3] += 1
    for name, counts in (("face", faces), ("size", sizes), ("colour", colors)):
        total = counts[True] + counts[False]
        assert total > 300, (name, counts)  # the measure sees the talk's letters
        assert counts[True] / total >= 0.95, (name, counts)


# --- counts on the talk ---------------------------------------------------------------------------


def _parts(pptx: Path, pattern: str) -> dict[str, etree._Element]:
    with zipfile.ZipFile(pptx) as archive:
        return {
            name: etree.fromstring(archive.read(name))
            for name in archive.namelist()
            if re.fullmatch(pattern, name)
        }


def _runs(pptx: Path) -> list[tuple[bool, etree._Element]]:
    """Return every run on the slides of `pptx`, and whether it is in a placeholder."""
    found = []
    for root in _parts(pptx, r"ppt/slides/slide\d+\.xml").values():
        for shape in root.iterfind(".//p:spTree/*", NS):
            held = shape.find("*/p:nvPr/p:ph", NS) is not None and shape.tag == f"{{{P}}}sp"
            found += [(held, r) for r in shape.iter(f"{{{A}}}r")]
    return found


def test_runs_name_no_typeface_and_state_no_size_their_layout_holds(talk):
    runs = _runs(talk)
    assert len(runs) > 200
    faces = [r for _, r in runs if r.find("a:rPr/a:latin", NS) is not None]
    faces += [r for _, r in runs if r.find("a:rPr/a:ea", NS) is not None]
    assert len(faces) <= 0.05 * len(runs), (len(faces), len(runs))
    # In the talk, no placeholder's text departs from its layout's size (short columns are a
    # step larger on every columns slide: their layouts hold that size), but the timeline's
    # details, a step under their labels in the same placeholder.
    held = [r for inside, r in runs if inside]
    assert len(held) > 150
    sized = [r for r in held if r.find("a:rPr", NS).get("sz") is not None]
    paragraphs = {r.getparent() for r in sized}  # a detail broken into balanced lines: 2 runs
    assert len(paragraphs) <= 4, [r.findtext("a:t", namespaces=NS) for r in sized]
    # Every run still says its language: Korean is set as Korean.
    assert all(r.find("a:rPr", NS).get("lang") for _, r in runs)


def test_at_most_one_run_in_seven_states_a_size(talk):
    runs = _runs(talk)
    sizes = sum(1 for _, r in runs if r.find("a:rPr", NS).get("sz") is not None)
    assert sizes <= 0.15 * len(runs), (sizes, len(runs))


def test_no_ornament_is_repeated_on_slides(talk):
    seen: Counter[bytes] = Counter()
    for root in _parts(talk, r"ppt/slides/slide\d+\.xml").values():
        for shape in root.iterfind(".//p:spTree/p:sp", NS):
            if (
                shape.find("p:nvSpPr/p:nvPr/p:ph", NS) is not None
                or shape.find("p:txBody", NS) is not None
            ):
                continue
            shape = etree.fromstring(etree.tostring(shape))
            for name in shape.iter(f"{{{P}}}cNvPr"):
                name.attrib.pop("id")
                name.attrib.pop("name")
            seen[etree.tostring(shape)] += 1
    assert seen  # the measure sees the slides' decorations
    assert max(seen.values()) == 1, max(seen.values())


def test_every_style_defines_nine_levels_and_no_bullet_size(talk):
    parts = _parts(talk, r"ppt/(slideMasters|slideLayouts)/[^/]+\.xml")
    styles = []
    for root in parts.values():
        styles += root.iterfind(".//p:txStyles/*", NS)
        styles += [s for s in root.iterfind(".//a:lstStyle", NS) if len(s)]
    assert len(styles) > 50
    for style in styles:
        assert [c.tag.split("}")[1] for c in style] == [f"lvl{n}pPr" for n in range(1, 10)]
        assert all(level.get("eaLnBrk") == "0" for level in style)
    assert not [
        root.find(".//a:buSzPct", NS)
        for root in parts.values()
        if root.find(".//a:buSzPct", NS) is not None
    ]


@pytest.mark.parametrize("built", ["talk", "talk_on_template"], ids=["own-base", "on-template"])
def test_placeholders_where_their_layouts_put_them_write_no_position(built, request):
    from pptx import Presentation

    talk = request.getfixturevalue(built)
    pinned = []
    for number, slide in enumerate(Presentation(str(talk)).slides, start=1):
        # A layout placeholder's position is its own, else its master's (as PowerPoint reads).
        layout = {ph.placeholder_format.idx: ph for ph in slide.slide_layout.placeholders}
        for shape in slide.placeholders:
            element = shape._element
            if element.find("p:txBody", NS) is None or element.find("p:spPr/a:xfrm", NS) is None:
                continue
            base = layout.get(shape.placeholder_format.idx)
            box = (shape.left, shape.top, shape.width, shape.height)
            if base is not None and box == (base.left, base.top, base.width, base.height):
                pinned.append((number, shape.name))
    assert not pinned


def test_the_title_bar_is_drawn_by_the_layouts_of_titled_slides(talk):
    from pptx import Presentation

    def barred(layout) -> bool:
        return any(
            not shape.is_placeholder
            and (shape.left, shape.top, shape.width, shape.height)
            == (731520, 1536192, 731520, 54864)  # under the title: 0.8 x 0.06 in at 0.8, 1.68
            for shape in layout.shapes
        )

    prs = Presentation(str(talk))
    on_barred = [slide for slide in prs.slides if barred(slide.slide_layout)]
    # The 35 slides with a title over a body show it, as when each slide drew its own.
    assert len(on_barred) == 35
    untitled = [s for s in prs.slides if s.slide_layout.name.endswith(", No Title")]
    assert untitled and not any(barred(s.slide_layout) for s in untitled)


def _loose_texts(pptx: Path) -> list[str]:
    """Return the texts of the slides' text boxes outside placeholders."""
    found = []
    for root in _parts(pptx, r"ppt/slides/slide\d+\.xml").values():
        for sp in root.iterfind(".//p:spTree/p:sp", NS):
            text = "".join(sp.itertext()).strip()
            if sp.find("p:nvSpPr/p:nvPr/p:ph", NS) is None and text:
                found.append(text)
    return found


def test_at_most_three_text_boxes_in_the_talk_are_outside_placeholders(talk):
    # The quote's hanging mark, placed by its quote's lines, is the one exception.
    assert set(_loose_texts(talk)) <= {"\u201c"}
    assert len(_loose_texts(talk)) <= 3


def test_the_talk_on_a_template_inherits_its_styles(talk_on_template):
    # Its placeholders' text states no face, and sizes only where it departs (the table
    # cells, set as the table's fit measured; the short columns; the timeline's details).
    runs = _runs(talk_on_template)
    assert len(runs) > 200
    faces = [r for _, r in runs if r.find("a:rPr/a:latin", NS) is not None]
    assert len(faces) <= 0.05 * len(runs), (len(faces), len(runs))
    sizes = [r for _, r in runs if r.find("a:rPr", NS).get("sz") is not None]
    assert len(sizes) <= 0.15 * len(runs), (len(sizes), len(runs))
    # The quotes' marks and the occasion on the cover and closing slide, which a Title
    # Slide layout has no placeholder for.
    assert len(_loose_texts(talk_on_template)) <= 5, _loose_texts(talk_on_template)
    # No paragraph restates the template's bullets or margins.
    for root in _parts(talk_on_template, r"ppt/slides/slide\d+\.xml").values():
        for sp in root.iterfind(".//p:spTree/p:sp", NS):
            if sp.find("p:nvSpPr/p:nvPr/p:ph", NS) is None:
                continue
            assert sp.find(".//a:buChar", NS) is None
            assert sp.find("p:txBody/a:bodyPr", NS).get("lIns") is None


EVERY_TYPE = """
title: Every type
lang: en-US
sections:
  - title: Part
    slides:
      - {type: statement, title: Said, text: A statement under a title.}
      - {type: statement, text: A statement alone.}
      - {type: quote, title: Heard, quote: Words worth quoting., by: Someone}
      - {type: quote, quote: Words alone., by: Someone}
      - {type: stat, title: Counted, value: "42", label: a label, detail: a detail}
      - {type: stat, value: "7", label: a label, detail: a detail}
      - type: columns
        title: Three
        columns:
          - {heading: A, bullets: [one, two]}
          - {heading: B, bullets: [three]}
          - {heading: C, bullets: [four]}
      - type: timeline
        title: Six
        events:
          - {when: "2001", label: One, detail: first}
          - {when: "2002", label: Two}
          - {when: "2003", label: Three}
          - {when: "2004", label: Four}
          - {when: "2005", label: Five}
          - {when: "2006", label: Six, detail: last}
      - type: chart
        title: Native
        caption: A caption
        bullets: [a takeaway]
        chart:
          kind: bar
          render: native
          categories: [a, b]
          series: [{name: S, values: [1, 2]}]
"""


@pytest.fixture(scope="module")
def every_type(tmp_path_factory) -> Path:
    """Return a deck of every slide type with text of its own, built on deckgen's own base."""
    folder = tmp_path_factory.mktemp("types")
    (folder / "deck.yaml").write_text(EVERY_TYPE, encoding="utf-8")
    assert run("build", str(folder / "deck.yaml")).exit_code == 0
    return folder / "out" / "deck.pptx"


def test_every_slide_types_text_is_in_placeholders_of_its_layout(every_type):
    from package_check import assert_sound
    from pptx import Presentation

    assert_sound(every_type)
    assert set(_loose_texts(every_type)) == {"\u201c"}  # the quote marks, decoration
    prs = Presentation(str(every_type))
    for slide in prs.slides:
        layout = {ph.placeholder_format.idx for ph in slide.slide_layout.placeholders}
        for shape in slide.placeholders:
            assert shape.placeholder_format.idx in layout, (slide.slide_layout.name, shape.name)
    # The native chart sits in the figure's content placeholder, which a picture fills too.
    chart = next(s for s in prs.slides[-1].shapes if s.has_chart)
    assert chart.is_placeholder
    assert chart.placeholder_format.type == 7  # PP_PLACEHOLDER.OBJECT


def test_a_statement_sits_in_its_layouts_placeholder_as_reset_slide_puts_it(every_type):
    from pptx import Presentation

    prs = Presentation(str(every_type))
    titled, alone = prs.slides[2], prs.slides[3]  # after the title slide and the divider
    body = next(s for s in titled.placeholders if s.text_frame.text.startswith("A statement"))
    assert body.placeholder_format.type == 2  # PP_PLACEHOLDER.BODY: the layout's centred body
    words = alone.shapes.title
    assert words.text_frame.text == "A statement alone."  # the slide's title for a reader
    for slide, shape in ((titled, body), (alone, words)):
        # Where the layout puts it (no position of its own), centred in the middle there.
        assert shape._element.find("p:spPr/a:xfrm", NS) is None
        held = slide.slide_layout.placeholders.get(idx=shape.placeholder_format.idx)
        assert held._element.find("p:txBody/a:bodyPr", NS).get("anchor") == "ctr"
        level = held._element.find("p:txBody/a:lstStyle/a:lvl1pPr", NS)
        assert level.get("algn") == "ctr"
        middle = (held.top + held.height / 2) / prs.slide_height
        assert 0.4 < middle < 0.65, middle
    # Likewise the untitled number: the stat's value is its title, where its layout puts it.
    number = prs.slides[7].shapes.title
    assert number.text_frame.text == "7"
    assert number._element.find("p:spPr/a:xfrm", NS) is None
