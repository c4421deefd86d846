"""Company templates (.pptx/.potx): check them, read their size, theme and layouts, pick layouts.

Everything here reads the package as a zip of XML parts, without python-pptx: `deckgen check` and
the layout step learn the slide size, theme colours and fonts without loading the writer. The base
package (`deckgen.pptx.base`) opens the bytes that `package_bytes` returns.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import cast

from lxml import etree

from deckgen.colors import BODY_CONTRAST, contrast, mix
from deckgen.errors import did_you_mean, quote
from deckgen.layout.design import Align, Anchor, PlaceholderKind, Slot, SlotName, Style
from deckgen.layout.grid import OWN_LAYOUT, SLIDE_SIZES, Box, Frame
from deckgen.outline.model import Colors, Deck, Fonts, Theme
from deckgen.outline.rules import MAX_TEMPLATE_BYTES, Finding
from deckgen.pptx.scheme import COLOR_SLOTS, TemplateError, write_scheme
from deckgen.pptx.xml import EMU_PER_INCH, NS, parse, rels_name, serialize
from deckgen.pptx.zipend import end_record
from deckgen.record import record, replace

SUFFIXES = (".pptx", ".potx")
DEFAULT_LAYOUTS = {
    "title": "Title Slide",
    "section": "Section Header",
    "content": "Title Only",
    "body": "Title and Content",
    "two": "Two Content",
    "comparison": "Comparison",
    "picture": "Picture with Caption",
}
"""The layouts of a template the builder asks for, by the names PowerPoint's default template
gives them: title slide (and closing), section divider, a title only (the layouts deckgen adds
for statements, quotes, timelines... are made from it), a title with a body placeholder
(bullets, figures, tables), two contents side by side (a figure and its takeaways), and two
headed contents (two columns), a picture with its caption (a picture from a file)."""
OPTIONAL_LAYOUTS = frozenset({"two", "comparison", "picture"})
"""The layouts a template may lack: their slides then go on layouts deckgen adds."""
TITLE_TYPES = ("title", "ctrTitle")
"""The placeholder types that hold a slide's title."""
MAX_XML_BYTES = 50_000_000
"""XML a template may unpack to in all (a real one has under 5 MB): more is a zip bomb."""
MAX_UNPACKED_BYTES = 500_000_000
"""Everything a template may unpack to, pictures and media included."""
MAX_TYPEFACES = 200
"""Typefaces a template may name (its theme lists about 40 for the world's scripts): each one
that its masters' text uses costs LibreOffice a font search on every slide it renders."""
MAX_MEMBERS = 10_000
"""Zip members a template may hold (PowerPoint's default has 40, a large company one a few
hundred): counted in the central directory before the zip is opened, as each costs time."""

_PRESENTATION = "ppt/presentation.xml"
_CT_PRESENTATION = (
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
)
MAIN_TYPES = frozenset(
    {
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
        "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml",
        "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
        "application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
        "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml",
    }
)
"""The main parts a template may have (.pptx, .potx, .ppsx, .pptm, .potm, .ppsm): each is
relabelled a plain presentation for the deck, and the macro-enabled lose their macros."""
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_R_ID = f"{{{NS['r']}}}id"
SIZE_RANGE = (EMU_PER_INCH, 56 * EMU_PER_INCH)
"""The slide sizes PowerPoint accepts, in EMU: 1 to 56 inches on a side."""
_FURNITURE = {"dt", "ftr", "sldNum", "hdr"}
"""Placeholders every layout may carry (date, footer, slide number): they say nothing of its use."""
# Theme slot each deck colour is read from and written to.
_MUTED_MIX = 0.45
"""A template has no "muted" slot: muted text is the text colour this far towards the background."""


@record
class Holder:
    """A placeholder of a template's layout: its type, index, box and the look its text
    inherits from the layout, the master and the master's text styles."""

    kind: str
    idx: int
    box: Box | None
    """Inches: its own position, else its master's placeholder's; None if neither has one."""
    style: Style
    inset: float = 0.1
    """The left and right inner margin of its text, in inches."""


@record
class Layout:
    """A slide layout of the template: its name, its `type` and its placeholders."""

    name: str
    kind: str
    holders: tuple[Holder, ...] = ()

    @property
    def placeholders(self) -> tuple[str, ...]:
        """Return the types of its placeholders, in order."""
        return tuple(holder.kind for holder in self.holders)

    def box(self, *kinds: str) -> Box | None:
        """Return the box of the layout's first placeholder of one of `kinds`, or None."""
        for kind in kinds:
            found = next((h.box for h in self.holders if h.kind == kind and h.box), None)
            if found is not None:
                return found
        return None

    @property
    def has_title(self) -> bool:
        """Return whether the layout has a title placeholder (what screen readers look for)."""
        return any(p in TITLE_TYPES for p in self.placeholders)

    @property
    def content(self) -> tuple[str, ...]:
        """Return the placeholders other than date, footer and slide number."""
        return tuple(p for p in self.placeholders if p not in _FURNITURE)


