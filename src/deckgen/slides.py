"""Write slide plans into a .pptx with python-pptx: the only module that imports it.

Korean needs more than python-pptx offers: every run gets `a:ea` (the East Asian typeface) and a
`lang`, the theme's font scheme names the East Asian face for Hangul, and the presentation's
default language is the deck's. Output is byte-identical for the same input: zip entries are
rewritten in a fixed order with a fixed date, and the core properties come from the deck.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE, MSO_SHAPE_TYPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn
from pptx.parts.image import Image, ImagePart
from pptx.util import Emu, Inches, Pt

from deckgen import markup
from deckgen.colors import tint
from deckgen.compose import (
    INSET,
    Para,
    PictureShape,
    RectShape,
    SlidePlan,
    TableShape,
    TextShape,
    has_hangul,
)
from deckgen.layout import Box, Grid
from deckgen.model import Chart, Deck

LAYOUTS = {"title": "Title Slide", "section": "Section Header", "content": "Title Only"}
FIXED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_SLIDENUM_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_ALIGN = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}
_ANCHOR = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE, "bottom": MSO_ANCHOR.BOTTOM}
_SHAPES = {
    "rect": MSO_SHAPE.RECTANGLE,
    "round": MSO_SHAPE.ROUNDED_RECTANGLE,
    "ellipse": MSO_SHAPE.OVAL,
}
_BULLETS = ("\u2022", "\u2013", "\u00b7")
_DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
_DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"


@dataclass(frozen=True)
class Picture:
    """An image to place: its bytes, file extension and size in pixels."""

    data: bytes
    ext: str
    width_px: int
    height_px: int
    alt: str


@dataclass(frozen=True)
class NativeChart:
    """A chart to add as an editable PowerPoint chart, with its alt text."""

    chart: Chart
    alt: str


def write(
    deck: Deck,
    plans: Sequence[SlidePlan],
    pictures: Sequence[Picture | NativeChart],
    template: Path | None = None,
) -> bytes:
    """Return the bytes of a .pptx holding `plans`, built on `template` (or the default)."""
    writer = _Writer(deck, pictures, template)
    for plan in plans:
        writer.add(plan)
    return writer.save()


class _Writer:
    def __init__(
        self, deck: Deck, pictures: Sequence[Picture | NativeChart], template: Path | None
    ) -> None:
        self.deck = deck
        self.pictures = pictures
        self.prs = _open(template)
        self.grid = Grid.for_size(deck.theme.size)
        old_width, old_height = self.prs.slide_width, self.prs.slide_height
        self.prs.slide_width = Inches(self.grid.width)
        self.prs.slide_height = Inches(self.grid.height)
        _stretch_masters(
            self.prs, self.prs.slide_width / old_width, self.prs.slide_height / old_height
        )
        names = LAYOUTS
        if template is None:
            _set_theme(self.prs, deck)
        else:
            names = _template_theme(self.prs, deck, template)
        _set_default_language(self.prs, deck.lang)
        by_name: dict[str, object] = {}
        for layout in self.prs.slide_layouts:
            by_name.setdefault(layout.name, layout)
        self.layouts = {kind: by_name[name] for kind, name in names.items()}
        self.image_parts: dict[int, ImagePart] = {}
        self.next_image = 0  # found on first use: a template may hold media already
        _count_partnames(self.prs.part.package)

    # -- slides --------------------------------------------------------------------------------

    def add(self, plan: SlidePlan) -> None:
        slide = self.prs.slides.add_slide(self.layouts[plan.layout])
        for placeholder in list(slide.placeholders):
            if placeholder.placeholder_format.type is None or placeholder.placeholder_format.idx:
                placeholder._element.getparent().remove(placeholder._element)
        if plan.background:
            fill = slide.background.fill
            fill.solid()
            fill.fore_color.rgb = _rgb(plan.background)
        title_used = False
        for shape in plan.shapes:
            if isinstance(shape, TextShape):
                if shape.role == "title" and not title_used and slide.shapes.title is not None:
                    frame_shape = slide.shapes.title
                    _place(frame_shape, shape.box)
                    title_used = True
                else:
                    frame_shape = slide.shapes.add_textbox(*_emu(shape.box))
                self._fill_text(frame_shape, shape)
            elif isinstance(shape, RectShape):
                self._rect(slide, shape)
            elif isinstance(shape, PictureShape):
                self._picture(slide, shape)
            elif isinstance(shape, TableShape):
                self._table(slide, shape)
        if not title_used and slide.shapes.title is not None:
            title = slide.shapes.title._element
            title.getparent().remove(title)
        if plan.notes:
            frame = slide.notes_slide.notes_text_frame
            for index, line in enumerate(plan.notes.rstrip("\n").split("\n")):
                paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
                run = paragraph.add_run()
                run.text = line
                self._font(run, line, 12)

    def _fill_text(self, target: object, shape: TextShape) -> None:
        frame = target.text_frame  # type: ignore[attr-defined]
        frame.clear()
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.vertical_anchor = _ANCHOR[shape.anchor]
        for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
            setattr(frame, side, Inches(INSET))
        for index, para in enumerate(shape.paras):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            paragraph.alignment = _ALIGN[para.align]
            if index and para.space_before:
                paragraph.space_before = Pt(round(para.space_before * shape.scale, 1))
            if para.level >= 0:
                _bullet(paragraph, para)
            else:
                _no_bullet(paragraph)
            if shape.number_field:
                self._slide_number(paragraph, para)
                continue
            for run_spec in para.runs:
                self._run(paragraph, run_spec, para, shape.scale)

    def _run(self, paragraph: object, spec: markup.Run, para: Para, scale: float) -> None:
        c = self.deck.theme.colors
        run = paragraph.add_run()  # type: ignore[attr-defined]
        run.text = spec.text
        font = run.font
        font.bold = para.bold or spec.bold or spec.highlight or None
        if para.italic or spec.italic:
            font.italic = True
        color = (
            c.accent
            if spec.highlight
            else (c.primary if spec.link and para.color == c.text else para.color)
        )
        font.color.rgb = _rgb(color)
        if spec.link:
            run.hyperlink.address = spec.link
            font.underline = True
        self._font(run, spec.text, para.size * scale)

    def _font(self, run: object, text: str, size: float) -> None:
        """Set the run's size, Latin and East Asian typefaces and language."""
        fonts = self.deck.theme.fonts
        run.font.size = Pt(round(size, 1))  # type: ignore[attr-defined]
        run.font.name = fonts.latin  # type: ignore[attr-defined]
        rpr = run._r.get_or_add_rPr()  # type: ignore[attr-defined]
        _set_east_asian(rpr, fonts.east_asian)
        rpr.set("lang", "ko-KR" if has_hangul(text) else self.deck.lang)
        rpr.set("cap", "none")  # layouts such as "Section Header" would set titles in capitals
        if has_hangul(text):
            rpr.set("altLang", self.deck.lang if self.deck.lang != "ko-KR" else "en-US")

    def _slide_number(self, paragraph: object, para: Para) -> None:
        p = paragraph._p  # type: ignore[attr-defined]
        fld = etree.SubElement(p, qn("a:fld"), id=_SLIDENUM_ID, type="slidenum")
        rpr = etree.SubElement(fld, qn("a:rPr"), lang=self.deck.lang, sz=str(int(para.size * 100)))
        fill = etree.SubElement(rpr, qn("a:solidFill"))
        etree.SubElement(fill, qn("a:srgbClr"), val=para.color.lstrip("#").upper())
        etree.SubElement(rpr, qn("a:latin"), typeface=self.deck.theme.fonts.latin)
        etree.SubElement(rpr, qn("a:ea"), typeface=self.deck.theme.fonts.east_asian)
        text = etree.SubElement(fld, qn("a:t"))
        text.text = str(len(self.prs.slides._sldIdLst))
        end = p.find(qn("a:endParaRPr"))
        if end is not None:
            p.remove(end)
            p.append(end)

    def _rect(self, slide: object, shape: RectShape) -> None:
        sp = slide.shapes.add_shape(_SHAPES[shape.kind], *_emu(shape.box))  # type: ignore[attr-defined]
        sp.fill.solid()
        sp.fill.fore_color.rgb = _rgb(shape.color)
        sp.line.fill.background()
        sp.shadow.inherit = False
        sp.name = f"Decoration {sp.shape_id}"
        _mark_decorative(sp._element.nvSpPr.cNvPr)

    def _picture(self, slide: object, shape: PictureShape) -> None:
        picture = self.pictures[shape.figure]
        name = f"Figure {shape.name or shape.figure + 1}"
        if isinstance(picture, NativeChart):
            from deckgen import native

            native.add_chart(
                slide.shapes,  # type: ignore[attr-defined]
                _emu(shape.box),
                picture.chart,
                self.deck.theme,
                name=name,
                alt=picture.alt,
                lang=self.deck.lang,
            )
            return
        part = self._image_part(shape.figure, slide.part)  # type: ignore[attr-defined]
        rid = slide.part.relate_to(part, RT.IMAGE)  # type: ignore[attr-defined]
        box = _contain(shape.box, picture.width_px / picture.height_px)
        left, top, width, height = _emu(box)
        shapes = slide.shapes  # type: ignore[attr-defined]
        shapes._spTree.add_pic(
            shapes._next_shape_id, name, picture.alt, rid, left, top, width, height
        )

    def _image_part(self, index: int, slide_part: object) -> ImagePart:
        """Return the image part of picture `index`, created once, without scanning the package.

        python-pptx's `add_picture` hashes and walks every part of the package per image to find
        duplicates and the next free name: quadratic in the number of figures.
        """
        if index not in self.image_parts:
            picture = self.pictures[index]
            image = Image(picture.data, f"image.{picture.ext}")
            if not self.next_image:
                self.next_image = 1 + max(
                    (
                        int(m.group(1))
                        for part in self.prs.part.package.iter_parts()
                        if (m := re.fullmatch(r"/ppt/media/image(\d+)\.\w+", part.partname))
                    ),
                    default=0,
                )
            partname = PackURI(f"/ppt/media/image{self.next_image}.{image.ext}")
            self.next_image += 1
            self.image_parts[index] = ImagePart(
                partname, image.content_type, self.prs.part.package, picture.data, image.filename
            )
        return self.image_parts[index]

    def _table(self, slide: object, shape: TableShape) -> None:
        c = self.deck.theme.colors
        rows, cols = len(shape.rows) + 1, len(shape.columns)
        frame = slide.shapes.add_table(rows, cols, *_emu(shape.box))  # type: ignore[attr-defined]
        table = frame.table
        tbl_pr = table._tbl.tblPr
        for attr in ("firstRow", "bandRow"):
            tbl_pr.set(attr, "0")
        style = tbl_pr.find(qn("a:tableStyleId"))
        if style is not None:
            tbl_pr.remove(style)
        for i, width in enumerate(shape.widths):
            table.columns[i].width = Inches(width)
        row_height = Emu(int(Inches(shape.box.height) / rows))
        for r in range(rows):
            table.rows[r].height = row_height
            values = shape.columns if r == 0 else shape.rows[r - 1]
            for i in range(cols):
                cell = table.cell(r, i)
                text = values[i] if i < len(values) else ""
                highlighted = (r > 0 and shape.highlight_row == r - 1) or (
                    shape.highlight_column == i
                )
                if r == 0:
                    fill, color, bold = c.primary, "#FFFFFF", True
                elif highlighted:
                    fill, color, bold = tint(c.accent, 0.82), c.text, False
                else:
                    fill, color, bold = (
                        (tint(c.primary, 0.93) if r % 2 == 0 else c.background),
                        c.text,
                        False,
                    )
                cell.fill.solid()
                cell.fill.fore_color.rgb = _rgb(fill)
                cell.vertical_anchor = MSO_ANCHOR.MIDDLE
                for side in ("margin_left", "margin_right"):
                    setattr(cell, side, Inches(0.1))
                for side in ("margin_top", "margin_bottom"):
                    setattr(cell, side, Inches(0.04))
                frame_ = cell.text_frame
                frame_.word_wrap = True
                paragraph = frame_.paragraphs[0]
                paragraph.alignment = PP_ALIGN.RIGHT if shape.numeric[i] else PP_ALIGN.LEFT
                para = Para((), shape.size, color, bold=bold)
                for run_spec in markup.parse(text).runs:
                    if highlighted and not run_spec.highlight:
                        run_spec = markup.Run(
                            run_spec.text, True, run_spec.italic, False, run_spec.link
                        )
                    self._run(paragraph, run_spec, para, 1.0)

    # -- package -------------------------------------------------------------------------------

    def save(self) -> bytes:
        props = self.prs.core_properties
        deck = self.deck
        props.title = markup.plain(deck.title)[:255]
        props.subject = markup.plain(deck.subtitle or "")[:255]
        props.author = markup.plain(deck.author or "")[:255]
        props.last_modified_by = "deckgen"
        props.revision = 1
        props.language = deck.lang
        props.keywords = ""
        props.comments = ""
        when = FIXED_DATE
        if isinstance(deck.date, dt.date):
            when = dt.datetime(
                deck.date.year, deck.date.month, deck.date.day, tzinfo=dt.timezone.utc
            )
        props.created = props.modified = when.replace(tzinfo=None)
        props.last_printed = FIXED_DATE.replace(tzinfo=None)
        buffer = io.BytesIO()
        try:
            _save_fixed(self.prs, buffer)
        except AttributeError:  # python-pptx changed its writer: save, then re-zip
            buffer = io.BytesIO()
            self.prs.save(buffer)
            return _normalise_zip(buffer.getvalue())
        return buffer.getvalue()


