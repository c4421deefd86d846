"""`deckgen pdf`: build the deck, then convert it to PDF with LibreOffice."""

from __future__ import annotations

from pathlib import Path

from deckgen import files
from deckgen.commands.build import build
from deckgen.export import libreoffice
from deckgen.files import temporary_folder
from deckgen.record import record


@record
class Published:
    """What `pdf` wrote: the PDF, and where `force` kept the edited .pptx it replaced."""

    path: Path
    kept: Path | None = None


def pdf(
    deck_file: Path,
    target: Path | None = None,
    *,
    allow_outside: bool = False,
    force: bool = False,
) -> Published:
    """Build `deck_file`, convert it with LibreOffice, and return the PDF's path."""

    def check(target: Path) -> None:
        files.check_output(
            target, (".pdf",), within=deck_file.parent, example=f"{deck_file.stem}.pdf"
        )

    if target is not None:  # refused before anything is built
        check(target)
    libreoffice.soffice()  # fail early, before building, when LibreOffice is missing
    with temporary_folder("pdf") as work:
        # LibreOffice renders a copy with the measured line breaks; the .pptx is the user's.
        copy = work / f"{deck_file.stem}.pptx"
        built = build(deck_file, allow_outside=allow_outside, render=copy, force=force)
        target = target or built.output.with_suffix(".pdf")
        check(target)
        files.refuse_inputs([target], built.inputs)
        written = libreoffice.to_pdf(
            copy, target, expected_pages=built.slides, subject=built.output
        )
        return Published(written, built.kept)
