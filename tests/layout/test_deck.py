"""The slides deckgen lays out itself and the slide types as a designer would set them: title
and closing slides that mirror each other, dividers numbered as shown, a quote as one block,
columns under hairlines, short lists given air."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from deckgen.commands.build import prepare
from deckgen.layout.shapes import RectShape, TextShape
from helpers import run, write_deck


def laid(tmp_path: Path, yaml: str):
    """Return the plans of the deck `yaml`, laid out."""
    return prepare(write_deck(tmp_path, yaml)).laid.plans


def texts(plan) -> dict[str, TextShape]:
    """Return the text shapes of a slide plan, by their text."""
    return {s.paras[0].text: s for s in plan.shapes if isinstance(s, TextShape) and s.paras}


def test_dividers_count_only_the_dividers_shown(tmp_path):
    plans = laid(
        tmp_path,
        """
        title: T
        sections:
          - {title: Opening, divider: false, slides: [{type: statement, text: a}]}
          - {title: Hidden, slides: [{type: statement, text: b, hidden: true}]}
          - {title: First, slides: [{type: statement, text: c}]}
          - {title: Second, slides: [{type: statement, text: d}]}
        """,
    )
    numbers = [
        next(s.paras[0].text for s in p.shapes if isinstance(s, TextShape) and s.slot == "number")
        for p in plans
        if p.layout == "section"
    ]
    assert numbers == ["01", "02"]


def test_title_and_closing_slides_mirror_each_other(tmp_path):
    plans = laid(
        tmp_path,
        """
        title: 발표 제목
        subtitle: 부제
        author: 발표자
        date: 2025-03-02
        event: 행사 이름
        closing: 감사합니다
        sections: [{title: S, divider: false, slides: [{type: statement, text: a}]}]
        """,
    )
    title, closing = texts(plans[0]), texts(plans[-1])
    assert title["발표 제목"].box.top == closing["감사합니다"].box.top
    for foot in ("발표자", "2025-03-02 · 행사 이름"):
        assert title[foot].box == closing[foot].box
    assert title["부제"].box.top >= title["발표 제목"].box.bottom  # under the title's last line
    assert (
        title["발표 제목"].paras[0].size
        > title["부제"].paras[0].size
        > title["발표자"].paras[0].size
    )


def test_a_quote_is_one_block_centred_under_the_title_with_a_hanging_mark(tmp_path):
    [_, plan] = laid(
        tmp_path,
        """
        title: T
        sections:
          - title: S
            divider: false
            slides: [{type: quote, title: Q, quote: 말은 짧게, by: 누군가}]
        """,
    )
    shapes = texts(plan)
    quote, by, mark = shapes["말은 짧게\u201d"], shapes["\u2014 누군가"], shapes["\u201c"]
    assert by.box.top >= quote.box.bottom  # the author right under the words
    assert by.box.top - quote.box.bottom < 0.5
    assert mark.box.right <= quote.box.left  # the mark hangs in the margin
    above = quote.box.top - 1.95  # the body area starts under the title at 1.95 in
    below = 7.5 - 0.85 - by.box.bottom
    assert abs(above - below) < 0.1  # centred as one block


def test_columns_start_under_their_headings_and_the_punchline_is_marked(tmp_path):
    [_, plan] = laid(
        tmp_path,
        """
        title: T
        sections:
          - title: S
            divider: false
            slides:
              - type: columns
                title: C
                columns:
                  - {heading: 웹, bullets: [Google]}
                  - {heading: AI, bullets: ["==다음 주인공은?=="]}
        """,
    )
    shapes = texts(plan)
    heading, bullets = shapes["웹"], shapes["Google"]
    assert 0 <= bullets.box.top - heading.box.bottom < 0.15  # headings close to their lists
    accents = [s for s in plan.shapes if isinstance(s, RectShape) and s.color == "accent"]
    # a rule over the column that holds the highlight (the title's bar is the layout's)
    heading = shapes["AI"]  # the rule starts where the heading's letters do
    assert len(accents) == 1
    assert accents[0].box.left == pytest.approx(heading.box.left + heading.inset)


def test_a_short_list_starts_where_every_list_does_with_air_between_points(tmp_path):
    [_, short, long] = laid(
        tmp_path,
        """
        title: T
        sections:
          - title: S
            divider: false
            slides:
              - {type: bullets, title: Short, form: list, bullets: [하나, 둘, 셋]}
              - {type: bullets, title: Long, bullets: [a, b, c, d, e, f]}
        """,
    )
    [short_list] = [s for s in short.shapes if isinstance(s, TextShape) and s.slot == "body"]
    [long_list] = [s for s in long.shapes if isinstance(s, TextShape) and s.slot == "body"]
    assert short_list.anchor == long_list.anchor == "top"
    assert short_list.box.top == long_list.box.top
    assert short_list.paras[1].space_before > long_list.paras[1].space_before


@pytest.mark.parametrize("size", ["16:9", "4:3"], ids=["wide", "standard"])
def test_check_warns_where_a_word_would_break(tmp_path, size):
    word = "초" * 30
    deck = tmp_path / "deck.yaml"
    deck.write_text(
        textwrap.dedent(
            f"""\
            title: T
            theme: {{size: "{size}"}}
            sections:
              - title: S
                divider: false
                slides:
                  - type: columns
                    title: C
                    columns:
                      - {{heading: 하나, bullets: [{word}]}}
                      - {{heading: 둘, bullets: [b]}}
                      - {{heading: 셋, bullets: [c]}}
                      - {{heading: 넷, bullets: [d]}}
            """
        ),
        encoding="utf-8",
    )
    result = run("check", str(deck))
    assert (
        f"{deck}:10:36: warning: sections[0].slides[0].columns[0].bullets: '{word}' is wider "
        "than its line and would break inside the word" in result.stderr
    ), result.stderr


def test_a_slides_title_is_its_headline_on_one_line(tmp_path):
    plans = laid(
        tmp_path,
        """
        title: 제목
        sections:
          - title: 하나
            slides:
              - type: statement
                text: AI는 세상을 바꿀 겁니다. 2025-26년이 그 변곡점이라고 생각합니다
              - {type: bullets, title: 과일 목록, bullets: [사과, 배]}
        """,
    )
    statement, bullets = plans[2], plans[3]
    assert any("\n" in p.text for s in texts(statement).values() for p in s.paras)  # balanced
    assert statement.title == "AI는 세상을 바꿀 겁니다. 2025-26년이 그 변곡점이라고 생각합니다"
    assert bullets.title == "과일 목록"