# --- XML helpers ---------------------------------------------------------------------------------


def _rgb(color: str) -> RGBColor:
    return RGBColor.from_string(color.lstrip("#").upper())


def _emu(box: Box) -> tuple[int, int, int, int]:
    return Inches(box.left), Inches(box.top), Inches(box.width), Inches(box.height)


def _place(shape: object, box: Box) -> None:
    shape.left, shape.top, shape.width, shape.height = _emu(box)  # type: ignore[attr-defined]


def _contain(box: Box, aspect: float) -> Box:
    """Return the largest box of proportion `aspect` centred in `box`."""
    if box.width / box.height > aspect:
        width = box.height * aspect
        return Box(box.left + (box.width - width) / 2, box.top, width, box.height)
    height = box.width / aspect
    return Box(box.left, box.top + (box.height - height) / 2, box.width, height)


def _set_east_asian(rpr: etree._Element, typeface: str) -> None:
    """Set `a:ea` on a run's properties, in schema order (after `a:latin`)."""
    existing = rpr.find(qn("a:ea"))
    if existing is None:
        existing = etree.Element(qn("a:ea"))
        latin = rpr.find(qn("a:latin"))
        if latin is not None:
            latin.addnext(existing)
        else:
            after = [
                qn(f"a:{t}") for t in ("cs", "sym", "hlinkClick", "hlinkMouseOver", "rtl", "extLst")
            ]
            follower = next((child for child in rpr if child.tag in after), None)
            if follower is not None:
                follower.addprevious(existing)
            else:
                rpr.append(existing)
    existing.set("typeface", typeface)


