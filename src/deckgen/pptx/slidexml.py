"""Write one slide plan as PresentationML: the slide's XML, its relationships and its notes.

The XML is written as text, not through python-pptx's object tree: a slide takes about a tenth
of a millisecond, and a rebuild need not import python-pptx at all. Text goes into the
placeholders of the slide's layout wherever its design has a slot for it, and writes only what
departs from the layout's style: on deckgen's base no typeface (the layouts' styles name the
theme's), colours as theme colours, a size only where it differs, PowerPoint's own autofit
where text was shrunk; on a template, typefaces as the theme's (`+mj-lt`, `+mn-ea`).
Every run has a `lang`; Hangul runs are ko-KR. Every paragraph asks that East Asian words be
kept whole (`eaLnBrk="0"`). Elements follow the schema's order, so PowerPoint opens the slides
without repair; `tests/package_check.py` and openxml-audit check the packages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import field

from deckgen.layout.design import Color, Design, SlotName, Style
from deckgen.layout.grid import Box
from deckgen.layout.script import has_hangul
from deckgen.layout.shapes import (
    INSET,
    FillShape,
    GroupShape,
    Para,
    PictureShape,
    RectShape,
    Shape,
    SlidePlan,
    TableShape,
    TextShape,
    unknown_shape,
)
from deckgen.outline import markup
from deckgen.outline.model import Deck
from deckgen.pptx import groupxml, mark
from deckgen.pptx.xml import (
    DECLARATION,
    NS_A,
    NS_P,
    NS_R,
    Rel,
    centipoints,
    emu,
    esc,
    relative,
)
from deckgen.record import record

SLIDENUM_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
TABLE_STYLE = "{7E9C3B44-2F5D-4F2A-9C1E-6B8A0D5E3C21}"
"""deckgen's table style, which its base package (and a template's, added) defines."""
ROOT_NS = f'xmlns:a="{NS_A}" xmlns:r="{NS_R}" xmlns:p="{NS_P}"'
ALIGN = {"left": "l", "center": "ctr", "right": "r"}
ANCHOR = {"top": "t", "middle": "ctr", "bottom": "b"}
_GEOMETRY = {"rect": "rect", "round": "roundRect", "ellipse": "ellipse"}
BULLET_CHARS = ("\u2022", "\u2013", "\u00b7")
DECORATIVE = (
    '<a:extLst><a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
    '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative"'
    ' val="1"/></a:ext></a:extLst>'
)
SVG_BLIP = (
    '<a:ext uri="{{96DAC541-7B7A-43D3-8B79-37D633B846F1}}"><asvg:svgBlip '
    'xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" r:embed="{rid}"/>'
    "</a:ext>"
)
"""The blip extension PowerPoint (2016 and later) reads an SVG picture from; the blip itself
names the PNG, which other readers (LibreOffice 7.4 among them) show."""
MAJOR = '<a:latin typeface="+mj-lt"/><a:ea typeface="+mj-ea"/><a:cs typeface="+mj-cs"/>'
"""A run's typefaces as the theme's headings fonts: a new theme font restyles the run."""
MINOR = '<a:latin typeface="+mn-lt"/><a:ea typeface="+mn-ea"/><a:cs typeface="+mn-cs"/>'
"""A run's typefaces as the theme's body fonts."""
_TREE_START = (
    '<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
)

THEME_COLORS: dict[Color, str] = {
    "text": '<a:schemeClr val="tx1"/>',
    "background": '<a:schemeClr val="bg1"/>',
    "primary": '<a:schemeClr val="accent1"/>',
    "accent": '<a:schemeClr val="accent2"/>',
    "muted": '<a:schemeClr val="tx1"><a:lumMod val="65000"/><a:lumOff val="35000"/></a:schemeClr>',
    "inverse": '<a:schemeClr val="tx1"/>',
    "inverse_muted": '<a:schemeClr val="tx1"><a:lumMod val="65000"/><a:lumOff val="35000"/>'
    "</a:schemeClr>",
    "tint": '<a:schemeClr val="accent1"><a:lumMod val="7000"/><a:lumOff val="93000"/>'
    "</a:schemeClr>",
}
"""Each colour role as a company template's theme holds it: its accent6 is its own, so muted
text is the text colour lightened, as PowerPoint's "Text 1, lighter 35%" is; and its title
slides have its own background, so text meant for deckgen's coloured one is plain text."""
OWN_COLORS: dict[Color, str] = {
    **THEME_COLORS,
    "muted": '<a:schemeClr val="accent6"/>',
    "inverse": '<a:schemeClr val="bg1"/>',
    "inverse_muted": '<a:schemeClr val="bg1"><a:lumMod val="85000"/></a:schemeClr>',
}
"""Each colour role in deckgen's own theme: the deck's muted colour in accent6, and text on
the primary colour of its title slides in the background colour."""
TINT = '<a:schemeClr val="accent1"><a:lumMod val="7000"/><a:lumOff val="93000"/></a:schemeClr>'
"""Every second row of a table: the primary colour, lightened 93%."""


