"""`deckgen build` never overwrites an edit: a .pptx edited since deckgen wrote it, or one deckgen
did not write, is refused with the slides that changed and the ways on; `--force` keeps it beside
the new deck first; an unedited deck is rebuilt as always."""

from __future__ import annotations

import re
import textwrap
import zipfile
from pathlib import Path

import pytest

from helpers import run, run_python, write_deck
from pptx import Presentation

DECK = """
title: 편집
sections:
  - title: 하나
    slides:
      - type: bullets
        title: 첫 슬라이드
        form: list
        bullets: [첫째, 둘째]
        notes: 처음 노트
      - type: bullets
        title: 둘째 슬라이드
        bullets: [셋째]
      - type: statement
        text: 한 문장
        notes: 문장 노트
"""
REFUSED = (
    "out/deck.pptx: edited since deckgen wrote it: {changes}; not replaced",
    "To bring the edits into deck.yaml: deckgen pull out/deck.pptx",
    "To build anyway: deckgen build --force keeps it as "
    "out/deck.edited-<date>-<time>.pptx, then writes the new deck",
)
KEPT = re.compile(r"out/deck\.edited-\d{8}-\d{6}(-\d+)?\.pptx")


@pytest.fixture
def built(tmp_path, monkeypatch) -> Path:
    """Return out/deck.pptx of DECK, built in the working folder."""
    monkeypatch.chdir(tmp_path)
    write_deck(tmp_path, DECK)
    assert run("build").exit_code == 0
    return tmp_path / "out" / "deck.pptx"


def edit(pptx: Path) -> bytes:
    """Edit a bullet (slide 3), a title (slide 4) and notes (slide 5) as PowerPoint would save
    them; return the edited file's bytes. Slides 1 and 2 are the title and the divider."""
    prs = Presentation(str(pptx))
    body = next(s for s in prs.slides[2].placeholders if s.placeholder_format.idx == 1)
    body.text_frame.paragraphs[1].runs[0].text = "둘째, 고침"
    prs.slides[3].shapes.title.text_frame.text = "고친 제목"
    prs.slides[4].notes_slide.notes_text_frame.text = "고친 노트"
    prs.save(str(pptx))
    return pptx.read_bytes()


def test_a_rebuild_refuses_an_edited_deck_and_leaves_it_untouched(built):
    edited = edit(built)
    write_deck(built.parent.parent, DECK.replace("한 문장", "두 문장"))
    result = run("build")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        REFUSED[0].format(changes="3 text changes, on slides 3, 4 and 5"),
        *REFUSED[1:],
    ]
    assert built.read_bytes() == edited
    assert sorted(p.name for p in built.parent.iterdir() if not p.name.startswith(".")) == [
        "deck.pptx"
    ]


def test_force_keeps_the_edited_deck_beside_then_writes(built):
    edited = edit(built)
    result = run("build", "--force")
    assert result.exit_code == 0, result.output
    kept = KEPT.fullmatch(result.stderr.strip().removeprefix("Kept the .pptx it replaced as "))
    assert kept, result.stderr
    assert Path(kept.group()).read_bytes() == edited
    assert Presentation(str(built)).slides[3].shapes.title.text_frame.text == "둘째 슬라이드"
    # The new deck is deckgen's own again: the next build replaces it.
    assert run("build").exit_code == 0


def test_force_never_overwrites_a_kept_deck(built):
    copies = []
    for _ in range(3):  # within the same second, most likely: numbered names
        copies.append(edit(built))
        result = run("build", "--force")
        assert result.exit_code == 0, result.output
    kept = sorted(built.parent.glob("deck.edited-*.pptx"))
    assert len(kept) == 3
    assert sorted(p.read_bytes() for p in kept) == sorted(copies)


def test_a_rebuild_of_an_unedited_deck_writes_the_same_bytes(built):
    before = built.read_bytes()
    result = run("build")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert built.read_bytes() == before


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"my own slides", "is not a .pptx that deckgen can read"),
        (None, "has no mark"),
    ],
    ids=["not-a-pptx", "a-powerpoint-deck"],
)
def test_a_file_deckgen_did_not_write_is_refused(tmp_path, monkeypatch, data, reason):
    monkeypatch.chdir(tmp_path)
    write_deck(tmp_path, DECK)
    out = tmp_path / "out" / "deck.pptx"
    out.parent.mkdir()
    if data is None:
        Presentation().save(str(out))
    else:
        out.write_bytes(data)
    before = out.read_bytes()
    result = run("build")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"out/deck.pptx: {reason}: deckgen did not write it, or an earlier deckgen did and "
        "another program saved it since; not replaced",
        "To build anyway: deckgen build --force keeps it as out/deck.edited-<date>-<time>.pptx, "
        "then writes the new deck; or write elsewhere with -o",
    ]
    assert out.read_bytes() == before
    assert run("build", "--force").exit_code == 0
    assert [p.read_bytes() for p in out.parent.glob("deck.edited-*.pptx")] == [before]


def test_a_deck_of_a_deckgen_that_left_no_mark_is_replaced(built):
    old = built.with_name("old.pptx")
    with zipfile.ZipFile(built) as source, zipfile.ZipFile(old, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "_rels/.rels":
                data = re.sub(rb"<Relationship [^>]*custom-properties[^>]*/>", b"", data)
            if info.filename != "docProps/custom.xml":
                target.writestr(info, data)
    old.replace(built)
    result = run("build")
    assert result.exit_code == 0, result.output
    assert list(built.parent.glob("deck.edited-*")) == []


@pytest.mark.parametrize("command", ["pdf", "preview"], ids=["pdf", "preview"])
def test_pdf_and_preview_refuse_an_edited_deck_too(built, command):
    edited = edit(built)
    result = run(command)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == REFUSED[0].format(
        changes="3 text changes, on slides 3, 4 and 5"
    )
    assert built.read_bytes() == edited
    assert not (built.parent / "preview").exists()
    assert not built.with_suffix(".pdf").exists()


def test_a_cached_rebuild_checks_the_deck_without_python_pptx(built, tmp_path):
    # Every part written again, as an office saves (here: a line feed more at the end of each):
    # the check reads the slides' XML, not only the zip's directory.
    resaved = built.with_name("resaved.pptx")
    with zipfile.ZipFile(built) as source, zipfile.ZipFile(resaved, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info.filename, data + b"\n" if info.filename.endswith(".xml") else data)
    resaved.replace(built)
    code = """
        import sys
        from pathlib import Path
        from deckgen.commands import build
        result = build.build(Path("deck.yaml"))
        print(result.drawn, result.kept, "pptx" in sys.modules, "deckgen.pptx.mark" in sys.modules)
    """
    done = run_python("-c", textwrap.dedent(code), cwd=tmp_path)
    assert done.stdout.split() == ["0", "None", "False", "True"], done.stderr


def test_a_deck_saved_while_it_is_built_is_not_replaced(built, monkeypatch):
    from deckgen.commands import build
    from deckgen.errors import DeckgenError
    from deckgen.pptx import writer

    write = writer.write
    saved = {}

    def write_then_save(*args, **kwargs):  # PowerPoint saves while the slides are written
        data = write(*args, **kwargs)
        saved["bytes"] = edit(built)
        return data

    monkeypatch.setattr(writer, "write", write_then_save)
    with pytest.raises(DeckgenError, match=r"edited since deckgen wrote it: 3 text changes"):
        build.build(Path("deck.yaml"))
    assert built.read_bytes() == saved["bytes"]
