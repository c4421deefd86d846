"""Charts that make the point, read from what is drawn: colours, order, labels, callouts, ticks."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pytest
from PIL import Image

from deckgen.colors import channels
from deckgen.commands import build
from deckgen.figures import draw, style
from deckgen.figures.describe import describe
from deckgen.figures.spec import FigureSpec
from deckgen.layout import numbers
from deckgen.outline.model import Theme
from helpers import write_deck

THEME = Theme()


def spec_of(folder: Path, chart: str, lang: str = "ko-KR") -> FigureSpec:
    """Return the figure spec of a deck with one chart slide (`chart`: the chart's YAML)."""
    body = textwrap.indent(textwrap.dedent(chart).strip(), " " * 10)
    deck = write_deck(
        folder,
        f"title: T\nlang: {lang}\nsections:\n  - title: S\n    slides:\n"
        f"      - type: chart\n        title: 차트\n        chart:\n{body}\n",
    )
    return build.prepare(deck).figure_specs()[0]


def drawn(spec: FigureSpec):
    """Return the figure of `spec`, laid out and drawn as `render` draws it."""
    from matplotlib import style as mpl_style

    draw._load_fonts()
    with mpl_style.context(["default", draw.STYLE]):
        figure = draw._figure(spec)
        figure.draw_without_rendering()
    return figure


def pixels(spec: FigureSpec) -> Image.Image:
    return Image.open(io.BytesIO(draw.render(spec, "png", 100))).convert("RGB")


def columns_of(image: Image.Image, color: str) -> list[int]:
    """Return the x of every pixel exactly `color`."""
    import numpy as np

    found = np.all(np.asarray(image) == np.array(channels(color)), axis=2)
    return [int(x) for x in np.nonzero(found)[1]]


def test_the_highlighted_bar_is_the_accent_and_the_others_muted(tmp_path):
    spec = spec_of(
        tmp_path,
        """
        kind: bar
        categories: [가, 나, 다]
        series: [{name: s, values: [3, 5, 4]}]
        labels: true
        highlight: 나
        """,
    )
    image = pixels(spec)
    accent = columns_of(image, THEME.colors.accent)
    muted = columns_of(image, style.context(THEME))
    assert len(accent) > 5000 and len(muted) > 8000
    assert columns_of(image, THEME.colors.primary) == []
    middle = sum(accent) / len(accent)
    assert min(muted) < middle < max(muted)
    left, right = min(accent), max(accent)
    assert not any(left <= x <= right for x in muted)


def test_a_series_highlight_colours_that_series(tmp_path):
    spec = spec_of(
        tmp_path,
        """
        kind: bar
        categories: [2023, 2024]
        series: [{name: 우리, values: [3, 5]}, {name: 남, values: [4, 4]}]
        highlight: 남
        """,
    )
    image = pixels(spec)
    ours, theirs = columns_of(image, style.context(THEME)), columns_of(image, THEME.colors.accent)
    # Within each pair of bars the first series is left of the second.
    assert min(ours) < min(theirs) and len(theirs) > 4000


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("descending", "다 30, 가 20, 나 10"),
        ("ascending", "나 10, 가 20, 다 30"),
        (None, "가 20, 나 10, 다 30"),
    ],
    ids=["descending", "ascending", "as-written"],
)
def test_sorted_bars_read_in_order_in_the_alt_text(tmp_path, sort, order):
    line = f"sort: {sort}" if sort else ""
    spec = spec_of(
        tmp_path,
        f"""
        kind: barh
        categories: [가, 나, 다]
        series: [{{name: s, values: [20, 10, 30]}}]
        {line}
        """,
    )
    assert f"s: {order}." in describe(spec)
    figure = drawn(spec)
    ticks = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert ticks == [part.split(" ")[0] for part in order.split(", ")]


