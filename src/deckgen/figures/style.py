"""The figures' shared style: series colours, highlighted and muted marks, text colour on a fill.

Used by the matplotlib drawing and by the native charts (`deckgen.pptx.native`), so both show the
same colours.
"""

from __future__ import annotations

from deckgen.colors import BODY_CONTRAST, LARGE_CONTRAST, contrast, mix
from deckgen.layout.numbers import short_unit
from deckgen.layout.typescale import SMALL
from deckgen.outline.model import Chart, Theme

EXTRA_COLORS = ("#2A9D8F", "#E9C46A", "#8E7DBE", "#5DA9E9", "#B5838D")
"""Series colours after the theme's primary and accent."""
WHITE = "#FFFFFF"
FADE = 0.7
"""How far a series colour moves towards the background for the marks a highlight leaves out."""
LABEL_PT = SMALL
"""Size of a chart's category, tick, legend and value labels, in points: the type scale's
smallest, as a slide's captions."""


def palette(theme: Theme) -> list[str]:
    """Return the series colours: the theme's primary and accent first."""
    return [theme.colors.primary, theme.colors.accent, *EXTRA_COLORS, theme.colors.muted]


def tick_unit(unit: str) -> bool:
    """Return whether `unit` is short enough to repeat on every tick ("%", "K")."""
    return short_unit(unit)


def context(theme: Theme, step: int = 0) -> str:
    """Return the light grey of the marks a highlight leaves out (`step` > 0: lighter ones)."""
    return mix(theme.colors.muted, theme.colors.background, 0.5 + 0.12 * step)


def highlighted(chart: Chart) -> tuple[set[int], int | None]:
    """Return the indexes of the categories the chart highlights, and of the series it does.

    A name that is both a category and a series is the category.
    """
    names = chart.highlight if isinstance(chart.highlight, list) else [chart.highlight]
    categories = {i for i, c in enumerate(chart.categories) if c in names}
    series_names = [s.name for s in chart.series]
    series = next(
        (
            i
            for i, name in enumerate(series_names)
            if len(series_names) > 1 and name in names and name not in chart.categories
        ),
        None,
    )
    return categories, series


def series_colors(chart: Chart, theme: Theme) -> list[str]:
    """Return each series' colour, as the legend shows it."""
    colors = palette(theme)
    _categories, series = highlighted(chart)
    if series is None:
        return [colors[s % len(colors)] for s in range(len(chart.series))]
    others = iter(range(len(chart.series)))
    return [
        theme.colors.accent if s == series else context(theme, next(others))
        for s in range(len(chart.series))
    ]


def mark_colors(chart: Chart, theme: Theme) -> list[list[str]]:
    """Return the fill of every mark, by series then category: the highlighted ones in the
    accent colour (with several series: in their series' colour), the others muted."""
    base = series_colors(chart, theme)
    categories, _series = highlighted(chart)
    count = len(chart.categories)
    if not categories:
        return [[color] * count for color in base]
    if len(chart.series) == 1:
        return [[theme.colors.accent if c in categories else context(theme) for c in range(count)]]
    return [
        [
            color if c in categories else mix(color, theme.colors.background, FADE)
            for c in range(count)
        ]
        for color in base
    ]


def emphasised(chart: Chart) -> list[list[bool]]:
    """Return, by series then category, whether a mark's label is emphasised by a highlight."""
    categories, series = highlighted(chart)
    return [
        [c in categories or s == series for c in range(len(chart.categories))]
        for s in range(len(chart.series))
    ]


def label_color(theme: Theme, emphasis: bool) -> str:
    """Return the colour of a value label: the accent for an emphasised one where it reads as
    large text (bold, 14 pt or more), the body text colour otherwise."""
    c = theme.colors
    if emphasis and contrast(c.accent, c.background) >= LARGE_CONTRAST:
        return c.accent
    return c.text


def quiet_color(theme: Theme) -> str:
    """Return the colour of secondary text (labels a highlight leaves out, axis ticks): the muted
    colour where it reads as body text, else the text colour."""
    c = theme.colors
    return c.muted if contrast(c.muted, c.background) >= BODY_CONTRAST else c.text


def ink(fill: str, dark: str = "#1F2933") -> str:
    """Return white or `dark`, whichever contrasts more with `fill`."""
    return WHITE if contrast(WHITE, fill) >= contrast(dark, fill) else dark


def readable(fill: str, dark: str = "#1F2933", least: float = BODY_CONTRAST) -> tuple[str, str]:
    """Return `fill`, darkened or lightened as little as needed, and the text colour (white or
    `dark`) that reads on it with a contrast of at least `least`:1.

    White wherever it already reads as large text (3:1): a strong fill keeps white text and
    deepens a little, rather than paling behind dark text.
    """
    text = WHITE if contrast(WHITE, fill) >= LARGE_CONTRAST else ink(fill, dark)
    towards = "#000000" if text == WHITE else WHITE
    for step in range(51):
        shade = mix(fill, towards, step / 50)
        if contrast(text, shade) >= least:
            return shade, text
    return towards, text
