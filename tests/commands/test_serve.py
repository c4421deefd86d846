"""`deckgen serve` as its user meets it: a process on a free port, its page in headless Chromium.

The page shows every slide rendered by LibreOffice; an edit changes that slide's thumbnail and no
other; a notes edit changes the notes, not the picture; an invalid edit shows the located error
and keeps the slides; the keyboard moves the selection; a foreign Host header and paths outside
the page are refused; Ctrl-C stops LibreOffice and deletes what serve made; no LibreOffice: the
install hint and exit 1. Set DECKGEN_SCREENSHOTS to a folder to keep the page's screenshots there
(the README's picture is taken so). These tests skip without Chromium, LibreOffice or a Python
with `uno`, and fail instead under CI=true.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import FakeOffice, require, run_python, write_deck

# Every test here starts `deckgen serve` (LibreOffice, and a browser for the page).
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
WAIT = 90.0
"""Seconds a page or a render may take: a bound against hangs on a busy 2-core machine."""

DECK = """
title: 미리보기 시험
lang: ko-KR
sections:
  - title: 첫째 마당
    slides:
      - type: statement
        text: 첫 문장입니다
        notes: 첫 슬라이드의 발표자 노트입니다.
      - type: bullets
        title: 과일 목록
        bullets: [사과, 배, 감]
        notes: 과일 이야기를 합니다.
  - title: 둘째 마당
    slides:
      - type: stat
        title: 숫자 하나
        value: 42%
        label: 넷째 슬라이드의 숫자
      - type: statement
        text: 마지막 문장
"""


def needs_office() -> None:
    """Skip (fail under CI) without LibreOffice, poppler and a Python with `uno`."""
    require(bool(shutil.which("soffice")), "needs LibreOffice (soffice)")
    require(bool(shutil.which("pdftoppm")), "needs poppler-utils (pdftoppm)")
    from deckgen.export import office

    require(office.uno_python() is not None, "needs a Python with LibreOffice's uno (python3-uno)")


def eventually(check: Callable[[], Any], seconds: float = WAIT, what: str = "") -> Any:
    """Return the first true value of `check()`, polled until `seconds` pass."""
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out waiting for {what or check}"
        time.sleep(0.05)


class Serving:
    """`deckgen serve` running in `folder` on a free port, with what it printed."""

    def __init__(self, folder: Path, *extra: str) -> None:
        self.folder = folder
        self.deck = folder / "deck.yaml"
        self.temp = folder / "tmp"
        self.temp.mkdir()
        self.out: list[str] = []
        self.err: list[str] = []
        # TMPDIR: whatever serve makes in the temporary folder is seen, and its absence checked.
        env = {**os.environ, "TMPDIR": str(self.temp), "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "deckgen", "serve", "deck.yaml", "--port", "0", *extra],
            cwd=folder,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for stream, lines in ((self.process.stdout, self.out), (self.process.stderr, self.err)):
            threading.Thread(target=_collect, args=(stream, lines), daemon=True).start()
        line = eventually(lambda: next((x for x in self.out if x.startswith("Serving")), None))
        self.url = line.split(" at ", 1)[1].strip()
        self.port = int(self.url.rsplit(":", 1)[1].strip("/"))

    def state(self) -> dict[str, Any]:
        with urllib.request.urlopen(self.url + "slides.json", timeout=10) as answer:
            return json.load(answer)

    def ready(self) -> dict[str, Any]:
        """Return the state once every slide has a picture and serve watches the deck."""
        return eventually(
            lambda: (
                any(line.startswith("Watching") for line in self.out)
                and (state := self.state())["slides"]
                and all(slide["png"] for slide in state["slides"])
                and not state["rendering"]
                and state
            ),
            what="every slide rendered",
        )

    def edit(self, old: str, new: str) -> None:
        text = self.deck.read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        self.deck.write_text(text.replace(old, new), encoding="utf-8")

    def stop(self) -> None:
        """Press Ctrl-C and wait for the process to end."""
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=60)
        finally:
            self.process.kill()


def _collect(stream: Any, lines: list[str]) -> None:
    for line in stream:
        lines.append(line.rstrip("\n"))


def children(pid: int) -> set[int]:
    """Return the processes started by `pid` and by them, however deep (from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        for child, its_parent in parents.items():
            if its_parent == parent and child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pids: set[int]) -> set[int]:
    """Return those of `pids` still running (zombies are not)."""
    running = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            running.add(pid)
    return running


