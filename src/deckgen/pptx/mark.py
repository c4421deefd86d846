"""deckgen's mark in a .pptx: what text it wrote, so that a later build can tell an edited deck.

The mark lives in the package's custom properties (`docProps/custom.xml`), which PowerPoint and
LibreOffice keep when they save (File > Properties > Custom lists them). It holds:

- `deckgen-mark`: "1 <slides> <chunks> <package digest>": the mark's format, the deck's slide
  count, how many `deckgen-text-N` properties follow, and a digest of every other member of the
  zip (name, CRC-32 and size, read from the central directory): while it matches, nothing was
  saved over the deck and no XML needs reading.
- `deckgen-text-1`...: the text digests, cut into values of at most 255 characters (the most a
  custom text property holds in PowerPoint's dialog). Slides are separated by commas; a slide is
  the digests of its shapes that hold text, in the order of its shape tree, joined by ".", then
  "+" and the digest of its speaker notes when it has some ("-" for a slide without text).

- `deckgen-source-1`...: where in deck.yaml each slide's text came from, cut likewise: per
  slide its own path, then the path of each shape's text in the order of its digests (and
  "notes"), all as `key/0/key` paths; `deckgen pull` maps an edited shape back by them.

A shape's digest is that of its text as a reader sees it, normalised so that a save by an office
that changes no word gives the same digest: runs joined (LibreOffice splits them by script),
line breaks (`a:br`, a vertical tab, CR LF) as one line feed, spaces at the ends of lines
dropped, Unicode NFC; slide numbers and dates (fields) and formatting do not count (LibreOffice
writes the bold a title inherits as its own). A table is its cells in order, a native chart its
series names, categories and values. A later `deckgen pull` can tell by these which slides and
which shapes changed.

Everything here reads the zip with lxml, never python-pptx, and reads at most a bounded amount.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import posixpath
import struct
import unicodedata
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from deckgen.pptx.xml import DECLARATION, NS_A, NS_C, NS_P, NS_R, NS_RELS, parse, rels_name
from deckgen.pptx.zipend import end_record
from deckgen.record import record

if TYPE_CHECKING:
    from lxml import etree

FORMAT = "1"
"""The mark's format; a mark of another format is read as no mark."""
MARK = "deckgen-mark"
TEXT = "deckgen-text-"
SOURCE = "deckgen-source-"
CHUNK = 255
"""Characters of one text property, at most."""
DIGEST_BYTES = 4
"""Bytes of a shape's digest (8 hex digits): an edit goes unseen once in four billion."""
CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
NS_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
NS_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
"""The property set every custom document property belongs to."""
MAX_DIRECTORY_BYTES = 4_000_000
"""The zip's central directory, at most (about 40,000 members; a 1,000-slide deck has 4,000)."""
MAX_PART_BYTES = 20_000_000
"""One XML part read, at most, unpacked: deckgen's largest slide is a few hundred kB."""
MAX_XML_BYTES = 200_000_000
"""All XML read to compare, at most, unpacked."""
MAX_POINTS = 100_000
"""Points of one native chart's series read back, at most."""
MAX_SLIDES = 10_000
"""Slides compared, at most (a deck has at most 2,000 and their dividers)."""
_SKIPPED_PLACEHOLDERS = frozenset({"sldNum", "dt", "sldImg", "hdr"})
"""Placeholders whose text an office writes itself (slide numbers, dates, the notes page's
picture of its slide)."""
_ROLE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_BREAKS = str.maketrans({"\v": "\n", "\r": "\n", "\u2028": "\n", "\u2029": "\n", "\f": "\n"})


@record
class SlideText:
    """The digests of one slide's text: each shape's that holds text, and its notes'."""

    shapes: tuple[str, ...]
    notes: str = ""

    def encoded(self) -> str:
        """Return the slide as the mark writes it."""
        text = ".".join(self.shapes) + (f"+{self.notes}" if self.notes else "")
        return text or "-"

    @classmethod
    def decoded(cls, text: str) -> SlideText:
        """Return the slide the mark wrote as `text`; raise ValueError if it is not one."""
        shapes, _, notes = text.partition("+")
        found = cls(tuple(s for s in shapes.split(".") if s and s != "-"), notes)
        if any(not _is_digest(d) for d in (*found.shapes, *([notes] if notes else []))):
            raise ValueError("not a slide's digests")
        return found


