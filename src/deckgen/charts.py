"""Draw charts and diagrams with matplotlib, cache them, and describe them in words.

This is the only module that imports matplotlib, and it does so only when a figure must be drawn:
a build whose figures are all cached never loads it. Figures use the bundled Korean font, so they
look the same on every machine.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from deckgen import __version__, fonts
from deckgen import cache as cache_store
from deckgen.colors import channels, tint
from deckgen.files import remove_stale_temps
from deckgen.model import Chart, Diagram, Theme

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

Format = Literal["png", "svg", "pdf"]
FORMATS: tuple[Format, ...] = ("png", "svg", "pdf")
DEFAULT_DPI = 200
EXTRA_COLORS = ("#2A9D8F", "#E9C46A", "#8E7DBE", "#5DA9E9", "#B5838D")


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
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(Path(__file__).with_name("colors.py").read_bytes())
    return digest.hexdigest()[:12]


@lru_cache(maxsize=1)
def _font_digest() -> str:
    """Return a hash of the bundled fonts' names, sizes and times: a new font, new figures."""
    digest = hashlib.sha256()
    for bold in (False, True):
        digest.update(cache_store.stamp(fonts.path(bold)).encode())
    return digest.hexdigest()[:12]


# --- numbers and words --------------------------------------------------------------------------


def format_value(value: float, unit: str = "") -> str:
    """Return `value` with thousands separators and the unit as written: "1,500억 달러"."""
    if float(value).is_integer():
        text = f"{int(value):,}"
    else:
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{text}{unit}"


def describe(spec: FigureSpec) -> str:
    """Return alt text naming the figure and summarising its data."""
    content = spec.content
    name = spec.title or "Figure"
    if isinstance(content, Chart):
        kinds = {
            "bar": "Bar chart",
            "barh": "Horizontal bar chart",
            "stacked": "Stacked bar chart",
            "line": "Line chart",
        }
        parts = []
        for series in content.series:
            pairs = ", ".join(
                f"{cat} {format_value(v, content.unit)}"
                for cat, v in zip(content.categories, series.values, strict=False)
            )
            parts.append(f"{series.name}: {pairs}")
        scale = " (log scale)" if content.log else ""
        return f"{kinds[content.kind]}{scale}: {name}. " + "; ".join(parts) + "."
    if isinstance(content, Diagram):
        kind = (
            "Layer diagram, top to bottom"
            if content.kind == "layers"
            else ("Step diagram, left to right")
        )
        items = []
        for item in content.items:
            words = item.name + (f" ({item.text})" if item.text else "")
            if item.examples:
                words += ": " + ", ".join(item.examples)
            items.append(words)
        return f"{kind}: {name}. " + "; ".join(items) + "."
    return f"Image: {name}."


# --- drawing ------------------------------------------------------------------------------------


def render(spec: FigureSpec, fmt: Format = "png", dpi: int = DEFAULT_DPI) -> bytes:
    """Return the figure drawn as `fmt` bytes, byte-identical for the same spec."""
    import io

    figure = _figure(spec)
    buffer = io.BytesIO()
    if fmt == "png":
        # One draw on an Agg canvas: savefig draws twice when a layout engine is set. The
        # background is opaque, so RGB loses nothing and encodes faster and smaller than RGBA;
        # Pillow writes no time or software chunk.
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from PIL import Image

        figure.set_dpi(dpi)
        canvas = FigureCanvasAgg(figure)
        canvas.draw()
        image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba())
        image.convert("RGB").save(buffer, "PNG", compress_level=6, dpi=(dpi, dpi))
        return buffer.getvalue()
    metadata_ = {
        "svg": {"Date": None, "Creator": None},
        "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
    }[fmt]
    kwargs: dict[str, Any] = {"format": fmt, "dpi": dpi, "metadata": metadata_}
    figure.savefig(buffer, **kwargs)
    return buffer.getvalue()


