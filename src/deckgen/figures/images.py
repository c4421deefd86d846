"""Pictures from the deck's image files: their bytes, format and size, for the writer."""

from __future__ import annotations

import io
from pathlib import Path

from deckgen.figures.spec import Picture
from deckgen.files import read_bounded
from deckgen.outline.rules import MAX_IMAGE_BYTES, file_problem, image_problem


class ImageChanged(ValueError):
    """The image file is no longer what `check` found: it changed (or is changing) since."""


def picture(path: Path, alt: str) -> Picture:
    """Return the picture in the PNG, JPEG or GIF file at `path`, with its alt text.

    The file is read once, and the bytes used are the bytes checked (as `check` checks the
    file): one rewritten since the deck was checked, even half-written, raises ImageChanged
    saying what it is now.
    """
    from PIL import Image

    try:
        data = read_bounded(path, MAX_IMAGE_BYTES)
    except OSError as exc:
        missing = file_problem(path, MAX_IMAGE_BYTES) or f"cannot be read ({exc.strerror or exc})"
        raise ImageChanged(missing) from None
    problem = image_problem(io.BytesIO(data))
    if problem:
        raise ImageChanged(problem)
    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
        kind = image.format or "PNG"
    return Picture(data, {"JPEG": "jpg"}.get(kind, kind.lower()), width, height, alt)