Source = tuple[str | int, ...]
"""A place in deck.yaml, as the outline names it: ("sections", 0, "slides", 2, "title")."""


@record
class SlideSource:
    """Where one slide's text came from: the slide's own place in deck.yaml, and the place of
    each of its shapes' texts, in the order of the slide's digests (() where none: a section's
    number, a quote's mark)."""

    slide: Source
    shapes: tuple[Source, ...]

    def encoded(self) -> str:
        """Return the slide's sources as the mark writes them."""
        return ";".join(_path_text(path) for path in (self.slide, *self.shapes))

    @classmethod
    def decoded(cls, text: str) -> SlideSource:
        """Return the slide's sources the mark wrote as `text`."""
        slide, *shapes = [_path(part) for part in text.split(";")]
        return cls(slide, tuple(shapes))


def _path_text(path: Source) -> str:
    return "/".join(str(key) for key in path)


def _path(text: str) -> Source:
    return tuple(int(key) if key.isdigit() else key for key in text.split("/") if key)


@record
class Mark:
    """What deckgen wrote into a package: its text digests and the digest of its members, and
    where in deck.yaml each text came from (empty in a mark written before `pull`)."""

    slides: tuple[SlideText, ...]
    package: str = ""
    sources: tuple[SlideSource, ...] = ()


@record
class Change:
    """Text that differs on one slide: its number (from 1), shapes and notes changed."""

    slide: int
    shapes: int
    notes: bool

    @property
    def count(self) -> int:
        """Return the number of changes: each shape, and the notes."""
        return self.shapes + int(self.notes)


@record
class Verdict:
    """What a .pptx holds, against what deckgen wrote into it.

    `state`: "unedited" (deckgen's text, as written), "edited", "legacy" (a deck written by a
    deckgen that left no mark, saved by no other program since), "foreign" (not a deck deckgen
    wrote, or not one it can read: `reason` says why).
    """

    state: Literal["unedited", "edited", "legacy", "foreign"]
    changes: tuple[Change, ...] = ()
    slides: tuple[int, int] = (0, 0)
    """Slides written and slides now."""
    reason: str = ""


def text_digest(text: str) -> str:
    """Return the digest of a shape's text, normalised (see the module's description)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").translate(_BREAKS))
    text = "\n".join(line.rstrip() for line in text.split("\n")).strip()
    if not text:
        return ""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=DIGEST_BYTES).hexdigest()


def _is_digest(text: str) -> bool:
    return len(text) == 2 * DIGEST_BYTES and all(c in "0123456789abcdef" for c in text)


Reader = Callable[[str], bytes | None]
"""Returns a part's bytes by name, None when the package has no such part."""


def slide_texts(read: Reader) -> tuple[SlideText, ...]:
    """Return the digests of every slide's text, in slide order, from the package `read` reads.

    Raise ValueError when a part it needs is missing or no XML.
    """
    main = _target(read, "", "officeDocument")
    if main is None:
        raise ValueError("no presentation")
    presentation = _xml(read, main)
    rels = _rels(read, main)
    found: list[SlideText] = []
    for listed in presentation.iterfind(f"{{{NS_P}}}sldIdLst/{{{NS_P}}}sldId"):
        if len(found) >= MAX_SLIDES:
            raise ValueError("too many slides")
        slide = rels.get(listed.get(f"{{{NS_R}}}id", ""))
        if slide is None:
            raise ValueError("a slide the presentation lists is missing")
        found.append(_slide_text(read, slide))
    return tuple(found)


CACHED_BYTES = 1_000_000
"""A slide and its notes page of at most this many bytes are remembered with their digests."""


def _slide_text(read: Reader, part: str) -> SlideText:
    """Return the digests of the text of slide `part` and of its notes page."""
    rels = _rels(read, part)
    slide = _bytes(read, part)
    notes_part = rels.get("type:notesSlide")
    notes = None if notes_part is None else _bytes(read, notes_part)
    if NS_C.encode() in slide or len(slide) + len(notes or b"") > CACHED_BYTES:
        return _digested(slide, notes, rels, read)  # a chart's values are in another part
    return _remembered(slide, notes)


