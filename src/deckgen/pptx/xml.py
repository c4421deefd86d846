"""PresentationML as text: namespaces, escaping, units and relationships, shared by the writer."""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Sequence
from typing import TYPE_CHECKING

from deckgen.record import record

if TYPE_CHECKING:
    from lxml import etree

NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
NS = {"a": NS_A, "c": NS_C, "p": NS_P, "r": NS_R, "rel": NS_RELS}
"""Prefixes for ElementTree and lxml searches."""
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
"""The prefix of every relationship type a slide uses."""
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
EMU_PER_INCH = 914400
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def child(element: etree._Element, path: str) -> etree._Element:
    """Return the element at `path` ("p:nvGraphicFramePr/p:cNvPr") under `element`.

    Raise ValueError when it is missing: the parts deckgen edits this way are its own or
    python-pptx's, so a missing one is a damaged base or template.
    """
    found = element.find(path, NS)
    if found is None:
        raise ValueError(f"{element.tag!s} has no {path}")
    return found


def insert_before(parent: etree._Element, new: etree._Element, later: Sequence[str]) -> None:
    """Insert `new` into `parent` before its first child named in `later` (Clark names, the
    children the schema puts after it), or last where it has none of them."""
    following = next((c for name in later if (c := parent.find(name)) is not None), None)
    if following is not None:
        following.addprevious(new)
    else:
        parent.append(new)


def esc(text: str) -> str:
    """Return `text` escaped for XML text or a double-quoted attribute."""
    return text.translate(_ESCAPES)


def emu(inches: float) -> int:
    """Return `inches` in EMU, to the nearest one (13.3333... inches is 12,192,000)."""
    return round(inches * EMU_PER_INCH)


def centipoints(points: float) -> int:
    """Return a size in points as the hundredths of a point DrawingML stores."""
    return round(int(points * 12700) / 127)


@record
class Rel:
    """A relationship of a part: its id, type (last segment), target and whether external."""

    rid: str
    kind: str
    target: str
    external: bool = False

    def xml(self) -> str:
        """Return the `Relationship` element."""
        mode = ' TargetMode="External"' if self.external else ""
        return (
            f'<Relationship Id="{self.rid}" Type="{RT}{self.kind}" '
            f'Target="{esc(self.target)}"{mode}/>'
        )


def rels_xml(rels: Sequence[Rel]) -> bytes:
    """Return a `.rels` part holding `rels`."""
    body = "".join(rel.xml() for rel in rels)
    return f'{DECLARATION}<Relationships xmlns="{NS_RELS}">{body}</Relationships>'.encode()


def rels_name(part: str) -> str:
    """Return the name of the relationships part of `part`."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def relative(part: str) -> str:
    """Return the target of `part` ("ppt/media/image1.png") from a part in another ppt/ folder,
    such as a slide, notes page or chart."""
    return "../" + part.removeprefix("ppt/")


@functools.cache
def _parser() -> etree.XMLParser:
    """Return the parser for package parts: no entities, no DTD, no network (a part may come
    from a template made by anyone)."""
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def parse(data: bytes) -> etree._Element:
    """Return the root element of the XML part `data`, read without entities, DTD or network."""
    from lxml import etree

    return etree.fromstring(data, _parser())


def serialize(root: etree._Element) -> bytes:
    """Return `root` as a part's bytes, with a standalone UTF-8 declaration."""
    from lxml import etree

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
