"""`deckgen preview`: build the deck, render each slide to PNG and a contact sheet of them all."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from deckgen.commands.build import build
from deckgen.export import launch, libreoffice, pages, sheet


@dataclass
class Preview:
    """The files a preview wrote."""

    pages: list[Path]
    sheet: Path


def preview(
    deck_file: Path,
    folder: Path | None = None,
    *,
    dpi: int = 96,
    sheet_file: Path | None = None,
    allow_outside: bool = False,
) -> Preview:
    """Build `deck_file`; write a PNG per slide into `folder` and a contact sheet."""
    launch.binary()  # fail early, before building, when LibreOffice is missing
    built = build(deck_file, allow_outside=allow_outside)
    folder = folder or built.output.parent / "preview"
    with tempfile.TemporaryDirectory(prefix="deckgen-preview-") as work:
        document = libreoffice.to_pdf(built.output, Path(work) / "deck.pdf", built.slides)
        images = pages.to_pngs(document, folder, dpi=dpi)
    written = sheet.contact_sheet(images, sheet_file or folder / "contact-sheet.png")
    return Preview(images, written)
