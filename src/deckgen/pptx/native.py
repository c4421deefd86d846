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
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
    XL_TICK_MARK,
)
from pptx.enum.chart import XL_TICK_LABEL_POSITION as TICKS
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.util import Emu, Pt

if TYPE_CHECKING:
    from pptx.chart.axis import ValueAxis
    from pptx.chart.chart import Chart as PptxChart
    from pptx.chart.datalabel import DataLabel
    from pptx.shapes.graphfrm import GraphicFrame
    from pptx.shapes.shapetree import SlideShapes
    from pptx.text.text import Font

from deckgen.colors import channels, mix
from deckgen.figures import style
from deckgen.layout import numbers
from deckgen.layout.numbers import decimals as places
from deckgen.outline.model import Chart, Reference, Theme
from deckgen.pptx import internals
from deckgen.pptx.package import put
from deckgen.pptx.xml import child, esc, insert_before

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


def number_format(chart: Chart, decimals: int | None = None, with_unit: bool = True) -> str:
    """Return the Excel number format of the chart's values: `#,##0"억 달러"` for 1,500억 달러
    (the unit spaced as `numbers.format_value` spaces it: `#,##0" GW"`).

    Without `decimals`, as many as the most precise value needs (the workbook's format).
    Without `with_unit`, the unit is left out but its scale word stays: `#,##0"억"`.
    """
    if decimals is None:
        decimals = max((places(v) for s in chart.series for v in s.values), default=0)
    digits = "#,##0" + ("." + "0" * decimals if decimals else "")
    _power, word, rest = numbers.split_unit(chart.unit)
    return digits + _literal(word + numbers.spaced(rest) if with_unit else word)


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
    reference = _drawn_reference(chart)
    x, y, cx, cy = (Emu(v) for v in box)
    # python-pptx hints `Chart`, but add_chart returns the graphic frame that holds the chart.
    frame = cast("GraphicFrame", shapes.add_chart(CHART_TYPES[chart.kind], x, y, cx, cy, data))
    frame.name = name
    child(internals.element(frame), "p:nvGraphicFramePr/p:cNvPr").set("descr", alt)
    native = frame.chart
    native.has_title = False  # the slide's title names the chart; a single series gets one
    _text_style(native, theme, lang)
    _series_style(native, chart, theme)
    _axes(native, chart, theme)
    if chart.labels or chart.annotations:
        _labels(native, chart, theme)
    if len(chart.series) > 1:
        native.has_legend = True
        native.legend.position = XL_LEGEND_POSITION.TOP
        native.legend.include_in_layout = False
    else:
        native.has_legend = False
    if reference is not None:
        _reference(native, chart, theme)
        if chart.labels and chart.kind != "stacked":
            _label_backgrounds(native, theme)
    frame.chart_part.chart_workbook.xlsx_part.blob = workbook(chart)
    space = internals.element(frame.chart_part)
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
    fonts = theme.fonts
    for tag, name, face in (
        (qn("a:latin"), fonts.latin, "+mn-lt"),
        (qn("a:ea"), fonts.east_asian, "+mn-ea"),
    ):
        for font in space.iter(tag):
            if font.get("typeface") == name:
                font.set("typeface", face)


def _number_axes(space: etree._Element) -> None:
    """Give the axes positive ids: python-pptx's are negative, which the schema forbids."""
    ids: dict[str, str] = {}
    for element in space.iter(qn("c:axId"), qn("c:crossAx")):
        value = element.get("val") or ""
        element.set("val", ids.setdefault(value, str(50_000_001 + len(ids))))


def _chart_data(chart: Chart, number_format: str) -> ChartData:
    """Return the categories and series of `chart` as python-pptx's chart data, the reference
    line a series of its own (so the workbook holds it too)."""
    data = ChartData(number_format=number_format)  # CategoryChartData, by its hinted name
    data.categories = list(chart.categories)
    for series in chart.series:
        data.add_series(series.name, list(series.values))
    reference = _drawn_reference(chart)
    if reference is not None:
        data.add_series(reference.label, [reference.value] * len(chart.categories))
    return data


def _drawn_reference(chart: Chart) -> Reference | None:
    """Return the chart's reference line, or None: a horizontal bar chart draws none (its
    line would have to run vertically, which a line series cannot)."""
    return chart.reference if chart.kind != "barh" else None