@functools.lru_cache(maxsize=4096)
def _remembered(slide: bytes, notes: bytes | None) -> SlideText:
    """Return `_digested` of a slide without charts: `watch` and `serve`, which write and check
    the same slides again and again, digest only those that changed; a build, those no build
    before it digested (`remember`)."""
    key = hashlib.blake2b(slide, digest_size=16).hexdigest() + (
        "-" if notes is None else hashlib.blake2b(notes, digest_size=16).hexdigest()
    )
    with contextlib.suppress(KeyError, ValueError):  # unknown, or no digests: read the XML
        return SlideText.decoded(_KNOWN[key])
    found = _digested(slide, notes, {}, lambda _name: None)
    _FOUND[key] = found.encoded()
    return found


_KNOWN: dict[str, str] = {}
"""Slides' text digests earlier builds found (`remember`), encoded, by their XML's digest."""
_FOUND: dict[str, str] = {}
"""Slides' text digests this process found in their XML, encoded, by the XML's digest."""


def remember(digests: dict[str, str]) -> None:
    """Take `digests` (as `found` returned them, by the same deckgen) as known: parsing the XML
    of 45 slides again took a rebuild 5 ms."""
    _KNOWN.update(digests)
    _remembered.cache_clear()


def found() -> dict[str, str]:
    """Return the slides' text digests this process found in their XML."""
    return dict(_FOUND)


def _digested(slide: bytes, notes: bytes | None, rels: dict[str, str], read: Reader) -> SlideText:
    """Return the digests of the text of `slide` (XML) and of its notes page's body."""
    tree = parse(slide).find(f"{{{NS_P}}}cSld/{{{NS_P}}}spTree")
    shapes = [] if tree is None else _shape_digests(tree, rels, read)
    digest = ""
    if notes is not None:
        notes_tree = parse(notes).find(f"{{{NS_P}}}cSld/{{{NS_P}}}spTree")
        if notes_tree is not None:
            texts = [
                _text(shape)
                for shape in notes_tree.iter(f"{{{NS_P}}}sp")
                if _placeholder(shape) == "body"
            ]
            digest = text_digest("\n".join(texts))
    return SlideText(tuple(shapes), digest)


def _shape_digests(tree: etree._Element, rels: dict[str, str], read: Reader) -> list[str]:
    """Return the digest of each shape of `tree` that holds text, groups' shapes in place."""
    return [digest for _shape, digest in text_shapes(tree, rels, read)]


def text_shapes(
    tree: etree._Element, rels: dict[str, str], read: Reader
) -> list[tuple[etree._Element, str]]:
    """Return each shape of the shape tree `tree` that holds text, with its text's digest, in
    the order the mark lists them: a group's shapes in its place, slide numbers and dates left
    out; a shape is a text shape (`p:sp`) or a graphic frame (a table, a native chart)."""
    found = []
    for shape in tree:
        tag = shape.tag
        if tag == f"{{{NS_P}}}grpSp":
            found += text_shapes(shape, rels, read)
            continue
        if tag == f"{{{NS_P}}}sp":
            if _placeholder(shape) in _SKIPPED_PLACEHOLDERS:
                continue
            text = _text(shape)
        elif tag == f"{{{NS_P}}}graphicFrame":
            text = _frame_text(shape, rels, read)
        else:
            continue
        digest = text_digest(text)
        if digest:
            found.append((shape, digest))
    return found


def _placeholder(shape: etree._Element) -> str | None:
    """Return the placeholder type of `shape` ("body" when it names none), None if it is none."""
    ph = shape.find(f"{{{NS_P}}}nvSpPr/{{{NS_P}}}nvPr/{{{NS_P}}}ph")
    return None if ph is None else ph.get("type", "body")


_P, _R, _T, _BR = (f"{{{NS_A}}}{tag}" for tag in ("p", "r", "t", "br"))


def _text(element: etree._Element) -> str:
    """Return the text of the paragraphs under `element`, one line each: the text of their
    runs, their line breaks as line feeds; fields (slide numbers, dates) left out."""
    parts = []
    first = True
    for item in element.iter(_P, _T, _BR):  # one pass, in document order
        tag = item.tag
        if tag == _T:
            if item.getparent().tag == _R:  # type: ignore[union-attr]  # a:t is never the root
                parts.append(item.text or "")
        elif tag == _BR:
            parts.append("\n")
        elif first:
            first = False
        else:
            parts.append("\n")
    return "".join(parts)


