"""Pictures from the deck's image files: their bytes, format and size, for the writer."""

from __future__ import annotations

import io

from deckgen.figures.spec import Picture


def picture(data: bytes, alt: str) -> Picture:
    """Return the picture held in `data` (a PNG, JPEG or GIF file's bytes) with its alt text."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
        kind = image.format or "PNG"
    return Picture(data, {"JPEG": "jpg"}.get(kind, kind.lower()), width, height, alt)
