"""A deck converted to PDF by LibreOffice, in a private profile per run."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from deckgen.errors import DeckgenError
from deckgen.export import launch
from deckgen.export.pages import page_count
from deckgen.files import write_atomic

TIMEOUT = 300


def to_pdf(pptx: Path, pdf: Path, expected_pages: int | None = None) -> Path:
    """Convert `pptx` to `pdf` with LibreOffice in a private profile; return the PDF's path."""
    with tempfile.TemporaryDirectory(prefix="deckgen-lo-") as work:
        office = launch.prepare(Path(work))
        outdir = Path(work, "out")
        command = office.command("--convert-to", "pdf", "--outdir", str(outdir), str(pptx))
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
                check=False,
                env=office.env,
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