@pytest.mark.parametrize(
    ("lang", "numbers", "alt"),
    [
        ("ko-KR", "", "GPT-4 3.2만 토큰, Gemini 100만 토큰"),
        ("ko-KR", "numbers: western", "GPT-4 32,000 토큰, Gemini 1,000,000 토큰"),
        ("en-US", "", "GPT-4 32,000 토큰, Gemini 1,000,000 토큰"),
    ],
    ids=["korean-deck", "opted-out", "english-deck"],
)
def test_korean_decks_read_large_numbers_the_korean_way(tmp_path, lang, numbers, alt):
    spec = spec_of(
        tmp_path,
        f"""
        kind: barh
        categories: [GPT-4, Gemini]
        series: [{{name: 길이, values: [32000, 1000000]}}]
        unit: " 토큰"
        labels: true
        {numbers}
        """,
        lang,
    )
    assert f"길이: {alt}." in describe(spec)
    figure = drawn(spec)
    labels = [t.get_text() for t in figure.axes[0].texts]
    first, second = alt.split(", ")
    # The labels say what the alt text says, each with the unit.
    assert labels == [first.split(" ", 1)[1], second.split(" ", 1)[1]]


def test_an_exabyte_in_eok_continues_from_the_units_scale_word(tmp_path):
    spec = spec_of(
        tmp_path,
        """
        kind: bar
        categories: [2023, 2024]
        series: [{name: 투자, values: [2000, 15000]}]
        unit: 억 달러
        """,
    )
    assert "투자: 2023 2,000억 달러, 2024 1.5조 달러." in describe(spec)


def test_with_labels_the_value_axis_and_gridlines_go(tmp_path):
    labelled = drawn(
        spec_of(
            tmp_path,
            "kind: bar\ncategories: [a, b]\nseries: [{name: s, values: [1, 2]}]\nlabels: true",
        )
    )
    ax = labelled.axes[0]
    assert not ax.yaxis.get_visible()
    assert not any(line.get_visible() for line in ax.get_ygridlines())


def test_ticks_state_the_unit_once_level_on_the_top_tick(tmp_path):
    spec = spec_of(
        tmp_path,
        """
        kind: bar
        categories: [1분기, 2분기]
        series: [{name: 매출, values: [3200, 5200]}]
        unit: 억 원
        """,
    )
    ax = drawn(spec).axes[0]
    low, high = ax.get_ylim()
    ticks = [
        (t.get_text(), t.get_rotation())
        for t, loc in zip(ax.get_yticklabels(), ax.get_yticks(), strict=True)
        if low <= loc <= high
    ]
    texts = [text for text, _ in ticks]
    assert [t for t in texts if "원" in t] == [texts[-1]] == ["5,000억 원"]
    assert texts[0] == "0" and all(rotation == 0 for _, rotation in ticks)
    assert ax.get_ylabel() == ""


def test_korean_ticks_on_a_log_line(tmp_path):
    spec = spec_of(
        tmp_path,
        """
        kind: line
        categories: [GPT-4, Gemini]
        series: [{name: 길이, values: [32000, 1000000]}]
        unit: " 토큰"
        log: true
        """,
    )
    ax = drawn(spec).axes[0]
    low, high = ax.get_ylim()
    texts = [
        t.get_text()
        for t, loc in zip(ax.get_yticklabels(), ax.get_yticks(), strict=True)
        if low <= loc <= high
    ]
    assert texts == ["1만", "10만", "100만 토큰"]


def test_years_are_spaced_by_their_gaps(tmp_path):
    spec = spec_of(
        tmp_path,
        """
        kind: line
        categories: [2010, 2020, 2024]
        series: [{name: s, values: [1, 2, 3]}]
        """,
    )
    ax = drawn(spec).axes[0]
    points = [line for line in ax.lines if len(line.get_xdata()) == 1]
    x = [line.get_window_extent().x0 for line in points]
    assert (x[1] - x[0]) / (x[2] - x[1]) == pytest.approx(10 / 4, rel=0.02)


def _overlap(a, b) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return max(w, 0) * max(h, 0)


