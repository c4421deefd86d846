"""`deckgen serve`: a local page that shows the slides as LibreOffice renders them, on every save.

It follows the deck as `watch` does (the same builds, messages and .pptx), renders each build's
slides in a LibreOffice kept running (`export.office`), only those whose content changed
(`export.live`), and serves a page (`deckgen.web`) that draws from `/slides.json` and updates
itself on server-sent events. A build that fails shows its located errors on the page and keeps
the last good slides; so does a build or a render that fails in any other way (one line, no
traceback), and the next save is built. A LibreOffice that hangs is killed and started again
(`office.WarmOffice.export`), and the page says so. Ctrl-C stops the server, LibreOffice and the
bridge, and deletes their files.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from threading import Event
from types import FrameType
from typing import TYPE_CHECKING, Any

from deckgen.errors import (
    PROBLEM_LINES_MAX,
    DeckError,
    DeckgenError,
    OutputFailed,
    Problem,
    counted,
    format_path,
)
from deckgen.export import fontconfig, libreoffice, office, pages
from deckgen.export.live import LivePictures, Picture, Pictures
from deckgen.files import temporary_folder
from deckgen.layout import script
from deckgen.outline import markup
from deckgen.web.server import Board, Server

if TYPE_CHECKING:
    from deckgen.commands.build import Result

DEFAULT_PORT = 8040
"""The port `deckgen serve` listens on unless told: an unusual one, to meet fewer servers."""

Echo = Callable[[str], None]


class Show:
    """What the page shows: the last good build's slides and pictures, the last build's problems."""

    def __init__(self, deck_file: Path, board: Board) -> None:
        self.deck_file = deck_file
        self.board = board
        self.deck: dict[str, Any] = {
            "title": "",
            "lang": "",
            "size": [16, 9],
            "file": deck_file.name,
        }
        self.slides: list[dict[str, Any]] = []
        self.pictures: list[Pictures] = []
        self.errors: list[dict[str, str]] = []
        self.warnings: list[dict[str, str]] = []
        self.rendering = 0
        self.builds = 0
        self.edited: dict[str, str] | None = None
        """The edits of the .pptx not in deck.yaml, when it was edited since deckgen wrote it:
        what the page says ("message") and the command that brings them back ("command")."""
        self._lock = threading.RLock()

    def built(self, result: Result) -> None:
        """Take the slides of a good build; `shown` publishes them with their pictures.

        Not published here: until the pictures are sorted out, the page would read the old
        pictures as those of the new slides, and nothing still to draw.
        """
        prepared = result.prepared
        deck = prepared.deck
        grid = prepared.laid.grid
        sections = [markup.plain(section.title) for section in deck.sections]
        slides = []
        seen: dict[str, int] = {}
        for n, plan in enumerate(prepared.laid.plans, 1):
            where = format_path(plan.source) or "title"
            seen[where] = seen.get(where, 0) + 1  # a slide split in parts has one source
            section = ""
            if len(plan.source) >= 2 and plan.source[0] == "sections":
                section = sections[int(plan.source[1])]
            slides.append(
                {
                    "n": n,
                    "id": f"{where}#{seen[where]}",
                    "title": markup.plain(plan.title),
                    "section": section,
                    "notes": plan.notes,
                    "seconds": round(script.speaking_minutes(plan.notes) * 60, 1),
                }
            )
        with self._lock:
            self.deck = {
                "title": markup.plain(deck.title),
                "lang": deck.lang,
                "size": [grid.width, grid.height],
                "file": self.deck_file.name,
            }
            self.slides = slides
            self.builds += 1
            self.errors = []
            self.warnings = _problems(result.warnings)

    def failed(self, error: DeckgenError) -> None:
        """Show the problems of a build that failed, keeping the last good slides."""
        problems = error.problems if isinstance(error, DeckError) else []
        with self._lock:
            self.errors = _problems([p for p in problems if p.severity == "error"]) or [
                {"where": "", "message": error.format_message()}
            ]
            self.warnings = _problems([p for p in problems if p.severity == "warning"])
            self.rendering = 0
            self.builds += 1
        self.publish()

    def notice(self, message: str) -> None:
        """Add `message`, about the rendering rather than the deck, to the page's warnings."""
        with self._lock:
            self.warnings = [*self.warnings, {"where": "", "message": message}]
        self.publish()

    def examine(self, pptx: Path) -> str:
        """Note whether `pptx` holds edits not in deck.yaml (it was edited since deckgen wrote
        it); return the line to say when that is new ("" when not)."""
        edited = _edited(pptx, self.deck_file)
        with self._lock:
            new = edited is not None and edited != self.edited
            self.edited = edited
        if edited is None or not new:
            return ""
        return f"{edited['message']}: {edited['command']} brings them back"

    def shown(self, pictures: list[Pictures], remaining: int) -> None:
        """Take the slides' pictures so far and how many slides are still being drawn."""
        with self._lock:
            self.pictures = list(pictures)
            self.rendering = remaining
        self.publish()

    def state(self) -> dict[str, Any]:
        """Return the state document: the deck, its slides with their pictures, the problems."""
        with self._lock:
            slides = []
            for i, slide in enumerate(self.slides):
                drawn = self.pictures[i] if i < len(self.pictures) else Pictures()
                slides.append(
                    {**slide, "png": _address(drawn.full), "thumb": _address(drawn.thumb)}
                )
            return {
                "deck": self.deck,
                "slides": slides,
                "errors": self.errors,
                "warnings": self.warnings,
                "rendering": self.rendering,
                "build": self.builds,
                "edited": self.edited,
            }

    def publish(self) -> None:
        """Send the state to the page (in order: drawing threads publish too)."""
        with self._lock:
            self.board.publish(self.state())


