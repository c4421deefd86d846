"""Where a build writes: never over its input or into its cache, atomically, with clear errors.

A build killed at any moment leaves the previous .pptx whole, and the next build clears the
temporary files a killed one left. Writing into a file, into a folder that is a file, onto a
read-only or full disk fails with one plain line and exit 1.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from deckgen import files
from helpers import run, run_python, write_deck
from package_check import assert_sound

SMALL = """
title: Output safety
sections:
  - title: S
    slides:
      - {type: statement, text: one}
"""


def _figures_deck(folder: Path, title: str = "Figures") -> Path:
    """Return a deck of six figures, half charts and half diagrams."""
    slides = []
    for i in range(6):
        if i % 2:
            slides.append(
                f"      - {{type: diagram, title: Diagram {i}, diagram: {{kind: steps, "
                "items: [{name: one}, {name: two}, {name: three}]}}"
            )
        else:
            slides.append(
                f"      - {{type: chart, title: Chart {i}, chart: {{kind: bar, categories: "
                f"[a, b, c], series: [{{name: s, values: [{i + 1}, 2, 3]}}]}}}}"
            )
    text = f"title: {title}\nsections:\n  - title: S\n    slides:\n" + "\n".join(slides) + "\n"
    return write_deck(folder, text)


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob(".deckgen-*"))


# --- where the output may go ----------------------------------------------------------------


def test_the_output_cannot_be_the_deck_itself(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    deck = write_deck(tmp_path, SMALL)
    before = deck.read_bytes()
    (tmp_path / "talk.pptx").symlink_to(deck)
    for output in ("deck.yaml", "./deck.yaml", str(deck), "talk.pptx"):
        result = run("build", "deck.yaml", "-o", output)
        assert result.exit_code == 1
        assert result.stderr == (
            f"{Path(output)}: is the deck file itself; choose another output path\n"
        )
    assert deck.read_bytes() == before


def test_the_output_cannot_be_inside_the_cache(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_deck(tmp_path, SMALL)
    monkeypatch.setenv("DECKGEN_CACHE_DIR", str(tmp_path / "cache"))
    result = run("build", "deck.yaml", "-o", "cache/deck.pptx")
    assert result.exit_code == 1
    assert result.stderr == (
        f"cache/deck.pptx: is inside the chart cache ({tmp_path / 'cache'}); choose another path\n"
    )
    assert not (tmp_path / "cache").exists()


def test_the_output_cannot_be_inside_the_default_cache(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DECKGEN_CACHE_DIR", raising=False)
    write_deck(tmp_path, SMALL)
    result = run("build", "deck.yaml", "-o", "out/.cache/deck.pptx")
    assert result.exit_code == 1
    assert result.stderr == (
        f"out/.cache/deck.pptx: is inside the chart cache ({tmp_path / 'out' / '.cache'}); "
        "choose another path\n"
    )


@pytest.mark.parametrize(
    ("output", "message"),
    [
        pytest.param(
            "out", "out: is a folder; give a file name such as out/deck.pptx", id="folder"
        ),
        pytest.param(
            "blocker/deck.pptx",
            "blocker: cannot write here (blocker is a file, not a folder)",
            id="folder-is-a-file",
        ),
        pytest.param(
            "blocker/a/b/deck.pptx",
            "blocker/a/b: cannot write here (blocker is a file, not a folder)",
            id="ancestor-is-a-file",
        ),
        pytest.param("out/deck.ppt", "out/deck.ppt: the output must end in .pptx", id="suffix"),
    ],
)
def test_an_output_that_cannot_be_written_is_refused(tmp_path, monkeypatch, output, message):
    monkeypatch.chdir(tmp_path)
    write_deck(tmp_path, SMALL)
    (tmp_path / "out").mkdir()
    (tmp_path / "blocker").write_text("a file, not a folder\n")
    result = run("build", "deck.yaml", "-o", output)
    assert result.exit_code == 1
    assert result.stderr == message + "\n"
    assert (tmp_path / "blocker").read_text() == "a file, not a folder\n"
    assert list((tmp_path / "out").iterdir()) == []


def test_a_read_only_folder_is_refused(tmp_path, monkeypatch, tmpfs):
    monkeypatch.chdir(tmp_path)
    write_deck(tmp_path, SMALL)
    tmpfs("ro", readonly=True)
    for output, folder in (("ro/deck.pptx", "ro"), ("ro/sub/deck.pptx", "ro/sub")):
        result = run("build", "deck.yaml", "-o", output)
        assert result.exit_code == 1
        assert result.stderr == f"{folder}: cannot write here (Read-only file system)\n"


def test_a_full_disk_keeps_the_previous_file(tmp_path, monkeypatch, tmpfs):
    monkeypatch.chdir(tmp_path)
    write_deck(tmp_path, SMALL)
    disk = tmpfs("disk", size="256k")
    assert run("build", "deck.yaml", "-o", "disk/deck.pptx", "--no-cache").exit_code == 0
    before = (disk / "deck.pptx").read_bytes()
    filler = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        with pytest.raises(OSError, match="No space left"):
            while True:  # take every block that is left
                os.write(filler, b"\0" * 4096)
    finally:
        os.close(filler)
    write_deck(tmp_path, SMALL.replace("text: one", "text: two"))
    result = run("build", "deck.yaml", "-o", "disk/deck.pptx", "--no-cache")
    assert result.exit_code == 1
    assert result.stderr == (
        "disk/deck.pptx: cannot write (the disk is full); the previous file is unchanged\n"
    )
    assert (disk / "deck.pptx").read_bytes() == before
    assert _temps(disk) == []


# --- killed builds --------------------------------------------------------------------------


def _session(pid: int) -> list[int]:
    """Return the processes still alive in the session that process `pid` started."""
    alive = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getsid(int(entry.name)) == pid:
                    alive.append(int(entry.name))
            except ProcessLookupError:
                pass
    return alive


def _start_build(deck: Path, output: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "deckgen", "build", str(deck), "-o", str(output), "--no-cache"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its chart workers share its session: found and ended below
    )


def _kill_session(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def test_a_killed_build_leaves_the_previous_pptx_whole(tmp_path):
    deck = _figures_deck(tmp_path)
    out = tmp_path / "out" / "deck.pptx"
    start = time.monotonic()
    first = _start_build(deck, out)
    assert first.wait(timeout=120) == 0
    whole = time.monotonic() - start
    previous = out.read_bytes()
    assert_sound(previous)
    _figures_deck(tmp_path, title="Changed")  # so a finished build shows as a new file

    # Kill points spread over a whole build: starting, drawing, writing.
    for fraction in (0.02, 0.2, 0.4, 0.6, 0.8, 0.9, 0.97):
        build = _start_build(deck, out)
        try:
            time.sleep(whole * fraction)
            build.send_signal(signal.SIGKILL)
            build.wait(timeout=10)
        finally:
            _kill_session(build.pid)  # orphaned chart workers, if any
        now = out.read_bytes()
        if now != previous:  # the build was done before the kill: a whole new file
            assert_sound(now)

    # A temp file of a dead build goes on the next run; one of a running build stays.
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = out.parent / f".deckgen-{dead.pid}-killed.tmp"
    stale.write_bytes(b"half a deck")
    live = out.parent / f".deckgen-{os.getpid()}-running.tmp"
    live.write_bytes(b"a build still running")
    done = run_python("-m", "deckgen", "build", str(deck), "-o", str(out), "--no-cache")
    assert done.returncode == 0, done.stderr
    assert_sound(out)
    assert _temps(out.parent) == [live.name]


def test_a_killed_build_leaves_no_worker_processes(tmp_path):
    deck = _figures_deck(tmp_path)
    build = _start_build(deck, tmp_path / "deck.pptx")
    try:
        # Wait for the workers to start (the session grows past the build itself).
        deadline = time.monotonic() + 30
        while len(_session(build.pid)) < 2 and build.poll() is None:
            assert time.monotonic() < deadline, "the build started no workers in 30 s"
            time.sleep(0.02)
        if build.poll() is not None:
            pytest.skip("the build drew its figures in one process (a single core?)")
        build.send_signal(signal.SIGKILL)
        build.wait(timeout=10)
        deadline = time.monotonic() + 2
        while _session(build.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _session(build.pid) == []
    finally:
        _kill_session(build.pid)


def test_remove_stale_temps_keeps_other_files(tmp_path):
    dead = subprocess.Popen(["true"])
    dead.wait()
    names = [
        f".deckgen-{dead.pid}-a.tmp",  # a killed build's: removed
        f".deckgen-{os.getpid()}-b.tmp",  # a running build's: kept
        ".deckgen-notapid-c.tmp",  # not ours: kept
        f".deckgen-{dead.pid}-d.pptx",  # not a temp file: kept
        "deck.pptx",
    ]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    files.remove_stale_temps(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names[1:])


# --- never over an input, never into a link, never a file deckgen did not write -----------------

IMAGE_DECK = """
title: Inputs
sections:
  - title: S
    slides:
      - {type: image, title: Picture, image: pic.png}
