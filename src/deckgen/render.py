"""See the deck as the audience will: LibreOffice to PDF, poppler to PNG, and a contact sheet."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from deckgen.errors import DeckgenError
from deckgen.files import write_atomic

INSTALL_HINT = """\
LibreOffice's `soffice` is not on PATH. Install it:
  Debian/Ubuntu: sudo apt-get install libreoffice-impress fonts-nanum poppler-utils
  macOS:         brew install --cask libreoffice && brew install poppler
                 (then add /Applications/LibreOffice.app/Contents/MacOS to PATH)
  Windows:       winget install TheDocumentFoundation.LibreOffice
                 (then add C:\\Program Files\\LibreOffice\\program to PATH)"""
POPPLER_HINT = """\
poppler's `pdftoppm` is not on PATH. Install it:
  Debian/Ubuntu: sudo apt-get install poppler-utils
  macOS:         brew install poppler
  Windows:       winget install oschwartz10612.Poppler"""
TIMEOUT = 300


def soffice() -> str:
    """Return the path of LibreOffice's `soffice`, or raise with install instructions."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise DeckgenError(INSTALL_HINT)
    return found


def page_count(pdf: Path) -> int:
    """Return the number of pages of `pdf`."""
    if shutil.which("pdfinfo"):
        out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False)
        match = re.search(r"^Pages:\s+(\d+)", out.stdout, re.MULTILINE)
        if match:
            return int(match.group(1))
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


def to_pdf(pptx: Path, pdf: Path, expected_pages: int | None = None) -> Path:
    """Convert `pptx` to `pdf` with LibreOffice in a private profile; return the PDF's path."""
    binary = soffice()
    with tempfile.TemporaryDirectory(prefix="deckgen-lo-") as work:
        profile = Path(work, "profile").as_uri()
        outdir = Path(work, "out")
        command = [
            binary,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(pptx),
        ]
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
                check=False,
                env={**os.environ, "SAL_USE_VCLPLUGIN": "svp"},
            )
        except subprocess.TimeoutExpired:
            raise DeckgenError(f"{pptx}: LibreOffice did not finish within {TIMEOUT} s") from None
        produced = outdir / f"{pptx.stem}.pdf"
        if not produced.is_file():
            detail = (done.stderr or done.stdout).strip().splitlines()
            raise DeckgenError(
                f"{pptx}: LibreOffice made no PDF (exit {done.returncode})"
                + (f": {detail[-1]}" if detail else "")
            )
        pages = page_count(produced)
        if expected_pages is not None and pages != expected_pages:
            raise DeckgenError(
                f"{pptx}: LibreOffice's PDF has {pages} pages for {expected_pages} slides"
            )
        write_atomic(pdf, produced.read_bytes())
    return pdf


def to_pngs(pdf: Path, folder: Path, dpi: int = 96, prefix: str = "slide") -> list[Path]:
    """Render every page of `pdf` to `folder/<prefix>-NN.png`; return the files in order."""
    binary = shutil.which("pdftoppm")
    if not binary:
        raise DeckgenError(POPPLER_HINT)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{prefix}-*.png"):
        old.unlink()
    done = subprocess.run(
        [binary, "-r", str(dpi), "-png", str(pdf), str(folder / prefix)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    if done.returncode:
        raise DeckgenError(f"{pdf}: pdftoppm failed: {done.stderr.strip()}")
    pages = sorted(folder.glob(f"{prefix}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    width = max(2, len(str(len(pages))))
    renamed = []
    for number, page in enumerate(pages, start=1):
        target = folder / f"{prefix}-{number:0{width}d}.png"
        page.rename(target)
        renamed.append(target)
    return renamed


def contact_sheet(
    pages: list[Path], target: Path, columns: int = 5, thumb_width: int = 384
) -> Path:
    """Write a grid of `pages`, each numbered, as one PNG at `target`."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    from deckgen import fonts

    thumbs = []
    for page in pages:
        with Image.open(page) as image:
            ratio = thumb_width / image.width
            thumbs.append(
                image.convert("RGB").resize(
                    (thumb_width, round(image.height * ratio)), Image.Resampling.LANCZOS
                )
            )
    if not thumbs:
        raise DeckgenError("no slides to put on a contact sheet")
    gap, label = 16, 28
    rows = -(-len(thumbs) // columns)
    height = thumbs[0].height
    sheet = Image.new(
        "RGB", (columns * (thumb_width + gap) + gap, rows * (height + label + gap) + gap), "#E8ECF1"
    )
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.truetype(str(fonts.path(bold=True)), 18)
    for index, thumb in enumerate(thumbs):
        row, col = divmod(index, columns)
        x = gap + col * (thumb_width + gap)
        y = gap + row * (height + label + gap)
        draw.text((x, y), str(index + 1), fill="#1F2933", font=font)
        sheet.paste(thumb, (x, y + label))
        draw.rectangle(
            (x - 1, y + label - 1, x + thumb_width, y + label + thumb.height), outline="#B8C2CC"
        )
    buffer = io.BytesIO()
    sheet.save(buffer, "PNG", optimize=True)
    write_atomic(target, buffer.getvalue())
    return target