def _frame_text(frame: etree._Element, rels: dict[str, str], read: Reader) -> str:
    """Return the text of a graphic frame: a table's cells, a native chart's names and values."""
    table = frame.find(f".//{{{NS_A}}}tbl")
    if table is not None:
        return table_text(
            [_text(cell) for cell in row.iterfind(f"{{{NS_A}}}tc")]
            for row in table.iterfind(f"{{{NS_A}}}tr")
        )
    chart = frame.find(f".//{{{NS_C}}}chart")
    part = None if chart is None else rels.get(chart.get(f"{{{NS_R}}}id", ""))
    if part is None:
        return ""
    found = []
    for series in _xml(read, part).iter(f"{{{NS_C}}}ser"):
        keys = [(key, series.find(f"{{{NS_C}}}{key}")) for key in _CHART_KEYS]
        found.append(
            [
                (key, [v.text or "" for v in e.iter(f"{{{NS_C}}}v")])
                for key, e in keys
                if e is not None
            ]
        )
    return chart_text(found)


_CHART_KEYS = ("tx", "cat", "val", "xVal", "yVal")
"""The parts of a chart's series whose cached values the mark digests, in this order."""


def table_text(rows: Iterable[Iterable[str]]) -> str:
    """Return a table's text as the mark digests it: a row a line, its cells between tabs, a
    cell's line breaks as spaces."""
    return "\n".join("\t".join(cell.replace("\n", " ") for cell in row) for row in rows)


def chart_text(series: Iterable[Iterable[tuple[str, Iterable[str]]]]) -> str:
    """Return a native chart's text as the mark digests it: for each series, a line for each
    of its parts (`_CHART_KEYS`: name, categories, values) with its values in one spelling."""
    return "\n".join(
        f"{key}\t" + "\t".join(chart_value(v) for v in values)
        for parts in series
        for key, values in parts
    )


def chart_value(text: str) -> str:
    """Return a chart's cached value as one spelling: a number as its shortest form."""
    try:
        return repr(float(text))
    except ValueError:
        return text.strip()


def _bytes(read: Reader, part: str) -> bytes:
    data = read(part)
    if data is None:
        raise ValueError(f"{part} is missing")
    return data


def _xml(read: Reader, part: str) -> etree._Element:
    return parse(_bytes(read, part))


