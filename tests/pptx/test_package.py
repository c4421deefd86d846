"""Every .pptx deckgen writes is a sound package; the package checker finds what breaks one.

The checker lives in tests/package_check.py for every test to use.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PIL import Image

from deckgen.outline.model import SLIDE_TYPES
from helpers import build, every_type_deck, make_template, run, template_deck, write_deck
from package_check import assert_sound, audit, problems
from pptx import Presentation

TALK = Path(__file__).resolve().parents[2] / "deck.yaml"

EVERY_TYPE = """
title: Every slide type
subtitle: 모든 종류
author: Tester
lang: ko-KR
closing: 감사합니다
sections:
  - title: Text
    slides:
      - type: bullets
        title: Bullets
        bullets: [one, {text: two, bullets: [two and a half]}]
        notes: Speaker notes.
        source: A source
      - {type: quote, quote: A quotation, by: Someone}
      - {type: statement, text: One ==big== sentence}
      - {type: stat, value: "42", label: The answer, detail: of everything}
      - type: columns
        title: Columns
        columns:
          - {heading: Left, bullets: [a]}
          - {heading: Right, bullets: [b]}
      - type: timeline
        title: Timeline
        events: [{when: 2023, label: first}, {when: 2024, label: second}]
  - title: Figures
    slides:
      - type: chart
        title: Chart
        chart:
          kind: bar
          categories: [a, b]
          series: [{name: s, values: [1, 2]}]
      - type: chart
        title: Native chart
        chart:
          kind: line
          render: native
          categories: [a, b]
          series: [{name: s, values: [1, 2]}]
      - type: diagram
        title: Diagram
        diagram:
          kind: layers
          items: [{name: top}, {name: bottom}]
      - {type: image, title: Image, image: pic.png, caption: A picture}
      - type: table
        title: Table
        table:
          columns: [name, value]
          rows: [[a, 1], [b, 2.5]]
          highlight: {row: 0}
"""


@pytest.mark.slow
def test_the_talk_builds_into_a_sound_package(tmp_path):
    deck = tmp_path / "deck.yaml"
    shutil.copyfile(TALK, deck)
    out = tmp_path / "deck.pptx"
    result = run("build", str(deck), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert_sound(out)


@pytest.mark.slow
def test_a_deck_of_every_slide_type_builds_into_a_sound_package(tmp_path):
    Image.new("RGB", (64, 48), "#AA3366").save(tmp_path / "pic.png")
    deck = write_deck(tmp_path, EVERY_TYPE)
    assert all(f"type: {kind}" in EVERY_TYPE for kind in SLIDE_TYPES)
    out = tmp_path / "deck.pptx"
    result = run("build", str(deck), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert_sound(out)
    prs = Presentation(str(out))
    assert any(shape.has_chart for slide in prs.slides for shape in slide.shapes)


# --- the checker itself ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def sound(tmp_path_factory) -> bytes:
    """Return the bytes of a small deck deckgen built, with a picture in it."""
    folder = tmp_path_factory.mktemp("sound")
    Image.new("RGB", (16, 16), "#3366AA").save(folder / "pic.png")
    deck = write_deck(
        folder,
        """
        title: T
        sections:
          - title: S
            slides:
              - {type: image, title: I, image: pic.png}
        """,
    )
    assert run("build", str(deck), "-o", str(folder / "deck.pptx")).exit_code == 0
    return (folder / "deck.pptx").read_bytes()


def _rezip(data: bytes, change: Callable[[str, bytes], bytes | None], extra=()) -> bytes:
    """Return the package `data` with every part passed through `change` (None drops it)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            blob = change(name, source.read(name))
            if blob is not None:
                target.writestr(name, blob)
        for name, blob in extra:
            target.writestr(name, blob)
    return out.getvalue()