def _mark_decorative(c_nv_pr: etree._Element) -> None:
    """Mark a shape decorative (PowerPoint's flag): screen readers skip it."""
    ext_lst = etree.SubElement(c_nv_pr, qn("a:extLst"))
    ext = etree.SubElement(ext_lst, qn("a:ext"), uri=_DECORATIVE_URI)
    etree.SubElement(
        ext, f"{{{_DECORATIVE_NS}}}decorative", {"val": "1"}, nsmap={"adec": _DECORATIVE_NS}
    )


def _bullet(paragraph: object, para: Para) -> None:
    ppr = paragraph._p.get_or_add_pPr()  # type: ignore[attr-defined]
    indent = 0.3 if para.level == 0 else 0.28
    ppr.set("marL", str(Inches(para.indent())))
    ppr.set("indent", str(-Inches(indent)))
    for tag in ("a:buNone", "a:buChar", "a:buClr", "a:buSzPct", "a:buFont"):
        for old in ppr.findall(qn(tag)):
            ppr.remove(old)
    if para.bullet_color:
        clr = etree.SubElement(ppr, qn("a:buClr"))
        etree.SubElement(clr, qn("a:srgbClr"), val=para.bullet_color.lstrip("#").upper())
    etree.SubElement(ppr, qn("a:buSzPct"), val="100000")
    etree.SubElement(ppr, qn("a:buFont"), typeface="Arial")
    etree.SubElement(ppr, qn("a:buChar"), char=_BULLETS[min(para.level, 2)])


