"""Damaged and hostile templates: each is a located error at `theme.template`, alike in `check`
and `build`, never a traceback or a written deck, whatever part of the package is wrong."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import TEMPLATE_TEXT, build, make_template, run, template_deck

# Every test here builds decks on damaged templates, most of them several.
pytestmark = pytest.mark.slow

PREVIOUS = b"the previous build, which a failed build must leave alone"


def rewrite(path: Path, change: Callable[[str, bytes], bytes | None]) -> None:
    """Rewrite the template at `path`, each part through `change(name, data)` (None drops it)."""
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts:
            changed = change(info.filename, data)
            if changed is not None:
                target.writestr(info.filename, changed)


def patch_header(path: Path, member: str, offset: int, value: bytes) -> None:
    """Overwrite bytes of `member`'s local header and central directory entry (flags, method)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    for signature, field in ((b"PK\x03\x04", 6 + offset), (b"PK\x01\x02", 8 + offset)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                data[start + field : start + field + len(value)] = value
            start += 4
    path.write_bytes(bytes(data))


def flip_byte(path: Path, member: str) -> None:
    """Damage one byte of `member`'s stored data, so that its checksum fails."""
    rewrite(path, lambda _n, d: d)  # deflated; store the member instead, to find its bytes
    with zipfile.ZipFile(path) as source:
        parts = [(i.filename, source.read(i)) for i in source.infolist()]
    with zipfile.ZipFile(path, "w") as target:  # stored
        for name, data in parts:
            target.writestr(name, data)
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    raw[start + 20] ^= 0xFF
    path.write_bytes(bytes(raw))


MASTER = "ppt/slideMasters/slideMaster1.xml"
THEME = "ppt/theme/theme1.xml"
LAYOUT = "ppt/slideLayouts/slideLayout2.xml"
NOTES_MASTER = "ppt/notesMasters/notesMaster1.xml"
TYPES = "[Content_Types].xml"


def add_members(path: Path, count: int) -> None:
    """Append `count` empty members to the zip at `path`."""
    with zipfile.ZipFile(path, "a") as archive:
        for number in range(count):
            archive.writestr(f"x/{number}", b"")


def understate_members(path: Path) -> None:
    """Make the zip's end record claim 5 members, whatever its central directory holds."""
    data = bytearray(path.read_bytes())
    end = data.rfind(b"PK\x05\x06")
    data[end + 8 : end + 12] = b"\x05\x00\x05\x00"
    path.write_bytes(bytes(data))


def one_part(name: str, old: bytes, new: bytes) -> Callable[[Path], None]:
    """Return a damage that replaces `old` by `new` in part `name` (it must be there)."""

    def change(part: str, data: bytes) -> bytes:
        if part == name:
            assert old in data, (name, old)
            return data.replace(old, new, 1)
        return data

    return lambda p: rewrite(p, change)


