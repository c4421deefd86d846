"""The chart cache: an edited figure is drawn again, an untouched one never, a damaged entry never
served, and two builds sharing a cache both succeed with the same output."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from deckgen import cache, cli
from deckgen.commands import build
from deckgen.figures import pool
from deckgen.figures.spec import pack
from helpers import is_picture, make_template, run, run_python, write_deck
from pptx import Presentation

TWO_FIGURES = """
title: 캐시
lang: ko-KR
sections:
  - title: 그림
    slides:
      - type: chart
        id: sales
        title: 매출
        chart:
          kind: bar
          categories: [2023, 2024]
          series: [{name: 매출, values: [10, 20]}]
      - type: diagram
        id: steps
        title: 단계
        diagram:
          kind: steps
          items: [{name: 하나}, {name: 둘}]
"""


def cheap_render(spec, fmt="png", dpi=200) -> bytes:
    """Return a tiny PNG that stands for the figure of `spec`: these tests follow which figures
    are drawn, kept and served, not how they look (tests/figures draws them for real)."""
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("figure", spec.key(fmt, dpi))
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), "#" + spec.key(fmt, dpi)[:6]).save(buffer, "PNG", pnginfo=info)
    if fmt == "slide":  # a slide's picture: the PNG and its SVG
        return pack(buffer.getvalue(), b'<svg xmlns="http://www.w3.org/2000/svg"/>')
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def cheap_figures(monkeypatch) -> None:
    """Draw figures with `cheap_render` in this process and its workers (a subprocess draws
    for real)."""
    monkeypatch.setattr(pool, "render", cheap_render)


@pytest.fixture
def deck(tmp_path, monkeypatch) -> Path:
    """Return a deck of one chart and one diagram, its cache in tmp_path/cache."""
    monkeypatch.setenv("DECKGEN_CACHE_DIR", str(tmp_path / "cache"))
    return write_deck(tmp_path, TWO_FIGURES)


def drawn(deck: Path) -> int:
    """Return how many figures a build of `deck` drew."""
    return build.build(deck, deck.parent / "out" / "deck.pptx").drawn


def pictures(pptx: Path) -> list[bytes]:
    """Return the bytes of every picture in `pptx`, in slide order."""
    found = []
    for slide in Presentation(str(pptx)).slides:
        found += [shape.image.blob for shape in slide.shapes if is_picture(shape)]
    return found


def entries(folder: Path) -> list[str]:
    """Return the names of the figures cached in `folder` (a build's: its slides' pictures)."""
    return sorted(p.name for p in folder.glob("*.slide"))


@pytest.mark.parametrize(
    ("old", "new", "again"),
    [
        ("values: [10, 20]", "values: [10, 25]", 1),
        ("kind: bar", "kind: line", 1),
        ("items: [{name: 하나}, {name: 둘}]", "items: [{name: 하나}, {name: 셋}]", 1),
        ("lang: ko-KR", "lang: ko-KR\ntheme: {colors: {primary: '#225522'}}", 2),
        ("title: 단계\n", "title: 단계\n        caption: 크기가 바뀝니다\n", 1),
        ("title: 캐시", "title: 캐시 2", 0),
    ],
    ids=["data", "kind", "diagram-text", "theme", "size", "unrelated-text"],
)
def test_an_edit_redraws_exactly_the_figures_it_touches(deck, old, new, again):
    assert drawn(deck) == 2
    assert drawn(deck) == 0
    deck.write_text(deck.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    assert drawn(deck) == again
    assert drawn(deck) == 0


def test_the_summary_says_how_many_figures_were_drawn(deck):
    out = deck.parent / "out" / "deck.pptx"
    first = run("build", str(deck), "-o", str(out))
    second = run("build", str(deck), "-o", str(out))
    assert "2 figures (2 drawn)" in first.output
    assert "2 figures (0 drawn)" in second.output


def test_deckgen_cache_dir_holds_the_cache(deck, tmp_path):
    drawn(deck)
    assert len(entries(tmp_path / "cache")) == 2
    assert not (tmp_path / "out" / ".cache").exists()


def test_the_default_cache_is_beside_the_output(deck, tmp_path, monkeypatch):
    monkeypatch.delenv("DECKGEN_CACHE_DIR")
    assert drawn(deck) == 2
    assert len(entries(tmp_path / "out" / ".cache")) == 2
    assert drawn(deck) == 0


def test_no_cache_draws_everything_and_leaves_the_cache_alone(deck, tmp_path):
    out = deck.parent / "out" / "deck.pptx"
    assert run("build", str(deck), "-o", str(out)).exit_code == 0
    before = {p: p.read_bytes() for p in (tmp_path / "cache").iterdir()}
    result = run("build", str(deck), "-o", str(out), "--no-cache")
    assert result.exit_code == 0, result.output
    assert "2 figures (2 drawn)" in result.output
    assert {p: p.read_bytes() for p in (tmp_path / "cache").iterdir()} == before


DAMAGE = {
    "truncated": lambda data: data[: len(data) // 2],
    "empty": lambda data: b"",
    "one-byte-changed": lambda data: data[:100] + bytes([data[100] ^ 0xFF]) + data[101:],
    "not-a-png": lambda data: b"<html>proxy error</html>",
}


@pytest.mark.parametrize("damage", list(DAMAGE), ids=list(DAMAGE))
def test_a_damaged_cache_entry_is_never_served(deck, tmp_path, damage):
    out = deck.parent / "out" / "deck.pptx"
    drawn(deck)
    good = pictures(out)
    for entry in (tmp_path / "cache").iterdir():
        entry.write_bytes(DAMAGE[damage](entry.read_bytes()))
    assert drawn(deck) == 2
    assert pictures(out) == good
    assert drawn(deck) == 0  # the damaged entries were replaced


def test_a_killed_builds_temporary_cache_file_is_swept(deck, tmp_path):
    dead = subprocess.Popen(["true"])
    dead.wait()
    (tmp_path / "cache").mkdir()
    stale = tmp_path / "cache" / f".deckgen-{dead.pid}-x.tmp"
    stale.write_bytes(b"half a figure")
    drawn(deck)
    assert not stale.exists()


@pytest.mark.slow
def test_a_build_whose_figures_are_all_cached_never_imports_matplotlib(deck, tmp_path):
    code = """
        import sys
        from pathlib import Path
        from deckgen.commands import build
        from deckgen.figures import draw
        result = build.build(Path("deck.yaml"), Path("out/deck.pptx"))
        print(result.drawn, "matplotlib" in sys.modules)
        if sys.argv[1:] == ["draw"]:  # the probe sees matplotlib once it is loaded
            draw.render(build.prepare(Path("deck.yaml")).figure_specs()[0])
            print("matplotlib" in sys.modules)
    """
    cache = str(tmp_path / "cache")
    code = textwrap.dedent(code)
    first = run_python("-c", code, cwd=tmp_path, DECKGEN_CACHE_DIR=cache)
    second = run_python("-c", code, "draw", cwd=tmp_path, DECKGEN_CACHE_DIR=cache)
    assert first.stdout.split()[0] == "2", first.stderr
    assert second.stdout.split() == ["0", "False", "True"], second.stderr


def test_a_rebuild_measuring_a_new_word_loads_only_pillows_freetype_core(deck, tmp_path):
    code = """
        import sys
        from pathlib import Path
        from deckgen.commands import build
        build.build(Path("deck.yaml"), Path("out/deck.pptx"))
        pillow = ("PIL._imagingft", "PIL.Image", "PIL.ImageFont")
        print(sorted(m for m in pillow if m in sys.modules))
    """
    code, cache = textwrap.dedent(code), str(tmp_path / "cache")
    assert run_python("-c", code, cwd=tmp_path, DECKGEN_CACHE_DIR=cache).returncode == 0
    deck.write_text(deck.read_text(encoding="utf-8").replace("단계", "새단계", 1), "utf-8")
    done = run_python("-c", code, cwd=tmp_path, DECKGEN_CACHE_DIR=cache)
    assert done.stdout.split("\n")[-2] == "['PIL._imagingft']", done.stderr


@pytest.mark.slow
def test_a_rebuild_with_every_width_known_loads_no_pillow_and_writes_the_same_bytes(deck, tmp_path):
    code = """
        import sys
        from pathlib import Path
        from deckgen.commands import build
        build.build(Path("deck.yaml"), Path(sys.argv[1]), use_cache=sys.argv[2] == "cache")
        print("PIL" in sys.modules)
    """
    code, cache = textwrap.dedent(code), str(tmp_path / "cache")
    runs = [("first.pptx", "cache"), ("again.pptx", "cache"), ("fresh.pptx", "none")]
    loaded = []
    for name, use in runs:
        done = run_python("-c", code, f"out/{name}", use, cwd=tmp_path, DECKGEN_CACHE_DIR=cache)
        assert done.returncode == 0, done.stderr
        loaded.append(done.stdout.split()[-1])
    assert loaded == ["True", "False", "True"]  # the rebuild measured nothing: no Pillow
    kept = {p.suffix for p in (tmp_path / "cache").iterdir()}
    assert {".widths", ".zip"} <= kept  # widths, and a layout's compressed bytes
    out = tmp_path / "out"
    assert (out / "again.pptx").read_bytes() == (out / "first.pptx").read_bytes()
    assert (out / "again.pptx").read_bytes() == (out / "fresh.pptx").read_bytes()


def test_a_damaged_widths_or_compressed_entry_is_never_used(deck, tmp_path):
    out = deck.parent / "out" / "deck.pptx"
    drawn(deck)
    good = out.read_bytes()
    for entry in (tmp_path / "cache").iterdir():
        if entry.suffix in (".widths", ".zip"):
            data = entry.read_bytes()
            entry.write_bytes(data[:10] + bytes([data[10] ^ 0x01]) + data[11:])
    drawn(deck)
    assert out.read_bytes() == good


@pytest.mark.slow
def test_two_builds_at_once_share_a_cache(tmp_path, monkeypatch):
    # Enough figures to draw that the two builds overlap while drawing and storing them.
    slides = "\n".join(
        f"      - {{type: chart, title: C{i}, chart: {{kind: bar, categories: [a, b], "
        f"series: [{{name: s, values: [{i + 1}, 2]}}]}}}}"
        for i in range(6)
    )
    deck = write_deck(
        tmp_path, f"title: Together\nsections:\n  - title: S\n    slides:\n{slides}\n"
    )
    env = {**os.environ, "DECKGEN_CACHE_DIR": str(tmp_path / "cache")}
    outputs = [tmp_path / "a" / "deck.pptx", tmp_path / "b" / "deck.pptx"]
    builds = [
        subprocess.Popen(
            [sys.executable, "-m", "deckgen", "build", str(deck), "-o", str(out)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for out in outputs
    ]
    for process in builds:
        _out, err = process.communicate(timeout=180)
        assert process.returncode == 0, err
    assert outputs[0].read_bytes() == outputs[1].read_bytes()
    cache = tmp_path / "cache"
    assert not [p.name for p in cache.iterdir() if p.name.startswith(".")]  # no temp files
    # Every entry is whole: a third build finds all six and draws nothing.
    monkeypatch.setenv("DECKGEN_CACHE_DIR", str(cache))
    assert build.build(deck, tmp_path / "c" / "deck.pptx").drawn == 0
    assert (tmp_path / "c" / "deck.pptx").read_bytes() == outputs[0].read_bytes()


def test_render_all_reports_progress_for_drawn_figures_only(deck, tmp_path):
    specs = [s for s in build.prepare(deck).figure_specs() if not isinstance(s.content, str)]
    calls: list[tuple[int, int]] = []
    pool.render_all(specs[:1], cache=tmp_path / "cache")
    pool.render_all(specs, cache=tmp_path / "cache", progress=lambda *a: calls.append(a))
    assert calls == [(1, 1)]


# --- the base package: masters, layouts and theme, made once per theme --------------------------


def bases(tmp_path: Path) -> list[Path]:
    """Return the base packages in the cache."""
    return sorted((tmp_path / "cache").glob("*.pptx"))


@pytest.fixture
def templated(deck: Path) -> Path:
    """Return `deck` set on a company template: the base package a build keeps in the cache."""
    make_template(deck.parent / "company.pptx")
    text = deck.read_text(encoding="utf-8")
    deck.write_text(
        text.replace("lang: ko-KR\n", "lang: ko-KR\ntheme: {template: company.pptx}\n", 1),
        "utf-8",
    )
    return deck


FOUR_THREE = ("theme: {template: company.pptx}", "theme: {template: company.pptx, size: '4:3'}")


def test_a_rebuild_after_an_edit_gives_the_bytes_of_a_fresh_build(templated, tmp_path):
    out, fresh = tmp_path / "out" / "deck.pptx", tmp_path / "fresh" / "deck.pptx"
    build.build(templated, out)
    templated.write_text(
        templated.read_text(encoding="utf-8").replace("title: 단계", "title: 세 단계"),
        encoding="utf-8",
    )
    build.build(templated, out)
    build.build(templated, fresh, use_cache=False)
    assert out.read_bytes() == fresh.read_bytes()
    assert len(bases(tmp_path)) == 1


@pytest.mark.slow
def test_another_theme_gets_its_own_base(templated, tmp_path):
    out, fresh = tmp_path / "out" / "deck.pptx", tmp_path / "fresh" / "deck.pptx"
    build.build(templated, out)
    text = templated.read_text(encoding="utf-8")
    templated.write_text(text.replace(*FOUR_THREE), "utf-8")
    build.build(templated, out)
    build.build(templated, fresh, use_cache=False)
    assert out.read_bytes() == fresh.read_bytes()
    assert len(bases(tmp_path)) == 2


@pytest.mark.parametrize("damage", list(DAMAGE), ids=list(DAMAGE))
def test_a_damaged_base_is_made_again(templated, tmp_path, damage):
    out, fresh = tmp_path / "out" / "deck.pptx", tmp_path / "fresh" / "deck.pptx"
    build.build(templated, out)
    [base] = bases(tmp_path)
    good = base.read_bytes()
    base.write_bytes(DAMAGE[damage](good))
    build.build(templated, out)
    build.build(templated, fresh, use_cache=False)
    assert out.read_bytes() == fresh.read_bytes()
    assert base.read_bytes() == good


@pytest.mark.slow
@pytest.mark.parametrize(
    "damage",
    [None, "one-byte-changed"],  # the template's base, read the same way, meets every DAMAGE
    ids=["sound", "damaged"],
)
def test_deckgens_own_base_is_kept_and_read_back_or_made_again(deck, tmp_path, damage):
    out, fresh = tmp_path / "out" / "deck.pptx", tmp_path / "fresh" / "deck.pptx"
    # Each build a new process, as a rebuild is: a process remembers the base it made.
    first = run_python("-m", "deckgen", "build", str(deck), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    [base] = bases(tmp_path)
    good = base.read_bytes()
    if damage is not None:
        base.write_bytes(DAMAGE[damage](good))
    again = run_python("-m", "deckgen", "build", str(deck), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    made = run_python("-m", "deckgen", "build", str(deck), "-o", str(fresh), "--no-cache")
    assert made.returncode == 0, made.stderr
    assert out.read_bytes() == fresh.read_bytes()
    assert bases(tmp_path) == [base]
    assert base.read_bytes() == good


@pytest.mark.slow
def test_a_base_swapped_for_another_sound_one_is_not_used(templated, tmp_path):
    """A cache entry replaced by a valid package of another theme (a tampered cache) fails its
    checksum: the build makes its own base again, and gives a fresh build's bytes."""
    out, fresh = tmp_path / "out" / "deck.pptx", tmp_path / "fresh" / "deck.pptx"
    build.build(templated, out)
    text = templated.read_text(encoding="utf-8")
    templated.write_text(text.replace(*FOUR_THREE), "utf-8")
    build.build(templated, out)
    first, second = bases(tmp_path)
    first.write_bytes(second.read_bytes())
    templated.write_text(text, encoding="utf-8")
    build.build(templated, out)
    build.build(templated, fresh, use_cache=False)
    assert out.read_bytes() == fresh.read_bytes()