def _rgb(color: str) -> RGBColor:
    return RGBColor(*channels(color))


def _font(font: Font, theme: Theme, size: float, color: str, lang: str, bold: bool = False) -> None:
    """Set size, colour, Latin and East Asian typefaces of a chart text's default run."""
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = _rgb(color)
    font.name = theme.fonts.latin
    rpr = internals.run_properties(font)
    rpr.set("lang", lang)
    ea = rpr.find(qn("a:ea"))
    if ea is None:  # in schema order: a:latin, a:ea
        ea = etree.Element(qn("a:ea"))
        child(rpr, "a:latin").addnext(ea)
    ea.set("typeface", theme.fonts.east_asian)


def _text_style(native: PptxChart, theme: Theme, lang: str) -> None:
    _font(native.font, theme, TEXT_PT, theme.colors.text, lang)


def _series_style(native: PptxChart, chart: Chart, theme: Theme) -> None:
    """Colour every series, and each highlighted or muted point on its own (`c:dPt`)."""
    colors = style.series_colors(chart, theme)
    fills = style.mark_colors(chart, theme)
    categories, marked = style.highlighted(chart)
    plot = native.plots[0]
    if chart.kind != "line":
        plot.vary_by_categories = False
        plot.gap_width = 60 if chart.kind == "stacked" else 50
    for index, series in enumerate(list(plot.series)[: len(chart.series)]):
        color = colors[index]
        if chart.kind == "line":
            line = color
            if categories:  # the line is context; the highlighted points carry the colour
                single = len(chart.series) == 1
                line = style.context(theme) if single else mix(color, theme.colors.background, 0.6)
            series.smooth = False
            series.format.line.color.rgb = _rgb(line)
            series.format.line.width = Pt(
                3.5 if index == marked else 2 if marked is not None else 3
            )
            series.marker.style = XL_MARKER_STYLE.CIRCLE
            series.marker.size = 9
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = _rgb(line if categories else color)
            series.marker.format.line.color.rgb = _rgb(line if categories else color)
            for c in sorted(categories):
                marker = series.points[c].marker
                marker.style = XL_MARKER_STYLE.CIRCLE
                marker.size = 12
                marker.format.fill.solid()
                marker.format.fill.fore_color.rgb = _rgb(fills[index][c])
                marker.format.line.color.rgb = _rgb(fills[index][c])
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = _rgb(color)
            series.invert_if_negative = False
            for c, fill in enumerate(fills[index]):
                if fill != color:  # the legend keeps the series' colour; the point its own
                    point = series.points[c].format
                    point.fill.solid()
                    point.fill.fore_color.rgb = _rgb(fill)
                    dpt = internals.element(point).getparent()
                    if dpt.find(qn("c:invertIfNegative")) is None:
                        flag = etree.Element(qn("c:invertIfNegative"), val="0")
                        dpt.find(qn("c:idx")).addnext(flag)


def _axes(native: PptxChart, chart: Chart, theme: Theme) -> None:
    c = theme.colors
    category = native.category_axis
    value = native.value_axis
    for axis in (category, value):
        axis.format.line.color.rgb = _rgb(c.muted)
        axis.has_minor_gridlines = False
    category.has_major_gridlines = False
    category.major_tick_mark = XL_TICK_MARK.NONE  # as the picture: a plain baseline
    category.tick_label_position = TICKS.LOW  # negative bars must not cover the labels
    value.format.line.fill.background()
    if chart.kind == "barh":
        # The first category on top, as written; the value axis stays at the bottom.
        category.reverse_order = True
        internals.element(value).find(qn("c:crosses")).set("val", "max")
    if chart.log:
        scaling = internals.element(value).find(qn("c:scaling"))
        etree.SubElement(scaling, qn("c:logBase"), val="10")
        scaling.insert(0, scaling[-1])  # logBase comes first in c:scaling
        values = [v for s in chart.series for v in s.values]
        if chart.reference is not None:
            values.append(chart.reference.value)
        value.minimum_scale = 10 ** math.floor(math.log10(min(values)))
        # A power of ten past the largest value leaves room for its label.
        value.maximum_scale = 10 ** (math.floor(math.log10(max(values))) + 1)
    if chart.labels:
        # The labels say every value: no value axis, no gridlines.
        value.has_major_gridlines = False
        internals.element(value).find(qn("c:delete")).set("val", "1")
        return
    value.has_major_gridlines = True
    value.major_gridlines.format.line.color.rgb = _rgb(mix(c.muted, c.background, 0.75))
    value.major_gridlines.format.line.width = Pt(0.75)
    value.tick_labels.number_format = tick_format(chart)
    value.tick_labels.number_format_is_linked = False
    words = numbers.unit_words(chart.unit, chart.numbers or "western")
    if words and not tick_unit(chart.unit):
        _unit_title(native, value, words, theme)


