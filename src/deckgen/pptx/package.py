"""Put a .pptx together: a base package (masters, layouts, theme) plus the deck's slides.

The base is a presentation without slides, made by `deckgen.pptx.base` with python-pptx and kept in
the cache; this module adds slides, notes pages, pictures and charts to it as parts, lists them in
`[Content_Types].xml`, `ppt/presentation.xml` and its relationships, and writes the file
properties. Zip entries have a fixed date and order, so the same deck gives the same bytes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import io
import json
import posixpath
import re
import zipfile
import zlib
from collections.abc import Mapping
from pathlib import Path

from lxml import etree

from deckgen.layout.design import slot_name
from deckgen.layout.script import has_hangul
from deckgen.pptx import mark
from deckgen.pptx.slidexml import Layout, NotesPlaceholder, Placeholder, Written
from deckgen.pptx.xml import DECLARATION, NS_A, NS_P, NS_R, Rel, esc, parse, rels_name, rels_xml
from deckgen.record import record

BASE_INFO = "deckgen/base.json"
"""The member of a cached base package that describes it; left out of the deck."""
SLIDES_MARK = b"<!--deckgen:slides-->"
"""Where the slide list goes in the base's `ppt/presentation.xml`."""
SECTIONS_MARK = b"<!--deckgen:sections-->"
"""Where the sections go in deckgen's own base (a template's go into its extension list)."""
SECTIONS_EXT = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"
"""The presentation extension that holds PowerPoint's sections (PowerPoint 2010 and later)."""
P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
NS_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_MARKS = (SLIDES_MARK.decode()[4:-3], SECTIONS_MARK.decode()[4:-3])
"""The text of the slides and sections marks, as comments hold it."""
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_TYPE = "application/vnd.openxmlformats-officedocument."
SLIDE_TYPE = _TYPE + "presentationml.slide+xml"
NOTES_TYPE = _TYPE + "presentationml.notesSlide+xml"
CHART_TYPE = _TYPE + "drawingml.chart+xml"
EXTENSION_TYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "svg": "image/svg+xml",
    "xlsx": _TYPE + "spreadsheetml.sheet",
}


@record
class Base:
    """A package without slides, and what a slide needs to know of it."""

    data: bytes
    """The package, a zip."""
    layouts: dict[str, Layout]
    """The layout of each design, by its key."""
    notes_master: str
    notes_placeholders: tuple[NotesPlaceholder, ...]
    presentation: str
    """The presentation part's name, such as "ppt/presentation.xml"."""
    core: str
    """The core properties part's name, such as "docProps/core.xml"."""

    def packed(self) -> bytes:
        """Return the base as one zip: the package with a description of it added."""
        info = dataclasses.asdict(self)
        del info["data"]
        out = io.BytesIO(self.data)
        with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
            put(archive, BASE_INFO, json.dumps(info, sort_keys=True).encode())
        return out.getvalue()

    @classmethod
    def unpack(cls, data: bytes) -> Base:
        """Return the base packed into `data` by `packed`; raise ValueError if it is damaged."""
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if archive.testzip() is not None:  # every member read back, its CRC checked
                    raise ValueError("damaged")
                info = json.loads(archive.read(BASE_INFO))
                marks = archive.read(info["presentation"]).count(SLIDES_MARK)
        except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, TypeError) as exc:
            raise ValueError("damaged") from exc
        if marks != 1:
            raise ValueError("damaged: no place for the slides")
        return cls(
            data,
            {
                key: Layout(
                    layout["part"],
                    {
                        slot_name(name): Placeholder(holder["type"], holder["idx"])
                        for name, holder in layout["placeholders"].items()
                    },
                    layout["own"],
                )
                for key, layout in info["layouts"].items()
            },
            info["notes_master"],
            tuple(NotesPlaceholder(**holder) for holder in info["notes_placeholders"]),
            info["presentation"],
            info["core"],
        )


