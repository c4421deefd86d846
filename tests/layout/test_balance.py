"""Headlines in balanced lines, broken only between words, where a phrase ends."""

from __future__ import annotations

import pytest

from deckgen.layout import fit, phrase
from deckgen.layout.balance import balance, balanced_lines, whole_words
from deckgen.layout.grid import Box
from deckgen.layout.shapes import Para, TextShape
from deckgen.outline.markup import Run

STATEMENT = "AI는 세상을 바꿀 겁니다. 2025-26년이 그 변곡점입니다."


def test_a_two_line_headline_splits_near_its_middle():
    greedy = fit.wrap(STATEMENT, 40, 10.5, bold=True)
    lines = balanced_lines(STATEMENT, 40, 10.5, bold=True)
    assert len(greedy) == 2 and lines is not None and len(lines) == 2
    widths = [fit.width_pt(line, 40, bold=True) for line in lines]
    greedy_widths = [fit.width_pt(line, 40, bold=True) for line in greedy]
    # Greedy leaves a short last line; balanced lines differ by far less.
    assert abs(widths[0] - widths[1]) < abs(greedy_widths[0] - greedy_widths[1]) / 2
    assert lines == ["AI는 세상을 바꿀 겁니다.", "2025-26년이 그 변곡점입니다."]


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("짧은 제목", 10.0),  # one line: nothing to balance
        ("첫 줄\n둘째 줄", 2.0),  # the author's own breaks stand
        ("가" * 40, 3.0),  # a word wider than the box: no whole-word breaks exist
    ],
    ids=["one-line", "own-breaks", "overlong-word"],
)
def test_text_that_cannot_be_balanced_is_left_alone(text, width):
    assert balanced_lines(text, 40, width, bold=True) is None


def test_balance_breaks_between_words_and_keeps_the_runs_styles():
    runs = (
        Run("AI는 세상을 바꿀 겁니다. "),
        Run("2025-26년", highlight=True),
        Run("이 그 변곡점입니다."),
    )
    shape = TextShape(Box(1, 1, 10.6, 2), (Para(runs, 40, "primary", bold=True),))
    [para] = balance(shape).paras
    assert para.text == "AI는 세상을 바꿀 겁니다.\n2025-26년이 그 변곡점입니다."
    assert [run.highlight for run in para.runs] == [False, True, False]
    assert para.runs[1].text == "2025-26년"
    assert whole_words(STATEMENT, para.text.split("\n"))


@pytest.mark.parametrize(
    ("text", "size", "width", "bold", "lines"),
    [
        (
            "AI 시대가 온다는 확신은 100%. 관건은 속도입니다.",
            40,
            11.733,
            True,
            ["AI 시대가 온다는 확신은 100%.", "관건은 속도입니다."],
        ),
        (
            "AI가 신흥 산업을 키우고, 신흥 산업이 다시 AI를 키우는 선순환",
            40,
            11.733,
            True,
            ["AI가 신흥 산업을 키우고,", "신흥 산업이 다시 AI를 키우는 선순환"],
        ),
        (
            "2025-26년, AI 산업의 운명이 걸린 시기",
            56,
            11.533,
            True,
            ["2025-26년,", "AI 산업의 운명이 걸린 시기"],
        ),
        (
            "특이점 근방, 이쪽 편인지 저쪽 편인진 아직 잘 모르겠음\u201d",
            40,
            9.067,
            False,
            ["특이점 근방, 이쪽 편인지", "저쪽 편인진 아직 잘 모르겠음\u201d"],
        ),
        (
            "AI 산업의 운명이 걸린 시기",
            40,
            6.0,
            True,
            ["AI 산업의 운명이", "걸린 시기"],
        ),
        (
            "우리는 신흥 산업이 키우는 새로운 시장을 본다",
            40,
            8.0,
            True,
            ["우리는 신흥 산업이", "키우는 새로운 시장을 본다"],
        ),
        (
            "One big sentence, with the key phrase highlighted.",
            40,
            11.733,
            True,
            ["One big sentence,", "with the key phrase highlighted."],
        ),
        (
            "A slide title with the key phrase",
            40,
            6.5,
            True,
            ["A slide title", "with the key phrase"],
        ),
    ],
    ids=[
        "after-a-full-stop",
        "after-a-comma",
        "divider-after-a-comma",
        "quote-not-inside-a-noun-phrase",
        "not-after-a-genitive",
        "not-after-an-adnominal",
        "english-after-a-comma",
        "english-not-after-an-article",
    ],
)
def test_a_headline_breaks_where_a_phrase_ends(text, size, width, bold, lines):
    assert balanced_lines(text, size, width, bold) == lines


