"""Native charts' text set as PowerPoint sets it: no gap between Hangul and Latin or digits.

LibreOffice's slides lose their Asian/Western autospacing with a Korean profile (`profile`), but a
chart keeps its own: chart2 gives every chart text `ParaIsCharacterDistance` = true whatever the
locale, and a .pptx has no attribute that reaches it, so LibreOffice draws "2023 년 9 월" and
"B 사" in a native chart. Its own format does: a chart style's `style:text-autospace="none"`.
A deck with native charts is therefore rendered from an .odp copy whose charts say so.

LibreOffice's .odp keeps a value label's own colour and weight only when it is a number it
formats; a label written out as text (a Korean "6,000억 달러", a note) falls back to its
series' font. `unspaced` writes each such label's colour and weight, as the .pptx states them,
back on its data point, so a highlighted value keeps its emphasis.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml import etree

_CHART_PART = re.compile(r"ppt/charts/chart\d+\.xml")
_OBJECT = re.compile(r"Object (\d+)/content\.xml")
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
CHART = "urn:oasis:names:tc:opendocument:xmlns:chart:1.0"
FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
_NUMBER = re.compile(r"-?[\d,.]+[만억조경]?(?:\s?\S+)?")
"""A value label's text: digits, a scale word, a unit ("6,000억 달러", "12%", "140M")."""
_SCHEME = {"tx1": "dk1", "bg1": "lt1", "tx2": "dk2", "bg2": "lt2"}

Font = tuple[str | None, bool | None]
"""A label's colour ("#RRGGBB") and boldness, where the .pptx states them."""


def has_charts(pptx: Path) -> bool:
    """Return whether the deck at `pptx` holds a native chart."""
    with zipfile.ZipFile(pptx) as archive:
        return any(_CHART_PART.fullmatch(name) for name in archive.namelist())


