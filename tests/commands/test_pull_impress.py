"""`deckgen pull` of edits made inside LibreOffice Impress, driven through its UNO bridge as a
user would: open the built talk, change a paragraph, a title and a note, store it as .pptx."""

from __future__ import annotations

import json
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import require, run, shown_texts

ROOT = Path(__file__).resolve().parents[2]
BRIDGE_FOLDER = ROOT / "src" / "deckgen" / "export"

EDIT = r"""
import json
import sys

sys.path.insert(0, sys.argv[1])  # deckgen's bridge: how deckgen connects to its LibreOffice
import uno
from unobridge import _props, connect


def text_shapes(page):
    # Each shape of `page` that holds text, a table's cells one by one.
    for k in range(page.Count):
        shape = page.getByIndex(k)
        if shape.ShapeType == "com.sun.star.drawing.TableShape":
            table = shape.Model
            for r in range(table.Rows.Count):
                for c in range(table.Columns.Count):
                    yield "cell", table.getCellByPosition(c, r)
        elif shape.supportsService("com.sun.star.drawing.Text"):
            yield "shape", shape


def typed(page, edit):
    # Select `old` where it first shows and type `new` over it (the selection's look kept).
    for kind, shape in text_shapes(page):
        if kind != edit.get("in", "shape"):
            continue
        at = shape.getString().find(edit["old"])
        if at < 0:
            continue
        cursor = shape.createTextCursor()
        cursor.gotoStart(False)
        cursor.goRight(at, False)
        cursor.goRight(len(edit["old"]), True)
        cursor.setString(edit["new"])
        return
    raise SystemExit(f"no text {edit['old']!r} on slide {edit['slide']}")


def paragraph(page, edit):
    # Give the paragraph that reads `old` the text `new`.
    for _kind, shape in text_shapes(page):
        paragraphs = shape.Text.createEnumeration()
        while paragraphs.hasMoreElements():
            para = paragraphs.nextElement()
            if para.getString() == edit["old"]:
                para.setString(edit["new"])
                return
    raise SystemExit(f"no paragraph {edit['old']!r} on slide {edit['slide']}")


def notes(page, edit):
    notes_page = page.NotesPage
    for k in range(notes_page.Count):
        shape = notes_page.getByIndex(k)
        if shape.ShapeType == "com.sun.star.presentation.NotesShape":
            shape.setString(edit["new"])
            return
    raise SystemExit(f"no notes on slide {edit['slide']}")


def main(pipe, jobs):
    desktop = connect(pipe, 120)
    try:
        for job in jobs:
            url = uno.systemPathToFileUrl(job["pptx"])
            doc = desktop.loadComponentFromURL(url, "_blank", 0, _props(Hidden=True))
            try:
                for edit in job["edits"]:
                    page = doc.DrawPages.getByIndex(edit["slide"] - 1)
                    {"typed": typed, "paragraph": paragraph, "notes": notes}[edit["kind"]](
                        page, edit
                    )
                doc.storeToURL(
                    uno.systemPathToFileUrl(job["out"]),
                    _props(FilterName="Impress MS PowerPoint 2007 XML"),
                )
            finally:
                doc.close(True)
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass  # it ends as it answers


main(sys.argv[2], json.loads(sys.argv[3]))
"""
"""Run by the Python that has LibreOffice's `uno`: for each job, open a deck in the office
listening on the pipe, make its edits and store it as .pptx."""

SECONDS = 300
"""Bound on LibreOffice's starting, opening the talk and storing it, each job: generous, a hang
guard on a shared machine (it takes a few seconds)."""


