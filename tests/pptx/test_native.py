"""`render: native`: editable PowerPoint charts that show the same data as the chart spec."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.oxml.ns import qn

from deckgen.figures import style
from deckgen.outline.model import Theme
from helpers import A_NS, build, every_type_deck, is_picture, run, write_deck
from styles import Theme as ThemeOf

ACCENT_1, ACCENT_2 = MSO_THEME_COLOR.ACCENT_1, MSO_THEME_COLOR.ACCENT_2

C_NS = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"

# The every-type deck's charts, as written there.
SPECS = {
    "막대 차트": dict(
        type=XL_CHART_TYPE.COLUMN_CLUSTERED,
        categories=["2023", "2024"],
        series=[("매출", (2000.0, 6000.0)), ("비용", (-500.0, 1500.5))],
        label_format='#,##0"억 달러"',  # the whole unit on every label
        log=False,
    ),
    "가로 막대": dict(
        type=XL_CHART_TYPE.BAR_CLUSTERED,
        categories=["GPT-4", "Gemini"],
        series=[("토큰", (32000.0, 1000000.0))],
        label_format='#,##0" 토큰"',  # the whole unit on every label
        log=False,
    ),
    "누적": dict(
        type=XL_CHART_TYPE.COLUMN_STACKED,
        categories=["A", "B", "C"],
        series=[("하나", (1.0, 2.0, 3.0)), ("둘", (3.0, 2.0, 1.0))],
        label_format='#,##0"%"',
        log=False,
    ),
    "선": dict(
        type=XL_CHART_TYPE.LINE_MARKERS,
        categories=["1월", "2월", "3월"],
        series=[("비율", (0.1, 0.5, 0.25))],
        label_format="#,##0",
        log=True,
    ),
}


def color_of(frame, fill) -> str:
    """Return the colour an `a:solidFill` in `frame`'s chart stands for, theme colours resolved."""
    return ThemeOf(frame).color(fill[0])


def native_deck(folder, render_line: str = "  charts: native\n"):
    deck = every_type_deck(folder)
    text = deck.read_text(encoding="utf-8")
    deck.write_text(
        text.replace("lang: ko-KR\n", f"lang: ko-KR\ntheme:\n{render_line}", 1), "utf-8"
    )
    return deck


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("native")
    return build(native_deck(folder)), folder


def chart_frames(prs) -> dict[str, object]:
    """Return the chart frames of `prs` by their slide's title."""
    return {
        slide.shapes.title.text_frame.text: shape
        for slide in prs.slides
        for shape in slide.shapes
        if shape.has_chart
    }


def test_every_chart_and_diagram_is_native_and_the_image_a_picture(built):
    # `theme.charts: native` is every chart's and every diagram's default `render`.
    prs, _ = built
    assert sorted(chart_frames(prs)) == sorted(SPECS)
    pictures = [s for slide in prs.slides for s in slide.shapes if is_picture(s)]
    assert len(pictures) == 1  # the image file
    groups = [s for slide in prs.slides for s in slide.shapes if s.shape_type == 6]  # GROUP
    assert [g.name.split()[0] for g in groups] == ["Diagram", "Diagram"]


@pytest.mark.parametrize("title", list(SPECS))
def test_native_chart_holds_the_specs_data(built, title):
    prs, _ = built
    spec = SPECS[title]
    chart = chart_frames(prs)[title].chart
    plot = chart.plots[0]
    assert chart.chart_type == spec["type"]
    assert list(plot.categories) == spec["categories"]
    assert [(s.name, tuple(s.values)) for s in plot.series] == spec["series"]
    assert chart.has_title is False
    log = chart.value_axis._element.find(f"{C_NS}scaling/{C_NS}logBase")
    assert (log.get("val") if log is not None else None) == ("10" if spec["log"] else None)


@pytest.mark.parametrize("title", list(SPECS))
def test_value_labels_use_the_units_number_format(built, title):
    prs, _ = built
    chart = chart_frames(prs)[title].chart
    for series in chart.plots[0].series:
        labels = series.data_labels
        assert labels.show_value is True
        assert labels.number_format == SPECS[title]["label_format"]
        assert labels.number_format_is_linked is False


