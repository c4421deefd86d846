"""Charts and diagrams: every glyph drawn, every format exported, the same bytes every time."""

from __future__ import annotations

import contextlib
import logging
import shutil
import subprocess
import sys
import warnings
from dataclasses import replace
from pathlib import Path

import pytest

from deckgen.commands import build, charts
from deckgen.figures import draw
from deckgen.figures.spec import FORMATS, FigureSpec
from deckgen.layout.numbers import format_value
from helpers import EVERY_TYPE, every_type_deck, run, run_python, write_deck

ROOT = Path(__file__).resolve().parents[2]


@contextlib.contextmanager
def glyph_warnings():
    """Let matplotlib's "Glyph ... missing from font(s)" warnings out of the drawing, which
    keeps them quiet (`check` reports a character the font lacks, at its line): the tests here
    fail on any, also in the texts deckgen writes (ticks, units, frames)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(draw, "GLYPH_MISSING", "let every glyph warning through")
        yield


def draw_all(deck_file: Path, caplog, formats=FORMATS, titled=False) -> dict[str, bytes]:
    """Return every figure of `deck_file` drawn fresh in this process, by the file name `deckgen
    charts` gives it, failing on any missing glyph or font (`titled`: as `--titled` draws it)."""
    prepared = build.prepare(deck_file)
    drawn = [
        (
            ref,
            replace(spec, frame=charts.frame(spec, ref.slide, prepared.deck.lang))
            if titled
            else spec,
        )
        for ref, spec in zip(prepared.laid.figures, prepared.figure_specs(), strict=True)
        if not isinstance(spec.content, str)
    ]
    caplog.set_level(logging.DEBUG, logger="matplotlib")
    images = {}
    with warnings.catch_warnings(), glyph_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" is a UserWarning
        for number, (ref, spec) in enumerate(drawn, start=1):
            stem = f"{number:02d}-{getattr(ref.slide, 'id', None) or charts.slug(ref.slide.title)}"
            for fmt in formats:
                images[f"{stem}.{fmt}"] = draw.render(spec, fmt)
    bad = [
        r.getMessage()
        for r in caplog.records
        if "does not have a glyph" in r.getMessage()
        or "not found" in r.getMessage()
        or "missing from" in r.getMessage()
    ]
    assert not bad, bad
    return images


@pytest.mark.slow
def test_the_talk_draws_without_a_missing_glyph(tmp_path, caplog):
    """PNG only: a figure's text, and so its glyphs, are the same in every format (the test
    below draws every format)."""
    deck = tmp_path / "deck.yaml"
    shutil.copy(ROOT / "deck.yaml", deck)
    assert len(draw_all(deck, caplog, formats=("png",))) >= 4


OPTIONS = """
title: 옵션
lang: ko-KR
sections:
  - title: 차트
    slides:
      - type: chart
        title: 세쿼이아의 질문은 1년 새 3배가 됐다
        source: 'Sequoia Capital, "AI''s $600B Question" (2024.6)'
        chart:
          kind: bar
          categories: ["2023년 9월", "2024년 6월"]
          series: [{name: 연간 매출, values: [2000, 15000]}]
          unit: 억 달러
          labels: true
          highlight: 2024년 6월
          annotations: [{at: 2024년 6월, text: "1년 새 3배 (조·만·억)"}]
          reference: {value: 4000, label: "목표 4,000억 달러"}
      - type: chart
        title: 정렬과 만 단위
        chart:
          kind: barh
          categories: [GPT-4, Gemini Flash, Claude]
          series: [{name: 길이, values: [32000, 1000000, 200000]}]
          unit: " 토큰"
          sort: descending
          reference: {value: 128000, label: 평균 12.8만 토큰}
      - type: chart
        title: 연도 간격과 로그 축
        chart:
          kind: line
          categories: [2010, 2015, 2020, 2024]
          series:
            - {name: 사용자, values: [12000, 150000, 2500000, 9800000]}
            - {name: 경쟁사, values: [8000, 90000, 900000, 1200000]}
          unit: 명
          log: true
          highlight: 사용자
          annotations: [{at: 2020, text: 팬데믹으로 급증}]
  - title: 도식
    slides:
      - type: diagram
        title: 지금 여기
        source: 자체 정리
        diagram:
          kind: layers
          highlight: 인프라
          items:
            - {name: 모델, text: 핵심, examples: [ChatGPT]}
            - {name: 인프라, text: 하드웨어, examples: [NVIDIA]}