def _in_impress(folder: Path, jobs: list[dict[str, Any]]) -> None:
    """Make each job's edits in LibreOffice Impress through UNO, storing the deck as .pptx.

    LibreOffice is started as deckgen starts it (`libreoffice.command` and `environment`, its
    own profile, a private pipe) and driven by `EDIT` under the Python that has `uno`.
    """
    from deckgen import procs
    from deckgen.export import libreoffice, office
    from deckgen.export.profile import seed

    python = office.uno_python()
    require(python is not None, "needs a Python with LibreOffice's uno (python3-uno)")
    assert python is not None
    work = folder / "impress"
    work.mkdir()
    seed(work / "profile")
    pipe = f"deckgen-test-{secrets.token_hex(6)}"
    accept = f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"
    started = procs.spawn(
        libreoffice.command(
            work / "profile", "--invisible", "--nodefault", "--nologo", "--nolockcheck", accept
        ),
        env=libreoffice.environment(work),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        done = subprocess.run(
            [python, "-c", EDIT, str(BRIDGE_FOLDER), pipe, json.dumps(jobs)],
            capture_output=True,
            text=True,
            timeout=SECONDS * len(jobs),
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
    finally:
        procs.end(started, 10)


def _changed(before: str, after: str) -> tuple[list[str], list[str]]:
    """Return the lines of deck.yaml taken out and put in, in order."""
    import difflib

    out, put = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            out.append(line[2:])
        elif line.startswith("+ "):
            put.append(line[2:])
    return out, put


THREE = [
    {  # a paragraph of a bullets slide, typed anew
        "kind": "paragraph",
        "slide": 8,
        "old": "PC와 스마트폰이 처음 보급되던 시기와 같은 단계",
        "new": "PC와 스마트폰이 막 퍼지던 때와 같다",
    },
    {"kind": "typed", "slide": 10, "old": "만만치 않다", "new": "뜨겁다"},  # a title
    {"kind": "notes", "slide": 44, "new": "무대에서 고친 노트.\n둘째 줄."},
]
"""The issue's three edits: a bullet of slide 8, the title of slide 10, the notes of slide 44."""

TYPES = [
    {"kind": "typed", "slide": 4, "old": "특이점", "new": "특이점의"},  # a quote
    {"kind": "typed", "slide": 4, "old": "샘 알트먼", "new": "Sam Altman"},  # its author
    {"kind": "typed", "slide": 7, "old": "2000년대", "new": "2000s"},  # a timeline's date
    {"kind": "typed", "slide": 9, "old": "1,500", "new": "1,600"},  # a stat's value
    {"kind": "typed", "slide": 10, "old": "Reuters", "new": "로이터"},  # a source line
    {"kind": "typed", "slide": 13, "old": "모바일", "new": "스마트폰"},  # a column's heading
    {"kind": "typed", "slide": 25, "in": "cell", "old": "오픈소스 모델", "new": "공개 모델"},
]
"""Edits of other slide types: quote, timeline, stat, source, columns, a table's heading cell."""


@pytest.fixture(scope="module")
def impress(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """Return the talk built (its deck.yaml and .pptx), and the .pptx stored by Impress three
    ways: unedited, with the issue's three edits, with edits of other slide types."""
    folder = tmp_path_factory.mktemp("impress")
    deck = folder / "deck.yaml"
    shutil.copy(ROOT / "deck.yaml", deck)
    assert run("build", str(deck)).exit_code == 0
    built = folder / "out" / "deck.pptx"
    stored = {name: folder / f"{name}.pptx" for name in ("unedited", "three", "types")}
    edits = {"unedited": [], "three": THREE, "types": TYPES}
    _in_impress(
        folder,
        [{"pptx": str(built), "out": str(path), "edits": edits[n]} for n, path in stored.items()],
    )
    yield {"deck": deck, "built": built, **stored}


def _fresh(impress: dict[str, Path], tmp_path: Path, stored: str) -> tuple[Path, Path]:
    """Return a copy of the talk's deck.yaml and, as its output, the .pptx Impress `stored`."""
    deck = tmp_path / "deck.yaml"
    shutil.copy(impress["deck"], deck)
    out = tmp_path / "out" / "deck.pptx"
    out.parent.mkdir()
    shutil.copy(impress[stored], out)
    return deck, out


@pytest.mark.requires("soffice")
def test_the_talk_stored_by_impress_unedited_pulls_as_no_change(impress, tmp_path):
    deck, out = _fresh(impress, tmp_path, "unedited")
    before = deck.read_bytes()
    done = run("pull", "--deck", str(deck))
    assert done.exit_code == 0, done.output
    assert "No text edited" in done.output, done.output
    assert "not brought back" not in done.output, done.output
    assert deck.read_bytes() == before
    rebuilt = run("build", str(deck))
    assert rebuilt.exit_code == 0, rebuilt.output  # Impress's save alone edits nothing
    assert not list(out.parent.glob("*.edited-*"))


@pytest.mark.requires("soffice")
def test_a_paragraph_a_title_and_a_note_edited_in_impress_come_back(impress, tmp_path):
    deck, out = _fresh(impress, tmp_path, "three")
    before = deck.read_text(encoding="utf-8")
    edited = shown_texts(out)
    assert "PC와 스마트폰이 막 퍼지던 때와 같다" in edited[7][1]  # Impress stored the edits
    assert edited[9][0] == "VC 시장도 뜨겁다"
    assert edited[43][-1] == "무대에서 고친 노트. 둘째 줄."

    dry = run("pull", "--deck", str(deck), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert deck.read_text(encoding="utf-8") == before  # --dry-run writes nothing
    assert "Would write 3 change(s)" in dry.output, dry.output

    done = run("pull", "--deck", str(deck))
    assert done.exit_code == 0, done.output
    assert "not brought back" not in done.output, done.output
    after = deck.read_text(encoding="utf-8")
    out_lines, in_lines = _changed(before, after)
    assert in_lines == [
        "          - PC와 스마트폰이 막 퍼지던 때와 같다",
        "        title: VC 시장도 뜨겁다",
        "          무대에서 고친 노트.",
        "          둘째 줄.",
    ]
    assert out_lines[:2] == [
        "          - PC와 스마트폰이 처음 보급되던 시기와 같은 단계",
        "        title: VC 시장도 만만치 않다",
    ]
    assert [line.startswith("          ") for line in out_lines[2:]] == [True] * 3  # old notes

    rebuilt = run("build", str(deck))
    assert rebuilt.exit_code == 0, rebuilt.output  # the guard: the edits are in deck.yaml now
    assert not list(out.parent.glob("*.edited-*")), "nothing kept aside: no edit was at risk"
    again = shown_texts(out)
    assert "PC와 스마트폰이 막 퍼지던 때와 같다" in again[7][1]
    assert again[9][0] == "VC 시장도 뜨겁다"
    assert again[43][-1] == "무대에서 고친 노트. 둘째 줄."
    assert run("pull", "--deck", str(deck)).output.startswith("No text edited")


@pytest.mark.requires("soffice")
def test_edits_in_impress_of_other_slide_types_come_back(impress, tmp_path):
    deck, out = _fresh(impress, tmp_path, "types")
    before = deck.read_text(encoding="utf-8")
    done = run("pull", "--deck", str(deck))
    assert done.exit_code == 0, done.output
    assert "not brought back" not in done.output, done.output
    out_lines, in_lines = _changed(before, deck.read_text(encoding="utf-8"))
    assert in_lines == [
        '        quote: "특이점의 근방, 이쪽 편인지 저쪽 편인진 아직 잘 모르겠음"',
        "        by: Sam Altman, 2025년 1월 X(트위터)",
        '          - when: "2000s"',
        "        value: 1,600억 달러 이상",
        '        source: "로이터 2024.9.4 (SSI); World Labs 발표 2024.9.13"',
        "          - heading: 스마트폰",
        '          columns: ["구분", "비공개 모델", "공개 모델"]',
    ]
    assert len(out_lines) == len(in_lines)
    rebuilt = run("build", str(deck))
    assert rebuilt.exit_code == 0, rebuilt.output
    assert shown_texts(out) == shown_texts(impress["types"])
