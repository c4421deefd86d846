"""Slide pictures kept up to date as a deck is edited: only slides whose content changed are drawn.

Each slide of a built .pptx gets a key: a hash of its part and of every part it draws from (its
images and charts, its layout, master and theme, the slide size), never of its notes. A slide
whose key was drawn before keeps its picture; the others go to the office (`office.Office`) in a
few groups, and each group's PDF is rasterized (`pages.render`) while the next one is exported.
A picture is named by a hash of its PNG bytes, so the name changes exactly when the picture does.
"""

from __future__ import annotations

import contextlib
import hashlib
import posixpath
import shutil
import threading
import zipfile
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from xml.etree import ElementTree

from lxml import etree

from deckgen import procs
from deckgen.errors import DeckgenError
from deckgen.export import pages
from deckgen.export.office import Office
from deckgen.files import temporary_folder
from deckgen.pptx.xml import NS, RT, parse, rels_name, serialize
from deckgen.record import record

FIRST_GROUP = 6
"""Slides in the first PDF asked for: the top of the page shows while the rest is exported."""
GROUP = 12
"""Slides in each later PDF: one group's thumbnails are drawn while LibreOffice exports the next."""
SPAN = 4
"""Pages rasterized by one pdftoppm run: a core each."""
EXCERPT = 8
"""At most this many slides to draw: LibreOffice loads a copy of the deck holding only them
(a 50-slide deck takes it 0.5-1 s to load, one slide of it a fifth of that)."""
KEEP = 200
"""Pictures of slides no longer in the deck kept (an undone edit is then shown at once)."""
_PRESENTATION = "ppt/presentation.xml"
_RID = f"{{{NS['r']}}}id"


@record
class Picture:
    """A picture of a slide: its PNG bytes and the hash of them that names it."""

    png: bytes
    digest: str

    @classmethod
    def of(cls, png: bytes) -> Picture:
        """Return the picture of these PNG bytes."""
        return cls(png, hashlib.sha256(png).hexdigest()[:16])


@record
class Pictures:
    """A slide's pictures: a thumbnail, and the full picture once drawn (None before)."""

    thumb: Picture | None = None
    full: Picture | None = None


Shown = Callable[[list[Pictures], int], None]
"""Called with every slide's pictures so far and how many slides are still being drawn."""


def _related(package: zipfile.ZipFile, part: str) -> list[tuple[str, str, str, bool]]:
    """Return the (id, type, target, external) of each relationship of `part` in `package`."""
    name = rels_name(part)
    if name not in package.NameToInfo:
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


def _slides(package: zipfile.ZipFile, root: etree._Element) -> list[tuple[etree._Element, str]]:
    """Return each slide of the deck in order: its `p:sldId` entry in `root` (the presentation
    part, parsed) and its part's name."""
    parts = {
        rid: posixpath.join("ppt", target)
        for rid, kind, target, _ in _related(package, _PRESENTATION)
        if kind == "slide"
    }
    return [
        (entry, parts[entry.get(_RID, "")]) for entry in root.iterfind("p:sldIdLst/p:sldId", NS)
    ]


def _presentation(package: zipfile.ZipFile) -> tuple[etree._Element, etree._Element]:
    """Return the presentation part of the deck, parsed, and its slide list."""
    root = parse(package.read(_PRESENTATION))
    listed = root.find("p:sldIdLst", NS)
    if listed is None:
        listed = etree.SubElement(root, f"{{{NS['p']}}}sldIdLst")
    return root, listed


def picture_keys(pptx: Path) -> list[str]:
    """Return, per slide in order, a hash of everything that is drawn on it (not its notes)."""
    with zipfile.ZipFile(pptx) as package:
        digests: dict[str, bytes] = {}

        def digest(part: str, trail: tuple[str, ...] = ()) -> bytes:
            """Return the hash of `part` and of the parts it draws from, names left out."""
            if part in digests:
                return digests[part]
            found = hashlib.sha256(package.read(part))
            for _rid, kind, target, external in sorted(_related(package, part)):
                # Notes are not drawn; a master draws nothing of the layouts it lists.
                if kind == "notesSlide" or (kind == "slideLayout" and "slideMaster" in part):
                    continue
                found.update(kind.encode() + b"\0")
                if external:
                    found.update(target.encode())
                    continue
                linked = posixpath.normpath(posixpath.join(posixpath.dirname(part), target))
                if linked in package.NameToInfo and linked not in trail:
                    found.update(digest(linked, (*trail, part)))
            digests[part] = found.digest()
            return digests[part]

        # The slide size and default text styles are drawn on every slide; the slide list is not.
        root, listed = _presentation(package)
        slides = _slides(package, root)
        root.remove(listed)
        common = etree.tostring(root)
        return [hashlib.sha256(common + digest(part)).hexdigest() for _, part in slides]