def tick_unit(unit: str) -> bool:
    """Return whether `unit` is short enough to repeat on every tick ("%", "K")."""
    return numbers.short_unit(unit)


def tick_format(chart: Chart) -> str:
    """Return the value axis' number format: the unit on every tick only when it is short, else
    just its scale word (`#,##0"억"`). Ticks stay western: a number format cannot divide by
    10,000 for 만, and LibreOffice ignores PowerPoint's display units."""
    unit = chart.unit if tick_unit(chart.unit) else numbers.split_unit(chart.unit)[1]
    values = [v for s in chart.series for v in s.values]
    # Ticks step by whole numbers once values reach 10 (on a log axis: from 1 up).
    whole = min(values) >= 1 if chart.log else max(abs(v) for v in values) >= 10
    return ("#,##0" if whole else "General") + _literal(unit)


def _unit_title(native: PptxChart, value: ValueAxis, words: str, theme: Theme) -> None:
    """State the unit once, level, at the top left of the value axis (not turned sideways)."""
    value.has_title = True
    frame = value.axis_title.text_frame
    frame.text = words
    body = internals.text_body(frame).find(qn("a:bodyPr"))
    body.set("rot", "0")
    body.set("vert", "horz")
    run = frame.paragraphs[0].runs[0]
    _font(
        run.font,
        theme,
        TEXT_PT,
        style.quiet_color(theme),
        internals.run_properties(native.font).get("lang"),
    )
    layout = internals.element(value.axis_title).find(qn("c:layout"))
    manual = etree.SubElement(layout, qn("c:manualLayout"))
    # Above the axis at its top, or for horizontal bars below them, where the axis starts.
    y = "0.92" if internals.element(value).find(qn("c:axPos")).get("val") in ("b", "t") else "0"
    for tag, val in (("xMode", "edge"), ("yMode", "edge"), ("x", "0"), ("y", y)):
        etree.SubElement(manual, qn(f"c:{tag}"), val=val)


def _labels(native: PptxChart, chart: Chart, theme: Theme) -> None:
    """Label the values as the picture does, each with the whole unit ("2,000억 달러", "6,000억
    달러"), emphasise the highlighted ones, and write each note on a line of its own in its
    point's label: over the value where the label sits over the mark, so the value stays next
    to its mark, under it beside a horizontal bar."""
    lang = internals.run_properties(native.font).get("lang")
    position = _LABEL_POSITIONS[chart.kind]
    unit, style_ = chart.unit, chart.numbers or "western"
    flat = [v for s in chart.series for v in s.values]
    texts = numbers.labels(flat, unit, style_)
    count = len(chart.categories)
    _categories, marked = style.highlighted(chart)
    noted = marked if marked is not None else 0
    notes: dict[int, list[str]] = {}
    for note in chart.annotations:
        notes.setdefault(list(chart.categories).index(note.at), []).append(note.text)
    over = chart.kind in ("bar", "line")  # the label sits above its mark
    for s, (series, spec) in enumerate(zip(native.plots[0].series, chart.series, strict=False)):
        color, bold = _label_font(chart, theme, s, None)
        labels = series.data_labels
        labels.show_value = chart.labels
        labels.number_format = number_format(chart, 0)
        labels.number_format_is_linked = False
        labels.position = position
        _font(labels.font, theme, TEXT_PT, color, lang, bold=bold)
        for c, value in enumerate(spec.values):
            text = texts[s * count + c] if chart.labels else ""
            extra = notes.get(c, []) if s == noted else []
            if chart.kind == "stacked" and value == 0 and not extra:
                if chart.labels:
                    _hide_label(series.points[c].data_label)
                continue
            western = numbers.format_value(value, unit, "western")
            point_color, point_bold = _label_font(chart, theme, s, c)
            own_font = (point_color, point_bold) != (color, bold)
            if extra or text != western:
                # Text a number format cannot write: a Korean scale word, a note.
                label = series.points[c].data_label
                label.position = position
                lines = [*extra, text] if over else [text, *extra]
                label.text_frame.text = "\n".join(t for t in lines if t)
                for paragraph in label.text_frame.paragraphs:
                    for run in paragraph.runs:
                        said = run.text in extra  # a note, as the picture sets it
                        _font(
                            run.font,
                            theme,
                            TEXT_PT,
                            theme.colors.text if said else point_color,
                            lang,
                            bold=point_bold and not said,
                        )
            elif chart.labels and (places(value) or own_font):
                # A point's own label holds its own format: one format cannot drop ".0".
                label = series.points[c].data_label
                _font(label.font, theme, TEXT_PT, point_color, lang, bold=point_bold)
                label.position = position
                code = number_format(chart, places(value))
                fmt = etree.Element(qn("c:numFmt"), formatCode=code)
                fmt.set("sourceLinked", "0")
                internals.data_label(label).find(qn("c:idx")).addnext(fmt)


