"""The warm office: exports only the slides asked for, starts again when LibreOffice dies, and
leaves no process or file behind when closed."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from deckgen.commands import build
from deckgen.export import office, pages
from helpers import require, write_deck

DECK = """
title: 사무실
sections:
  - title: 하나
    slides:
      - {type: statement, text: 첫째}
      - {type: statement, text: 둘째}
      - {type: statement, text: 셋째}
"""


@pytest.fixture
def warm(tmp_path):
    require(bool(shutil.which("soffice")), "needs LibreOffice (soffice)")
    require(bool(shutil.which("pdftotext")), "needs poppler-utils (pdftotext)")
    require(office.uno_python() is not None, "needs a Python with LibreOffice's uno (python3-uno)")
    started = office.start()
    assert isinstance(started, office.WarmOffice)
    try:
        yield started
    finally:
        started.close()


def text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def group_alive(pid: int) -> bool:
    try:
        os.killpg(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_warm_office_exports_the_slides_asked_for_and_survives_a_crash(warm, tmp_path):
    built = build.build(write_deck(tmp_path, DECK))
    assert built.slides == 5  # the title, the section's divider, 첫째, 둘째, 셋째
    exported = list(warm.export(built.output, [[5], [3, 4]], tmp_path))
    assert [numbers for _pdf, numbers in exported] == [[5], [3, 4]]
    assert pages.page_count(exported[0][0]) == 1
    assert "셋째" in text(exported[0][0])
    assert "첫째" not in text(exported[0][0])
    assert pages.page_count(exported[1][0]) == 2
    # LibreOffice dies: the next request starts it again and still answers.
    first = warm._office
    assert first is not None
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    again = list(warm.export(built.output, [[4]], tmp_path))
    assert "둘째" in text(again[0][0])
    assert warm._office is not first


def test_closing_the_office_ends_its_processes_and_deletes_its_files(warm, tmp_path):
    pptx = build.build(write_deck(tmp_path, DECK)).output
    list(warm.export(pptx, [[1]], tmp_path))  # LibreOffice started and answered
    folder = warm._work
    pipe = Path(f"/tmp/OSL_PIPE_{os.getuid()}_{warm._pipe}")
    groups = [p.pid for p in (warm._office, warm._bridge) if p is not None]
    assert folder.is_dir()
    assert pipe.exists()
    os.killpg(groups[0], signal.SIGKILL)  # even a LibreOffice that was killed leaves nothing
    warm.close()
    assert not folder.exists()
    assert not pipe.exists()
    assert not [pid for pid in groups if group_alive(pid)]


def test_start_without_libreoffice_says_how_to_install_it(monkeypatch):
    from deckgen.errors import DeckgenError

    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(DeckgenError, match="LibreOffice's `soffice` is not on PATH"):
        office.start()


def test_page_ranges_are_written_as_libreoffice_takes_them():
    assert office._page_range([7, 1, 2, 3, 9, 10]) == "1-3,7,9-10"
    assert office._page_range([4]) == "4"


def test_a_deck_naming_a_face_the_office_does_not_map_starts_it_again(warm, tmp_path):
    """The warm office renders as `deckgen pdf` does: its fontconfig maps the deck's faces."""
    pptx = build.build(write_deck(tmp_path, DECK)).output
    list(warm.export(pptx, [[1]], tmp_path))
    first = warm._office
    list(warm.export(pptx, [[2]], tmp_path))
    assert warm._office is first  # the same faces: the same office
    themed = DECK.replace("title: 사무실\n", "title: 사무실\ntheme:\n  fonts: {latin: Gill Sans}\n")
    other = build.build(write_deck(tmp_path, themed, "themed.yaml")).output
    exported = list(warm.export(other, [[3]], tmp_path))
    assert warm._office is not first
    assert "Gill Sans" in (warm._work / "fonts.conf").read_text(encoding="utf-8")
    assert "첫째" in text(exported[0][0])