def test_a_value_with_decimals_gets_its_own_format(built):
    prs, _ = built
    # 1,500.5억 달러 keeps its decimal; the series' other labels show none, as in the picture.
    costs = chart_frames(prs)["막대 차트"].chart.plots[0].series[1]
    formats = {
        int(d.find(f"{C_NS}idx").get("val")): d.find(f"{C_NS}numFmt").get("formatCode")
        for d in costs._element.findall(f"{C_NS}dLbls/{C_NS}dLbl")
    }
    assert formats == {1: '#,##0.0"억 달러"'}
    line = chart_frames(prs)["선"].chart.plots[0].series[0]
    formats = [d.find(f"{C_NS}numFmt").get("formatCode") for d in line._element.iter(f"{C_NS}dLbl")]
    assert formats == ["#,##0.0", "#,##0.0", "#,##0.00"]


def test_horizontal_bars_read_top_down_with_the_value_axis_below(built):
    prs, _ = built
    chart = chart_frames(prs)["가로 막대"].chart
    assert chart.category_axis.reverse_order is True
    assert chart.value_axis._element.find(f"{C_NS}crosses").get("val") == "max"


def test_series_colours_follow_the_palette(built):
    prs, _ = built
    palette = [c.lstrip("#") for c in style.palette(Theme())]
    frame = chart_frames(prs)["막대 차트"]
    theme = ThemeOf(frame)
    bars = frame.chart.plots[0].series
    # The theme's colours, by reference: a new theme in PowerPoint recolours the chart.
    assert [s.format.fill.fore_color.theme_color for s in bars] == [ACCENT_1, ACCENT_2]
    fills = [s._element.find(f"{C_NS}spPr/{A_NS}solidFill")[0] for s in bars]
    assert [theme.color(fill) for fill in fills] == palette[:2]
    line = chart_frames(prs)["선"].chart.plots[0].series[0]
    assert line.format.line.color.theme_color == ACCENT_1


def test_legend_only_with_several_series(built):
    prs, _ = built
    frames = chart_frames(prs)
    assert frames["막대 차트"].chart.has_legend is True
    assert frames["가로 막대"].chart.has_legend is False


def test_chart_text_names_the_korean_typeface_and_a_size(built):
    prs, _ = built
    for title, frame in chart_frames(prs).items():
        rpr = frame.chart._chartSpace.find(f"{C_NS}txPr/{A_NS}p/{A_NS}pPr/{A_NS}defRPr")
        assert rpr.get("sz") == "1400", title
        # The theme's faces, by reference; the theme names the deck's.
        assert rpr.find(f"{A_NS}latin").get("typeface") == "+mn-lt"
        assert rpr.find(f"{A_NS}ea").get("typeface") == "+mn-ea"
        theme = ThemeOf(frame)
        assert (theme.face("+mn-lt"), theme.face("+mn-ea")) == ("Malgun Gothic", "Malgun Gothic")
        assert rpr.get("lang") == "ko-KR"


@pytest.mark.slow
def test_chart_has_alt_text_and_takes_the_pictures_place(built, tmp_path):
    prs, _ = built
    frame = chart_frames(prs)["막대 차트"]
    descr = frame._element.nvGraphicFramePr.cNvPr.get("descr")
    assert descr.startswith("Bar chart: 막대 차트. 매출: 2023 2,000억 달러, 2024 6,000억 달러;")
    assert frame.name == "Figure growth"
    image = build(every_type_deck(tmp_path))
    picture = next(s for s in image.slides[9].shapes if is_picture(s))
    # The picture keeps its proportions inside the figure's box; the chart fills the box.
    assert frame.left <= picture.left and frame.top <= picture.top
    assert frame.left + frame.width >= picture.left + picture.width
    assert frame.top + frame.height >= picture.top + picture.height
    assert abs((frame.left + frame.width / 2) - (picture.left + picture.width / 2)) < 2000