# --- the browser -------------------------------------------------------------------------------


def chromium_paths() -> tuple[str | None, str | None]:
    """Return Debian's Chromium and its driver, as installed (or None each)."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver") or (
        "/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None
    )
    return browser, driver


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Return headless Chromium driven by Selenium with Debian's chromedriver (no download)."""
    browser_path, driver_path = chromium_paths()
    require(bool(browser_path), "needs Chromium (Debian: apt-get install chromium)")
    require(bool(driver_path), "needs chromedriver (Debian: apt-get install chromium-driver)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        require(False, "needs selenium (pip install -e '.[test]')")
    options = webdriver.ChromeOptions()
    options.binary_location = str(browser_path)
    profile = tempfile.mkdtemp(prefix="deckgen-chromium-")
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--window-size=1440,900",
        "--force-device-scale-factor=1",
        "--lang=ko-KR",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(str(driver_path)), options=options)
    driver.set_page_load_timeout(WAIT)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def screenshot(driver: Any, name: str, folder: Path, keep: bool = False) -> Path:
    """Save the page as `name`.png in `folder`, and in $DECKGEN_SCREENSHOTS when `keep`."""
    path = folder / f"{name}.png"
    driver.execute_async_script(  # every picture decoded and painted, not only loaded
        "const done = arguments[arguments.length - 1];"
        "Promise.all([...document.images].map(i => i.decode().catch(() => null)))"
        ".then(() => requestAnimationFrame(() => requestAnimationFrame(done)));"
    )
    driver.save_screenshot(str(path))
    kept = os.environ.get("DECKGEN_SCREENSHOTS")
    if keep and kept:
        Path(kept).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(kept) / path.name)
    return path


def thumbs(driver: Any) -> list[dict[str, Any]]:
    """Return each thumbnail of the page: its slide number, picture address and loaded size."""
    return driver.execute_script(
        """return [...document.querySelectorAll('.thumb')].map(b => {
             const img = b.querySelector('img');
             return {n: Number(b.querySelector('.num').textContent),
                     src: img ? img.getAttribute('src') : null,
                     width: img && img.complete ? img.naturalWidth : 0,
                     current: b.getAttribute('aria-current') === 'true'};
           });"""
    )


def text_of(driver: Any, selector: str) -> str:
    return driver.execute_script(
        "const e = document.querySelector(arguments[0]); return e ? e.innerText : '';", selector
    )


# --- the served deck ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[Serving]:
    """Return `deckgen serve` of a small Korean deck, every slide rendered."""
    needs_office()
    folder = tmp_path_factory.mktemp("serve")
    write_deck(folder, DECK)
    serving = Serving(folder)
    try:
        serving.ready()
        yield serving
    finally:
        serving.stop()


def open_page(browser: Any, serving: Serving) -> list[dict[str, Any]]:
    """Open the page and return its thumbnails once every one has its picture loaded."""
    browser.get(serving.url)
    count = len(serving.state()["slides"])
    return eventually(
        lambda: (
            (found := thumbs(browser))
            and len(found) == count
            and all(t["width"] > 0 for t in found)
            and found
        ),
        what="every thumbnail loaded",
    )


def test_the_page_shows_every_slide_by_section_with_its_notes(browser, served, tmp_path):
    state = served.state()
    shown = open_page(browser, served)
    assert [t["n"] for t in shown] == list(range(1, len(state["slides"]) + 1))
    assert [t["src"] for t in shown] == [slide["thumb"] for slide in state["slides"]]
    assert all(abs(t["width"] - 13.333 * 40) <= 1 for t in shown)  # 13.33 in at 40 dpi
    # The large view shows the full picture: 13.33 in at 96 dpi.
    src, width = browser.execute_script(
        "const i = document.getElementById('stage-image');"
        "return [i.getAttribute('src'), i.complete && i.naturalWidth]"
    )
    assert src == state["slides"][0]["png"]
    assert abs(width - state["deck"]["size"][0] * 96) <= 1.5  # pdftoppm rounds the page up
    heads = browser.execute_script(
        "return [...document.querySelectorAll('.group-head span:first-child')]"
        ".map(e => e.textContent)"
    )
    assert heads == ["첫째 마당", "둘째 마당"]
    assert text_of(browser, "#deck-title") == "미리보기 시험"
    assert shown[0]["current"]  # the first slide is selected
    assert text_of(browser, "#stage-title") == "미리보기 시험"
    screenshot(browser, "serve-small", tmp_path)


