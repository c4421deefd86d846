"""Cards: a short, flat, terse list shown as key-point cards, or kept a list, as documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckgen.layout.cards import split
from helpers import ACCENT2, assert_on_slide, build, make_template, run, write_deck
from styles import look

TERSE = "bullets: [미국과 중국의 경쟁, 비공개 대 오픈소스, 더 실용적인 모델]"
KEYED = 'bullets: ["**환각**: 제어 수단이 없음", "통합: 기존 데이터와 잇기", "3배 늘어난 비용"]'
FIVE = "bullets: [하나, 둘, 셋, 넷, 다섯]"
NESTED = "bullets: [{text: 하나, bullets: [아래]}, 둘]"
WORDY = "bullets: [" + ", ".join(["아주 길게 이어지는 설명이 카드 한 장을 넘치도록 " * 4] * 3) + "]"
LONG_NOTES = "notes: " + "말이 길다. " * 100


def _deck(folder: Path, *slides: str, size: str = "16:9", theme: str = "") -> Path:
    """Return a deck of bullets slides, each given by its keys after its title (`;` between
    keys), in one section without a divider."""
    body = ""
    for n, slide in enumerate(slides, start=1):
        body += f"      - type: bullets\n        title: 제목 {n}\n"
        body += "".join(f"        {key.strip()}\n" for key in slide.split(";"))
    head = f'title: 카드\nlang: ko-KR\ntheme:\n  size: "{size}"\n{theme}'
    return write_deck(
        folder, f"{head}sections:\n  - title: S\n    divider: false\n    slides:\n{body}"
    )


def _layouts(prs) -> list[str]:
    """Return the layout of each slide after the title slide."""
    return [slide.slide_layout.name for slide in list(prs.slides)[1:]]


@pytest.mark.parametrize(
    ("slides", "expected"),
    [
        ((TERSE,), ["3 Cards"]),
        ((KEYED,), ["3 Cards"]),
        (("bullets: [하나의 항목, 둘째 항목]",), ["2 Cards"]),
        ((FIVE,), ["Bullets"]),
        ((NESTED,), ["Bullets"]),
        (("bullets: [혼자]",), ["Bullets"]),
        ((WORDY,), ["Bullets"]),
        ((f"{TERSE}; {LONG_NOTES}",), ["Bullets"]),
        ((f"{TERSE}; form: list",), ["Bullets"]),
        ((f"{WORDY}; form: cards",), ["3 Cards"]),
        ((f"{TERSE}; {LONG_NOTES}; form: cards",), ["3 Cards"]),
        ((TERSE, TERSE, TERSE), ["3 Cards", "Bullets", "3 Cards"]),
        ((TERSE, f"{TERSE}; form: cards"), ["3 Cards", "3 Cards"]),
        ((f"{FIVE}; form: cards",), ["Bullets"]),
    ],
    ids=[
        "short-flat-terse",
        "keyed",
        "two-points",
        "five-points",
        "sub-points",
        "one-point",
        "wordy",
        "long-notes",
        "form-list-refuses",
        "form-cards-forces-wordy",
        "form-cards-forces-long-notes",
        "not-two-in-a-row",
        "two-in-a-row-when-asked",
        "form-cards-on-five-stays-a-list",
    ],
)
def test_the_form_is_chosen_as_documented(tmp_path, slides, expected):
    prs = build(_deck(tmp_path, *slides))
    assert _layouts(prs) == expected


def test_cards_asked_for_five_points_say_why_they_are_a_list(tmp_path):
    checked = run("check", str(_deck(tmp_path, f"{FIVE}; form: cards")))
    assert checked.exit_code == 0, checked.output
    assert "shown as a list: cards hold 2-4 points without sub-points" in checked.output


@pytest.mark.parametrize(
    ("text", "key", "rest"),
    [
        ("**승자독식**: 소수가 지배", "승자독식", "소수가 지배"),
        ("**굵게** 이어지는 말", "굵게", "이어지는 말"),
        ("AI 칩: NVIDIA", "AI 칩", "NVIDIA"),
        ("10-20% 개선이 아니라", "10-20%", "개선이 아니라"),
        ("$4B 투자", "$4B", "투자"),
        ("2,000억 달러", "2,000억", "달러"),
        ("특정 분야에 집중한 서비스", None, None),
        ("세부 영역마다 아주 소수의 기업이 지배한다: 승자독식", None, None),
        ("**전부 굵게**", None, None),
        ("CRM 10-20% 개선", None, None),
    ],
    ids=[
        "bold-then-colon",
        "bold-then-words",
        "colon",
        "range-percent",
        "currency",
        "korean-unit",
        "no-key",
        "head-too-long",
        "all-bold",
        "number-not-leading",
    ],
)
def test_a_points_key_term_follows_the_documented_rule(text, key, rest):
    found = split(text)
    if key is None:
        assert found is None
        return
    assert found is not None
    assert (found.key, found.rest, found.joined()) == (key, rest, text)


def _cards(prs, number: int = 2):
    """Return the key and point placeholders of slide `number`, left to right."""
    slide = prs.slides[number - 1]
    keys = [s for s in slide.shapes if s.name.startswith("Key ")]
    points = [s for s in slide.shapes if s.name.startswith("Point ")]
    return keys, points


@pytest.mark.parametrize("size", ["16:9", "4:3"])
@pytest.mark.parametrize("base", ["own", "template"])
def test_cards_text_sits_in_placeholders_and_inherits_its_look(tmp_path, size, base):
    theme = ""
    if base == "template":
        make_template(
            tmp_path / "company.pptx", **({"width": 10, "height": 7.5} if size == "4:3" else {})
        )
        theme = "  template: company.pptx\n"
    prs = build(_deck(tmp_path, f"{KEYED}; notes: 카드의 노트.", size=size, theme=theme))
    assert_on_slide(prs)
    assert _layouts(prs) == ["3 Cards"]
    keys, points = _cards(prs)
    assert [k.text_frame.text for k in keys] == ["환각", "통합", "3배"]
    assert [p.text_frame.text.replace("\xa0", " ") for p in points] == [
        "제어 수단이 없음",
        "기존 데이터와 잇기",
        "늘어난 비용",
    ]
    slide = prs.slides[1]
    texts = [s for s in slide.shapes if s.has_text_frame and s.text_frame.text.strip()]
    assert all(s.is_placeholder for s in texts)  # every text, the title and number too
    layout = {s.name: s for s in slide.slide_layout.placeholders}
    for shape in (*keys, *points):
        # Its place is the layout's: the slide states no position of its own.
        assert shape._element.spPr.find("{*}xfrm") is None, shape.name
        assert shape.placeholder_format.idx in {p.placeholder_format.idx for p in layout.values()}
        for para in shape.text_frame.paragraphs:
            for r in para.runs:  # runs state no size, colour or weight: the layout holds them
                rpr = r._r.find("{*}rPr")
                assert rpr.get("sz") is None and rpr.get("b") is None, shape.name
                assert rpr.find("{*}solidFill") is None, shape.name
    key_looks = [look(k, k.text_frame.paragraphs[0]) for k in keys]
    assert {(k.size, k.bold) for k in key_looks} == {(40.0, True)}
    accent = ACCENT2 if base == "template" else "E4572E"
    assert {k.color for k in key_looks} == {accent}
    # The keys on one baseline: the same box, set at its foot.
    assert len({(k.top, k.height) for k in keys}) == 1
    assert len({(p.top, p.height) for p in points}) == 1
    assert min(p.top for p in points) >= max(k.top + k.height for k in keys)
    assert slide.notes_slide.notes_text_frame.text == "카드의 노트."


def test_a_form_that_is_not_one_of_cards_or_list_is_refused_where_it_stands(tmp_path):
    deck = _deck(tmp_path, f"{TERSE}; form: grid")
    checked = run("check", str(deck))
    assert checked.exit_code == 1
    assert (
        f"{deck}:12:15: sections[0].slides[0].form: 'grid' is not one of cards, list"
        in checked.output
    )