@record
class CoreProperties:
    """The file's properties (File > Info): from the deck, so they are the same every build.

    Created and modified are the deck's date, or left out when it gives none (a build's own
    date would vary); last printed is always left out: deckgen prints nothing."""

    title: str
    subject: str
    author: str
    language: str
    when: dt.date | None

    def xml(self) -> bytes:
        """Return the core properties part."""
        dates = ""
        if self.when is not None:
            when = self.when
            stamp = f"{when.year:04d}-{when.month:02d}-{when.day:02d}T00:00:00Z"
            w3c = 'xsi:type="dcterms:W3CDTF"'
            dates = (
                f"<dcterms:created {w3c}>{stamp}</dcterms:created>"
                f"<dcterms:modified {w3c}>{stamp}</dcterms:modified>"
            )
        return (
            f"{DECLARATION}<cp:coreProperties"
            ' xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
            ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
            ' xmlns:dcterms="http://purl.org/dc/terms/"'
            ' xmlns:dcmitype="http://purl.org/dc/dcmitype/"'
            ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{esc(self.title)}</dc:title>"
            f"<dc:subject>{esc(self.subject)}</dc:subject>"
            f"<dc:creator>{esc(self.author)}</dc:creator>"
            "<cp:keywords></cp:keywords><dc:description></dc:description>"
            "<cp:lastModifiedBy>deckgen</cp:lastModifiedBy><cp:revision>1</cp:revision>"
            f"<dc:language>{esc(self.language)}</dc:language>"
            f"{dates}</cp:coreProperties>"
        ).encode()


