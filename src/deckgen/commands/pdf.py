"""`deckgen pdf`: build the deck, then convert it to PDF with LibreOffice."""

from __future__ import annotations

from pathlib import Path

from deckgen.commands.build import build, refuse_inputs
from deckgen.errors import DeckgenError
from deckgen.export import libreoffice
from deckgen.files import temporary_folder


def pdf(deck_file: Path, target: Path | None = None, *, allow_outside: bool = False) -> Path:
    """Build `deck_file`, convert it with LibreOffice, and return the PDF's path."""
    if target is not None and target.suffix.lower() != ".pdf":
        raise DeckgenError(f"{target}: the output must end in .pdf")
    libreoffice.soffice()  # fail early, before building, when LibreOffice is missing
    with temporary_folder("pdf") as work:
        # LibreOffice renders a copy with the measured line breaks; the .pptx is the user's.
        copy = work / f"{deck_file.stem}.pptx"
        built = build(deck_file, allow_outside=allow_outside, render=copy)
        target = target or built.output.with_suffix(".pdf")
        refuse_inputs([target], built.inputs)
        return libreoffice.to_pdf(copy, target, expected_pages=built.slides, subject=built.output)