def unspaced(odp: bytes, pptx: Path) -> bytes:
    """Return the .odp `odp` (LibreOffice's copy of the deck at `pptx`) with no Asian/Western
    autospacing in any text of its charts, and its value labels' own fonts kept."""
    fonts = label_fonts(pptx)
    source = zipfile.ZipFile(io.BytesIO(odp))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            found = _OBJECT.fullmatch(info.filename)
            if found and b"<office:chart" in data:
                number = int(found.group(1)) - 1  # LibreOffice numbers them in slide order
                data = _patched(data, fonts[number] if number < len(fonts) else None)
            stored = info.filename == "mimetype"  # first and uncompressed, as ODF requires
            target.writestr(info, data, zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    return out.getvalue()


def label_fonts(pptx: Path) -> list[list[dict[int, Font]]]:
    """Return, for each chart of the deck at `pptx` in slide order, for each series, the font of
    each point whose label states its own."""
    from lxml import etree

    with zipfile.ZipFile(pptx) as archive:

        def read(name: str) -> etree._Element:
            return etree.fromstring(archive.read(name))

        def targets(part: str) -> dict[str, str]:
            folder, name = posixpath.split(part)
            rels = read(posixpath.join(folder, "_rels", name + ".rels"))
            return {
                r.get("Id", ""): posixpath.normpath(posixpath.join(folder, r.get("Target", "")))
                for r in rels.iter(f"{{{PR}}}Relationship")
            }

        palette = _palette(read("ppt/theme/theme1.xml"))
        slides = targets("ppt/presentation.xml")
        order = [
            slides[s.get(f"{{{R}}}id", "")]
            for s in read("ppt/presentation.xml").iter(f"{{{P}}}sldId")
        ]
        charts = []
        for slide in order:
            parts = targets(slide)
            for ref in read(slide).iter(f"{{{C}}}chart"):
                chart = read(parts[ref.get(f"{{{R}}}id", "")])
                charts.append([_series_fonts(ser, palette) for ser in chart.iter(f"{{{C}}}ser")])
    return charts


def _palette(theme: etree._Element) -> dict[str, str]:
    """Return the theme's colours by slot name (dk1, accent2...) as "#RRGGBB"."""
    found = {}
    for scheme in theme.iter(f"{{{A}}}clrScheme"):
        for slot in scheme:
            color = slot.find(f"{{{A}}}srgbClr")
            system = slot.find(f"{{{A}}}sysClr")
            value = color.get("val") if color is not None else None
            if value is None and system is not None:
                value = system.get("lastClr")
            if value:
                found[etree_local(slot)] = "#" + value.upper()
        break
    return found


def etree_local(element: etree._Element) -> str:
    """Return the tag of `element` without its namespace."""
    return str(element.tag).rsplit("}", 1)[-1]


def _series_fonts(ser: etree._Element, palette: dict[str, str]) -> dict[int, Font]:
    """Return the font of each of the series' points whose label is written out as text."""
    fonts = {}
    for dlbl in ser.iter(f"{{{C}}}dLbl"):
        idx = dlbl.find(f"{{{C}}}idx")
        if idx is None or dlbl.find(f"{{{C}}}tx") is None:
            continue
        runs = list(dlbl.iter(f"{{{A}}}r"))
        # The value's run (a note's is its own): the one that reads as a number, else the first.
        value = next(
            (r for r in runs if _NUMBER.fullmatch("".join(r.itertext()).strip())),
            runs[0] if runs else None,
        )
        rpr = value.find(f"{{{A}}}rPr") if value is not None else None
        if rpr is None:
            continue
        bold = {"1": True, "0": False}.get(rpr.get("b", ""))
        fonts[int(idx.get("val", "0"))] = (_color(rpr, palette), bold)
    return fonts


def _color(rpr: etree._Element, palette: dict[str, str]) -> str | None:
    """Return the solid fill colour of the run properties `rpr`, resolved through the theme."""
    fill = rpr.find(f"{{{A}}}solidFill")
    if fill is None or not len(fill):
        return None
    color = fill[0]
    value = color.get("val", "")
    if etree_local(color) == "srgbClr":
        return "#" + value.upper()
    if etree_local(color) == "schemeClr":
        return palette.get(_SCHEME.get(value, value))
    return None


def _patched(content: bytes, fonts: list[dict[int, Font]] | None) -> bytes:
    """Return a chart's content.xml with `style:text-autospace="none"` on every style that sets
    text, and the labels' own `fonts` (by series, by point) on their data points."""
    from lxml import etree

    root = etree.fromstring(content)
    text, paragraph = f"{{{STYLE}}}text-properties", f"{{{STYLE}}}paragraph-properties"
    styles = root.find(f"{{{OFFICE}}}automatic-styles")
    if fonts is not None and styles is not None:
        series = list(root.iter(f"{{{CHART}}}series"))
        if len(series) == len(fonts):
            for made, (element, own) in enumerate(zip(series, fonts, strict=True)):
                _point_fonts(element, own, styles, f"dgf{made}")
    for style in root.iter(f"{{{STYLE}}}style"):
        props = style.find(text)
        if props is None:
            continue
        para = style.find(paragraph)
        if para is None:
            para = etree.Element(paragraph)
            props.addprevious(para)
        para.set(f"{{{STYLE}}}text-autospace", "none")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def _point_fonts(
    series: etree._Element, fonts: dict[int, Font], styles: etree._Element, prefix: str
) -> None:
    """Give each data point of `series` that `fonts` names a style of its own with that font."""
    from copy import deepcopy

    from lxml import etree

    repeated, name = f"{{{CHART}}}repeated", f"{{{STYLE}}}name"
    by_name = {s.get(name): s for s in styles.iter(f"{{{STYLE}}}style")}
    points = []
    for point in list(series.iter(f"{{{CHART}}}data-point")):
        count = int(point.get(repeated, "1"))
        point.attrib.pop(repeated, None)
        for _ in range(count - 1):  # one element a point, so each can have its own style
            twin = deepcopy(point)
            point.addprevious(twin)
            points.append(twin)
        points.append(point)
    for at, (color, bold) in sorted(fonts.items()):
        if at >= len(points):
            continue
        base = by_name.get(points[at].get(f"{{{CHART}}}style-name"))
        style = deepcopy(base) if base is not None else etree.Element(f"{{{STYLE}}}style")
        style.set(name, f"{prefix}p{at}")
        style.set(f"{{{STYLE}}}family", "chart")
        props = style.find(f"{{{STYLE}}}text-properties")
        if props is None:
            props = etree.SubElement(style, f"{{{STYLE}}}text-properties")
        if color:
            props.set(f"{{{FO}}}color", color.lower())
        if bold is not None:
            for key in (f"{{{FO}}}font-weight", f"{{{STYLE}}}font-weight-asian"):
                props.set(key, "bold" if bold else "normal")
        styles.append(style)
        points[at].set(f"{{{CHART}}}style-name", f"{prefix}p{at}")
