"""Diagrams drawn as shapes (`render: native`): what PowerPoint opens, edits and recolours."""

from __future__ import annotations

import re

import pytest
from lxml import etree
from pptx.enum.shapes import MSO_SHAPE_TYPE

from helpers import build, make_template, run, write_deck

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS = {"a": A, "p": "http://schemas.openxmlformats.org/presentationml/2006/main"}

LAYERS = [
    ("모델", "AI 서비스의 핵심, 운영체제 같은 역할", ["ChatGPT", "Claude", "Gemini"]),
    ("애플리케이션", "모델을 활용한 B2C 서비스", ["GitHub Copilot", "weights.gg"]),
    ("엔터프라이즈 AI", "기업을 위한 B2B 솔루션", ["Salesforce", "Scale AI"]),
    ("AI 인프라", "모델을 돌리는 하드웨어와 클라우드", ["NVIDIA", "AWS", "GCP"]),
]
STEPS = [
    ("1단계 · 도구 대체", "생산성 SW를 새 도구로", ["Office → Canva, Slack"]),
    ("2단계 · 인력 대체", "AI와 협업해 일손을 줄임", ["생산성 30-100% 향상"]),
    ("3단계 · 완전 대체", "기존 SW와 인건비를 AI가 대신", ["외주 서비스까지 AI로"]),
]


def _items(items, indent: str) -> str:
    return "".join(
        f'{indent}- {{name: "{name}", text: "{text}", examples: [{", ".join(examples)}]}}\n'
        for name, text, examples in items
    )


def deck_text(theme: str = "", render: str = "render: native") -> str:
    pad = " " * 10
    return (
        f"title: 도표\nlang: ko-KR\n{theme}sections:\n  - title: S\n    slides:\n"
        "      - type: diagram\n        id: stack\n        title: 다섯 계층\n"
        f"        diagram:\n          kind: layers\n          {render}\n          items:\n"
        f"{_items(LAYERS, pad + '  ')}"
        "      - type: diagram\n        title: 계층 하나\n        diagram:\n"
        f"          kind: layers\n          {render}\n          highlight: 애플리케이션\n"
        f"          items:\n{_items(LAYERS, pad + '  ')}"
        "        bullets: [모델을 활용한 서비스, 소비자와 만나는 접점]\n"
        "      - type: diagram\n        id: stages\n        title: 세 단계\n        diagram:\n"
        f"          kind: steps\n          {render}\n          items:\n{_items(STEPS, pad + '  ')}"
    )


@pytest.fixture(scope="module")
def native(tmp_path_factory):
    folder = tmp_path_factory.mktemp("native")
    deck = write_deck(folder, deck_text())
    return deck, build(deck)  # build() also asserts openxml-audit finds no error


def groups(prs):
    return [
        (number, shape)
        for number, slide in enumerate(prs.slides, start=1)
        for shape in slide.shapes
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP
    ]


def _holds_text(shape) -> bool:
    """Return whether `shape` has a text body (python-pptx's `text_frame` would add one to a
    band or an arrow)."""
    return shape._element.find("p:txBody", NS) is not None


def test_each_diagram_is_one_group_named_after_it_with_alt_text(native):
    _deck, prs = native
    found = groups(prs)
    assert [g.name for _, g in found] == ["Diagram stack", "Diagram 2", "Diagram stages"]
    alts = [g._element.find("p:nvGrpSpPr/p:cNvPr", NS).get("descr") for _, g in found]
    assert alts[0].startswith("Layer diagram, top to bottom: 다섯 계층. 모델 (AI 서비스의 핵심")
    assert alts[1].startswith("Layer diagram, top to bottom, 애플리케이션 highlighted")
    assert alts[2].startswith("Step diagram, left to right: 세 단계. 1단계 · 도구 대체")
    # No picture: the diagrams are not drawn by deckgen.
    assert not [s for slide in prs.slides for s in slide.shapes if s.shape_type == 13]


def test_item_names_descriptions_and_examples_are_editable_text(native):
    _deck, prs = native
    for (_, group), items in zip(groups(prs), (LAYERS, LAYERS, STEPS), strict=True):
        # A line break the layout balanced is a vertical tab in python-pptx's text.
        texts = [s.text_frame.text.replace("\v", " ") for s in group.shapes if _holds_text(s)]
        texts = [t for t in texts if t]
        for name, text, examples in items:
            assert name in texts
            assert any(text in t for t in texts), text
            assert any(all(e.split()[0] in t for e in examples) for t in texts), examples


def test_fills_and_text_colours_are_theme_colours(native):
    _deck, prs = native
    for _, group in groups(prs):
        xml = etree.tostring(group._element, encoding="unicode")
        assert "srgbClr" not in xml and "sysClr" not in xml
        slots = set(re.findall(r'<a:schemeClr val="(\w+)"', xml))
        assert slots <= {"accent1", "accent2", "accent6", "tx1", "bg1"}, slots
        fills = group._element.findall("p:sp/p:spPr/a:solidFill/a:schemeClr", NS)
        assert len(fills) >= 3
    # The navigator: the highlighted band in the accent colour, the others a lightened tx1.
    navigator = groups(prs)[1][1]
    bands = [
        s._element.find("p:spPr/a:solidFill/a:schemeClr", NS)
        for s in navigator.shapes
        if re.fullmatch(r"Layer \d", s.name)
    ]
    assert [b.get("val") for b in bands] == ["tx1", "accent2", "tx1", "tx1"]
    assert bands[0].find("a:lumOff", NS) is not None