@record
class Placeholder:
    """A placeholder of a layout that a slot maps to: its type and index."""

    type: str
    idx: int | None


@record
class Layout:
    """What a slide needs to know of the layout it is based on."""

    part: str
    """The layout's part name, such as "ppt/slideLayouts/slideLayout6.xml"."""
    placeholders: dict[SlotName, Placeholder]
    """The placeholder of each slot of the design that this layout offers."""
    own: bool = False
    """The layout is deckgen's, written from the design: its placeholders carry the design's
    boxes and styles, so a slide writes only what departs from them. On a template's layout
    the slide states its sizes and boxes (the fit measured them), and takes fonts and colours
    from the template's theme."""


@record
class NotesPlaceholder:
    """A placeholder of the notes master that each notes page repeats."""

    type: str
    idx: str
    sz: str | None


@record(frozen=False)
class Written:
    """One slide written: its XML, relationships and notes page (None: no notes)."""

    xml: bytes
    rels: list[Rel]
    notes: bytes | None
    source: tuple[str | int, ...] = ()
    """The slide's place in deck.yaml."""
    sources: tuple[tuple[str | int, ...], ...] = ()
    """The place in deck.yaml of each text the slide's mark digests, in its order."""


@record
class PictureRef:
    """A picture on a slide: the media part's target from the slide and the image's size."""

    target: str
    width_px: int
    height_px: int
    alt: str
    svg: str = ""
    """The target of the same picture as SVG, which PowerPoint shows instead ("" for none)."""


@record(frozen=False)
class _Slide:
    """The shapes and relationships of the slide being written."""

    rels: list[Rel] = field(default_factory=list)
    next_id: int = 2
    shapes: list[str] = field(default_factory=list)

    def relate(self, kind: str, target: str, external: bool = False) -> str:
        """Return the id of the relationship to `target`, added unless it is already there."""
        for rel in self.rels:
            if (rel.kind, rel.target, rel.external) == (kind, target, external):
                return rel.rid
        rel = Rel(f"rId{len(self.rels) + 1}", kind, target, external)
        self.rels.append(rel)
        return rel.rid

    def shape_id(self) -> int:
        """Return the id for the next shape."""
        self.next_id += 1
        return self.next_id - 1


