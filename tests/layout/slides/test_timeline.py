"""Timelines: every event's date, label and detail measured and stacked, none in another's way."""

from __future__ import annotations

from textwrap import indent

import pytest

from deckgen.layout.grid import Grid
from helpers import assert_on_slide, build, run, write_deck

EVENTS = {
    "talk": [
        ("1994-95", "WWW + 하드웨어", "Google, Amazon 탄생"),
        ("2000년대", "웹 서비스의 확산", "YouTube, Facebook, LinkedIn"),
        ("2010", "아이폰 + 4G", "Instagram, Uber"),
        ("2024", "AI 모델 + 인프라", "NVIDIA 칩·클라우드 위에, 대표 서비스는 아직 없음"),
        ("2025", "에이전트의 해", "모델을 실용적인 에이전트로"),
        ("2026", "변곡점", ""),
        ("2022년 11월", "ChatGPT 공개", "두 달 만에 사용자 1억 명"),
        ("2030", "다음 시대", "아직 모름"),
    ],
    "english": [
        ("Q1 2024", "Discovery and research phase", "Interviews with forty customers"),
        ("Q2 2024", "Prototype", "Internal alpha"),
        ("Q3 2024", "Private beta", "200 design partners"),
        ("Q4 2024", "General availability", "Self-serve signup"),
        ("Q1 2025", "Enterprise tier", "SSO, audit logs, SLAs"),
        ("Q2 2025", "International expansion", "EU and APAC regions"),
        ("Q3 2025", "Marketplace", ""),
        ("Q4 2025", "Today", "1,000 teams"),
    ],
}
INCH = 914400


def timeline_slide(events):
    """Return the YAML mapping (unindented) of a timeline slide of `events` (when, label,
    detail)."""
    lines = []
    for when, label, detail in events:
        extra = f', detail: "{detail}"' if detail else ""
        lines.append(f'  - {{when: "{when}", label: "{label}"{extra}}}\n')
    return f"type: timeline\ntitle: 연표\nsource: 출처 표기\nevents:\n{''.join(lines)}"


def timeline_deck(slide_deck, events, size="16:9", name="deck.yaml"):
    """Return a deck of one timeline slide of `events` (when, label, detail)."""
    return slide_deck(timeline_slide(events), size, name)


def _boxes(slide):
    """Return the dots (ellipses) and the text boxes under the title, in inches."""

    def box(shape):
        return tuple(v / INCH for v in (shape.left, shape.top, shape.width, shape.height))

    dots = [box(s) for s in slide.shapes if s._element.xpath(".//a:prstGeom/@prst") == ["ellipse"]]
    texts = [(s.text_frame.text, box(s)) for s in _events(slide) if s.text_frame.text.strip()]
    return dots, texts


def _events(slide):
    """Return the dates' and the labels' placeholders of a timeline slide, left to right."""
    return [s for s in slide.shapes if s.is_placeholder and s.name.startswith(("Date", "Event"))]


def _sizes(shape) -> list[float]:
    """Return the size of each paragraph's first run, in points: its own, else its layout's."""
    layout = shape.part.slide.slide_layout.placeholders.get(idx=shape.placeholder_format.idx)
    held = layout._element.xpath("./p:txBody/a:lstStyle/a:lvl1pPr/a:defRPr/@sz")
    own = [p.runs[0].font.size for p in shape.text_frame.paragraphs]
    return [size.pt if size is not None else int(held[0]) / 100 for size in own]


@pytest.mark.slow
def test_every_event_is_in_placeholders_of_a_layout_for_its_count(slide_deck):
    for count in (2, 5, 8):
        slide = build(timeline_deck(slide_deck, EVENTS["english"][:count], "16:9")).slides[1]
        assert slide.slide_layout.name == f"Timeline, {count} Events"
        assert len(_events(slide)) == 2 * count
        loose = [s for s in slide.shapes if s.has_text_frame and not s.is_placeholder]
        assert not [s.text_frame.text for s in loose if s.text_frame.text.strip()]


@pytest.mark.parametrize("size", ["16:9", "4:3"])
@pytest.mark.parametrize("words", list(EVENTS))
@pytest.mark.parametrize("count", range(2, 9), ids=lambda n: f"{n}-events")
def test_dates_sit_above_the_line_and_labels_with_details_below(slide_deck, count, words, size):
    events = EVENTS[words][:count]
    deck = timeline_deck(slide_deck, events, size)
    checked = run("check", str(deck))
    assert checked.exit_code == 0, checked.output
    # The only warning a crowded timeline may earn is a word too long for its column at the
    # readable floor (the speaker is told); never text drawn over text or off the slide.
    warnings = [line for line in checked.output.splitlines() if ": warning: " in line]
    assert all("would break inside the word" in w for w in warnings), checked.output
    if count <= 5:
        assert not warnings, checked.output
    dots, texts = _boxes(build(deck).slides[1])
    assert len(dots) == count and len(texts) == 2 * count
    line = dots[0][1] + dots[0][3] / 2
    area = Grid.for_size(size).content
    for (when, label, detail), dot in zip(events, dots, strict=True):
        (date_text, date), (label_text, below) = [
            t for t in texts if abs(t[1][0] + t[1][2] / 2 - (dot[0] + dot[2] / 2)) < 0.01
        ]
        assert date_text == when
        # One text box per event below the line: the detail follows its label however the
        # label wraps, so the two cannot overlap. (Line breaks balance the label's lines.)
        shown = label_text.replace("\v", " ").replace("\u00a0", " ")
        assert shown.split("\n") == [label, detail] if detail else [label]
        assert date[1] + date[3] <= dot[1] < line < dot[1] + dot[3] <= below[1]
        assert area.top - 1e-6 <= date[1] and below[1] + below[3] <= area.bottom + 1e-6