# --- the progress counter ----------------------------------------------------------------------


def _many_charts(folder: Path, count: int) -> Path:
    slides = "\n".join(
        f"      - {{type: chart, title: C{i}, chart: {{kind: bar, categories: [a, b], "
        f"series: [{{name: s, values: [{i + 1}, 2]}}]}}}}"
        for i in range(count)
    )
    return write_deck(folder, f"title: Many\nsections:\n  - title: S\n    slides:\n{slides}\n")


@pytest.mark.slow
def test_a_terminal_sees_a_figure_counter_and_a_pipe_does_not(tmp_path):
    import pty

    deck = _many_charts(tmp_path, cli.PROGRESS_MIN)
    env = {**os.environ, "DECKGEN_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "deckgen", "build", str(deck), "-o"]
    leader, follower = pty.openpty()
    with subprocess.Popen(
        [*command, str(tmp_path / "a.pptx")], env=env, stdout=subprocess.PIPE, stderr=follower
    ) as process:
        os.close(follower)
        seen = b""
        with contextlib.suppress(OSError):  # EIO once the build has closed the terminal
            while chunk := os.read(leader, 1024):
                seen += chunk
        out, _ = process.communicate(timeout=180)
    os.close(leader)
    assert process.returncode == 0
    assert f"\rDrawing figures: 1/{cli.PROGRESS_MIN}".encode() in seen
    assert seen.endswith(b"\r")  # the counter clears its line for the summary
    assert f"{cli.PROGRESS_MIN} figures ({cli.PROGRESS_MIN} drawn)" in out.decode()
    piped = subprocess.run(
        [*command, str(tmp_path / "b.pptx"), "--no-cache"],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    assert piped.stderr == ""


# --- the cache's size limit ---------------------------------------------------------------------


def _age(path: Path, days: float) -> None:
    """Set `path`'s last use `days` ago."""
    when = time.time() - days * 86400
    os.utime(path, (when, when))


def test_a_build_deletes_what_it_did_not_use_past_the_limit(deck, tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    assert drawn(deck) == 2
    first = set(folder.iterdir())
    for entry in first:
        _age(entry, 3)
    monkeypatch.setenv("DECKGEN_CACHE_MAX_MB", "0")
    deck.write_text(deck.read_text(encoding="utf-8").replace("[10, 20]", "[10, 25]"), "utf-8")
    assert drawn(deck) == 1
    kept = set(folder.iterdir())
    # the old chart went; the diagram, the thumbnail, the base and its compressed parts, used
    # by this build, stayed despite the limit (the widths and the slides' text digests are one
    # entry each, replaced when they grow)
    assert len(figures(first) - figures(kept)) == 1
    assert len(figures(kept) - figures(first)) == 1
    memos = (".widths", ".texts")
    assert {p for p in first - kept if p.suffix not in memos} == figures(first) - figures(kept)
    assert len([p for p in kept if p.suffix == ".widths"]) == 1
    assert len([p for p in kept if p.suffix == ".texts"]) == 1
    assert drawn(deck) == 0


def figures(found: set[Path]) -> set[Path]:
    """Return the figures' entries among `found`."""
    return {p for p in found if p.suffix == ".slide"}


@pytest.mark.parametrize(
    "limit", ["inf", "1e400", "256", " 2.5 "], ids=["inf", "huge", "whole", "spaced"]
)
def test_a_generous_limit_deletes_nothing(deck, tmp_path, monkeypatch, limit):
    assert drawn(deck) == 2
    before = set((tmp_path / "cache").iterdir())
    for entry in before:
        _age(entry, 30)
    monkeypatch.setenv("DECKGEN_CACHE_MAX_MB", limit)
    deck.write_text(deck.read_text(encoding="utf-8").replace("[10, 20]", "[10, 25]"), "utf-8")
    assert drawn(deck) == 1
    # nothing pruned (the widths entry is replaced by one with the new label's width, the
    # texts' by one with the new slide's)
    kept = {p for p in before if p.suffix not in (".widths", ".texts")}
    assert kept < set((tmp_path / "cache").iterdir())


def test_reading_an_entry_marks_it_used(deck, tmp_path):
    drawn(deck)
    for entry in (tmp_path / "cache").iterdir():
        _age(entry, 10)
    start = time.time()
    assert drawn(deck) == 0
    used = [entry.stat().st_mtime >= start - 2 for entry in (tmp_path / "cache").iterdir()]
    assert len(used) > 3 and all(used)  # the figures, thumbnail, widths, compressed parts


def test_pruning_deletes_the_least_recently_used_entries_and_nothing_else(tmp_path):
    checksum = "b" * 16
    names = {  # name: days since it was used
        f"{'1' * 32}.{checksum}.png": 3,
        f"base-{'2' * 32}.pptx": 4,
        f"{'3' * 32}.{checksum}.svg": 2,
        f"{'4' * 32}.{checksum}.pdf": 1,
        f"{'8' * 32}.{checksum}.slide": 7,  # a slide's picture: its PNG and SVG
        f"{'5' * 32}.png": 5,  # deckgen 0.1's entries had no checksum
        f"{'6' * 32}.{checksum}.png": 6,  # oldest, but the build uses it
    }
    for name, days in names.items():
        (tmp_path / name).write_bytes(b"x" * 1000)
        _age(tmp_path / name, days)
    # Files that are not cache entries stay, however old: the folder may hold other things.
    for other in ("notes.txt", "talk.pptx", f"{'7' * 31}.png"):
        (tmp_path / other).write_bytes(b"y" * 10_000)
        _age(tmp_path / other, 100)
    deleted = cache.prune(tmp_path, keep={"6" * 32}, used_since=time.time(), limit_bytes=3500)
    assert [p.name for p in deleted] == [
        f"{'8' * 32}.{checksum}.slide",
        f"{'5' * 32}.png",
        f"base-{'2' * 32}.pptx",
        f"{'1' * 32}.{checksum}.png",
    ]
    left = {p.name for p in tmp_path.iterdir()} - set(names)
    assert left == {"notes.txt", "talk.pptx", f"{'7' * 31}.png"}


@pytest.mark.parametrize("value", ["lots", "-5", "nan"], ids=["word", "negative", "nan"])
def test_a_bad_cache_limit_is_one_line_and_exit_1(deck, monkeypatch, value):
    out = deck.parent / "out" / "deck.pptx"
    monkeypatch.setenv("DECKGEN_CACHE_MAX_MB", value)
    result = run("build", str(deck), "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr == (
        f"DECKGEN_CACHE_MAX_MB: {value!r} is not a size in megabytes, such as 500\n"
    )
    assert not out.exists()


# --- what a key covers: deckgen's own code, the libraries' versions ------------------------------

ONE_DIAGRAM = """
title: 코드
sections:
  - title: 그림
    slides:
      - type: diagram
        title: 단계
        diagram:
          kind: steps
          items: [{name: 하나}, {name: 둘}]
"""


def _copy_of_deckgen(folder: Path) -> Path:
    """Return a folder holding a copy of the deckgen package being tested, for PYTHONPATH."""
    import shutil

    source = Path(cache.__file__).resolve().parent
    shutil.copytree(source, folder / "deckgen", ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def _build_with(code: Path, deck: Path, out: Path, *options: str) -> str:
    """Return the summary of a build of `deck` run with the deckgen in `code`."""
    done = run_python(
        "-m", "deckgen", "build", str(deck), "-o", str(out), *options,
        cwd=deck.parent, PYTHONPATH=str(code),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.slow
def test_a_changed_constant_in_deckgens_code_redraws_the_figure(tmp_path):
    """The diagrams' text sizes come from layout/typescale.py, which the figure code imports:
    an edit there must miss the cache, and give what a build without the cache gives."""
    code = _copy_of_deckgen(tmp_path / "code")
    deck = write_deck(tmp_path, ONE_DIAGRAM)
    out = tmp_path / "out" / "deck.pptx"
    assert "(1 drawn)" in _build_with(code, deck, out)
    before = pictures(out)
    assert "(0 drawn)" in _build_with(code, deck, out)
    scale = code / "deckgen" / "layout" / "typescale.py"
    text = scale.read_text(encoding="utf-8")
    assert "\nBODY = 28.0\n" in text
    scale.write_text(text.replace("\nBODY = 28.0\n", "\nBODY = 18.0\n"), encoding="utf-8")
    assert "(1 drawn)" in _build_with(code, deck, out)
    fresh = tmp_path / "fresh" / "deck.pptx"
    _build_with(code, deck, fresh, "--no-cache")
    assert pictures(out) == pictures(fresh) != before
    assert "(0 drawn)" in _build_with(code, deck, out)


DIGEST = "from deckgen import cache; print(cache.code_digest())"


@pytest.mark.parametrize(
    ("path", "old", "new"),
    [
        ("layout/typescale.py", "BODY = 28.0", "BODY = 27.0"),
        ("pptx/own.py", '"""', '"""\n'),  # the base package's code: any byte
        ("fonts/OFL.txt", "Copyright", "copyright"),
    ],
    ids=["type-scale", "own-base", "data-file"],
)
def test_the_code_digest_covers_every_file_of_the_package(tmp_path, path, old, new):
    code = _copy_of_deckgen(tmp_path)
    first = run_python("-c", DIGEST, PYTHONPATH=str(code)).stdout
    again = run_python("-c", DIGEST, PYTHONPATH=str(code)).stdout
    edited = code / "deckgen" / path
    edited.write_text(edited.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    changed = run_python("-c", DIGEST, PYTHONPATH=str(code)).stdout
    assert len(first.strip()) == 16
    assert first == again != changed


def test_the_code_digest_reads_the_bytes_where_every_file_has_the_same_time(tmp_path):
    """A Nix store sets every file's time to 1: an edit that keeps a file's size is seen."""
    code = _copy_of_deckgen(tmp_path)
    files = [p for p in (code / "deckgen").rglob("*") if p.is_file()]
    for path in files:
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    first = run_python("-c", DIGEST, PYTHONPATH=str(code)).stdout
    edited = code / "deckgen" / "layout" / "typescale.py"
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("BODY = 28.0", "BODY = 27.0", 1), encoding="utf-8")
    os.utime(edited, ns=(1_000_000_000, 1_000_000_000))
    assert len(edited.read_text(encoding="utf-8")) == len(text)
    assert run_python("-c", DIGEST, PYTHONPATH=str(code)).stdout != first


def test_the_code_digest_changes_with_a_font_file(tmp_path):
    code = _copy_of_deckgen(tmp_path)
    first = run_python("-c", DIGEST, PYTHONPATH=str(code)).stdout
    font = code / "deckgen" / "fonts" / "DeckgenSansKR-Bold.otf"
    font.write_bytes(font.read_bytes()[:-1] + b"\0")
    os.utime(font, ns=(font.stat().st_atime_ns, font.stat().st_mtime_ns + 1_000_000_000))
    assert run_python("-c", DIGEST, PYTHONPATH=str(code)).stdout != first


@pytest.mark.parametrize(("distribution", "package"), cache.LIBRARIES, ids=str)
def test_library_versions_are_read_without_importing_them(distribution, package):
    from importlib import metadata

    code = (
        "import sys; from deckgen import cache; "
        f"print(cache.library_version({distribution!r}, {package!r}), {package!r} in sys.modules)"
    )
    done = run_python("-c", code)
    assert done.stdout.split() == [metadata.version(distribution), "False"], done.stderr


def test_a_library_not_installed_has_no_version():
    assert cache.library_version("no-such-distribution", "no_such_package_here") == "none"


# --- entries that are no files: bounded reads ----------------------------------------------------


def _huge(path: Path) -> None:
    with open(path, "wb") as handle:  # sparse: takes no room on disk
        handle.truncate(cache.ENTRY_MAX_BYTES + 1)


NOT_ENTRIES = {
    "fifo": os.mkfifo,
    "device": lambda path: path.symlink_to("/dev/zero"),
    "folder": lambda path: path.mkdir(),
    "huge-file": _huge,
}


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(NOT_ENTRIES), ids=list(NOT_ENTRIES))
def test_an_entry_that_is_no_file_is_a_miss_and_replaced(deck, tmp_path, kind):
    """A FIFO where an entry should be blocked a build for ever; /dev/zero never ends. Each is
    a miss: the build, in a process of its own (so a hang fails the test), draws the figures
    again and puts sound entries in their place."""
    out = deck.parent / "out" / "deck.pptx"
    drawn(deck)
    good = pictures(out)
    folder = tmp_path / "cache"
    names = sorted(p.name for p in folder.iterdir())
    # two figures, the thumbnail, the base package, the text widths, the slides' text digests
    # and the compressed bytes of large parts
    kept = {Path(name).suffix for name in names}
    assert kept == {".slide", ".jpeg", ".pptx", ".widths", ".texts", ".zip"}
    for name in names:
        (folder / name).unlink()
        NOT_ENTRIES[kind](folder / name)
    done = run_python(
        "-m", "deckgen", "build", str(deck), "-o", str(out),
        cwd=tmp_path, timeout=120, DECKGEN_CACHE_DIR=str(folder),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "2 figures (2 drawn)" in done.stdout
    assert len(pictures(out)) == len(good)
    # Each was deleted and sound entries written (a folder is never deleted: it stays beside).
    odd = sorted(p.name for p in folder.iterdir() if p.is_symlink() or not p.is_file())
    assert odd == (names if kind == "folder" else [])
    assert all(p.stat().st_size < 1_000_000 for p in folder.iterdir() if p.name not in odd)
    assert "2 figures (0 drawn)" in run("build", str(deck), "-o", str(out)).output