class SlideWriter:
    """Write the slides of one deck.

    `picture(index)` returns the picture of figure `index` (a `PictureRef`), and
    `native(index, shape_id, name, box, rid)` the `p:graphicFrame` of a native chart; each
    records the part it needs in the package.
    """

    def __init__(
        self,
        deck: Deck,
        layouts: dict[str, Layout],
        designs: dict[str, Design],
        notes_placeholders: Sequence[NotesPlaceholder],
        notes_master: str,
        picture: Callable[[int], PictureRef | None],
        native: Callable[[int, int, str, tuple[int, int, int, int], str], tuple[str, str]],
        pitch: float | None = None,
        alt: Callable[[int], str] | None = None,
    ) -> None:
        self.deck = deck
        self.layouts = layouts
        self.designs = designs
        self.notes_placeholders = notes_placeholders
        self.notes_master = notes_master
        self.picture = picture
        self.native = native
        self.alt = alt or (lambda _index: "")
        """The alt text of figure `index`: a diagram drawn as shapes carries it on its group."""
        self._other_lang = deck.lang if deck.lang != "ko-KR" else "en-US"
        self.pitch = pitch
        """The distance between lines every slide paragraph states, in em of its size, or None
        for the layout's spacing: the copy a renderer draws sets its lines at the fit's pitch."""

    def slide(self, plan: SlidePlan, number: int, notes_target: str) -> Written:
        """Return slide `number` (from 1) of the deck; `notes_target` names its notes page."""
        layout = self.layouts[plan.layout]
        design = self.designs[plan.layout]
        colors = OWN_COLORS if layout.own else THEME_COLORS
        slide = _Slide()
        slide.relate("slideLayout", relative(layout.part))
        sources: list[tuple[str | int, ...]] = []
        for shape in plan.shapes:
            sources += self._sources(shape, plan.source)
            holder = (
                layout.placeholders.get(shape.slot)
                if not isinstance(shape, RectShape | GroupShape) and shape.slot is not None
                else None
            )
            if isinstance(shape, TextShape):
                style = design.slot(shape.slot).style if holder and shape.slot else None
                writer = _TextWriter(self, slide, shape, colors, holder, style, layout.own)
                slide.shapes.append(writer.xml(number, design))
            elif isinstance(shape, RectShape):
                slide.shapes.append(self._rect(slide, shape, colors))
            elif isinstance(shape, PictureShape):
                slide.shapes.append(self._picture(slide, shape, holder))
            elif isinstance(shape, TableShape):
                slide.shapes.append(self._table(slide, shape, holder, colors, layout.own))
            elif isinstance(shape, GroupShape):
                slide.shapes.append(self._group(slide, shape, colors, layout.own, number, design))
            else:  # a Shape kind added to layout but not here: never drop it from the slide
                unknown_shape(shape)
        notes = None
        if plan.notes:
            slide.relate("notesSlide", notes_target)
            notes = self._notes(plan.notes, number)
        xml = (
            f"{DECLARATION}<p:sld {ROOT_NS}><p:cSld>{_TREE_START}<p:grpSpPr/>"
            f"{''.join(slide.shapes)}</p:spTree></p:cSld>"
            "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>"
        )
        return Written(xml.encode(), slide.rels, notes, plan.source, tuple(sources))

    def _sources(self, shape: Shape, slide: tuple[str | int, ...]) -> list[tuple[str | int, ...]]:
        """Return the place in deck.yaml of each text of `shape` that the mark digests (as
        `mark.slide_texts` finds them: text shapes with text, but slide numbers; tables; native
        charts; a group's text boxes)."""
        if isinstance(shape, TextShape):
            if shape.number_field:
                return []
            text = "\n".join(para.text for para in shape.paras)
            return [shape.source] if mark.text_digest(text) else []
        if isinstance(shape, TableShape):
            return [shape.source]
        if isinstance(shape, PictureShape):
            return [] if self.picture(shape.figure) is not None else [(*slide, "chart")]
        if isinstance(shape, GroupShape):
            return [s for part in shape.texts for s in self._sources(part, slide)]
        return []

    def notes_rels(self, slide_target: str) -> list[Rel]:
        """Return the relationships of a notes page: its master and its slide."""
        master = Rel("rId1", "notesMaster", relative(self.notes_master))
        return [master, Rel("rId2", "slide", slide_target)]

    # -- shapes --------------------------------------------------------------------------------

    def spacing(self, size: float) -> str:
        """Return the `a:lnSpc` of a paragraph of text set at `size` points ("" for none)."""
        if self.pitch is None:
            return ""
        return f'<a:lnSpc><a:spcPts val="{centipoints(round(size * self.pitch, 1))}"/></a:lnSpc>'

    def lang(self, text: str) -> str:
        """Return the `lang` (and `altLang`) attributes of a run of `text`."""
        if has_hangul(text):
            return f'lang="ko-KR" altLang="{esc(self._other_lang)}"'
        return f'lang="{esc(self.deck.lang)}"'

    def _rect(self, slide: _Slide, shape: RectShape, colors: dict[Color, str]) -> str:
        sid = slide.shape_id()
        return (
            f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name="Decoration {sid}">{DECORATIVE}'
            "</p:cNvPr><p:cNvSpPr/><p:nvPr/></p:nvSpPr>"
            f'<p:spPr>{_xfrm(shape.box)}<a:prstGeom prst="{_GEOMETRY[shape.kind]}"><a:avLst/>'
            f"</a:prstGeom><a:solidFill>{colors[shape.color]}</a:solidFill>"
            "<a:ln><a:noFill/></a:ln><a:effectLst/></p:spPr></p:sp>"
        )

    def _group(
        self,
        slide: _Slide,
        group: GroupShape,
        colors: dict[Color, str],
        own: bool,
        number: int,
        design: Design,
    ) -> str:
        """Return a diagram drawn as shapes: its group, the fills and the text boxes over them."""
        parts = [groupxml.open_group(group, slide.shape_id(), self.alt(group.figure))]
        owner = group.name
        for part in group.parts:
            if isinstance(part, FillShape):
                parts.append(groupxml.fill(part, slide.shape_id(), own))
                owner = " ".join(part.name.split()[:2])  # "Step 1", not "Step 1 Rule"
            else:
                writer = _TextWriter(self, slide, part, colors, None, None, own)
                key = str(part.source[-1]).title() if part.source else "Text"
                parts.append(writer.xml(number, design, f"{owner} {key}"))
        parts.append(groupxml.CLOSE_GROUP)
        return "".join(parts)

    def _picture(self, slide: _Slide, shape: PictureShape, holder: Placeholder | None) -> str:
        sid = slide.shape_id()
        name = f"Figure {shape.name or shape.figure + 1}"
        picture = self.picture(shape.figure)
        if picture is None:  # a native chart, drawn by PowerPoint
            rid = f"rId{len(slide.rels) + 1}"
            frame, target = self.native(shape.figure, sid, name, _emu_box(shape.box), rid)
            slide.rels.append(Rel(rid, "chart", target))  # a new part: never related before
            # In a content or chart placeholder, as PowerPoint puts it; a picture placeholder
            # holds only pictures.
            if holder is not None and holder.type in ("obj", "chart"):
                frame = frame.replace("<p:nvPr/>", f"<p:nvPr>{_ph(holder)}</p:nvPr>", 1)
                frame = frame.replace(
                    "<p:cNvGraphicFramePr/>",
                    '<p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr>',
                    1,
                )
            return frame
        rid = slide.relate("image", picture.target)
        blip = f'<a:blip r:embed="{rid}"/>'
        if picture.svg:
            svg = slide.relate("image", picture.svg)
            extension = SVG_BLIP.format(rid=svg)
            blip = f'<a:blip r:embed="{rid}"><a:extLst>{extension}</a:extLst></a:blip>'
        box = contain(shape.box, picture.width_px / picture.height_px)
        locks = (
            '<a:picLocks noGrp="1" noChangeAspect="1"/>'
            if holder
            else ('<a:picLocks noChangeAspect="1"/>')
        )
        return (
            f'<p:pic><p:nvPicPr><p:cNvPr id="{sid}" name="{esc(name)}" '
            f'descr="{esc(picture.alt)}"/><p:cNvPicPr>{locks}</p:cNvPicPr>'
            f"<p:nvPr>{_ph(holder)}</p:nvPr></p:nvPicPr><p:blipFill>{blip}"
            "<a:stretch><a:fillRect/></a:stretch></p:blipFill>"
            f'<p:spPr>{_xfrm(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>'
            "</p:pic>"
        )

    def _table(
        self,
        slide: _Slide,
        shape: TableShape,
        holder: Placeholder | None,
        colors: dict[Color, str],
        own: bool,
    ) -> str:
        sid = slide.shape_id()
        rows = len(shape.rows) + 1
        row_height = max(int(emu(shape.box.height) / rows), 1)
        grid = "".join(f'<a:gridCol w="{max(emu(width), 1)}"/>' for width in shape.widths)
        parts = [
            f'<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="{sid}" name="Table {sid - 1}" '
            f'descr="{esc(shape.alt)}"/>'
            '<p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr>'
            f"<p:nvPr>{_ph(holder)}</p:nvPr></p:nvGraphicFramePr>{_xfrm(shape.box, 'p')}"
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/'
            f'table"><a:tbl><a:tblPr firstRow="1" bandRow="1"><a:tableStyleId>{TABLE_STYLE}'
            f"</a:tableStyleId></a:tblPr><a:tblGrid>{grid}</a:tblGrid>"
        ]
        margins = [
            f'marL="{emu(0.1 + inset)}" marR="{emu(0.1)}" marT="{emu(0.04)}" marB="{emu(0.04)}"'
            for inset in (*shape.insets, *[0.0] * (len(shape.columns) - len(shape.insets)))
        ]
        highlight = (
            '<a:solidFill><a:schemeClr val="accent2"><a:lumMod val="18000"/>'
            '<a:lumOff val="82000"/></a:schemeClr></a:solidFill>'
        )
        for r in range(rows):
            parts.append(f'<a:tr h="{row_height}">')
            values = shape.columns if r == 0 else shape.rows[r - 1]
            for i in range(len(shape.columns)):
                text = values[i] if i < len(values) else ""
                marked = r > 0 and (shape.highlight_row == r - 1 or shape.highlight_column == i)
                runs = []
                for run in markup.parse(text).runs:
                    if marked and not run.highlight:
                        run = markup.Run(run.text, True, run.italic, False, run.link)
                    slanted, stressed = emphasis(run.text, run.italic)
                    flags = ' b="1"' if r == 0 or run.bold or run.highlight or stressed else ""
                    flags += ' i="1"' if slanted else ""
                    role: Color | None = (
                        "background" if r == 0 else "accent" if run.highlight else None
                    )
                    color = f"<a:solidFill>{colors[role]}</a:solidFill>" if role else ""
                    size = f' sz="{centipoints(round(shape.size, 1))}"'
                    # The typeface is the theme's body font, which the table style (deckgen's,
                    # also on a template) names.
                    runs.append(
                        _runs(
                            run.text,
                            f"<a:rPr {self.lang(run.text)}{size}{flags}>{color}",
                            self._link(slide, run),
                        )
                    )
                align = "r" if shape.numeric[i] else "l"
                # The heading row's and the banded rows' fills are the table style's, so
                # another style picked in PowerPoint restyles the table; only the highlight,
                # which no table style knows, is the cell's own.
                fill = highlight if marked else ""
                ppr = _ppr(f'algn="{align}" {KEEP_WORDS}', self.spacing(shape.size))
                parts.append(
                    '<a:tc><a:txBody><a:bodyPr wrap="square"/><a:lstStyle/>'
                    f"<a:p>{ppr}{''.join(runs)}</a:p>"
                    f'</a:txBody><a:tcPr {margins[i]} anchor="ctr">{fill}</a:tcPr></a:tc>'
                )
            parts.append("</a:tr>")
        parts.append("</a:tbl></a:graphicData></a:graphic></p:graphicFrame>")
        return "".join(parts)

    def _link(self, slide: _Slide, run: markup.Run) -> str:
        """Return the `hlinkClick` of `run` (its relationship added), or "" for no link."""
        if not run.link:
            return ""
        rid = slide.relate("hyperlink", run.link, external=True)
        return f'<a:hlinkClick r:id="{rid}"/>'

    # -- notes ---------------------------------------------------------------------------------

    def _notes(self, notes: str, number: int) -> bytes:
        """Return the notes page of slide `number`: its picture, the notes, and the slide's
        number as a field, which the page prints (PowerPoint's own pages carry it)."""
        shapes = []
        names = {"sldImg": "Slide Image Placeholder", "body": "Notes Placeholder"}
        for n, holder in enumerate(self.notes_placeholders, start=2):
            # Read from the template: the size only as the schema names it, the index a number.
            sz = f' sz="{holder.sz}"' if holder.sz in _PLACEHOLDER_SIZES else ""
            name = names.get(holder.type, "Slide Number Placeholder")
            shape = (
                f'<p:sp><p:nvSpPr><p:cNvPr id="{n}" name="{name} {n - 1}"/>'
                '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
                f'<p:nvPr><p:ph type="{esc(holder.type)}" idx="{_index(holder.idx)}"{sz}/>'
                "</p:nvPr></p:nvSpPr><p:spPr/>"
            )
            if holder.type == "body":
                paragraphs = "".join(
                    f'<a:p><a:pPr {KEEP_WORDS}/><a:r><a:rPr {self.lang(line)} sz="1200">'
                    f"{MINOR}</a:rPr><a:t>{esc(line)}</a:t></a:r></a:p>"
                    for line in notes.rstrip("\n").split("\n")
                )
                shape += f"<p:txBody><a:bodyPr/><a:lstStyle/>{paragraphs}</p:txBody>"
            elif holder.type == "sldNum":
                field = (
                    f'<a:fld id="{SLIDENUM_ID}" type="slidenum">'
                    f'<a:rPr lang="{esc(self.deck.lang)}"/><a:t>{number}</a:t></a:fld>'
                )
                paragraph = f"<a:p><a:pPr {KEEP_WORDS}/>{field}</a:p>"
                shape += f"<p:txBody><a:bodyPr/><a:lstStyle/>{paragraph}</p:txBody>"
            shapes.append(shape + "</p:sp>")
        xml = (
            f"{DECLARATION}<p:notes {ROOT_NS}><p:cSld>{_TREE_START}<p:grpSpPr/>"
            f"{''.join(shapes)}</p:spTree></p:cSld>"
            "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>"
        )
        return xml.encode()