def _label_font(chart: Chart, theme: Theme, s: int, c: int | None) -> tuple[str, bool]:
    """Return the colour and boldness of series `s`' labels (of its point `c`, if given), as the
    picture sets them: on a stacked segment, whichever of white and dark reads best."""
    if chart.kind == "stacked":
        fills = style.mark_colors(chart, theme)[s]
        fill = fills[c] if c is not None else style.series_colors(chart, theme)[s]
        return style.ink(fill, theme.colors.text), True
    if chart.highlight is None:
        return theme.colors.text, True
    _categories, marked = style.highlighted(chart)
    if style.emphasised(chart)[s][c] if c is not None else s == marked:
        return style.label_color(theme, True), True
    return style.quiet_color(theme), False


def _reference(native: PptxChart, chart: Chart, theme: Theme) -> None:
    """Turn the last series into the reference line, in a line chart of its own, out of the
    legend. Its points run from the first category's middle to the last's, so the line drawn
    is the series' linear trendline carried half a category past each end: it crosses the
    whole plot as the picture's line does (PowerPoint and LibreOffice both draw it). Its label,
    over the line where the marks stay lowest, says its value ("평균 2,000억 달러")."""
    reference = chart.reference
    assert reference is not None
    plot = internals.element(native.plots[0])
    ser = plot.findall(qn("c:ser"))[-1]
    line_chart = OxmlElement("c:lineChart")  # python-pptx's class, so `plots` reads it
    etree.SubElement(line_chart, qn("c:grouping"), val="standard")
    etree.SubElement(line_chart, qn("c:varyColors"), val="0")
    line_chart.append(ser)
    for item in ser.findall(qn("c:invertIfNegative")):
        ser.remove(item)
    etree.SubElement(line_chart, qn("c:marker"), val="1")
    for ax_id in plot.findall(qn("c:axId")):
        etree.SubElement(line_chart, qn("c:axId"), val=ax_id.get("val"))
    plot.addnext(line_chart)
    series = native.plots[-1].series[-1]
    series.smooth = False
    series.format.line.fill.background()  # the trendline draws the line, end to end
    series.marker.style = XL_MARKER_STYLE.NONE
    _trendline(ser, theme.colors.text)
    heights = [
        sum(v) if chart.kind == "stacked" else max(v)
        for v in zip(*(s.values for s in chart.series), strict=True)
    ]
    quiet = min(range(len(heights)), key=lambda c: (heights[c], -c))
    below = heights[quiet] > reference.value  # every mark reaches past the line
    label = series.points[quiet].data_label
    style_ = chart.numbers or "western"
    label.text_frame.text = numbers.reference_text(
        reference.label, reference.value, chart.unit, style_
    )
    label.position = XL_LABEL_POSITION.BELOW if below else XL_LABEL_POSITION.ABOVE
    lang = internals.run_properties(native.font).get("lang")
    for run in label.text_frame.paragraphs[0].runs:
        _font(run.font, theme, TEXT_PT, theme.colors.text, lang)
    _background(internals.data_label(label), theme.colors.background)
    if native.has_legend:
        legend = internals.element(native.legend)
        after = legend.find(qn("c:legendPos"))
        # The series' entry, then its trendline's, numbered after every series.
        for idx in (ser.find(qn("c:idx")).get("val"), str(len(chart.series) + 1)):
            entry = etree.Element(qn("c:legendEntry"))
            etree.SubElement(entry, qn("c:idx"), val=idx)
            etree.SubElement(entry, qn("c:delete"), val="1")
            after.addnext(entry)
            after = entry