def _no_bullet(paragraph: object) -> None:
    ppr = paragraph._p.get_or_add_pPr()  # type: ignore[attr-defined]
    ppr.set("marL", "0")
    ppr.set("indent", "0")
    if ppr.find(qn("a:buNone")) is None:
        etree.SubElement(ppr, qn("a:buNone"))


def _stretch_masters(prs: object, ratio: float, ratio_y: float = 1.0) -> None:
    """Fit the masters' and layouts' shapes to the new slide size; pictures keep their shape."""
    if abs(ratio - 1) < 1e-6 and abs(ratio_y - 1) < 1e-6:
        return
    for master in prs.slide_masters:  # type: ignore[attr-defined]
        for owner in [master, *master.slide_layouts]:
            for shape in owner.shapes:
                # A placeholder without its own position inherits the (already fitted) master's.
                if not shape._element.xpath("./p:spPr/a:xfrm | ./p:grpSpPr/a:xfrm | ./p:xfrm"):
                    continue
                sx, sy = ratio, ratio_y
                if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
                    sx = sy = min(ratio, ratio_y)  # a logo must not be distorted
                shape.left = Emu(int(shape.left * ratio))
                shape.width = Emu(int(shape.width * sx))
                shape.top = Emu(int(shape.top * ratio_y))
                shape.height = Emu(int(shape.height * sy))