def _rels(read: Reader, part: str) -> dict[str, str]:
    """Return the internal targets of `part`'s relationships, by id, as part names."""
    data = read(rels_name(part) if part else "_rels/.rels")
    if data is None:
        return {}
    folder = posixpath.dirname(part)
    found = {}
    for rel in parse(data).iterfind(f"{{{NS_RELS}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        name = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        found[rel.get("Id", "")] = posixpath.normpath(name)
        found["type:" + rel.get("Type", "").rsplit("/", 1)[-1]] = found[rel.get("Id", "")]
    return found


def _target(read: Reader, part: str, kind: str) -> str | None:
    """Return the part `part` ("" for the package) relates to as `kind`, or None."""
    return _rels(read, part).get(f"type:{kind}")


def package_digest(members: Sequence[tuple[str, int, int]]) -> str:
    """Return the digest of a zip's members (name, CRC-32, size), the custom properties aside."""
    text = "".join(f"{n}\0{crc}\0{size}\n" for n, crc, size in sorted(members))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def properties(mark: Mark) -> list[tuple[str, str]]:
    """Return the custom properties that hold `mark`, in order: name and text."""
    text = ",".join(slide.encoded() for slide in mark.slides)
    chunks = [text[i : i + CHUNK] for i in range(0, len(text), CHUNK)] or [""]
    head = f"{FORMAT} {len(mark.slides)} {len(chunks)} {mark.package}"
    found = [(MARK, head)] + [(f"{TEXT}{n}", chunk) for n, chunk in enumerate(chunks, 1)]
    if mark.sources:
        where = ",".join(source.encoded() for source in mark.sources)
        pieces = [where[i : i + CHUNK] for i in range(0, len(where), CHUNK)]
        found += [(f"{SOURCE}{n}", piece) for n, piece in enumerate(pieces, 1)]
    return found


def custom_xml(mark: Mark, existing: bytes | None = None) -> bytes:
    """Return the custom properties part: `existing`'s properties (any earlier mark left out)
    and `mark`'s."""
    from lxml import etree

    if existing is None:
        root = etree.Element(f"{{{NS_CUSTOM}}}Properties", nsmap={None: NS_CUSTOM, "vt": NS_VT})
    else:
        root = parse(existing)
        for prop in list(root):
            if _ours(prop.get("name", "")):
                root.remove(prop)
    pids = [int(p.get("pid", "0")) for p in root if p.get("pid", "").isdigit()]
    pid = max([1, *pids]) + 1
    for n, (name, value) in enumerate(properties(mark)):
        prop = etree.SubElement(
            root, f"{{{NS_CUSTOM}}}property", fmtid=FMTID, pid=str(pid + n), name=name
        )
        etree.SubElement(prop, f"{{{NS_VT}}}lpwstr").text = value
    body = etree.tostring(root, encoding="unicode")
    return f"{DECLARATION}{body}".encode()


def _ours(name: str) -> bool:
    return name == MARK or any(
        name.startswith(prefix) and name[len(prefix) :].isdigit() for prefix in (TEXT, SOURCE)
    )


def read_mark(data: bytes) -> Mark | None:
    """Return the mark in the custom properties part `data`, None when it holds none that
    deckgen can read (another format, a part missing, a digest damaged)."""
    values = {}
    for prop in parse(data).iterfind(f"{{{NS_CUSTOM}}}property"):
        name = prop.get("name", "")
        if _ours(name):
            value = prop.find(f"{{{NS_VT}}}lpwstr")
            values[name] = "" if value is None else value.text or ""
    fields = values.get(MARK, "").split(" ")
    if len(fields) != 4 or fields[0] != FORMAT or not all(f.isdigit() for f in fields[1:3]):
        return None
    slides, chunks = int(fields[1]), int(fields[2])
    try:
        text = "".join(values[f"{TEXT}{n}"] for n in range(1, chunks + 1))
        found = tuple(SlideText.decoded(s) for s in text.split(",")) if slides else ()
    except (KeyError, ValueError):
        return None
    if len(found) != slides:
        return None
    return Mark(found, fields[3], _sources(values, found))


def _sources(values: dict[str, str], slides: tuple[SlideText, ...]) -> tuple[SlideSource, ...]:
    """Return the sources the mark holds, () when it holds none or none that fit its digests."""
    pieces = []
    for n in range(1, len(values) + 1):
        if f"{SOURCE}{n}" not in values:
            break
        pieces.append(values[f"{SOURCE}{n}"])
    if not pieces:
        return ()
    try:
        found = tuple(SlideSource.decoded(text) for text in "".join(pieces).split(","))
    except ValueError:
        return ()
    fits = len(found) == len(slides) and all(
        len(source.shapes) == len(text.shapes) for source, text in zip(found, slides, strict=False)
    )
    return found if fits else ()


def compare(written: Sequence[SlideText], now: Sequence[SlideText]) -> tuple[Change, ...]:
    """Return the slides whose text differs between `written` and `now`, slide by slide in
    order (a shape counts as changed when its text is not among those written there)."""
    found = []
    for number, (before, after) in enumerate(zip(written, now, strict=False), start=1):
        old, new = Counter(before.shapes), Counter(after.shapes)
        shapes = max(sum((old - new).values()), sum((new - old).values()))
        notes = before.notes != after.notes
        if shapes or notes:
            found.append(Change(number, shapes, notes))
    return tuple(found)


def examine(path: Path) -> Verdict:
    """Return what the .pptx at `path` holds against what deckgen wrote into it.

    Reads the zip's central directory and, when the package is not exactly as written, the
    slides' and notes' XML: a bounded amount (MAX_DIRECTORY_BYTES, MAX_PART_BYTES,
    MAX_XML_BYTES), never python-pptx.
    """

    try:
        check_directory(path)
        with zipfile.ZipFile(path) as archive:
            return _examine(archive)
    except (OSError, zipfile.BadZipFile, struct.error):
        return Verdict("foreign", reason="is not a .pptx that deckgen can read")
    except damaged_errors():
        return Verdict("foreign", reason="is a damaged .pptx")


def bounded_reader(archive: zipfile.ZipFile) -> Reader:
    """Return a reader of `archive`'s parts that raises ValueError past MAX_PART_BYTES for one
    part or MAX_XML_BYTES in all, or when a part is larger than the zip says."""
    budget = [MAX_XML_BYTES]

    def read(name: str) -> bytes | None:
        try:
            info = archive.getinfo(name)
        except KeyError:
            return None
        if info.file_size > min(MAX_PART_BYTES, budget[0]):
            raise ValueError(f"{name} is too large")
        budget[0] -= info.file_size
        with archive.open(info) as member:
            data = member.read(info.file_size + 1)
        if len(data) > info.file_size:
            raise ValueError(f"{name} is larger than it says")
        return data

    return read


def read_package_mark(read: Reader) -> Mark | None:
    """Return the mark of the package `read` reads, None when it has none deckgen can read."""
    custom = _target(read, "", "custom-properties")
    data = None if custom is None else read(custom)
    return None if data is None else read_mark(data)


def slide_parts(read: Reader) -> list[str]:
    """Return the package's slide parts, in the presentation's order; raise ValueError when
    one it lists is missing."""
    main = _target(read, "", "officeDocument")
    if main is None:
        raise ValueError("no presentation")
    rels = _rels(read, main)
    found: list[str] = []
    for listed in _xml(read, main).iterfind(f"{{{NS_P}}}sldIdLst/{{{NS_P}}}sldId"):
        if len(found) >= MAX_SLIDES:
            raise ValueError("too many slides")
        slide = rels.get(listed.get(f"{{{NS_R}}}id", ""))
        if slide is None:
            raise ValueError("a slide the presentation lists is missing")
        found.append(slide)
    return found


def relationships(read: Reader, part: str) -> dict[str, str]:
    """Return the internal targets of `part`'s relationships, by id and by "type:<kind>"."""
    return _rels(read, part)


def external_links(read: Reader, part: str) -> dict[str, str]:
    """Return the external targets (hyperlinks) of `part`'s relationships, by id."""
    data = read(rels_name(part))
    if data is None:
        return {}
    return {
        rel.get("Id", ""): rel.get("Target", "")
        for rel in parse(data).iterfind(f"{{{NS_RELS}}}Relationship")
        if rel.get("TargetMode") == "External"
    }


def same_text(path: Path, data: bytes) -> bool:
    """Return whether the package `data` shows every text edited in the .pptx at `path` since
    deckgen wrote it, as it shows it: white space aside (a headline deckgen breaks anew, a line
    break typed as a space), quotation marks straight or curly. Then replacing it loses no edit:
    they were brought into deck.yaml (`deckgen pull`); what else differs is deckgen's own text,
    changed in deck.yaml since, or a value shown twice (the date on the cover and at the end)
    edited in one place. A text is edited when its digest is not among those the mark holds
    for its slide (notes: unlike the notes written); a deck with slides added or deleted must
    show the same text, slide by slide."""
    import io

    unreadable: tuple[type[BaseException], ...] = (OSError, zipfile.BadZipFile, struct.error)
    unreadable += damaged_errors()
    try:
        with zipfile.ZipFile(path) as now, zipfile.ZipFile(io.BytesIO(data)) as new:
            read = bounded_reader(now)
            old, fresh = _loose_texts(read), _loose_texts(bounded_reader(new))
            written = read_package_mark(read)
    except unreadable:
        return False
    if written is None or len(written.slides) != len(old):
        return [_texts_only(s) for s in old] == [_texts_only(s) for s in fresh]
    edited: Counter[str] = Counter()
    for before, (shapes, notes) in zip(written.slides, old, strict=True):
        unchanged = Counter(before.shapes)
        for digest, text in shapes:
            if unchanged[digest] > 0:
                unchanged[digest] -= 1
            else:
                edited[text] += 1
        if notes is not None and notes[0] != before.notes:
            edited[notes[1]] += 1
    shown = Counter(text for slide in fresh for text in _texts_only(slide))
    return not edited - shown


_Loose = tuple[list[tuple[str, str]], tuple[str, str] | None]
"""A slide's texts (digest and loose text, in the mark's order) and its notes' (None: none)."""


def _texts_only(slide: _Loose) -> list[str]:
    shapes, notes = slide
    return [text for _digest, text in shapes] + ([] if notes is None else [notes[1]])


def _loose_texts(read: Reader) -> list[_Loose]:
    """Return each slide's texts and its notes', with their digests, white space as single
    spaces."""
    found: list[_Loose] = []
    for part in slide_parts(read):
        rels = _rels(read, part)
        tree = _xml(read, part).find(f"{{{NS_P}}}cSld/{{{NS_P}}}spTree")
        texts = []
        for shape, digest in [] if tree is None else text_shapes(tree, rels, read):
            text = _text(shape) if shape.tag == f"{{{NS_P}}}sp" else _frame_text(shape, rels, read)
            texts.append((digest, _loose(text)))
        notes = None
        notes_part = rels.get("type:notesSlide")
        if notes_part is not None:
            notes_tree = _xml(read, notes_part)
            body = "\n".join(
                _text(sp) for sp in notes_tree.iter(f"{{{NS_P}}}sp") if _placeholder(sp) == "body"
            )
            notes = (text_digest(body), _loose(body))
        found.append((texts, notes))
    return found


_STRAIGHT = str.maketrans("\u201c\u201d\u2018\u2019", "\"\"''")


def _loose(text: str) -> str:
    """Return `text` NFC, white space as single spaces, quotation marks straight: deckgen sets
    a quote typed straight in PowerPoint as a typographic one, the same text."""
    return " ".join(unicodedata.normalize("NFC", text).split()).translate(_STRAIGHT)


def _examine(archive: zipfile.ZipFile) -> Verdict:
    read = bounded_reader(archive)
    custom = _target(read, "", "custom-properties")
    data = None if custom is None else read(custom)
    mark = None if data is None else read_mark(data)
    if mark is None and data is not None and MARK.encode() in data:
        return Verdict("foreign", reason="has a damaged deckgen mark")
    if mark is None:
        return Verdict("legacy") if _legacy(read) else Verdict("foreign", reason="has no mark")
    members = [
        (info.filename, info.CRC, info.file_size)
        for info in archive.infolist()
        if info.filename != custom
    ]
    written = len(mark.slides)
    if package_digest(members) == mark.package:
        return Verdict("unedited", slides=(written, written))
    now = slide_texts(read)
    changes = compare(mark.slides, now)
    if changes or len(now) != written:
        return Verdict("edited", changes, (written, len(now)))
    return Verdict("unedited", slides=(written, written))


def _legacy(read: Reader) -> bool:
    """Return whether the package is one an earlier deckgen wrote, which left no mark, and no
    office saved since: its application is deckgen, and deckgen modified it last."""
    app = _target(read, "", "extended-properties")
    core = _target(read, "", "core-properties")
    if app is None or core is None:
        return False
    application = parse(read(app) or b"<x/>").find(
        "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}Application"
    )
    modified = parse(read(core) or b"<x/>").find(
        "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}lastModifiedBy"
    )
    return (
        application is not None
        and application.text == "deckgen"
        and modified is not None
        and modified.text == "deckgen"
    )


def damaged_errors() -> tuple[type[Exception], ...]:
    """Return what reading a damaged, protected or hostile package raises past its zip: a
    bound passed, a part missing or no XML, a broken stream."""
    from lxml import etree

    return (
        ValueError,
        KeyError,
        EOFError,
        zlib.error,
        NotImplementedError,
        RuntimeError,
        etree.LxmlError,
    )


def check_directory(path: Path) -> None:
    """Raise ValueError when the zip at `path` declares a central directory past
    MAX_DIRECTORY_BYTES (zipfile would read all of it), BadZipFile when it has none."""
    with path.open("rb") as file:
        tail, end, _start = end_record(file)
    (size,) = struct.unpack("<I", tail[end + 12 : end + 16])
    if size > MAX_DIRECTORY_BYTES or b"PK\x06\x07" in tail[max(0, end - 20) : end]:
        raise ValueError("too many members")  # zip64: far past any deck deckgen writes
