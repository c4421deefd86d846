"""Slide pictures kept up to date as a deck is edited: only slides whose content changed are drawn.

Each slide of a built .pptx gets a key: a hash of its part and of every part it draws from (its
images and charts, its layout, master and theme, the slide size), never of its notes. A slide
whose key was drawn before keeps its picture; the others go to the office (`office.Office`) in a
few groups, and each group's PDF is rasterized (`pages.render`) while the next one is exported.
A picture is named by a hash of its PNG bytes, so the name changes exactly when the picture does.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
import threading
import zipfile
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from deckgen.errors import DeckgenError
from deckgen.export import pages
from deckgen.export.office import Office
from deckgen.pptx.xml import NS, RT, rels_name

FIRST_GROUP = 6
"""Slides in the first PDF asked for: the top of the page shows soon after a start."""
GROUP = 8
"""Slides in each later PDF: LibreOffice exports one while the last one is rasterized."""
SPAN = 4
"""Pages rasterized by one pdftoppm run: a core each."""
KEEP = 200
"""Pictures of slides no longer in the deck kept (an undone edit is then shown at once)."""
_SLIDE_LIST = re.compile(rb"<p:sldIdLst>.*?</p:sldIdLst>", re.S)


@dataclass(frozen=True)
class Picture:
    """A slide's picture: its PNG bytes and the hash of them that names it."""

    png: bytes
    digest: str


Shown = Callable[[list[Picture | None], int], None]
"""Called with every slide's picture so far and how many are still to draw, as they are drawn."""


def picture_keys(pptx: Path) -> list[str]:
    """Return, per slide in order, a hash of everything that is drawn on it (not its notes)."""
    with zipfile.ZipFile(pptx) as package:
        names = set(package.namelist())
        digests: dict[str, bytes] = {}

        def related(part: str) -> list[tuple[str, str, str, bool]]:
            """Return the (id, type, target, external) of each relationship of `part`."""
            name = rels_name(part)
            if name not in names:
                return []
            root = ElementTree.fromstring(package.read(name))
            return [
                (
                    rel.get("Id", ""),
                    rel.get("Type", "").removeprefix(RT),
                    rel.get("Target", ""),
                    rel.get("TargetMode") == "External",
                )
                for rel in root.iterfind("rel:Relationship", NS)
            ]

        def digest(part: str, trail: tuple[str, ...] = ()) -> bytes:
            """Return the hash of `part` and of the parts it draws from, names left out."""
            if part in digests:
                return digests[part]
            found = hashlib.sha256(package.read(part))
            for _rid, kind, target, external in sorted(related(part)):
                # Notes are not drawn; a master draws nothing of the layouts it lists.
                if kind == "notesSlide" or (kind == "slideLayout" and "slideMaster" in part):
                    continue
                found.update(kind.encode() + b"\0")
                if external:
                    found.update(target.encode())
                    continue
                linked = posixpath.normpath(posixpath.join(posixpath.dirname(part), target))
                if linked in names and linked not in trail:
                    found.update(digest(linked, (*trail, part)))
            digests[part] = found.digest()
            return digests[part]

        main = package.read("ppt/presentation.xml")
        slides = {
            rid: posixpath.join("ppt", target)
            for rid, kind, target, _ in related("ppt/presentation.xml")
            if kind == "slide"
        }
        # The slide size and default text styles are drawn on every slide; the slide list is not.
        common = _SLIDE_LIST.sub(b"", main)
        order = re.findall(rb'<p:sldId [^>]*r:id="([^"]+)"', main)
        return [hashlib.sha256(common + digest(slides[rid.decode()])).hexdigest() for rid in order]


class LivePictures:
    """The pictures of a deck's slides, drawn again only where a slide's content changed."""

    def __init__(self, dpi: int = 96) -> None:
        self.dpi = dpi
        self._known: OrderedDict[str, Picture] = OrderedDict()
        self._lock = threading.Lock()

    def png(self, digest: str) -> bytes | None:
        """Return the PNG bytes of a picture drawn, by the hash that names it, or None."""
        with self._lock:
            return next((p.png for p in self._known.values() if p.digest == digest), None)

    def update(
        self, office: Office, pptx: Path, shown: Shown, before: Sequence[Picture | None] = ()
    ) -> tuple[list[Picture], int]:
        """Return the picture of every slide of `pptx` and how many `office` drew: those not before.

        While they are drawn, `shown` gets each slide's picture so far: a slide whose new picture
        is not drawn yet keeps the one in `before` at its place, or None.
        """
        keys = picture_keys(pptx)
        first: dict[str, int] = {}  # a picture shown on two slides is drawn once
        with self._lock:
            for number, key in enumerate(keys, 1):
                if key not in self._known:
                    first.setdefault(key, number)
        missing = sorted(first.values())

        def show() -> None:
            with self._lock:
                pictures = [
                    self._known.get(key) or (before[i] if i < len(before) else None)
                    for i, key in enumerate(keys)
                ]
                remaining = sum(1 for key in first if key not in self._known)
            shown(pictures, remaining)

        show()
        if missing:
            self._draw(office, pptx, keys, missing, show)
        with self._lock:
            for key in keys:  # most recently used last
                self._known.move_to_end(key)
            while len(self._known) > len(set(keys)) + KEEP:
                self._known.popitem(last=False)
            pictures = [self._known[key] for key in keys]
        return pictures, len(missing)

    def _draw(
        self,
        office: Office,
        pptx: Path,
        keys: list[str],
        numbers: list[int],
        drawn: Callable[[], None],
    ) -> None:
        """Export slides `numbers` (1-based) and rasterize them, calling `drawn` after each part."""
        groups = [numbers[:FIRST_GROUP]] + [
            numbers[i : i + GROUP] for i in range(FIRST_GROUP, len(numbers), GROUP)
        ]
        wanted = set(numbers)
        with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
            futures: list[Future[None]] = []
            for pdf, in_pdf in office.export(pptx, groups):
                chosen = [page for page, n in enumerate(in_pdf, 1) if n in wanted]
                for first, last in pages.spans(chosen, SPAN):
                    slides = in_pdf[first - 1 : last]
                    futures.append(
                        pool.submit(self._rasterize, pdf, first, last, slides, keys, drawn)
                    )
            for future in futures:
                future.result()  # a failed rasterization raises here

    def _rasterize(
        self,
        pdf: Path,
        first: int,
        last: int,
        slides: list[int],
        keys: list[str],
        drawn: Callable[[], None],
    ) -> None:
        """Draw pages `first`..`last` of `pdf`, the pictures of `slides`, and keep them."""
        pngs = pages.render(pdf, self.dpi, first, last)
        if len(pngs) != len(slides):
            raise DeckgenError(
                f"{pdf.name}: LibreOffice's PDF has {len(pngs)} pages for {len(slides)} slides"
            )
        with self._lock:
            for number, png in zip(slides, pngs, strict=True):
                self._known[keys[number - 1]] = Picture(png, hashlib.sha256(png).hexdigest()[:16])
        drawn()