@pytest.mark.slow
def test_a_chart_can_override_the_decks_choice(tmp_path):
    deck = write_deck(
        tmp_path,
        """
        title: T
        theme: {charts: native}
        sections:
          - title: S
            slides:
              - type: chart
                title: Native
                chart: {kind: bar, categories: [a], series: [{name: s, values: [1]}]}
              - type: chart
                title: Picture
                chart:
                  kind: bar
                  categories: [a]
                  series: [{name: s, values: [1]}]
                  render: image
          - title: U
            slides:
              - type: chart
                title: Also native
                chart:
                  kind: line
                  categories: [a, b]
                  series: [{name: s, values: [1, 2]}]
                  render: native
        """,
    )
    prs = build(deck)
    kinds = {
        slide.shapes.title.text_frame.text: [
            "chart" if s.has_chart else "picture"
            for s in slide.shapes
            if s.has_chart or is_picture(s)
        ]
        for slide in prs.slides
    }
    assert kinds["Native"] == ["chart"]
    assert kinds["Picture"] == ["picture"]
    assert kinds["Also native"] == ["chart"]


def test_embedded_workbooks_are_byte_identical(built, tmp_path):
    _, folder = built
    again = tmp_path / "again.pptx"
    assert run("build", str(folder / "deck.yaml"), "-o", str(again)).exit_code == 0
    assert again.read_bytes() == (folder / "out" / "deck.pptx").read_bytes()
    with zipfile.ZipFile(again) as archive:
        books = [n for n in archive.namelist() if n.endswith(".xlsx")]
        assert len(books) == 4
        with zipfile.ZipFile(io.BytesIO(archive.read(books[0]))) as book:
            core = book.read("docProps/core.xml").decode()
    assert ">2000-01-01T00:00:00Z</dcterms:created>" in core


def test_charts_command_still_exports_pictures(built, tmp_path):
    _, folder = built
    result = run("charts", str(folder / "deck.yaml"), "-o", str(tmp_path / "figs"))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "figs").glob("[!.]*")) == [
        "01-growth.png",
        "02-가로-막대.png",
        "03-누적.png",
        "04-선.png",
        "05-layers.png",
        "06-단계.png",
    ]


def test_value_labels_name_the_east_asian_face(built):
    prs, _ = built
    chart = chart_frames(prs)["막대 차트"].chart
    labels = chart.plots[0].series[0].data_labels
    rpr = labels._element.find(f"{C_NS}txPr/{A_NS}p/{A_NS}pPr/{A_NS}defRPr")
    assert rpr.find(qn("a:ea")).get("typeface") == "+mn-ea"  # not left to the Latin face
    assert rpr.get("b") == "1"


def label_texts(series) -> dict[int, str]:
    """Return the text of each point's own label, where it has one written out."""
    return {
        int(d.find(f"{C_NS}idx").get("val")): "\n".join(
            "".join(t.text for t in p.iter(f"{A_NS}t")) for p in d.iter(f"{A_NS}p")
        )
        for d in series._element.findall(f"{C_NS}dLbls/{C_NS}dLbl")
        if d.find(f"{C_NS}tx") is not None
    }


def test_korean_numbers_are_written_on_the_labels(built):
    prs, _ = built
    tokens = chart_frames(prs)["가로 막대"].chart.plots[0].series[0]
    # A number format cannot divide by 10,000: a label that needs 만 holds its text.
    assert label_texts(tokens) == {0: "3.2만 토큰", 1: "100만 토큰"}


OPTIONS = """
title: T
lang: ko-KR
theme: {charts: native}
sections:
  - title: S
    slides:
      - type: chart
        title: 하이라이트
        chart:
          kind: bar
          categories: [가, 나, 다]
          series: [{name: s, values: [20, 10, 30]}]
          unit: 억 달러
          labels: true
          sort: descending
          highlight: 가
          annotations: [{at: 가, text: 두 번째}]
          reference: {value: 15, label: 평균}
      - type: chart
        title: 계열
        chart:
          kind: line
          categories: [2023, 2024]
          series: [{name: 우리, values: [1, 2]}, {name: 남, values: [2, 1]}]
          highlight: 남
          reference: {value: 1.5, label: 기준}
"""


