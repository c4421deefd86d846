"""Build decks and reopen them with python-pptx: what a user finds in the .pptx."""

from __future__ import annotations

import re
import zipfile

import pytest
from lxml import etree
from pptx.util import Emu, Inches

from deckgen.layout.script import has_hangul
from helpers import A_NS, build, every_type_deck, is_picture, slide_texts, write_deck
from pptx import Presentation
from styles import look


@pytest.fixture(scope="module")
def deck_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("every")
    build(every_type_deck(folder))
    return folder / "out" / "deck.pptx"


@pytest.fixture(scope="module")
def deck(deck_file):
    return Presentation(str(deck_file))


def titles(prs) -> list[str]:
    return [s.shapes.title.text_frame.text if s.shapes.title else "" for s in prs.slides]


def test_slide_count_leaves_out_hidden_slides_and_empty_sections(deck):
    # title + divider + 6 + divider + 8 + closing; the all-hidden section gets no divider
    assert len(deck.slides) == 18


def test_titles_in_order(deck):
    assert titles(deck) == [
        "모든 슬라이드 굵게".replace("굵게", "종류"),
        "글",
        "글머리표",
        "특이점 근방\u201d",  # the closing mark: the opening one hangs beside it
        "2025-26년이 변곡점",
        "1,500억 달러",
        "열",
        "연표",
        "그림",
        "막대 차트",
        "가로 막대",
        "누적",
        "선",
        "계층",
        "단계",
        "그림 파일",
        "표",
        "감사합니다",
    ]


def test_every_slide_has_a_title_placeholder(deck):
    for slide in deck.slides:
        assert slide.shapes.title is not None
        assert slide.shapes.title.text_frame.text.strip()


def test_bullet_levels_and_markup(deck):
    slide = deck.slides[2]
    body = next(
        s
        for s in slide.shapes
        if s.has_text_frame and s.text_frame.text and s != slide.shapes.title
    )
    paragraphs = body.text_frame.paragraphs
    assert [p.text for p in paragraphs] == [
        "첫째 굵게",
        "둘째",
        "하위 항목",
        "더 하위",
        "가장 하위",
    ]
    assert body.is_placeholder  # the layout's body: PowerPoint's outline view shows it
    looks = [look(body, p) for p in paragraphs]
    margins = [seen.margin for seen in looks]
    assert margins[0] == margins[1] < margins[2] == margins[3] < margins[4]
    assert [seen.bullet for seen in looks] == ["\u2022", "\u2022", "\u2013", "\u2013", "\u00b7"]
    assert [seen.size for seen in looks] == [28, 28, 24, 24, 20]
    bold = next(r for r in paragraphs[0].runs if r.text == "굵게")
    assert look(body, paragraphs[0], bold).bold
    assert not look(body, paragraphs[0], paragraphs[0].runs[0]).bold


def test_speaker_notes_and_footnote(deck):
    slide = deck.slides[2]
    assert slide.notes_slide.notes_text_frame.text == "발표자 노트입니다."
    assert "출처 표기" in slide_texts(slide)
    footnote = next(
        s for s in slide.shapes if s.has_text_frame and s.text_frame.text == "출처 표기"
    )
    assert footnote.top > Inches(6.5)
    paragraph = footnote.text_frame.paragraphs[0]
    assert look(footnote, paragraph, paragraph.runs[0]).size <= 11


def test_highlight_uses_the_accent_colour(deck):
    statement = deck.slides[4].shapes.title.text_frame.paragraphs[0].runs
    title = deck.slides[4].shapes.title
    highlighted = next(r for r in statement if r.text == "2025-26년")
    assert look(title, title.text_frame.paragraphs[0], highlighted).color == "E4572E"
    plain = next(r for r in statement if r.text != "2025-26년")
    assert look(title, title.text_frame.paragraphs[0], plain).color == "1F3A5F"  # primary


def test_korean_runs_inherit_the_east_asian_typeface_and_carry_lang(deck):
    runs = [
        (shape, p, r)
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
        for p in shape.text_frame.paragraphs
        for r in p.runs
    ]
    assert len(runs) > 40
    for shape, paragraph, run in runs:
        rpr = run._r.find(f"{A_NS}rPr")
        # The run names no typeface: it takes the theme's East Asian face, by reference, from
        # its layout's style (a text box from the presentation's), so a master edit reaches it.
        assert not [c for c in rpr if c.tag.split("}")[1] in ("latin", "ea", "cs")], run.text
        assert look(shape, paragraph, run).east_asian == "Malgun Gothic"
        assert rpr.get("lang") == "ko-KR"  # the deck's lang, and Hangul's
        if has_hangul(run.text):
            assert rpr.get("altLang") == "en-US"


