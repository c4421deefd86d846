"""A deck converted to PDF by LibreOffice, in a private profile per run.

`command` and `environment` say how deckgen starts LibreOffice, for every use of it: a profile
`profile.seed` set up (no gap between Hangul and Latin) and a private fontconfig
(`fontconfig.environment`: the deck's faces, where missing, rendered in the bundled face).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from deckgen import procs
from deckgen.errors import DeckgenError
from deckgen.export import charttext, fontconfig
from deckgen.export.pages import page_count
from deckgen.export.profile import seed
from deckgen.files import temporary_folder, write_atomic

INSTALL_HINT = """\
LibreOffice's `soffice` is not on PATH. Install it:
  Debian/Ubuntu: sudo apt-get install libreoffice-impress fonts-nanum poppler-utils
  macOS:         brew install --cask libreoffice && brew install poppler
                 (then add /Applications/LibreOffice.app/Contents/MacOS to PATH)
  Windows:       winget install TheDocumentFoundation.LibreOffice
                 (then add C:\\Program Files\\LibreOffice\\program to PATH)"""


def soffice() -> str:
    """Return the path of LibreOffice's `soffice`, or raise with install instructions."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise DeckgenError(INSTALL_HINT)
    return found


def command(profile: Path, *args: str) -> list[str]:
    """Return the command line that runs LibreOffice headless in the private `profile`."""
    return [
        soffice(),
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        *args,
    ]


def environment(folder: Path, faces: Iterable[str] = ()) -> dict[str, str]:
    """Return the environment LibreOffice runs in: no display needed, its own temporary files in
    `folder` (the run's), so that they go when the run's folder goes, and a fontconfig there that
    renders `faces` (and deckgen's default ones), where missing, in the bundled face."""
    scratch = folder / "tmp"
    scratch.mkdir(exist_ok=True)
    return {
        **os.environ,
        "SAL_USE_VCLPLUGIN": "svp",
        "TMPDIR": str(scratch),
        **fontconfig.environment(folder, faces),
    }


PDF_OPTIONS = {"UseLosslessCompression": True}
"""The PDF export's settings (its FilterData), for every PDF deckgen has LibreOffice write:
pictures kept lossless, since LibreOffice's default re-encodes every chart as JPEG (quality 90),
which blurs thin lines and small text and tints a white background 254."""
PDF_FILTER = "pdf:impress_pdf_Export:" + json.dumps(
    {name: {"type": "boolean", "value": str(value).lower()} for name, value in PDF_OPTIONS.items()},
    separators=(",", ":"),
)
"""`--convert-to`'s argument for that export."""


def to_pdf(
    pptx: Path,
    pdf: Path,
    expected_pages: int | None = None,
    *,
    subject: Path | None = None,
    timeout: float = procs.TIMEOUT,
) -> Path:
    """Convert `pptx` to `pdf` with LibreOffice in a private profile; return the PDF's path.
    Errors name `subject` (default: `pptx`), the file the user knows, where `pptx` is a copy;
    a LibreOffice that takes longer than `timeout` seconds is killed."""
    subject = subject or pptx
    with temporary_folder("lo", on_stale=stop_stale) as work:
        outdir = work / "out"
        seed(work / "profile")
        faces = fontconfig.deck_faces(pptx)
        source = pptx
        if charttext.has_charts(pptx):  # native charts: rendered from an .odp (see charttext)
            args = ["--convert-to", "odp", "--outdir", str(work / "odp"), str(pptx)]
            run(command(work / "profile", *args), timeout, subject, work, faces)
            source = work / "odp" / f"{pptx.stem}.odp"
            if source.is_file():
                source.write_bytes(charttext.unspaced(source.read_bytes(), pptx))
            else:
                source = pptx
        args = ["--convert-to", PDF_FILTER, "--outdir", str(outdir), str(source)]
        returncode, output = run(command(work / "profile", *args), timeout, subject, work, faces)
        produced = outdir / f"{pptx.stem}.pdf"
        if not produced.is_file():
            detail = output.strip().splitlines()
            raise DeckgenError(
                f"{subject}: LibreOffice made no PDF (exit {returncode})"
                + (f": {detail[-1]}" if detail else "")
            )
        pages = page_count(produced)
        if expected_pages is not None and pages != expected_pages:
            raise DeckgenError(
                f"{subject}: LibreOffice's PDF has {pages} pages for {expected_pages} slides"
            )
        write_atomic(pdf, produced.read_bytes())
    return pdf


GROUP_FILE = "process-group"
"""The file in a run's folder that names LibreOffice's process group, for `stop_stale`."""


def stop_stale(folder: Path) -> None:
    """Kill the LibreOffice a killed deckgen left running in `folder`, if it still runs there.

    A deckgen killed outright (SIGKILL) cannot stop its LibreOffice; the next run finds the
    folder, and the process group named in it is killed only if its leader's command line still
    names that folder (a recycled process id names something else).
    """
    if os.name != "posix":
        return
    try:
        group = int((folder / GROUP_FILE).read_text(encoding="ascii"))
        leader = Path(f"/proc/{group}/cmdline").read_bytes()
    except (OSError, ValueError):
        return
    if str(folder).encode() in leader:
        procs.kill_group(group)


def run(
    args: list[str], timeout: float, subject: Path, folder: Path, faces: Iterable[str] = ()
) -> tuple[int, str]:
    """Run LibreOffice with `args` and return its exit status and output; `faces` are those the
    document names (see `environment`).

    It runs in a process group of its own, which is killed whole when the run ends early: on a
    timeout, on Ctrl-C, and on SIGTERM or SIGHUP to deckgen (turned into an exit here so that
    the group is killed and the private profile deleted on the way out). The group is noted in
    `folder` (the run's own, which also takes LibreOffice's temporary files), for `stop_stale`.
    """
    with _exits_on_termination():
        process = procs.spawn(
            args,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            env=environment(folder, faces),
        )
        with contextlib.suppress(OSError):
            (folder / GROUP_FILE).write_text(str(process.pid), encoding="ascii")
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            procs.end(process)
            raise DeckgenError(
                f"{subject}: LibreOffice did not finish within {timeout:g} s and was stopped"
            ) from None
        except BaseException:
            procs.end(process)
            raise
    return process.returncode, output


@contextlib.contextmanager
def _exits_on_termination() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into SystemExit while the block runs, so its cleanups run."""
    signals = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def leave(number: int, _frame: object) -> None:
        raise SystemExit(128 + number)

    previous = {number: signal.signal(number, leave) for number in signals}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
