"""Read a .pptx's text back as its slides show it: paragraphs, their levels and the runs' emphasis,
tables' cells, native charts' data and the speaker notes, per slide in the order of deckgen's mark.

`deckgen pull` maps what someone changed in PowerPoint or LibreOffice back into deck.yaml from
this. Like the mark, it reads the zip with lxml and bounded reads, never python-pptx.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from deckgen.pptx import mark
from deckgen.pptx.xml import NS_A, NS_C, NS_P, NS_R
from deckgen.record import record

if TYPE_CHECKING:
    from lxml import etree


@record
class Run:
    """A run of text and how it is set: bold (None: as its paragraph's style), italic, its
    colour (a theme slot such as "accent2", or "#RRGGBB"; None: the style's) and its link."""

    text: str
    bold: bool | None = None
    italic: bool = False
    color: str | None = None
    link: str | None = None


@record
class Paragraph:
    """A paragraph: its outline level (0 for the first) and its runs; a line break is a run
    of "\\n"."""

    level: int
    runs: tuple[Run, ...]

    @property
    def text(self) -> str:
        """Return the paragraph's text."""
        return "".join(run.text for run in self.runs)


@record
class Chart:
    """A native chart's data as its cached values hold it: categories and named series."""

    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]


@record
class Item:
    """A shape of a slide that holds text, as the mark lists it: its digest and its content
    (a text shape's paragraphs, a table's rows of cells, or a native chart's data)."""

    digest: str
    paragraphs: tuple[Paragraph, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    chart: Chart | None = None
    box: tuple[int, int, int, int] | None = None
    """A text shape's position and size as it states them (EMU), None where it inherits them."""

    @property
    def text(self) -> str:
        """Return the shape's text: its paragraphs, one a line."""
        return "\n".join(p.text for p in self.paragraphs)


@record
class Slide:
    """A slide read back: its texts in the mark's order, and its speaker notes."""

    items: tuple[Item, ...]
    notes: str
    notes_digest: str


@record
class Deck:
    """A .pptx read back: the mark deckgen wrote into it (None: none) and its slides now."""

    mark: mark.Mark | None
    slides: tuple[Slide, ...]


class ReadError(ValueError):
    """The file is no .pptx that can be read back; the message says why."""


def read(path: Path) -> Deck:
    """Return the .pptx at `path` read back; raise ReadError when it cannot be."""

    try:
        mark.check_directory(path)
        with zipfile.ZipFile(path) as archive:
            reader = mark.bounded_reader(archive)
            found = mark.read_package_mark(reader)
            return Deck(found, tuple(_slide(reader, p) for p in mark.slide_parts(reader)))
    except (OSError, zipfile.BadZipFile, struct.error):
        raise ReadError("is not a .pptx (not a zip archive)") from None
    except mark.damaged_errors() as exc:
        raise ReadError(f"is a damaged or protected .pptx ({exc})") from None


def _slide(read: mark.Reader, part: str) -> Slide:
    from deckgen.pptx.xml import parse

    rels = mark.relationships(read, part)
    links = mark.external_links(read, part)
    data = read(part)
    if data is None:
        raise ValueError(f"{part} is missing")
    tree = parse(data).find(f"{{{NS_P}}}cSld/{{{NS_P}}}spTree")
    items = []
    for shape, digest in [] if tree is None else mark.text_shapes(tree, rels, read):
        items.append(_item(shape, digest, rels, links, read))
    notes, digest = "", ""
    notes_part = rels.get("type:notesSlide")
    notes_data = None if notes_part is None else read(notes_part)
    if notes_data is not None:
        notes_tree = parse(notes_data)
        texts = [
            "\n".join(p.text for p in _paragraphs(shape, {}))
            for shape in notes_tree.iter(f"{{{NS_P}}}sp")
            if _placeholder(shape) == "body"
        ]
        notes = "\n".join(texts)
        digest = mark.text_digest(notes)
    return Slide(tuple(items), notes, digest)


def _placeholder(shape: etree._Element) -> str | None:
    ph = shape.find(f"{{{NS_P}}}nvSpPr/{{{NS_P}}}nvPr/{{{NS_P}}}ph")
    return None if ph is None else ph.get("type", "body")


def _item(
    shape: etree._Element,
    digest: str,
    rels: dict[str, str],
    links: dict[str, str],
    read: mark.Reader,
) -> Item:
    if shape.tag == f"{{{NS_P}}}sp":
        return Item(digest, paragraphs=_paragraphs(shape, links), box=_box(shape))
    table = shape.find(f".//{{{NS_A}}}tbl")
    if table is not None:
        rows = tuple(
            tuple(
                " ".join("\n".join(p.text for p in _paragraphs(cell, links)).split("\n"))
                for cell in row.iterfind(f"{{{NS_A}}}tc")
            )
            for row in table.iterfind(f"{{{NS_A}}}tr")
        )
        return Item(digest, rows=rows)
    chart = shape.find(f".//{{{NS_C}}}chart")
    part = None if chart is None else rels.get(chart.get(f"{{{NS_R}}}id", ""))
    return Item(digest, chart=None if part is None else _chart(read, part))


def _box(shape: etree._Element) -> tuple[int, int, int, int] | None:
    """Return the offset and size a shape states (EMU), or None."""
    off = shape.find(f"{{{NS_P}}}spPr/{{{NS_A}}}xfrm/{{{NS_A}}}off")
    ext = shape.find(f"{{{NS_P}}}spPr/{{{NS_A}}}xfrm/{{{NS_A}}}ext")
    if off is None or ext is None:
        return None
    try:
        return (int(off.get("x", "0")), int(off.get("y", "0")), int(ext.get("cx", "0")),
                int(ext.get("cy", "0")))  # fmt: skip
    except ValueError:
        return None


_BOLD = {"1": True, "true": True, "0": False, "false": False}


def _paragraphs(element: etree._Element, links: dict[str, str]) -> tuple[Paragraph, ...]:
    """Return the paragraphs under `element` (a shape or a table cell), fields left out."""
    found = []
    for para in element.iter(f"{{{NS_A}}}p"):
        ppr = para.find(f"{{{NS_A}}}pPr")
        level = int(ppr.get("lvl", "0")) if ppr is not None and ppr.get("lvl", "").isdigit() else 0
        runs = []
        for child in para:
            local = str(child.tag).rsplit("}", 1)[-1]
            if local == "br":
                runs.append(Run("\n"))
            elif local == "r":
                runs.append(_run(child, links))
        found.append(Paragraph(min(level, 8), tuple(runs)))
    while found and not found[-1].text.strip():
        found.pop()  # an office may add an empty paragraph at the end
    return tuple(found)


def _run(run: etree._Element, links: dict[str, str]) -> Run:
    rpr = run.find(f"{{{NS_A}}}rPr")
    text = run.findtext(f"{{{NS_A}}}t") or ""
    if rpr is None:
        return Run(text)
    color = None
    fill = rpr.find(f"{{{NS_A}}}solidFill")
    if fill is not None and len(fill):
        value = fill[0]
        local = str(value.tag).rsplit("}", 1)[-1]
        if local == "schemeClr" and not len(value):
            color = value.get("val")
        elif local == "srgbClr":
            color = "#" + (value.get("val") or "").upper()
    link = None
    click = rpr.find(f"{{{NS_A}}}hlinkClick")
    if click is not None:
        link = links.get(click.get(f"{{{NS_R}}}id", ""))
    return Run(
        text,
        _BOLD.get(rpr.get("b", "")),
        rpr.get("i") in ("1", "true"),
        color,
        link,
    )


def _chart(read: mark.Reader, part: str) -> Chart:
    from deckgen.pptx.xml import parse

    data = read(part)
    if data is None:
        raise ValueError(f"{part} is missing")
    root = parse(data)
    categories: tuple[str, ...] = ()
    series = []
    for ser in root.iter(f"{{{NS_C}}}ser"):
        name = " ".join(v.text or "" for v in ser.iterfind(f"{{{NS_C}}}tx//{{{NS_C}}}v"))
        cat = ser.find(f"{{{NS_C}}}cat")
        if cat is not None and not categories:
            categories = tuple(text or "" for text in _cached(cat))
        val = ser.find(f"{{{NS_C}}}val")
        values = tuple(_number(t) for t in _cached(val)) if val is not None else ()
        series.append((name, values))
    return Chart(categories, tuple(series))


def _cached(element: etree._Element) -> list[str | None]:
    """Return the cached points under `element` (a chart's categories or values), by index,
    None where one is missing."""
    count = element.find(f".//{{{NS_C}}}ptCount")
    points = {
        int(pt.get("idx", "0")): pt.findtext(f"{{{NS_C}}}v") or ""
        for pt in element.iter(f"{{{NS_C}}}pt")
        if pt.get("idx", "").isdigit()
    }
    stated = count.get("val", "") if count is not None else ""
    size = max(int(stated) if stated.isdigit() else 0, max(points, default=-1) + 1)
    return [points.get(i) for i in range(min(size, mark.MAX_POINTS))]


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        return None