"""


def _image_deck(folder: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (32, 24), "#336699").save(folder / "pic.png")
    return write_deck(folder, IMAGE_DECK)


@pytest.mark.parametrize(
    ("args", "target", "message"),
    [
        pytest.param(["build", "-o", "pic.pptx"], None, None, id="build-beside-is-fine"),
        pytest.param(["charts", "-o", "."], None, None, id="charts-into-the-deck-folder"),
    ],
)
def test_writing_beside_the_inputs_is_fine(tmp_path, monkeypatch, args, target, message):
    monkeypatch.chdir(tmp_path)
    _image_deck(tmp_path)
    before = (tmp_path / "pic.png").read_bytes()
    assert run(args[0], "deck.yaml", *args[1:]).exit_code == 0
    assert (tmp_path / "pic.png").read_bytes() == before


@pytest.mark.requires("soffice", "pdftoppm")
@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["pdf", "-o", "deck.pdf.yaml"], "the output must end in .pdf", id="pdf-deck"),
        pytest.param(
            ["preview", "--sheet", "deck.yaml"], "is the deck file itself", id="sheet-over-deck"
        ),
        pytest.param(
            ["preview", "--sheet", "pic.png"], "is a file the deck uses", id="sheet-over-image"
        ),
        pytest.param(["preview", "-o", "."], "is a file the deck uses", id="preview-folder"),
    ],
)
def test_no_command_writes_over_the_deck_or_its_files(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    _image_deck(tmp_path)
    (tmp_path / "slide-02.png").write_bytes((tmp_path / "pic.png").read_bytes())
    if args[:2] == ["preview", "-o"]:  # a slide's picture would land on the deck's image
        (tmp_path / "deck.yaml").write_text(
            IMAGE_DECK.replace("pic.png", "slide-02.png"), encoding="utf-8"
        )
    inputs = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    result = run(args[0], "deck.yaml", *args[1:])
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.name in inputs} == inputs


@pytest.mark.requires("soffice", "pdftoppm")
def test_preview_replaces_only_the_pictures_it_wrote(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_deck(tmp_path, SMALL)
    folder = tmp_path / "pictures"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    (folder / "slide-02.png").write_bytes(b"my own picture")
    refused = run("preview", "deck.yaml", "-o", "pictures")
    assert refused.exit_code == 1
    assert "pictures/slide-02.png: already exists and preview did not write it" in refused.stderr
    (folder / "slide-02.png").rename(folder / "slide-09.png")  # a name preview does not use
    assert run("preview", "deck.yaml", "-o", "pictures").exit_code == 0
    ours = {"slide-01.png", "slide-02.png", "slide-03.png", "contact-sheet.png"}
    assert {p.name for p in folder.iterdir()} == ours | {
        "notes.txt",
        "slide-09.png",
        ".deckgen-preview.json",
    }
    # A shorter deck: preview deletes its own stale slide, and nothing else.
    write_deck(tmp_path, SMALL.replace("  - title: S\n", "  - title: S\n    divider: false\n"))
    assert run("preview", "deck.yaml", "-o", "pictures").exit_code == 0
    assert {p.name for p in folder.iterdir()} == {
        "slide-01.png",
        "slide-02.png",
        "contact-sheet.png",
        "notes.txt",
        "slide-09.png",
        ".deckgen-preview.json",
    }
    assert (folder / "slide-09.png").read_bytes() == b"my own picture"


def test_an_out_folder_linked_outside_the_deck_is_refused(tmp_path, monkeypatch):
    deck_dir, elsewhere = tmp_path / "talk", tmp_path / "elsewhere"
    deck_dir.mkdir()
    elsewhere.mkdir()
    write_deck(deck_dir, SMALL)
    (deck_dir / "out").symlink_to(elsewhere, target_is_directory=True)
    monkeypatch.chdir(deck_dir)
    result = run("build", "deck.yaml")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"out: is a link to {elsewhere}, outside the deck's folder")
    assert list(elsewhere.iterdir()) == []
    assert run("build", "deck.yaml", "-o", str(elsewhere / "deck.pptx")).exit_code == 0


def test_a_file_held_by_another_program_is_named_so(tmp_path, monkeypatch):
    """Windows refuses to replace a file PowerPoint has open; an immutable file is refused the
    same way on Linux, and the message says what to do."""
    monkeypatch.chdir(tmp_path)
    write_deck(tmp_path, SMALL)
    out = tmp_path / "deck.pptx"
    out.write_bytes(b"open in PowerPoint")
    if subprocess.run(["chattr", "+i", str(out)], capture_output=True).returncode != 0:
        pytest.skip("cannot make a file immutable here (chattr needs root and ext4)")
    try:
        result = run("build", "deck.yaml", "-o", "deck.pptx")
    finally:
        subprocess.run(["chattr", "-i", str(out)], check=True)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "deck.pptx: cannot be replaced: is it open in another program, such as PowerPoint? "
        "Close it and try again; the previous file is unchanged"
    ]
    assert out.read_bytes() == b"open in PowerPoint"
    assert _temps(tmp_path) == []
