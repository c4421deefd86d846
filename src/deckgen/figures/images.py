"""Pictures from the deck's image files: their bytes, format and size, for the writer."""

from __future__ import annotations

import io
from pathlib import Path

from deckgen.figures.spec import Picture
from deckgen.files import read_bounded
from deckgen.outline.rules import MAX_IMAGE_BYTES


def picture(path: Path, alt: str) -> Picture:
    """Return the picture in the PNG, JPEG or GIF file at `path`, with its alt text."""
    from PIL import Image

    data = read_bounded(path, MAX_IMAGE_BYTES)
    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
        kind = image.format or "PNG"
    return Picture(data, {"JPEG": "jpg"}.get(kind, kind.lower()), width, height, alt)
