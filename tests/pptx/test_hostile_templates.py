"""Damaged and hostile templates: each is a located error at `theme.template`, alike in `check`
and `build`, never a traceback or a written deck, whatever part of the package is wrong."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import make_template, template_deck

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