"""


@pytest.mark.slow
@pytest.mark.parametrize("titled", [False, True], ids=["slide", "titled"])
def test_the_new_chart_text_draws_without_a_missing_glyph(tmp_path, caplog, titled):
    """Annotations, reference labels, Korean scale words, headlines, unit and source lines."""
    deck = tmp_path / "deck.yaml"
    deck.write_text(OPTIONS, encoding="utf-8")
    assert len(draw_all(deck, caplog, formats=("png",), titled=titled)) == 4


@pytest.mark.slow
def test_titled_pictures_carry_the_headline_unit_and_source(tmp_path):
    from PIL import Image

    deck = tmp_path / "deck.yaml"
    deck.write_text(OPTIONS, encoding="utf-8")
    plain = run("charts", str(deck), "--dpi", "50", "-o", str(tmp_path / "plain"))
    titled = run("charts", str(deck), "--dpi", "50", "--titled", "-o", str(tmp_path / "titled"))
    assert plain.exit_code == titled.exit_code == 0, titled.output
    prepared = build.prepare(deck)
    spec, ref = prepared.figure_specs()[0], prepared.laid.figures[0]
    assert (
        tmp_path / "plain" / "01-세쿼이아의-질문은-1년-새-3배가-됐다.png"
    ).read_bytes() == draw.render(spec, "png", 50)
    frame = charts.frame(spec, ref.slide, prepared.deck.lang)
    # Its labels each say "억 달러": a unit line would repeat them.
    assert (frame.title, frame.unit) == ("세쿼이아의 질문은 1년 새 3배가 됐다", "")
    assert frame.source == "Sequoia Capital, \u201cAI\u2019s $600B Question\u201d (2024.6)"
    for name in ("01-세쿼이아의-질문은-1년-새-3배가-됐다.png", "04-지금-여기.png"):
        with (
            Image.open(tmp_path / "plain" / name) as a,
            Image.open(tmp_path / "titled" / name) as b,
        ):
            # The figure keeps its size; the picture adds a margin and the headline.
            assert b.width > a.width and b.height > a.height + 40
            # The headline is dark ink across the top band; the plain picture starts blank.
            top = b.convert("L").crop((0, 0, b.width, 40))
            assert top.getextrema()[0] < 80


def ink_margins(png: Path) -> tuple[int, int, int, int]:
    """Return the blank pixels left, above, right and below what the picture at `png` shows."""
    from PIL import Image, ImageChops

    with Image.open(png) as image:
        picture = image.convert("RGB")
    blank = Image.new("RGB", picture.size, picture.getpixel((0, 0)))
    left, top, right, bottom = ImageChops.difference(picture, blank).convert("L").getbbox()
    return left, top, picture.width - right, picture.height - bottom


@pytest.mark.slow
def test_titled_pictures_have_even_margins(tmp_path):
    # Diagrams used to touch the picture's edge (3-10 px at 200 dpi) under a headline inset
    # 60 px, and the steps diagram left 300 px blank below its cards.
    from deckgen.figures.draw.frame import MARGIN

    every_type_deck(tmp_path)
    dpi = 100
    out = tmp_path / "titled"
    done = run("charts", str(tmp_path / "deck.yaml"), "--titled", "--dpi", str(dpi), "-o", str(out))
    assert done.exit_code == 0, done.output
    pictures = sorted(out.glob("*.png"))
    assert [p.stem for p in pictures] == [
        "01-growth", "02-가로-막대", "03-누적", "04-선", "05-layers", "06-단계"
    ]  # fmt: skip
    for png in pictures:
        margins = ink_margins(png)
        assert all(abs(m - MARGIN * dpi) <= 3 for m in margins), (png.name, margins)


@pytest.mark.slow
def test_every_figure_draws_cleanly_and_alike_in_any_process_and_from_the_cache(tmp_path, caplog):
    """Each figure of every kind (mixed scripts, negative values, a log axis, units) drawn in
    every format here, by `deckgen charts` in another process into a cache, then from that
    cache: no missing glyph, and the same bytes all three ways."""
    every_type_deck(tmp_path)
    deck = tmp_path / "deck.yaml"
    deck.write_text(EVERY_TYPE.replace("values: [-500, 1500.5]", "values: [-500, -0.25]"), "utf-8")
    here = draw_all(deck, caplog)
    assert sorted(here) == sorted(
        f"{n}.{ext}"
        for n in ["01-growth", "02-가로-막대", "03-누적", "04-선", "05-layers", "06-단계"]
        for ext in FORMATS
    )
    cache = str(tmp_path / "cache")
    for folder, seed in (("drawn", "1"), ("cached", "2")):
        args = ["charts", str(deck), "-f", "png,svg,pdf", "-o", str(tmp_path / folder)]
        done = run_python(
            "-m", "deckgen", *args, cwd=tmp_path, DECKGEN_CACHE_DIR=cache, PYTHONHASHSEED=seed
        )
        assert done.returncode == 0, done.stderr
        files = {p.name: p.read_bytes() for p in (tmp_path / folder).glob("[!.]*")}
        assert files.keys() == here.keys()
        for name, data in here.items():
            assert files[name] == data, (folder, name)
    png = here["01-growth.png"]
    assert png.startswith(b"\x89PNG") and b"Software" not in png
    assert here["01-growth.pdf"].startswith(b"%PDF")
    assert b"<svg" in here["01-growth.svg"]


def test_drawing_leaves_the_callers_matplotlib_settings_alone():
    """A program that calls deckgen keeps its own rcParams and backend."""
    import matplotlib

    from deckgen.outline.model import Chart, Series, Theme

    before = dict(matplotlib.rcParams)
    matplotlib.rcParams["font.size"] = 31.0
    try:
        chart = Chart(kind="line", categories=["a", "b"], series=[Series(name="s", values=[1, 2])])
        draw.render(FigureSpec(chart, Theme(), 4, 3, "t"), "png")
        assert matplotlib.rcParams["font.size"] == 31.0
        assert matplotlib.rcParams["font.family"] == before["font.family"]
        assert matplotlib.get_backend() == before["backend"]
    finally:
        matplotlib.rcParams.update(before)


def test_missing_glyph_check_can_fail(caplog):
    """The glyph check above is real: a character the font lacks is caught."""
    from deckgen.outline.model import Chart, Series, Theme

    spec = FigureSpec(
        Chart(kind="bar", categories=["漢字テスト"], series=[Series(name="s", values=[1.0])]),
        Theme(),
        6,
        4,
        "x",
    )
    with warnings.catch_warnings(), pytest.raises(UserWarning, match="missing from font"):
        warnings.simplefilter("error")
        with glyph_warnings():
            draw.render(spec, "png")


def test_a_character_the_font_lacks_draws_without_matplotlibs_own_warning():
    """`check` and `build` say which characters, at the value's line: the drawing keeps
    matplotlib's warning, which names deckgen's source lines, to itself."""
    from deckgen.outline.model import Chart, Series, Theme

    spec = FigureSpec(
        Chart(kind="bar", categories=["漢字 😀"], series=[Series(name="s", values=[1.0])]),
        Theme(),
        6,
        4,
        "x",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert draw.render(spec, "png").startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (1500, "억 달러", "1,500억 달러"),
        (32000, "K", "32,000K"),
        (12.5, "%", "12.5%"),
        (-1234567, "", "-1,234,567"),
        (0.25, " 토큰", "0.25 토큰"),
    ],
    ids=["korean-unit", "suffix", "percent", "negative", "spaced"],
)
def test_values_print_with_separators_and_unit(value, unit, text):
    assert format_value(value, unit) == text


def test_dpi_sets_the_png_size(tmp_path):
    from PIL import Image

    deck = every_type_deck(tmp_path)
    result = run("charts", str(deck), "--dpi", "100", "-o", str(tmp_path / "c"))
    assert result.exit_code == 0, result.output
    with Image.open(tmp_path / "c" / "01-growth.png") as image:
        assert 1100 < image.width < 1300  # 11.8 in at 100 dpi


@pytest.mark.parametrize("formats", ["gif", "png,bmp", ""], ids=["gif", "bmp", "empty"])
def test_unknown_format_is_a_usage_error(tmp_path, formats):
    deck = every_type_deck(tmp_path)
    result = run("charts", str(deck), "--format", formats)
    assert result.exit_code == 2
    assert "--format" in result.stderr


def test_a_format_named_twice_is_written_and_counted_once(tmp_path):
    deck = every_type_deck(tmp_path)
    folder = tmp_path / "c"
    result = run("charts", str(deck), "--dpi", "50", "--format", "png, PNG,png", "-o", str(folder))
    assert result.exit_code == 0, result.output
    listed = result.stdout.splitlines()[:-1]
    files = sorted(str(p) for p in folder.iterdir() if p.name != charts.LISTING)
    assert sorted(listed) == files
    assert result.stdout.splitlines()[-1] == f"Wrote {len(files)} files to {folder}"


def test_slug_keeps_hangul():
    assert charts.slug("AI 투자 **규모**: 2024!") == "ai-투자-규모-2024"


# --- the worker processes ---------------------------------------------------------------------

FOUR_FIGURES = """
title: Workers
sections:
  - title: S
    slides:
      - type: chart
        title: A
        chart: {kind: bar, categories: [a, b], series: [{name: s, values: [1, 2]}]}
      - type: chart
        title: B
        chart: {kind: line, categories: [a, b], series: [{name: s, values: [3, 1]}]}
      - type: diagram
        title: C
        diagram: {kind: steps, items: [{name: one}, {name: two}]}
      - {type: diagram, title: D, diagram: {kind: layers, items: [{name: one}, {name: two}]}}
