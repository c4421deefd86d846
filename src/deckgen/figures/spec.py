"""What decides how a figure looks (`FigureSpec`), its cache key, and what the writer places.

Shared by the drawing (`deckgen.figures.draw`), the workers that draw (`deckgen.figures.pool`) and
the writer (`deckgen.pptx`): nothing here imports matplotlib.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from deckgen import __version__, fonts
from deckgen import cache as cache_store
from deckgen.layout.numbers import style_for
from deckgen.outline.model import Chart, Diagram, Theme

Format = Literal["png", "svg", "pdf"]
FORMATS: tuple[Format, ...] = ("png", "svg", "pdf")
DEFAULT_DPI = 200


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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
            "deckgen": __version__,
            "matplotlib": _matplotlib_version(),
            "font": _font_digest(),
            "code": _code_digest(),
        }
        blob = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(blob).hexdigest()[:32]


@lru_cache(maxsize=1)
def _matplotlib_version() -> str:
    """Return matplotlib's version without importing it (importlib.metadata alone costs 25 ms)."""
    from importlib.util import find_spec

    spec = find_spec("matplotlib")
    if spec is None or spec.origin is None:
        return "none"
    try:
        return (Path(spec.origin).parent / "_version.py").read_text(encoding="utf-8")
    except OSError:
        from importlib import metadata

        return metadata.version("matplotlib")


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """Return a hash of the drawing code's source: a changed routine is a different figure."""
    here = Path(__file__).parent
    code = [
        *sorted((here / "draw").glob("*.py")),
        here / "style.py",
        here.parent / "colors.py",
        here.parent / "layout" / "numbers.py",
    ]
    digest = hashlib.sha256()
    for path in code:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@lru_cache(maxsize=1)
def _font_digest() -> str:
    """Return a hash of the bundled fonts' names, sizes and times: a new font, new figures."""
    digest = hashlib.sha256()
    for bold in (False, True):
        digest.update(cache_store.stamp(fonts.path(bold)).encode())
    return digest.hexdigest()[:12]


@dataclass(frozen=True)
class Picture:
    """An image to place: its bytes, file extension and size in pixels."""

    data: bytes
    ext: str
    width_px: int
    height_px: int
    alt: str


@dataclass(frozen=True)
class NativeChart:
    """A chart to add as an editable PowerPoint chart, with its alt text."""

    chart: Chart
    alt: str