class _TextWriter:
    """One text shape of a slide: a placeholder of its layout, or a text box of its own."""

    def __init__(
        self,
        writer: SlideWriter,
        slide: _Slide,
        shape: TextShape,
        colors: dict[Color, str],
        holder: Placeholder | None,
        style: Style | None,
        own: bool,
    ) -> None:
        self.writer, self.slide, self.shape, self.colors = writer, slide, shape, colors
        self.holder = holder
        self.own = own
        self.slot_style = style if holder is not None else None
        """The style its placeholder gives the text (deckgen's layout's, or the one a company
        template's placeholder has, which the layout stage read and fitted the text in): what
        the slide need not repeat (None, for a text box: all)."""
        self.style = self.slot_style

    def xml(self, number: int, design: Design, name: str | None = None) -> str:
        """Return the shape's XML: a placeholder, or a text box (called `name`, if given)."""
        shape, sid = self.shape, self.slide.shape_id()
        if self.holder is not None:
            kind = '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
            nv = f"{kind}<p:nvPr>{_ph(self.holder)}</p:nvPr>"
            slot_box = design.slot(shape.slot).box if shape.slot else None
            moved = self.slot_style is None or slot_box is None or not _same(shape.box, slot_box)
            geometry = _xfrm(shape.box) if moved else ""
            name = f"{(shape.slot or 'Text').replace('-', ' ').title()} {sid - 1}"
        else:
            nv = '<p:cNvSpPr txBox="1"/><p:nvPr/>'
            geometry = f'{_xfrm(shape.box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
            geometry += "<a:noFill/>"
            name = name or f"TextBox {sid - 1}"
        return (
            f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name="{esc(name)}"/>{nv}</p:nvSpPr>'
            f"<p:spPr>{geometry}</p:spPr>{self._body(number)}</p:sp>"
        )

    def _body(self, number: int) -> str:
        shape = self.shape
        inset = emu(INSET)
        insets = f'wrap="square" lIns="{inset}" tIns="{inset}" rIns="{inset}" bIns="{inset}"'
        anchor = f'anchor="{ANCHOR[shape.anchor]}"'
        if self.holder is None:
            attrs, autofit = [insets, anchor], "<a:noAutofit/>"
        else:
            placed = self.slot_style
            attrs = [] if placed else [insets]
            if placed is None or placed.anchor != shape.anchor:
                attrs.append(anchor)
            # PowerPoint's own autofit, holding deckgen's measured scale: PowerPoint shows the
            # text as shrunk to fit, and shrinks it again when someone edits it.
            scale = round(shape.scale * 100000)
            autofit = (
                f'<a:normAutofit fontScale="{scale}"/>' if scale < 100000 else ("<a:normAutofit/>")
            )
        head = f"<a:bodyPr {' '.join(attrs)}>" if attrs else "<a:bodyPr>"
        parts = [f"<p:txBody>{head}{autofit}</a:bodyPr><a:lstStyle/>"]
        for index, para in enumerate(shape.paras):
            parts.append(f"<a:p>{self._paragraph_properties(para, index)}")
            if shape.number_field:
                parts.append(self._slide_number(para, number))
            else:
                for run in para.runs:
                    parts.append(self._run(run, para))
            parts.append("</a:p>")
        if not shape.paras:
            parts.append("<a:p/>")
        parts.append("</p:txBody>")
        return "".join(parts)

    def _scaled(self, points: float) -> float:
        """Return a size as written: a text box's measured scale is in its sizes; a placeholder
        keeps its sizes and holds the scale as PowerPoint's autofit."""
        return points if self.holder is not None else points * self.shape.scale

    def _paragraph_properties(self, para: Para, index: int) -> str:
        """Return a paragraph's `a:pPr`: what departs from the layout's style, or everything."""
        style = self.style
        attrs, inner = [], []
        if para.level > 0:
            attrs.append(f'lvl="{para.level}"')
        listed = style is not None and style.bullets
        if para.level >= 0 and not listed:
            hanging = 0.3 if para.level == 0 else 0.28
            attrs.append(f'marL="{emu(para.indent())}" indent="{-emu(hanging)}"')
        elif para.level < 0 and (style is None or listed):
            attrs.append('marL="0" indent="0"')
        if style is None or style.align != para.align:
            attrs.append(f'algn="{ALIGN[para.align]}"')
        space = para.space_before if index else 0.0
        if space != (style.spacing(para.level) if style else 0.0):
            inner.append(
                f'<a:spcBef><a:spcPts val="{centipoints(round(self._scaled(space), 1))}"/>'
                "</a:spcBef>"
            )
        attrs.append(KEEP_WORDS)
        spacing = self.writer.spacing(self._scaled(para.size))
        if spacing:
            inner.insert(0, spacing)  # a:lnSpc comes first
        if para.level < 0 and (style is None or listed):
            inner.append("<a:buNone/>")
        elif para.level >= 0 and not listed:
            color = self.colors[para.bullet_color or "accent"]
            char = BULLET_CHARS[min(para.level, 2)]
            inner.append(
                f'<a:buClr>{color}</a:buClr><a:buFont typeface="Arial"/><a:buChar char="{char}"/>'
            )
        head = f"<a:pPr {' '.join(attrs)}"
        return f"{head}>{''.join(inner)}</a:pPr>" if inner else f"{head}/>"

    def _run(self, run: markup.Run, para: Para) -> str:
        style = self.style
        size = ""
        if style is None or para.size != style.size(para.level):
            size = f' sz="{centipoints(round(self._scaled(para.size), 1))}"'
        slanted, stressed = emphasis(run.text, para.italic or run.italic)
        strong = run.bold or run.highlight or stressed
        bold = para.bold or strong
        flags = ""
        if style is None:
            flags += ' b="1"' if bold else ""
        elif bold != style.bold:
            flags += ' b="1"' if bold else ' b="0"'
        if slanted:
            flags += ' i="1"'
        if run.link:
            flags += ' u="sng"'
        if run.highlight:
            color: Color | None = "accent"
        elif run.link and para.color == "text":
            color = "primary"
        elif style is None or para.color != style.color:
            color = para.color
        else:
            color = None
        fill = f"<a:solidFill>{self.colors[color]}</a:solidFill>" if color else ""
        rpr = f"<a:rPr {self.writer.lang(run.text)}{size}{flags}>{fill}{self._faces()}"
        return _runs(run.text, rpr, self.writer._link(self.slide, run))

    def _faces(self) -> str:
        """Return the run's typefaces: none in a placeholder, whose layout's or master's style
        names the theme's fonts, nor on deckgen's base (its default text style names them for
        text boxes); the theme's body fonts in a text box on a template."""
        return "" if self.own or self.holder is not None else MINOR

    def _slide_number(self, para: Para, number: int) -> str:
        style = self.style
        size = "" if style else f' sz="{centipoints(para.size)}"'
        fill = "" if style else f"<a:solidFill>{self.colors[para.color]}</a:solidFill>"
        props = f'<a:rPr lang="{esc(self.writer.deck.lang)}"{size}>{fill}{self._faces()}</a:rPr>'
        if self.writer.pitch is not None:
            # The copy a renderer draws: its text, as a run. LibreOffice sets a field's line at
            # the face's height, not at the stated pitch: 2.8 pt above the source line.
            return f"<a:r>{props}<a:t>{number}</a:t></a:r>"
        return f'<a:fld id="{SLIDENUM_ID}" type="slidenum">{props}<a:t>{number}</a:t></a:fld>'