def warm() -> None:
    """Load matplotlib and the fonts now, so that figures drawn later (also by workers forked
    from this process) start at once: `deckgen watch` does it while it waits for an edit."""
    _setup()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(1, 1))
    for weight in ("normal", "bold"):  # opens both font files
        figure.text(0, 0, "가 A", fontweight=weight)
    FigureCanvasAgg(figure).draw()


def _setup() -> None:
    """Configure matplotlib once per process: Agg, the bundled font, deterministic output."""
    import matplotlib

    if getattr(_setup, "done", False):
        return
    matplotlib.use("Agg", force=True)
    from matplotlib import font_manager

    for bold in (False, True):
        font_manager.fontManager.addfont(str(fonts.path(bold)))
    # Ignore the user's matplotlibrc: a figure depends on its spec alone, so the cache is right.
    matplotlib.rcdefaults()
    matplotlib.rcParams.update(
        {
            "font.family": [fonts.FAMILY],
            "axes.unicode_minus": True,  # the bundled font has U+2212
            "svg.hashsalt": "deckgen",
            "svg.fonttype": "path",
            "pdf.fonttype": 42,
            "path.simplify": True,
        }
    )
    _setup.done = True  # type: ignore[attr-defined]


def _figure(spec: FigureSpec) -> Figure:
    _setup()
    from matplotlib.figure import Figure

    content = spec.content
    figure = Figure(
        figsize=(spec.width, spec.height),
        facecolor=spec.theme.colors.background,
        layout="constrained" if isinstance(content, Chart) else None,
    )
    if isinstance(content, Chart):
        _draw_chart(figure, content, spec.theme)
    elif isinstance(content, Diagram):
        draw = _draw_layers if content.kind == "layers" else _draw_steps
        draw(figure, content, spec.theme)
    else:  # pragma: no cover - images are not drawn
        raise TypeError("images are embedded, not drawn")
    return figure


def palette(theme: Theme) -> list[str]:
    """Return the series colours: the theme's primary and accent first."""
    return [theme.colors.primary, theme.colors.accent, *EXTRA_COLORS, theme.colors.muted]


def _style_axes(ax: Axes, theme: Theme, value_axis: Literal["x", "y"]) -> None:
    c = theme.colors
    ax.set_facecolor(c.background)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(c.muted)
    ax.tick_params(colors=c.text, labelsize=15, length=0, pad=8)
    ax.grid(axis=value_axis, color=c.muted, alpha=0.25, linewidth=0.8)
    ax.set_axisbelow(True)


def tick_unit(unit: str) -> bool:
    """Return whether `unit` is short enough to repeat on every tick ("%", "K")."""
    return len(unit.strip()) <= 2 and " " not in unit.strip()


def _value_formatter(chart: Chart) -> Callable[[float, int], str]:
    unit = chart.unit if tick_unit(chart.unit) else ""

    def fmt(value: float, _pos: int) -> str:
        # Plain numbers, never mathtext like 10^5: they read at a glance and need no glyphs
        # the font may lack.
        return format_value(round(value, 6), unit)

    return fmt


