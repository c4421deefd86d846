"""A PDF's pages rendered to PNG with poppler's `pdftoppm`, and counted."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from deckgen import procs
from deckgen.errors import DeckgenError

POPPLER_HINT = """\
poppler's `pdftoppm` is not on PATH. Install it:
  Debian/Ubuntu: sudo apt-get install poppler-utils
  macOS:         brew install poppler
  Windows:       winget install oschwartz10612.Poppler"""


def page_count(pdf: Path) -> int:
    """Return the number of pages of `pdf`."""
    if shutil.which("pdfinfo"):
        out = _run(["pdfinfo", str(pdf)], pdf)
        match = re.search(r"^Pages:\s+(\d+)", out.stdout, re.MULTILINE)
        if match:
            return int(match.group(1))
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


def pdftoppm() -> str:
    """Return the path of poppler's `pdftoppm`, or raise with install instructions."""
    found = shutil.which("pdftoppm")
    if not found:
        raise DeckgenError(POPPLER_HINT)
    return found


def render(pdf: Path, dpi: int = 96, first: int = 1, last: int | None = None) -> list[bytes]:
    """Return pages `first` to `last` (default: the end) of `pdf` as PNG files' bytes, in order.

    pdftoppm draws the pages as raw PPM and Pillow packs them: pdftoppm's own PNG writer
    compresses hard and took twice as long as the drawing (4.9 s against 2.1 s for 50 slides).
    """
    from PIL import Image

    binary = pdftoppm()
    span = ["-f", str(first)] + (["-l", str(last)] if last is not None else [])
    with tempfile.TemporaryDirectory(prefix="deckgen-pages-") as work:
        done = _run([binary, "-r", str(dpi), *span, str(pdf), str(Path(work, "page"))], pdf)
        if done.returncode:
            raise DeckgenError(f"{pdf}: pdftoppm failed: {done.stderr.strip()}")
        pictures = []
        for ppm in sorted(Path(work).glob("page-*.ppm"), key=_number):
            with Image.open(ppm) as image:
                buffer = io.BytesIO()
                image.save(buffer, "PNG", compress_level=1)
                pictures.append(buffer.getvalue())
    return pictures


def spans(pages: Sequence[int], size: int) -> list[tuple[int, int]]:
    """Return `pages` as runs of consecutive pages, (first, last), none longer than `size`."""
    runs: list[list[int]] = []
    for page in sorted(pages):
        if runs and runs[-1][-1] == page - 1 and len(runs[-1]) < size:
            runs[-1].append(page)
        else:
            runs.append([page])
    return [(run[0], run[-1]) for run in runs]


def to_pngs(pdf: Path, dpi: int = 96) -> list[bytes]:
    """Return every page of `pdf` rendered as a PNG, in order (a run of pages per core)."""
    count = page_count(pdf)
    workers = procs.available_cpus()
    size = -(-count // workers)
    with ThreadPoolExecutor(workers) as pool:
        drawn = pool.map(lambda span: render(pdf, dpi, *span), spans(range(1, count + 1), size))
        return [picture for part in drawn for picture in part]


def _run(command: list[str], pdf: Path) -> subprocess.CompletedProcess[str]:
    """Run a poppler tool on `pdf` and return what it did; raise if it hangs past the timeout."""
    try:
        return subprocess.run(
            command, capture_output=True, text=True, timeout=procs.TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        name = Path(command[0]).name
        raise DeckgenError(
            f"{pdf}: {name} did not finish within {procs.TIMEOUT:g} s and was stopped"
        ) from None


def _number(path: Path) -> int:
    """Return the page number pdftoppm put at the end of a file's name."""
    return int(path.stem.rsplit("-", 1)[1])