@record
class Template:
    """What the builder needs to know of a template file."""

    path: Path
    width: float
    """Slide width in inches."""
    height: float
    """Slide height in inches."""
    layouts: tuple[Layout, ...]
    """The first slide master's layouts, in order."""
    colors: dict[str, str]
    """Theme colour slots (dk1, lt1, accent1, ...) as #RRGGBB."""
    latin: str
    """The theme's body (minor) Latin typeface."""
    east_asian: str
    """The theme's body East Asian typeface, or "" when it names none."""

    @property
    def size(self) -> str:
        """Return the deck size ("16:9" or "4:3") closest to the template's proportions."""
        ratio = self.width / self.height
        return min(SLIDE_SIZES, key=lambda name: abs(SLIDE_SIZES[name][0] / 7.5 - ratio))

    def layout(self, name: str) -> Layout | None:
        """Return the layout called `name` (exactly, else ignoring case), or None."""
        for layout in self.layouts:
            if layout.name == name:
                return layout
        folded = name.casefold()
        return next((lay for lay in self.layouts if lay.name.casefold() == folded), None)


# --- reading ------------------------------------------------------------------------------------


def package_bytes(path: Path) -> bytes:
    """Return the template's bytes as the plain presentation python-pptx opens for the deck.

    The main part is labelled a presentation whatever it was (template, slide show, macro-
    enabled). Dropped, with every element that refers to them: the template's own slides and
    notes pages and each relationship to them (a layout's link to a sample slide), its macros
    and ribbon customizations, and every external relationship but hyperlinks (a picture or
    object linked to a file or an address), so that no render reads anything outside the deck.
    python-pptx loads only the parts still related, so the dropped ones never reach the deck.
    """
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    types = parse(parts["[Content_Types].xml"])
    slides = set()
    for override in types.iterfind(f"{_CT_NS}Override"):
        kind, name = override.get("ContentType", ""), override.get("PartName", "").lstrip("/")
        if kind in MAIN_TYPES:
            override.set("ContentType", _CT_PRESENTATION)
        elif kind.endswith(_SLIDE_TYPES):
            slides.add(name)
    parts["[Content_Types].xml"] = serialize(types)
    for rels in sorted(n for n in parts if n.endswith(".rels")):
        owner = _owner(rels)
        if owner in slides:
            continue  # never loaded
        root = parse(parts[rels])
        dropped = set()
        for rel in root.findall("rel:Relationship", NS):
            kind = rel.get("Type", "")
            if rel.get("TargetMode") == "External":
                drop = not kind.endswith("/hyperlink")
            else:
                folder = posixpath.dirname(owner)
                target = posixpath.normpath(posixpath.join(folder, rel.get("Target", "")))
                drop = target.lstrip("/") in slides or kind.endswith(_MACRO_KINDS)
            if drop:
                dropped.add(rel.get("Id", ""))
                root.remove(rel)
        if dropped:
            parts[rels] = serialize(root)
            if owner in parts and owner.endswith(".xml"):
                parts[owner] = _unrefer(parts[owner], dropped)
    for name in sorted(n for n in parts if n.endswith(".xml") and n not in slides):
        dangling = _dangling(parts[name], parts.get(rels_name(name)))
        if dangling:  # ink or an add-in's shape whose part was never saved: PowerPoint repairs
            parts[name] = _unrefer(parts[name], dangling)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as cleaned:
        for name, blob in parts.items():
            cleaned.writestr(name, blob)
    return out.getvalue()


_SLIDE_TYPES = ("presentationml.slide+xml", "presentationml.notesSlide+xml")
"""The content types of a template's own slides and notes pages, which the deck leaves out."""
_MACRO_KINDS = ("/vbaProject", "/ui/extensibility")
"""Relationship types of macros and of the ribbon customizations that call them."""
_WHOLE = {"hlinkClick", "hlinkHover", "hlinkMouseOver", "sldId", "sld", "snd", "contentPart"}
"""Elements that refer to a dropped part and go with it: links, slide lists, sounds, ink."""
_SHAPES = {"pic", "graphicFrame", "sp", "cxnSp"}


def _owner(rels: str) -> str:
    """Return the name of the part whose relationships `rels` holds ("" for the package)."""
    folder, name = posixpath.split(rels)
    return posixpath.join(posixpath.dirname(folder), name.removesuffix(".rels"))


def _unrefer(blob: bytes, dropped: set[str]) -> bytes:
    """Return part `blob` without what refers to the relationships `dropped`: a link or slide
    entry, the shape that shows a linked picture or object, else the reference alone (a
    theme's or background's linked picture: its fill stays, empty)."""
    root = parse(blob)
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue  # a comment or processing instruction
        refs = [a for a in element.attrib if a.startswith(f"{{{NS['r']}}}")]
        gone = [a for a in refs if element.get(a) in dropped]
        if not gone:
            continue
        local = etree.QName(element).localname
        kept = len(gone) < len(refs)  # a picture both embedded and linked keeps its copy
        shape = next(
            (a for a in element.iterancestors() if etree.QName(a).localname in _SHAPES), None
        )
        if local in _WHOLE:
            _remove(element)
        elif shape is not None and not kept:
            _remove(shape)
        else:
            for attribute in gone:
                del element.attrib[attribute]
    return serialize(root)


def _dangling(blob: bytes, rels: bytes | None) -> set[str]:
    """Return the relationship ids part `blob` refers to that its relationships (`rels`) lack."""
    if NS["r"].encode() not in blob:
        return set()  # refers to no relationship at all: no need to read it
    known = set()
    if rels is not None:
        known = {r.get("Id", "") for r in parse(rels).findall("rel:*", NS)}
    root = parse(blob)
    prefix = f"{{{NS['r']}}}"
    return {
        value
        for element in root.iter()
        if isinstance(element.tag, str)
        for attribute, value in element.attrib.items()
        if attribute.startswith(prefix) and value not in known
    }


