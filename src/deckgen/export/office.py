"""LibreOffice kept running between edits, so that an edited slide is a PDF in half a second.

`WarmOffice` starts one `soffice` (with the command line and environment `libreoffice` gives
every LibreOffice deckgen runs, listening on a private named pipe, never on a network port) and
the bridge, `unobridge.py`, under a Python that has LibreOffice's `uno` module; deckgen talks to
the bridge over its standard input and output, so deckgen's own Python needs no `uno`. The deck
is loaded once per request and only the slides asked for are exported. It renders as `deckgen
pdf` does: a profile `profile.seed` set up, the private fontconfig `libreoffice.environment`
writes (started again when a deck names a face it was not started with), and the copy of the
deck `build(..., render=path)` writes, which is what the caller gives it. Without such a Python,
`ColdOffice` converts with a fresh `soffice` each time, as `deckgen pdf` does.

Both write their PDFs where they are told; `close` stops what they started and deletes their
files. The warm office's folder is named for the deckgen process and notes LibreOffice's process
group: a deckgen killed outright leaves nothing running for long (the bridge sees its input end
and ends LibreOffice) and the next `deckgen serve` kills what is left and deletes the folder.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import re
import secrets
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Protocol

from deckgen import procs
from deckgen.errors import DeckgenError
from deckgen.export import fontconfig, libreoffice
from deckgen.export.pages import page_count, spans
from deckgen.export.profile import seed
from deckgen.files import temporary_folder

BRIDGE = Path(__file__).with_name("unobridge.py")
UNO_PYTHON = "DECKGEN_UNO_PYTHON"
"""Names the Python that has LibreOffice's `uno` module, when deckgen should not look for it."""
COLD_NOTICE = (
    "no Python with LibreOffice's `uno` module was found, so every change starts LibreOffice "
    "afresh (seconds, not a fraction of one). Debian/Ubuntu: sudo apt-get install python3-uno; "
    f"elsewhere set {UNO_PYTHON} to LibreOffice's own Python"
)
START_SECONDS = 60.0
"""How long LibreOffice may take to start and answer."""
STOP_SECONDS = 10.0
"""How long LibreOffice may take to end when asked, before it is made to."""
_SLIDE_ID = re.compile(rb"<p:sldId\b")

Exported = tuple[Path, list[int]]
"""A PDF and the number in the deck of each of its pages, in order."""


class Office(Protocol):
    """Something that turns a deck's slides into PDFs until it is closed."""

    notice: str
    """What the user should know about this office ("" when nothing)."""
    restarted: str
    """Why the last export had to start LibreOffice again ("" when it did not)."""

    def export(
        self, pptx: Path, groups: Sequence[Sequence[int]], folder: Path
    ) -> Iterator[Exported]:
        """Yield a PDF in `folder` holding each group of slide numbers (1-based), as written."""
        ...

    def close(self) -> None:
        """Stop what the office started and delete its files."""
        ...


def start(faces: Iterable[str] = ()) -> WarmOffice | ColdOffice:
    """Return a warm office, starting now with a fontconfig that maps `faces` (those the deck
    named last time, say), or a cold one when no Python has LibreOffice's `uno`."""
    libreoffice.soffice()  # LibreOffice missing: the install hint, before anything starts
    # LibreOffice takes seconds to start: looking for the Python meanwhile is faster.
    office = WarmOffice(faces)
    python = uno_python()
    if python is None:
        office.close()
        return ColdOffice()
    office.attach(python)
    return office


def uno_python() -> str | None:
    """Return a Python that can import LibreOffice's `uno` module, or None."""
    named = os.environ.get(UNO_PYTHON)
    if named:
        return named if _imports_uno(named) else None
    program = Path(os.path.realpath(libreoffice.soffice())).parent
    candidates = [
        program / "python",  # LibreOffice's own, on macOS and in the upstream Linux packages
        program / "python.exe",  # on Windows
        Path(sys.executable),  # a Python that has it already (a system Python)
        Path("/usr/bin/python3"),  # Debian's and Ubuntu's python3-uno
    ]
    on_path = shutil.which("python3")
    if on_path:
        candidates.append(Path(on_path))
    for candidate in dict.fromkeys(candidates):
        if candidate.is_file() and _imports_uno(str(candidate)):
            return str(candidate)
    return None


