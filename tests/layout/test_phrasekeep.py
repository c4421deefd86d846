"""Words held together in body text: no widow, no separator ending a line, names whole."""

from __future__ import annotations

import pytest

from deckgen.layout import fit
from deckgen.layout.phrasekeep import WIDOW_SHARE, kept, kept_para
from deckgen.layout.shapes import Para
from deckgen.outline.markup import Run

NBSP = "\u00a0"
COLUMN = 4.173
"""The width of a column of the talk at 16:9, in inches."""


def _hardware_box() -> float:
    """Return a width in which "WWW +" fits on a line and "+ 하드웨어" just does too."""
    return (fit.width_pt("+ 하드웨어", 20, True) + 2) / 72


@pytest.mark.parametrize(
    ("text", "size", "width", "bold", "before", "after"),
    [
        (
            "영상 생성, 이미지 편집 등 특화 모델 포함",
            20,
            COLUMN,
            False,
            ["영상 생성, 이미지 편집 등 특화 모델", "포함"],
            ["영상 생성, 이미지 편집 등", "특화 모델 포함"],
        ),
        (
            "아직 AI 핵심 산업이라 부르기 어려운 산업군",
            20,
            COLUMN,
            False,
            ["아직 AI 핵심 산업이라 부르기 어려운", "산업군"],
            ["아직 AI 핵심 산업이라", "부르기 어려운 산업군"],
        ),
        (
            "Bullets beside a figure are its takeaways",
            20,
            COLUMN,
            False,
            ["Bullets beside a figure are its", "takeaways"],
            ["Bullets beside a figure are", "its takeaways"],
        ),
        (
            "투자에 걸맞은 매출이 필요",
            20,
            2.96,
            False,
            ["투자에 걸맞은 매출이", "필요"],
            ["투자에 걸맞은", "매출이 필요"],  # not "투자에 / 걸맞은 매출이 필요": a short line
        ),
        (
            "클라우드: AWS, GCP, Microsoft Azure",
            20,
            COLUMN,
            False,
            ["클라우드: AWS, GCP, Microsoft", "Azure"],
            ["클라우드: AWS, GCP,", "Microsoft Azure"],
        ),
        (
            "WWW + 하드웨어",
            20,
            _hardware_box(),
            True,
            ["WWW +", "하드웨어"],
            ["WWW", "+ 하드웨어"],
        ),
    ],
    ids=[
        "widow-to-a-phrase",
        "widow-korean",
        "widow-english",
        "widow-two-words",
        "name-whole",
        "separator-moves",
    ],
)
def test_words_are_held_together_in_as_many_lines(text, size, width, bold, before, after):
    assert fit.wrap(text, size, width, bold) == before
    lines = fit.wrap(kept(text, size, width, bold), size, width, bold)
    assert [line.replace(NBSP, " ") for line in lines] == after


@pytest.mark.parametrize(
    ("text", "size", "width"),
    [
        ("짧은 한 줄", 20, COLUMN),  # one line: nothing to hold
        ("첫 줄은 이만큼\n둘째 줄", 20, COLUMN),  # lines of a headline, each on its own line
        ("Microsoft Azure", 40, 2.0),  # the name is wider than the line: it has to break
        ("WWW + 하드웨어", 20, (fit.width_pt("WWW +", 20) + 2) / 72),  # "+ 하드웨어" would not fit
    ],
    ids=["one-line", "own-breaks", "name-wider-than-the-line", "no-room-for-the-separator"],
)
def test_text_is_left_alone_where_holding_would_not_fit(text, size, width):
    assert kept(text, size, width) == text


def test_a_held_paragraph_takes_no_more_lines_and_ends_in_no_short_word():
    text = "AI 기반 CRM, 기업 데이터 관리 그리고 고객 서비스 자동화 지원"
    for width in (2.5, 3.0, 3.5, 4.0, 4.5):
        plain = fit.wrap(text, 20, width)
        lines = fit.wrap(kept(text, 20, width), 20, width)
        assert len(lines) == len(plain)
        widest = max(fit.width_pt(line, 20) for line in lines)
        last = lines[-1]
        assert " " in last or NBSP in last or fit.width_pt(last, 20) >= WIDOW_SHARE * widest
        assert not any(line.rstrip()[-1] in "·+→&/" for line in lines)


def test_runs_keep_their_formatting_around_the_held_spaces():
    runs = (Run("클라우드: AWS, GCP, "), Run("Microsoft Azure", highlight=True))
    para = kept_para(Para(runs, 20, "text"), 20, COLUMN, False)
    assert [(r.text, r.highlight) for r in para.runs] == [
        ("클라우드: AWS, GCP, ", False),
        (f"Microsoft{NBSP}Azure", True),
    ]