def test_the_keyboard_moves_the_selection_and_the_large_view_follows(browser, served):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    open_page(browser, served)
    slides = served.state()["slides"]
    bullets = next(s for s in slides if s["title"] == "과일 목록")

    def press(key: str) -> int:
        ActionChains(browser).send_keys(key).perform()
        return next(t["n"] for t in thumbs(browser) if t["current"])

    while press(Keys.ARROW_RIGHT) != bullets["n"]:
        pass
    assert text_of(browser, "#stage-title") == "과일 목록"
    assert text_of(browser, "#stage-notes") == "과일 이야기를 합니다."
    assert f"Slide {bullets['n']} of {len(slides)}" in text_of(browser, "#stage-meta")
    assert (
        browser.execute_script("return document.activeElement.getAttribute('aria-current')")
        == "true"
    )  # focus follows the selection
    assert press(Keys.END) == len(slides)
    assert press(Keys.HOME) == 1
    assert press(Keys.ARROW_LEFT) == 1  # stays at the first
    assert press(Keys.ARROW_DOWN) > 1  # the row below
    assert press(Keys.ARROW_UP) == 1


def test_an_edit_changes_that_thumbnail_and_no_other(browser, served):
    before = open_page(browser, served)
    slides = served.state()["slides"]
    bullets = next(s for s in slides if s["title"] == "과일 목록")
    served.edit("[사과, 배, 감]", "[포도, 배, 감]")
    after = eventually(
        lambda: (
            (found := thumbs(browser))[bullets["n"] - 1]["src"] != bullets["thumb"]
            and found[bullets["n"] - 1]["width"] > 0
            and found
        ),
        what="the edited slide's thumbnail",
    )
    changed = [t["n"] for t, old in zip(after, before, strict=True) if t["src"] != old["src"]]
    assert changed == [bullets["n"]]
    eventually(lambda: any(" changed: rendered 1 slide in " in line for line in served.out))
    # The full picture follows, of that slide only; the pictures changed, not only their names.
    state = served.ready()
    pngs = [
        s["n"] for s, old in zip(state["slides"], slides, strict=True) if s["png"] != old["png"]
    ]
    assert pngs == [bullets["n"]]
    for name in ("thumb", "png"):
        old = urllib.request.urlopen(served.url + bullets[name][1:], timeout=10).read()
        new = state["slides"][bullets["n"] - 1][name]
        assert old != urllib.request.urlopen(served.url + new[1:], timeout=10).read()
    # A notes edit shows the new notes and leaves every picture as it was.
    served.edit("과일 이야기를 합니다.", "과일 이야기를 짧게 합니다.")
    eventually(
        lambda: served.state()["slides"][bullets["n"] - 1]["notes"] == "과일 이야기를 짧게 합니다."
    )
    eventually(lambda: sum(" changed: rendered 0 slides in " in line for line in served.out))
    assert [t["src"] for t in thumbs(browser)] == [t["src"] for t in after]
    assert [s["png"] for s in served.state()["slides"]] == [s["png"] for s in state["slides"]]


def test_quick_edits_end_in_the_pictures_deckgen_preview_draws(served, tmp_path):
    """Two saves in quick succession, the second while the first is drawn: the pictures served
    at the end are, byte for byte, those `deckgen preview` draws of the deck as last saved."""
    served.edit("title: 숫자 하나", "title: 숫자 둘")
    time.sleep(0.3)
    served.edit("title: 숫자 둘", "title: 숫자 셋")
    state = eventually(
        lambda: (
            (now := served.ready())
            and any(slide["title"] == "숫자 셋" for slide in now["slides"])
            and now
        ),
        what="the last edit drawn",
    )
    done = run_python(
        "-m", "deckgen", "preview", "deck.yaml", "-o", str(tmp_path / "preview"), cwd=served.folder
    )
    assert done.returncode == 0, done.stderr
    drawn = sorted((tmp_path / "preview").glob("slide-*.png"))
    assert len(drawn) == len(state["slides"])
    for slide, path in zip(state["slides"], drawn, strict=True):
        with urllib.request.urlopen(served.url + slide["png"][1:], timeout=10) as answer:
            assert answer.read() == path.read_bytes(), f"slide {slide['n']}"
    served.edit("title: 숫자 셋", "title: 숫자 하나")
    eventually(lambda: any(slide["title"] == "숫자 하나" for slide in served.ready()["slides"]))


