"""Accessibility: titles a screen reader finds, alt text, reading order, and what `check` says."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pptx.enum.shapes import MSO_SHAPE_TYPE

from deckgen.colors import contrast
from deckgen.layout.checks import collision_findings
from deckgen.layout.grid import Box, Grid
from deckgen.layout.shapes import Para, SlidePlan, TextShape
from deckgen.outline.markup import Run
from helpers import (
    build,
    every_type_deck,
    is_picture,
    make_template,
    run,
    template_deck,
    write_deck,
)

ROOT = Path(__file__).resolve().parents[2]
DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"


@pytest.fixture(scope="module")
def talk(tmp_path_factory):
    folder = tmp_path_factory.mktemp("talk")
    shutil.copy(ROOT / "deck.yaml", folder / "deck.yaml")
    return build(folder / "deck.yaml")


@pytest.fixture(scope="module")
def company(tmp_path_factory):
    folder = tmp_path_factory.mktemp("company")
    make_template(folder / "company.pptx")
    return build(template_deck(folder, "charts: native"))


def _c_nv_pr(shape):
    return shape._element.find(
        ".//{http://schemas.openxmlformats.org/presentationml/2006/main}cNvPr"
    )


def _is_group(shape) -> bool:
    """Return whether `shape` is a group: a diagram drawn as shapes."""
    return shape.shape_type == MSO_SHAPE_TYPE.GROUP


def problems(prs) -> list[str]:
    """Return what a screen reader user would miss on each slide, as readable lines."""
    found = []
    for number, slide in enumerate(prs.slides, start=1):
        title = slide.shapes.title
        if title is None or not title.text_frame.text.strip():
            found.append(f"slide {number}: no title placeholder with text")
            continue
        if slide.shapes[0].shape_id != title.shape_id:
            found.append(f"slide {number}: the title is not first in reading order")
        for shape in slide.shapes:
            c_nv_pr = _c_nv_pr(shape)
            figure = is_picture(shape) or shape.has_chart or _is_group(shape)
            empty = shape.has_text_frame and not shape.text_frame.text.strip()
            if figure and not (c_nv_pr.get("descr") or "").strip():
                found.append(f"slide {number}: {shape.name} has no alt text")
            elif empty and c_nv_pr.find(f".//{DECORATIVE}") is None:
                found.append(f"slide {number}: {shape.name} is neither text nor decorative")
    return found


@pytest.mark.slow
@pytest.mark.parametrize("deck", ["talk", "company"])
def test_every_slide_reads_well_with_a_screen_reader(request, deck):
    prs = request.getfixturevalue(deck)
    assert len(prs.slides) > 15
    assert problems(prs) == []


def test_the_talks_figures_say_what_they_show(talk):
    # Its charts are pictures, its diagrams groups of shapes: each carries its alt text.
    alts = [
        _c_nv_pr(shape).get("descr")
        for slide in talk.slides
        for shape in slide.shapes
        if is_picture(shape) or _is_group(shape)
    ]
    assert len(alts) == 10  # five of them the layer diagram again, as a you-are-here marker
    assert [a.split(":")[0] for a in alts if "highlighted" in a] == [
        f"Layer diagram, top to bottom, {name} highlighted"
        for name in ("모델", "애플리케이션", "엔터프라이즈 AI", "AI 인프라", "기타 산업")
    ]
    assert all(
        alt.startswith(
            (
                "Bar chart",
                "Horizontal bar chart",
                "Layer diagram",
                "Step diagram",
                "Line chart",
                "Stacked bar chart",
            )
        )
        for alt in alts
    )


def test_untitled_slides_put_their_words_in_the_title(talk):
    # quote, statement and stat slides without a title: their text is the slide's title
    # A headline broken into balanced lines holds line breaks (python-pptx shows them as VT).
    titles = [slide.shapes.title.text_frame.text.replace("\v", " ") for slide in talk.slides]
    assert "AI는 세상을 바꿀 겁니다. 2025-26년이 그 변곡점입니다." in titles


def test_an_image_without_caption_takes_its_title_as_alt_text(tmp_path):
    every_type_deck(tmp_path)
    deck = write_deck(
        tmp_path,
        """
        title: T
        sections:
          - title: S
            slides:
              - {type: image, title: Our office, image: assets/pic.png}
        """,
    )
    result = run("check", str(deck), "--strict")
    assert result.exit_code == 0, result.output
    prs = build(deck)
    picture = next(s for s in prs.slides[2].shapes if is_picture(s))
    assert _c_nv_pr(picture).get("descr") == "Our office"


def test_check_warns_about_colours_that_do_not_read(tmp_path):
    deck = write_deck(
        tmp_path,
        """
        title: T
        theme:
          colors:
            text: "#AAAAAA"
            accent: "#FFE066"
        sections:
          - title: S
            slides: [{type: statement, text: x}]
        """,
    )
    result = run("check", str(deck))
    assert result.exit_code == 0
    lines = [line for line in result.output.splitlines() if "contrast" in line]
    assert lines == [
        f"{deck}:4:11: warning: theme.colors.text: text #AAAAAA on background #FFFFFF has a "
        "contrast of 2.3:1, under 4.5:1 for body text; set a darker theme.colors.text",
        f"{deck}:5:13: warning: theme.colors.accent: accent #FFE066 on background #FFFFFF has a "
        "contrast of 1.3:1, under 3:1 for highlighted text; set a darker theme.colors.accent",
    ]
    assert run("check", str(deck), "--strict").exit_code == 1


def test_check_names_template_colours_that_do_not_read(tmp_path):
    make_template(tmp_path / "company.pptx")  # its accent2 is a light orange, F2A541
    result = run("check", str(template_deck(tmp_path)))
    assert (
        "warning: theme.colors.accent: accent #F2A541 on background #FFFFFF (from the "
        "template) has a contrast of 2.1:1, under 3:1 for highlighted text; set a darker "
        "theme.colors.accent" in result.output
    )
    fixed = run("check", str(template_deck(tmp_path, 'colors: {accent: "#B5531C"}')), "--strict")
    assert fixed.exit_code == 0, fixed.output


def test_check_warns_about_repeated_slide_titles(tmp_path):
    deck = write_deck(
        tmp_path,
        """
        title: T
        sections:
          - title: Results
            slides:
              - {type: bullets, title: Results, bullets: [a]}
              - {type: bullets, title: Next steps, bullets: [b]}
              - {type: bullets, title: Next steps, bullets: [c]}
        """,
    )
    result = run("check", str(deck))
    warnings = [line for line in result.output.splitlines() if ": warning: " in line]
    # A section's divider may share its first slide's title; two content slides may not.
    assert warnings == [
        f"{deck}:7:32: warning: sections[0].slides[2].title: 'Next steps' is also the title of "
        "sections[0].slides[1]; screen readers list slides by title, so give each slide its own"
    ]


def test_the_talk_has_no_accessibility_warnings(tmp_path):
    shutil.copy(ROOT / "deck.yaml", tmp_path / "deck.yaml")
    result = run("check", str(tmp_path / "deck.yaml"), "--strict")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("one", "other", "ratio"),
    [
        pytest.param("#000000", "#FFFFFF", 21.0, id="black-white"),
        pytest.param("#FFFFFF", "#FFFFFF", 1.0, id="same"),
        pytest.param("#767676", "#FFFFFF", 4.54, id="aa-grey"),
    ],
)
def test_contrast_ratio(one, other, ratio):
    assert round(contrast(one, other), 2) == ratio


# --- text on text ------------------------------------------------------------------------------


LINE = "한 줄로 이어지는 글자들"


def _text(box, words="글", *, anchor="top", align="left", source=("b",), lines=1, **extra):
    """Return a text shape of `lines` paragraphs of `words` at 20 pt in `box`."""
    paras = tuple(Para((Run(words),), 20, "text", align=align) for _ in range(lines))
    return TextShape(box, paras, anchor=anchor, source=source, **extra)


@pytest.mark.parametrize(
    ("shapes", "found"),
    [
        pytest.param(
            [_text(Box(1, 1, 4, 1), LINE, source=("a",)), _text(Box(2, 1.1, 4, 1), LINE)],
            [(("b",), "its text overlaps a by 0.23 in: shorten one of them")],
            id="text-on-text",
        ),
        pytest.param(
            [
                _text(Box(1, 0.5, 4, 2), anchor="bottom", source=("a",)),
                _text(Box(1, 1.0, 4, 2)),
            ],
            [],
            id="boxes-overlap-texts-apart",
        ),
        pytest.param(
            [
                _text(Box(0, 1, 4, 1), align="center", source=("a",)),
                _text(Box(3, 1, 4, 1), align="center"),
            ],
            [],
            id="centred-words-side-by-side",
        ),
        pytest.param(
            [
                _text(Box(1, 1, 4, 0.5), source=("a",), lines=5, fits=False),
                _text(Box(1, 2, 4, 0.5)),
            ],
            [(("a",), "its text overlaps b by 0.33 in: shorten one of them")],
            id="overflow-runs-into-the-next",
        ),
        pytest.param(
            [
                TextShape(
                    Box(11, 6.9, 1, 0.4),
                    (Para((Run(""),), 11, "muted", align="right"),),
                    role="number",
                    anchor="bottom",
                    number_field=True,
                ),
                _text(Box(10, 6.8, 2, 0.5), anchor="bottom", align="right"),
            ],
            [(("b",), "its text overlaps the slide number by 0.18 in: shorten one of them")],
            id="runs-into-the-slide-number",
        ),
        pytest.param(
            [_text(Box(1, 1, 4, 1), words=" ", source=("a",)), _text(Box(1, 1, 4, 1))],
            [],
            id="an-empty-box",
        ),
    ],
)
def test_collisions_are_texts_drawn_over_texts(shapes, found):
    plan = SlidePlan("content", shapes, source=("slide",))
    assert collision_findings(plan) == found


def test_a_collision_is_reported_rather_than_the_overlapping_boxes():
    from deckgen.layout.checks import fit_findings
    from deckgen.layout.deck import DeckLayout

    plan = SlidePlan(
        "content",
        [_text(Box(1, 1, 4, 1), LINE, source=("a",)), _text(Box(2, 1.1, 4, 1), LINE)],
        source=("slide",),
    )
    assert fit_findings(DeckLayout([plan], [], Grid.for_size("16:9"), {})) == [
        (("b",), "its text overlaps a by 0.23 in: shorten one of them")
    ]


@pytest.mark.parametrize(
    "box",
    [Box(1, 1, 4, -2), Box(1, 1, 0, 1), Box(1, 1, 4, 0)],
    ids=["negative-height", "no-width", "no-height"],
)
def test_a_shape_without_room_is_reported_where_it_comes_from(box):
    from deckgen.layout.checks import geometry_findings

    plan = SlidePlan("content", [_text(box, source=("a",))], source=("slide",))
    assert geometry_findings(plan, Grid.for_size("16:9")) == [
        (("a",), "has no room left on the slide: shorten the texts before it, or split it")
    ]


def _sized(deck: Path, size: str) -> Path:
    """Return `deck` set at `size`, written beside it."""
    text = deck.read_text(encoding="utf-8")
    if size != "16:9":
        first = text.index("\ntitle:") + 1 if not text.startswith("title:") else 0
        end = text.index("\n", first) + 1
        text = f'{text[:end]}theme: {{size: "{size}"}}\n{text[end:]}'
    sized = deck.with_name(f"{deck.stem}-{size.replace(':', 'x')}.yaml")
    sized.write_text(text, encoding="utf-8")
    return sized


def _talk(folder: Path) -> Path:
    shutil.copy(ROOT / "deck.yaml", folder / "deck.yaml")
    return folder / "deck.yaml"


def _starter(folder: Path) -> Path:
    assert run("init", str(folder)).exit_code == 0
    return folder / "deck.yaml"


@pytest.mark.parametrize("size", ["16:9", "4:3"])
@pytest.mark.parametrize(
    "make", [_talk, _starter, every_type_deck], ids=["talk", "starter", "every-type"]
)
def test_no_slide_type_sets_text_over_text(tmp_path, make, size):
    from deckgen.commands.build import prepare

    laid = prepare(_sized(make(tmp_path), size)).laid
    assert laid.grid.width == Grid.for_size(size).width
    assert [
        (plan.layout, finding) for plan in laid.plans for finding in collision_findings(plan)
    ] == []


TOFU_DECK = """
title: T
lang: ko-KR
sections:
  - title: S
    slides:
      - type: chart
        title: 차트
        chart:
          kind: bar
          categories: [漢字, 시장, "😀 emoji", "cafe\\u0301"]
          series:
            - {name: 우리, values: [1, 2, 3, 4]}
            - {name: שלום, values: [1, 2, 3, 4]}
          reference: {value: 2, label: "목표 ✓"}
          annotations: [{at: 시장, text: "a\\u200db 🚀"}]
      - type: chart
        title: 네이티브
        chart:
          kind: bar
          render: native
          categories: [漢字, 시장]
          series: [{name: a, values: [1, 2]}]
      - type: diagram
        title: 도표
        source: "출처 ©"
        diagram:
          kind: steps
          items:
            - {name: 一, text: 설명, examples: ["🚀", 둘]}
            - {name: 이, text: "\\u05d0 이"}
