"""Pictures from files: placed upright, as the EXIF orientation says, at their upright size."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from deckgen.figures import images
from helpers import build, is_picture, write_deck

QUADRANTS = {"red": (0, 0), "blue": (1, 0), "green": (0, 1), "yellow": (1, 1)}
"""The colour of each quarter of the stored picture: (column, row)."""
COLOURS = {
    "red": (220, 30, 30),
    "blue": (30, 30, 220),
    "green": (30, 200, 30),
    "yellow": (230, 220, 40),
}
WIDTH, HEIGHT = 400, 200

# What each EXIF orientation shows in the top left corner, and whether it turns the picture a
# quarter (its width and height swap).
UPRIGHT = {
    1: ("red", False),
    2: ("blue", False),  # mirrored left to right
    3: ("yellow", False),  # turned half round
    4: ("green", False),  # mirrored top to bottom
    5: ("red", True),  # mirrored along the diagonal
    6: ("green", True),  # to be turned a quarter clockwise: a phone held upright
    7: ("yellow", True),
    8: ("blue", True),  # to be turned a quarter anticlockwise
}


def photo(orientation: int, kind: str = "JPEG") -> bytes:
    """Return a picture of four coloured quarters, WIDTH x HEIGHT as stored, tagged with
    `orientation`."""
    image = Image.new("RGB", (WIDTH, HEIGHT))
    for name, (column, row) in QUADRANTS.items():
        box = (
            column * WIDTH // 2,
            row * HEIGHT // 2,
            (column + 1) * WIDTH // 2,
            (row + 1) * HEIGHT // 2,
        )
        image.paste(COLOURS[name], box)
    exif = Image.Exif()
    exif[images.ORIENTATION] = orientation
    buffer = io.BytesIO()
    image.save(buffer, kind, exif=exif.tobytes(), **({"quality": 95} if kind == "JPEG" else {}))
    return buffer.getvalue()


def corner(data: bytes) -> str:
    """Return the colour nearest to the top left quarter's middle of the picture `data`."""
    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
        pixel = image.convert("RGB").getpixel((width // 4, height // 4))
    return min(
        COLOURS, key=lambda c: sum((a - b) ** 2 for a, b in zip(COLOURS[c], pixel, strict=True))
    )


@pytest.mark.parametrize(
    "orientation", sorted(UPRIGHT), ids=[f"orientation-{n}" for n in sorted(UPRIGHT)]
)
@pytest.mark.parametrize("kind", ["JPEG", "PNG"])
def test_a_picture_is_placed_upright_at_its_upright_size(tmp_path, orientation, kind):
    path = tmp_path / f"photo.{kind.lower()}"
    path.write_bytes(photo(orientation, kind))
    placed = images.picture(path, "사진")
    top_left, quarter = UPRIGHT[orientation]
    size = (HEIGHT, WIDTH) if quarter else (WIDTH, HEIGHT)
    assert (placed.width_px, placed.height_px) == size
    assert corner(placed.data) == top_left
    with Image.open(io.BytesIO(placed.data)) as shown:
        assert shown.size == size and shown.format == kind
        assert shown.getexif().get(images.ORIENTATION, 1) == 1  # nothing turns it again
    if orientation == 1:
        assert placed.data == path.read_bytes()  # an upright picture is placed as it is
    assert images.picture(path, "사진") == placed  # the same bytes every time


def test_a_portrait_photo_taken_turned_stands_upright_on_the_slide(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "portrait.jpg").write_bytes(photo(6))
    deck = write_deck(
        tmp_path,
        """
        title: T
        sections:
          - title: S
            slides:
              - type: image
                title: 세로 사진
                image: assets/portrait.jpg
        """,
    )
    prs = build(deck)
    [shape] = [s for slide in prs.slides for s in slide.shapes if is_picture(s)]
    assert shape.height > shape.width
    assert shape.width / shape.height == pytest.approx(HEIGHT / WIDTH, rel=0.01)
    assert corner(shape.image.blob) == "green"