CALLOUTS = {
    "tallest-bar": """
        kind: bar
        categories: [2023년 9월, 2024년 6월]
        series: [{name: s, values: [2000, 6000]}]
        unit: 억 달러
        labels: true
        highlight: 2024년 6월
        annotations: [{at: 2024년 6월, text: 1년 새 3배}]
        """,
    "longest-bar": """
        kind: barh
        categories: [GPT-4, Gemini Flash]
        series: [{name: s, values: [32000, 1000000]}]
        unit: ' 토큰'
        labels: true
        annotations: [{at: Gemini Flash, text: 31배 긴 문맥}]
        """,
    "line-with-reference": """
        kind: line
        categories: [2010, 2015, 2020, 2024]
        series: [{name: s, values: [1, 15, 250, 980]}]
        labels: true
        annotations: [{at: 2020, text: 팬데믹으로 급증}, {at: 2024, text: 정점}]
        reference: {value: 500, label: 목표}
        """,
    "negative-bar": """
        kind: bar
        categories: [a, b, c]
        series: [{name: s, values: [-500, 1500, 15000]}]
        labels: true
        annotations: [{at: a, text: 적자}]
        reference: {value: 4000, label: 기준선}
        """,
    "reference-over-bars": """
        kind: bar
        categories: [1분기, 2분기, 3분기, 4분기]
        series: [{name: s, values: [3200, 4100, 3800, 5200]}]
        unit: 억 원
        reference: {value: 4000, label: '목표 4,000억 원'}
        """,
}


@pytest.mark.parametrize("chart", list(CALLOUTS.values()), ids=list(CALLOUTS))
def test_callouts_cover_no_mark_and_no_label(tmp_path, chart):
    spec = spec_of(tmp_path, chart)
    figure = drawn(spec)
    ax = figure.axes[0]
    written = [n.text for n in spec.content.annotations]
    reference = spec.content.reference
    if reference is not None:
        unit, style_ = spec.content.unit, spec.content.numbers or "western"
        written.append(numbers.reference_text(reference.label, reference.value, unit, style_))
    callouts = [t for t in ax.texts if t.get_text().replace("\n", " ") in written]
    assert len(callouts) == len(written)
    others = [t for t in ax.texts if t not in callouts and t.get_text()]
    others += [
        t for t in ax.get_xticklabels() + ax.get_yticklabels() if t.get_visible() and t.get_text()
    ]
    boxes = [a.get_window_extent() for a in [*ax.patches, *others]]
    boxes += [
        line.get_window_extent()
        for line in ax.lines
        if len(line.get_xdata()) == 1  # the points
    ]
    frame = figure.bbox
    for i, callout in enumerate(callouts):
        box = callout.get_window_extent()
        assert (
            frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
        )
        assert [b for b in boxes if _overlap(box, b) > 1] == [], callout.get_text()
        assert all(_overlap(box, c.get_window_extent()) == 0 for c in callouts[i + 1 :])


def test_a_reference_line_sits_at_its_value_with_its_label_on_it(tmp_path):
    spec = spec_of(
        tmp_path,
        "kind: bar\ncategories: [a, b]\nseries: [{name: s, values: [3200, 5200]}]\n"
        "reference: {value: 4000, label: 목표}",
    )
    ax = drawn(spec).axes[0]
    rule = next(line for line in ax.lines if line.get_linestyle() == "--")
    assert list(rule.get_ydata()) == [4000, 4000]
    y = ax.transData.transform((0, 4000))[1]
    label = next(t for t in ax.texts if t.get_text() == "목표 4,000").get_window_extent()
    assert 0 < label.y0 - y < 12 or 0 < y - label.y1 < 12  # just above or below the line


@pytest.mark.parametrize(
    "chart",
    [
        "{kind: bar, labels: true, categories: [a, b], series: [{name: s, values: [0, 0]}]}",
        "{kind: line, categories: [-1e308, 1e308], series: [{name: s, values: [1, 2]}]}",
        "{kind: line, log: true, categories: [a, b], series: [{name: s, values: [1e-300, 1e15]}]}",
    ],
    ids=["all-zero", "categories-past-a-float-span", "log-from-1e-300"],
)
def test_extreme_values_check_accepts_are_drawn_without_a_warning(tmp_path, chart):
    import warnings

    spec = spec_of(tmp_path, chart)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib's warnings would reach the user raw
        assert draw.render(spec, "png", 50).startswith(b"\x89PNG")