def _remove(element: etree._Element) -> None:
    """Remove `element` from its parent (unless it was removed with an ancestor already)."""
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def default_app_properties() -> bytes:
    """Return python-pptx's default `docProps/app.xml`: what a deck without a template has."""
    from deckgen.pptx import internals

    return internals.default_part("docProps/app.xml")


def read(path: Path) -> Template:
    """Return what `path` holds, or raise TemplateError saying why it is no usable template."""
    return _read_cached(path, *_stamp(path))


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError as exc:
        raise TemplateError(f"cannot be read ({exc.strerror})") from None
    return stat.st_mtime_ns, stat.st_size


@lru_cache(maxsize=8)
def _read_cached(path: Path, _mtime: int, size: int) -> Template:
    if path.suffix.lower() not in SUFFIXES:
        raise TemplateError("is not a .pptx or .potx file; save the template as one of them")
    if size > MAX_TEMPLATE_BYTES:
        raise TemplateError(
            f"is {size:,} bytes; a template may have at most {MAX_TEMPLATE_BYTES:,}"
        )
    not_a_zip = TemplateError(
        "is not a PowerPoint file (not a zip archive); save it from PowerPoint as .pptx or .potx"
    )
    try:
        members = _count_members(path)
        if members > MAX_MEMBERS:
            raise TemplateError(
                f"holds more than {MAX_MEMBERS:,} files (zip members); a template may hold at "
                f"most {MAX_MEMBERS:,}"
            )
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, struct.error):
        raise not_a_zip from None
    with archive:
        names = set(archive.namelist())
        if _PRESENTATION not in names:
            raise TemplateError(f"is a zip archive without {_PRESENTATION}: not a PowerPoint file")
        _check_unpacked_size(archive)
        try:
            _check_parts(archive, names)
            _check_main_type(archive)
            return _parse(path, archive, names)
        except TemplateError:
            raise
        except (
            KeyError,
            etree.XMLSyntaxError,
            ValueError,
            IndexError,
            zipfile.BadZipFile,
            NotImplementedError,
            RuntimeError,
            EOFError,
            zlib.error,
        ) as exc:
            raise TemplateError(f"is a damaged PowerPoint file ({exc})") from None


def _count_members(path: Path) -> int:
    """Return how many members the zip at `path` lists, counting no further than past
    MAX_MEMBERS: read from its central directory before `zipfile` reads all of it.

    Raise BadZipFile when there is no central directory to read (zipfile then says so too).
    """
    with path.open("rb") as file:
        tail, end, tail_start = end_record(file)
        declared, size = struct.unpack("<HI", tail[end + 10 : end + 16])
        start = tail_start + end - size
        locator = tail_start + end - 20
        if tail[max(0, end - 20) : end - 16] == b"PK\x06\x07" and locator >= 56:
            # zip64: the counts and sizes in its own end record, just before the locator
            file.seek(locator - 56)
            record = file.read(56)
            if record[:4] == b"PK\x06\x06":
                declared, size = struct.unpack("<QQ", record[32:48])
                start = locator - 56 - size
        if declared > MAX_MEMBERS:
            return int(declared)
        # The count can lie: zipfile reads entries for as long as the directory's size says.
        count = 0
        file.seek(max(0, start))
        while count <= MAX_MEMBERS:
            header = file.read(46)
            if len(header) < 46 or header[:4] != b"PK\x01\x02":
                break
            count += 1
            names, extra, comment = struct.unpack("<HHH", header[28:34])
            file.seek(names + extra + comment, 1)
        return max(count, int(declared))


def _check_main_type(archive: zipfile.ZipFile) -> None:
    """Raise unless the package labels its main part a presentation of some kind."""
    types = _xml(archive, "[Content_Types].xml")
    main = next(
        (
            o.get("ContentType", "")
            for o in types.iterfind(f"{_CT_NS}Override")
            if o.get("PartName", "").lstrip("/") == _PRESENTATION
        ),
        "",
    )
    if main not in MAIN_TYPES:
        raise TemplateError(
            f"labels {_PRESENTATION} as {quote(main)}, not as a presentation: not a PowerPoint file"
            if main
            else f"does not label {_PRESENTATION} as a presentation: not a PowerPoint file"
        )


def _check_parts(archive: zipfile.ZipFile, names: set[str]) -> None:
    """Raise unless every part reads whole and every XML part is plain XML whose references
    all resolve: what python-pptx and PowerPoint would stumble on, found before they load it."""
    typefaces: set[str] = set()
    for info in archive.infolist():
        if info.flag_bits & 0x1:
            raise TemplateError(f"has an encrypted part ({info.filename}); save it unprotected")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise TemplateError(
                f"stores {info.filename} in a way PowerPoint files do not (zip method "
                f"{info.compress_type}); save the template again from PowerPoint"
            )
        data = archive.read(info)  # checks the part's CRC
        if info.filename.endswith((".xml", ".rels")):
            if b"<!DOCTYPE" in data or b"<!ENTITY" in data or _utf16_doctype(data):
                raise TemplateError(
                    f"declares a DOCTYPE in {info.filename}; PowerPoint files never do "
                    "(the template may be hostile)"
                )
            root = parse(data)  # well-formed, or XMLSyntaxError
            _check_values(info.filename, root)
            typefaces.update(e.get("typeface", "") for e in root.iterfind(".//*[@typeface]"))
            if len(typefaces) > MAX_TYPEFACES:
                raise TemplateError(
                    f"names more than {MAX_TYPEFACES} typefaces (fonts); a template may name "
                    f"at most {MAX_TYPEFACES}"
                )
    for rels in (n for n in names if n.endswith(".rels")):
        owner_folder = posixpath.dirname(posixpath.dirname(rels))
        for rel in _xml(archive, rels).findall("rel:Relationship", NS):
            if rel.get("TargetMode") == "External":
                continue
            target = posixpath.normpath(posixpath.join(owner_folder, rel.get("Target", "")))
            if target.lstrip("/") not in names:
                raise TemplateError(
                    f"is missing {target.lstrip('/')}, which {rels} refers to; save the "
                    "template again from PowerPoint"
                )


