"""A deck converted to PDF by LibreOffice, in a private profile per run."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from deckgen.errors import DeckgenError
from deckgen.export.pages import page_count
from deckgen.files import write_atomic

INSTALL_HINT = """\
LibreOffice's `soffice` is not on PATH. Install it:
  Debian/Ubuntu: sudo apt-get install libreoffice-impress fonts-nanum poppler-utils
  macOS:         brew install --cask libreoffice && brew install poppler
                 (then add /Applications/LibreOffice.app/Contents/MacOS to PATH)
  Windows:       winget install TheDocumentFoundation.LibreOffice
                 (then add C:\\Program Files\\LibreOffice\\program to PATH)"""
TIMEOUT = 300


def soffice() -> str:
    """Return the path of LibreOffice's `soffice`, or raise with install instructions."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise DeckgenError(INSTALL_HINT)
    return found


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