class Package:
    """A deck being put together on `base`: slides and the parts they refer to."""

    def __init__(self, base: Base) -> None:
        self.base = base
        self.source = zipfile.ZipFile(io.BytesIO(base.data))
        self.taken = {name for name in self.source.namelist() if name != BASE_INFO}
        self.parts: list[tuple[str, bytes]] = []
        self.overrides: list[tuple[str, str]] = []
        self.slides: list[str] = []
        self.sources: list[mark.SlideSource] = []
        """Where each slide's texts came from in deck.yaml, for the mark."""
        self._next: dict[str, int] = {}
        """By pattern: the number below which every name of it is taken."""

    def name(self, pattern: str) -> str:
        """Return the first free part name of `pattern` ("ppt/media/image{}.png"), taken.

        Names are only ever taken, so the search for a pattern goes on where it last ended:
        20,000 slides are named in linear time, not in square time.
        """
        number = self._next.get(pattern, 1)
        while pattern.format(number) in self.taken:
            number += 1
        name = pattern.format(number)
        self.taken.add(name)
        self._next[pattern] = number + 1
        return name

    def add(self, name: str, data: bytes, content_type: str | None = None) -> None:
        """Add part `name`; an XML part names its content type, others go by extension."""
        self.parts.append((name, data))
        if content_type is not None:
            self.overrides.append((name, content_type))

    def add_slide(self, name: str, slide: Written, notes: str, notes_rels: list[Rel]) -> None:
        """Add slide part `name` with its relationships and its notes page, named `notes`."""
        self.slides.append(name)
        self.sources.append(mark.SlideSource(slide.source, slide.sources))
        self.add(name, slide.xml, SLIDE_TYPE)
        self.add(rels_name(name), rels_xml(slide.rels))
        if slide.notes is not None:
            self.add(notes, slide.notes, NOTES_TYPE)
            self.add(rels_name(notes), rels_xml(notes_rels))

    def save(
        self,
        core: CoreProperties,
        app: AppProperties,
        sections: list[tuple[str, list[int]]],
        thumbnail: bytes,
        cache: Path | None = None,
        ahead: Mapping[bytes, bytes] | None = None,
    ) -> bytes:
        """Return the package's bytes: its parts, the file's properties, the deck's sections
        (each a name and the numbers of its slides, from 0) and a thumbnail of its first slide.

        With `cache` (a folder), the pictures' compressed bytes are read from it, or kept there:
        compressing them is most of the zip's time, and the same bytes compress the same.
        `ahead` holds parts compressed before (`prime`), by their bytes.
        """
        ahead = ahead or {}
        base = self.base
        names = set(self.source.namelist())
        extras: list[tuple[str, bytes]] = []
        package_rels = self.source.read("_rels/.rels")
        app_part = _related(self.source, "extended-properties") or "docProps/app.xml"
        if app_part not in names:
            extras.append((app_part, app.xml()))
            self.overrides.append((app_part, _TYPE + "extended-properties+xml"))
            package_rels = _add_package_rel(package_rels, "extended-properties", app_part)
        # deckgen's mark (`mark`): the text it wrote, among the file's custom properties.
        custom_part = _related(self.source, "custom-properties")
        if custom_part is None or custom_part not in names:
            custom_part = "docProps/custom.xml"
            if custom_part in self.taken:  # a part nothing relates to: left as it is
                custom_part = self.name("docProps/custom{}.xml")
            self.overrides.append((custom_part, mark.CUSTOM_TYPE))
            package_rels = _add_package_rel(package_rels, "custom-properties", custom_part)
            extras.append((custom_part, b""))  # written once the rest is known
        picture = _related(self.source, "metadata/thumbnail")
        replaced = {
            "[Content_Types].xml": self._content_types(),
            base.presentation: self._presentation(sections),
            rels_name(base.presentation): self._presentation_rels(),
            base.core: core.xml(),
            app_part: app.xml(),
            "_rels/.rels": package_rels,
        }
        if picture is not None:
            replaced[picture] = thumbnail
        entries = [
            (info.filename, replaced.get(info.filename) or self.source.read(info))
            for info in self.source.infolist()
            if info.filename != BASE_INFO
        ]
        entries += [*extras, *self.parts]
        members = {name: data for name, data in entries}
        texts = mark.slide_texts(members.get)
        fits = len(texts) == len(self.sources) and all(
            len(text.shapes) == len(source.shapes)
            for text, source in zip(texts, self.sources, strict=True)
        )
        written = mark.Mark(
            texts,
            mark.package_digest(
                [(n, zlib.crc32(d), len(d)) for n, d in entries if n != custom_part]
            ),
            tuple(self.sources) if fits else (),  # never a map that could misplace an edit
        )
        existing = self.source.read(custom_part) if custom_part in names else None
        custom = mark.custom_xml(written, existing)
        deflated = _deflated(cache, [d for n, d in entries if _memoized(n, d)], ahead)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for name, data in entries:
                data = custom if name == custom_part else data
                # Compressed here, written as `writestr` would: without its bookkeeping per
                # entry (a tenth of the zip's time for a deck's 250 small parts).
                packed = deflated.get(data) if _memoized(name, data) else None
                put(target, name, data, deflate(data) if packed is None else packed)
        return out.getvalue()

    def fonts(self) -> tuple[str, ...]:
        """Return every face the package names, as PowerPoint lists them under Fonts Used: its
        masters' theme fonts (headings, then body: Latin, East Asian, complex script; for
        Hangul text, the theme's Hangul face where it names no East Asian one), then each face
        a master, layout, slide, chart or notes page names itself (Arial for bullet
        characters...), in the order found."""
        members = [
            (info.filename, self.source.read(info))
            for info in self.source.infolist()
            if info.filename.startswith("ppt/")
            and info.filename.endswith(".xml")
            and not info.filename.startswith("ppt/theme/")
        ]
        parts = [(name, data) for name, data in [*members, *self.parts] if name.endswith(".xml")]

        @functools.cache
        def hangul() -> bool:
            """Return whether any part holds Hangul (the slides first: they hold the text)."""
            return any(has_hangul(data.decode("utf-8", "replace")) for _, data in parts[::-1])

        found: dict[str, None] = {}
        for theme in self._themes():
            root = parse(self.source.read(theme))
            for group in ("majorFont", "minorFont"):
                for script in ("latin", "ea", "cs"):
                    face = root.find(f".//{{{NS_A}}}{group}/{{{NS_A}}}{script}")
                    name = "" if face is None else face.get("typeface", "")
                    if script == "ea" and not name and hangul():
                        face = root.find(f".//{{{NS_A}}}{group}/{{{NS_A}}}font[@script='Hang']")
                        name = "" if face is None else face.get("typeface", "")
                    found[name] = None
        for _, data in parts:
            if data.count(b"typeface") == data.count(b'typeface="+'):
                # No face named, only the theme's (+mj-lt...): most slides, whose runs take
                # their faces from the master, and most layouts (parsing them all took a
                # tenth of a rebuild)
                continue
            for element in parse(data).iterfind(".//*[@typeface]"):
                found[element.get("typeface", "")] = None
        return tuple(face for face in found if face and not face.startswith("+"))

    def _themes(self) -> list[str]:
        """Return the theme parts of the package's masters: slide, notes, then handout ones."""
        themes: dict[str, None] = {}
        names = sorted(self.source.namelist())
        for kind in ("slideMasters", "notesMasters", "handoutMasters"):
            folder = f"ppt/{kind}"
            for name in names:
                if name.startswith(f"{folder}/_rels/") and name.endswith(".xml.rels"):
                    for rel in parse(self.source.read(name)):
                        if rel.get("Type", "").endswith("/theme"):
                            target = posixpath.join(folder, rel.get("Target", ""))
                            themes[posixpath.normpath(target)] = None
        return [theme for theme in themes if theme in self.taken]

    def _content_types(self) -> bytes:
        source = self.source.read("[Content_Types].xml")
        root = parse(source)
        known = {d.get("Extension", "").lower() for d in root.iterfind(f"{{{NS_TYPES}}}Default")}
        used = {name.rsplit(".", 1)[-1].lower() for name, _ in self.parts}
        for ext in sorted(used - known):
            if ext in EXTENSION_TYPES:
                _add(
                    root, f"{{{NS_TYPES}}}Default", Extension=ext, ContentType=EXTENSION_TYPES[ext]
                )
        for name, kind in self.overrides:
            _add(root, f"{{{NS_TYPES}}}Override", PartName=f"/{name}", ContentType=kind)
        return _serialize(root, source)

    def _presentation(self, sections: list[tuple[str, list[int]]]) -> bytes:
        source = self.source.read(self.base.presentation)
        root = parse(source)
        marks = {c.text: c for c in root.iter(etree.Comment) if c.text in _MARKS}
        slides = marks[_MARKS[0]]  # one mark: `Base.unpack` checks
        for i, rid in enumerate(self._slide_rids()):
            listed = etree.Element(f"{{{NS_P}}}sldId", id=str(256 + i))
            listed.set(f"{{{NS_R}}}id", rid)
            slides.addprevious(listed)
        _remove(slides)
        ext = etree.Element(f"{{{NS_P}}}ext", uri=SECTIONS_EXT)
        listed = etree.SubElement(ext, f"{{{P14}}}sectionLst", nsmap={"p14": P14})
        for n, (name, numbers) in enumerate(sections):
            section = etree.SubElement(
                listed, f"{{{P14}}}section", name=name, id=_section_id(n, name)
            )
            ids = etree.SubElement(section, f"{{{P14}}}sldIdLst")
            for i in numbers:
                etree.SubElement(ids, f"{{{P14}}}sldId", id=str(256 + i))
        own = marks.get(_MARKS[1])
        extensions = root.find(f"{{{NS_P}}}extLst")
        if own is not None:  # deckgen's own base
            extensions = etree.Element(f"{{{NS_P}}}extLst")
            own.addprevious(extensions)
            _remove(own)
        elif extensions is None:  # a template without extensions: the list comes last
            extensions = etree.SubElement(root, f"{{{NS_P}}}extLst")
        extensions.append(ext)
        return _serialize(root, source)

    def _slide_rids(self) -> list[str]:
        rels = self.source.read(rels_name(self.base.presentation)).decode("utf-8")
        first = 1 + max((int(n) for n in re.findall(r'Id="rId(\d+)"', rels)), default=0)
        return [f"rId{first + i}" for i in range(len(self.slides))]

    def _presentation_rels(self) -> bytes:
        name = rels_name(self.base.presentation)
        source = self.source.read(name)
        root = parse(source)
        folder = posixpath.dirname(self.base.presentation)
        for rid, slide in zip(self._slide_rids(), self.slides, strict=True):
            root.append(etree.fromstring(Rel(rid, "slide", posixpath.relpath(slide, folder)).xml()))
        return _serialize(root, source)


