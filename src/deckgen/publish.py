"""Turn a deck into what people look at: a PDF, one PNG per slide and a contact sheet."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from deckgen import build, render


@dataclass
class Preview:
    """The files a preview wrote."""

    pages: list[Path]
    sheet: Path


def pdf(deck_file: Path, target: Path | None = None, *, allow_outside: bool = False) -> Path:
    """Build `deck_file`, convert it with LibreOffice, and return the PDF's path."""
    built = build.build(deck_file, allow_outside=allow_outside)
    target = target or built.output.with_suffix(".pdf")
    return render.to_pdf(built.output, target, expected_pages=built.slides)


def preview(
    deck_file: Path,
    folder: Path | None = None,
    *,
    dpi: int = 96,
    sheet: Path | None = None,
    allow_outside: bool = False,
) -> Preview:
    """Build `deck_file`; write a PNG per slide into `folder` and a contact sheet at `sheet`."""
    render.soffice()  # fail early, before building, when LibreOffice is missing
    built = build.build(deck_file, allow_outside=allow_outside)
    folder = folder or built.output.parent / "preview"
    with tempfile.TemporaryDirectory(prefix="deckgen-preview-") as work:
        document = render.to_pdf(built.output, Path(work) / "deck.pdf", built.slides)
        pages = render.to_pngs(document, folder, dpi=dpi)
    written = render.contact_sheet(pages, sheet or folder / "contact-sheet.png")
    return Preview(pages, written)