def test_punctuation_is_passed_over_where_its_lines_would_not_balance():
    # After "2025-26년," the first line would be a third of the second: the lines balance first.
    lines = balanced_lines("2025-26년, AI 산업의 운명이 걸린 중요한 시기", 40, 9.0, True)
    assert lines is not None and lines[0] != "2025-26년,"
    widths = [fit.width_pt(line, 40, bold=True) for line in lines]
    assert min(widths) >= 0.5 * max(widths)


@pytest.mark.parametrize(
    ("word", "following", "cost"),
    [
        ("100%.", "관건은", phrase.PUNCTUATION),
        ("키우고,", "신흥", phrase.PUNCTUATION),
        ("sentence,", "with", phrase.PUNCTUATION),
        ("바꾸지만", "우리는", phrase.CLAUSE),
        ("확신은", "100%.", phrase.NEUTRAL),
        ("운명이", "걸린", phrase.NEUTRAL),
        ("산업의", "운명이", phrase.MODIFIER),
        ("신흥", "산업이", phrase.MODIFIER),
        ("이쪽", "편인지", phrase.MODIFIER),
        ("기술", "2개는", phrase.MODIFIER),
        ("온다는", "확신은", phrase.MODIFIER),
        ("걸린", "시기", phrase.MODIFIER),
        ("AI", "산업의", phrase.MODIFIER),
        ("the", "key", phrase.MODIFIER),
        ("Microsoft", "Azure", phrase.MODIFIER),
        ("그", "'한계'를", phrase.MODIFIER),
        ("모든", "기업", phrase.MODIFIER),
        ("새로운", "\u201c질문\u201d", phrase.MODIFIER),
        ("+", "하드웨어", phrase.NEVER),
        ("\u00b7", "Claude", phrase.NEVER),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_each_break_is_weighed_by_the_phrase_it_ends(word, following, cost):
    assert phrase.cost(word, following) == cost


def test_a_phrase_the_writer_marked_is_not_broken_where_another_break_will_do():
    # At 4:3 "One big sentence, / with…" does not fit: of the breaks inside "with the key
    # phrase", the one inside the highlighted "key phrase" is the worse.
    runs = (
        Run("One big sentence, with the "),
        Run("key phrase", highlight=True),
        Run(" highlighted."),
    )
    shape = TextShape(Box(1, 1, 8.9, 2), (Para(runs, 40, "primary", bold=True),))
    [para] = balance(shape).paras
    assert para.text == "One big sentence, with the\nkey phrase highlighted."


SENTENCES = "혁신성에는 모두 동의합니다. 이제는 그 \u2018한계\u2019를 고민할 때입니다."


@pytest.mark.parametrize(
    ("most", "lines"),
    [
        (0, ["혁신성에는", "모두 동의합니다. 이제는 그", "\u2018한계\u2019를 고민할 때입니다."]),
        (5, ["혁신성에는", "모두 동의합니다.", "이제는 그 \u2018한계\u2019를", "고민할 때입니다."]),
    ],
    ids=["no-room-for-a-line-more", "a-line-more-keeps-every-phrase"],
)
def test_a_line_more_is_taken_where_the_box_holds_it_and_no_phrase_is_cut(most, lines):
    # At 4:3 a statement in three lines must cut "그 / '한계'" (a determiner from its noun);
    # where the box holds four lines, the four that end each at a phrase are taken.
    assert balanced_lines(SENTENCES, 56, 8.8, True, most=most) == lines


def test_a_line_more_is_not_taken_where_it_would_run_one_sentence_into_the_next():
    # Three lines cut "온다는 / 확신은", four would end no line after "100%.": three it is.
    text = "AI 시대가 온다는 확신은 100%. 관건은 속도입니다."
    lines = balanced_lines(text, 56, 8.6, True, most=5)
    assert lines == ["AI 시대가 온다는", "확신은 100%.", "관건은 속도입니다."]