PLACEHOLDER_VALUES = {
    "type": frozenset(
        [
            "title",
            "body",
            "ctrTitle",
            "subTitle",
            "dt",
            "sldNum",
            "ftr",
            "hdr",
            "obj",
            "chart",
            "tbl",
            "clipArt",
            "dgm",
            "media",
            "sldImg",
            "pic",
        ]
    ),
    "sz": frozenset({"full", "half", "quarter"}),
    "orient": frozenset({"horz", "vert"}),
    "hasCustomPrompt": frozenset({"true", "false", "1", "0"}),
}
"""What a placeholder's attributes may hold (ECMA-376 ST_PlaceholderType and kin); its `idx`
is a number. The writer copies them into the deck's notes pages and slides."""


_POSITIONS = tuple(f"{{{NS['a']}}}{name}" for name in ("off", "ext", "chOff", "chExt"))


def _check_values(part: str, root: etree._Element) -> None:
    """Raise when a placeholder or a position in `part` has an attribute value PowerPoint's
    schema refuses (python-pptx would fail on it, or copy it into the deck)."""
    for element in root.iter(*_POSITIONS):
        for name in ("x", "y", "cx", "cy"):
            value = element.get(name)
            if value is not None and not re.fullmatch("-?[0-9]{1,19}", value):
                raise TemplateError(
                    f"has an invalid position or size ({name}: {quote(value)}) in {part}; save "
                    "the template again from PowerPoint"
                )
    for ph in root.iter(f"{{{NS['p']}}}ph"):
        idx = ph.get("idx", "0")
        bad = None if re.fullmatch("[0-9]{1,10}", idx) and int(idx) < 2**32 else ("idx", idx)
        for name, allowed in PLACEHOLDER_VALUES.items():
            value = ph.get(name)
            if bad is None and value is not None and value not in allowed:
                bad = (name, value)
        if bad is not None:
            raise TemplateError(
                f"has a placeholder with an invalid {bad[0]} ({quote(bad[1])}) in {part}; save "
                "the template again from PowerPoint"
            )


def _utf16_doctype(data: bytes) -> bool:
    """Return whether XML written in UTF-16 declares a DOCTYPE or an entity."""
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    text = data.decode("utf-16", errors="replace")
    return "<!DOCTYPE" in text or "<!ENTITY" in text


def _check_unpacked_size(archive: zipfile.ZipFile) -> None:
    """Raise when the parts would unpack past the bounds (the writer loads every part)."""
    # Declared sizes bind: zipfile stops at a part's declared size and fails its checksum.
    infos = archive.infolist()
    xml = sum(i.file_size for i in infos if i.filename.endswith((".xml", ".rels")))
    if xml > MAX_XML_BYTES:
        raise TemplateError(
            f"unpacks to {xml:,} bytes of XML (a zip bomb?); a template may hold at most "
            f"{MAX_XML_BYTES:,}"
        )
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED_BYTES:
        raise TemplateError(
            f"unpacks to {total:,} bytes; a template may hold at most {MAX_UNPACKED_BYTES:,} "
            "(remove large pictures or videos from it)"
        )


def _xml(archive: zipfile.ZipFile, name: str) -> etree._Element:
    return parse(archive.read(name))


def _rels(archive: zipfile.ZipFile, part: str, names: set[str]) -> dict[str, tuple[str, str]]:
    """Return a part's relationships: id -> (type suffix, target part name)."""
    folder, base = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", f"{base}.rels")
    if rels_name not in names:
        return {}
    found = {}
    for rel in _xml(archive, rels_name).findall("rel:Relationship", NS):
        target = posixpath.normpath(posixpath.join(folder, rel.get("Target", "")))
        found[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], target)
    return found


def _parse(path: Path, archive: zipfile.ZipFile, names: set[str]) -> Template:
    presentation = _xml(archive, _PRESENTATION)
    size = presentation.find("p:sldSz", NS)
    if size is None:
        raise TemplateError(f"has no slide size in {_PRESENTATION}: not a PowerPoint file")
    width, height = int(size.get("cx", "0")), int(size.get("cy", "0"))
    if not (SIZE_RANGE[0] <= width <= SIZE_RANGE[1] and SIZE_RANGE[0] <= height <= SIZE_RANGE[1]):
        raise TemplateError(
            f"has a slide size of {width / EMU_PER_INCH:g} x {height / EMU_PER_INCH:g} inches; "
            "PowerPoint's slides are 1 to 56 inches on a side"
        )
    master_ids = presentation.findall("p:sldMasterIdLst/p:sldMasterId", NS)
    if not master_ids:
        raise TemplateError("has no slide master: not a PowerPoint template")
    master_part = _rels(archive, _PRESENTATION, names)[master_ids[0].get(_R_ID, "")][1]
    master_rels = _rels(archive, master_part, names)
    master = _xml(archive, master_part)
    layouts = []
    for layout_id in master.findall("p:sldLayoutIdLst/p:sldLayoutId", NS):
        layouts.append(_layout(_xml(archive, master_rels[layout_id.get(_R_ID, "")][1]), master))
    theme_part = next((t for kind, t in master_rels.values() if kind == "theme"), None)
    if theme_part is None:
        raise TemplateError("has a slide master without a theme")
    colors, latin, east_asian = _theme(_xml(archive, theme_part))
    return Template(
        path,
        width / EMU_PER_INCH,
        height / EMU_PER_INCH,
        tuple(layouts),
        colors,
        latin,
        east_asian,
    )


