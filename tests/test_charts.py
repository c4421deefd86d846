"""Charts and diagrams: every glyph drawn, every format exported, the same bytes every time."""

from __future__ import annotations

import logging
import shutil
import warnings
from pathlib import Path

import pytest

from deckgen.commands import build, charts
from deckgen.figures import draw
from deckgen.figures.spec import FORMATS, FigureSpec
from deckgen.layout.numbers import format_value
from helpers import EVERY_TYPE, every_type_deck, run

ROOT = Path(__file__).resolve().parent.parent


def draw_all(deck_file: Path, caplog) -> list[bytes]:
    """Return every figure of `deck_file` drawn fresh, failing on any glyph or font problem."""
    specs = [s for s in build.prepare(deck_file).figure_specs() if not isinstance(s.content, str)]
    caplog.set_level(logging.DEBUG, logger="matplotlib")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" is a UserWarning
        images = [draw.render(s, fmt) for s in specs for fmt in FORMATS]
    bad = [
        r.getMessage()
        for r in caplog.records
        if "does not have a glyph" in r.getMessage()
        or "not found" in r.getMessage()
        or "missing from" in r.getMessage()
    ]
    assert not bad, bad
    return images


def test_the_talk_draws_without_a_missing_glyph(tmp_path, caplog):
    deck = tmp_path / "deck.yaml"
    shutil.copy(ROOT / "deck.yaml", deck)
    assert len(draw_all(deck, caplog)) >= 3 * 4


def test_mixed_scripts_negatives_log_axes_and_units_draw_cleanly(tmp_path, caplog):
    extra = EVERY_TYPE.replace("values: [-500, 1500.5]", "values: [-500, -0.25]")
    (tmp_path / "assets").mkdir()
    every_type_deck(tmp_path)
    (tmp_path / "deck.yaml").write_text(extra, encoding="utf-8")
    assert len(draw_all(tmp_path / "deck.yaml", caplog)) == 6 * 3


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
        draw.render(spec, "png")


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


def test_charts_command_exports_every_format_reproducibly(tmp_path):
    deck = every_type_deck(tmp_path)
    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        result = run(
            "charts", str(deck), "--format", "png,svg,pdf", "-o", str(folder), "--no-cache"
        )
        assert result.exit_code == 0, result.output
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(
        f"{n}.{ext}"
        for n in ["01-growth", "02-가로-막대", "03-누적", "04-선", "05-layers", "06-단계"]
        for ext in ("png", "svg", "pdf")
    )
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    png = (first / "01-growth.png").read_bytes()
    assert png.startswith(b"\x89PNG") and b"Software" not in png
    assert (first / "01-growth.pdf").read_bytes().startswith(b"%PDF")
    assert b"<svg" in (first / "01-growth.svg").read_bytes()


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


def test_slug_keeps_hangul():
    assert charts.slug("AI 투자 **규모**: 2024!") == "ai-투자-규모-2024"