def _imports_uno(python: str) -> bool:
    """Return whether `python` can import `uno`."""
    try:
        done = subprocess.run(
            [python, "-c", "import uno"], capture_output=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


class WarmOffice:
    """One LibreOffice kept running, driven through the bridge; started again if it dies.

    It starts LibreOffice when made; `attach` starts the bridge, with the Python to run it.
    """

    def __init__(self, faces: Iterable[str] = ()) -> None:
        self.python = ""
        self.notice = ""
        self.restarted = ""
        self._folder = contextlib.ExitStack()
        self._work = self._folder.enter_context(
            temporary_folder("office", on_stale=libreoffice.stop_stale)
        )
        self._starts = 0
        self._pipe = ""
        self._requests = 0
        self._office: subprocess.Popen[bytes] | None = None
        self._bridge: subprocess.Popen[str] | None = None
        self._answers: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._ready = False
        self._faces = tuple(faces)
        """The faces the running office's fontconfig maps (besides fontconfig's defaults)."""
        try:
            self._start_office()
        except BaseException:
            self.close()
            raise

    def attach(self, python: str) -> None:
        """Start the bridge with `python`, which has LibreOffice's `uno` module."""
        self.python = python
        self._start_bridge()

    def _start_office(self) -> None:
        """Start LibreOffice, listening on a new pipe; not waited for (the first request waits)."""
        self._starts += 1
        work = self._work / f"office-{self._starts}"
        work.mkdir()
        self._pipe = pipe = f"deckgen-{os.getpid()}-{secrets.token_hex(6)}"
        accept = f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"
        args = ("--invisible", "--nodefault", "--nologo", "--nolockcheck", accept)
        seed(work / "profile")  # as `libreoffice.to_pdf` sets up its profile
        with open(work / "office.log", "wb") as log:
            self._office = procs.spawn(
                libreoffice.command(work / "profile", *args),
                env=libreoffice.environment(self._work, self._faces),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        # For `libreoffice.stop_stale`, should deckgen be killed before it can end the group.
        with contextlib.suppress(OSError):
            (self._work / libreoffice.GROUP_FILE).write_text(
                str(self._office.pid), encoding="ascii"
            )

    def _start_bridge(self) -> None:
        """Start the bridge, which connects to LibreOffice and says when it is ready."""
        work = self._work / f"office-{self._starts}"
        with open(work / "bridge.log", "wb") as log:
            self._bridge = procs.spawn(
                [self.python, str(BRIDGE), self._pipe, str(START_SECONDS)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
                encoding="utf-8",
            )
        self._answers = queue.Queue()
        self._ready = False
        assert self._bridge.stdout is not None
        threading.Thread(
            target=_read_lines, args=(self._bridge.stdout, self._answers), daemon=True
        ).start()

    def export(
        self, pptx: Path, groups: Sequence[Sequence[int]], folder: Path
    ) -> Iterator[Exported]:
        """Yield a PDF in `folder` holding each group of slide numbers (1-based), as written.

        A LibreOffice that died, or hung (no answer within `procs.render_limit` of the slides
        loaded and exported), is killed and started again, and the groups not yet written are
        asked for once more; `restarted` says why. If that fails too, it is killed and started
        again for the next export, and the error says so.
        """
        self.restarted = ""
        self._requests += 1
        faces = fontconfig.deck_faces(pptx)
        if not set(faces) <= {*fontconfig.DEFAULT_FACES, *self._faces}:
            self._faces = tuple(faces)  # a face the office cannot map yet: start it again
            self._restart()
        # LibreOffice writes the pages in the deck's order, whatever the order asked.
        jobs = [
            (folder / f"{self._requests}-{n}.pdf", sorted(group))
            for n, group in enumerate(groups)
            if group
        ]
        loaded = _slide_count(pptx)
        for attempt in (1, 2):
            try:
                seconds = procs.render_limit(loaded + sum(len(numbers) for _, numbers in jobs))
                for pdf, numbers in self._request(pptx, jobs, seconds):
                    jobs.remove((pdf, numbers))
                    yield pdf, numbers
                return
            except _Gone as gone:
                self._restart(wait=0)  # it may be hung: killed, not asked
                if attempt == 2:
                    raise DeckgenError(
                        f"{pptx}: LibreOffice stopped answering ({gone}); it was stopped and "
                        "starts again for the next save"
                    ) from None
                self.restarted = f"LibreOffice stopped answering ({gone}): it was started again"

    def _restart(self, wait: float = STOP_SECONDS) -> None:
        """Stop LibreOffice and the bridge, waiting `wait` seconds for them to end before they
        are made to, and start them again (the fonts as they are now)."""
        self._stop(wait)
        self._start_office()
        self._start_bridge()

    def _request(
        self, pptx: Path, jobs: list[tuple[Path, list[int]]], seconds: float
    ) -> Iterator[Exported]:
        """Send one request to the bridge and yield its PDFs as the answers come, all within
        `seconds` of LibreOffice being ready."""
        if not self._ready:
            first = self._answer(START_SECONDS)
            if "ready" not in first:
                raise _Gone(f"it did not start: {first.get('error')}{self._log()}")
            self._ready = True
        deadline = time.monotonic() + seconds
        request = {
            "id": self._requests,
            "pptx": str(pptx.resolve()),
            "exports": [{"pdf": str(pdf), "pages": _page_range(numbers)} for pdf, numbers in jobs],
            "options": libreoffice.PDF_OPTIONS,  # the export `deckgen pdf` makes
        }
        bridge = self._bridge
        assert bridge is not None and bridge.stdin is not None
        try:
            bridge.stdin.write(json.dumps(request) + "\n")
            bridge.stdin.flush()
        except OSError as exc:
            raise _Gone(f"the bridge is gone ({exc})") from None
        by_path = {str(pdf): (pdf, numbers) for pdf, numbers in jobs}
        while True:
            answer = self._answer(deadline - time.monotonic(), seconds)
            if answer.get("id") != self._requests:
                continue  # for a request given up on: its PDFs are gone
            if "pdf" in answer:
                yield by_path[answer["pdf"]]
            elif "done" in answer:
                return
            elif self._office is not None and self._office.poll() is not None:
                raise _Gone(f"it ended ({answer.get('error')})")
            else:
                raise DeckgenError(
                    f"{pptx}: LibreOffice could not render it: {answer.get('error')}"
                )

    def _answer(self, seconds: float, limit: float | None = None) -> dict[str, Any]:
        """Return the bridge's next answer, or raise `_Gone` when it ended or took longer than
        `seconds` (the rest of a `limit`, which the message names)."""
        try:
            answer = self._answers.get(timeout=max(0.0, seconds))
        except queue.Empty:
            raise _Gone(f"no answer within {limit or seconds:g} s") from None
        if answer is None:
            raise _Gone(f"the bridge ended{self._log()}")
        return answer

    def _log(self) -> str:
        """Return the last line LibreOffice or the bridge wrote to their logs, as ": line"."""
        work = self._work / f"office-{self._starts}"
        for name in ("bridge.log", "office.log"):
            with contextlib.suppress(OSError):
                lines = (work / name).read_text(errors="replace").strip().splitlines()
                if lines:
                    return f": {lines[-1]}"
        return ""

    def _stop(self, wait: float = STOP_SECONDS) -> None:
        """End the bridge (which ends LibreOffice), then, after `wait` seconds, anything of
        theirs still running."""
        if self._bridge is not None:
            if self._bridge.stdin is not None:
                with contextlib.suppress(OSError):
                    self._bridge.stdin.close()  # the end of its input: it ends LibreOffice
            procs.end(self._bridge, wait)
        if self._office is not None:
            procs.end(self._office, wait)
        self._bridge = self._office = None
        if os.name == "posix" and self._pipe:
            # LibreOffice's pipe is a socket file it deletes as it ends, unless it was killed.
            for folder in ("/tmp", "/var/tmp"):
                with contextlib.suppress(OSError):
                    Path(folder, f"OSL_PIPE_{os.getuid()}_{self._pipe}").unlink()

    def close(self) -> None:
        """Stop LibreOffice and the bridge and delete the office's folder."""
        self._stop()
        self._folder.close()


class ColdOffice:
    """A fresh LibreOffice for every request, as `deckgen pdf` runs it."""

    def __init__(self) -> None:
        self.notice = COLD_NOTICE
        self.restarted = ""

    def export(
        self, pptx: Path, groups: Sequence[Sequence[int]], folder: Path
    ) -> Iterator[Exported]:
        """Yield the whole deck as one PDF in `folder`, however few slides are asked for."""
        pdf = folder / "deck.pdf"
        loaded = _slide_count(pptx)  # a fresh LibreOffice starts too: the time `pdf` allows
        libreoffice.to_pdf(pptx, pdf, timeout=procs.render_limit(2 * loaded) + START_SECONDS)
        yield pdf, list(range(1, page_count(pdf) + 1))

    def close(self) -> None:
        """Nothing to stop: every LibreOffice it started has ended."""


class _Gone(Exception):
    """LibreOffice or the bridge ended or hung: start them again."""


def _slide_count(pptx: Path) -> int:
    """Return how many slides the deck at `pptx` lists (0 when it cannot be read)."""
    try:
        with zipfile.ZipFile(pptx) as package:
            return len(_SLIDE_ID.findall(package.read("ppt/presentation.xml")))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return 0


def _page_range(numbers: Sequence[int]) -> str:
    """Return slide numbers as LibreOffice's PDF export takes them: "1-3,7"."""
    runs = spans(numbers, max(1, len(numbers)))
    return ",".join(f"{a}" if a == b else f"{a}-{b}" for a, b in runs)


def _read_lines(stream: IO[str], answers: queue.Queue[dict[str, Any] | None]) -> None:
    """Put each JSON line of `stream` on `answers`, then None at its end."""
    with contextlib.suppress(OSError, ValueError):
        for line in stream:
            with contextlib.suppress(ValueError):
                answers.put(json.loads(line))
    answers.put(None)
