"""Draw charts and diagrams with matplotlib: the only code that imports it, and only when a
figure must be drawn, so a build whose figures are all cached never loads it.

Every figure is drawn inside `matplotlib.rc_context` with matplotlib's default style and the
bundled Korean font, so it depends on its spec alone (a user's matplotlibrc changes nothing, and
a program that calls deckgen keeps its own rcParams).
"""

from __future__ import annotations

import io
import warnings
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from deckgen import fonts
from deckgen.figures.spec import DEFAULT_DPI, FigureSpec, Format, pack
from deckgen.outline.model import Chart, Diagram

if TYPE_CHECKING:
    from collections.abc import Iterator

    from matplotlib.artist import Artist
    from matplotlib.figure import Figure
    from matplotlib.text import Text

STYLE: dict[str, Any] = {
    "font.family": [fonts.FAMILY],
    "axes.unicode_minus": True,  # the bundled font has U+2212
    "svg.hashsalt": "deckgen",
    "svg.fonttype": "path",
    "pdf.fonttype": 42,
    "path.simplify": True,
    "text.parse_math": False,  # "$5 vs $10" is text, not math
}
"""What deckgen's figures set over matplotlib's default style."""
GLYPH_MISSING = r"Glyph \d+ .* missing from font"
"""The start of matplotlib's warning about a character the font lacks (`check` reports it)."""


def render(spec: FigureSpec, fmt: Format = "png", dpi: int = DEFAULT_DPI) -> bytes:
    """Return the figure drawn as `fmt` bytes, byte-identical for the same spec.

    A slide's picture ("slide") is drawn once and saved twice: as a PNG at `dpi` and as an SVG
    whose words are text in the deck's faces (`pack`ed together).
    """
    from matplotlib import style

    _load_fonts()
    buffer = io.BytesIO()
    # The default style and deckgen's own, for this figure only: the caller's rcParams stay.
    # A character the font lacks is `check`'s warning, located in the deck; and the warning that
    # the layout squeezed the plot to nothing is measured by `check` too
    # (`deckgen.figures.readable`): matplotlib's own, which name deckgen's source lines, say
    # nothing more.
    with style.context(["default", STYLE]), warnings.catch_warnings():
        warnings.filterwarnings("ignore", GLYPH_MISSING, UserWarning)
        for message in _HANDLED:
            warnings.filterwarnings("ignore", message=message)
        figure = _figure(spec)
        if spec.frame is not None and fmt != "slide":
            return _save_framed(figure, fmt, dpi)
        if fmt == "png":
            _save_png(figure, dpi, buffer)
        elif fmt == "slide":
            _save_png(figure, dpi, buffer)
            return pack(buffer.getvalue(), _slide_svg(figure, spec, dpi))
        else:
            metadata = {
                "svg": SVG_METADATA,
                "pdf": _PDF_METADATA,
            }[fmt]
            figure.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata)
    return buffer.getvalue()


def _save_framed(figure: Figure, fmt: Format, dpi: int) -> bytes:
    """Return a picture for a post (`charts --titled`) as `fmt` bytes: cut to what it shows
    and an even margin around it."""
    from PIL import Image

    from deckgen.figures.draw import frame

    box = frame.crop(figure) or "tight"
    buffer = io.BytesIO()
    metadata = {"png": {"Software": None}, "svg": SVG_METADATA, "pdf": _PDF_METADATA}[fmt]
    figure.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata, bbox_inches=box)
    if fmt != "png":
        return buffer.getvalue()
    # As `_save_png` writes a picture: RGB, no time or software chunk.
    buffer.seek(0)
    with Image.open(buffer) as image:
        out = io.BytesIO()
        image.convert("RGB").save(out, "PNG", compress_level=6, dpi=(dpi, dpi))
    return out.getvalue()


SVG_METADATA = {"Date": None, "Creator": None}
"""No date and no program version in an SVG: the same spec gives the same bytes."""
_PDF_METADATA = {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None}
"""No date and no program version in a PDF."""