def test_an_invalid_edit_shows_the_located_error_and_keeps_the_slides(browser, served, tmp_path):
    from selenium.webdriver.common.by import By

    shown = open_page(browser, served)
    text = served.deck.read_text(encoding="utf-8")
    line = text[: text.index("type: bullets")].count("\n") + 1
    column = text.splitlines()[line - 1].index("bullets") + 1
    served.edit("type: bullets", "type: bulets")
    banner = eventually(lambda: text_of(browser, ".banner.errors"), what="the error banner")
    assert f"deck.yaml:{line}:{column}: sections[0].slides[1].type:" in banner
    assert "bulets" in banner
    assert "deck.yaml has 1 error: showing the last good slides" in banner
    assert [t["src"] for t in thumbs(browser)] == [t["src"] for t in shown]
    assert text_of(browser, "#status") == "Errors in the deck"
    state = served.state()
    assert state["errors"][0]["where"] == f"deck.yaml:{line}:{column}"
    browser.find_element(By.CSS_SELECTOR, ".banner.errors")  # drawn, not only in the data
    screenshot(browser, "serve-error-small", tmp_path)
    served.edit("type: bulets", "type: bullets")
    eventually(lambda: not text_of(browser, ".banner.errors"), what="the banner to go")
    assert served.state()["errors"] == []


def test_a_foreign_host_and_paths_outside_the_page_are_refused(served):
    def ask(path: str, host: str) -> tuple[int, bytes]:
        # http.client sends the path as given: no client-side normalisation of "..".
        connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host)
        connection.endheaders()
        answer = connection.getresponse()
        body = answer.read()
        connection.close()
        return answer.status, body

    local = f"127.0.0.1:{served.port}"
    assert ask("/", local)[0] == 200
    assert ask("/slides.json", f"localhost:{served.port}")[0] == 200
    for host in (f"evil.example:{served.port}", "127.0.0.1:1", f"127.0.0.1.nip.io:{served.port}"):
        status, body = ask("/slides.json", host)
        assert status == 403, host
        assert "미리보기" not in body.decode(errors="replace")
    deck_text = served.deck.read_bytes()
    for path in (
        "/../deck.yaml",
        "/%2e%2e/deck.yaml",
        "/deck.yaml",
        "/out/deck.pptx",
        "/slides/",
        "/slides/../deck.yaml",
        "/fonts/",
        "/static/",
        "/static/app.js",
    ):
        status, body = ask(path, local)
        assert status == 404, path
        assert deck_text not in body


def test_ctrl_c_stops_libreoffice_and_deletes_what_serve_made(tmp_path):
    needs_office()
    write_deck(tmp_path, DECK)
    serving = Serving(tmp_path)
    try:
        serving.ready()
        started = children(serving.process.pid)
        names = {Path(f"/proc/{pid}/exe").resolve().name for pid in alive(started)}
        assert "soffice.bin" in names, names
        made = list(serving.temp.iterdir())
        assert any(path.name.startswith("deckgen-office-") for path in made), made
    finally:
        serving.stop()
    assert serving.process.returncode == 0, serving.err
    assert serving.out[-1] == "Stopped"
    assert "Traceback" not in "\n".join(serving.err)
    eventually(lambda: not alive(started), seconds=10, what="LibreOffice to end")
    assert list(serving.temp.iterdir()) == []


def test_without_libreoffice_serve_says_how_to_install_it(tmp_path):
    write_deck(tmp_path, DECK)
    done = run_python("-m", "deckgen", "serve", "deck.yaml", cwd=tmp_path, PATH=str(tmp_path))
    assert done.returncode == 1
    assert "LibreOffice's `soffice` is not on PATH" in done.stderr
    assert "apt-get install libreoffice-impress" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_port_in_use_is_reported_before_anything_starts(tmp_path):
    require(bool(shutil.which("soffice")), "needs LibreOffice (soffice)")
    write_deck(tmp_path, DECK)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_python("-m", "deckgen", "serve", "--port", str(port), cwd=tmp_path)
    assert done.returncode == 1
    assert f"127.0.0.1:{port} is in use; choose another port with --port" in done.stderr
    assert not (tmp_path / "out").exists()