def excerpt(pptx: Path, numbers: Sequence[int], target: Path) -> None:
    """Write to `target` a copy of `pptx` that shows only slides `numbers`, in the deck's order.

    Only the slide list changes, and the kept slides' number fields become text: LibreOffice
    counts the pages it shows, and slide 12 must still read 12. The pictures LibreOffice draws of
    them are the deck's, byte for byte (a test of `deckgen serve` checks).
    """
    with zipfile.ZipFile(pptx) as package:
        root, listed = _presentation(package)
        slides = _slides(package, root)
        kept = [slides[n - 1] for n in sorted(numbers)]
        for entry in list(listed):
            listed.remove(entry)
        listed.extend(entry for entry, _ in kept)
        parts = {part for _, part in kept}
        with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as copy:
            for info in package.infolist():
                data = package.read(info.filename)
                if info.filename == _PRESENTATION:
                    data = serialize(root)
                elif info.filename in parts:
                    data = _unnumbered(data)
                copy.writestr(zipfile.ZipInfo(info.filename, info.date_time), data)  # stored


def _unnumbered(part: bytes) -> bytes:
    """Return a slide part with its slide number fields as plain runs of the text they show."""
    root = parse(part)
    for field in root.iterfind(".//a:fld[@type='slidenum']", NS):
        field.tag = f"{{{NS['a']}}}r"
        field.attrib.clear()
        for extra in field.findall("a:pPr", NS):  # a run has none
            field.remove(extra)
    return serialize(root)


