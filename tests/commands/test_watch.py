"""`deckgen watch`: a save of the deck or of an image it shows rebuilds the deck; a broken save
prints located problems and keeps the last good deck; Ctrl-C ends it quietly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from threading import Event, Thread

import pytest
from PIL import Image

from deckgen.commands import build, watch
from helpers import EVERY_TYPE, every_type_deck, is_picture, write_deck
from package_check import assert_sound
from pptx import Presentation

ROOT = Path(__file__).resolve().parents[2]

DECK = """
title: {title}
sections:
  - title: 하나
    slides:
      - type: {kind}
        text: 첫 문장
      - type: image
        title: 그림
        image: pic.png
"""


def deck_text(title: str = "처음", kind: str = "statement") -> str:
    return DECK.format(title=title, kind=kind).lstrip("\n")


def picture(folder: Path, color: str) -> bytes:
    """Write pic.png in `folder`, filled with `color`; return its bytes."""
    Image.new("RGB", (64, 40), color).save(folder / "pic.png")
    return (folder / "pic.png").read_bytes()


def title(pptx: Path) -> str:
    return Presentation(str(pptx)).slides[0].shapes.title.text_frame.text


def embedded_picture(pptx: Path) -> bytes:
    slide = Presentation(str(pptx)).slides[3]  # after the title, divider and statement
    return next(s.image.blob for s in slide.shapes if is_picture(s))


def eventually(check: Callable[[], bool], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def save(path: Path, write: Callable[[], object], done: Callable[[], bool]) -> None:
    """Save a file with `write` until the watcher has seen it (`done`): it may still be starting."""
    for _attempt in range(10):
        write()
        try:
            eventually(done, seconds=3)
            return
        except AssertionError:
            continue
    pytest.fail(f"no rebuild after saving {path.name}")


class Watching:
    """`watch.run` on a thread, with what it said and warned."""

    def __init__(self, deck: Path, output: Path) -> None:
        self.said: list[str] = []
        self.warned: list[str] = []
        self.stop = Event()
        self.thread = Thread(
            target=watch.run,
            args=(deck, output),
            kwargs={"say": self.said.append, "warn": self.warned.append, "stop": self.stop},
        )

    def rebuilds(self) -> int:
        return sum(" changed: wrote " in line for line in self.said)


@pytest.fixture
def watching(tmp_path) -> Iterator[tuple[Watching, Path, Path]]:
    picture(tmp_path, "#3366AA")
    deck = write_deck(tmp_path, deck_text())
    out = tmp_path / "out" / "deck.pptx"
    watcher = Watching(deck, out)
    watcher.thread.start()
    try:
        eventually(lambda: any(line.startswith("Watching") for line in watcher.said))
        yield watcher, deck, out
    finally:
        watcher.stop.set()
        watcher.thread.join(timeout=30)
    assert not watcher.thread.is_alive()


def test_watch_builds_then_names_what_it_watches(watching):
    watcher, deck, out = watching
    assert watcher.said[0].startswith(f"Wrote 4 slides, 1 figures (0 drawn) to {out} in ")
    assert watcher.said[1] == f"Watching {deck} and 1 file it uses; press Ctrl-C to stop"
    assert title(out) == "처음"


def test_a_saved_edit_rebuilds_the_deck(watching):
    watcher, deck, out = watching
    save(
        deck,
        lambda: deck.write_text(deck_text("둘째"), encoding="utf-8"),
        lambda: watcher.rebuilds() >= 1,
    )
    assert title(out) == "둘째"
    line = next(line for line in watcher.said if " changed: " in line)
    assert line.startswith("deck.yaml changed: wrote 4 slides") or f"{deck} changed" in line
    assert line.endswith(" s")


def test_a_deck_saved_by_renaming_over_it_rebuilds(watching):
    watcher, deck, out = watching

    def replace() -> None:  # as editors save: a new file renamed over the old one
        temp = deck.with_name(".deck.yaml.swp-new")
        temp.write_text(deck_text("셋째"), encoding="utf-8")
        os.replace(temp, deck)

    save(deck, replace, lambda: watcher.rebuilds() >= 1)
    assert title(out) == "셋째"


def test_a_changed_image_rebuilds_the_deck(watching, tmp_path):
    watcher, _deck, out = watching
    new = {}
    save(
        tmp_path / "pic.png",
        lambda: new.setdefault("png", picture(tmp_path, "#AA3366")),
        lambda: watcher.rebuilds() >= 1,
    )
    eventually(lambda: embedded_picture(out) == new["png"])


def test_a_broken_save_keeps_the_last_good_deck_until_it_is_fixed(watching):
    watcher, deck, out = watching
    good = out.read_bytes()
    save(
        deck,
        lambda: deck.write_text(deck_text("고장", kind="statment"), encoding="utf-8"),
        lambda: any("not rebuilt" in line for line in watcher.warned),
    )
    problems = "\n".join(watcher.warned)
    assert f"{deck}:5:15: sections[0].slides[0].type: " in problems and "statment" in problems
    assert f"{out} is unchanged" in problems
    assert out.read_bytes() == good
    save(
        deck,
        lambda: deck.write_text(deck_text("고침"), encoding="utf-8"),
        lambda: watcher.rebuilds() >= 1,
    )
    assert title(out) == "고침"


def test_watch_never_writes_over_an_edited_deck(watching):
    watcher, deck, out = watching
    prs = Presentation(str(out))
    prs.slides[2].shapes[0].text_frame.text = "발표 전날 고친 문장"  # the statement
    prs.save(str(out))
    edited = out.read_bytes()
    for attempt, word in enumerate(("둘째", "셋째"), start=1):
        save(
            deck,
            lambda word=word: deck.write_text(deck_text(word), encoding="utf-8"),
            lambda attempt=attempt: sum("not rebuilt" in w for w in watcher.warned) >= attempt,
        )
        assert out.read_bytes() == edited
    refused = [w for w in watcher.warned if "edited since deckgen wrote it" in w]
    assert len(refused) == 2
    assert refused[0].splitlines()[0] == (
        f"{out}: edited since deckgen wrote it: 1 text change, on slide 3; not replaced"
    )
    assert f"{out} is unchanged" in watcher.warned[-1]
    assert watcher.thread.is_alive()  # and it goes on watching


@pytest.mark.slow
def test_ctrl_c_stops_watching_quietly(tmp_path):
    picture(tmp_path, "#3366AA")
    write_deck(tmp_path, deck_text())
    process = subprocess.Popen(
        [sys.executable, "-m", "deckgen", "watch", "deck.yaml"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline(), process.stdout.readline()]
        assert lines[1].startswith("Watching deck.yaml"), lines
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert "Traceback" not in err
    assert out.strip().splitlines()[-1] == "Stopped"
    assert (tmp_path / "out" / "deck.pptx").exists()


# --- a rebuild from the cache gives the bytes of a whole build ---------------------------------

LINKED = EVERY_TYPE.replace("- 첫째 **굵게**", "- 첫째 **굵게** [링크](https://example.com/a)")

EDITS = [
    ("첫째 **굵게**", "첫째 **아주 굵게**"),
    ("발표자 노트입니다.", "고친 발표자 노트입니다."),
    ("이 변곡점", "이 전환점"),
    ("values: [2000, 6000]", "values: [2500, 6000]"),
    ("[운영 비용, 20.5, 보통]", "[운영 비용, 21.5, 보통]"),
    ("title: 연표", "title: 연대표\n        notes: 새 노트"),
    ("label: 빅테크", "label: 미국 빅테크"),
    ("example.com/a", "example.com/b"),
    ("title: 모든 슬라이드 **종류**", "title: 모든 슬라이드"),
    ("      - type: quote", "      - {type: statement, text: 새}\n      - type: quote"),
]
"""What `watch` rebuilds after: text, notes, a chart's values, a table cell, a link, the deck's
title and a new slide."""


@pytest.mark.slow
def test_a_cached_rebuild_after_edits_gives_a_fresh_builds_bytes(tmp_path):
    every_type_deck(tmp_path)
    deck = write_deck(tmp_path, LINKED)
    fast, whole = tmp_path / "fast.pptx", tmp_path / "whole.pptx"
    build.build(deck, fast)
    text = deck.read_text(encoding="utf-8")
    for old, new in EDITS:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    deck.write_text(text, encoding="utf-8")
    result = build.build(deck, fast)
    assert result.drawn == 1  # only the edited chart
    build.build(deck, whole, use_cache=False)
    assert fast.read_bytes() == whole.read_bytes()
    assert_sound(fast)


HOSTILE = {
    "self-alias": "&a [*a]\n",
    "bad-tag": deck_text().replace("title: 처음", "title: !!bool maybe"),
    "control-in-font": deck_text() + 'theme: {fonts: {latin: "a\\x01"}}\n',
    "huge-number": deck_text().replace("text: 첫 문장", "text: 첫 문장\n        notes: x")
    + "closing: "
    + "9" * 5000
    + "\n",
    "dollar-math": deck_text().replace(
        "      - type: image",
        "      - {type: chart, title: C, chart: {kind: bar, categories: [x$^$y], "
        "series: [{name: s, values: [1]}]}}\n      - type: image",
    ),
    "not-utf8": "title: \xe9\n",
}


@pytest.mark.slow
def test_watch_survives_hostile_saves_and_keeps_the_last_good_deck(watching):
    watcher, deck, out = watching

    def refusals() -> int:
        return sum("not rebuilt" in line for line in watcher.warned)

    for name, text in HOSTILE.items():
        data = text.encode("latin-1") if name == "not-utf8" else text.encode()
        if name == "dollar-math":  # valid: the chart's text is drawn literally, and it builds
            before = watcher.rebuilds()
            save(deck, lambda d=data: deck.write_bytes(d), lambda b=before: watcher.rebuilds() > b)
            continue
        good, before = out.read_bytes(), refusals()
        save(deck, lambda d=data: deck.write_bytes(d), lambda b=before: refusals() > b)
        assert watcher.thread.is_alive(), name
        assert out.read_bytes() == good, name
    assert not any("Traceback" in line for line in watcher.warned + watcher.said)


# --- names followed through symbolic links; any failure survived ------------------------------


def swap_link(link: Path, target: str, how: str) -> None:
    """Make `link` a symbolic link to `target`: over what was there in one rename (as tools
    that swap files do), or deleted and made again (as `ln -sf` does)."""
    if how == "rename":
        temp = link.with_name(f".{link.name}.new")
        temp.unlink(missing_ok=True)
        os.symlink(target, temp)
        os.replace(temp, link)
    else:
        link.unlink(missing_ok=True)
        os.symlink(target, link)


@pytest.mark.parametrize("how", ["rename", "ln-sf"])
def test_watch_follows_the_deck_through_a_symlink_swap(watching, tmp_path, how):
    watcher, deck, out = watching
    other = write_deck(tmp_path, deck_text("다른 덱"), "other.yaml")
    save(deck, lambda: swap_link(deck, "other.yaml", how), lambda: title(out) == "다른 덱")
    # The file the name leads to now is watched: an edit of it rebuilds.
    save(
        other,
        lambda: other.write_text(deck_text("고친 덱"), encoding="utf-8"),
        lambda: title(out) == "고친 덱",
    )
    # The link aimed at a third file: followed again.
    write_deck(tmp_path, deck_text("셋째 덱"), "third.yaml")
    save(deck, lambda: swap_link(deck, "third.yaml", how), lambda: title(out) == "셋째 덱")
    assert watcher.thread.is_alive()


def test_watch_follows_an_image_through_a_symlink_swap(watching, tmp_path):
    watcher, _deck, out = watching
    folder = tmp_path / "photos"
    folder.mkdir()  # the link leads into another folder: that one is watched too
    Image.new("RGB", (64, 40), "#22AA44").save(folder / "green.png")
    green = (folder / "green.png").read_bytes()
    save(
        tmp_path / "pic.png",
        lambda: swap_link(tmp_path / "pic.png", "photos/green.png", "rename"),
        lambda: embedded_picture(out) == green,
    )
    save(
        folder / "green.png",
        lambda: Image.new("RGB", (64, 40), "#AA2244").save(folder / "green.png"),
        lambda: embedded_picture(out) == (folder / "green.png").read_bytes() != green,
    )
    assert watcher.thread.is_alive()


@pytest.fixture
def rewritten_after_its_check(monkeypatch):
    """Have pic.png rewritten by another program right after deckgen checked it, once: cut to
    `state["keep"]` of its bytes, as a save under way leaves it."""
    from deckgen.outline import rules

    state: dict[str, object] = {"keep": 0.5, "armed": False}
    checked = rules._image

    def check_then_rewrite(ref, folder, at, allow_outside):
        found = checked(ref, folder, at, allow_outside)
        path = Path(folder) / ref
        if state["armed"] and path.name == "pic.png":
            state["armed"] = False
            data = path.read_bytes()
            path.write_bytes(data[: int(len(data) * float(state["keep"]))])
        return found

    monkeypatch.setattr(rules, "_image", check_then_rewrite)
    return state


@pytest.mark.parametrize("keep", [0.0, 0.5], ids=["emptied", "half-written"])
def test_an_image_rewritten_during_a_build_is_a_located_error(
    tmp_path, rewritten_after_its_check, keep
):
    picture(tmp_path, "#3366AA")
    deck = write_deck(tmp_path, deck_text())
    out = tmp_path / "deck.pptx"
    good = build.build(deck, out)
    before = out.read_bytes()
    rewritten_after_its_check.update(keep=keep, armed=True)
    with pytest.raises(build.DeckError) as caught:
        build.build(deck, out)
    line = next(n for n, text in enumerate(deck_text().splitlines(), 1) if "pic.png" in text)
    message = caught.value.format_message()
    assert f"{deck}:{line}:16: sections[0].slides[1].image: 'pic.png' changed while the " in (
        message
    )
    assert out.read_bytes() == before  # never a deck with half a picture in it
    assert good.slides == 4


def test_watch_goes_on_after_an_image_rewritten_during_its_build(
    watching, tmp_path, rewritten_after_its_check
):
    watcher, deck, out = watching
    good = out.read_bytes()
    rewritten_after_its_check.update(keep=0.0, armed=True)
    save(
        deck,
        lambda: deck.write_text(deck_text("다시"), encoding="utf-8"),
        lambda: any("not rebuilt" in line for line in watcher.warned),
    )
    assert "'pic.png' changed while the deck was built" in "\n".join(watcher.warned)
    assert out.read_bytes() == good
    new = {}
    save(  # the image saved whole: built
        tmp_path / "pic.png",
        lambda: new.setdefault("png", picture(tmp_path, "#AA3366")),
        lambda: title(out) == "다시",
    )
    eventually(lambda: embedded_picture(out) == new["png"])
    assert watcher.thread.is_alive()


def test_watch_survives_any_exception_in_a_build(watching, monkeypatch):
    """A failure deckgen did not foresee: one line, the last good deck kept, the next save built."""
    from deckgen.pptx import writer

    watcher, deck, out = watching
    good = out.read_bytes()
    write = writer.write

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in the writer")

    monkeypatch.setattr(writer, "write", broken)
    save(
        deck,
        lambda: deck.write_text(deck_text("고장"), encoding="utf-8"),
        lambda: any("not rebuilt" in line for line in watcher.warned),
    )
    assert watcher.thread.is_alive()
    failure = next(line for line in watcher.warned if "RuntimeError" in line)
    assert failure == (
        f"{deck}: failed unexpectedly (RuntimeError: a bug in the writer); "
        "please report this with the deck"
    )
    assert out.read_bytes() == good
    monkeypatch.setattr(writer, "write", write)
    save(
        deck,
        lambda: deck.write_text(deck_text("고침"), encoding="utf-8"),
        lambda: watcher.rebuilds() >= 1,
    )
    assert title(out) == "고침"
    assert not any("Traceback" in line for line in watcher.warned + watcher.said)
