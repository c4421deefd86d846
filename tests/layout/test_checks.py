"""Accessibility: titles a screen reader finds, alt text, reading order, and what `check` says."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from deckgen.colors import contrast
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
            figure = is_picture(shape) or shape.has_chart
            empty = shape.has_text_frame and not shape.text_frame.text.strip()
            if figure and not (c_nv_pr.get("descr") or "").strip():
                found.append(f"slide {number}: {shape.name} has no alt text")
            elif empty and c_nv_pr.find(f".//{DECORATIVE}") is None:
                found.append(f"slide {number}: {shape.name} is neither text nor decorative")
    return found


@pytest.mark.parametrize("deck", ["talk", "company"])
def test_every_slide_reads_well_with_a_screen_reader(request, deck):
    prs = request.getfixturevalue(deck)
    assert len(prs.slides) > 15
    assert problems(prs) == []


def test_the_talks_pictures_say_what_they_show(talk):
    alts = [
        _c_nv_pr(shape).get("descr")
        for slide in talk.slides
        for shape in slide.shapes
        if is_picture(shape)
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