ONE_STYLE = {
    "bar-eok-dollars": """
        kind: bar
        categories: ["2023년 9월", "2024년 6월"]
        series: [{name: s, values: [2000, 6000]}]
        unit: 억 달러
        labels: true
        """,
    "barh-eok-dollars": """
        kind: barh
        categories: [SSI, World Labs]
        series: [{name: s, values: [10, 2.3]}]
        unit: 억 달러
        labels: true
        """,
    "barh-tokens": """
        kind: barh
        categories: [GPT-4, GPT-4o, Gemini]
        series: [{name: s, values: [32000, 128000, 1000000]}]
        unit: " 토큰"
        labels: true
        """,
    "line-gigawatts": """
        kind: line
        categories: [2022, 2023, 2024]
        series: [{name: s, values: [120, 160, 217]}]
        unit: GW
        labels: true
        """,
    "stacked-one-series": """
        kind: stacked
        categories: [a, b]
        series: [{name: s, values: [3000, 52000]}]
        unit: 명
        labels: true
        """,
}


@pytest.mark.parametrize("chart", list(ONE_STYLE.values()), ids=list(ONE_STYLE))
def test_the_value_labels_of_a_chart_share_one_system_and_carry_the_unit(tmp_path, chart):
    spec = spec_of(tmp_path, chart)
    content = spec.content
    texts = [t.get_text() for t in drawn(spec).axes[0].texts if t.get_text()]
    assert len(texts) == len(content.categories)
    assert len(numbers.systems(texts) - {"plain"}) <= 1, texts
    words = numbers.unit_words(content.unit, content.numbers or "western")
    # The unit on every label, never on the first only, a word one space from the number.
    assert all(t.endswith(words) for t in texts), texts
    if words[0].isascii() or len(words) > 1:
        assert all(t.endswith(" " + words) for t in texts), texts


def test_a_note_on_a_horizontal_bar_is_a_line_of_its_own_under_the_value(tmp_path):
    spec = spec_of(
        tmp_path,
        """
        kind: barh
        categories: [GPT-4, GPT-4o, Gemini]
        series: [{name: s, values: [32000, 128000, 1000000]}]
        unit: " 토큰"
        labels: true
        highlight: Gemini
        annotations: [{at: Gemini, text: GPT-4o의 약 8배}]
        """,
    )
    ax = drawn(spec).axes[0]
    value = next(t for t in ax.texts if t.get_text() == "100만 토큰").get_window_extent()
    note = next(t for t in ax.texts if t.get_text() == "GPT-4o의 약 8배").get_window_extent()
    # Not beside the value (where "100만 토큰 GPT-4o의 약 8배" reads as one), but under or over
    # it, starting where it starts.
    assert note.y1 <= value.y0 or note.y0 >= value.y1
    assert abs(note.x0 - value.x0) < 2


def test_a_reference_line_runs_clear_of_the_values_and_says_its_own(tmp_path):
    spec = spec_of(
        tmp_path,
        """
        kind: bar
        categories: [2022, 2023, 2024]
        series: [{name: Revenue, values: [120, 180, 260]}, {name: Costs, values: [90, 110, 140]}]
        unit: M
        labels: true
        highlight: Revenue
        reference: {value: 150, label: Target}
        """,
        "en-US",
    )
    ax = drawn(spec).axes[0]
    y = ax.transData.transform((0, 150))[1]
    values = [t for t in ax.texts if t.get_text().endswith("M") and " " not in t.get_text()]
    assert len(values) == 6
    # The dashed line strikes no value through ("140M" sat across it)...
    for text in values:
        box = text.get_window_extent()
        assert not box.y0 < y < box.y1, text.get_text()
    # ...and its label says its value, apart from every value label ("140M Target" read as one).
    label = next(t for t in ax.texts if t.get_text() == "Target 150M").get_window_extent()
    for text in values:
        box = text.get_window_extent()
        near = box.x0 - 6 < label.x1 and label.x0 < box.x1 + 6
        assert not (near and box.y0 - 4 < label.y1 and label.y0 < box.y1 + 4), text.get_text()
