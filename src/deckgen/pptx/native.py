"""Editable PowerPoint charts from a chart spec: the `render: native` counterpart of the pictures.

Part of the writer: it imports python-pptx, and only `deckgen.pptx.writer` calls it. The chart
shows the same numbers, order, colours, number format, log axis and labels as the matplotlib
picture. Its colours and typefaces refer to the theme wherever they are the theme's (`schemeClr`,
`+mn-lt`, `+mn-ea`), so a new theme in PowerPoint restyles the chart as it does the slides.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Mapping
from typing import TYPE_CHECKING, cast

from lxml import etree
from pptx.chart.data import ChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.chart import XL_TICK_LABEL_POSITION as TICKS
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

if TYPE_CHECKING:
    from pptx.chart.chart import Chart as PptxChart
    from pptx.chart.datalabel import DataLabel
    from pptx.shapes.graphfrm import GraphicFrame
    from pptx.shapes.shapetree import SlideShapes
    from pptx.text.text import Font

from deckgen.colors import channels, mix
from deckgen.figures.style import palette, tick_unit
from deckgen.layout.numbers import decimals as places
from deckgen.outline.model import Chart, Theme
from deckgen.pptx.package import put
from deckgen.pptx.xml import child, esc

CHART_TYPES = {
    "bar": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "barh": XL_CHART_TYPE.BAR_CLUSTERED,
    "stacked": XL_CHART_TYPE.COLUMN_STACKED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
}
TEXT_PT = 14.0
"""Size of the chart's text: tick labels, legend, value labels (matching the picture's)."""
_LABEL_POSITIONS = {
    "bar": XL_LABEL_POSITION.OUTSIDE_END,
    "barh": XL_LABEL_POSITION.OUTSIDE_END,
    "stacked": XL_LABEL_POSITION.CENTER,
    "line": XL_LABEL_POSITION.ABOVE,
}
_FIXED_W3CDTF = "2000-01-01T00:00:00Z"


def number_format(chart: Chart, decimals: int | None = None) -> str:
    """Return the Excel number format of the chart's values: `#,##0"억 달러"` for 1,500억 달러.

    Without `decimals`, as many as the most precise value needs (the workbook's format).
    """
    if decimals is None:
        decimals = max((places(v) for s in chart.series for v in s.values), default=0)
    digits = "#,##0" + ("." + "0" * decimals if decimals else "")
    return digits + _literal(chart.unit)


def _literal(unit: str) -> str:
    """Return `unit` as literal text of a number format (quoted, so `%` does not scale)."""
    if not unit:
        return ""
    return '\\"'.join(f'"{part}"' if part else "" for part in unit.split('"'))


def add_chart(
    shapes: SlideShapes,
    box: tuple[int, int, int, int],
    chart: Chart,
    theme: Theme,
    *,
    name: str,
    alt: str,
    lang: str,
    scheme: Mapping[str, str] | None = None,
) -> GraphicFrame:
    """Add `chart` as a native chart filling `box` (EMU) to `shapes`; return its graphic frame."""
    # python-pptx writes the number format into the chart's XML as it is, so it gets it
    # escaped ("R&D" in a unit); the workbook, written by XlsxWriter, gets it as it is, below.
    data = _chart_data(chart, esc(number_format(chart)))
    x, y, cx, cy = (Emu(v) for v in box)
    # python-pptx hints `Chart`, but add_chart returns the graphic frame that holds the chart.
    frame = cast("GraphicFrame", shapes.add_chart(CHART_TYPES[chart.kind], x, y, cx, cy, data))
    frame.name = name
    child(frame._element, "p:nvGraphicFramePr/p:cNvPr").set("descr", alt)
    native = frame.chart
    native.has_title = False  # the slide's title names the chart; a single series gets one
    _text_style(native, theme, lang)
    _series_style(native, chart, theme)
    _axes(native, chart, theme)
    if chart.labels:
        _labels(native, chart, theme)
    if len(chart.series) > 1:
        native.has_legend = True
        native.legend.position = XL_LEGEND_POSITION.TOP
        native.legend.include_in_layout = False
    else:
        native.has_legend = False
    workbook = frame.chart_part.chart_workbook.xlsx_part
    workbook.blob = normalise_xlsx(_chart_data(chart, number_format(chart)).xlsx_blob)
    space: etree._Element = frame.chart_part._element
    _number_axes(space)
    refer_to_theme(space, scheme or {}, theme)
    return frame


def scheme_colors(slots: Mapping[str, str]) -> dict[str, str]:
    """Return the theme colour (`tx1`, `accent2`...) each colour of `slots` (a theme's colour
    slots, such as dk1 and accent1) stands for, by its six hex digits."""
    mapped = {"dk1": "tx1", "lt1": "bg1", "dk2": "tx2", "lt2": "bg2"}
    order = ("dk1", "lt1", *(f"accent{n}" for n in range(1, 7)), "dk2", "lt2")
    found: dict[str, str] = {}
    for slot in order:
        if slot in slots:
            found.setdefault(slots[slot].lstrip("#").upper(), mapped.get(slot, slot))
    return found


def refer_to_theme(space: etree._Element, scheme: Mapping[str, str], theme: Theme) -> None:
    """Turn the literal colours and typefaces of a chart that are the theme's into references
    to it (`scheme` maps hex digits to theme colours), leaving real departures literal."""
    for color in space.iter(qn("a:srgbClr")):
        name = scheme.get((color.get("val") or "").upper())
        if name is not None:
            color.tag = qn("a:schemeClr")
            color.set("val", name)
    faces = {theme.fonts.latin: "+mn-lt", theme.fonts.east_asian: "+mn-ea"}
    for tag, face in ((qn("a:latin"), "+mn-lt"), (qn("a:ea"), "+mn-ea")):
        for font in space.iter(tag):
            if faces.get(font.get("typeface") or "") == face:
                font.set("typeface", face)


def _number_axes(space: etree._Element) -> None:
    """Give the axes positive ids: python-pptx's are negative, which the schema forbids."""
    ids: dict[str, str] = {}
    for element in space.iter(qn("c:axId"), qn("c:crossAx")):
        value = element.get("val") or ""
        element.set("val", ids.setdefault(value, str(50_000_001 + len(ids))))


def _chart_data(chart: Chart, number_format: str) -> ChartData:
    """Return the categories and series of `chart` as python-pptx's chart data."""
    data = ChartData(number_format=number_format)  # CategoryChartData, by its hinted name
    data.categories = list(chart.categories)
    for series in chart.series:
        data.add_series(series.name, list(series.values))
    return data


def _rgb(color: str) -> RGBColor:
    return RGBColor(*channels(color))


def _font(font: Font, theme: Theme, size: float, color: str, lang: str, bold: bool = False) -> None:
    """Set size, colour, Latin and East Asian typefaces of a chart text's default run."""
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = _rgb(color)
    font.name = theme.fonts.latin
    rpr: etree._Element = font._rPr
    rpr.set("lang", lang)
    ea = rpr.find(qn("a:ea"))
    if ea is None:  # in schema order: a:latin, a:ea
        ea = etree.Element(qn("a:ea"))
        child(rpr, "a:latin").addnext(ea)
    ea.set("typeface", theme.fonts.east_asian)


def _text_style(native: PptxChart, theme: Theme, lang: str) -> None:
    _font(native.font, theme, TEXT_PT, theme.colors.text, lang)


def _series_style(native: PptxChart, chart: Chart, theme: Theme) -> None:
    colors = palette(theme)
    plot = native.plots[0]
    if chart.kind != "line":
        plot.vary_by_categories = False
        plot.gap_width = 60 if chart.kind == "stacked" else 50
    for index, series in enumerate(plot.series):
        color = _rgb(colors[index % len(colors)])
        if chart.kind == "line":
            series.smooth = False
            series.format.line.color.rgb = color
            series.format.line.width = Pt(3)
            series.marker.style = XL_MARKER_STYLE.CIRCLE
            series.marker.size = 9
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = color
            series.marker.format.line.color.rgb = color
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = color
            series.invert_if_negative = False


def _axes(native: PptxChart, chart: Chart, theme: Theme) -> None:
    c = theme.colors
    category = native.category_axis
    value = native.value_axis
    for axis in (category, value):
        axis.format.line.color.rgb = _rgb(c.muted)
        axis.has_minor_gridlines = False
    category.has_major_gridlines = False
    category.tick_label_position = TICKS.LOW  # negative bars must not cover the labels
    value.has_major_gridlines = True
    value.major_gridlines.format.line.color.rgb = _rgb(mix(c.muted, c.background, 0.7))
    value.major_gridlines.format.line.width = Pt(0.75)
    value.format.line.fill.background()
    value.tick_labels.number_format = tick_format(chart)
    value.tick_labels.number_format_is_linked = False
    if chart.kind == "barh":
        # The first category on top, as written; the value axis stays at the bottom.
        category.reverse_order = True
        value._element.find(qn("c:crosses")).set("val", "max")
    if chart.log:
        scaling = value._element.find(qn("c:scaling"))
        etree.SubElement(scaling, qn("c:logBase"), val="10")
        scaling.insert(0, scaling[-1])  # logBase comes first in c:scaling
        values = [v for s in chart.series for v in s.values]
        value.minimum_scale = 10 ** math.floor(math.log10(min(values)))
        # A power of ten past the largest value leaves room for its label.
        value.maximum_scale = 10 ** (math.floor(math.log10(max(values))) + 1)
    if chart.unit and not tick_unit(chart.unit):
        value.has_title = True
        value.axis_title.text_frame.text = f"({chart.unit.strip()})"
        run = value.axis_title.text_frame.paragraphs[0].runs[0]
        _font(run.font, theme, TEXT_PT, c.muted, native.font._rPr.get("lang"))


def tick_format(chart: Chart) -> str:
    """Return the value axis' number format: the unit on every tick only when it is short."""
    unit = chart.unit if tick_unit(chart.unit) else ""
    values = [v for s in chart.series for v in s.values]
    # Ticks step by whole numbers once values reach 10 (on a log axis: from 1 up).
    whole = min(values) >= 1 if chart.log else max(abs(v) for v in values) >= 10
    return ("#,##0" if whole else "General") + _literal(unit)


def _labels(native: PptxChart, chart: Chart, theme: Theme) -> None:
    """Label every value as `format_value` writes it: "2,000억 달러", "1,500.5억 달러"."""
    color = "#FFFFFF" if chart.kind == "stacked" else theme.colors.text
    lang = native.font._rPr.get("lang")
    position = _LABEL_POSITIONS[chart.kind]
    for series, spec in zip(native.plots[0].series, chart.series, strict=True):
        labels = series.data_labels
        labels.show_value = True
        labels.number_format = number_format(chart, 0)
        labels.number_format_is_linked = False
        labels.position = position
        _font(labels.font, theme, TEXT_PT, color, lang, bold=True)
        for index, value in enumerate(spec.values):
            if chart.kind == "stacked" and value == 0:
                _hide_label(series.points[index].data_label)
            elif places(value):
                # A point's own label holds its own format: one format cannot drop ".0".
                label = series.points[index].data_label
                _font(label.font, theme, TEXT_PT, color, lang, bold=True)
                label.position = position
                fmt = etree.Element(qn("c:numFmt"), formatCode=number_format(chart, places(value)))
                fmt.set("sourceLinked", "0")
                label._dLbl.find(qn("c:idx")).addnext(fmt)


def _hide_label(label: DataLabel) -> None:
    """Hide one point's label (a zero segment of a stacked bar, as the picture does)."""
    dlbl = label._get_or_add_dLbl()
    for item in list(dlbl):
        if item.tag != qn("c:idx"):
            dlbl.remove(item)
    etree.SubElement(dlbl, qn("c:delete"), val="1")


def normalise_xlsx(data: bytes) -> bytes:
    """Return the chart's workbook with a fixed creation date and zip dates: byte-identical."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            blob = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                blob = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rb"\g<1>" + _FIXED_W3CDTF.encode() + rb"\g<2>",
                    blob,
                )
            put(target, info.filename, blob)
    return out.getvalue()