DAMAGE = {
    "encrypted-part": (
        lambda p: patch_header(p, MASTER, 0, b"\x01\x00"),
        "has an encrypted part (ppt/slideMasters/slideMaster1.xml); save it unprotected",
    ),
    "unknown-compression": (
        lambda p: patch_header(p, MASTER, 2, b"\x63\x00"),
        "stores ppt/slideMasters/slideMaster1.xml in a way PowerPoint files do not (zip "
        "method 99); save the template again from PowerPoint",
    ),
    "bad-checksum": (
        lambda p: flip_byte(p, MASTER),
        "is a damaged PowerPoint file (Bad CRC-32 for file 'ppt/slideMasters/slideMaster1.xml')",
    ),
    "missing-layout": (
        lambda p: rewrite(p, lambda n, d: None if n == LAYOUT else d),
        "is missing ppt/slideLayouts/slideLayout2.xml, which "
        "ppt/slideMasters/_rels/slideMaster1.xml.rels refers to; save the template again "
        "from PowerPoint",
    ),
    "entity-in-master": (
        lambda p: rewrite(
            p,
            lambda n, d: (
                d.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY e "boom">]>', 1).replace(
                    b"<a:t>", b"<a:t>&e;", 1
                )
                if n == MASTER
                else d
            ),
        ),
        "declares a DOCTYPE in ppt/slideMasters/slideMaster1.xml; PowerPoint files never do "
        "(the template may be hostile)",
    ),
    "external-entity": (
        lambda p: rewrite(
            p,
            lambda n, d: (
                d.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', 1)
                if n == THEME
                else d
            ),
        ),
        "declares a DOCTYPE in ppt/theme/theme1.xml; PowerPoint files never do "
        "(the template may be hostile)",
    ),
    "malformed-xml": (
        lambda p: rewrite(p, lambda n, d: d[:-40] if n == LAYOUT else d),
        "is a damaged PowerPoint file (",
    ),
    "invalid-colour": (
        lambda p: rewrite(
            p,
            lambda n, d: (
                re.sub(rb'(<a:accent1>\s*<a:srgbClr val=")\w+', rb"\1ZZZZZZ", d)
                if n == THEME
                else d
            ),
        ),
        "has an invalid colour in its theme (accent1: 'ZZZZZZ'); save the template again "
        "from PowerPoint",
    ),
    "too-many-members": (
        lambda p: add_members(p, 10_001),
        "holds more than 10,000 files (zip members); a template may hold at most 10,000",
    ),
    "understated-member-count": (
        lambda p: (add_members(p, 10_001), understate_members(p)),
        "holds more than 10,000 files (zip members); a template may hold at most 10,000",
    ),
    "not-a-presentation": (
        one_part(TYPES, b"presentationml.presentation.main+xml", b"wordprocessingml.main+xml"),
        "labels ppt/presentation.xml as 'application/vnd.openxmlformats-officedocument."
        "wordprocessingml.main+xml', not as a presentation: not a PowerPoint file",
    ),
    "notes-placeholder-index": (
        one_part(NOTES_MASTER, b'idx="3"', b'idx="1&quot; bad=&quot;&lt;"'),
        "has a placeholder with an invalid idx ('1\" bad=\"<') in "
        "ppt/notesMasters/notesMaster1.xml; save the template again from PowerPoint",
    ),
    "notes-placeholder-size": (
        one_part(NOTES_MASTER, b'sz="quarter"', b'sz="quarter&quot;/&gt;&lt;x"'),
        "has a placeholder with an invalid sz ('quarter\"/><x') in "
        "ppt/notesMasters/notesMaster1.xml; save the template again from PowerPoint",
    ),
    "layout-placeholder-type": (
        one_part(LAYOUT, b'type="title"', b'type="title&quot; x=&quot;"'),
        "has a placeholder with an invalid type ('title\" x=\"') in "
        "ppt/slideLayouts/slideLayout2.xml; save the template again from PowerPoint",
    ),
    "master-position": (
        one_part(MASTER, b'<a:off x="', b'<a:off x="1in" y-was="'),
        "has an invalid position or size (x: '1in') in ppt/slideMasters/slideMaster1.xml; "
        "save the template again from PowerPoint",
    ),
    "thousands-of-typefaces": (
        one_part(
            MASTER,
            b"<a:t>Click to edit Master title style</a:t>",
            b"".join(
                b'<a:t>x</a:t></a:r><a:r><a:rPr lang="en-US"><a:latin typeface="F%d"/></a:rPr>' % n
                for n in range(201)
            )
            + b"<a:t>x</a:t>",
        ),
        "names more than 200 typefaces (fonts); a template may name at most 200",
    ),
    "tiny-slides": (
        lambda p: rewrite(
            p,
            lambda n, d: (
                re.sub(rb'<p:sldSz cx="\d+" cy="\d+"', b'<p:sldSz cx="10" cy="10"', d)
                if n == "ppt/presentation.xml"
                else d
            ),
        ),
        "has a slide size of 1.09361e-05 x 1.09361e-05 inches; PowerPoint's slides are 1 to 56 "
        "inches on a side",
    ),
}


@pytest.mark.parametrize("damage", list(DAMAGE), ids=list(DAMAGE))
def test_a_damaged_template_is_a_located_error_in_check_and_build(
    tmp_path, bounded_deckgen, damage
):
    make_template(tmp_path / "company.pptx")
    spoil, message = DAMAGE[damage]
    spoil(tmp_path / "company.pptx")
    deck = template_deck(tmp_path)
    (tmp_path / "out.pptx").write_bytes(PREVIOUS)
    check = bounded_deckgen("check", deck.name, cwd=tmp_path, seconds=20)
    build = bounded_deckgen("build", deck.name, "-o", "out.pptx", cwd=tmp_path, seconds=20)
    for result in (check, build):
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
    assert build.stderr == check.stderr
    line = next(line for line in check.stderr.splitlines() if "theme.template" in line)
    assert re.match(r"deck\.yaml:\d+:\d+: theme\.template: 'company\.pptx' ", line), line
    assert message in line
    assert (tmp_path / "out.pptx").read_bytes() == PREVIOUS