def _trendline(ser: etree._Element, color: str) -> None:
    """Give the series `ser` a dashed linear trendline reaching half a category past its first
    and last points: across the whole plot."""
    line = etree.Element(qn("c:trendline"))
    sp = etree.SubElement(line, qn("c:spPr"))
    ln = etree.SubElement(sp, qn("a:ln"), w=str(Pt(1.5)), cap="flat")
    fill = etree.SubElement(ln, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr"), val=color.lstrip("#").upper())
    etree.SubElement(ln, qn("a:prstDash"), val="dash")
    etree.SubElement(line, qn("c:trendlineType"), val="linear")
    etree.SubElement(line, qn("c:forward"), val="0.5")
    etree.SubElement(line, qn("c:backward"), val="0.5")
    etree.SubElement(line, qn("c:dispRSqr"), val="0")
    etree.SubElement(line, qn("c:dispEq"), val="0")
    insert_before(
        ser, line, [qn(t) for t in ("c:errBars", "c:cat", "c:val", "c:smooth", "c:extLst")]
    )


def _label_backgrounds(native: PptxChart, theme: Theme) -> None:
    """Set every value label on the background colour, as the picture sets them, so the
    reference line breaks for a value it crosses instead of striking it through."""
    space = internals.element(native.plots[0]).getparent()
    for labels in space.iter(qn("c:dLbls")):
        for dlbl in [labels, *labels.findall(qn("c:dLbl"))]:
            if dlbl.find(qn("c:spPr")) is None and dlbl.find(qn("c:delete")) is None:
                _background(dlbl, theme.colors.background)


def _background(dlbl: etree._Element, color: str) -> None:
    """Fill the data label `dlbl` with `color`, so a line it sits on breaks for its text."""
    sp = etree.Element(qn("c:spPr"))
    fill = etree.SubElement(sp, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr"), val=color.lstrip("#").upper())
    later = ("c:txPr", "c:dLblPos", "c:showLegendKey", "c:showVal", "c:showCatName")
    insert_before(dlbl, sp, [qn(t) for t in later])


def workbook(chart: Chart) -> bytes:
    """Return the chart's embedded workbook, where every text of the deck is a string.

    python-pptx has XlsxWriter write each cell with its `write`, which turns a text that starts
    with `=` into a formula (`=HYPERLINK(...)`, a DDE payload such as `=cmd|' /C calc'!A0`) and
    one that looks like an address into a link. This writes the same sheet (categories in column
    A from row 2, each series in a column of its own, its name in row 1: the ranges the chart
    refers to), texts with `write_string` and numbers with `write_number`, so Excel shows the
    deck's text as it is and never runs it.
    """
    from xlsxwriter import Workbook  # type: ignore[import-untyped]  # ships no type information

    data = _chart_data(chart, number_format(chart))
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    book = Workbook(buffer, options)
    sheet = book.add_worksheet()
    category_format = book.add_format({"num_format": data.categories.number_format})
    sheet.set_column(0, 0, 10)  # as python-pptx sets it
    for row, category in enumerate(data.categories, start=1):
        sheet.write_string(row, 0, str(category.label), category_format)
    for column, series in enumerate(data, start=1):
        value_format = book.add_format({"num_format": series.number_format})
        sheet.write_string(0, column, str(series.name))
        for row, value in enumerate(series.values, start=1):
            sheet.write_number(row, column, value, value_format)
    book.close()
    return normalise_xlsx(buffer.getvalue())


def _hide_label(label: DataLabel) -> None:
    """Hide one point's label (a zero segment of a stacked bar, as the picture does)."""
    dlbl = internals.data_label_made(label)
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