def _slide_svg(figure: Figure, spec: FigureSpec, dpi: int) -> bytes:
    """Return `figure` as an SVG for a slide: its words as text, in the deck's faces first."""
    from matplotlib import rc_context

    from deckgen.figures.draw import svgtext
    from deckgen.figures.draw import text as measure

    # Each block of several lines is a group saying how its lines align (`svgtext.as_text`).
    blocks = (t for t in _texts(figure) if "\n" in t.get_text() and t.get_visible())
    for n, block in enumerate(blocks):
        block.set_gid(svgtext.LINES_ID.format(align=block.get_horizontalalignment(), n=n))
    buffer = io.BytesIO()
    with rc_context({"svg.fonttype": "none"}):
        figure.savefig(buffer, format="svg", dpi=dpi, metadata=SVG_METADATA)
    faces = (spec.theme.fonts.latin, spec.theme.fonts.east_asian)
    svg = svgtext.as_text(buffer.getvalue().decode(), faces, fonts.FAMILY, measure.width_pt)
    return svg.encode()


def _texts(artist: Artist) -> Iterator[Text]:
    """Yield the texts in `artist` in the order `artist.findobj(Text)` lists them, but none of a
    hidden axis (an Axes' axis turned off is never drawn): asked for its children, a hidden
    axis makes its ticks, a fifth of the time of a diagram's SVG."""
    from matplotlib.axis import Axis
    from matplotlib.text import Text

    for child in artist.get_children():
        if isinstance(child, Axis) and child.axes is not None and not child.axes.axison:
            continue
        yield from _texts(child)
    if isinstance(artist, Text):
        yield artist


_HANDLED = ("constrained_layout not applied", "constrained_layout couldn't accommodate")
"""The starts of matplotlib's warnings that deckgen's own checks stand for."""


def _save_png(figure: Figure, dpi: int, buffer: io.BytesIO) -> None:
    """Write `figure` into `buffer` as an RGB PNG at `dpi`, drawn once."""
    # One draw on an Agg canvas: savefig draws twice when a layout engine is set. The background
    # is opaque, so RGB loses nothing and encodes faster and smaller than RGBA; no time or
    # software chunk.
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from deckgen.figures.draw import png

    figure.set_dpi(dpi)
    canvas = figure.canvas
    if not isinstance(canvas, FigureCanvasAgg):
        canvas = FigureCanvasAgg(figure)
    canvas.draw()
    buffer.write(png.encode(np.asarray(canvas.buffer_rgba()), dpi))


def warm() -> None:
    """Load matplotlib and the fonts now, so that figures drawn later (also by workers forked
    from this process) start at once: `deckgen watch` does it while it waits for an edit."""
    from matplotlib import style
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    _load_fonts()
    with style.context(["default", STYLE]):
        figure = Figure(figsize=(1, 1))
        for weight in ("normal", "bold"):  # opens both font files
            figure.text(0, 0, "가 A", fontweight=weight)
        FigureCanvasAgg(figure).draw()


@lru_cache(maxsize=1)
def _load_fonts() -> None:
    """Register the bundled font with matplotlib, once per process (it is not persisted)."""
    from matplotlib import font_manager

    for bold in (False, True):
        font_manager.fontManager.addfont(str(fonts.path(bold)))


def _figure(spec: FigureSpec) -> Figure:
    """Return the figure of `spec`, drawn with the current rcParams."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from deckgen.figures.draw import chart, diagram, frame

    content = spec.content
    figure = Figure(figsize=(spec.width, spec.height), facecolor=spec.theme.colors.background)
    # On an Agg canvas from the start, the fitting's measures share one renderer, and with it
    # matplotlib's cache of text sizes; without one, each asks for a new renderer, measuring
    # every text again.
    FigureCanvasAgg(figure)
    body = (0.0, 0.0, 1.0, 1.0)
    if spec.frame is not None:
        # The figure as on its slide, in a picture a margin wider and with room for the
        # headline above and the source below; `frame.crop` then cuts it to what it shows.
        wide = spec.width + 2 * frame.MARGIN
        figure.set_size_inches(wide, spec.height)
        title, source, header, footer = frame.lay_out(figure, spec.frame)
        total = spec.height + header + footer
        figure.set_size_inches(wide, total)
        body = (frame.MARGIN / wide, footer / total, spec.width / wide, spec.height / total)
    if isinstance(content, Chart):
        chart.draw(figure, content, spec.theme, body)
    elif isinstance(content, Diagram):
        draw = diagram.draw_layers if content.kind == "layers" else diagram.draw_steps
        draw(figure, content, spec.theme, body)
    else:
        raise TypeError("images are embedded, not drawn")
    if spec.frame is not None:
        frame.draw(figure, spec.frame, spec.theme, title, source)
    return figure
