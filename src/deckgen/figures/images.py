"""Pictures from the deck's image files: their bytes, format and size, for the writer."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from deckgen.figures.spec import Picture
from deckgen.files import read_bounded
from deckgen.outline.rules import MAX_IMAGE_BYTES, file_problem, image_problem

if TYPE_CHECKING:
    from PIL.Image import Image

ORIENTATION = 0x0112
"""The EXIF tag that says how the camera was held (1: upright; 2 to 8: turned or mirrored)."""
JPEG_QUALITY = 95
"""The quality a turned photo is saved at: no loss the eye sees."""


class ImageChanged(ValueError):
    """The image file is no longer what `check` found: it changed (or is changing) since."""


def picture(path: Path, alt: str) -> Picture:
    """Return the picture in the PNG, JPEG or GIF file at `path`, with its alt text, upright.

    The file is read once, and the bytes used are the bytes checked (as `check` checks the
    file): one rewritten since the deck was checked, even half-written, raises ImageChanged
    saying what it is now. A photo whose EXIF orientation says the camera was turned holds its
    pixels as the sensor read them: viewers that read the tag turn it, PowerPoint does not. Such
    a picture is turned here (the tag dropped) and placed at its upright size; the same file
    gives the same bytes.
    """
    from PIL import Image

    try:
        data = read_bounded(path, MAX_IMAGE_BYTES)
    except OSError as exc:
        missing = file_problem(path, MAX_IMAGE_BYTES) or f"cannot be read ({exc.strerror or exc})"
        raise ImageChanged(missing) from None
    problem = image_problem(data)
    if problem:
        raise ImageChanged(problem)
    with Image.open(io.BytesIO(data)) as image:
        kind = image.format or "PNG"
        width, height = image.size
        if _orientation(image) != 1:
            data = _upright(image, kind)
            with Image.open(io.BytesIO(data)) as turned:
                width, height = turned.size
    return Picture(data, {"JPEG": "jpg"}.get(kind, kind.lower()), width, height, alt)


def _orientation(image: Image) -> int:
    """Return the EXIF orientation of a still `image` (1 for one without, or an animation)."""
    if getattr(image, "n_frames", 1) != 1:
        return 1  # an animation: EXIF orientation is a camera's, for a still photo
    value = image.getexif().get(ORIENTATION, 1)
    return value if isinstance(value, int) and 2 <= value <= 8 else 1


def _upright(image: Image, kind: str) -> bytes:
    """Return `image` turned as its EXIF orientation says, saved as `kind` without the tag,
    keeping its colour profile and resolution."""
    from PIL import ImageOps

    turned = ImageOps.exif_transpose(image)
    options: dict[str, Any] = {
        key: image.info[key] for key in ("icc_profile", "dpi", "transparency") if key in image.info
    }
    if kind == "JPEG":
        options["quality"] = JPEG_QUALITY
    buffer = io.BytesIO()
    turned.save(buffer, kind, **options)
    return buffer.getvalue()