@record
class AppProperties:
    """The file's application properties: its format, slide and notes counts, slide titles and
    the fonts it names, as PowerPoint lists them (File > Info)."""

    size: str
    slides: int
    notes: int
    titles: tuple[str, ...]
    fonts: tuple[str, ...]

    def xml(self) -> bytes:
        """Return the extended-properties part."""
        fmt = {"16:9": "Widescreen", "4:3": "On-screen Show (4:3)"}.get(self.size, "Custom")
        heading = (
            "<vt:variant><vt:lpstr>Fonts Used</vt:lpstr></vt:variant>"
            f"<vt:variant><vt:i4>{len(self.fonts)}</vt:i4></vt:variant>"
            "<vt:variant><vt:lpstr>Slide Titles</vt:lpstr></vt:variant>"
            f"<vt:variant><vt:i4>{len(self.titles)}</vt:i4></vt:variant>"
        )
        names = [*self.fonts, *self.titles]
        titles = "".join(f"<vt:lpstr>{esc(name)}</vt:lpstr>" for name in names)
        return (
            f'{DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/'
            '2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/'
            'officeDocument/2006/docPropsVTypes"><TotalTime>0</TotalTime>'
            f"<Application>deckgen</Application><PresentationFormat>{fmt}</PresentationFormat>"
            f"<Slides>{self.slides}</Slides><Notes>{self.notes}</Notes>"
            "<HiddenSlides>0</HiddenSlides><MMClips>0</MMClips><ScaleCrop>false</ScaleCrop>"
            f'<HeadingPairs><vt:vector size="4" baseType="variant">{heading}</vt:vector>'
            f'</HeadingPairs><TitlesOfParts><vt:vector size="{len(names)}" baseType="lpstr">'
            f"{titles}</vt:vector></TitlesOfParts><LinksUpToDate>false</LinksUpToDate>"
            "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
            "</Properties>"
        ).encode()