# --- what a template brings that the deck leaves out --------------------------------------------

VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
PRESENTATION_RELS = "ppt/_rels/presentation.xml.rels"
MACRO = "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"


def with_macros(path: Path, main: str) -> None:
    """Make the template at `path` a macro-enabled package (or slide show) of main type `main`."""

    def change(name: str, data: bytes) -> bytes:
        if name == TYPES:
            data = re.sub(
                rb'(PartName="/ppt/presentation.xml" ContentType=")[^"]*',
                rb"\g<1>" + main.encode(),
                data,
            )
            assert main.encode() in data
            return data.replace(
                b"</Types>",
                b'<Override PartName="/ppt/vbaProject.bin" '
                b'ContentType="application/vnd.ms-office.vbaProject"/></Types>',
            )
        if name == PRESENTATION_RELS:
            rel = f'<Relationship Id="rId99" Type="{VBA}" Target="vbaProject.bin"/>'
            return data.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
        return data

    rewrite(path, change)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("ppt/vbaProject.bin", b"\xd0\xcf\x11\xe0 macros")


@pytest.mark.parametrize(
    "main",
    [
        MACRO,
        "application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
        "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml",
        "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml",
    ],
    ids=["pptm", "potm", "ppsm", "ppsx"],
)
def test_a_macro_or_slide_show_template_gives_a_plain_presentation(tmp_path, main):
    make_template(tmp_path / "company.pptx")
    with_macros(tmp_path / "company.pptx", main)
    deck = template_deck(tmp_path)
    assert run("check", str(deck)).exit_code == 0
    prs = build(deck)  # a sound package
    assert prs.slides[0].slide_layout.name == "Acme Cover"
    with zipfile.ZipFile(tmp_path / "out" / "deck.pptx") as archive:
        types = archive.read(TYPES).decode()
        assert (
            'PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.presentationml.presentation.main+xml"'
        ) in types
        assert "macroEnabled" not in types and "vbaProject" not in types
        assert not [n for n in archive.namelist() if "vba" in n.lower()]
        assert VBA not in archive.read(PRESENTATION_RELS).decode()


