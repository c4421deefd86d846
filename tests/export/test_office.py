"""The warm office: exports only the slides asked for, starts again when LibreOffice dies, and
leaves no process or file behind when closed."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from deckgen import procs
from deckgen.commands import build
from deckgen.errors import DeckgenError
from deckgen.export import fontconfig, office, pages
from helpers import FakeOffice, require, running, write_deck

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


@pytest.mark.slow
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


@pytest.mark.slow
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


@pytest.mark.slow
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


# --- a LibreOffice that hangs (a stand-in: no LibreOffice needed) -----------------------------


@pytest.fixture
def quick_limits(monkeypatch):
    """Make a live render's bound 1 s plus 0.1 s a slide (20 s plus 1 s a slide otherwise)."""
    monkeypatch.setattr(procs, "LIVE_START", 1.0)
    monkeypatch.setattr(procs, "LIVE_PER_SLIDE", 0.1)


@pytest.mark.slow
def test_a_hung_office_is_killed_and_started_again_within_its_bound(
    tmp_path, monkeypatch, quick_limits
):
    fake = FakeOffice(tmp_path / "fake", "hang", monkeypatch)
    pptx = build.build(write_deck(tmp_path, DECK)).output  # 5 slides: the bound is 1.6 s
    warm = office.start(fontconfig.deck_faces(pptx))  # as serve starts it
    try:
        assert isinstance(warm, office.WarmOffice)
        start = time.monotonic()
        with pytest.raises(DeckgenError) as caught:
            list(warm.export(pptx, [[3]], tmp_path))
        took = time.monotonic() - start
        print(f"gave up after {took:.1f} s")
        assert str(caught.value) == (
            f"{pptx}: LibreOffice stopped answering (no answer within 1.6 s); it was stopped "
            "and starts again for the next save"
        )
        assert took < 30  # asked twice, 1.6 s each, and killed (a generous bound: a busy box)
        hung = fake.pids("soffice")[:2] + fake.pids("bridge")[:2]
        assert len(hung) == 4
        assert not [pid for pid in hung if running(pid)]  # both hung offices killed
        assert len(fake.pids("soffice")) == 3  # and a fresh one started for the next save
    finally:
        warm.close()
    assert not [pid for pid in fake.pids("soffice") + fake.pids("bridge") if running(pid)]


@pytest.mark.slow
def test_an_office_that_hung_once_answers_after_its_restart_and_says_so(
    tmp_path, monkeypatch, quick_limits
):
    FakeOffice(tmp_path / "fake", "hang-once", monkeypatch)
    pptx = build.build(write_deck(tmp_path, DECK)).output
    warm = office.start()
    try:
        exported = list(warm.export(pptx, [[3], [4, 5]], tmp_path))
        assert [numbers for _pdf, numbers in exported] == [[3], [4, 5]]
        assert pages.page_count(exported[1][0]) == 2
        assert warm.restarted == (
            "LibreOffice stopped answering (no answer within 1.8 s): it was started again"
        )
        list(warm.export(pptx, [[1]], tmp_path))
        assert warm.restarted == ""  # the next export went through at once
    finally:
        warm.close()


@pytest.mark.parametrize(
    ("slides", "seconds"),
    [(0, 20.0), (6, 26.0), (62, 82.0), (10_000, 300.0)],
    ids=["nothing", "first-group", "talk", "huge"],
)
def test_a_live_render_bound_grows_with_its_slides_up_to_the_timeout(slides, seconds):
    assert procs.render_limit(slides) == seconds
