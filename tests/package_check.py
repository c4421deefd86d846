"""Check that a .pptx is a sound Open Packaging Conventions package, as PowerPoint expects.

Use `problems(path_or_bytes)` for the list of what is wrong (empty when the package is sound),
or `assert_sound(path_or_bytes)` in a test. The checks: the zip opens and every member's CRC
matches (`testzip`), no member name repeats, every part's content type is declared in
`[Content_Types].xml` (a `Default` for its extension or an `Override` for its name) and every
`Override` names a part that exists, every XML part is well-formed, every internal
relationship target exists (relationship ids unique within their `.rels` part), and the target
of a slide, layout, master, notes, theme, chart or image relationship has that kind's content
type (a slide left to the `xml` Default is `application/xml`, which PowerPoint repairs), and every
`r:id`, `r:embed` and `r:link` in a part names one of the part's relationships, of the type its
element needs (a picture's `a:blip` an image, a chart frame's `c:chart` a chart...), and every
shape on a slide has a size above zero and lies near the slide (PowerPoint repairs a file with a
negative extent).

`audit(path_or_bytes)` runs openxml-audit, a port of the Open XML SDK's validator and the
ISO/IEC 29500 schemas, and returns its errors; `assert_sound` runs both.
"""

from __future__ import annotations

import io
import posixpath
import re
import tempfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree

CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CONTENT_TYPES = "[Content_Types].xml"
_KIND = {
    "/slide": "presentationml.slide+xml",
    "/slideLayout": "presentationml.slideLayout+xml",
    "/slideMaster": "presentationml.slideMaster+xml",
    "/notesSlide": "presentationml.notesSlide+xml",
    "/notesMaster": "presentationml.notesMaster+xml",
    "/theme": "officedocument.theme+xml",
    "/chart": "drawingml.chart+xml",
    "/image": "image/",
}
"""Relationship types (by their last segment) and what their target's content type must hold."""


def problems(package: Path | str | bytes) -> list[str]:
    """Return what is wrong with the package at `package` (a path, or its bytes); [] if sound."""
    data = package if isinstance(package, bytes) else Path(package).read_bytes()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        return [f"not a zip file: {exc}"]
    with archive:
        try:
            broken = archive.testzip()
        except (zipfile.BadZipFile, OSError, EOFError) as exc:  # e.g. a truncated member
            return [f"zip cannot be read: {exc}"]
        if broken is not None:
            return [f"{broken}: CRC or header is damaged"]
        names = [info.filename for info in archive.infolist()]
        found = _repeated(names)
        parts = {name: archive.read(name) for name in names if not name.endswith("/")}
    xml: dict[str, ElementTree.Element] = {}
    for name, blob in parts.items():
        if _is_xml(name):
            try:
                xml[name] = ElementTree.fromstring(blob)
            except ElementTree.ParseError as exc:
                found.append(f"{name}: XML is not well-formed ({exc})")
    if CONTENT_TYPES not in parts:
        return [*found, f"{CONTENT_TYPES} is missing"]
    types: dict[str, str] = {}
    if CONTENT_TYPES in xml:
        types = _types(xml[CONTENT_TYPES], parts)
        found += _content_types(xml[CONTENT_TYPES], parts, types)
    if "_rels/.rels" not in parts:
        found.append("_rels/.rels is missing: the package has no start part")
    for name, root in xml.items():
        if name.endswith(".rels"):
            found += _relationships(name, root, parts, types)
        elif name != CONTENT_TYPES:
            found += _references(name, root, xml.get(_rels_of(name)))
    slide_size = _slide_size(xml.get("ppt/presentation.xml"))
    for name, root in xml.items():
        if re.fullmatch(r"ppt/slides/slide\d+\.xml", name):
            found += extent_problems(name, root, slide_size)
    return found


def assert_sound(package: Path | str | bytes) -> None:
    """Raise AssertionError listing every problem of the package, if it has any: ours and
    openxml-audit's."""
    found = problems(package)
    found += audit(package) if not found else []
    assert not found, "the package is not sound:\n" + "\n".join(found)


