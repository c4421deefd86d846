"""How a run of text looks in PowerPoint: its properties resolved through the style inheritance.

A slide's placeholder text states only where it departs from its layout; the rest comes from the
layout's placeholder, the master's placeholder, the master's text styles and the theme. These
helpers follow that chain the way PowerPoint does, so a test can assert what the audience sees
(the size, weight, colour and typeface of a run) rather than what the XML happens to spell out.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_STYLES = {"title": "titleStyle", "ctrTitle": "titleStyle"}
_OTHER = ("dt", "ftr", "sldNum", "hdr")


@dataclass(frozen=True)
class Look:
    """What a run of text looks like once every inherited style is applied."""

    size: float | None
    bold: bool
    italic: bool
    color: str | None
    """The colour as six hex digits, theme colours and their tints resolved."""
    latin: str | None
    """The Latin typeface, theme references (`+mj-lt`) resolved."""
    east_asian: str | None
    align: str
    cap: str
    bullet: str | None
    """The bullet character, or None for none."""
    level: int
    margin: int
    """The paragraph's left margin, in EMU."""


def look(shape, paragraph, run=None) -> Look:
    """Return how `run` (the paragraph's first run if None) of `paragraph` in `shape` looks."""
    run = run if run is not None else paragraph.runs[0]
    level = paragraph.level
    chain = [paragraph._p.pPr, *_levels(shape, level)]
    chain = [element for element in chain if element is not None]
    rprs = [run._r.find(f"{A}rPr")] + [element.find(f"{A}defRPr") for element in chain]
    rprs = [element for element in rprs if element is not None]
    theme = Theme(shape)

    def attr(elements, name, default=None):
        return next((e.get(name) for e in elements if e.get(name) is not None), default)

    def child(elements, tag):
        return next((e.find(tag) for e in elements if e.find(tag) is not None), None)

    fill = child(rprs, f"{A}solidFill")
    latin = child(rprs, f"{A}latin")
    ea = child(rprs, f"{A}ea")
    size = attr(rprs, "sz")
    bullet = next(
        (
            e.find(f"{A}buChar").get("char") if e.find(f"{A}buChar") is not None else None
            for e in chain
            if e.find(f"{A}buChar") is not None or e.find(f"{A}buNone") is not None
        ),
        None,
    )
    return Look(
        size=int(size) / 100 if size else None,
        bold=attr(rprs, "b", "0") in ("1", "true"),
        italic=attr(rprs, "i", "0") in ("1", "true"),
        color=theme.color(fill[0]) if fill is not None else None,
        latin=theme.face(latin.get("typeface")) if latin is not None else None,
        east_asian=theme.face(ea.get("typeface")) if ea is not None else None,
        align=attr(chain, "algn", "l"),
        cap=attr(rprs, "cap", "none"),
        bullet=bullet,
        level=level,
        margin=int(attr(chain, "marL", "0")),
    )


def _levels(shape, level: int) -> list:
    """Return the paragraph properties of `level` that `shape` inherits, nearest first."""
    name = f"{A}lvl{level + 1}pPr"
    found = []
    holders = [shape]
    if shape.is_placeholder:
        base = shape
        while (base := getattr(base, "_base_placeholder", None)) is not None:
            holders.append(base)
    for holder in holders:
        styles = holder._element.find(f".//{A}lstStyle")
        if styles is not None:
            found.append(styles.find(name))
    master = shape.part.slide_layout.slide_master if hasattr(shape.part, "slide_layout") else None
    if master is not None:
        style = None
        if shape.is_placeholder:
            tag = _xml_type(shape)
            style = _STYLES.get(tag, "otherStyle" if tag in _OTHER else "bodyStyle")
        if style:
            found.append(master._element.find(f"{P}txStyles/{P}{style}/{name}"))
        else:
            defaults = shape.part.package.presentation_part._element.find(f"{P}defaultTextStyle")
            if defaults is not None:
                found.append(defaults.find(name))
    return found


def _xml_type(shape) -> str:
    ph = shape._element.find(f".//{P}nvPr/{P}ph")
    return ph.get("type", "obj")


class Theme:
    """The theme of a shape's slide: its colours (through the master's colour map) and faces."""

    def __init__(self, shape) -> None:
        master = shape.part.slide_layout.slide_master
        self.map = dict(master._element.find(f"{P}clrMap").attrib)
        self.xml = etree.fromstring(master.part.part_related_by(RT.THEME).blob)

    def face(self, typeface: str | None) -> str | None:
        """Return the typeface `typeface` names, a theme reference (`+mn-ea`) resolved."""
        if not typeface or not typeface.startswith("+"):
            return typeface
        kind, script = typeface[1:].split("-")
        font = "majorFont" if kind == "mj" else "minorFont"
        tag = {"lt": "latin", "ea": "ea", "cs": "cs"}[script]
        group = self.xml.find(f".//{A}fontScheme/{A}{font}")
        face = group.find(f"{A}{tag}").get("typeface")
        if not face and tag == "ea":  # none named: Hangul takes the theme's face for its script
            face = group.find(f"{A}font[@script='Hang']").get("typeface")
        return face

    def color(self, element) -> str:
        """Return the colour `element` (`a:srgbClr`, `a:schemeClr`) stands for, as hex."""
        tag = element.tag.split("}")[1]
        if tag == "srgbClr":
            value = element.get("val")
        elif tag == "schemeClr":
            name = self.map.get(element.get("val"), element.get("val"))
            slot = self.xml.find(f".//{A}clrScheme/{A}{name}")[0]
            value = slot.get("val") if slot.tag.endswith("srgbClr") else slot.get("lastClr")
        else:
            raise AssertionError(f"unexpected colour {tag}")
        return _modulated(value, element).upper()


def _modulated(value: str, element) -> str:
    """Return `value` with the luminance changes of `element` (`lumMod`, `lumOff`) applied."""
    mod = element.find(f"{A}lumMod")
    off = element.find(f"{A}lumOff")
    if mod is None and off is None:
        return value
    r, g, b = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hue, light, sat = colorsys.rgb_to_hls(r, g, b)
    light = light * (int(mod.get("val")) / 100000 if mod is not None else 1)
    light += int(off.get("val")) / 100000 if off is not None else 0
    r, g, b = colorsys.hls_to_rgb(hue, min(1.0, max(0.0, light)), sat)
    return "".join(f"{round(c * 255):02X}" for c in (r, g, b))