def _layout(root: etree._Element, master: etree._Element) -> Layout:
    csld = root.find("p:cSld", NS)
    name = csld.get("name", "") if csld is not None else ""
    masters = {
        _master_kind(_ph_kind(shape)): shape
        for shape in master.iterfind("p:cSld/p:spTree/p:sp", NS)
        if shape.find("p:nvSpPr/p:nvPr/p:ph", NS) is not None
    }
    holders = []
    for shape in root.iterfind("p:cSld/p:spTree//p:sp", NS):
        ph = shape.find("p:nvSpPr/p:nvPr/p:ph", NS)
        if ph is None:
            continue
        kind, idx = ph.get("type", "obj"), _int(ph.get("idx"), 0)
        # A placeholder without a position of its own takes its master's of the same kind
        # (a content placeholder, the master's body); so does the look of its text.
        inherited = masters.get(_master_kind(kind))
        box = _box(shape)
        if box is None and inherited is not None:
            box = _box(inherited)
        chain = [shape, inherited] if inherited is not None else [shape]
        styles = master.find(f"p:txStyles/p:{_text_style(kind)}", NS)
        holders.append(Holder(kind, idx, box, _style(kind, chain, styles), _inset(chain)))
    return Layout(name, root.get("type", "cust"), tuple(holders))


def _ph_kind(shape: etree._Element) -> str:
    ph = shape.find("p:nvSpPr/p:nvPr/p:ph", NS)
    return ph.get("type", "obj") if ph is not None else "obj"


def _master_kind(kind: str) -> str:
    """Return the kind of the master placeholder a layout's placeholder of `kind` inherits."""
    return _MASTER_KIND.get(kind, kind)


def _text_style(kind: str) -> str:
    """Return the master text style a placeholder of `kind` starts from."""
    if kind in TITLE_TYPES:
        return "titleStyle"
    return "otherStyle" if kind in _FURNITURE else "bodyStyle"


def _int(text: str | None, default: int) -> int:
    """Return `text` as a whole number, or `default` when it is none."""
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


_MASTER_KIND = {
    "obj": "body",
    "ctrTitle": "title",
    "subTitle": "body",
    "pic": "body",
    "tbl": "body",
    "chart": "body",
    "dgm": "body",
    "media": "body",
    "clipArt": "body",
}
"""The master placeholder a layout's placeholder of each kind inherits its position from."""
_ALIGN = {"l": "left", "ctr": "center", "r": "right", "just": "left", "dist": "left"}
_ANCHOR = {"t": "top", "ctr": "middle", "b": "bottom"}
_BULLETS = ("buChar", "buAutoNum", "buBlip")
_LEVELS = 3
"""The bullet levels deckgen writes (and reads of a template's styles)."""


def _style(kind: str, chain: list[etree._Element], styles: etree._Element | None) -> Style:
    """Return the look of a placeholder's text: the first size, weight, alignment, bullet and
    spacing that its own list style, its master's placeholder's and the master's text style
    state, level by level (PowerPoint's inheritance)."""
    lists = [shape.find("p:txBody/a:lstStyle", NS) for shape in chain]
    sources = [lst for lst in [*lists, styles] if lst is not None]
    sizes, bolds, aligns, bullets, spacing = [], [], [], [], []
    for level in range(1, _LEVELS + 1):
        size: float | None = None
        bold = align = bullet = space = None
        for source in sources:
            ppr = source.find(f"a:lvl{level}pPr", NS)
            if ppr is None:
                continue
            rpr = ppr.find("a:defRPr", NS)
            if size is None and rpr is not None and rpr.get("sz"):
                size = _int(rpr.get("sz"), 1800) / 100
            if bold is None and rpr is not None and rpr.get("b") is not None:
                bold = rpr.get("b") in ("1", "true")
            align = align or ppr.get("algn")
            if bullet is None:
                if ppr.find("a:buNone", NS) is not None:
                    bullet = False
                elif any(ppr.find(f"a:{b}", NS) is not None for b in _BULLETS):
                    bullet = True
            if space is None:
                space = ppr.find("a:spcBef/*", NS)
        points = min(max(size or 18.0, 1.0), 400.0)
        sizes.append(points)
        bolds.append(bool(bold))
        aligns.append(_ALIGN.get(align or "l", "left"))
        bullets.append(bool(bullet))
        spacing.append(_points(space, points))
    anchor = next((a for a in (_body_pr(shape).get("anchor") for shape in chain) if a), "t")
    title = kind in TITLE_TYPES
    return Style(
        tuple(sizes[:1] if title else sizes),
        "text",
        bold=bolds[0],
        align=cast("Align", aligns[0]),
        anchor=cast("Anchor", _ANCHOR.get(anchor, "top")),
        bullets=bullets[0],
        space_before=tuple(spacing),
        balanced=title,
    )