"""
TOFU_WARNINGS = [
    "10:24: warning: sections[0].slides[0].chart.categories[0]: '漢字' has characters the "
    "figure font Deckgen Sans KR cannot draw: '漢' (U+6F22), '字' (U+5B57); a picture shows "
    "them as empty boxes: write them another way, or use `render: native`",
    "10:32: warning: sections[0].slides[0].chart.categories[2]: '😀 emoji'",
    "13:22: warning: sections[0].slides[0].chart.series[1].name: 'שלום'",
    "15:40: warning: sections[0].slides[0].chart.annotations[0].text: 'a\u200db 🚀' has "
    "characters the figure font Deckgen Sans KR cannot draw: '🚀' (U+1F680);",
    "29:22: warning: sections[0].slides[2].diagram.items[0].name: '一'",
    "29:46: warning: sections[0].slides[2].diagram.items[0].examples[0]: '🚀' has characters "
    "the figure font Deckgen Sans KR cannot draw: '🚀' (U+1F680); a picture shows them as empty "
    "boxes: write them another way",
    "30:31: warning: sections[0].slides[2].diagram.items[1].text: 'א 이'",
]


@pytest.mark.parametrize("command", ["check", "build"])
def test_characters_the_figure_font_cannot_draw_are_warnings_at_their_values(tmp_path, command):
    # Drawn charts and diagrams only: a native chart is drawn by PowerPoint, with its fonts.
    deck = write_deck(tmp_path, TOFU_DECK)
    result = run(command, str(deck), *(["--strict"] if command == "check" else []))
    assert result.exit_code == (1 if command == "check" else 0), result.output
    found = [line for line in result.output.splitlines() if ": warning: " in line]
    assert len(found) == len(TOFU_WARNINGS), found
    for line, expected in zip(found, TOFU_WARNINGS, strict=True):
        assert line.startswith(f"{deck}:{expected}"), line
    assert "UserWarning" not in result.output and "Glyph" not in result.output


def test_the_check_names_every_character_a_figure_draws_as_an_empty_box(tmp_path, monkeypatch):
    """matplotlib warns of each character it draws as the font's "missing" box. The figures
    keep quiet (the check spoke, at the value's line), but let through, its warnings name the
    characters the check names, no more and no fewer."""
    import re
    import warnings

    from deckgen import fonts
    from deckgen.commands.build import prepare
    from deckgen.figures import draw
    from deckgen.layout.checks import chart_texts, diagram_texts
    from deckgen.outline.model import Chart

    specs = prepare(write_deck(tmp_path, TOFU_DECK)).figure_specs()
    drawn_specs = [s for s in specs if not (isinstance(s.content, Chart) and s.content.render)]
    assert len(drawn_specs) == 2
    for spec in drawn_specs:
        with warnings.catch_warnings(record=True) as quiet:
            warnings.simplefilter("always")
            draw.render(spec, "png", 50)
        assert [str(w.message) for w in quiet if "Glyph" in str(w.message)] == []
        monkeypatch.setattr(draw, "GLYPH_MISSING", "let every warning through")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            draw.render(spec, "png", 50)
        monkeypatch.undo()
        boxes = {chr(int(m[1])) for w in caught if (m := re.match(r"Glyph (\d+) ", str(w.message)))}
        content = spec.content
        texts = chart_texts(content) if isinstance(content, Chart) else diagram_texts(content)
        checked = {ch for _, text in texts for ch in fonts.missing(text)}
        assert boxes and boxes == checked
