"""The figures' shared style: series colours, when a unit goes on every tick, text colour on a fill.

Used by the matplotlib drawing and by the native charts (`deckgen.pptx.native`), so both show the
same colours.
"""

from __future__ import annotations

from deckgen.colors import channels
from deckgen.outline.model import Theme

EXTRA_COLORS = ("#2A9D8F", "#E9C46A", "#8E7DBE", "#5DA9E9", "#B5838D")
"""Series colours after the theme's primary and accent."""


def palette(theme: Theme) -> list[str]:
    """Return the series colours: the theme's primary and accent first."""
    return [theme.colors.primary, theme.colors.accent, *EXTRA_COLORS, theme.colors.muted]


def tick_unit(unit: str) -> bool:
    """Return whether `unit` is short enough to repeat on every tick ("%", "K")."""
    return len(unit.strip()) <= 2 and " " not in unit.strip()


def ink(background: str) -> str:
    """Return black or white, whichever reads better on `background`."""
    r, g, b = channels(background)
    return "#1F2933" if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "#FFFFFF"