def _edited(pptx: Path, deck_file: Path) -> dict[str, str] | None:
    """Return what the page says of the edits in `pptx` that deck.yaml does not hold, and the
    command that brings them back; None when it holds none (or is no deck deckgen wrote)."""
    from deckgen.pptx import mark

    if not pptx.is_file():
        return None
    verdict = mark.examine(pptx)
    if verdict.state != "edited":
        return None
    written, now = verdict.slides
    count = sum(change.count for change in verdict.changes) + abs(now - written)
    shown, deck = _shown(pptx), _shown(deck_file)
    command = f"deckgen pull {shown}" + ("" if deck == "deck.yaml" else f" --deck {deck}")
    edits = f"{count} edit{'s' if count != 1 else ''}"
    return {"message": f"{shown} has {edits} not in {deck_file.name}", "command": command}


def _shown(path: Path) -> str:
    """Return `path` as a command line names it: relative to the working folder when inside."""
    import shlex

    with contextlib.suppress(OSError, ValueError):
        path = path.resolve().relative_to(Path.cwd().resolve())
    return shlex.quote(str(path))


def _address(picture: Picture | None) -> str | None:
    """Return the address the page finds `picture` at, named by its hash."""
    return f"/slides/{picture.digest}.png" if picture else None


def _problems(problems: Sequence[Problem]) -> list[dict[str, str]]:
    """Return `problems` as the page lists them: the first PROBLEM_LINES_MAX, then their count
    (a deck with 100,000 mistakes must not make a page of 100,000 rows)."""
    shown = [_problem(p) for p in problems[:PROBLEM_LINES_MAX]]
    rest = problems[PROBLEM_LINES_MAX:]
    if rest:
        shown.append({"where": "", "message": f"... and {len(rest):,} more ({counted(rest)})"})
    return shown


def _problem(problem: Problem) -> dict[str, str]:
    """Return a problem as the page lists it: where (file:line:column) and what."""
    text = str(problem)
    where = f"{problem.file}:{problem.line}:{problem.column}" if problem.line else problem.file
    return {"where": where, "message": text.removeprefix(f"{where}: ")}