def audit(package: Path | str | bytes) -> list[str]:
    """Return the errors openxml-audit finds in the package (its warnings left out)."""
    from openxml_audit import validate_pptx

    if isinstance(package, bytes):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "deck.pptx"
            path.write_bytes(package)
            return audit(path)
    result = validate_pptx(Path(package))
    return [f"openxml-audit: {error}" for error in result.errors]


def _repeated(names: list[str]) -> list[str]:
    seen: set[str] = set()
    found = []
    for name in names:
        if name.lower() in seen:  # part names compare case-insensitively
            found.append(f"{name}: appears more than once in the zip")
        seen.add(name.lower())
    return found


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels"))


def _types(root: ElementTree.Element, parts: dict[str, bytes]) -> dict[str, str]:
    """Return the content type of every part that has one, by lower-cased part name."""
    defaults = {
        d.get("Extension", "").lower(): d.get("ContentType", "")
        for d in root.iter(f"{CT_NS}Default")
    }
    overrides = {
        o.get("PartName", "").lower(): o.get("ContentType", "")
        for o in root.iter(f"{CT_NS}Override")
    }
    types = {}
    for name in parts:
        base = posixpath.basename(name)  # splitext would give ".rels" no extension
        extension = base.rsplit(".", 1)[1].lower() if "." in base else ""
        kind = overrides.get("/" + name.lower()) or defaults.get(extension)
        if kind:
            types[name.lower()] = kind
    return types


def _content_types(
    root: ElementTree.Element, parts: dict[str, bytes], types: dict[str, str]
) -> list[str]:
    """Return the parts without a declared content type and the overrides naming no part."""
    found = [
        f"{name}: no content type in {CONTENT_TYPES}"
        for name in parts
        if name != CONTENT_TYPES and name.lower() not in types
    ]
    lowered = {"/" + name.lower() for name in parts}
    for override in root.iter(f"{CT_NS}Override"):
        part_name = override.get("PartName", "")
        if part_name.lower() not in lowered:
            found.append(f"{CONTENT_TYPES}: Override for {part_name}, which is not in the package")
    return found


def _relationships(
    name: str, root: ElementTree.Element, parts: dict[str, bytes], types: dict[str, str]
) -> list[str]:
    """Return the missing internal targets of the relationships part `name`, and wrong kinds."""
    # "word/_rels/document.xml.rels" holds the relationships of "word/document.xml";
    # its relative targets resolve against "word/". The package's own are "_rels/.rels".
    folder = posixpath.dirname(posixpath.dirname(name))
    lowered = {part.lower() for part in parts}
    found = []
    ids: set[str] = set()
    for rel in root.iter(f"{REL_NS}Relationship"):
        rid, target = rel.get("Id", ""), rel.get("Target", "")
        if rid in ids:
            found.append(f"{name}: relationship id {rid} appears more than once")
        ids.add(rid)
        if rel.get("TargetMode") == "External":
            continue
        path = target.split("#", 1)[0]
        if path.startswith("/"):
            resolved = path.lstrip("/")
        else:
            resolved = posixpath.normpath(posixpath.join(folder, path))
        if resolved.startswith("../") or resolved.lower() not in lowered:
            found.append(f"{name}: {rid} targets {target}, which is not in the package")
            continue
        want = _KIND.get("/" + rel.get("Type", "").rsplit("/", 1)[-1])
        have = types.get(resolved.lower(), "")
        if want and want not in have:
            found.append(f"{name}: {rid} targets {resolved}, of type {have!r}, not {want!r}")
    return found


R_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NEEDS = {
    ("blip", "embed"): ("image",),
    ("blip", "link"): ("image",),
    ("hlinkClick", "id"): ("hyperlink", "slide"),
    ("hlinkHover", "id"): ("hyperlink", "slide"),
    ("chart", "id"): ("chart",),
    ("externalData", "id"): ("package", "oleObject"),
    ("sldId", "id"): ("slide",),
    ("sldMasterId", "id"): ("slideMaster",),
    ("sldLayoutId", "id"): ("slideLayout",),
    ("notesMasterId", "id"): ("notesMaster",),
    ("handoutMasterId", "id"): ("handoutMaster",),
}
"""The relationship types an element's reference may name, by element and attribute."""


