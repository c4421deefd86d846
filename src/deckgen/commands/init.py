"""`deckgen init`: a starter deck that shows every slide type and builds as it stands."""

from __future__ import annotations

import io
import shlex
import stat
from importlib import resources
from pathlib import Path

from deckgen import files
from deckgen.errors import DeckgenError, printable
from deckgen.outline import schema

DECK_NAME = "deck.yaml"
IMAGE_NAME = "assets/example.png"


def starter_text() -> str:
    """Return the starter deck's text, as shipped in the package."""
    return (resources.files("deckgen") / "starter" / DECK_NAME).read_text(encoding="utf-8")


def example_png() -> bytes:
    """Return a small picture for the starter's image slide, the same bytes every time."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 360), "#E8EEF4")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 250, 640, 360), fill="#1F3A5F")
    draw.polygon([(40, 250), (220, 90), (400, 250)], fill="#6B7785")
    draw.polygon([(260, 250), (420, 120), (600, 250)], fill="#1F3A5F")
    draw.ellipse((470, 40, 550, 120), fill="#E4572E")
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=False, compress_level=9)
    return buffer.getvalue()


def create(folder: Path) -> list[Path]:
    """Write a starter deck, its picture and the deck schema into `folder`; return the files.

    Nothing is replaced: any of them that exists, unless it holds what init would write, is
    refused, and then nothing is written.
    """
    found = files.status(folder)
    if found is not None and not stat.S_ISDIR(found.st_mode):
        raise DeckgenError(f"{folder}: is a file, not a folder; give a folder for the new deck")
    deck = folder / DECK_NAME
    planned = [
        (folder / IMAGE_NAME, example_png()),
        (folder / schema.FILE_NAME, schema.text().encode()),
        (deck, starter_text().encode()),  # last: a deck file means init finished
    ]
    for path, _data in planned:
        files.check_folder(path, folder, "remove the link, or choose another folder")
    there = [(path, data) for path, data in planned if files.exists(path)]
    taken = [path for path, data in there if not _holds(path, data)]
    if taken:
        raise DeckgenError(
            "\n".join(
                printable(
                    f"{path}: already exists; deckgen init never overwrites a file "
                    "(choose another folder, or move the file away)"
                )
                for path in taken
            )
        )
    for path, data in planned:
        if (path, data) not in there:
            files.write_atomic(path, data)
    return [path for path, _ in planned]


def next_step(folder: Path) -> str:
    """Return the command line that builds the new deck in `folder`, from the current folder:
    `deckgen build`, after a `cd` when the deck is elsewhere."""
    if folder.resolve() == Path.cwd().resolve():
        return "deckgen build"
    return f"cd {shlex.quote(str(folder))} && deckgen build"


def _holds(path: Path, data: bytes) -> bool:
    """Return whether the regular file at `path` holds exactly `data`."""
    try:
        return files.read_bounded(path, len(data)) == data
    except OSError:
        return False
