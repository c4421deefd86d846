"""`deckgen preview`: build the deck, render each slide to PNG and a contact sheet of them all.

The folder may hold the user's own files: preview writes `slide-NN.png` and `contact-sheet.png`,
remembers them in `.deckgen-preview.json`, and never overwrites or deletes a file it did not
write there (a shorter deck's stale slides are deleted only when preview wrote them).
"""

from __future__ import annotations

from pathlib import Path

from deckgen import files
from deckgen.commands.build import build, default_output
from deckgen.export import libreoffice, pages, sheet
from deckgen.files import temporary_folder, write_atomic
from deckgen.record import record

MANIFEST = ".deckgen-preview.json"
"""The list of files preview wrote into its folder, kept there."""
SHEET = "contact-sheet.png"


@record(frozen=False)
class Preview:
    """The files a preview wrote."""

    pages: list[Path]
    sheet: Path
    kept: Path | None = None
    """Where `force` kept the edited .pptx the build replaced, if it did."""


def preview(
    deck_file: Path,
    folder: Path | None = None,
    *,
    dpi: int = 96,
    sheet_file: Path | None = None,
    allow_outside: bool = False,
    force: bool = False,
) -> Preview:
    """Build `deck_file`; write a PNG per slide into `folder` and a contact sheet."""
    within = deck_file.parent
    default = default_output(deck_file).parent / "preview"
    folder = folder or default
    # Refused before anything is built: a folder or sheet that a link leads out of the deck's
    # folder, a sheet that is not a PNG.
    files.check_folder(folder, within)
    if sheet_file is not None:
        files.check_output(sheet_file, (".png",), within=within, example=SHEET)
    libreoffice.soffice()  # fail early, before building, when LibreOffice is missing
    with temporary_folder("preview") as work:
        # LibreOffice renders a copy with the measured line breaks; the .pptx is the user's.
        copy = work / f"{deck_file.stem}.pptx"
        built = build(deck_file, allow_outside=allow_outside, render=copy, force=force)
        # A sheet named on the command line is the user's choice, as build's -o is; the default
        # one is preview's own file in the folder.
        mine_sheet = sheet_file is None
        sheet_file = sheet_file or folder / SHEET
        width = max(2, len(str(built.slides)))
        targets = [folder / f"slide-{n:0{width}d}.png" for n in range(1, built.slides + 1)]
        manifest = folder / MANIFEST
        for target in [*targets, sheet_file]:
            files.check_output(target, (".png",), within=within, example=SHEET)
        files.check_folder(manifest, within)
        files.refuse_inputs([*targets, sheet_file, manifest], built.inputs)
        # A picture preview wrote that the deck now shows is the user's: kept, and no more ours.
        owned = files.owned(folder, MANIFEST, _ours, legacy=folder == default, used=built.inputs)
        mine = [*targets, *([sheet_file] if mine_sheet else [])]
        files.refuse_unowned(mine, owned, "preview")
        document = libreoffice.to_pdf(copy, work / "deck.pdf", built.slides, subject=built.output)
        images = pages.to_pngs(document, dpi=dpi)
    for target, image in zip(targets, images, strict=True):
        write_atomic(target, image)
    written = sheet.contact_sheet(images, sheet_file)
    for stale in sorted(owned - {t.name for t in mine}):
        files.remove_own(folder / stale)
    files.record(folder, MANIFEST, [t.name for t in mine])
    return Preview(targets, written, built.kept)


def _ours(name: str) -> bool:
    """Return whether `name` is one preview writes: a slide's PNG or the contact sheet."""
    stem = name.removesuffix(".png")
    return name == SHEET or (
        name.endswith(".png") and stem.startswith("slide-") and stem[6:].isdigit()
    )