# --- XML pieces ----------------------------------------------------------------------------------

KEEP_WORDS = 'eaLnBrk="0"'
"""A paragraph's request that East Asian words be kept whole: Korean is set by word (어절)."""


def emphasis(text: str, italic: bool) -> tuple[bool, bool]:
    """Return whether a run of `text` set in italic is written slanted, and whether in bold.

    Hangul has no italic: PowerPoint and LibreOffice would slant the upright letters. An
    emphasised run that holds Hangul is set in bold instead, as Korean typography emphasises.
    """
    if not italic:
        return False, False
    return (False, True) if has_hangul(text) else (True, False)


def _ppr(attrs: str, inner: str) -> str:
    """Return an `a:pPr` with `attrs` and the children `inner` (none: an empty element)."""
    return f"<a:pPr {attrs}>{inner}</a:pPr>" if inner else f"<a:pPr {attrs}/>"


def _runs(text: str, rpr: str, link: str) -> str:
    """Return `text` as runs with properties `rpr` (an open `a:rPr`), line breaks as `a:br`."""
    close = f"{link}</a:rPr>"
    pieces = text.split("\n")
    out = [f"<a:r>{rpr}{close}<a:t>{esc(pieces[0])}</a:t></a:r>"]
    for piece in pieces[1:]:
        out.append(f"<a:br>{rpr}{close}</a:br>")
        if piece:
            out.append(f"<a:r>{rpr}{close}<a:t>{esc(piece)}</a:t></a:r>")
    return "".join(out)