def test_the_talk_renders_in_the_page(browser, tmp_path):
    """The repository's talk: the page the README shows."""
    from deckgen.commands.check import check

    needs_office()
    shutil.copy(ROOT / "deck.yaml", tmp_path / "deck.yaml")
    count = check(tmp_path / "deck.yaml").slides
    text = (tmp_path / "deck.yaml").read_text(encoding="utf-8")
    typo = text.index("          kind: bar\n")
    line = text[:typo].count("\n") + 1
    serving = Serving(tmp_path)
    try:
        state = serving.ready()
        shown = open_page(browser, serving)
        assert len(shown) == len(state["slides"]) == count
        chart = next(s for s in state["slides"] if s["title"].startswith("AI가 벌어야 할 매출"))
        browser.execute_script(
            "document.querySelector(`.thumb[data-id='${arguments[0]}']`).click()", chart["id"]
        )
        eventually(lambda: text_of(browser, "#stage-title") == chart["title"])
        eventually(
            lambda: browser.execute_script(
                "const i = document.getElementById('stage-image');"
                "return i.complete && i.naturalWidth"
            )
        )
        screenshot(browser, "serve", tmp_path, keep=True)
        # A typo in the chart: the located error over the last good slides.
        serving.edit("          kind: bar\n", "          kind: bars\n")
        banner = eventually(lambda: text_of(browser, ".banner.errors"), what="the error banner")
        assert f"deck.yaml:{line}:17: sections[2].slides[0].chart.kind: 'bars'" in banner
        assert len(thumbs(browser)) == count
        screenshot(browser, "serve-error", tmp_path, keep=True)
    finally:
        serving.stop()
    assert serving.process.returncode == 0, serving.err


# --- what serve survives (a stand-in LibreOffice: no LibreOffice needed) ----------------------


class InProcess:
    """`serve.run` on a thread of this process, with what it said and warned."""

    def __init__(self, folder: Path, **options: Any) -> None:
        from deckgen.commands import serve

        folder.mkdir()
        self.deck = write_deck(folder, DECK)
        self.said: list[str] = []
        self.warned: list[str] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(
            target=serve.run,
            args=(self.deck,),
            kwargs={
                "port": 0,
                "say": self.said.append,
                "warn": self.warned.append,
                "stop": self.stop,
                **options,
            },
        )
        self.thread.start()
        line = eventually(lambda: next((x for x in self.said if x.startswith("Serving")), None))
        self.url = line.split(" at ", 1)[1].replace("0.0.0.0", "127.0.0.1")

    def state(self) -> dict[str, Any]:
        with urllib.request.urlopen(self.url + "slides.json", timeout=10) as answer:
            return json.load(answer)

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=60)
        assert not self.thread.is_alive()
        assert self.said[-1] == "Stopped"
        assert not any("Traceback" in line for line in self.said + self.warned)


def drawn(state: dict[str, Any]) -> bool:
    """Return whether every slide of `state` has its pictures and none is being drawn."""
    slides = state["slides"]
    return bool(slides) and all(s["png"] for s in slides) and not state["rendering"]


def test_a_hung_libreoffice_is_restarted_and_the_page_says_so(tmp_path, monkeypatch):
    from deckgen import procs

    monkeypatch.setattr(procs, "LIVE_START", 1.0)  # a bound of 1 s and 0.1 s a slide
    monkeypatch.setattr(procs, "LIVE_PER_SLIDE", 0.1)
    FakeOffice(tmp_path / "fake", "hang-once", monkeypatch)
    serving = InProcess(tmp_path / "deck")
    try:
        state = eventually(lambda: (now := serving.state()) and drawn(now) and now)
        restarted = [w["message"] for w in state["warnings"] if "LibreOffice" in w["message"]]
        assert len(restarted) == 1
        assert restarted[0].startswith("LibreOffice stopped answering (no answer within ")
        assert restarted[0].endswith(" s): it was started again")
        assert state["errors"] == []
        assert f"deckgen serve: {restarted[0]}" in serving.warned
    finally:
        serving.close()