@pytest.fixture(scope="module")
def options(tmp_path_factory):
    folder = tmp_path_factory.mktemp("options")
    return chart_frames(build(write_deck(folder, OPTIONS)))


def test_sorted_categories_reach_the_workbook_in_order(options):
    plot = options["하이라이트"].chart.plots[0]
    assert list(plot.categories) == ["다", "가", "나"]
    assert tuple(plot.series[0].values) == (30.0, 20.0, 10.0)


def test_highlighted_points_are_accent_fills_and_the_rest_muted(options):
    theme = Theme()
    frame = options["하이라이트"]
    bars = frame.chart.plots[0].series[0]._element
    fills = {
        int(d.find(f"{C_NS}idx").get("val")): color_of(frame, d.find(f".//{A_NS}solidFill"))
        for d in bars.findall(f"{C_NS}dPt")
    }
    muted = style.context(theme).lstrip("#")
    assert fills == {0: muted, 1: theme.colors.accent.lstrip("#"), 2: muted}


def test_the_highlighted_label_is_emphasised_with_its_note(options):
    theme = Theme()
    series = options["하이라이트"].chart.plots[0].series[0]
    # The note on a line of its own over the value, which stays next to its bar.
    assert label_texts(series)[1] == "두 번째\n20억 달러"
    labels = {int(d.find(f"{C_NS}idx").get("val")): d for d in series._element.iter(f"{C_NS}dLbl")}
    run = labels[1].findall(f".//{A_NS}r/{A_NS}rPr")[-1]
    assert run.get("b") == "1"
    fill = run.find(f"{A_NS}solidFill")
    assert color_of(options["하이라이트"], fill) == theme.colors.accent[1:]
    # Muted labels (the series' own) are not bold.
    muted = series._element.find(f"{C_NS}dLbls/{C_NS}txPr/{A_NS}p/{A_NS}pPr/{A_NS}defRPr")
    assert muted.get("b") == "0"


def test_labelled_charts_have_no_value_axis_or_gridlines(options):
    axis = options["하이라이트"].chart.value_axis
    assert axis._element.find(f"{C_NS}delete").get("val") == "1"
    assert axis.has_major_gridlines is False
    assert options["계열"].chart.value_axis.has_major_gridlines is True
    # The categories sit on a plain baseline, without tick marks, as in the picture.
    category = options["하이라이트"].chart.category_axis._element
    assert category.find(f"{C_NS}majorTickMark").get("val") == "none"


@pytest.mark.parametrize(
    ("title", "name", "value", "said"),
    [("하이라이트", "평균", 15.0, "평균 15억 달러"), ("계열", "기준", 1.5, "기준 1.5")],
    ids=["bars", "lines"],
)
def test_the_reference_line_spans_the_plot_and_says_its_value(options, title, name, value, said):
    chart = options[title].chart
    line = chart._chartSpace.findall(f".//{C_NS}lineChart")[-1]
    ser = line.findall(f"{C_NS}ser")[-1]
    assert ser.find(f".//{C_NS}tx//{C_NS}v").text == name
    cached = ser.findall(f"{C_NS}val/{C_NS}numRef/{C_NS}numCache/{C_NS}pt/{C_NS}v")
    assert {float(v.text) for v in cached} == {value}
    # Its points run from the first category's middle to the last's: the line drawn is their
    # trendline, carried half a category past each, across the whole plot.
    assert ser.find(f"{C_NS}spPr/{A_NS}ln/{A_NS}noFill") is not None
    trend = ser.find(f"{C_NS}trendline")
    assert trend.find(f"{C_NS}trendlineType").get("val") == "linear"
    assert trend.find(f"{C_NS}forward").get("val") == trend.find(f"{C_NS}backward").get("val")
    assert float(trend.find(f"{C_NS}forward").get("val")) == 0.5
    assert trend.find(f"{C_NS}spPr/{A_NS}ln/{A_NS}prstDash").get("val") == "dash"
    # Its label says its value, on the background, so the line breaks for it.
    assert [t.text for t in ser.iter(f"{A_NS}t")] == [said]
    dlbl = ser.find(f"{C_NS}dLbls/{C_NS}dLbl")
    assert dlbl.find(f"{C_NS}spPr/{A_NS}solidFill") is not None


