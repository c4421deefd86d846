"""The XML of a diagram drawn as shapes (`render: native`): its group and its filled shapes.

The group carries the diagram's name and alt text, as a picture would; its child coordinates
are the slide's (`chOff`/`chExt` equal to `off`/`ext`). Fills are theme colours, lightened or
darkened with `lumMod`/`lumOff`, so that a new theme colour in PowerPoint recolours the
diagram. The text boxes over the fills are written by `deckgen.pptx.slidexml`, as every text
box is.
"""

from __future__ import annotations

from deckgen.layout.design import Color
from deckgen.layout.shapes import FillShape, GroupShape, Tone
from deckgen.pptx.xml import emu, esc

_SLOTS: dict[Color, tuple[str, float, float]] = {
    "text": ("tx1", 1.0, 0.0),
    "background": ("bg1", 1.0, 0.0),
    "primary": ("accent1", 1.0, 0.0),
    "accent": ("accent2", 1.0, 0.0),
    "muted": ("tx1", 0.65, 0.35),
    "inverse": ("tx1", 1.0, 0.0),
    "inverse_muted": ("tx1", 0.65, 0.35),
    "tint": ("accent1", 0.07, 0.93),
}
"""Each colour role as a company template's theme holds it: its slot and lightness (as
`slidexml.THEME_COLORS` writes them)."""
_OWN_SLOTS: dict[Color, tuple[str, float, float]] = {
    **_SLOTS,
    "muted": ("accent6", 1.0, 0.0),
    "inverse": ("bg1", 1.0, 0.0),
    "inverse_muted": ("bg1", 0.85, 0.0),
}
"""Each colour role in deckgen's own theme (as `slidexml.OWN_COLORS` writes them)."""
_PRESETS = {"rect": "rect", "round": "roundRect", "arrow": "rightArrow"}
ARROW_SHAFT = 0.08
"""An arrow's shaft, in inches across."""
ARROW_HEAD = 0.18
"""An arrow's head, in inches along."""


def tone(value: Tone, own: bool) -> str:
    """Return the `a:schemeClr` of `value` in a theme of deckgen's (`own`) or a template's."""
    slot, mod, off = (_OWN_SLOTS if own else _SLOTS)[value.color]
    mod, off = mod * value.mod, off * value.mod + value.off
    inner = ""
    if round(mod * 100000) != 100000:
        inner += f'<a:lumMod val="{round(mod * 100000)}"/>'
    if round(off * 100000):
        inner += f'<a:lumOff val="{round(off * 100000)}"/>'
    if round(value.sat * 100000) != 100000:
        inner += f'<a:satMod val="{round(value.sat * 100000)}"/>'
    return (
        f'<a:schemeClr val="{slot}">{inner}</a:schemeClr>'
        if inner
        else (f'<a:schemeClr val="{slot}"/>')
    )


def open_group(group: GroupShape, shape_id: int, alt: str) -> str:
    """Return the start of the group's `p:grpSp`, up to its first child."""
    left, top = emu(group.box.left), emu(group.box.top)
    width, height = max(emu(group.box.width), 1), max(emu(group.box.height), 1)
    place = f'<a:off x="{left}" y="{top}"/><a:ext cx="{width}" cy="{height}"/>'
    child = f'<a:chOff x="{left}" y="{top}"/><a:chExt cx="{width}" cy="{height}"/>'
    return (
        f'<p:grpSp><p:nvGrpSpPr><p:cNvPr id="{shape_id}" name="{esc(group.name)}" '
        f'descr="{esc(alt)}"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
        f"<p:grpSpPr><a:xfrm>{place}{child}</a:xfrm></p:grpSpPr>"
    )


CLOSE_GROUP = "</p:grpSp>"


def fill(shape: FillShape, shape_id: int, own: bool) -> str:
    """Return a filled shape of the group: a band, a card, a rule or an arrow."""
    left, top = emu(shape.box.left), emu(shape.box.top)
    width, height = max(emu(shape.box.width), 1), max(emu(shape.box.height), 1)
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{esc(shape.name)}"/><p:cNvSpPr/>'
        f'<p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="{left}" y="{top}"/>'
        f'<a:ext cx="{width}" cy="{height}"/></a:xfrm>'
        f'<a:prstGeom prst="{_PRESETS[shape.kind]}"><a:avLst>{_adjust(shape)}</a:avLst>'
        f"</a:prstGeom><a:solidFill>{tone(shape.tone, own)}</a:solidFill>"
        "<a:ln><a:noFill/></a:ln></p:spPr></p:sp>"
    )


def _adjust(shape: FillShape) -> str:
    """Return the geometry's guides: a rounded rectangle's corner radius, an arrow's shaft and
    head, each a share (in 1/100,000) of the shape's shorter side (of its height, the shaft)."""
    box = shape.box
    short = min(box.width, box.height)
    if shape.kind == "round" and short > 0:
        share = min(round(shape.radius / short * 100000), 50000)
        return f'<a:gd name="adj" fmla="val {share}"/>'
    if shape.kind == "arrow" and short > 0:
        shaft = min(round(ARROW_SHAFT / box.height * 100000), 100000)
        head = min(round(min(ARROW_HEAD, box.width) / short * 100000), 100000)
        return f'<a:gd name="adj1" fmla="val {shaft}"/><a:gd name="adj2" fmla="val {head}"/>'
    return ""