def test_serve_survives_any_exception_in_a_render(tmp_path, monkeypatch):
    from deckgen.export import pages

    FakeOffice(tmp_path / "fake", "works", monkeypatch)
    render = pages.render

    def broken(*args: Any, **kwargs: Any) -> list[bytes]:
        raise RuntimeError("a bug in the rasterizer")

    monkeypatch.setattr(pages, "render", broken)
    serving = InProcess(tmp_path / "deck")
    try:
        state = eventually(lambda: (now := serving.state())["errors"] and now)
        assert state["errors"] == [
            {
                "where": "",
                "message": f"{serving.deck}: failed unexpectedly (RuntimeError: a bug in the "
                "rasterizer); please report this with the deck",
            }
        ]
        eventually(lambda: any(line.startswith("Watching") for line in serving.said))
        monkeypatch.setattr(pages, "render", render)
        serving.deck.write_text(DECK.replace("마지막 문장", "고친 문장"), encoding="utf-8")
        state = eventually(lambda: (now := serving.state()) and drawn(now) and now)
        assert state["errors"] == []
        assert state["slides"][-1]["title"] == "고친 문장"
    finally:
        serving.close()


def test_serve_shows_an_edited_deck_and_never_writes_over_it(tmp_path, monkeypatch):
    from pptx import Presentation

    FakeOffice(tmp_path / "fake", "works", monkeypatch)
    serving = InProcess(tmp_path / "deck")
    try:
        eventually(lambda: (now := serving.state()) and drawn(now))
        eventually(lambda: any(line.startswith("Watching") for line in serving.said))
        out = serving.deck.parent / "out" / "deck.pptx"
        prs = Presentation(str(out))
        prs.slides[3].notes_slide.notes_text_frame.text = "무대에서 고친 노트"
        prs.save(str(out))
        edited = out.read_bytes()
        serving.deck.write_text(DECK.replace("마지막 문장", "고친 문장"), encoding="utf-8")
        state = eventually(lambda: (now := serving.state())["errors"] and now)
        message = state["errors"][0]["message"].splitlines()
        assert message[0] == (
            f"{out}: edited since deckgen wrote it: 1 text change, on slide 4; not replaced"
        )
        assert message[1] == f"To bring the edits into deck.yaml: deckgen pull {out}"
        assert message[2].startswith("To build anyway: deckgen build --force keeps it as ")
        assert state["slides"] and drawn(state)  # the last good slides stay
        assert out.read_bytes() == edited
    finally:
        serving.close()
    assert out.read_bytes() == edited


def test_serve_names_the_edits_not_in_the_deck_and_the_pull_that_brings_them_back(
    tmp_path, monkeypatch
):
    from helpers import run
    from pptx import Presentation

    FakeOffice(tmp_path / "fake", "works", monkeypatch)
    monkeypatch.chdir(tmp_path)  # the page names the .pptx as the user's commands do
    serving = InProcess(tmp_path / "deck")
    try:
        state = eventually(lambda: (now := serving.state()) and drawn(now) and now)
        assert state["edited"] is None  # deckgen's own deck: nothing to say
        eventually(lambda: any(line.startswith("Watching") for line in serving.said))
        out = serving.deck.parent / "out" / "deck.pptx"
        prs = Presentation(str(out))
        prs.slides[3].notes_slide.notes_text_frame.text = "무대에서 고친 노트"
        prs.slides[2].shapes.title.text_frame.paragraphs[0].runs[0].text = "과일들"
        prs.save(str(out))
        serving.deck.write_text(DECK.replace("마지막 문장", "고친 문장"), encoding="utf-8")
        state = eventually(lambda: (now := serving.state())["edited"] and now)
        assert state["edited"] == {
            "message": "deck/out/deck.pptx has 2 edits not in deck.yaml",
            "command": "deckgen pull deck/out/deck.pptx --deck deck/deck.yaml",
        }
        said = "deckgen serve: deck/out/deck.pptx has 2 edits not in deck.yaml: deckgen pull "
        assert said + "deck/out/deck.pptx --deck deck/deck.yaml brings them back" in serving.warned
        # The command the page gives: the edits come back, the next build writes the deck.
        pulled = run("pull", "deck/out/deck.pptx", "--deck", "deck/deck.yaml")
        assert pulled.exit_code == 0, pulled.output
        state = eventually(
            lambda: (now := serving.state())["edited"] is None and drawn(now) and now
        )
        assert state["errors"] == []
        assert [s["title"] for s in state["slides"]][2] == "과일들"
        assert state["slides"][3]["notes"].strip() == "무대에서 고친 노트"
    finally:
        serving.close()