def test_english_deck_marks_only_hangul_runs_korean(tmp_path):
    path = write_deck(
        tmp_path,
        """
        title: Mixed
        sections:
          - title: One
            slides:
              - type: bullets
                title: Hello
                form: list
                bullets: [English only, 한국어 섞임]
    """,
    )
    prs = build(path)
    body = [s for s in prs.slides[2].shapes if s.has_text_frame and s.text_frame.text][1]
    langs = [p.runs[0]._r.find(f"{A_NS}rPr").get("lang") for p in body.text_frame.paragraphs]
    assert langs == ["en-US", "ko-KR"]


def test_theme_names_the_east_asian_typeface(deck):
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    theme = deck.slide_master.part.part_related_by(RT.THEME).blob.decode()
    assert '<a:ea typeface="Malgun Gothic"/>' in theme
    assert 'script="Hang" typeface="Malgun Gothic"' in theme


@pytest.mark.parametrize(("size", "width"), [("16:9", 13.333), ("4:3", 10.0)], ids=["wide", "4:3"])
def test_slide_size(tmp_path, size, width):
    path = write_deck(
        tmp_path,
        f"""
        title: Size
        theme: {{size: "{size}"}}
        sections:
          - title: One
            slides:
              - {{type: bullets, title: Hello, bullets: [a]}}
    """,
    )
    prs = build(path)
    assert abs(Emu(prs.slide_width).inches - width) < 0.01
    assert abs(Emu(prs.slide_height).inches - 7.5) < 0.01
    for slide in prs.slides:
        for shape in slide.shapes:
            assert shape.left + shape.width <= prs.slide_width
            assert shape.top + shape.height <= prs.slide_height


def test_pictures_sit_in_the_content_area_with_alt_text(deck):
    pictures = [
        (i, shape)
        for i, slide in enumerate(deck.slides)
        for shape in slide.shapes
        if is_picture(shape)
    ]
    assert len(pictures) == 7
    for index, picture in pictures:
        title = deck.slides[index].shapes.title
        assert picture.top >= title.top + title.height
        assert picture.left >= Inches(0.5)
        assert picture.left + picture.width <= deck.slide_width - Inches(0.5)
        assert picture.top + picture.height <= deck.slide_height - Inches(0.6)
        descr = picture._element.nvPicPr.cNvPr.get("descr")
        assert descr and title.text_frame.text in descr
    bar = pictures[0][1]
    alt = bar._element.nvPicPr.cNvPr.get("descr")
    assert alt == (
        "Bar chart: 막대 차트. 매출: 2023 2,000억 달러, 2024 6,000억 달러; "
        "비용: 2023 -500억 달러, 2024 1,500.5억 달러."
    )
    assert bar.image.size[0] >= 1600


def test_figure_with_bullets_beside_it(deck):
    slide = deck.slides[10]
    picture = next(s for s in slide.shapes if is_picture(s))
    text = next(s for s in slide.shapes if s.has_text_frame and "로그 축" in s.text_frame.text)
    assert text.left >= picture.left + picture.width
    content = deck.slide_width - 2 * Inches(0.75)
    assert 0.5 < picture.width / content < 0.65


def test_table_cells_alignment_and_highlight(deck):
    slide = deck.slides[16]
    table = next(s for s in slide.shapes if s.has_table).table
    cells = [[table.cell(r, c).text for c in range(3)] for r in range(3)]
    assert cells == [
        ["구분", "값", "비고"],
        ["도입 비용", "1,500", "유리"],
        ["운영 비용", "20.5", "보통"],
    ]
    assert table.cell(1, 1).text_frame.paragraphs[0].alignment == 3  # RIGHT
    assert table.cell(1, 0).text_frame.paragraphs[0].alignment == 1  # LEFT
    highlighted = table.cell(2, 0).text_frame.paragraphs[0].runs[0]
    assert highlighted.font.bold is True


def test_hyperlinks_are_real_links(tmp_path):
    path = write_deck(
        tmp_path,
        """
        title: Links
        sections:
          - title: One
            slides:
              - type: bullets
                title: Read
                bullets: ["See [the report](https://example.com/r?a=1) now"]
    """,
    )
    prs = build(path)
    body = [s for s in prs.slides[2].shapes if s.has_text_frame and s.text_frame.text][1]
    runs = body.text_frame.paragraphs[0].runs
    assert [r.text for r in runs] == ["See ", "the report", " now"]
    assert runs[1].hyperlink.address == "https://example.com/r?a=1"
    assert runs[0].hyperlink.address is None