def _image_name(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return next(n for n in archive.namelist() if n.startswith("ppt/media/"))


def test_the_checker_passes_a_sound_package(sound):
    assert problems(sound) == []


def test_the_checker_finds_a_part_without_a_content_type(sound):
    def drop_png(name, blob):
        if name == "[Content_Types].xml":
            return blob.replace(b'<Default Extension="png" ContentType="image/png"/>', b"")
        return blob

    found = problems(_rezip(sound, drop_png))
    assert f"{_image_name(sound)}: no content type in [Content_Types].xml" in found


def test_the_checker_finds_a_missing_relationship_target(sound):
    image = _image_name(sound)
    found = problems(_rezip(sound, lambda name, blob: None if name == image else blob))
    assert found == [
        "ppt/slides/_rels/slide3.xml.rels: rId2 targets ../media/image1.png, "
        "which is not in the package"
    ]


def test_the_checker_finds_malformed_xml(sound):
    def break_slide(name, blob):
        return blob[:-20] if name == "ppt/slides/slide1.xml" else blob

    found = problems(_rezip(sound, break_slide))
    assert len(found) == 1
    assert found[0].startswith("ppt/slides/slide1.xml: XML is not well-formed")


def test_the_checker_finds_an_override_for_a_missing_part(sound):
    found = problems(
        _rezip(sound, lambda name, blob: None if name == "ppt/presProps.xml" else blob)
    )
    assert "[Content_Types].xml: Override for /ppt/presProps.xml, which is not in the package" in (
        found
    )


def test_the_checker_finds_a_slide_of_the_wrong_content_type(sound):
    def untype_slide(name, blob):
        if name == "[Content_Types].xml":
            start = blob.index(b'<Override PartName="/ppt/slides/slide1.xml"')
            return blob[:start] + blob[blob.index(b"/>", start) + 2 :]
        return blob

    [found] = problems(_rezip(sound, untype_slide))
    assert re.fullmatch(
        r"ppt/_rels/presentation\.xml\.rels: rId\d+ targets ppt/slides/slide1\.xml, of type "
        r"'application/xml', not 'presentationml\.slide\+xml'",
        found,
    )


def test_the_checker_finds_a_damaged_member(sound):
    marker = b"<a>a marker to damage</a>"
    stored = _rezip(sound, lambda name, blob: blob, extra=[("ppt/extra.xml", marker)])
    damaged = stored.replace(marker, marker.replace(b"damage", b"DAMAGE"))
    assert problems(damaged) == ["ppt/extra.xml: CRC or header is damaged"]


def test_the_checker_finds_a_repeated_member_and_a_non_zip(sound):
    with pytest.warns(UserWarning, match="Duplicate name"):
        repeated = _rezip(sound, lambda name, blob: blob, extra=[("ppt/presProps.xml", b"<a/>")])
    assert "ppt/presProps.xml: appears more than once in the zip" in problems(repeated)
    assert problems(b"not a zip")[0].startswith("not a zip file")
    assert problems(sound[: len(sound) // 2])[0].startswith("not a zip file")


@pytest.mark.parametrize(
    ("rid", "problem"),
    [
        ("rId99", "<blip r:embed='rId99'> names no relationship"),
        ("rId1", "<blip r:embed='rId1'> names a slideLayout relationship, not image"),
    ],
    ids=["no-such-relationship", "wrong-type"],
)
def test_the_checker_finds_a_reference_to_the_wrong_relationship(sound, rid, problem):
    def repoint(name, blob):
        if name == "ppt/slides/slide3.xml":
            return re.sub(rb'r:embed="rId\d+"', f'r:embed="{rid}"'.encode(), blob)
        return blob

    assert problems(_rezip(sound, repoint)) == [f"ppt/slides/slide3.xml: {problem}"]


def test_openxml_audit_finds_what_the_schemas_forbid(tmp_path):
    deck = write_deck(
        tmp_path,
        """
        title: T
        theme: {charts: native}
        sections:
          - title: S
            slides:
              - type: chart
                title: C
                chart: {kind: bar, categories: [a, b], series: [{name: s, values: [1, 2]}]}
        """,
    )
    out = tmp_path / "deck.pptx"
    assert run("build", str(deck), "-o", str(out)).exit_code == 0
    assert audit(out) == []

    def negative_axis_ids(name, blob):  # what python-pptx's chart template holds
        return re.sub(rb'(axId|crossAx) val="', rb'\1 val="-', blob) if "charts/" in name else blob

    found = audit(_rezip(out.read_bytes(), negative_axis_ids))
    assert found and all("less than minimum 0" in line for line in found), found


# --- a packed base package (the cache's) ---------------------------------------------------------


def test_a_packed_base_naming_a_slot_no_design_has_is_refused(tmp_path):
    """The slots a cached base maps to placeholders are read back as slot names: a name no
    design has (an older deckgen's, a tampered entry) makes it no base, so it is made again."""
    from deckgen.commands.build import prepare
    from deckgen.pptx import own
    from deckgen.pptx.package import BASE_INFO, Base
    from helpers import every_type_deck

    prepared = prepare(every_type_deck(tmp_path))
    laid = prepared.laid
    packed = own.make_base(prepared.deck, laid.designs, laid.grid).packed()
    assert Base.unpack(packed).layouts["columns-2"].placeholders

    def rename(name: str, blob: bytes) -> bytes:
        return blob.replace(b'"column-1"', b'"colum-1"') if name == BASE_INFO else blob

    with pytest.raises(ValueError, match="no slot is called 'colum-1'"):
        Base.unpack(_rezip(packed, rename))


def test_part_names_are_the_first_free_ones_in_order():
    from deckgen.pptx.package import Base, Package

    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        for name in ("ppt/media/image1.png", "ppt/media/image3.png", "ppt/slides/slide1.xml"):
            archive.writestr(name, b"")
    base = Base(data.getvalue(), {}, "", (), "ppt/presentation.xml", "docProps/core.xml")
    package = Package(base)
    images = [package.name("ppt/media/image{}.png") for _ in range(3)]
    slides = [package.name("ppt/slides/slide{}.xml") for _ in range(20_000)]
    assert images == ["ppt/media/image2.png", "ppt/media/image4.png", "ppt/media/image5.png"]
    assert package.name("ppt/media/image{}.jpeg") == "ppt/media/image1.jpeg"
    assert slides == [f"ppt/slides/slide{n}.xml" for n in range(2, 20_002)]


# --- the file's properties ------------------------------------------------------------------

DATED = """
title: T
{date}sections:
  - title: S
    slides:
      - {{type: bullets, title: B, bullets: [x]}}
"""


@pytest.mark.parametrize(
    ("date", "stamp"),
    [
        ("date: 2025-03-14\n", "2025-03-14T00:00:00Z"),
        ("date: 2025년 봄\n", None),
        ("", None),
    ],
    ids=["a-date", "a-text-date", "no-date"],
)
def test_the_file_is_dated_by_the_deck_or_not_at_all(tmp_path, date, stamp):
    # File > Info showed 2000-01-01 as created, modified and last printed.
    deck = write_deck(tmp_path, DATED.format(date=date))
    prs = build(deck)
    props = prs.core_properties
    assert props.last_printed is None
    if stamp is None:
        assert (props.created, props.modified) == (None, None)
    else:
        assert props.created.isoformat() == props.modified.isoformat() == stamp[:-1]
    core = zipfile.ZipFile(deck.parent / "out" / "deck.pptx").read("docProps/core.xml")
    assert b"lastPrinted" not in core and b"2000-" not in core


def fonts_used(path: Path) -> list[str]:
    """Return the faces the file's properties list under Fonts Used."""
    app = zipfile.ZipFile(path).read("docProps/app.xml").decode()
    vt = "{http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes}"
    root = ElementTree.fromstring(app)
    pairs = [v[0].text for v in root.iter(f"{vt}variant")]
    count = int(pairs[pairs.index("Fonts Used") + 1])
    return [e.text for e in root.iter(f"{vt}lpstr")][len(pairs) // 2 :][:count]


def named_faces(path: Path) -> set[str]:
    """Return the faces the slides, layouts and masters name, and their themes' fonts."""
    faces = set()
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            text = package.read(name).decode("utf-8", "replace")
            if re.fullmatch(r"ppt/(slides|slideLayouts|slideMasters)/\w+\.xml", name):
                faces |= set(
                    re.findall(r'<a:(?:latin|ea|cs|sym|buFont) typeface="([^"+][^"]*)"', text)
                )
            elif name == "ppt/theme/theme1.xml":
                for group in re.findall(r"<a:(?:major|minor)Font>(.*?)</a:", text, re.S):
                    faces |= set(re.findall(r'<a:(?:latin|ea) typeface="([^"]+)"', group))
    return faces


@pytest.mark.slow
@pytest.mark.parametrize(
    ("template", "expected"),
    [(False, {"Malgun Gothic", "Arial"}), (True, {"Calibri", "Georgia", "맑은 고딕", "Arial"})],
    ids=["own-base", "company-template"],
)
def test_fonts_used_lists_every_face_the_package_names(tmp_path, template, expected):
    # Arial (bullet characters) and a template's heading face were missing.
    if template:
        make_template(tmp_path / "company.pptx")  # headings in Calibri, body in Georgia
        deck = template_deck(tmp_path)
    else:
        deck = every_type_deck(tmp_path)
    build(deck)
    out = deck.parent / "out" / "deck.pptx"
    listed = fonts_used(out)
    assert len(listed) == len(set(listed))
    assert expected <= set(listed)
    assert named_faces(out) <= set(listed)


def test_text_that_reads_like_a_face_is_not_listed_as_one(tmp_path):
    # The faces were found by a pattern over the parts' bytes, text included: a native chart's
    # category (its XML keeps `"` as it is in text) put "Wingdings" under Fonts Used.
    deck = write_deck(
        tmp_path,
        """
        title: T
        theme: {charts: native}
        sections:
          - title: S
            slides:
              - type: chart
                title: XML
                chart:
                  kind: bar
                  categories: ['a typeface="Wingdings" b', 'c']
                  series: [{name: n, values: [1, 2]}]
        """,
    )
    build(deck)
    assert "Wingdings" not in fonts_used(deck.parent / "out" / "deck.pptx")