@pytest.mark.parametrize(
    ("host", "warned"),
    [("127.0.0.1", False), ("0.0.0.0", True), ("", True)],
    ids=["loopback", "network", "every-address"],
)
def test_serve_warns_when_the_network_can_see_the_notes(tmp_path, monkeypatch, host, warned):
    FakeOffice(tmp_path / "fake", "works", monkeypatch)
    serving = InProcess(tmp_path / "deck", host=host)
    try:
        eventually(lambda: drawn(serving.state()))
    finally:
        serving.close()
    warning = (
        f"deckgen serve: warning: listening on {host or 'every address'}, not only on this "
        "machine: the slides "
        "and their speaker notes can be seen by anyone on the network who can reach this "
        "machine on port "
    )
    assert any(line.startswith(warning) for line in serving.warned) is warned


def test_clients_that_go_away_leave_no_traceback(tmp_path, monkeypatch):
    """Raw connections that send a request and close at once (a reset), many times."""
    FakeOffice(tmp_path / "fake", "works", monkeypatch)
    folder = tmp_path / "deck"
    folder.mkdir()
    write_deck(folder, DECK)
    serving = Serving(folder)
    try:
        state = serving.ready()
        picture = state["slides"][0]["png"]
        for n in range(200):
            path = ("/slides.json", "/", "/events", picture)[n % 4]
            request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{serving.port}\r\n\r\n"
            with socket.create_connection(("127.0.0.1", serving.port), timeout=10) as client:
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                client.sendall(request.encode())
        assert serving.state()["slides"]  # it still answers
    finally:
        serving.stop()
    assert serving.process.returncode == 0, serving.err
    assert not any("Traceback" in line for line in serving.err), serving.err[:20]
    assert not any("Error" in line for line in serving.err), serving.err[:20]


def test_the_page_lists_at_most_a_bounded_number_of_problems(tmp_path):
    """A deck with thousands of mistakes makes a banner of the first ones and their count, as
    the terminal does, not a page of thousands of rows."""
    from deckgen.commands.serve import Show
    from deckgen.errors import PROBLEM_LINES_MAX, DeckError, Problem
    from deckgen.web.server import Board

    show = Show(tmp_path / "deck.yaml", Board(lambda _: None))
    many = [Problem(n, 1, "deck.yaml", f"slides[{n}]", "bad") for n in range(1, 5_001)]
    show.failed(DeckError([*many, Problem(1, 1, "deck.yaml", "", "odd", "warning")]))
    errors = show.state()["errors"]
    assert len(errors) == PROBLEM_LINES_MAX + 1
    assert errors[0] == {"where": "deck.yaml:1:1", "message": "slides[1]: bad"}
    assert errors[-1]["message"] == f"... and {5_000 - PROBLEM_LINES_MAX:,} more (4,800 errors)"
    assert len(show.state()["warnings"]) == 1


@pytest.mark.skipif(sys.platform != "linux", reason="$BROWSER and no display: Linux's webbrowser")
@pytest.mark.parametrize("opens", [True, False], ids=["browser", "no-browser"])
def test_serve_open_says_when_there_is_no_browser(tmp_path, monkeypatch, opens):
    """`--open` on a machine whose only browser ($BROWSER) fails, with no display and no console
    browser, says so and where the page is, instead of nothing; one that opens says nothing."""
    require(bool(shutil.which("pdftoppm")), "needs poppler-utils (pdftoppm)")
    FakeOffice(tmp_path / "fake", "works", monkeypatch)
    opened = tmp_path / "opened"
    browser = tmp_path / "fake" / "browser"
    browser.write_text(f'#!/bin/sh\necho "$1" > "{opened}"\nexit {0 if opens else 1}\n')
    browser.chmod(0o755)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "TERM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BROWSER", str(browser))
    (tmp_path / "deck").mkdir()
    write_deck(tmp_path / "deck", DECK)
    serving = Serving(tmp_path / "deck", "--open")
    try:
        eventually(opened.exists, what="the browser to be asked")
        said = f"deckgen serve: no browser to open the page with here; open {serving.url} in one"
        if not opens:
            eventually(lambda: said in serving.err, what="serve to say there is no browser")
        eventually(lambda: any(x.startswith("Watching") for x in serving.out), what="watching")
    finally:
        serving.stop()
    assert opened.read_text().strip() == serving.url
    assert (said in serving.err) is not opens, serving.err