@pytest.mark.parametrize("size", ["16:9", "4:3"])
def test_each_row_is_set_in_one_size(slide_deck, size):
    slide = build(timeline_deck(slide_deck, EVENTS["english"][:6], size)).slides[1]
    line = next(
        s.top + s.height / 2
        for s in slide.shapes
        if s._element.xpath(".//a:prstGeom/@prst") == ["ellipse"]
    )
    dates, labels, details = set(), set(), set()
    for shape in _events(slide):
        if shape.text_frame.text.strip():
            sizes = _sizes(shape)
            if shape.top < line:
                dates.update(sizes)
            else:
                labels.add(sizes[0])
                details.update(sizes[1:])
    assert len(dates) == len(labels) == len(details) == 1, (dates, labels, details)
    assert dates.pop() > labels.pop() > details.pop() >= 12


def test_check_warns_at_the_events_that_cannot_fit(slide_deck):
    long = "아주 긴 설명이 계속 이어지는 문장으로 좁은 열 안에서 몇 줄이나 차지하는지 보려고 " * 3
    events = [(str(2018 + i), f"사건 {i}", long) for i in range(8)]
    deck = timeline_deck(slide_deck, events, "4:3")
    result = run("check", str(deck), "--strict")
    assert result.exit_code == 1
    warnings = [line for line in result.output.splitlines() if ": warning: " in line]
    assert warnings, result.output
    # Each at an event's line in deck.yaml, one line each.
    assert all(
        line.startswith(f"{deck}:") and "sections[0].slides[0].events[" in line for line in warnings
    ), warnings


@pytest.mark.parametrize("size", ["16:9", "4:3"])
def test_a_date_too_long_for_the_slide_is_reported_and_the_events_stay_on_it(slide_deck, size):
    # The line and the labels went under the tallest date, however tall: off the slide, the
    # labels' boxes with a negative height (PowerPoint repairs such a file).
    long = "2023년 1월부터 2024년 12월까지 그리고 그 뒤로도 " * 60
    events = [(long, "시작", "처음"), ("2024", "끝", "")]
    deck = timeline_deck(slide_deck, events, size)
    checked = run("check", str(deck))
    assert checked.exit_code == 0, checked.output
    warnings = [line for line in checked.output.splitlines() if ": warning: " in line]
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith(f"{deck}:12:")
    assert "sections[0].slides[0].events[0].when: " in warnings[0]
    assert "lines in a box that holds" in warnings[0]
    prs = build(deck)  # a sound package: every extent above zero
    assert_on_slide(prs)
    dots, texts = _boxes(prs.slides[1])
    assert len(dots) == 2 and all(top > 0 for _, top, _, _ in dots)
    labels = [box for text, box in texts if text.startswith(("시작", "끝"))]
    assert len(labels) == 2 and all(height > 1 for _, _, _, height in labels)


@pytest.mark.requires("soffice")
@pytest.mark.parametrize("size", ["16:9", "4:3"])
def test_rendered_timeline_lines_never_overlap(tmp_path, size):
    import pymupdf

    # Every timeline as a slide of one deck: one LibreOffice run renders them all (each slide
    # is laid out and drawn on its own page as it would be alone), page 1 + its index.
    cases = [(words, count) for words in EVENTS for count in (2, 4, 6, 8)]
    slides = "".join(
        "      - "
        + indent(timeline_slide(EVENTS[words][:count]).strip("\n"), " " * 8).lstrip()
        + "\n"
        for words, count in cases
    )
    deck = write_deck(
        tmp_path,
        f'title: 연표들\nlang: ko-KR\ntheme: {{size: "{size}"}}\n'
        f"sections:\n  - title: S\n    divider: false\n    slides:\n{slides}",
    )
    result = run("pdf", str(deck))
    assert result.exit_code == 0, result.output
    with pymupdf.open(deck.parent / "out" / "deck.pdf") as document:
        assert len(document) == 1 + len(cases)
        pages = [
            [
                (line["bbox"], "".join(span["text"] for span in line["spans"]))
                for block in document[page].get_text("dict")["blocks"]
                for line in block.get("lines", [])
                if "".join(span["text"] for span in line["spans"]).strip()
            ]
            for page in range(1, 1 + len(cases))
        ]
    for (words, count), lines in zip(cases, pages, strict=True):
        assert any(text.strip() == "연표" for _, text in lines), (words, count)  # its own page
        for i, (one, text) in enumerate(lines):
            for other, words_there in lines[i + 1 :]:
                across = min(one[2], other[2]) - max(one[0], other[0])
                # A line's box spans the face's whole ascent and descent, which reach into
                # the next line's: only more than a third of a line's height is a collision.
                down = min(one[3], other[3]) - max(one[1], other[1])
                least = min(one[3] - one[1], other[3] - other[1]) / 3
                assert across <= 1 or down <= least, (f"{words}{count}", text, words_there)