def _draw_chart(figure: Figure, chart: Chart, theme: Theme) -> None:
    from matplotlib.ticker import FuncFormatter, LogLocator

    colors = palette(theme)
    horizontal = chart.kind == "barh"
    legend = len(chart.series) > 1
    figure.get_layout_engine().set(w_pad=0.12, h_pad=0.12)
    ax = figure.add_subplot()
    value_axis: Literal["x", "y"] = "x" if horizontal else "y"
    _style_axes(ax, theme, value_axis)
    count = len(chart.categories)
    positions = list(range(count))
    label_style = {"fontsize": 15, "color": theme.colors.text, "fontweight": "bold"}

    if chart.kind in ("bar", "barh"):
        n = len(chart.series)
        width = 0.7 / n
        for s, series in enumerate(chart.series):
            offsets = [p - 0.35 + width * (s + 0.5) for p in positions]
            draw = ax.barh if horizontal else ax.bar
            bars = draw(
                offsets,
                series.values,
                width * 0.92,
                color=colors[s % len(colors)],
                label=series.name,
                zorder=3,
            )
            if chart.labels:
                ax.bar_label(
                    bars,
                    labels=[format_value(v, chart.unit) for v in series.values],
                    padding=5,
                    **label_style,
                )
    elif chart.kind == "stacked":
        bottoms = [0.0] * count
        for s, series in enumerate(chart.series):
            bars = ax.bar(
                positions,
                series.values,
                0.6,
                bottom=bottoms,
                color=colors[s % len(colors)],
                label=series.name,
                zorder=3,
            )
            if chart.labels:
                ax.bar_label(
                    bars,
                    labels=[format_value(v, chart.unit) if v else "" for v in series.values],
                    label_type="center",
                    fontsize=14,
                    color="#FFFFFF",
                    fontweight="bold",
                )
            bottoms = [b + v for b, v in zip(bottoms, series.values, strict=True)]
        if chart.labels and len(chart.series) > 1:
            for p, total in zip(positions, bottoms, strict=True):
                ax.annotate(
                    format_value(total, chart.unit),
                    (p, total),
                    xytext=(0, 6),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    **label_style,
                )
    else:  # line
        for s, series in enumerate(chart.series):
            color = colors[s % len(colors)]
            ax.plot(
                positions,
                series.values,
                color=color,
                linewidth=3,
                marker="o",
                markersize=9,
                label=series.name,
                zorder=3,
            )
            if chart.labels:
                for p, v in zip(positions, series.values, strict=True):
                    ax.annotate(
                        format_value(v, chart.unit),
                        (p, v),
                        xytext=(0, 10),
                        textcoords="offset points",
                        ha="center",
                        va="bottom",
                        **{**label_style, "color": color},
                    )

    category_axis = ax.yaxis if horizontal else ax.xaxis
    value = ax.xaxis if horizontal else ax.yaxis
    category_axis.set_ticks(positions, labels=list(chart.categories))
    if horizontal:
        ax.invert_yaxis()  # the first category on top, as written
    if chart.log:
        (ax.set_xscale if horizontal else ax.set_yscale)("log")
        value.set_major_locator(LogLocator(base=10))
        value.set_minor_formatter(FuncFormatter(lambda _v, _p: ""))
    value.set_major_formatter(FuncFormatter(_value_formatter(chart)))
    if chart.unit and not tick_unit(chart.unit):
        label = ax.set_xlabel if horizontal else ax.set_ylabel
        label(f"({chart.unit.strip()})", fontsize=14, color=theme.colors.muted, labelpad=10)
    _headroom(ax, chart, horizontal)
    if chart.kind == "line":
        ax.set_xlim(-0.4, count - 0.6)
    if legend:
        figure.legend(
            loc="outside upper left",
            ncols=min(len(chart.series), 4),
            frameon=False,
            fontsize=15,
            labelcolor=theme.colors.text,
        )


def _headroom(ax: Axes, chart: Chart, horizontal: bool) -> None:
    """Leave room past the largest value for its label."""
    if chart.kind == "stacked":
        top = max(sum(vals) for vals in zip(*(s.values for s in chart.series), strict=True))
        low = 0.0
    else:
        values = [v for s in chart.series for v in s.values]
        top, low = max(values), min(values)
    get, set_ = (ax.get_xlim, ax.set_xlim) if horizontal else (ax.get_ylim, ax.set_ylim)
    _, hi = get()
    if chart.log:
        # Start at the power of ten below the smallest value, so bars have a true baseline.
        low = min(v for s in chart.series for v in s.values)
        base = 10 ** math.floor(math.log10(low))
        if chart.kind == "line" and base >= low / 1.5:
            base /= 10  # a point on the axis line would hide
        set_(base, hi * (4 if chart.labels else 1.5))
    else:
        # Labels sit past the bar's end: below a negative bar, above a positive one.
        pad = (max(top, 0) - min(low, 0)) * (0.16 if chart.labels else 0.06)
        set_(low - pad if low < 0 else 0, top + pad if top > 0 else 0)


