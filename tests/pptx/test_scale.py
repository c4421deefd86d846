"""Part names at scale: slides, notes and pictures are named without walking the whole package
for each one (which made 1000 slides quadratic), and the names stay unique and sound.

Timings are in bench/ (bench/run.py); these tests check what the faster naming must keep.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from pptx.util import Inches

from helpers import run, write_deck
from package_check import assert_sound
from pptx import Presentation

SLIDES = 120


def many_slides(folder: Path) -> Path:
    """Return a deck of SLIDES statement slides with notes, every tenth an image slide."""
    for name, color in (("a.png", "#AA0000"), ("b.png", "#00AA00")):
        Image.new("RGB", (40, 30), color).save(folder / name)
    lines = []
    for i in range(SLIDES):
        if i % 10 == 0:
            lines.append(
                f"      - {{type: image, title: 그림 {i}, image: {'ab'[i // 10 % 2]}.png, "
                f"notes: 노트 {i}}}"
            )
        else:
            lines.append(f"      - {{type: statement, text: 문장 {i}, notes: 노트 {i}}}")
    text = "title: 많은 슬라이드\nsections:\n  - title: 하나\n    divider: false\n    slides:\n"
    return write_deck(folder, text + "\n".join(lines) + "\n")


@pytest.mark.slow
def test_many_slides_get_unique_names_in_order(tmp_path):
    deck = many_slides(tmp_path)
    out = tmp_path / "out" / "deck.pptx"
    assert run("build", str(deck), "-o", str(out)).exit_code == 0
    assert_sound(out)
    with zipfile.ZipFile(out) as package:
        names = package.namelist()
    notes = {n for n in names if n.startswith("ppt/notesSlides/notesSlide")}
    assert notes == {f"ppt/notesSlides/notesSlide{i}.xml" for i in range(1, SLIDES + 1)}
    media = {n for n in names if n.startswith("ppt/media/")}
    assert media == {f"ppt/media/image{i}.png" for i in range(1, SLIDES // 10 + 1)}
    prs = Presentation(str(out))
    assert len(prs.slides) == SLIDES + 1
    for i, slide in enumerate(list(prs.slides)[1:]):
        assert slide.notes_slide.notes_text_frame.text == f"노트 {i}"


def company_template_with_logo(path: Path) -> bytes:
    """Write a template whose master shows a logo picture; return the logo's bytes."""
    prs = Presentation()
    logo = io.BytesIO()
    Image.new("RGB", (30, 30), "#123456").save(logo, "PNG")
    master = prs.slide_master
    part, rid = master.part.get_or_add_image_part(io.BytesIO(logo.getvalue()))
    tree = master.shapes._spTree
    tree.add_pic(999, "Logo", "", rid, Inches(0.2), Inches(0.2), Inches(0.5), Inches(0.5))
    prs.save(str(path))
    return part.blob


def test_pictures_do_not_take_the_name_of_a_templates_own(tmp_path):
    logo = company_template_with_logo(tmp_path / "company.pptx")
    Image.new("RGB", (40, 30), "#AA0000").save(tmp_path / "a.png")
    deck = write_deck(
        tmp_path,
        """
        title: 회사 양식
        theme: {template: company.pptx}
        sections:
          - title: 하나
            slides:
              - {type: image, title: 그림, image: a.png}
        """,
    )
    out = tmp_path / "out" / "deck.pptx"
    result = run("build", str(deck), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert_sound(out)
    with zipfile.ZipFile(out) as package:
        media = {n: package.read(n) for n in package.namelist() if n.startswith("ppt/media/")}
    assert logo in media.values()
    assert (tmp_path / "a.png").read_bytes() in media.values()
    assert len(media) == 2
