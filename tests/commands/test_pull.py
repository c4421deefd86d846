"""`deckgen pull`: text edited in the .pptx comes back into deck.yaml, and only that text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import run, shown_texts
from pptx import Presentation

ROOT = Path(__file__).resolve().parents[2]


def _shape(prs, number: int, text: str):
    """Return the shape of slide `number` (from 1) whose text holds `text`."""
    for shape in prs.slides[number - 1].shapes:
        if shape.has_text_frame and text in shape.text_frame.text:
            return shape
    raise AssertionError(f"no shape with {text!r} on slide {number}")


def _replace(shape, old: str, new: str) -> None:
    """Replace `old` by `new` in the one run of `shape` that holds it, as a user types."""
    for para in shape.text_frame.paragraphs:
        for r in para.runs:
            if old in r.text:
                r.text = r.text.replace(old, new)
                return
    raise AssertionError(f"no run holds {old!r}")


@pytest.fixture
def built(tmp_path, every_type_built) -> Path:
    """Return the every-type deck, built (a copy of one build: the test's own)."""
    return every_type_built(tmp_path)


@pytest.mark.parametrize(
    "office",
    ["python-pptx", pytest.param("libreoffice", marks=pytest.mark.requires("soffice"))],
    ids=["saved-by-python-pptx", "then-saved-by-libreoffice"],
)
def test_edits_of_every_slide_type_come_back_and_the_rebuild_shows_them(built, office):
    out = built.parent / "out" / "deck.pptx"
    before = built.read_text(encoding="utf-8")
    prs = Presentation(str(out))
    _replace(_shape(prs, 3, "글머리표"), "글머리표", "글머리 기호")  # a title
    _replace(_shape(prs, 3, "하위 항목"), "하위 항목", "아래 항목")  # a nested bullet
    _replace(_shape(prs, 3, "출처 표기"), "출처", "자료")  # the source line
    _replace(_shape(prs, 4, "특이점"), "특이점", "특이점의")  # a quote
    _replace(_shape(prs, 4, "샘 알트먼"), "샘", "샘 H.")  # its author
    _replace(_shape(prs, 6, "빅테크"), "빅테크", "대형 기술기업")  # a stat's label
    _replace(_shape(prs, 7, "모바일"), "모바일", "휴대폰")  # a column's heading
    _replace(_shape(prs, 7, "Amazon"), "Amazon", "Amazon.com")  # a column's bullet
    _replace(_shape(prs, 8, "아이폰"), "아이폰", "iPhone")  # a timeline's label
    _replace(_shape(prs, 10, "단위"), "단위", "단위:")  # a caption
    prs.slides[2].notes_slide.notes_text_frame.text = "고친 노트.\n둘째 줄."
    table = next(s for s in prs.slides[16].shapes if getattr(s, "has_table", False) and s.has_table)
    table.table.cell(2, 2).text_frame.paragraphs[0].runs[0].text = "나쁨"
    prs.save(str(out))
    if office == "libreoffice":  # opened in Impress and saved: every part rewritten
        shutil.copy(_resaved(out, built.parent), out)
    edited = shown_texts(out)

    dry = run("pull", "--deck", str(built), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert built.read_text(encoding="utf-8") == before  # --dry-run writes nothing
    assert "+        title: 글머리 기호" in dry.output

    done = run("pull", "--deck", str(built))
    assert done.exit_code == 0, done.output
    after = built.read_text(encoding="utf-8")
    for line in (
        "        title: 글머리 기호",
        "              - 아래 항목",
        "        source: 자료 표기",
        "        quote: 특이점의 근방",
        "        by: 샘 H. 알트먼",
        "        label: 대형 기술기업 AI 투자",
        "          - {heading: 휴대폰, bullets: [Instagram]}",
        "          - {heading: 웹, bullets: [Google, Amazon.com]}",
        "          - {when: 2010, label: iPhone, detail: 4G}",
        '        caption: "단위: 억 달러"',
        "            - [운영 비용, 20.5, 나쁨]",
        "          - 첫째 **굵게**",  # untouched, its markup kept
    ):
        assert line in after.splitlines(), line
    assert "        notes: |\n          고친 노트.\n          둘째 줄.\n" in after
    # Only the edited values changed: every other line as it was.
    # The notes, one line before, are a block of two now.
    assert len(after.splitlines()) == len(before.splitlines()) + 2
    changed = set(after.splitlines()) - set(before.splitlines())
    assert len(changed) == 14, changed  # 11 values, and the notes' block of 3 lines

    rebuilt = run("build", str(built))
    assert rebuilt.exit_code == 0, rebuilt.output  # the edits are in deck.yaml: no refusal
    assert shown_texts(out) == edited


def test_a_value_changed_on_both_sides_is_a_conflict_and_nothing_is_written(built):
    out = built.parent / "out" / "deck.pptx"
    prs = Presentation(str(out))
    _replace(_shape(prs, 3, "글머리표"), "글머리표", "슬라이드에서")
    _replace(_shape(prs, 7, "모바일"), "모바일", "휴대폰")
    prs.save(str(out))
    text = built.read_text(encoding="utf-8").replace("title: 글머리표", "title: 덱에서")
    built.write_text(text, encoding="utf-8")
    done = run("pull", "--deck", str(built))
    assert done.exit_code == 1
    assert "conflict: slide 3: sections[0].slides[0].title" in done.output
    assert "'덱에서'" in done.output and "'슬라이드에서'" in done.output
    assert built.read_text(encoding="utf-8") == text


def test_build_refuses_an_edited_deck_and_names_pull(built):
    out = built.parent / "out" / "deck.pptx"
    prs = Presentation(str(out))
    _replace(_shape(prs, 3, "글머리표"), "글머리표", "새 제목")
    prs.save(str(out))
    data = out.read_bytes()
    done = run("build", str(built))
    assert done.exit_code == 1
    assert f"deckgen pull {out}" in done.output
    assert out.read_bytes() == data


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("python-pptx", "deckgen did not write it"),
        ("another deck", "written from another deck than"),
        ("truncated", "is not a .pptx"),
        ("encrypted", "is not a .pptx"),
        ("not a zip", "is not a .pptx"),
    ],
    ids=["another-programs-deck", "another-decks", "damaged", "encrypted", "not-a-pptx"],
)
def test_a_pptx_that_cannot_be_pulled_from_is_refused_and_the_deck_left_alone(
    built, tmp_path, content, message
):
    from helpers import write_deck

    other = tmp_path / "other" / "other.pptx"
    other.parent.mkdir()
    if content == "python-pptx":
        Presentation().save(str(other))
    elif content == "another deck":
        deck = write_deck(other.parent, "title: 다른 덱\nsections:\n  - title: 가\n    slides:\n"
                          "      - {type: statement, text: 다른 문장}\n")  # fmt: skip
        assert run("build", str(deck), "-o", str(other)).exit_code == 0
    elif content == "truncated":
        data = (built.parent / "out" / "deck.pptx").read_bytes()
        other.write_bytes(data[: len(data) // 2])
    elif content == "encrypted":  # an encrypted .pptx is an OLE compound file, not a zip
        other.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(4096))
    else:
        other.write_bytes(b"not a zip at all")
    before = built.read_bytes()
    done = run("pull", str(other), "--deck", str(built))
    assert done.exit_code == 1
    assert message in done.output
    assert "Traceback" not in done.output
    assert built.read_bytes() == before


def test_an_unedited_deck_pulls_nothing(built):
    before = built.read_bytes()
    done = run("pull", "--deck", str(built))
    assert done.exit_code == 0
    assert "No text edited" in done.output
    assert built.read_bytes() == before


def test_slides_added_in_the_pptx_are_named_as_not_brought_back(built):
    out = built.parent / "out" / "deck.pptx"
    prs = Presentation(str(out))
    extra = prs.slides.add_slide(prs.slide_layouts[0])
    extra.shapes.title.text = "새 슬라이드"
    prs.save(str(out))
    done = run("pull", "--deck", str(built))
    assert done.exit_code == 0, done.output
    assert "not brought back: slide 19 was added in the .pptx" in done.output


def _resaved(pptx: Path, folder: Path) -> Path:
    """Return `pptx` opened and saved again by LibreOffice Impress, which rewrites every part
    (shape names and ids, runs, placeholders' indexes)."""
    import subprocess

    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{folder}/profile",
         "--convert-to", "pptx", "--outdir", str(folder / "resaved"), str(pptx)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    return folder / "resaved" / pptx.name


@pytest.mark.requires("soffice")
def test_the_talk_resaved_by_libreoffice_pulls_nothing_and_its_edits_come_back(tmp_path):
    deck = tmp_path / "deck.yaml"
    shutil.copy(ROOT / "deck.yaml", deck)
    assert run("build", str(deck)).exit_code == 0
    out = tmp_path / "out" / "deck.pptx"
    before = deck.read_bytes()
    done = run("pull", str(_resaved(out, tmp_path)), "--deck", str(deck))
    assert done.exit_code == 0, done.output
    assert "No text edited" in done.output, done.output
    assert deck.read_bytes() == before
    # Edited, then saved by LibreOffice: the edits still find their places.
    prs = Presentation(str(out))
    _replace(_shape(prs, 8, "기반"), "기반", "토대")
    prs.slides[43].notes_slide.notes_text_frame.text = "새 노트"
    prs.save(str(out))
    done = run("pull", str(_resaved(out, tmp_path)), "--deck", str(deck))
    assert done.exit_code == 0, done.output
    text = deck.read_text(encoding="utf-8")
    assert '- "토대: **NVIDIA 반도체 + 클라우드 데이터센터**"' in text
    assert "notes: |\n          새 노트\n" in text
    assert len(text.splitlines()) == len(before.decode().splitlines()) - 2


NATIVE = """
title: 차트
lang: ko-KR
sections:
  - title: 하나
    slides:
      - type: chart
        title: 매출
        chart:
          kind: bar
          render: native
          sort: descending
          categories: [가, 나, 다]   # as written, not as shown
          series:
            - {name: 매출, values: [10, 30, 20]}
"""


@pytest.mark.parametrize(
    "office",
    ["python-pptx", pytest.param("libreoffice", marks=pytest.mark.requires("soffice"))],
    ids=["saved-by-python-pptx", "then-saved-by-libreoffice"],
)
def test_a_native_charts_data_edited_in_its_sheet_comes_back_in_the_decks_order(tmp_path, office):
    from pptx.chart.data import CategoryChartData

    from helpers import write_deck

    deck = write_deck(tmp_path, NATIVE)
    assert run("build", str(deck)).exit_code == 0
    out = tmp_path / "out" / "deck.pptx"
    prs = Presentation(str(out))
    chart = next(s.chart for slide in prs.slides for s in slide.shapes if s.has_chart)
    assert list(chart.plots[0].categories) == ["나", "다", "가"]  # sorted, as shown
    data = CategoryChartData()
    data.categories = ["나", "다", "가"]
    data.add_series("매출", (30, 25, 10))  # 다: 20 -> 25
    chart.replace_data(data)
    prs.save(str(out))
    if office == "libreoffice":
        shutil.copy(_resaved(out, tmp_path), out)
    done = run("pull", "--deck", str(deck))
    assert done.exit_code == 0, done.output
    text = deck.read_text(encoding="utf-8")
    assert "            - {name: 매출, values: [10, 30, 25]}" in text
    assert "categories: [가, 나, 다]   # as written, not as shown" in text
    assert run("build", str(deck)).exit_code == 0  # the guard: the new deck shows the edit


def test_a_list_split_over_two_slides_and_the_covers_occasion_come_back_in_place(tmp_path):
    from helpers import write_deck

    bullets = "\n".join(
        f"          - 분할을 일으키는 꽤 긴 글머리표 문장 번호 {n} 입니다 조금 더 길게"
        for n in range(16)
    )
    deck = write_deck(
        tmp_path,
        "title: 분할\nauthor: 발표자\ndate: 2025-03-01\nevent: 행사\nlang: ko-KR\nsections:\n"
        "  - title: 하나\n    slides:\n      - type: bullets\n        title: 긴 목록\n"
        f"        bullets:\n{bullets}\n",
    )
    assert run("build", str(deck)).exit_code == 0
    out = tmp_path / "out" / "deck.pptx"
    prs = Presentation(str(out))
    assert prs.slides[3].shapes.title.text_frame.text == "긴 목록 (2/2)"
    _replace(_shape(prs, 4, "번호 11 "), "문장 번호 11", "구절 번호 11")
    _replace(_shape(prs, 1, "행사"), "행사", "큰 행사")
    prs.save(str(out))
    done = run("pull", "--deck", str(deck))
    assert done.exit_code == 0, done.output
    lines = deck.read_text(encoding="utf-8").splitlines()
    assert lines[3] == "event: 큰 행사" and lines[2] == "date: 2025-03-01"
    assert lines[22].strip() == "- 분할을 일으키는 꽤 긴 글머리표 구절 번호 11 입니다 조금 더 길게"
    assert sum("구절" in line for line in lines) == 1
    assert run("build", str(deck)).exit_code == 0


def test_emphasis_highlights_and_links_set_in_powerpoint_come_back_as_markup(built):
    from pptx.enum.dml import MSO_THEME_COLOR

    out = built.parent / "out" / "deck.pptx"
    prs = Presentation(str(out))
    body = _shape(prs, 3, "하위 항목").text_frame.paragraphs
    body[0].runs[0].hyperlink.address = "https://example.com/a"  # "첫째 " a link
    body[1].runs[0].font.bold = True  # "둘째" bold
    body[2].runs[0].font.color.theme_color = MSO_THEME_COLOR.ACCENT_2  # a highlight
    prs.save(str(out))
    done = run("pull", "--deck", str(built))
    assert done.exit_code == 0, done.output
    lines = built.read_text(encoding="utf-8").splitlines()
    assert '          - "[첫째](https://example.com/a) **굵게**"' in lines
    assert '          - text: "**둘째**"' in lines
    assert "              - ==하위 항목==" in lines
    # The cover's title, bold by its style, keeps its own emphasis as written.
    assert lines[0] == "title: 모든 슬라이드 **종류**"


def test_points_added_or_deleted_in_powerpoint_change_only_their_list(built):
    out = built.parent / "out" / "deck.pptx"
    before = built.read_text(encoding="utf-8").splitlines()
    prs = Presentation(str(out))
    column = _shape(prs, 7, "Amazon").text_frame
    column.add_paragraph().add_run().text = "Naver"
    body = _shape(prs, 3, "가장 하위").text_frame
    last = body.paragraphs[-1]._p
    last.getparent().remove(last)  # "가장 하위", under "더 하위"
    prs.save(str(out))
    done = run("pull", "--deck", str(built))
    assert done.exit_code == 0, done.output
    after = built.read_text(encoding="utf-8").splitlines()
    assert "          - {heading: 웹, bullets: [Google, Amazon, Naver]}" in after
    assert "              - 더 하위" in after
    assert not any("가장 하위" in line for line in after)
    assert len(after) == len(before) - 1
    assert run("build", str(built)).exit_code == 0


ANCHORED = """
title: 앵커
lang: ko-KR
sections:
  - title: 하나
    slides:
      - {type: statement, title: &same 같은 제목, text: 첫째}
      - {type: statement, title: *same, text: 둘째}
"""


def test_a_value_shared_through_an_anchor_is_reported_not_rewritten(tmp_path):
    from helpers import write_deck

    deck = write_deck(tmp_path, ANCHORED)
    assert run("build", str(deck)).exit_code == 0
    out = tmp_path / "out" / "deck.pptx"
    prs = Presentation(str(out))
    _replace(_shape(prs, 4, "같은 제목"), "같은", "다른")
    _replace(_shape(prs, 4, "둘째"), "둘째", "두 번째")
    prs.save(str(out))
    before = deck.read_text(encoding="utf-8")
    done = run("pull", "--deck", str(deck))
    assert done.exit_code == 0, done.output
    assert "not brought back: sections[0].slides[1].title: shared through the YAML anchor" in (
        done.output
    )
    after = deck.read_text(encoding="utf-8")
    assert after == before.replace("text: 둘째}", "text: 두 번째}")


def test_a_text_moved_in_powerpoint_is_named_as_not_brought_back(built):
    from pptx.util import Emu

    out = built.parent / "out" / "deck.pptx"
    prs = Presentation(str(out))
    title = prs.slides[2].shapes.title
    box = (title.left, title.top, title.width, title.height)
    title.left, title.top, title.width, title.height = Emu(box[0] + 914400), *box[1:]
    prs.save(str(out))
    before = built.read_bytes()
    done = run("pull", "--deck", str(built))
    assert done.exit_code == 0, done.output
    assert (
        "not brought back: slide 3: '글머리표' was moved or resized in the .pptx: positions and "
        "sizes come from the layout" in done.output
    )
    assert built.read_bytes() == before


@pytest.mark.parametrize(
    ("number", "old", "new", "line"),
    [
        (2, "환각", "할루시네이션", '          - "**할루시네이션**: RAG 외에 제어 수단이 없음"'),
        (2, "RAG 외에", "RAG 말고는", '          - "**환각**: RAG 말고는 제어 수단이 없음"'),
        (2, "3배", "4배", '          - "4배: 작년보다 늘어난 비용"'),
        (3, "둘째 짧은", "둘째로 짧은", "        bullets: [하나의 짧은 항목, 둘째로 짧은 항목]"),
    ],
    ids=["a-key-term", "the-rest-of-a-point", "a-leading-number", "a-numbered-cards-text"],
)
def test_a_cards_text_comes_back_into_the_point_it_came_from(tmp_path, number, old, new, line):
    deck = tmp_path / "deck.yaml"
    deck.write_text(
        "title: 카드\nlang: ko-KR\nsections:\n  - title: S\n    divider: false\n    slides:\n"
        "      - type: bullets\n        title: 세 가지 걸림돌\n        bullets:\n"
        '          - "**환각**: RAG 외에 제어 수단이 없음"\n'
        '          - "통합: 기존 데이터와 잇기 어려움"\n'
        '          - "3배: 작년보다 늘어난 비용"\n'
        "      - type: bullets\n        title: 번호 카드\n        form: cards\n"
        "        bullets: [하나의 짧은 항목, 둘째 짧은 항목]\n",
        encoding="utf-8",
    )
    assert run("build", str(deck)).exit_code == 0
    out = tmp_path / "out" / "deck.pptx"
    before = deck.read_text(encoding="utf-8")
    prs = Presentation(str(out))
    assert prs.slides[number - 1].slide_layout.name.endswith("Cards")
    _replace(_shape(prs, number, old), old, new)
    prs.save(str(out))
    edited = shown_texts(out)
    done = run("pull", "--deck", str(deck))
    assert done.exit_code == 0, done.output
    after = deck.read_text(encoding="utf-8")
    assert line in after.splitlines(), after
    assert len(set(after.splitlines()) - set(before.splitlines())) == 1  # that point alone
    assert run("build", str(deck)).exit_code == 0
    assert shown_texts(out) == edited


def test_a_cards_key_and_rest_both_edited_come_back_together(tmp_path):
    deck = tmp_path / "deck.yaml"
    deck.write_text(
        "title: 카드\nlang: ko-KR\nsections:\n  - title: S\n    divider: false\n    slides:\n"
        "      - type: bullets\n        title: 둘\n        bullets:\n"
        "          - {text: '비용: API 비용이 부담'}\n          - '지연: 응답이 느림'\n",
        encoding="utf-8",
    )
    assert run("build", str(deck)).exit_code == 0
    out = tmp_path / "out" / "deck.pptx"
    prs = Presentation(str(out))
    _replace(_shape(prs, 2, "비용"), "비용", "가격")
    _replace(_shape(prs, 2, "API"), "API", "서버")
    prs.save(str(out))
    done = run("pull", "--deck", str(deck))
    assert done.exit_code == 0, done.output
    assert "          - {text: '가격: 서버 비용이 부담'}" in deck.read_text(encoding="utf-8")


HELD = """
title: 붙임
lang: ko-KR
sections:
  - title: 하나
    slides:
      - type: bullets
        title: 긴 글머리
        bullets:
          - 첫 번째 요점은 이렇게 길어서 한 줄에 다 들어가지 않고 다음 줄까지 이어지며 끝은 짧다
"""


def test_words_deckgen_held_together_come_back_with_plain_spaces(tmp_path):
    # deckgen holds a paragraph's short last word to the one before it with a no-break space:
    # an edit elsewhere in the paragraph brings the text back without it.
    deck = tmp_path / "deck.yaml"
    deck.write_text(HELD, encoding="utf-8")
    assert run("build", str(deck)).exit_code == 0
    out = tmp_path / "out" / "deck.pptx"
    prs = Presentation(str(out))
    shape = _shape(prs, 3, "요점")
    assert "끝은\u00a0짧다" in shape.text_frame.text
    assert run("pull", "--deck", str(deck)).stdout.count("\u00a0") == 0
    assert deck.read_text(encoding="utf-8") == HELD  # unedited: nothing comes back
    _replace(shape, "첫 번째", "첫째")
    prs.save(str(out))
    done = run("pull", "--deck", str(deck))
    assert done.exit_code == 0, done.output
    text = deck.read_text(encoding="utf-8")
    assert "\u00a0" not in text
    assert "- 첫째 요점은 이렇게 길어서 한 줄에 다 들어가지 않고" in text
    assert HELD.split("요점은 ")[1] in text