def _rels_of(name: str) -> str:
    """Return the name of the relationships part of part `name`."""
    folder, base = posixpath.split(name)
    return posixpath.join(folder, "_rels", base + ".rels")


def _references(
    name: str, root: ElementTree.Element, rels: ElementTree.Element | None
) -> list[str]:
    """Return the `r:id`, `r:embed` and `r:link` references in part `name` that name no
    relationship of the part, or one of a type their element cannot use."""
    kinds = {}
    if rels is not None:
        kinds = {
            rel.get("Id", ""): rel.get("Type", "").rsplit("/", 1)[-1]
            for rel in rels.iter(f"{REL_NS}Relationship")
        }
    found = []
    for element in root.iter():
        for attribute, rid in element.attrib.items():
            if not attribute.startswith(R_NS):
                continue
            local = attribute[len(R_NS) :]
            tag = element.tag.rsplit("}", 1)[-1]
            if rid not in kinds:
                found.append(f"{name}: <{tag} r:{local}={rid!r}> names no relationship")
                continue
            allowed = _NEEDS.get((tag, local))
            if allowed and kinds[rid] not in allowed:
                found.append(
                    f"{name}: <{tag} r:{local}={rid!r}> names a {kinds[rid]} relationship, "
                    f"not {' or '.join(allowed)}"
                )
    return found


P_NS = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
DRAWING_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_SHAPES = {
    f"{P_NS}sp": f"{P_NS}spPr/{DRAWING_NS}xfrm",
    f"{P_NS}pic": f"{P_NS}spPr/{DRAWING_NS}xfrm",
    f"{P_NS}cxnSp": f"{P_NS}spPr/{DRAWING_NS}xfrm",
    f"{P_NS}graphicFrame": f"{P_NS}xfrm",
    f"{P_NS}grpSp": f"{P_NS}grpSpPr/{DRAWING_NS}xfrm",
}
"""Each kind of shape on a slide, and where its position and size are."""


def _slide_size(presentation: ElementTree.Element | None) -> tuple[int, int]:
    """Return the slide's width and height in EMU (PowerPoint's default if none is found)."""
    size = presentation.find(f"{P_NS}sldSz") if presentation is not None else None
    if size is None:
        return 9144000, 6858000
    return int(size.get("cx", "0")), int(size.get("cy", "0"))


def extent_problems(name: str, root: ElementTree.Element, slide_size: tuple[int, int]) -> list[str]:
    """Return the shapes of slide part `name` whose size is not above zero (a line's may be
    zero one way) or whose position lies more than a slide's size away from the slide."""
    found = []
    width, height = slide_size
    for tag, path in _SHAPES.items():
        for shape in root.iter(tag):
            xfrm = shape.find(path)
            if xfrm is None:
                continue  # a placeholder that keeps its layout's box
            named = shape.find(f".//{P_NS}cNvPr")
            label = named.get("name", "") if named is not None else ""
            what = f"{name}: {tag.rsplit('}', 1)[-1]} {label!r}"
            offset, extent = xfrm.find(f"{DRAWING_NS}off"), xfrm.find(f"{DRAWING_NS}ext")
            if offset is None or extent is None:
                found.append(f"{what} has an xfrm without a:off and a:ext")
                continue
            x, y = int(offset.get("x", "0")), int(offset.get("y", "0"))
            cx, cy = int(extent.get("cx", "0")), int(extent.get("cy", "0"))
            least = 0 if tag == f"{P_NS}cxnSp" else 1
            if cx < least or cy < least or cx + cy < 1:
                found.append(f"{what} has the size cx={cx} cy={cy}")
            if not (-width <= x <= 2 * width and -height <= y <= 2 * height):
                found.append(f"{what} lies at x={x} y={y}, far off the slide")
    return found