def _ink(background: str) -> str:
    """Return black or white, whichever reads better on `background`."""
    r, g, b = channels(background)
    return "#1F2933" if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "#FFFFFF"


def _fit_text(
    figure: Figure, text: str, size: float, width_px: float, bold: bool = False, lines: int = 1
) -> tuple[list[str], float]:
    """Return `text` wrapped into at most `lines` lines of `width_px`, and the size that fits."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    measure = TextToPath()
    weight = "bold" if bold else "normal"
    while True:
        props = FontProperties(family=fonts.FAMILY, size=size, weight=weight)

        def width(s: str, props: FontProperties = props) -> float:
            w, _h, _d = measure.get_text_width_height_descent(s, props, ismath=False)
            return w * figure.dpi / 72

        wrapped: list[str] = []
        line = ""
        for word in text.split():
            candidate = f"{line} {word}".strip()
            if width(candidate) <= width_px or not line:
                line = candidate
            else:
                wrapped.append(line)
                line = word
        wrapped.append(line)
        if (len(wrapped) <= lines and all(width(x) <= width_px for x in wrapped)) or size <= 9:
            return wrapped, size
        size -= 0.5


def _draw_layers(figure: Figure, diagram: Diagram, theme: Theme) -> None:
    from matplotlib.patches import FancyBboxPatch

    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    width_px = figure.get_figwidth() * figure.dpi
    height_in = figure.get_figheight()
    ax.set_xlim(0, figure.get_figwidth())
    ax.set_ylim(height_in, 0)
    n = len(diagram.items)
    gap = 0.12
    band = (height_in - gap * (n - 1)) / n
    base = theme.colors.primary
    name_w, text_w = 0.27, 0.40
    total_w = figure.get_figwidth()
    for i, item in enumerate(diagram.items):
        top = i * (band + gap)
        fill = tint(base, 0.72 * i / max(n - 1, 1))
        ink = _ink(fill)
        ax.add_patch(
            FancyBboxPatch(
                (0.02, top),
                total_w - 0.04,
                band,
                boxstyle="round,pad=0,rounding_size=0.12",
                facecolor=fill,
                edgecolor="none",
            )
        )
        size = min(24.0, band * 72 * 0.36)
        lines, s = _fit_text(figure, item.name, size, name_w * width_px * 0.9, bold=True, lines=2)
        ax.text(
            0.3,
            top + band / 2,
            "\n".join(lines),
            fontsize=s,
            fontweight="bold",
            color=ink,
            va="center",
            ha="left",
            linespacing=1.15,
        )
        if item.text:
            lines, s = _fit_text(
                figure, item.text, min(17.0, band * 72 * 0.26), text_w * width_px * 0.95, lines=2
            )
            ax.text(
                total_w * name_w + 0.1,
                top + band / 2,
                "\n".join(lines),
                fontsize=s,
                color=ink,
                va="center",
                ha="left",
                linespacing=1.2,
            )
        if item.examples:
            chip_left = total_w * (name_w + text_w) + 0.25
            lines, s = _fit_text(
                figure,
                " · ".join(item.examples),
                min(15.0, band * 72 * 0.24),
                (total_w - chip_left - 0.25) * figure.dpi,
                lines=2,
            )
            ax.text(
                chip_left,
                top + band / 2,
                "\n".join(lines),
                fontsize=s,
                color=ink,
                va="center",
                ha="left",
                alpha=0.9,
                linespacing=1.2,
                style="normal",
            )


def _draw_steps(figure: Figure, diagram: Diagram, theme: Theme) -> None:
    from matplotlib.patches import FancyArrow, FancyBboxPatch

    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    w, h = figure.get_figwidth(), figure.get_figheight()
    ax.set_xlim(0, w)
    ax.set_ylim(h, 0)
    n = len(diagram.items)
    arrow = 0.55
    box_w = (w - 0.1 - arrow * (n - 1)) / n
    colors = [tint(theme.colors.primary, 0.55 * i / max(n - 1, 1)) for i in range(n)]
    colors[-1] = theme.colors.accent if n > 2 else colors[-1]
    px = figure.dpi
    for i, item in enumerate(diagram.items):
        left = 0.05 + i * (box_w + arrow)
        fill = colors[i]
        ink = _ink(fill)
        ax.add_patch(
            FancyBboxPatch(
                (left, 0.1),
                box_w,
                h - 0.2,
                boxstyle="round,pad=0,rounding_size=0.15",
                facecolor=fill,
                edgecolor="none",
            )
        )
        inner = (box_w - 0.5) * px
        lines, s = _fit_text(figure, item.name, 24, inner, bold=True, lines=2)
        y = 0.45
        ax.text(
            left + 0.25,
            y,
            "\n".join(lines),
            fontsize=s,
            fontweight="bold",
            color=ink,
            va="top",
            ha="left",
            linespacing=1.15,
        )
        y += len(lines) * s * 1.3 / 72 + 0.25
        ax.plot([left + 0.25, left + 0.95], [y - 0.1, y - 0.1], color=ink, linewidth=2, alpha=0.6)
        if item.text:
            lines, s = _fit_text(figure, item.text, 18, inner, lines=4)
            ax.text(
                left + 0.25,
                y + 0.05,
                "\n".join(lines),
                fontsize=s,
                color=ink,
                va="top",
                ha="left",
                linespacing=1.3,
            )
            y += len(lines) * s * 1.3 / 72 + 0.35
        if item.examples:
            lines, s = _fit_text(figure, " · ".join(item.examples), 15, inner, lines=3)
            ax.text(
                left + 0.25,
                h - 0.4,
                "\n".join(lines),
                fontsize=s,
                color=ink,
                va="bottom",
                ha="left",
                alpha=0.85,
                linespacing=1.3,
            )
        if i < n - 1:
            ax.add_patch(
                FancyArrow(
                    left + box_w + 0.1,
                    h / 2,
                    arrow - 0.2,
                    0,
                    width=0.08,
                    head_width=0.3,
                    head_length=0.18,
                    length_includes_head=True,
                    color=theme.colors.muted,
                )
            )


# --- a build's figures --------------------------------------------------------------------------


def render_all(
    specs: Sequence[FigureSpec],
    fmt: Format = "png",
    dpi: int = DEFAULT_DPI,
    cache: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[bytes], int]:
    """Return every figure's bytes (cached ones read, others drawn) and how many were drawn.

    `progress(done, total)` is called after each figure drawn.
    """
    with Drawing(specs, fmt, dpi, cache, progress) as drawing:
        return [drawing.get(i) for i in range(len(specs))], drawing.drawn


class Drawing:
    """A build's figures: the cached ones read, the others drawn now or in the background.

    `get(index)` returns a figure's bytes, waiting for it if need be. In the background (for a
    build that writes its slides meanwhile) forked workers start at once on the figures the
    cache lacks; otherwise they are drawn when first asked for, many at a time in a pool.
    """

    def __init__(
        self,
        specs: Sequence[FigureSpec],
        fmt: Format = "png",
        dpi: int = DEFAULT_DPI,
        cache: Path | None = None,
        progress: Callable[[int, int], None] | None = None,
        *,
        background: bool = False,
    ) -> None:
        self.specs, self.fmt, self.dpi, self.cache, self.progress = specs, fmt, dpi, cache, progress
        self.keys = [spec.key(fmt, dpi) for spec in specs]
        found = cache_store.lookup(cache, self.keys, fmt) if cache is not None else {}
        self.results = {i: found[key] for i, key in enumerate(self.keys) if key in found}
        self.missing = [i for i in range(len(specs)) if i not in self.results]
        self.drawn = len(self.missing)
        """How many figures the cache lacked."""
        self._futures: dict[int, Any] = {}
        self._pool: Any = None
        if cache is not None and self.missing:
            remove_stale_temps(cache)
        if background and self.missing and (os.cpu_count() or 1) > 1 and _fork_is_safe():
            from concurrent.futures import ProcessPoolExecutor
            from multiprocessing import get_context

            # A worker per core even for a few figures: the slides take this process about as
            # long as the figures take the workers (bench/RESULTS.md, "drawn in").
            workers = min(self.drawn, WORKERS)
            self._pool = ProcessPoolExecutor(
                workers,
                mp_context=get_context("fork"),
                initializer=_start_worker,
                initargs=(os.getpid(),),
            )
            for i in self.missing:
                self._futures[i] = self._pool.submit(render, specs[i], fmt, dpi)

    def get(self, index: int) -> bytes:
        """Return figure `index`'s bytes, drawn if need be."""
        if index not in self.results:
            if index in self._futures:
                self._done(index, self._futures.pop(index).result())
            else:
                waiting = [i for i in self.missing if i not in self.results]
                drawn = _draw_many([self.specs[i] for i in waiting], self.fmt, self.dpi)
                for i, data in zip(waiting, drawn, strict=True):
                    self._done(i, data)
        return self.results[index]

    def _done(self, index: int, data: bytes) -> None:
        self.results[index] = data
        if self.cache is not None:
            cache_store.store(self.cache, self.keys[index], self.fmt, data)
        if self.progress is not None:
            self.progress(len(self.results) - (len(self.specs) - self.drawn), self.drawn)

    def __enter__(self) -> Drawing:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_rest: object) -> None:
        if self._pool is not None:
            if kind is None:  # keep what was drawn but not asked for
                for index in list(self._futures):
                    self.get(index)
            self._pool.shutdown(wait=kind is None, cancel_futures=True)