def _points(space: etree._Element | None, size: float) -> float:
    """Return a paragraph's space before in points (`a:spcPts`, or `a:spcPct` of its size)."""
    if space is None:
        return 0.0
    value = _int(space.get("val"), 0)
    points = value / 100 if etree.QName(space).localname == "spcPts" else size * value / 100_000
    return min(max(points, 0.0), 200.0)


def _body_pr(shape: etree._Element) -> etree._Element:
    found = shape.find("p:txBody/a:bodyPr", NS)
    return found if found is not None else etree.Element("bodyPr")


def _inset(chain: list[etree._Element]) -> float:
    """Return the left and right margin of a placeholder's text, in inches (the larger)."""
    values = []
    for side in ("lIns", "rIns"):
        found = next((b.get(side) for b in map(_body_pr, chain) if b.get(side)), None)
        values.append(_int(found, 91440) / EMU_PER_INCH)
    return min(max(max(values), 0.0), 2.0)


def _box(shape: etree._Element) -> Box | None:
    """Return the box a placeholder states of its own, in inches, or None."""
    off = shape.find("p:spPr/a:xfrm/a:off", NS)
    ext = shape.find("p:spPr/a:xfrm/a:ext", NS)
    if off is None or ext is None:
        return None
    values = [
        _int(e.get(k), 0) / EMU_PER_INCH
        for e, k in ((off, "x"), (off, "y"), (ext, "cx"), (ext, "cy"))
    ]
    return Box(*values)


def frame(template: Template, deck: Deck) -> Frame:
    """Return where the layouts `deck` uses put its text, on the deck's slide size, and the
    slots of deckgen's designs that the template's placeholders hold."""
    height = SLIDE_SIZES[deck.theme.size][1]
    chosen = choose_layouts(template, deck.theme.layouts.as_dict())
    layouts = {key: template.layout(name) for key, name in chosen.items() if name}
    scaled = usable(template, deck)

    def place(key: str, *kinds: str) -> Box | None:
        layout = layouts.get(key)
        return scaled(layout.box(*kinds)) if layout else None

    places = {
        "title": place("body", *TITLE_TYPES),
        "content": place("body", "body", "obj"),
        "footnote": place("body", "ftr") or place("content", "ftr"),
        "number": place("body", "sldNum") or place("content", "sldNum"),
        "cover.title": place("title", *TITLE_TYPES),
        "cover.subtitle": place("title", "subTitle"),
        "section.title": place("section", *TITLE_TYPES),
        "section.text": place("section", "body", "obj"),
    }
    byline = _byline(places["cover.subtitle"], places["cover.title"], height)
    places["cover.byline"] = byline
    if byline is not None and byline.bottom + 0.45 <= height - 0.2:
        places["cover.occasion"] = Box(byline.left, byline.bottom, byline.width, 0.45)
    slots = []
    for key, (_layout_name, holders) in sorted(assign(template, chosen, scaled).items()):
        for name, holder in holders.items():
            box = scaled(holder.box)
            if box is not None:
                slot = Slot(name, cast("PlaceholderKind", holder.kind), box, holder.style)
                slots.append((key, replace(slot, inset=holder.inset)))
    boxes = tuple((name, box) for name, box in places.items() if box is not None)
    return Frame(boxes, tuple(slots))


def usable(template: Template, deck: Deck) -> Callable[[Box | None], Box | None]:
    """Return what gives a template placeholder's box on the deck's slide size, or None where
    it is none deckgen can set text in (too small, or off the slide)."""
    width, height = SLIDE_SIZES[deck.theme.size]
    sx, sy = width / template.width, height / template.height

    def scaled(box: Box | None) -> Box | None:
        if box is None:
            return None
        # The base package stretches a template made for another size the same way.
        found = Box(box.left * sx, box.top * sy, box.width * sx, box.height * sy)
        sound = found.width >= 0.3 and found.height >= 0.2
        inside = found.left >= 0 and found.top >= 0 and found.right <= width + 0.01
        return found if sound and inside and found.bottom <= height + 0.01 else None

    return scaled


_TITLE_SLOT: tuple[SlotName, tuple[str, ...]] = ("title", TITLE_TYPES)
_FOOT_SLOTS: tuple[tuple[SlotName, tuple[str, ...]], ...] = (
    ("footer", ("ftr",)),
    ("number", ("sldNum",)),
)
PLACED: dict[str, tuple[str, tuple[tuple[SlotName, tuple[str, ...]], ...]]] = {
    "title": ("title", (_TITLE_SLOT, ("subtitle", ("subTitle", "body", "obj")))),
    "closing": ("title", (_TITLE_SLOT,)),
    "section": ("section", (_TITLE_SLOT, ("number", ("body", "obj")))),
    "bullets": ("body", (_TITLE_SLOT, ("body", ("body", "obj")), *_FOOT_SLOTS)),
    "table": ("body", (_TITLE_SLOT, ("table", ("tbl", "obj")), *_FOOT_SLOTS)),
    "figure": ("body", (_TITLE_SLOT, ("figure", ("obj", "pic")), *_FOOT_SLOTS)),
    "picture": (
        "picture",
        (_TITLE_SLOT, ("figure", ("pic",)), ("caption", ("body",)), *_FOOT_SLOTS),
    ),
    "figure-text": (
        "two",
        (_TITLE_SLOT, ("figure", ("obj", "pic")), ("text", ("obj", "body")), *_FOOT_SLOTS),
    ),
    "columns-2": (
        "comparison",
        (
            _TITLE_SLOT,
            ("heading-1", ("body",)),
            ("column-1", ("obj", "body")),
            ("heading-2", ("body",)),
            ("column-2", ("obj", "body")),
            *_FOOT_SLOTS,
        ),
    ),
}
"""The designs that go on a layout of the template by its role: which of the chosen layouts
(see `DEFAULT_LAYOUTS`), and for each slot the placeholder types that may hold it, taken left
to right. Every other design gets a layout of deckgen's added to the template's master, made
from its title-only layout (`content`): its title, footer and number are that layout's."""
_OPTIONAL_SLOTS = frozenset({"subtitle", "footer", "number"})
"""Slots a layout may lack and still serve its design (the text then has a box of its own)."""
OWN = OWN_LAYOUT
"""The key of `assign`'s entry for the designs that get a layout of deckgen's."""