@pytest.mark.requires("soffice")
def test_a_new_accent_colour_in_the_theme_recolours_the_diagram(native, tmp_path):
    """Rendered before and after accent1 changes in the theme part alone: the top band of the
    layers diagram (the primary colour) takes the new colour."""
    pytest.importorskip("fitz")
    import zipfile

    import fitz

    from deckgen.export.libreoffice import to_pdf

    deck, prs = native
    number, group = groups(prs)[0]
    band = next(s for s in group.shapes if s.name == "Layer 1")
    left, top, height = (v / 12700 for v in (band.left, band.top, band.height))
    built = deck.parent / "out" / "deck.pptx"
    recoloured = tmp_path / "recoloured.pptx"
    with zipfile.ZipFile(built) as source, zipfile.ZipFile(recoloured, "w") as target:
        for info in source.infolist():
            blob = source.read(info.filename)
            if re.fullmatch(r"ppt/theme/theme\d+\.xml", info.filename):
                blob = re.sub(
                    rb'(<a:accent1><a:srgbClr val=")[0-9A-Fa-f]{6}', rb"\g<1>00A000", blob
                )
            target.writestr(info, blob)
    colours = []
    for pptx in (built, recoloured):
        pdf = to_pdf(pptx, tmp_path / f"{pptx.stem}.pdf")
        pixmap = fitz.open(pdf)[number - 1].get_pixmap(dpi=30)
        colours.append(pixmap.pixel(int((left + 6) * 30 / 72), int((top + height / 2) * 30 / 72)))
    assert colours[0] != colours[1]
    assert colours[1][1] > colours[1][0] and colours[1][1] > colours[1][2]  # green now


def test_no_run_names_a_typeface_and_every_run_and_paragraph_is_set_for_korean(native):
    _deck, prs = native
    for _, group in groups(prs):
        runs = group._element.findall(".//a:r", NS)
        assert len(runs) >= 9
        assert all(r.find("a:rPr", NS).get("lang") for r in runs)
        assert not group._element.findall(".//a:rPr/a:latin", NS)
        assert not group._element.findall(".//a:rPr/a:ea", NS)
        paragraphs = group._element.findall(".//a:p", NS)
        assert all(p.find("a:pPr", NS).get("eaLnBrk") == "0" for p in paragraphs)


def test_on_a_template_texts_take_its_theme_fonts_and_muted_is_its_text_colour(tmp_path):
    make_template(tmp_path / "company.pptx")
    prs = build(write_deck(tmp_path, deck_text("theme: {template: company.pptx}\n")))
    for _, group in groups(prs):
        xml = etree.tostring(group._element, encoding="unicode")
        assert "accent6" not in xml  # a template's accent6 is its own colour
        faces = {f.get("typeface") for f in group._element.iterfind(".//a:rPr/a:latin", NS)}
        assert faces <= {"+mn-lt"}


def test_a_rebuild_is_byte_identical(native, tmp_path):
    deck, _prs = native
    first = (deck.parent / "out" / "deck.pptx").read_bytes()
    again = tmp_path / "again.pptx"
    assert run("build", str(deck), "-o", str(again), "--no-cache").exit_code == 0
    assert again.read_bytes() == first


@pytest.mark.requires("soffice")
def test_the_render_shows_every_item_name_inside_its_shape(native, tmp_path):
    """Through `deckgen pdf` (LibreOffice), read with PyMuPDF: each name is drawn, and every
    glyph of the diagram's texts lies inside the band or card its text belongs to."""
    fitz = pytest.importorskip("fitz")
    deck, prs = native
    pdf = tmp_path / "deck.pdf"
    assert run("pdf", str(deck), "-o", str(pdf)).exit_code == 0
    document = fitz.open(pdf)
    for number, group in groups(prs):
        page = document[number - 1]
        owners = {}
        for shape in group.shapes:
            match = re.fullmatch(r"(Layer|Step) (\d+)", shape.name)
            if match:
                owners[shape.name] = [v / 12700 for v in (shape.left, shape.top)] + [
                    (shape.left + shape.width) / 12700,
                    (shape.top + shape.height) / 12700,
                ]
        checked = 0
        for shape in group.shapes:
            if not _holds_text(shape) or not shape.text_frame.text.strip():
                continue
            owner = owners[" ".join(shape.name.split()[:2])]
            for line in shape.text_frame.text.replace("\v", "\n").split("\n"):
                for word in line.split():
                    hits = page.search_for(word)
                    assert hits, (number, word)
                    inside = [
                        h
                        for h in hits
                        if owner[0] - 1 <= h.x0
                        and h.x1 <= owner[2] + 1
                        and owner[1] - 1 <= h.y0
                        and h.y1 <= owner[3] + 1
                    ]
                    assert inside, (number, shape.name, word, hits, owner)
                    checked += 1
        assert checked >= 12