"""


@pytest.mark.slow
def test_spawned_workers_draw_what_forked_ones_do(tmp_path, monkeypatch):
    """Workers start as the platform starts them (spawn on macOS and Windows): same bytes."""
    from deckgen.figures import forking

    deck = write_deck(tmp_path, FOUR_FIGURES)
    forked = build.build(deck, tmp_path / "forked.pptx", use_cache=False)
    monkeypatch.setattr(forking, "start_method", lambda: "spawn")
    spawned = build.build(deck, tmp_path / "spawned.pptx", use_cache=False)
    assert (forked.drawn, spawned.drawn) == (4, 4)
    assert (tmp_path / "forked.pptx").read_bytes() == (tmp_path / "spawned.pptx").read_bytes()


def test_no_more_workers_than_the_cpus_this_process_may_use():
    if shutil.which("taskset") is None:
        pytest.skip("needs taskset (util-linux)")
    code = "from deckgen.figures.pool import cpus; print(cpus())"
    done = subprocess.run(
        ["taskset", "-c", "0", sys.executable, "-c", code], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"


def test_a_figure_that_fails_to_draw_is_a_located_error(tmp_path, monkeypatch):
    """Whatever a worker raises becomes a line at the chart's place, not a traceback."""
    from deckgen.figures import pool

    monkeypatch.setattr(pool, "render", failing_render)
    deck = write_deck(tmp_path, FOUR_FIGURES)
    result = run("build", str(deck), "--no-cache")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{deck}:13:18: sections[0].slides[2].diagram: could not be drawn (ValueError: no "
        "steps today); please report this with the deck"
    )


def failing_render(spec, fmt="png", dpi=200) -> bytes:
    """Draw charts, and fail on diagrams as a broken drawing routine would."""
    if spec.content.__class__.__name__ == "Diagram":
        raise ValueError("no steps today")
    return draw.render(spec, fmt, dpi)


def test_dollar_signs_are_drawn_as_text(tmp_path):
    """matplotlib's math mode is off: "x$^$y" crashed a worker, "$5 vs $10" lost its dollars."""
    from deckgen.outline.model import Chart, Series, Theme

    chart = Chart(
        kind="bar",
        categories=["$5 vs $10", "x$^$y"],
        series=[Series(name="$s$", values=[1, 2])],
        unit="$",
        labels=True,
    )
    png = draw.render(FigureSpec(chart, Theme(), 6, 4, "t"), "png")
    same_without = draw.render(
        FigureSpec(chart.replace(categories=["5 vs 10", "x^y"]), Theme(), 6, 4, "t"), "png"
    )
    assert png.startswith(b"\x89PNG") and png != same_without