def _count_partnames(package: object) -> None:
    """Give `package` a `next_partname` that walks the package once per kind of part, not per part.

    python-pptx walks every part to name each new notes slide (or chart): quadratic in the number
    of slides, 16 of the 29 s of a 1000-slide build. Only this writer adds parts, so the names
    found once plus those handed out since are all the names there are.
    """
    taken: dict[str, set[str]] = {}

    def next_partname(tmpl: str) -> PackURI:
        prefix = tmpl[: (tmpl % 42).find("42")]
        if prefix not in taken:
            taken[prefix] = {
                str(part.partname)
                for part in package.iter_parts()  # type: ignore[attr-defined]
                if part.partname.startswith(prefix)
            }
        names = taken[prefix]
        number = len(names) + 1
        while tmpl % number in names:
            number += 1
        names.add(tmpl % number)
        return PackURI(tmpl % number)

    package.next_partname = next_partname  # type: ignore[attr-defined]


def _open(template: Path | None) -> object:
    """Return the default presentation, or `template`'s without its own slides."""
    if template is None:
        return Presentation()
    from deckgen import template as templates

    prs = Presentation(io.BytesIO(templates.package_bytes(template)))
    id_list = prs.slides._sldIdLst
    for sld_id in list(id_list):
        id_list.remove(sld_id)
        prs.part.drop_rel(sld_id.rId)
    # The template's file properties list its slides' titles, company, category: not the deck's.
    with contextlib.suppress(KeyError):  # a template may have none
        app = prs.part.package.part_related_by(RT.EXTENDED_PROPERTIES)
        app._blob = templates.default_app_properties()
    props = prs.core_properties
    props.category = props.content_status = props.identifier = props.version = ""
    root = prs.part._element
    # Sections and custom shows list the template's slides: they would point at nothing.
    for stale in [*root.iter(qn("p:custShowLst")), *root.iter(qn("p:ext"))]:
        if stale.tag == qn("p:custShowLst") or "sectionLst" in etree.tostring(stale).decode():
            stale.getparent().remove(stale)
    return prs