def assign(
    template: Template,
    chosen: dict[str, str | None],
    usable: Callable[[Box | None], Box | None] = lambda box: box,
) -> dict[str, tuple[str, dict[SlotName, Holder]]]:
    """Return the template layout of each design that goes on one by its role, and the
    placeholder that holds each of its slots; under `OWN`, the layout deckgen's own layouts
    are made from (`chosen`: the layout of each role, from `choose_layouts`) with its title,
    footer and slide number. A design whose role's layout is missing, or lacks a placeholder
    a slot needs (with a box that `usable` keeps), is left to deckgen's own."""
    found: dict[str, tuple[str, dict[SlotName, Holder]]] = {}
    for key, (role, wanted) in PLACED.items():
        layout = template.layout(chosen[role] or "") if chosen.get(role) else None
        held = _held(layout, wanted, usable) if layout else None
        if layout is not None and held is not None:
            found[key] = (layout.name, held)
    content = template.layout(chosen["content"] or "")
    if content is not None:
        own = _held(content, (_TITLE_SLOT, *_FOOT_SLOTS), usable) or {}
        found[OWN] = (content.name, own)
    return found


def _held(
    layout: Layout,
    wanted: tuple[tuple[SlotName, tuple[str, ...]], ...],
    usable: Callable[[Box | None], Box | None],
) -> dict[SlotName, Holder] | None:
    """Return the placeholder of `layout` for each slot `wanted`, taken left to right, or None
    when a slot that must have one finds none."""
    ordered = sorted(layout.holders, key=lambda h: (h.box.left, h.box.top) if h.box else (0.0, 0.0))
    taken: set[int] = set()
    held: dict[SlotName, Holder] = {}
    for name, kinds in wanted:
        holder = next(
            (
                h
                for kind in kinds
                for h in ordered
                if h.kind == kind and id(h) not in taken and usable(h.box) is not None
            ),
            None,
        )
        if holder is None:
            if name in _OPTIONAL_SLOTS:
                continue
            return None
        taken.add(id(holder))
        held[name] = holder
    return held


def _byline(subtitle: Box | None, title: Box | None, height: float) -> Box | None:
    """Return a place for the author and date on a template's cover, which has none of its
    own: under the subtitle, else over the title, where the slide has room."""
    line = 0.5
    if subtitle is not None and subtitle.bottom + 0.05 + line <= height - 0.25:
        return Box(subtitle.left, subtitle.bottom + 0.05, subtitle.width, line)
    if title is not None and title.top - 0.05 - line >= 0.25:
        return Box(title.left, title.top - 0.05 - line, title.width, line)
    return None


def _theme(root: etree._Element) -> tuple[dict[str, str], str, str]:
    """Return the theme's colour slots, body Latin typeface and East Asian typeface."""
    colors = {}
    scheme = root.find(".//a:clrScheme", NS)
    for slot in scheme if scheme is not None else []:
        name = etree.QName(slot).localname
        for color in slot:
            value = color.get("val") if etree.QName(color).localname == "srgbClr" else None
            value = value or color.get("lastClr")
            if value is not None and not re.fullmatch("[0-9A-Fa-f]{6}", value):
                raise TemplateError(
                    f"has an invalid colour in its theme ({name}: {quote(value)}); save the "
                    "template again from PowerPoint"
                )
            if value:
                colors[name] = f"#{value.upper()}"
    minor = root.find(".//a:fontScheme/a:minorFont", NS)
    latin = east_asian = ""
    if minor is not None:
        latin_el, ea_el = minor.find("a:latin", NS), minor.find("a:ea", NS)
        latin = latin_el.get("typeface", "") if latin_el is not None else ""
        east_asian = ea_el.get("typeface", "") if ea_el is not None else ""
        if not east_asian:
            hang = minor.find("a:font[@script='Hang']", NS)
            east_asian = hang.get("typeface", "") if hang is not None else ""
    return colors, latin, east_asian


def findings(deck: Deck, path: Path) -> list[Finding]:
    """Return what keeps the template at `path` and the deck's `theme.layouts` from being used."""
    chosen = deck.theme.layouts.as_dict()
    try:
        found = read(path)
        problems = layout_problems(found, chosen)
        if not problems:
            choose_layouts(found, chosen)
    except ValueError as exc:
        ref = deck.theme.template
        message = str(exc) if str(exc).startswith("'") else f"{quote(ref or '')} {exc}"
        return [Finding(("theme", "template"), message)]
    return [Finding(("theme", "layouts", key), text) for key, text in problems.items()]