def _section_id(number: int, name: str) -> str:
    """Return a section's id: a GUID that depends on its place and name only, so that the same
    deck gives the same bytes."""
    import uuid

    return "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"deckgen:{number}:{name}")).upper() + "}"


def _related(archive: zipfile.ZipFile, kind: str) -> str | None:
    """Return the part the package relates to by `kind` (the type's last segments), or None."""
    for rel in parse(archive.read("_rels/.rels")):
        if rel.get("Type", "").endswith("/" + kind) and rel.get("TargetMode") != "External":
            return rel.get("Target", "").lstrip("/") or None
    return None


def _add_package_rel(rels: bytes, kind: str, target: str) -> bytes:
    """Return the package's relationships `rels` with one to `target` of `kind` added."""
    root = parse(rels)
    numbers = (re.fullmatch(r"rId(\d+)", rel.get("Id", "")) for rel in root)
    number = 1 + max((int(m.group(1)) for m in numbers if m), default=0)
    root.append(etree.fromstring(Rel(f"rId{number}", kind, target).xml()))
    return _serialize(root, rels)


def _add(root: etree._Element, tag: str, **values: str) -> None:
    """Append element `tag` with attributes `values` to `root`."""
    etree.SubElement(root, tag, values)


def _remove(node: etree._Element) -> None:
    """Remove `node` (an element or comment) from its parent, keeping the text after it."""
    parent = node.getparent()
    if parent is not None:
        previous = node.getprevious()
        if node.tail:
            if previous is not None:
                previous.tail = (previous.tail or "") + node.tail
            else:
                parent.text = (parent.text or "") + node.tail
        parent.remove(node)