def test_core_properties_come_from_the_deck(deck):
    props = deck.core_properties
    assert props.title == "모든 슬라이드 종류"
    assert props.author == "테스터"
    assert props.last_modified_by == "deckgen"
    assert props.created.date().isoformat() == "2025-01-15"


def test_default_language_is_the_decks(deck):
    xml = deck.part.blob.decode() if hasattr(deck.part, "blob") else ""
    from lxml import etree

    xml = etree.tostring(deck.part._element).decode()
    assert 'lang="ko-KR"' in xml and 'lang="en-US"' not in xml


def test_overlong_bullets_slide_is_split(tmp_path):
    bullets = "\n".join(
        f"      - 아주 긴 글머리표 문장 번호 {i}입니다, 이 슬라이드에 다 들어가지 않습니다"
        for i in range(14)
    )
    path = write_deck(
        tmp_path,
        "title: Split\nsections:\n  - title: One\n    slides:\n"
        "      - type: bullets\n        title: 긴 목록\n        notes: 노트\n"
        "        bullets:\n" + bullets.replace("      - ", "          - ") + "\n",
    )
    prs = build(path)
    names = titles(prs)
    assert names[2:] == ["긴 목록 (1/2)", "긴 목록 (2/2)"]
    assert prs.slides[2].notes_slide.notes_text_frame.text == "노트"


@pytest.mark.slow
def test_titles_keep_their_case(tmp_path):
    path = write_deck(
        tmp_path,
        """
        title: Keep case
        closing: Thank you
        sections:
          - title: Section one
            slides:
              - {type: statement, text: Hello}
    """,
    )
    prs = build(path)
    for slide in prs.slides:
        title = slide.shapes.title
        for paragraph in title.text_frame.paragraphs:
            for run in paragraph.runs:
                assert look(title, paragraph, run).cap == "none"


def _parts(path, folder: str) -> list[str]:
    """Return the XML of every part of the package at `path` in `folder` (such as "slides")."""
    with zipfile.ZipFile(path) as package:
        return [
            package.read(name).decode()
            for name in package.namelist()
            if re.fullmatch(rf"ppt/{folder}/[^/]+\.xml", name)
        ]


def test_every_paragraph_keeps_korean_words_whole(deck_file):
    # PowerPoint breaks a line inside a Korean word unless the paragraph says eaLnBrk="0".
    for folder in ("slides", "notesSlides"):
        for xml in _parts(deck_file, folder):
            root = etree.fromstring(xml.encode())
            paragraphs = root.findall(f".//{A_NS}p")
            assert paragraphs
            for paragraph in paragraphs:
                properties = paragraph.find(f"{A_NS}pPr")
                assert properties is not None and properties.get("eaLnBrk") == "0"
    tables = [x for x in _parts(deck_file, "slides") if "<a:tbl>" in x]
    assert tables and all('<a:pPr algn="l" eaLnBrk="0"/>' in x for x in tables)


def test_emphasised_hangul_is_bold_not_slanted(tmp_path):
    # Hangul has no italic: a slanted Hangul letter is a distortion, so *강조* is set in bold.
    path = write_deck(
        tmp_path,
        """
        title: Emphasis
        sections:
          - title: S
            divider: false
            slides:
              - type: bullets
                title: 강조
                bullets: ["*한국어 강조* and *English*"]
              - type: table
                title: 표
                table: {columns: [A], rows: [["*표 안의 강조*"]]}
    """,
    )
    build(path)
    runs = {}
    for xml in _parts(tmp_path / "out" / "deck.pptx", "slides"):
        for run in etree.fromstring(xml.encode()).iter(f"{A_NS}r"):
            runs[run.findtext(f"{A_NS}t")] = run.find(f"{A_NS}rPr")
    assert runs["한국어 강조"].get("i") is None and runs["한국어 강조"].get("b") == "1"
    assert runs["English"].get("i") == "1" and runs["English"].get("b") is None
    assert runs["표 안의 강조"].get("i") is None and runs["표 안의 강조"].get("b") == "1"