def run(
    deck_file: Path,
    output: Path | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    open_browser: bool = False,
    use_cache: bool = True,
    allow_outside: bool = False,
    force: bool = False,
    say: Echo = print,
    warn: Echo = print,
    progress: Callable[[int, int], None] | None = None,
    stop: Event | None = None,
) -> None:
    """Serve the page of `deck_file` until Ctrl-C (or `stop`), rebuilding it on every change."""
    # LibreOffice or poppler missing: the install hint, before anything starts.
    libreoffice.soffice()
    pages.pdftoppm()
    # Ctrl-C ends the block: the stack stops what was started, in reverse order, then it is done.
    with contextlib.suppress(KeyboardInterrupt), contextlib.ExitStack() as stack:
        stack.enter_context(_ends_as_interrupt())
        pictures = LivePictures()
        stack.callback(pictures.close)
        board = Board(pictures.png)
        server = stack.enter_context(Server(board, host, port))  # a port in use: before LibreOffice
        if not server.private:
            warn(
                f"deckgen serve: warning: listening on {host or 'every address'}, not only on "
                "this machine: the "
                "slides and their speaker notes can be seen by anyone on the network who can "
                f"reach this machine on port {server.port}"
            )
        # LibreOffice boots while the deck builds, with the fonts the deck's last .pptx names
        # (another face in this build's deck starts it again).
        from deckgen.commands.build import default_output

        started = office.start(fontconfig.deck_faces(output or default_output(deck_file)))
        stack.callback(started.close)
        from deckgen.commands import watch  # the rest of the pipeline, while LibreOffice starts

        if started.notice:
            warn(f"deckgen serve: {started.notice}")
        # LibreOffice renders the copy build writes for it (lines ended where the fit ends
        # them), as for `deckgen pdf`; the .pptx is the user's.
        copy = stack.enter_context(temporary_folder("serve")) / f"{deck_file.stem}.pptx"
        show = Show(deck_file, board)
        show.publish()
        say(f"Serving {deck_file} at {server.url}")
        if open_browser and not open_page(server.url):
            warn(f"deckgen serve: no browser to open the page with here; open {server.url} in one")

        def rebuild(reason: str) -> list[Path] | None:
            built = watch.build_once(
                deck_file,
                output,
                reason,
                use_cache=use_cache,
                allow_outside=allow_outside,
                say=say,
                warn=warn,
                progress=progress,
                render=copy,
                force=force,
            )
            edits = show.examine(output or default_output(deck_file))
            if edits:
                warn(f"deckgen serve: {edits}")
            if isinstance(built, DeckgenError):
                show.failed(built)
                return None
            start = time.perf_counter()
            try:
                show.built(built)
                drawn = pictures.update(started, copy, show.shown, show.pictures)
            except OutputFailed:
                raise
            except Exception as exc:  # whatever rendering raises: the last good pictures stay
                error = exc if isinstance(exc, DeckgenError) else watch.unexpected(deck_file, exc)
                warn(error.format_message())
                show.failed(error)
                return built.inputs
            if started.restarted:
                warn(f"deckgen serve: {started.restarted}")
                show.notice(started.restarted)
            plural = "s" if drawn != 1 else ""
            say(f"{reason}rendered {drawn} slide{plural} in {time.perf_counter() - start:.2f} s")
            return built.inputs

        watch.follow(deck_file, rebuild, say=say, warn=warn, stop=stop)
    say("Stopped")


def open_page(url: str) -> bool:
    """Return whether a browser was found to open `url` in (the default one, or $BROWSER)."""
    import webbrowser

    try:
        return webbrowser.open(url)
    except webbrowser.Error:
        return False


@contextlib.contextmanager
def _ends_as_interrupt() -> Iterator[None]:
    """Take SIGTERM and SIGHUP (a closed terminal) as Ctrl-C while the block runs, so that it
    cleans up the same way."""

    def interrupt(_number: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield  # signals reach the main thread only (tests run serve on others)
        return
    signals = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    previous = {number: signal.signal(number, interrupt) for number in signals}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