def test_a_layouts_link_to_the_sample_slide_is_dropped_with_the_slide(tmp_path):
    make_template(tmp_path / "company.pptx")
    slide_rel = (
        '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/slide" Target="../slides/slide1.xml"/>'
    )
    rewrite(
        tmp_path / "company.pptx",
        lambda n, d: (
            d.replace(b"</Relationships>", slide_rel.encode() + b"</Relationships>")
            if n == "ppt/slideLayouts/_rels/slideLayout1.xml.rels"
            else re.sub(
                rb'(<p:cNvPr id="2" name="[^"]*")/>',
                rb'\1><a:hlinkClick r:id="rId99" action="ppaction://hlinksldjump"/></p:cNvPr>',
                d,
                count=1,
            )
            if n == "ppt/slideLayouts/slideLayout1.xml"
            else d
        ),
    )
    with zipfile.ZipFile(tmp_path / "company.pptx") as archive:
        assert b"hlinksldjump" in archive.read("ppt/slideLayouts/slideLayout1.xml")
    prs = build(template_deck(tmp_path))
    assert len(prs.slides) == 18
    with zipfile.ZipFile(tmp_path / "out" / "deck.pptx") as archive:
        slides = [n for n in archive.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
        notes = [n for n in archive.namelist() if re.fullmatch(r"ppt/notesSlides/\w+\.xml", n)]
        assert len(slides) == 18  # the sample slide is no orphan part of the deck
        assert len(notes) == sum(1 for s in prs.slides if s.has_notes_slide)
        for name in archive.namelist():
            assert TEMPLATE_TEXT.encode() not in archive.read(name), name
        layout = archive.read("ppt/slideLayouts/slideLayout1.xml")
        assert b"hlinksldjump" not in layout
        assert b'relationships/slide"' not in archive.read(
            "ppt/slideLayouts/_rels/slideLayout1.xml.rels"
        )


NS_R = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
LINKED_PICTURE = (
    '<p:pic><p:nvPicPr><p:cNvPr id="99" name="Linked logo"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>'
    '<p:blipFill><a:blip r:link="rId99"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>'
    '<p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="9144000" cy="5143500"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>'
)
"""A picture the size of the slide whose bytes are not in the package, only its address."""


def external_rel(target: str, kind: str = "image") -> bytes:
    return (
        f'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/{kind}" Target="{target}" TargetMode="External"/></Relationships>'
    ).encode()


def link_outside(path: Path, picture: str, address: str) -> None:
    """Link the template's master to `picture` (a file: URL) in a shape, its theme's background
    fill to `address`, and its first layout to a linked OLE object at `picture`."""
    frame = (
        '<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="98" name="Linked sheet"/>'
        "<p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr>"
        '<p:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/></p:xfrm><a:graphic>'
        '<a:graphicData uri="http://schemas.openxmlformats.org/presentationml/2006/ole">'
        '<p:oleObj r:id="rId99" progId="Excel.Sheet.12"><p:link/></p:oleObj>'
        "</a:graphicData></a:graphic></p:graphicFrame>"
    )

    def change(name: str, data: bytes) -> bytes:
        if name == "ppt/slideMasters/_rels/slideMaster1.xml.rels":
            return data.replace(b"</Relationships>", external_rel(picture))
        if name == MASTER:
            return data.replace(b"</p:spTree>", LINKED_PICTURE.encode() + b"</p:spTree>", 1)
        if (
            name == "ppt/theme/_rels/theme1.xml.rels"
            or name == "ppt/slideLayouts/_rels/slideLayout1.xml.rels"
        ):
            kind = "image" if "theme" in name else "oleObject"
            target = address if "theme" in name else picture
            return data.replace(b"</Relationships>", external_rel(target, kind))
        if name == THEME:
            fill = b'<a:blipFill><a:blip xmlns:r="' + NS_R + b'" r:link="rId99"/>'
            fill += b"<a:stretch><a:fillRect/></a:stretch>"
            fill += b"</a:blipFill>"
            return re.sub(
                rb"(<a:bgFillStyleLst>.*?)(</a:bgFillStyleLst>)",
                rb"\1" + fill + rb"\2",
                data,
                flags=re.S,
            )
        if name == "ppt/slideLayouts/slideLayout1.xml":
            return data.replace(b"</p:spTree>", frame.encode() + b"</p:spTree>", 1)
        return data

    with zipfile.ZipFile(path) as archive:
        if "ppt/theme/_rels/theme1.xml.rels" not in archive.namelist():
            with zipfile.ZipFile(path, "a") as extra:
                extra.writestr(
                    "ppt/theme/_rels/theme1.xml.rels",
                    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
                    'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                    "</Relationships>",
                )
    rewrite(path, change)


def test_linked_pictures_and_objects_of_a_template_are_dropped(tmp_path):
    folder = tmp_path / "talk"
    folder.mkdir()
    outside = tmp_path / "outside.png"
    outside.write_bytes(b"not read")
    make_template(folder / "company.pptx")
    link_outside(folder / "company.pptx", outside.as_uri(), "http://deckgen.invalid/logo.png")
    with zipfile.ZipFile(folder / "company.pptx") as archive:
        linked = [n for n in archive.namelist() if b'TargetMode="External"' in archive.read(n)]
    assert len(linked) == 3  # master, theme and layout
    deck = template_deck(folder)
    assert run("check", str(deck)).exit_code == 0
    prs = build(deck)  # sound: no reference to a dropped relationship remains
    assert prs.slides[0].slide_layout.name == "Acme Cover"
    with zipfile.ZipFile(folder / "out" / "deck.pptx") as archive:
        for name in archive.namelist():
            data = archive.read(name)
            assert b"outside.png" not in data and b"deckgen.invalid" not in data, name
            if name.endswith(".rels"):
                for rel in re.findall(rb"<Relationship [^>]*>", data):
                    assert b"External" not in rel or b"/hyperlink" in rel, (name, rel)
        master = archive.read(MASTER)
        assert b"Linked logo" not in master and b"r:link" not in master
        assert b"Linked sheet" not in archive.read("ppt/slideLayouts/slideLayout1.xml")
        theme = archive.read("ppt/theme/theme1.xml")
        assert theme.count(b"<a:bgFillStyleLst>") == 1 and b"r:link" not in theme


# --- values from the template that reach the deck's XML ------------------------------------------

HOSTILE = '<&"\'> ]]> x="1"'
"""A value that breaks XML wherever it is written unescaped, as text or in an attribute."""


def esc(text: str) -> bytes:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    ).encode()


