"""Render decks through LibreOffice and check what the audience would see."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from lxml import etree

from deckgen.export import pages
from helpers import every_type_deck, run, write_deck
from pptx import Presentation

pytestmark = pytest.mark.requires("soffice", "pdftotext", "pdffonts", "pdftoppm")
ROOT = Path(__file__).resolve().parents[2]
EMU_PER_PT = 12700
SLACK = 3.0  # points: anti-aliasing and side bearings


def words_by_page(pdf: Path) -> list[list[tuple[str, float, float, float, float]]]:
    """Return, per page, every word with its box in points."""
    xml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True
    ).stdout
    root = etree.fromstring(xml, etree.HTMLParser(encoding="utf-8"))
    pages = []
    for page in root.iter("page"):
        pages.append(
            [
                (w.text or "", *(float(w.get(k)) for k in ("xmin", "ymin", "xmax", "ymax")))
                for w in page.iter("word")
            ]
        )
    return pages


def text_boxes(slide) -> list[tuple[float, float, float, float]]:
    """Return the boxes (points) of the shapes on `slide` that hold text."""
    boxes = []
    for shape in slide.shapes:
        if (shape.has_text_frame and shape.text_frame.text.strip()) or shape.has_table:
            boxes.append(
                tuple(
                    v / EMU_PER_PT
                    for v in (
                        shape.left,
                        shape.top,
                        shape.left + shape.width,
                        shape.top + shape.height,
                    )
                )
            )
    return boxes


def outside_words(pptx: Path, pdf: Path) -> list[str]:
    """Return the words LibreOffice drew outside every text shape of their slide."""
    prs = Presentation(str(pptx))
    strays = []
    pages = words_by_page(pdf)
    for number, (slide, words) in enumerate(zip(prs.slides, pages, strict=True), start=1):
        boxes = text_boxes(slide)
        for text, x0, y0, x1, y1 in words:
            # A word box spans the font's whole ascent and descent, which can pass the line's
            # own height at display sizes: judge the vertical by the word's middle.
            middle = (y0 + y1) / 2
            inside = any(
                x0 >= b[0] - SLACK and x1 <= b[2] + SLACK and b[1] <= middle <= b[3] for b in boxes
            )
            if not inside and re.search(r"\w", text):
                strays.append(
                    f"slide {number}: {text!r} at ({x0:.0f}, {y0:.0f})-({x1:.0f}, {y1:.0f})"
                )
    return strays


@pytest.fixture(scope="module")
def talk(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("talk")
    shutil.copy(ROOT / "deck.yaml", folder / "deck.yaml")
    result = run("pdf", str(folder / "deck.yaml"))
    assert result.exit_code == 0, result.output
    return folder / "out" / "deck.pptx", folder / "out" / "deck.pdf"


def test_pdf_has_a_page_per_slide(talk):
    pptx, pdf = talk
    assert pages.page_count(pdf) == len(Presentation(str(pptx)).slides)


def test_the_talks_text_stays_inside_its_boxes(talk):
    assert outside_words(*talk) == []


def test_pdf_embeds_a_korean_font(talk):
    fonts = subprocess.run(
        ["pdffonts", str(talk[1])], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"Nanum|Noto\S*CJK|Malgun|UnDotum|Baekmuk", fonts), fonts


def test_pdf_keeps_the_charts_pictures_lossless(talk):
    """A chart's thin lines and small labels stay sharp, and its white stays the slide's white."""
    import pymupdf

    with pymupdf.open(talk[1]) as pdf:
        filters = {
            pdf.xref_get_key(xref, "Filter")[1]
            for page in pdf
            for xref, *_ in page.get_images(full=True)
        }
    assert filters and "/DCTDecode" not in filters, filters


def test_every_slide_type_renders_inside_its_boxes(tmp_path):
    deck = every_type_deck(tmp_path)
    assert run("pdf", str(deck)).exit_code == 0
    assert outside_words(tmp_path / "out" / "deck.pptx", tmp_path / "out" / "deck.pdf") == []


SENTENCE = "이 문장은 상자에 들어가기에는 너무 길어서 넘칠 수밖에 없는 아주 긴 문장입니다 "


@pytest.mark.parametrize(
    ("text", "overflows"),
    [("짧고 굵은 한 문장", False), (SENTENCE * 5, False), (SENTENCE * 8, True)],
    ids=["short", "full-to-the-last-line", "overflows"],
)
def test_fit_check_agrees_with_libreoffice(tmp_path, text, overflows):
    deck = write_deck(
        tmp_path,
        f"""
        title: Fit
        lang: ko-KR
        sections:
          - title: S
            divider: false
            slides:
              - type: statement
                title: 넘침 검사
                text: "{text.strip()}"
    """,
    )
    check = run("check", str(deck))
    warned = "lines in a box that holds" in check.stderr
    assert warned == overflows, check.stderr
    if overflows:
        assert f"{deck}:9:15: warning: sections[0].slides[0].text:" in check.stderr
        assert run("check", "--strict", str(deck)).exit_code == 1
    assert run("pdf", str(deck)).exit_code == 0
    strays = outside_words(tmp_path / "out" / "deck.pptx", tmp_path / "out" / "deck.pdf")
    assert strays == []
    # The sentence sits in a placeholder that autofits, as PowerPoint's do: LibreOffice shrinks
    # it until it fits. Where the check warned, it had to go below deckgen's floor (56 pt at
    # 60%); where the check found room, it did not.
    size = max(span_sizes(tmp_path / "out" / "deck.pdf", 1, text.split()[0]))
    assert (size < 56 * 0.6 * 0.98) == overflows, size


def span_sizes(pdf: Path, page: int, word: str) -> list[float]:
    """Return the font sizes (points) of the text spans on `page` of `pdf` that hold `word`."""
    import pymupdf

    with pymupdf.open(pdf) as document:
        blocks = document[page].get_text("dict")["blocks"]
    return [
        span["size"]
        for block in blocks
        for line in block.get("lines", [])
        for span in line["spans"]
        if word in span["text"]
    ]


def test_preview_writes_a_png_per_slide_and_a_contact_sheet(tmp_path):
    from PIL import Image

    deck = write_deck(
        tmp_path,
        """
        title: Preview
        sections:
          - title: S
            slides:
              - {type: statement, text: Hello}
    """,
    )
    result = run("preview", str(deck), "-o", str(tmp_path / "p"))
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "p").iterdir())
    assert names == [
        ".deckgen-preview.json",  # what preview wrote, so that it replaces only those
        "contact-sheet.png",
        "slide-01.png",
        "slide-02.png",
        "slide-03.png",
    ]
    with Image.open(tmp_path / "p" / "contact-sheet.png") as sheet:
        assert sheet.width > 1000


def test_missing_soffice_says_how_to_install(tmp_path, monkeypatch):
    deck = write_deck(
        tmp_path,
        "title: T\nsections:\n  - title: S\n    slides:\n      - {type: statement, text: Hi}\n",
    )
    monkeypatch.setenv("PATH", str(tmp_path))
    result = run("pdf", str(deck))
    assert result.exit_code == 1
    assert "Debian/Ubuntu: sudo apt-get install libreoffice-impress" in result.stderr
    assert "macOS:" in result.stderr and "Windows:" in result.stderr


def _office_processes(marker: str) -> list[str]:
    """Return the command lines of running processes that mention `marker`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                line = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if marker in line:
                found.append(line)
    return found


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["term", "ctrl-c"])
def test_a_stopped_pdf_leaves_no_office_running_and_no_profile(tmp_path, stop):
    shutil.copy(ROOT / "deck.yaml", tmp_path / "deck.yaml")
    env = {**os.environ, "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    assert run("build", str(tmp_path / "deck.yaml")).exit_code == 0  # figures drawn, cached
    process = subprocess.Popen(
        [sys.executable, "-m", "deckgen", "pdf", "deck.yaml"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while not _office_processes(str(tmp_path / "tmp")):  # LibreOffice has started
        assert process.poll() is None and time.monotonic() < deadline, process.stderr
        time.sleep(0.05)
    process.send_signal(stop)
    _out, err = process.communicate(timeout=30)
    assert process.returncode != 0
    assert "Traceback" not in err
    deadline = time.monotonic() + 5
    while _office_processes(str(tmp_path / "tmp")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _office_processes(str(tmp_path / "tmp")) == []
    assert list((tmp_path / "tmp").iterdir()) == []