# --- layouts ------------------------------------------------------------------------------------


def layout_problems(template: Template, chosen: dict[str, str | None]) -> dict[str, str]:
    """Return what is wrong with the layouts named in `theme.layouts`, by key."""
    problems = {}
    names = [layout.name for layout in template.layouts]
    for key, name in chosen.items():
        if name is None:
            continue
        layout = template.layout(name)
        if layout is None:
            problems[key] = f"{quote(name)} is not a layout of {template.path.name}" + (
                did_you_mean(name, names) or f" (its layouts: {', '.join(names)})"
            )
        elif not layout.has_title:
            problems[key] = (
                f"layout '{layout.name}' has no title placeholder, so screen readers would "
                "find no slide title; choose a layout with a title"
            )
    return problems


def choose_layouts(template: Template, chosen: dict[str, str | None]) -> dict[str, str | None]:
    """Return the template layout used for each role: named in `chosen`, else guessed (None for
    an optional role the template has no layout for)."""
    picked: dict[str, str | None] = {}
    for key in DEFAULT_LAYOUTS:
        name = chosen.get(key)
        layout = template.layout(name) if name else _guess(template, key)
        if layout is None or not layout.has_title:
            if key in OPTIONAL_LAYOUTS and not name:
                picked[key] = None
                continue
            raise TemplateError(f"has no slide layout with a title placeholder for {key} slides")
        picked[key] = layout.name
    return picked


_TYPES = {
    "title": "title",
    "section": "secHead",
    "content": "titleOnly",
    "body": "obj",
    "two": "twoObj",
    "comparison": "twoTxTwoObj",
    "picture": "picTx",
}


def _guess(template: Template, key: str) -> Layout | None:
    """Return the layout best suited to `key`: by layout type, then name, then placeholders."""
    titled = [layout for layout in template.layouts if layout.has_title]
    by_shape: dict[str, Callable[[Layout], bool]] = {
        "title": lambda lay: "ctrTitle" in lay.content,
        "section": lambda lay: sorted(lay.content) == ["body", "title"],
        "content": lambda lay: lay.content == ("title",),
        "body": lambda lay: sorted(lay.content) in (["obj", "title"], ["body", "title"]),
        "two": lambda lay: sorted(lay.content) == ["obj", "obj", "title"],
        "comparison": lambda lay: sorted(lay.content) == ["body", "body", "obj", "obj", "title"],
        "picture": lambda lay: sorted(lay.content) == ["body", "pic", "title"],
    }
    tests: tuple[Callable[[Layout], bool], ...] = (
        lambda lay: lay.kind == _TYPES[key],
        lambda lay: lay.name.casefold() == DEFAULT_LAYOUTS[key].casefold(),
        by_shape[key],
    )
    for test in tests:
        found = next((lay for lay in titled if test(lay)), None)
        if found is not None:
            return found
    if key in OPTIONAL_LAYOUTS:
        return None
    if key == "section":
        return _guess(template, "title")
    if key == "body":
        return _guess(template, "content")
    return titled[0] if titled else None


# --- theme --------------------------------------------------------------------------------------


def effective_deck(deck: Deck, template: Template | None) -> Deck:
    """Return `deck` with the template's size, colours and fonts wherever the deck sets none.

    The returned colours and fonts keep the deck's own `keys_set`, so the writer knows
    which theme slots the user chose and overwrites only those in the template's theme.
    """
    if template is None:
        return deck
    theme = deck.theme
    colors = _merge(theme.colors, _template_colors(template))
    fonts_from = {"latin": template.latin, "east_asian": template.east_asian}
    fonts = _merge(theme.fonts, {k: v for k, v in fonts_from.items() if v})
    update: dict[str, object] = {"colors": colors, "fonts": fonts}
    if "size" not in theme.keys_set:
        update["size"] = template.size
    return deck.replace(theme=theme.replace(**update))


def _template_colors(template: Template) -> dict[str, str]:
    found = {
        key: template.colors[slot] for key, slot in COLOR_SLOTS.items() if slot in template.colors
    }
    if "text" in found and "background" in found:
        # The lightest mix, from _MUTED_MIX down, that small print can still be read in.
        for step in range(10, -1, -1):
            muted = mix(found["text"], found["background"], _MUTED_MIX * step / 10)
            if contrast(muted, found["background"]) >= BODY_CONTRAST + 0.1:
                break
        found["muted"] = muted
    return found


def _merge(own: Colors | Fonts, theirs: dict[str, str]) -> Colors | Fonts:
    """Return `own` with every field the user did not set taken from `theirs`."""
    return own.replace(**{k: v for k, v in theirs.items() if k not in own.keys_set})


def rewrite_theme(blob: bytes, theme: Theme, template_east_asian: str) -> bytes:
    """Return a template's theme part with the colours and fonts the deck set written into it."""
    root = parse(blob)
    chosen = theme.fonts.keys_set
    slots = {
        COLOR_SLOTS[key]: getattr(theme.colors, key)
        for key in sorted(theme.colors.keys_set & set(COLOR_SLOTS))
    }
    # Hangul needs a named East Asian face: fill an empty one even when the user chose none.
    east_asian = "east_asian" in chosen or not template_east_asian
    write_scheme(
        root,
        slots,
        latin=theme.fonts.latin if "latin" in chosen else None,
        east_asian=theme.fonts.east_asian if east_asian else None,
    )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
