"""What decides how a figure looks (`FigureSpec`), its cache key, and what the writer places.

Shared by the drawing (`deckgen.figures.draw`), the workers that draw (`deckgen.figures.pool`) and
the writer (`deckgen.pptx`): nothing here imports matplotlib.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from typing import Literal

from deckgen import cache as cache_store
from deckgen.layout.numbers import style_for
from deckgen.outline.model import Chart, Diagram, Theme
from deckgen.record import record

Format = Literal["png", "svg", "pdf", "slide"]
"""A figure's file: a PNG, an SVG or a PDF (as `deckgen charts` exports them), or a slide's
picture: its PNG and its SVG with the words as text (`pack`)."""
FORMATS: tuple[Format, ...] = ("png", "svg", "pdf")
"""The formats `deckgen charts` exports."""
DEFAULT_DPI = 200
_LENGTH = 4
"""Bytes of the PNG's length at the start of a slide's picture."""


def pack(png: bytes, svg: bytes) -> bytes:
    """Return a slide's picture as one blob (as the cache keeps it): the PNG's length, the PNG,
    then the SVG."""
    return len(png).to_bytes(_LENGTH, "big") + png + svg


def unpack(blob: bytes) -> tuple[bytes, bytes]:
    """Return the PNG and the SVG of a slide's picture `pack` made."""
    size = int.from_bytes(blob[:_LENGTH], "big")
    return blob[_LENGTH : _LENGTH + size], blob[_LENGTH + size :]


@record
class Frame:
    """What an exported picture carries around its figure, for a blog or a post."""

    title: str
    """The slide's title: the takeaway, as the headline."""
    unit: str = ""
    """The unit line, as it reads ("단위: 억 달러"); empty for none."""
    source: str = ""
    """The source line, as the slide writes it; empty for none."""


def shown(chart: Chart, lang: str) -> Chart:
    """Return `chart` as it is shown: categories in the order `sort` asks, number style set."""
    numbers = style_for(chart.numbers, lang)
    if chart.sort is None or chart.kind not in ("bar", "barh"):
        return chart.replace(numbers=numbers)
    first = chart.series[0].values
    order = sorted(
        range(len(chart.categories)), key=lambda i: first[i], reverse=chart.sort == "descending"
    )
    return chart.replace(
        numbers=numbers,
        categories=[chart.categories[i] for i in order],
        series=[s.replace(values=[s.values[i] for i in order]) for s in chart.series],
    )


@record
class FigureSpec:
    """Everything that decides how one figure looks."""

    content: Chart | Diagram | str
    """A chart, a diagram, or the path of an image file."""
    theme: Theme
    width: float
    """Width in inches."""
    height: float
    """Height in inches."""
    title: str = ""
    frame: Frame | None = None
    """A headline, unit and source line around the figure (`deckgen charts --titled`)."""

    def key(self, fmt: Format, dpi: int) -> str:
        """Return a hash of everything that affects the figure's file."""
        payload = {
            "content": self.content.as_dict()
            if not isinstance(self.content, str)
            else self.content,
            "kind": type(self.content).__name__,
            "theme": self.theme.as_dict(),
            "size": [round(self.width, 4), round(self.height, 4)],
            "fmt": fmt,
            "dpi": dpi,
            "frame": None if self.frame is None else asdict(self.frame),
            "code": cache_store.code_digest(),  # deckgen's files, matplotlib's version...
        }
        blob = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(blob).hexdigest()[:32]


@record
class Picture:
    """An image to place: its bytes, file extension and size in pixels."""

    data: bytes
    ext: str
    width_px: int
    height_px: int
    alt: str
    svg: bytes | None = None
    """The same picture as SVG, its words as text in the deck's faces (PowerPoint shows it,
    others the PNG); None for an image file."""


@record
class NativeChart:
    """A chart to add as an editable PowerPoint chart, with its alt text."""

    chart: Chart
    alt: str


@record
class NativeDiagram:
    """A diagram the slide draws as shapes (`render: native`): only its alt text is needed."""

    alt: str
