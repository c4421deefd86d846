"""A drawn canvas as a PNG: what Pillow reads back is the canvas's pixels, at the stated dpi."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from deckgen.figures.draw import png


def canvas(height: int, width: int, seed: int) -> np.ndarray:
    """Return opaque RGBA rows as an Agg canvas holds them: flat runs and noisy edges."""
    rng = np.random.default_rng(seed)
    rgba = np.full((height, width, 4), 255, np.uint8)
    rgba[:, : width // 2, :3] = (31, 78, 121)
    rgba[height // 3 :, :, :3] = rng.integers(0, 256, (height - height // 3, width, 3))
    return rgba


@pytest.mark.parametrize(
    ("height", "width", "dpi"),
    [(1, 1, 72), (37, 53, 100), (188, 273, 200)],
    ids=["one pixel", "odd sizes", "slide dpi"],
)
def test_the_png_reads_back_as_the_canvas_pixels(height, width, dpi):
    rgba = canvas(height, width, seed=height)
    data = png.encode(rgba, dpi)
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        assert image.mode == "RGB"
        assert image.size == (width, height)
        assert image.info["dpi"] == pytest.approx((dpi, dpi), abs=0.01)
        assert np.array_equal(np.asarray(image), rgba[:, :, :3])


def test_the_same_pixels_give_the_same_bytes():
    rgba = canvas(64, 96, seed=1)
    assert png.encode(rgba, 200) == png.encode(rgba.copy(), 200)
    assert png.encode(rgba, 200) != png.encode(canvas(64, 96, seed=2), 200)
