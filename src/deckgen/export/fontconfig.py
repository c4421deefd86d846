"""The faces LibreOffice renders a deck in: the deck's own where installed, else the bundled one.

A deck names Windows faces (Malgun Gothic by default). On a Linux machine without them,
fontconfig substitutes a Latin face (DejaVu Sans) and LibreOffice falls back to another for
Hangul (NanumGothic): every mixed line in two families, in faces the fit never measured. A
private fonts.conf, given to LibreOffice as `FONTCONFIG_FILE`, includes the system's, adds the
bundled face (the one `deckgen.layout.fit` measures with) and puts it right after each face the
deck names: a machine that has the named face still renders it, one that lacks it renders the
bundled face rather than a substitute of fontconfig's choosing. macOS and Windows builds of
LibreOffice do not read fontconfig; they render the named faces or their own substitutes.
"""

from __future__ import annotations

import os
import posixpath
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from xml.etree import ElementTree

from deckgen import fonts
from deckgen.pptx.xml import esc as escape

SYSTEM_CONFIGS = (Path("/etc/fonts/fonts.conf"), Path("/usr/local/etc/fonts/fonts.conf"))
"""Where the system's fontconfig configuration lives (Linux, then the BSDs and Homebrew)."""
DEFAULT_FACES = ("Malgun Gothic", "맑은 고딕", "Segoe UI")
"""Faces mapped whatever the deck says: deckgen's default theme faces and their kin, so that an
office started before any deck is known (a warm server) renders them in the bundled face too."""
FILE = "fonts.conf"

MAX_FACES = 32
"""Faces of a deck mapped at most (deckgen's own decks name three): a template that names
thousands would give as many rules, and LibreOffice tries every rule for every text it sets
(20,000 faces: past the 300 s limit of a PDF export)."""

_THEME = re.compile(r"<a:(?:majorFont|minorFont)>.*?</a:(?:majorFont|minorFont)>", re.S)
_THEME_FACE = re.compile(r'<a:(?:latin|ea|font script="(?:Hang|Kore)")\s[^>]*?typeface="([^"]*)"')
_TEXT_FACE = re.compile(r'<a:(?:latin|ea|buFont)\s[^>]*?typeface="([^"]*)"')
_SLIDE = re.compile(r"ppt/slides/slide(\d+)\.xml")
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def deck_faces(pptx: Path) -> list[str]:
    """Return the faces the slides of `pptx` use, in order, at most MAX_FACES: the theme fonts
    of their masters (Latin, East Asian and Hangul, headings and body), then any face the
    slides, their layouts and their masters name themselves (bullets' included: "Arial", where
    missing, is no better a home for a bullet than the text's own face)."""
    try:
        with zipfile.ZipFile(pptx) as package:
            found = _faces(package)
    except (OSError, zipfile.BadZipFile, ElementTree.ParseError):
        return []  # LibreOffice says what is wrong with the file
    faces = [face for face in dict.fromkeys(found) if face and not face.startswith("+")]
    return faces[:MAX_FACES]


def _faces(package: zipfile.ZipFile) -> list[str]:
    """Return every face the slides of `package` use, repeats kept: the theme fonts of their
    masters, then the faces their own parts, layouts and masters name."""
    numbered = {int(m[1]): m[0] for name in package.namelist() if (m := _SLIDE.fullmatch(name))}
    slides = [numbered[number] for number in sorted(numbered)]
    layouts = _related(package, slides, "slideLayout")
    masters = _related(package, layouts, "slideMaster")
    found: list[str] = []
    for theme in _related(package, masters, "theme"):
        for scheme in _THEME.findall(_read(package, theme)):
            found += _THEME_FACE.findall(scheme)
    for part in [*slides, *layouts, *masters]:
        found += _TEXT_FACE.findall(_read(package, part))
    return found


def _related(package: zipfile.ZipFile, parts: list[str], kind: str) -> list[str]:
    """Return the parts that `parts` relate to by relationship type `kind`, each once."""
    found: dict[str, None] = {}
    for part in parts:
        folder, name = posixpath.split(part)
        rels = _read(package, posixpath.join(folder, "_rels", name + ".rels"))
        for rel in ElementTree.fromstring(rels).iter(_REL) if rels else ():
            if rel.get("Type", "").endswith("/" + kind) and rel.get("TargetMode") != "External":
                target = posixpath.normpath(posixpath.join(folder, rel.get("Target", "")))
                found[target.lstrip("/")] = None
    return list(found)


def _read(package: zipfile.ZipFile, name: str) -> str:
    """Return the text of part `name` of `package`, or "" where it is missing."""
    try:
        return package.read(name).decode("utf-8", "replace")
    except KeyError:
        return ""


def config(faces: Iterable[str]) -> str:
    """Return a fonts.conf that renders each of `faces` in the bundled face where it is missing."""
    lines = [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
        "<fontconfig>",
        *(
            f'  <include ignore_missing="yes">{escape(str(path))}</include>'
            for path in system_configs()
        ),
        f"  <dir>{escape(str(fonts.FOLDER))}</dir>",
    ]
    family = escape(fonts.FAMILY)
    for face in dict.fromkeys([*DEFAULT_FACES, *faces]):
        # "append" puts the bundled family right after the named one, bound as it is: an
        # installed face still wins, a missing one is not left to a weaker substitute, and a
        # face that only stands in for another (Arial for sans-serif) does not bring it along.
        lines += [
            '  <match target="pattern">',
            f'    <test qual="any" name="family"><string>{escape(face)}</string></test>',
            '    <edit name="family" mode="append" binding="same">'
            f"<string>{family}</string></edit>",
            "  </match>",
        ]
    lines.append("</fontconfig>")
    return "\n".join(lines) + "\n"


def system_configs() -> list[Path]:
    """Return the system configuration the private one builds on: the file `FONTCONFIG_FILE`
    names already, else the first of `SYSTEM_CONFIGS` there is (none: fontconfig's defaults)."""
    named = os.environ.get("FONTCONFIG_FILE")
    if named and Path(named).is_file():
        return [Path(named).resolve()]
    return [path for path in SYSTEM_CONFIGS if path.is_file()][:1]


def environment(folder: Path, faces: Iterable[str] = ()) -> dict[str, str]:
    """Write the private fonts.conf into `folder`; return the variables that make LibreOffice
    (or any fontconfig program) read it."""
    path = folder / FILE
    path.write_text(config(faces), encoding="utf-8")
    return {"FONTCONFIG_FILE": str(path)}