WORKERS = min(os.cpu_count() or 1, 8)
"""Processes that draw figures at once, at most."""
PARALLEL_MIN = 4
"""Figures `deckgen charts` draws in this process before it draws them in a worker per core
(a build always draws in workers, beside its slides; see bench/RESULTS.md)."""


def _draw_many(specs: Sequence[FigureSpec], fmt: Format, dpi: int) -> Iterator[bytes]:
    """Yield the drawn figures in order; many are drawn in parallel across the machine's cores."""
    workers = min(len(specs), WORKERS)
    if workers < 2 or len(specs) < PARALLEL_MIN:
        for spec in specs:
            yield render(spec, fmt, dpi)
        return
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    fork = _fork_is_safe()
    if fork:
        # Draw the first figure here: workers forked after it start with matplotlib imported
        # and the fonts loaded (0.4 s each otherwise). A spawned worker starts a new
        # interpreter and imports all that itself, but is safe beside other Python threads.
        yield render(specs[0], fmt, dpi)
        specs = specs[1:]
    context = get_context("fork" if fork else "spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),)
    ) as pool:
        yield from pool.map(render, specs, [fmt] * len(specs), [dpi] * len(specs))


def _start_worker(parent: int) -> None:
    """Prepare a pool worker: leave Ctrl-C to the build, and end when the build ends."""
    import signal
    import sys

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # else each worker prints its own traceback
    if sys.platform.startswith("linux"):
        import ctypes

        # A worker waits on a pipe it holds open itself, so it would outlive a killed build:
        # ask the kernel to kill it when its parent dies (PR_SET_PDEATHSIG).
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)
        if os.getppid() != parent:  # the build died before the request
            os._exit(1)


def _fork_is_safe() -> bool:
    """Return whether this process may fork: POSIX fork exists and no other Python thread runs.

    Native threads are no obstacle: OpenBLAS (numpy's) stops its pool around a fork, and a
    worker never touches the file watcher's; a Python thread could hold a lock a worker needs.
    """
    import threading
    from multiprocessing import get_all_start_methods

    return "fork" in get_all_start_methods() and threading.active_count() == 1
