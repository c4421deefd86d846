"""What the random edits of test_pull_property.py found, one case each: the guard after a pull,
and pull's writing of table cells and the cover's date."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import run
from pptx import Presentation


@pytest.fixture
def built(tmp_path, every_type_built) -> Path:
    """Return the every-type deck, built (a copy of one build: the test's own)."""
    return every_type_built(tmp_path)


def _typed(out: Path, slide: int, old: str, new: str) -> None:
    """Type `new` over `old` in the run of slide `slide` (from 1) that holds it, a cell's too."""
    prs = Presentation(str(out))
    frames = []
    for shape in prs.slides[slide - 1].shapes:
        if shape.has_text_frame:
            frames.append(shape.text_frame)
        elif getattr(shape, "has_table", False) and shape.has_table:
            frames += [cell.text_frame for row in shape.table.rows for cell in row.cells]
    for frame in frames:
        for para in frame.paragraphs:
            for r in para.runs:
                if old in r.text:
                    r.text = r.text.replace(old, new)
                    prs.save(str(out))
                    return
    raise AssertionError(f"no run holds {old!r} on slide {slide}")


def test_after_pull_the_outline_edited_elsewhere_builds(built):
    # The loop: a title fixed in the .pptx, the subtitle in deck.yaml; pull, build.
    out = built.parent / "out" / "deck.pptx"
    _typed(out, 3, "글머리표", "새 제목")
    assert run("pull", "--deck", str(built)).exit_code == 0
    built.write_text(
        built.read_text(encoding="utf-8").replace("A test deck", "Another deck"), encoding="utf-8"
    )
    done = run("build", str(built))
    assert done.exit_code == 0, done.output
    texts = [s.text_frame.text for sl in Presentation(str(out)).slides for s in sl.shapes
             if s.has_text_frame]  # fmt: skip
    assert "새 제목" in texts and "Another deck" in texts


def test_without_pull_the_outline_edited_elsewhere_is_still_refused(built):
    out = built.parent / "out" / "deck.pptx"
    _typed(out, 3, "글머리표", "새 제목")
    data = out.read_bytes()
    built.write_text(
        built.read_text(encoding="utf-8").replace("A test deck", "Another deck"), encoding="utf-8"
    )
    done = run("build", str(built))
    assert done.exit_code == 1
    assert "edited since deckgen wrote it" in done.output
    assert out.read_bytes() == data


def test_a_value_shown_twice_edited_in_one_place_builds_after_pull(built):
    # The author is on the cover and on the closing slide: edited on the closing one only.
    out = built.parent / "out" / "deck.pptx"
    _typed(out, 18, "테스터", "발표자")
    assert run("pull", "--deck", str(built)).exit_code == 0
    assert "author: 발표자" in built.read_text(encoding="utf-8")
    done = run("build", str(built))
    assert done.exit_code == 0, done.output


def test_a_straight_quote_typed_in_the_pptx_builds_after_pull(built):
    # deckgen sets typographic quotes: the rebuilt title shows it’s for it's.
    out = built.parent / "out" / "deck.pptx"
    _typed(out, 3, "글머리표", "it's")
    assert run("pull", "--deck", str(built)).exit_code == 0
    done = run("build", str(built))
    assert done.exit_code == 0, done.output


def test_a_tables_number_typed_over_with_words_comes_back(built):
    out = built.parent / "out" / "deck.pptx"
    _typed(out, 17, "20.5", "약 20")
    done = run("pull", "--deck", str(built))
    assert done.exit_code == 0, done.output
    assert "            - [운영 비용, 약 20, 보통]" in built.read_text(encoding="utf-8")


def test_markup_typed_in_a_table_cell_comes_back_as_text(built):
    out = built.parent / "out" / "deck.pptx"
    _typed(out, 17, "보통", "[보통](x)")
    done = run("pull", "--deck", str(built))
    assert done.exit_code == 0, done.output
    rebuilt = run("build", str(built))
    assert rebuilt.exit_code == 0, rebuilt.output  # not read back as a link to "x"


def test_markup_typed_in_the_date_comes_back_as_text(built):
    out = built.parent / "out" / "deck.pptx"
    _typed(out, 18, "2025-01-15", "2025-01-15 **별**")
    assert run("pull", "--deck", str(built)).exit_code == 0
    assert run("build", str(built)).exit_code == 0
    texts = [s.text_frame.text for s in Presentation(str(out)).slides[17].shapes
             if s.has_text_frame]  # fmt: skip
    assert "2025-01-15 **별**" in texts


def test_pulling_again_before_the_build_is_no_conflict(built):
    out = built.parent / "out" / "deck.pptx"
    _typed(out, 3, "글머리표", "새 제목")
    assert run("pull", "--deck", str(built)).exit_code == 0
    before = built.read_bytes()
    again = run("pull", "--deck", str(built))
    assert again.exit_code == 0, again.output
    assert "No text edited" in again.output
    assert built.read_bytes() == before
