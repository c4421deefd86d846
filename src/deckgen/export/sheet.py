"""A contact sheet: every slide's picture in a numbered grid, as one PNG."""

from __future__ import annotations

from pathlib import Path

from deckgen.errors import DeckgenError
from deckgen.files import write_atomic


def contact_sheet(
    pages: list[bytes], target: Path, columns: int = 5, thumb_width: int = 384
) -> Path:
    """Write a grid of `pages` (PNGs), each numbered, as one PNG at `target`."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    from deckgen import fonts

    thumbs = []
    for page in pages:
        with Image.open(io.BytesIO(page)) as image:
            ratio = thumb_width / image.width
            thumbs.append(
                image.convert("RGB").resize(
                    (thumb_width, round(image.height * ratio)), Image.Resampling.LANCZOS
                )
            )
    if not thumbs:
        raise DeckgenError("no slides to put on a contact sheet")
    gap, label = 16, 28
    rows = -(-len(thumbs) // columns)
    height = thumbs[0].height
    sheet = Image.new(
        "RGB", (columns * (thumb_width + gap) + gap, rows * (height + label + gap) + gap), "#E8ECF1"
    )
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.truetype(str(fonts.path(bold=True)), 18)
    for index, thumb in enumerate(thumbs):
        row, col = divmod(index, columns)
        x = gap + col * (thumb_width + gap)
        y = gap + row * (height + label + gap)
        draw.text((x, y), str(index + 1), fill="#1F2933", font=font)
        sheet.paste(thumb, (x, y + label))
        draw.rectangle(
            (x - 1, y + label - 1, x + thumb_width, y + label + thumb.height), outline="#B8C2CC"
        )
    buffer = io.BytesIO()
    sheet.save(buffer, "PNG", optimize=True)
    write_atomic(target, buffer.getvalue())
    return target