class LivePictures:
    """The pictures of a deck's slides, drawn again only where a slide's content changed.

    `update` exports the slides to draw and rasterizes their thumbnails (small: quick), then
    returns; their full pictures are rasterized on a thread of their own, which the next
    `update` stops, so an edit never waits for the pictures of the last one.
    """

    def __init__(self, dpi: int = 96, thumb_dpi: int = 40) -> None:
        self.dpi = dpi
        self.thumb_dpi = thumb_dpi
        self._known: OrderedDict[str, Pictures] = OrderedDict()
        self._lock = threading.Lock()
        self._folder = contextlib.ExitStack()  # named for this process: a killed one's is deleted
        self._work = self._folder.enter_context(temporary_folder("pictures"))
        self._generation = 0
        self._finishing: threading.Thread | None = None

    def png(self, digest: str) -> bytes | None:
        """Return the PNG bytes of a picture drawn, by the hash that names it, or None."""
        with self._lock:
            for drawn in self._known.values():
                for picture in (drawn.thumb, drawn.full):
                    if picture is not None and picture.digest == digest:
                        return picture.png
        return None

    def update(
        self, office: Office, pptx: Path, shown: Shown, before: Sequence[Pictures] = ()
    ) -> int:
        """Draw the slides of `pptx` not drawn before with `office`; return how many those are.

        `shown` gets every slide's pictures each time some are drawn: until a slide's new
        picture is, it keeps the one `before` had at its place.
        """
        self._stop_finishing()
        keys = picture_keys(pptx)
        first: dict[str, int] = {}  # a picture shown on two slides is drawn once
        with self._lock:
            for number, key in enumerate(keys, 1):
                if self._known.get(key, Pictures()).full is None:
                    first.setdefault(key, number)
            for key in keys:  # the most recently used last, kept longest
                if key in self._known:
                    self._known.move_to_end(key)
            thumbless = {n for key, n in first.items() if key not in self._known}
        # New pictures first: an edit does not wait for the full pictures an update left undone.
        numbers = sorted(thumbless) + sorted(set(first.values()) - thumbless)

        def show() -> None:
            # Under the lock to the end: two threads' views reach `shown` in the order taken.
            with self._lock:
                views = []
                for i, key in enumerate(keys):
                    new = self._known.get(key, Pictures())
                    old = before[i] if i < len(before) else Pictures()
                    views.append(Pictures(new.thumb or old.thumb, new.full or old.full))
                remaining = sum(1 for key in first if self._known.get(key, Pictures()).full is None)
                shown(views, remaining)

        show()
        if numbers:
            self._generation += 1
            folder = self._work / str(self._generation)
            folder.mkdir()
            try:
                fulls = self._draw_thumbs(office, pptx, keys, numbers, thumbless, folder, show)
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise
            self._finishing = threading.Thread(
                target=self._finish, args=(self._generation, fulls, keys, folder, show), daemon=True
            )
            self._finishing.start()
        with self._lock:
            while len(self._known) > len(set(keys)) + KEEP:
                self._known.popitem(last=False)
        return len(numbers)

    def _draw_thumbs(
        self,
        office: Office,
        pptx: Path,
        keys: list[str],
        numbers: list[int],
        thumbless: set[int],
        folder: Path,
        drawn: Callable[[], None],
    ) -> list[tuple[Path, int, int, list[int]]]:
        """Export slides `numbers` into `folder`, rasterize the thumbnails of those `thumbless`
        and the full picture of the first, calling `drawn` after each; return the spans of pages
        whose full pictures are still to draw."""
        groups = [numbers[:FIRST_GROUP]] + [
            numbers[i : i + GROUP] for i in range(FIRST_GROUP, len(numbers), GROUP)
        ]
        wanted = set(numbers)
        source, numbered = pptx, list(range(len(keys) + 1))  # numbered[n]: slide n of the deck
        if len(numbers) <= EXCERPT < len(keys):
            source, numbered = folder / "excerpt.pptx", [0, *sorted(numbers)]
            excerpt(pptx, numbers, source)
            groups = [[numbered.index(n) for n in group] for group in groups]
        spans: list[tuple[Path, int, int, list[int]]] = []
        workers = procs.available_cpus()
        with ThreadPoolExecutor(workers) as pool:
            futures: list[Future[None]] = []

            def submit(pdf: Path, first: int, last: int, slides: list[int], thumb: bool) -> None:
                task = pool.submit(self._rasterize, pdf, first, last, slides, keys, drawn, thumb)
                futures.append(task)

            for pdf, in_source in office.export(source, groups, folder):
                in_pdf = [numbered[n] for n in in_source]
                chosen = [page for page, n in enumerate(in_pdf, 1) if n in wanted]
                small = [page for page in chosen if in_pdf[page - 1] in thumbless]
                # One pdftoppm run per core: a thumbnail costs less than starting one.
                for first, last in pages.spans(small, max(SPAN, -(-len(small) // workers))):
                    submit(pdf, first, last, in_pdf[first - 1 : last], True)
                if chosen and numbers[0] in in_pdf:  # the large view of a page just opened
                    page = in_pdf.index(numbers[0]) + 1
                    chosen.remove(page)
                    submit(pdf, page, page, [numbers[0]], False)
                spans += [
                    (pdf, first, last, in_pdf[first - 1 : last])
                    for first, last in pages.spans(chosen, SPAN)
                ]
            for future in futures:
                future.result()  # a failed rasterization raises here
        return spans

    def _finish(
        self,
        generation: int,
        spans: list[tuple[Path, int, int, list[int]]],
        keys: list[str],
        folder: Path,
        drawn: Callable[[], None],
    ) -> None:
        """Rasterize the full pictures of `spans`, stopping when a newer update starts."""
        try:
            with ThreadPoolExecutor(procs.available_cpus()) as pool:
                futures = [
                    pool.submit(self._full, generation, pdf, first, last, slides, keys, drawn)
                    for pdf, first, last, slides in spans
                ]
                for future in futures:
                    future.result()
        except Exception:  # whatever failed, on this thread: nobody else would see it
            pass  # the thumbnails stand; the next update draws these again
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _full(
        self,
        generation: int,
        pdf: Path,
        first: int,
        last: int,
        slides: list[int],
        keys: list[str],
        drawn: Callable[[], None],
    ) -> None:
        if generation == self._generation:
            self._rasterize(pdf, first, last, slides, keys, drawn, False)

    def _rasterize(
        self,
        pdf: Path,
        first: int,
        last: int,
        slides: list[int],
        keys: list[str],
        drawn: Callable[[], None],
        thumb: bool,
    ) -> None:
        """Draw pages `first`..`last` of `pdf`, the thumbnails or full pictures of `slides`."""
        pngs = pages.render(pdf, self.thumb_dpi if thumb else self.dpi, first, last)
        if len(pngs) != len(slides):
            raise DeckgenError(
                f"{pdf.name}: LibreOffice's PDF has {len(pngs)} pages for {len(slides)} slides"
            )
        with self._lock:
            for number, png in zip(slides, pngs, strict=True):
                key = keys[number - 1]
                old = self._known.get(key, Pictures())
                picture = Picture.of(png)
                # A slide's thumbnail and full picture are drawn at once, and either may finish
                # first: each keeps the other (both show the content the key names).
                self._known[key] = (
                    Pictures(picture, old.full) if thumb else Pictures(old.thumb, picture)
                )
        drawn()

    def _stop_finishing(self) -> None:
        """Stop drawing the last update's full pictures (after the pages under way)."""
        self._generation += 1
        if self._finishing is not None:
            self._finishing.join()
            self._finishing = None

    def close(self) -> None:
        """Stop drawing and delete the files drawing needed."""
        self._stop_finishing()
        self._folder.close()
