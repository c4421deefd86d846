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


@pytest.mark.slow
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


@pytest.mark.slow
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
            ["preview", "--sheet", "deck.yaml"], "the output must end in .png", id="sheet-over-deck"
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


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Return every file under `folder` (links not followed) with its bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


CHART_DECK = """
title: Links
sections:
  - title: S
    slides:
      - type: chart
        title: Sales
        chart: {kind: bar, categories: [a, b], series: [{name: s, values: [1, 2]}]}
"""


@pytest.mark.parametrize(
    ("link", "args", "shown", "instead"),
    [
        pytest.param(
            "out/.cache", ["build"], "out/.cache", ["build", "--no-cache"], id="build-cache"
        ),
        pytest.param(
            "out/charts",
            ["charts"],
            "out/charts",
            ["charts", "-o", "{elsewhere}/charts"],
            id="charts-folder",
        ),
        pytest.param(
            "out/.cache", ["charts"], "out/.cache", ["charts", "--no-cache"], id="charts-cache"
        ),
        pytest.param("out/preview", ["preview"], "out/preview", None, id="preview-folder"),
        pytest.param(
            "out",
            ["build", "-o", "out/deck.pptx"],
            "out",
            ["build", "-o", "{tmp}/link/new.pptx"],  # a link outside the deck's folder: yours
            id="build-o-through-link",
        ),
        pytest.param(
            "out/sub",
            ["build", "-o", "out/sub/../../deck.pptx"],
            "out/sub",
            None,
            id="dotdot-after-link",
        ),
        pytest.param("exports", ["pdf", "-o", "exports/deck.pdf"], "exports", None, id="pdf-o"),
        pytest.param(
            "exports", ["preview", "--sheet", "exports/s.png"], "exports", None, id="sheet"
        ),
        pytest.param(
            "out/deck.pptx",
            ["build"],
            "out/deck.pptx",
            ["build", "-o", "{elsewhere}/new.pptx"],
            id="the-file-a-link",
        ),
        pytest.param("assets", ["init", "."], "assets", None, id="init-assets"),
    ],
)
def test_no_output_goes_through_a_link_out_of_the_deck_folder(
    tmp_path, monkeypatch, link, args, shown, instead
):
    """A deck folder from someone else may hold `out/preview -> ~/Pictures`: preview would
    overwrite and delete pictures there. Refused before anything is written; a path written
    outside the deck's folder on the command line is the user's choice, and is written."""
    deck_dir, elsewhere = tmp_path / "talk", tmp_path / "elsewhere"
    (elsewhere / "sub").mkdir(parents=True)
    for name in ("slide-01.png", "slide-05.png", "contact-sheet.png", "deck.pptx"):
        (elsewhere / name).write_bytes(b"the user's own " + name.encode())
    (elsewhere / ".deckgen-preview.json").write_text('["slide-05.png"]')
    (tmp_path / "link").symlink_to(elsewhere)
    deck_dir.mkdir()
    if args[0] != "init":
        write_deck(deck_dir, CHART_DECK)
    (deck_dir / link).parent.mkdir(parents=True, exist_ok=True)
    target = elsewhere / "deck.pptx" if link.endswith(".pptx") else elsewhere
    (deck_dir / link).symlink_to(target)
    before = _snapshot(elsewhere)
    monkeypatch.chdir(deck_dir)
    result = run(*(args if args[0] == "init" else [args[0], "deck.yaml", *args[1:]]))
    assert result.exit_code == 1, result.output
    line = result.stderr.splitlines()
    assert len(line) == 1, result.stderr
    assert line[0].startswith(f"{shown}: ")
    assert "outside the deck's folder; remove the link" in line[0]
    assert _snapshot(elsewhere) == before
    assert sorted(p.name for p in (elsewhere / "sub").iterdir()) == []
    if instead is not None:
        named = [a.format(elsewhere=elsewhere, tmp=tmp_path) for a in instead]
        done = run(named[0], "deck.yaml", *named[1:])
        assert done.exit_code == 0, done.output


def test_charts_never_writes_over_an_image_the_deck_uses(tmp_path, monkeypatch):
    from PIL import Image

    monkeypatch.chdir(tmp_path)
    Image.new("RGB", (32, 24), "#336699").save(tmp_path / "01-sales.png")
    write_deck(tmp_path, CHART_DECK + "      - {type: image, title: Pic, image: 01-sales.png}\n")
    before = _snapshot(tmp_path)
    result = run("charts", "deck.yaml", "-o", ".")
    assert result.exit_code == 1
    assert result.stderr == "01-sales.png: is a file the deck uses; choose another output path\n"
    assert _snapshot(tmp_path) == before


