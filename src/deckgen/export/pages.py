"""A PDF's pages rendered to PNG with poppler's `pdftoppm`, and counted."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from deckgen.errors import DeckgenError

POPPLER_HINT = """\
poppler's `pdftoppm` is not on PATH. Install it:
  Debian/Ubuntu: sudo apt-get install poppler-utils
  macOS:         brew install poppler
  Windows:       winget install oschwartz10612.Poppler"""
TIMEOUT = 300
"""Seconds a render may take before it is abandoned."""


def page_count(pdf: Path) -> int:
    """Return the number of pages of `pdf`."""
    if shutil.which("pdfinfo"):
        out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False)
        match = re.search(r"^Pages:\s+(\d+)", out.stdout, re.MULTILINE)
        if match:
            return int(match.group(1))
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


def to_pngs(pdf: Path, dpi: int = 96) -> list[bytes]:
    """Return every page of `pdf` rendered as a PNG, in order."""
    binary = shutil.which("pdftoppm")
    if not binary:
        raise DeckgenError(POPPLER_HINT)
    with tempfile.TemporaryDirectory(prefix="deckgen-pages-") as work:
        done = subprocess.run(
            [binary, "-r", str(dpi), "-png", str(pdf), str(Path(work) / "page")],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        if done.returncode:
            raise DeckgenError(f"{pdf}: pdftoppm failed: {done.stderr.strip()}")
        pages = sorted(Path(work).glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        return [page.read_bytes() for page in pages]