def test_value_labels_sit_on_the_background_where_a_reference_line_crosses(options):
    series = options["하이라이트"].chart.plots[0].series[0]._element
    for labels in [series.find(f"{C_NS}dLbls"), *series.findall(f"{C_NS}dLbls/{C_NS}dLbl")]:
        assert labels.find(f"{C_NS}spPr/{A_NS}solidFill") is not None


def test_a_series_highlight_keeps_the_legend_true_and_the_reference_out_of_it(options):
    theme = Theme()
    chart = options["계열"].chart
    lines = [
        color_of(options["계열"], s._element.find(f"{C_NS}spPr/{A_NS}ln/{A_NS}solidFill"))
        for s in chart.plots[0].series
    ][:2]
    assert lines == [style.context(theme)[1:], theme.colors.accent[1:]]
    deleted = chart.legend._element.find(f"{C_NS}legendEntry")
    assert deleted.find(f"{C_NS}idx").get("val") == "2"
    assert deleted.find(f"{C_NS}delete").get("val") == "1"
    # Nor its trendline, listed after every series.
    entries = chart.legend._element.findall(f"{C_NS}legendEntry")
    assert [e.find(f"{C_NS}idx").get("val") for e in entries] == ["2", "3"]


FORMULAS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("https://evil.example","click")',
    "+1+1",
    "-2",
    "@SUM(A1:A2)",
    "https://example.com",
]
S_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def sheet_cells(book: bytes) -> dict[str, tuple[str | None, str | None, bool]]:
    """Return each cell of the workbook's first sheet: its type, its value as Excel reads it
    (shared strings resolved) and whether it holds a formula."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        sheet = etree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
        names = set(archive.namelist())
        shared = []
        if "xl/sharedStrings.xml" in names:
            strings = etree.fromstring(archive.read("xl/sharedStrings.xml"))
            shared = ["".join(si.itertext()) for si in strings.iter(f"{S_NS}si")]
        assert sheet.find(f"{S_NS}hyperlinks") is None
        assert not [n for n in names if "externalLink" in n]
    cells = {}
    for cell in sheet.iter(f"{S_NS}c"):
        kind, value = cell.get("t"), cell.findtext(f"{S_NS}v")
        if kind == "s" and value is not None:
            value = shared[int(value)]
        cells[cell.get("r")] = (kind, value, cell.find(f"{S_NS}f") is not None)
    return cells


def test_deck_text_reaches_the_workbook_as_strings_never_formulas(tmp_path):
    # Text that starts with = (or {=) is a formula to XlsxWriter's `write`, an address a link:
    # opened in Excel, a category could fetch an address or run a DDE command.
    categories = json.dumps(FORMULAS)  # JSON is YAML
    deck = write_deck(
        tmp_path,
        f"""
        title: T
        theme: {{charts: native}}
        sections:
          - title: S
            slides:
              - type: chart
                title: Formulas
                chart:
                  kind: bar
                  categories: {categories}
                  series:
                    - {{name: "=1+1", values: [1, 2, 3, 4, 5, 6]}}
                    - {{name: "{{=A1}}", values: [6, 5, 4, 3, 2, 1]}}
                  reference: {{value: 2, label: "=2*3"}}
        """,
    )
    prs = build(deck)
    [frame] = chart_frames(prs).values()
    cells = sheet_cells(frame.chart.part.chart_workbook.xlsx_part.blob)
    texts = {f"A{row}": text for row, text in enumerate(FORMULAS, start=2)}
    texts |= {"B1": "=1+1", "C1": "{=A1}", "D1": "=2*3"}
    assert {ref: cells[ref] for ref in texts} == {ref: ("s", t, False) for ref, t in texts.items()}
    assert not [ref for ref, (_, _, formula) in cells.items() if formula]
    assert cells["B2"] == (None, "1", False)  # numbers stay numbers
    assert list(frame.chart.plots[0].categories) == FORMULAS