def test_the_writer_never_writes_an_empty_or_negative_extent(tmp_path):
    # The layout plans no such box (the columns and timeline tests build the decks that did);
    # were one planned, PowerPoint would repair the file: the writer keeps every size above 0.
    from dataclasses import replace

    from deckgen.commands.build import prepare
    from deckgen.layout.grid import Box
    from deckgen.layout.shapes import TextShape
    from deckgen.pptx import writer
    from package_check import problems

    deck = write_deck(
        tmp_path,
        """
        title: T
        sections:
          - title: S
            slides:
              - type: timeline
                title: 연표
                events: [{when: "2023", label: 가}, {when: "2024", label: 나, detail: 다}]
        """,
    )
    prepared = prepare(deck)
    plan = next(p for p in prepared.laid.plans if p.layout == "timeline-2")
    texts = [i for i, s in enumerate(plan.shapes) if isinstance(s, TextShape) and s.role != "title"]
    boxes = [Box(1, 1, 2, -3), Box(1, 1, 0, 1), Box(1, 1, 2, 0), Box(1, 1, -1, -1)]
    assert len(texts) >= len(boxes)
    for index, box in zip(texts, boxes, strict=False):
        plan.shapes[index] = replace(plan.shapes[index], box=box)
    data = writer.write(prepared.deck, prepared.laid, [], None, None)
    assert problems(data) == []


def test_a_shape_kind_the_writer_does_not_know_fails_loudly(tmp_path):
    """A kind of Shape added to layout but not to SlideWriter.slide was dropped from the slide
    without a word; it is a programming error, raised (mypy also rejects the missing branch)."""
    from dataclasses import dataclass

    from deckgen.commands.build import prepare
    from deckgen.layout.grid import Box
    from deckgen.pptx import writer

    @dataclass(frozen=True)
    class ArrowShape:
        box: Box
        slot: None = None

    deck = write_deck(
        tmp_path,
        "title: T\nsections:\n  - title: S\n    slides:\n      - {type: statement, text: A}\n",
    )
    prepared = prepare(deck)
    assert writer.write(prepared.deck, prepared.laid, [])  # as laid out, it writes
    prepared.laid.plans[-1].shapes.append(ArrowShape(Box(1, 1, 2, 1)))
    with pytest.raises(TypeError, match="ArrowShape is not a shape kind the writer knows"):
        writer.write(prepared.deck, prepared.laid, [])


P_NS = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


def test_notes_pages_print_their_slide_number(deck):
    # The notes pages' slide-number placeholder was empty: a printed page had no number.
    pages = [(n, s.notes_slide) for n, s in enumerate(deck.slides, start=1) if s.has_notes_slide]
    assert pages
    for number, page in pages:
        holder = next(p for p in page.placeholders if p.placeholder_format.type == 13)  # sldNum
        fields = holder._element.findall(f".//{A_NS}fld")
        assert [(f.get("type"), f.findtext(f"{A_NS}t")) for f in fields] == [
            ("slidenum", str(number))
        ]
    # Insert > Header & Footer: numbers on, the rest off, on notes pages and on slides.
    notes_master = deck.notes_master._element
    assert notes_master.find(f"{P_NS}hf").attrib == {"hdr": "0", "ftr": "0", "dt": "0"}
    master = deck.slide_master._element
    assert master.find(f"{P_NS}hf").attrib == {"hdr": "0", "ftr": "0", "dt": "0"}
    kinds = [ph.get("type") for ph in master.iter(f"{P_NS}ph")]
    assert {"dt", "ftr", "sldNum"} <= set(kinds)


def test_tables_take_their_fills_from_the_table_style_and_have_alt_text(deck_file):
    # Every cell repeated the style's fill: picking another table style changed nothing.
    with zipfile.ZipFile(deck_file) as package:
        slide = etree.fromstring(package.read("ppt/slides/slide17.xml"))
        styles = package.read("ppt/tableStyles.xml").decode()
    frame = slide.find(f".//{P_NS}graphicFrame")
    style_id = frame.findtext(f".//{A_NS}tableStyleId")
    style = re.search(rf'<a:tblStyle styleId="{re.escape(style_id)}".*?</a:tblStyle>', styles)
    assert "<a:firstRow>" in style.group(0) and "<a:band2H>" in style.group(0)
    filled = [
        [tc.find(f"{A_NS}tcPr/{A_NS}solidFill") is not None for tc in tr.iter(f"{A_NS}tc")]
        for tr in frame.iter(f"{A_NS}tr")
    ]
    highlighted = 2  # the deck's highlighted row, below the heading row
    assert filled == [[r == highlighted] * 3 for r in range(len(filled))]
    alt = frame.find(f"{P_NS}nvGraphicFramePr/{P_NS}cNvPr").get("descr")
    assert alt == "Table: 표. Columns: 구분, 값, 비고; 2 rows."