def _serialize(root: etree._Element, source: bytes) -> bytes:
    """Return an XML part's bytes, with the declaration the part had in `source`."""
    end = source.find(b"?>") if source.startswith(b"<?xml") else -1
    head = source[: end + 2] + b"\n" if end >= 0 else DECLARATION.encode()
    return head + etree.tostring(root, encoding="UTF-8")


ZIP_LEVEL = 6
DEFLATED_MIN = 16_384
"""The smallest part whose compressed bytes the cache keeps: below it, compressing costs less
than reading them."""


def put(archive: zipfile.ZipFile, name: str, data: bytes, deflated: bytes | None = None) -> None:
    """Add `data` as `name` with a fixed date, so the zip's bytes depend on its content only.

    `deflated` is `data` as `deflate` compresses it, when known: written as it is, the entry's
    bytes are those `writestr` would write.
    """
    entry = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o644 << 16
    if deflated is None or archive.fp is None or len(data) * 1.05 > zipfile.ZIP64_LIMIT:
        archive.writestr(entry, data, compresslevel=ZIP_LEVEL)
        return
    # As `ZipFile.writestr` writes an entry to a file it can seek in: the header with the
    # sizes and checksum (no data descriptor, no ZIP64 field), then the data.
    entry.file_size, entry.compress_size, entry.CRC = len(data), len(deflated), zlib.crc32(data)
    entry.flag_bits = 0
    archive.fp.seek(archive.start_dir)
    entry.header_offset = archive.fp.tell()
    archive.fp.write(entry.FileHeader(False))
    archive.fp.write(deflated)
    archive.start_dir = archive.fp.tell()
    archive.filelist.append(entry)
    archive.NameToInfo[name] = entry


def deflate(data: bytes) -> bytes:
    """Return `data` compressed as `put` compresses a zip entry (raw deflate, level 6)."""
    compressor = zlib.compressobj(ZIP_LEVEL, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def prime(ahead: dict[bytes, bytes], *parts: bytes) -> None:
    """Compress into `ahead` (by their bytes) those of `parts` the zip compresses ahead, the
    large ones: a build calls it as each figure is drawn, so that the pictures are compressed
    while the others are drawn, not after the last (0.02 s of a cold build's end), and gives
    `ahead` to `Package.save`. zlib runs without the GIL."""
    for data in parts:
        if len(data) >= DEFLATED_MIN and data not in ahead:
            ahead[data] = deflate(data)


def _memoized(name: str, data: bytes) -> bool:
    """Return whether the cache keeps the compressed bytes of member `name`: a large part that
    stays the same from build to build (a picture, a layout, a master), not a slide's."""
    return len(data) >= DEFLATED_MIN and not name.startswith(("ppt/slides/", "ppt/notesSlides/"))


def _deflated(
    cache: Path | None, members: list[bytes], ahead: Mapping[bytes, bytes]
) -> dict[bytes, bytes]:
    """Return each of `members` compressed: from `cache` (a folder; None: none), else from
    `ahead` or compressed now, and kept in `cache`."""
    if cache is None:
        return {data: ahead.get(data) or deflate(data) for data in members}
    from deckgen import cache as cache_store

    version = f"zip\0{zlib.ZLIB_RUNTIME_VERSION}\0{ZIP_LEVEL}\0".encode()
    keys = [hashlib.sha256(version + data).hexdigest()[:32] for data in members]
    found = cache_store.lookup(cache, keys, "zip")
    deflated = {}
    for key, data in zip(keys, members, strict=True):
        packed = found.get(key)
        if packed is None:
            packed = ahead.get(data) or deflate(data)
            cache_store.store(cache, key, "zip", packed)
        deflated[data] = packed
    return deflated