def test_charts_replaces_only_the_files_it_wrote(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_deck(tmp_path, CHART_DECK)
    folder = tmp_path / "pictures"
    folder.mkdir()
    (folder / "01-sales.png").write_bytes(b"my own picture")
    refused = run("charts", "deck.yaml", "-o", "pictures")
    assert refused.exit_code == 1
    assert refused.stderr == (
        "pictures/01-sales.png: already exists and charts did not write it; choose another "
        "folder with -o, or move the file away\n"
    )
    assert (folder / "01-sales.png").read_bytes() == b"my own picture"
    (folder / "01-sales.png").rename(folder / "mine.png")
    for formats in ("png", "png", "svg", "png,svg"):  # its own files, of any run, it replaces
        done = run("charts", "deck.yaml", "-o", "pictures", "--format", formats)
        assert done.exit_code == 0, done.output
    assert {p.name for p in folder.iterdir()} == {
        "01-sales.png",
        "01-sales.svg",
        "mine.png",
        ".deckgen-charts.json",
    }
    # out/charts of a deckgen that kept no list: its pictures count as charts' own.
    (tmp_path / "out" / "charts").mkdir(parents=True)
    (tmp_path / "out" / "charts" / "01-sales.png").write_bytes(b"an earlier deckgen's")
    assert run("charts", "deck.yaml").exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["--sheet", "out/deck.pptx"], "out/deck.pptx: the output must end in .png", id="pptx"
        ),
        pytest.param(["--sheet", "deck.yaml"], "deck.yaml: the output must end in .png", id="deck"),
    ],
)
def test_the_contact_sheet_must_be_a_png(tmp_path, monkeypatch, args, message):
    """Refused before the build, so LibreOffice is never started."""
    monkeypatch.chdir(tmp_path)
    write_deck(tmp_path, SMALL)
    assert run("build", "deck.yaml").exit_code == 0
    before = _snapshot(tmp_path)
    result = run("preview", "deck.yaml", *args)
    assert result.exit_code == 1
    assert result.stderr == message + "\n"
    assert _snapshot(tmp_path) == before


@pytest.mark.requires("soffice", "pdftoppm")
def test_preview_keeps_an_old_picture_the_deck_now_shows(tmp_path, monkeypatch):
    """slide-09.png, written by an earlier preview of a longer deck, is now one of the deck's
    images: the shorter deck's preview must neither delete it nor count it as its own."""
    from PIL import Image

    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "pictures"
    folder.mkdir()
    Image.new("RGB", (32, 24), "#336699").save(folder / "slide-09.png")
    (folder / ".deckgen-preview.json").write_text('["slide-09.png"]')
    write_deck(tmp_path, IMAGE_DECK.replace("pic.png", "pictures/slide-09.png"))
    before = (folder / "slide-09.png").read_bytes()
    result = run("preview", "deck.yaml", "-o", "pictures")
    assert result.exit_code == 0, result.output
    assert (folder / "slide-09.png").read_bytes() == before
    assert "slide-09.png" not in (folder / ".deckgen-preview.json").read_text()


LONG = "a" * 300


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["build", "deck.yaml", "-o", f"{LONG}.pptx"], id="build"),
        pytest.param(["build", "deck.yaml", "-o", f"{LONG}/deck.pptx"], id="build-folder"),
        pytest.param(["charts", "deck.yaml", "-o", LONG], id="charts"),
        pytest.param(["pdf", "deck.yaml", "-o", f"{LONG}.pdf"], id="pdf"),
        pytest.param(["preview", "deck.yaml", "-o", LONG], id="preview"),
        pytest.param(["preview", "deck.yaml", "--sheet", f"{LONG}.png"], id="sheet"),
        pytest.param(["schema", "-o", f"{LONG}.json"], id="schema"),
        pytest.param(["init", LONG], id="init"),
    ],
)
def test_a_file_name_the_system_refuses_is_one_line(tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    write_deck(tmp_path, CHART_DECK)
    result = run(*args)  # a traceback would raise here
    assert result.exit_code == 1, result.output
    assert result.stderr.endswith(": cannot write here (File name too long)\n")
    assert len(result.stderr.splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.yaml"]


def test_a_file_held_by_another_program_is_named_so(tmp_path, monkeypatch):
    """Windows refuses to replace a file PowerPoint has open; an immutable file is refused the
    same way on Linux, and the message says what to do."""
    monkeypatch.chdir(tmp_path)
    write_deck(tmp_path, SMALL)
    out = tmp_path / "deck.pptx"
    assert run("build", "deck.yaml", "-o", "deck.pptx").exit_code == 0
    before = out.read_bytes()
    write_deck(tmp_path, SMALL.replace("text: one", "text: two"))
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
    assert out.read_bytes() == before
    assert _temps(tmp_path) == []


@pytest.mark.parametrize("links", [True, False], ids=["hard-link", "no-hard-links"])
def test_keep_aside_never_replaces_a_file_and_keeps_every_byte(tmp_path, monkeypatch, links):
    if not links:  # a file system without hard links (FAT, some network shares)

        def refuse(*_args, **_kwargs):
            raise PermissionError(1, "Operation not permitted")

        monkeypatch.setattr(os, "link", refuse)
    edited = tmp_path / "deck.pptx"
    edited.write_bytes(b"an edited deck")
    (tmp_path / "kept-1.pptx").write_bytes(b"kept before")
    kept = files.keep_aside(edited, lambda n: tmp_path / f"kept-{n}.pptx")
    assert kept == tmp_path / "kept-2.pptx"
    assert kept.read_bytes() == b"an edited deck"
    assert (tmp_path / "kept-1.pptx").read_bytes() == b"kept before"
    files.write_atomic(edited, b"the new deck")
    assert kept.read_bytes() == b"an edited deck"
    assert _temps(tmp_path) == []