def hostile_values(name: str, data: bytes) -> bytes:
    """Write HOSTILE into every value deckgen reads of a part: names of layouts, masters,
    shapes and themes, typefaces, texts; and no prefix for the presentation part's namespace."""
    value = esc(HOSTILE)
    if name == THEME:
        data = re.sub(
            rb'(<a:(?:theme|clrScheme|fontScheme|fmtScheme) name=")[^"]*', rb"\g<1>" + value, data
        )
        data = re.sub(rb'(<a:(?:latin|ea) typeface=")[^"]+', rb"\g<1>Face " + value, data)
        data = re.sub(rb'(<a:font script="Hang" typeface=")[^"]*', rb"\g<1>Hang " + value, data)
    elif name.startswith(("ppt/slideLayouts/slideLayout", "ppt/slideMasters/slideMaster")):
        data = re.sub(rb'(<p:cSld name=")([^"]*)', rb"\g<1>\g<2> " + value, data)
        data = re.sub(rb'(<p:cNvPr id="\d+" name=")([^"]*)', rb"\g<1>\g<2> " + value, data)
        data = data.replace(b"<a:t>Click to edit", b"<a:t>" + value + b" Click to edit")
    elif name.startswith("ppt/notesMasters/notesMaster"):
        data = re.sub(rb'(<p:cNvPr id="\d+" name=")([^"]*)', rb"\g<1>\g<2> " + value, data)
    elif name == "ppt/presentation.xml":  # PresentationML as the default namespace
        data = re.sub(rb"<(/?)p:", rb"<\1", data).replace(b"xmlns:p=", b"xmlns=")
    elif name in ("docProps/app.xml", "docProps/core.xml"):
        data = data.replace(b"<dc:title>", b"<dc:title>" + value)
    return data


def test_hostile_values_in_every_template_part_give_a_sound_deck(tmp_path):
    make_template(tmp_path / "company.pptx")
    rewrite(tmp_path / "company.pptx", hostile_values)
    with zipfile.ZipFile(tmp_path / "company.pptx") as archive:
        assert esc(HOSTILE) in archive.read(THEME)
        assert b"<presentation " in archive.read("ppt/presentation.xml")
    cover = f"Acme Cover {HOSTILE}"
    theme = f"layouts: {{title: '{cover.replace(chr(39), chr(39) * 2)}'}}"
    deck = template_deck(tmp_path, theme + "\ncharts: native")
    assert run("check", str(deck)).exit_code == 0
    prs = build(deck)  # every part well-formed; package check and openxml-audit clean
    assert prs.slides[0].slide_layout.name == cover
    assert len(prs.slides) == 18
    assert any(s.has_notes_slide for s in prs.slides)  # the hostile notes master is used
    with zipfile.ZipFile(tmp_path / "out" / "deck.pptx") as archive:
        theme_xml = archive.read(THEME).decode()
        assert f'typeface="Face {esc(HOSTILE).decode()}"' in theme_xml


INK = (
    b'<p:contentPart xmlns:p14="http://schemas.microsoft.com/office/powerpoint/2010/main"'
    b' p14:bwMode="auto" r:id="rId98"><p14:nvContentPartPr><p14:cNvPr id="98" name="Ink 1"/>'
    b"<p14:cNvContentPartPr/><p14:nvPr/></p14:nvContentPartPr></p:contentPart>"
)
"""Ink whose part was never saved: its `r:id` names no relationship of the layout."""


def test_a_reference_to_a_relationship_the_template_lacks_is_dropped(tmp_path):
    make_template(tmp_path / "company.pptx")
    rewrite(
        tmp_path / "company.pptx",
        lambda n, d: d.replace(b"</p:spTree>", INK + b"</p:spTree>", 1) if n == LAYOUT else d,
    )
    with zipfile.ZipFile(tmp_path / "company.pptx") as archive:
        assert b'r:id="rId98"' in archive.read(LAYOUT)
    build(template_deck(tmp_path))  # the package check included: no reference left dangling
    with zipfile.ZipFile(tmp_path / "out" / "deck.pptx") as archive:
        for name in archive.namelist():
            assert b'"rId98"' not in archive.read(name), name