def _ph(holder: Placeholder | None) -> str:
    """Return the `p:ph` of a placeholder (the type omitted for a content placeholder)."""
    if holder is None:
        return ""
    kind = "" if holder.type == "obj" else f' type="{esc(holder.type)}"'
    index = f' idx="{_index(holder.idx)}"' if holder.idx is not None else ""
    return f"<p:ph{kind}{index}/>"


_PLACEHOLDER_SIZES = ("full", "half", "quarter")


def _index(idx: int | str) -> int:
    """Return a placeholder's index as the number it must be; raise ValueError if it is none."""
    number = int(idx)
    if not 0 <= number < 2**32:
        raise ValueError(f"placeholder index {number} is out of range")
    return number


def _same(one: Box, other: Box) -> bool:
    """Return whether two boxes are the same, to the EMU."""
    return _emu_box(one) == _emu_box(other)


def _emu_box(box: Box) -> tuple[int, int, int, int]:
    """Return `box` in EMU, at least 1 EMU wide and tall: PowerPoint repairs a file with a
    negative or empty extent. (The layout plans none; `check` reports one as a shape with no
    room on the slide.)"""
    return emu(box.left), emu(box.top), max(emu(box.width), 1), max(emu(box.height), 1)


def _xfrm(box: Box, prefix: str = "a") -> str:
    left, top, width, height = _emu_box(box)
    return (
        f'<{prefix}:xfrm><a:off x="{left}" y="{top}"/><a:ext cx="{width}" cy="{height}"/>'
        f"</{prefix}:xfrm>"
    )


def contain(box: Box, aspect: float) -> Box:
    """Return the largest box of proportion `aspect` centred in `box`."""
    if box.width <= 0 or box.height <= 0:
        return box
    if box.width / box.height > aspect:
        width = box.height * aspect
        return Box(box.left + (box.width - width) / 2, box.top, width, box.height)
    height = box.width / aspect
    return Box(box.left, box.top + (box.height - height) / 2, box.width, height)