def _template_theme(prs: object, deck: Deck, template: Path) -> dict[str, str]:
    """Write the deck's own colours and fonts into the template's themes; return its layouts."""
    from deckgen import template as templates

    found = templates.read(template)
    for master in prs.slide_masters:  # type: ignore[attr-defined]
        part = master.part.part_related_by(RT.THEME)
        part._blob = templates.rewrite_theme(part.blob, deck.theme, found.east_asian)
    return templates.choose_layouts(found, deck.theme.layouts.model_dump())


def _set_theme(prs: object, deck: Deck) -> None:
    """Rewrite the default template's colour and font schemes from the deck's theme."""
    from deckgen import template as templates

    part = prs.slide_master.part.part_related_by(RT.THEME)  # type: ignore[attr-defined]
    root = etree.fromstring(part.blob)
    c, fonts = deck.theme.colors, deck.theme.fonts
    slots = {
        "dk1": c.text,
        "lt1": c.background,
        "dk2": c.primary,
        "lt2": tint(c.primary, 0.9),
        "accent1": c.primary,
        "accent2": c.accent,
        "accent3": "#2A9D8F",
        "accent4": "#E9C46A",
        "accent5": "#8E7DBE",
        "accent6": c.muted,
        "hlink": c.primary,
        "folHlink": c.muted,
    }
    templates.write_scheme(root, slots, latin=fonts.latin, east_asian=fonts.east_asian)
    for scheme in root.iterfind(f".//{{{_A}}}clrScheme"):
        scheme.set("name", "deckgen")
    for scheme in root.iterfind(f".//{{{_A}}}fontScheme"):
        scheme.set("name", "deckgen")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _set_default_language(prs: object, lang: str) -> None:
    """Make the deck's language the default for new text (PowerPoint's proofing)."""
    root = prs.part._element  # type: ignore[attr-defined]
    for rpr in root.iter(qn("a:defRPr")):
        if rpr.get("lang") is not None:
            rpr.set("lang", lang)
    master = prs.slide_master._element  # type: ignore[attr-defined]
    for rpr in master.iter(qn("a:defRPr")):
        rpr.set("lang", lang)


class _FixedZip:
    """python-pptx's zip writer, but with a fixed date on every entry."""

    def __init__(self, target: zipfile.ZipFile) -> None:
        self.target = target

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        entry = zipfile.ZipInfo(pack_uri.membername, date_time=_ZIP_DATE)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o644 << 16
        self.target.writestr(entry, blob, compresslevel=6)


def _save_fixed(prs: object, out: io.BytesIO) -> None:
    """Write `prs` into `out` as `Presentation.save` does, with fixed dates, compressing once.

    Saving and then re-zipping with fixed dates compresses every part twice: 0.6 s of a
    1000-slide build. The bytes are the same.
    """
    from pptx.opc.serialized import PackageWriter

    package = prs.part.package  # type: ignore[attr-defined]
    writer = PackageWriter(out, package._rels, tuple(package.iter_parts()))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        fixed = _FixedZip(target)
        writer._write_content_types_stream(fixed)  # type: ignore[arg-type]
        writer._write_pkg_rels(fixed)  # type: ignore[arg-type]
        writer._write_parts(fixed)  # type: ignore[arg-type]


def _normalise_zip(data: bytes) -> bytes:
    """Return `data` re-zipped with a fixed date on every entry, in the original order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename), compresslevel=6)
    return out.getvalue()
