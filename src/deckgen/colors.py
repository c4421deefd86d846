"""Arithmetic on #RRGGBB colours and their WCAG contrast, shared by every stage."""

from __future__ import annotations


def channels(color: str) -> tuple[int, int, int]:
    """Return the red, green and blue of `color` (#RRGGBB), 0 to 255."""
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def mix(color: str, other: str, amount: float) -> str:
    """Return `color` moved towards `other` by `amount` (0: unchanged, 1: `other`)."""
    pairs = zip(channels(color), channels(other), strict=True)
    return "#" + "".join(f"{round(x + (y - x) * amount):02X}" for x, y in pairs)


def tint(color: str, amount: float) -> str:
    """Return `color` mixed with white by `amount` (0: unchanged, 1: white)."""
    return mix(color, "#FFFFFF", amount)


def luminance(color: str) -> float:
    """Return the WCAG relative luminance of `color` (0: black, 1: white)."""
    r, g, b = (
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
        for c in (v / 255 for v in channels(color))
    )
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


BODY_CONTRAST = 4.5
"""The least WCAG 2 contrast ratio for body text."""
LARGE_CONTRAST = 3.0
"""The least WCAG 2 contrast ratio for large or bold text and graphics."""


def contrast(one: str, other: str) -> float:
    """Return the WCAG contrast ratio of two #RRGGBB colours (1 to 21)."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def luminance_shift(color: str, mod: float = 1.0, off: float = 0.0, sat: float = 1.0) -> str:
    """Return `color` with its HSL lightness L made `L * mod + off` and its saturation times
    `sat` (each kept within 0 to 1): what DrawingML's `lumMod`, `lumOff` and `satMod` make of a
    theme colour, as PowerPoint's "lighter 40%" (mod 0.6, off 0.4) and "darker 25%" (mod
    0.75) do."""
    import colorsys

    red, green, blue = (v / 255 for v in channels(color))
    hue, light, saturation = colorsys.rgb_to_hls(red, green, blue)
    light = min(max(light * mod + off, 0.0), 1.0)
    saturation = min(max(saturation * sat, 0.0), 1.0)
    shifted = colorsys.hls_to_rgb(hue, light, saturation)
    return "#" + "".join(f"{round(v * 255):02X}" for v in shifted)


def tint_saturation(color: str, amount: float) -> float:
    """Return the factor on the HSL saturation of `color` that makes it, lightened by `amount`
    as `luminance_shift(color, 1 - amount, amount)` does, the colour `tint` mixes: lightening
    in HSL keeps the saturation, so a pale tint would glow where the mix with white greys."""
    import colorsys

    _h, _l, saturation = colorsys.rgb_to_hls(*(v / 255 for v in channels(color)))
    _h, _l, mixed = colorsys.rgb_to_hls(*(v / 255 for v in channels(tint(color, amount))))
    return mixed / saturation if saturation > 0 else 1.0
