"""A new theme restyles the built talk: its slides refer to the theme's fonts and colours.

What a speaker does in PowerPoint (Design > Variants > Fonts, Colors), done to the package:
rewrite the theme part alone, render with LibreOffice, and find the new fonts and colours.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from deckgen.export.libreoffice import to_pdf
from helpers import run

pytestmark = pytest.mark.requires("soffice", "pdffonts", "pdftoppm")
ROOT = Path(__file__).resolve().parents[2]
LATIN, EAST_ASIAN = "DejaVu Serif", "NanumMyeongjo"
"""Fonts the new theme names: a serif Latin face and a serif Hangul face, unlike the talk's."""
ACCENT1, ACCENT2 = "0000FF", "00C000"
"""The new theme's accents: the talk's primary colour (title slides) and its accent."""


def rethemed(data: bytes) -> bytes:
    """Return the package with only its theme changed: the new fonts and accents."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            blob = source.read(info.filename)
            if info.filename == "ppt/theme/theme1.xml":
                text = blob.decode()
                text = re.sub(r'(<a:latin typeface=")[^"]*', rf"\g<1>{LATIN}", text)
                text = re.sub(r'(<a:ea typeface=")[^"]*', rf"\g<1>{EAST_ASIAN}", text)
                text = re.sub(
                    r'(<a:font script="Hang" typeface=")[^"]*', rf"\g<1>{EAST_ASIAN}", text
                )
                for slot, value in (("accent1", ACCENT1), ("accent2", ACCENT2)):
                    text = re.sub(
                        rf"(<a:{slot}>).*?(</a:{slot}>)",
                        rf'\1<a:srgbClr val="{value}"/>\2',
                        text,
                        flags=re.S,
                    )
                blob = text.encode()
            target.writestr(info, blob)
    return out.getvalue()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> tuple[Path, Path]:
    """Return the PDFs of the talk as built and with the new theme."""
    folder = tmp_path_factory.mktemp("restyle")
    shutil.copy(ROOT / "deck.yaml", folder / "deck.yaml")
    built = folder / "out" / "deck.pptx"
    assert run("build", str(folder / "deck.yaml")).exit_code == 0
    restyled = folder / "restyled.pptx"
    restyled.write_bytes(rethemed(built.read_bytes()))
    return to_pdf(built, folder / "built.pdf"), to_pdf(restyled, folder / "restyled.pdf")


def fonts(pdf: Path) -> set[str]:
    """Return the font families LibreOffice set words in (bullet glyphs left out: their face
    is PowerPoint's usual Arial, not the theme's)."""
    import pymupdf

    found = set()
    with pymupdf.open(pdf) as document:
        for sheet in document:
            for block in sheet.get_text("dict")["blocks"]:
                for line in block.get("lines", []):
                    for span in line["spans"]:
                        if re.search(r"\w", span["text"]):
                            found.add(re.sub(r"^[A-Z]{6}\+|-.*$|,.*$", "", span["font"]))
    return found


def page(pdf: Path, number: int) -> Image.Image:
    """Return page `number` (1-based) of `pdf`, rendered small."""
    png = subprocess.run(
        ["pdftoppm", "-png", "-r", "30", "-f", str(number), "-l", str(number), str(pdf)],
        capture_output=True,
        check=True,
    ).stdout
    return Image.open(io.BytesIO(png)).convert("RGB")


def share(image: Image.Image, hex_color: str, tolerance: int = 40) -> float:
    """Return the share of `image`'s pixels within `tolerance` of `hex_color`."""
    want = tuple(int(hex_color[i : i + 2], 16) for i in (0, 2, 4))
    width, height = image.size
    pixels = [image.getpixel((x, y)) for y in range(height) for x in range(width)]
    near = sum(
        1 for p in pixels if all(abs(a - b) <= tolerance for a, b in zip(p, want, strict=True))
    )
    return near / len(pixels)


def test_every_text_takes_the_new_theme_fonts(rendered):
    built, restyled = rendered
    before, after = fonts(built), fonts(restyled)
    new = {"DejaVuSerif", "NanumMyeongjo"}
    assert before and not before & new
    # Not one word kept a face of its own: the faces the talk was set in are all gone.
    assert new <= after
    assert not after & before, after
    listing = subprocess.run(["pdffonts", str(restyled)], capture_output=True, text=True).stdout
    assert "NanumMyeongjo" in listing and "DejaVuSerif" in listing


def test_the_slides_take_the_new_theme_colours(rendered):
    built, restyled = rendered
    # The title slide's background is the primary colour, accent1.
    assert share(page(built, 1), ACCENT1) < 0.01
    assert share(page(restyled, 1), ACCENT1) > 0.5
    # Bullets, the bar under each title and highlighted words are the accent, accent2.
    assert share(page(built, 3), ACCENT2) == 0
    assert share(page(restyled, 3), ACCENT2) > 0
