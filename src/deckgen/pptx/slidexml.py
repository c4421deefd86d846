"""Write one slide plan as PresentationML: the slide's XML, its relationships and its notes.

The XML is written as text, not through python-pptx's object tree: a slide takes about a tenth
of a millisecond instead of eight, and a rebuild need not import python-pptx at all. Korean is
handled here: every run names the East Asian typeface (`a:ea`, after `a:latin` as the schema
orders them) and a `lang`; Hangul runs are ko-KR. Elements follow the schema's order, so
PowerPoint opens the slides without repair; `tests/package_check.py` checks the packages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from deckgen.colors import tint
from deckgen.layout.grid import Box
from deckgen.layout.script import has_hangul
from deckgen.layout.shapes import (
    INSET,
    Para,
    PictureShape,
    RectShape,
    SlidePlan,
    TableShape,
    TextShape,
)
from deckgen.outline import markup
from deckgen.outline.model import Deck
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

SLIDENUM_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
_ROOT_NS = f'xmlns:a="{NS_A}" xmlns:r="{NS_R}" xmlns:p="{NS_P}"'
_ALIGN = {"left": "l", "center": "ctr", "right": "r"}
_ANCHOR = {"top": "t", "middle": "ctr", "bottom": "b"}
_GEOMETRY = {"rect": "rect", "round": "roundRect", "ellipse": "ellipse"}
_BULLETS = ("\u2022", "\u2013", "\u00b7")
_DECORATIVE = (
    '<a:extLst><a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
    '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative"'
    ' val="1"/></a:ext></a:extLst>'
)
_TREE_START = (
    '<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
)


@dataclass(frozen=True)
class Layout:
    """What a slide needs to know of the layout it is based on."""

    part: str
    """The layout's part name, such as "ppt/slideLayouts/slideLayout6.xml"."""
    title: str | None
    """The type of the layout's title placeholder ("title", "ctrTitle"), or None."""


@dataclass(frozen=True)
class NotesPlaceholder:
    """A placeholder of the notes master that each notes page repeats."""

    type: str
    idx: str
    sz: str | None


@dataclass
class Written:
    """One slide written: its XML, relationships and notes page (None: no notes)."""

    xml: bytes
    rels: list[Rel]
    notes: bytes | None


@dataclass(frozen=True)
class PictureRef:
    """A picture on a slide: the media part's target from the slide and the image's size."""

    target: str
    width_px: int
    height_px: int
    alt: str


@dataclass
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
        notes_placeholders: Sequence[NotesPlaceholder],
        notes_master: str,
        picture: Callable[[int], PictureRef | None],
        native: Callable[[int, int, str, tuple[int, int, int, int], str], tuple[str, str]],
    ) -> None:
        self.deck = deck
        self.layouts = layouts
        self.notes_placeholders = notes_placeholders
        self.notes_master = notes_master
        self.picture = picture
        self.native = native
        fonts = deck.theme.fonts
        self._faces = (
            f'<a:latin typeface="{esc(fonts.latin)}"/><a:ea typeface="{esc(fonts.east_asian)}"/>'
        )
        self._other_lang = deck.lang if deck.lang != "ko-KR" else "en-US"

    def slide(self, plan: SlidePlan, number: int, notes_target: str) -> Written:
        """Return slide `number` (from 1) of the deck; `notes_target` names its notes page."""
        layout = self.layouts[plan.layout]
        slide = _Slide()
        slide.relate("slideLayout", relative(layout.part))
        title = next(
            (s for s in plan.shapes if isinstance(s, TextShape) and s.role == "title"), None
        )
        if layout.title is None:
            title = None
        if title is not None:
            slide.shapes.append(self._text(slide, title, number, layout.title))
        for shape in plan.shapes:
            if shape is title:
                continue
            if isinstance(shape, TextShape):
                slide.shapes.append(self._text(slide, shape, number, None))
            elif isinstance(shape, RectShape):
                slide.shapes.append(self._rect(slide, shape))
            elif isinstance(shape, PictureShape):
                slide.shapes.append(self._picture(slide, shape))
            elif isinstance(shape, TableShape):
                slide.shapes.append(self._table(slide, shape))
        background = ""
        if plan.background:
            background = f"<p:bg><p:bgPr>{_fill(plan.background)}<a:effectLst/></p:bgPr></p:bg>"
        notes = None
        if plan.notes:
            slide.relate("notesSlide", notes_target)
            notes = self._notes(plan.notes)
        xml = (
            f"{DECLARATION}<p:sld {_ROOT_NS}><p:cSld>{background}{_TREE_START}<p:grpSpPr/>"
            f"{''.join(slide.shapes)}</p:spTree></p:cSld>"
            "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>"
        )
        return Written(xml.encode(), slide.rels, notes)

    def notes_rels(self, slide_target: str) -> list[Rel]:
        """Return the relationships of a notes page: its master and its slide."""
        master = Rel("rId1", "notesMaster", relative(self.notes_master))
        return [master, Rel("rId2", "slide", slide_target)]

    # -- shapes --------------------------------------------------------------------------------

    def _text(self, slide: _Slide, shape: TextShape, number: int, title: str | None) -> str:
        """Return a text box, or the layout's title placeholder when `title` is its type."""
        sid = slide.shape_id()
        if title is not None:
            name, kind = "Title", '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
            kind += f'<p:nvPr><p:ph type="{title}"/></p:nvPr>'
            geometry = ""  # the placeholder's own
        else:
            name, kind = "TextBox", '<p:cNvSpPr txBox="1"/><p:nvPr/>'
            geometry = '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/>'
        return (
            f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name="{name} {sid - 1}"/>{kind}</p:nvSpPr>'
            f"<p:spPr>{_xfrm(shape.box)}{geometry}</p:spPr>"
            f"{self._text_body(slide, shape, number)}</p:sp>"
        )

    def _text_body(self, slide: _Slide, shape: TextShape, number: int) -> str:
        inset = emu(INSET)
        parts = [
            f'<p:txBody><a:bodyPr wrap="square" lIns="{inset}" tIns="{inset}" rIns="{inset}" '
            f'bIns="{inset}" anchor="{_ANCHOR[shape.anchor]}"><a:noAutofit/></a:bodyPr>'
            "<a:lstStyle/>"
        ]
        for index, para in enumerate(shape.paras):
            parts.append(f"<a:p>{_paragraph_properties(para, shape.scale, index)}")
            if shape.number_field:
                parts.append(self._slide_number(para, number))
            else:
                for run in para.runs:
                    parts.append(self._run(slide, run, para, shape.scale))
            parts.append("</a:p>")
        if not shape.paras:
            parts.append("<a:p/>")
        parts.append("</p:txBody>")
        return "".join(parts)

    def _run(self, slide: _Slide, run: markup.Run, para: Para, scale: float) -> str:
        c = self.deck.theme.colors
        color = (
            c.accent
            if run.highlight
            else (c.primary if run.link and para.color == c.text else para.color)
        )
        flags = ""
        if para.bold or run.bold or run.highlight:
            flags += ' b="1"'
        if para.italic or run.italic:
            flags += ' i="1"'
        link = ""
        if run.link:
            flags += ' u="sng"'
            rid = slide.relate("hyperlink", run.link, external=True)
            link = f'<a:hlinkClick r:id="{rid}"/>'
        return (
            f"<a:r>{self._rpr(run.text, para.size * scale, flags, _fill(color), link)}"
            f"<a:t>{esc(run.text)}</a:t></a:r>"
        )

    def _rpr(self, text: str, size: float, flags: str = "", fill: str = "", link: str = "") -> str:
        """Return a run's properties: size, flags, colour, both typefaces and language."""
        if has_hangul(text):
            lang = f'lang="ko-KR" altLang="{self._other_lang}"'
        else:
            lang = f'lang="{self.deck.lang}"'
        # cap="none": layouts such as "Section Header" would set titles in capitals.
        return (
            f'<a:rPr {lang} sz="{centipoints(round(size, 1))}"{flags} cap="none">'
            f"{fill}{self._faces}{link}</a:rPr>"
        )

    def _slide_number(self, para: Para, number: int) -> str:
        return (
            f'<a:fld id="{SLIDENUM_ID}" type="slidenum"><a:rPr lang="{self.deck.lang}" '
            f'sz="{int(para.size * 100)}">{_fill(para.color)}{self._faces}</a:rPr>'
            f"<a:t>{number}</a:t></a:fld>"
        )

    def _rect(self, slide: _Slide, shape: RectShape) -> str:
        sid = slide.shape_id()
        return (
            f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name="Decoration {sid}">{_DECORATIVE}'
            "</p:cNvPr><p:cNvSpPr/><p:nvPr/></p:nvSpPr>"
            f'<p:spPr>{_xfrm(shape.box)}<a:prstGeom prst="{_GEOMETRY[shape.kind]}"><a:avLst/>'
            f"</a:prstGeom>{_fill(shape.color)}<a:ln><a:noFill/></a:ln><a:effectLst/></p:spPr>"
            "</p:sp>"
        )

    def _picture(self, slide: _Slide, shape: PictureShape) -> str:
        sid = slide.shape_id()
        name = f"Figure {shape.name or shape.figure + 1}"
        picture = self.picture(shape.figure)
        if picture is None:  # a native chart, drawn by PowerPoint
            rid = f"rId{len(slide.rels) + 1}"
            frame, target = self.native(shape.figure, sid, name, _emu_box(shape.box), rid)
            slide.rels.append(Rel(rid, "chart", target))  # a new part: never related before
            return frame
        rid = slide.relate("image", picture.target)
        box = contain(shape.box, picture.width_px / picture.height_px)
        return (
            f'<p:pic><p:nvPicPr><p:cNvPr id="{sid}" name="{esc(name)}" '
            f'descr="{esc(picture.alt)}"/><p:cNvPicPr><a:picLocks noChangeAspect="1"/>'
            f'</p:cNvPicPr><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed="{rid}"/>'
            "<a:stretch><a:fillRect/></a:stretch></p:blipFill>"
            f'<p:spPr>{_xfrm(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>'
            "</p:pic>"
        )

    def _table(self, slide: _Slide, shape: TableShape) -> str:
        c = self.deck.theme.colors
        sid = slide.shape_id()
        rows = len(shape.rows) + 1
        row_height = int(emu(shape.box.height) / rows)
        grid = "".join(f'<a:gridCol w="{emu(width)}"/>' for width in shape.widths)
        parts = [
            f'<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="{sid}" name="Table {sid - 1}"/>'
            '<p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr>'
            f"<p:nvPr/></p:nvGraphicFramePr>{_xfrm(shape.box, 'p')}<a:graphic>"
            '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table">'
            f'<a:tbl><a:tblPr firstRow="0" bandRow="0"/><a:tblGrid>{grid}</a:tblGrid>'
        ]
        margins = f'marL="{emu(0.1)}" marR="{emu(0.1)}" marT="{emu(0.04)}" marB="{emu(0.04)}"'
        for r in range(rows):
            parts.append(f'<a:tr h="{row_height}">')
            values = shape.columns if r == 0 else shape.rows[r - 1]
            for i in range(len(shape.columns)):
                text = values[i] if i < len(values) else ""
                highlighted = (r > 0 and shape.highlight_row == r - 1) or (
                    shape.highlight_column == i
                )
                if r == 0:
                    fill, color, bold = c.primary, "#FFFFFF", True
                elif highlighted:
                    fill, color, bold = tint(c.accent, 0.82), c.text, False
                else:
                    fill = tint(c.primary, 0.93) if r % 2 == 0 else c.background
                    color, bold = c.text, False
                para = Para((), shape.size, color, bold=bold)
                runs = []
                for run in markup.parse(text).runs:
                    if highlighted and not run.highlight:
                        run = markup.Run(run.text, True, run.italic, False, run.link)
                    runs.append(self._run(slide, run, para, 1.0))
                align = "r" if shape.numeric[i] else "l"
                parts.append(
                    '<a:tc><a:txBody><a:bodyPr wrap="square"/><a:lstStyle/>'
                    f'<a:p><a:pPr algn="{align}"/>{"".join(runs)}</a:p></a:txBody>'
                    f'<a:tcPr {margins} anchor="ctr">{_fill(fill)}</a:tcPr></a:tc>'
                )
            parts.append("</a:tr>")
        parts.append("</a:tbl></a:graphicData></a:graphic></p:graphicFrame>")
        return "".join(parts)

    # -- notes ---------------------------------------------------------------------------------

    def _notes(self, notes: str) -> bytes:
        shapes = []
        names = {"sldImg": "Slide Image Placeholder", "body": "Notes Placeholder"}
        for n, holder in enumerate(self.notes_placeholders, start=2):
            sz = f' sz="{holder.sz}"' if holder.sz else ""
            name = names.get(holder.type, "Slide Number Placeholder")
            shape = (
                f'<p:sp><p:nvSpPr><p:cNvPr id="{n}" name="{name} {n - 1}"/>'
                '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
                f'<p:nvPr><p:ph type="{holder.type}" idx="{holder.idx}"{sz}/></p:nvPr>'
                "</p:nvSpPr><p:spPr/>"
            )
            if holder.type == "body":
                paragraphs = "".join(
                    f"<a:p><a:r>{self._rpr(line, 12)}<a:t>{esc(line)}</a:t></a:r></a:p>"
                    for line in notes.rstrip("\n").split("\n")
                )
                shape += f"<p:txBody><a:bodyPr/><a:lstStyle/>{paragraphs}</p:txBody>"
            shapes.append(shape + "</p:sp>")
        xml = (
            f"{DECLARATION}<p:notes {_ROOT_NS}><p:cSld>{_TREE_START}<p:grpSpPr/>"
            f"{''.join(shapes)}</p:spTree></p:cSld>"
            "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>"
        )
        return xml.encode()


# --- XML pieces ----------------------------------------------------------------------------------


def _fill(color: str) -> str:
    return f'<a:solidFill><a:srgbClr val="{color.lstrip("#").upper()}"/></a:solidFill>'


def _emu_box(box: Box) -> tuple[int, int, int, int]:
    return emu(box.left), emu(box.top), emu(box.width), emu(box.height)


def _xfrm(box: Box, prefix: str = "a") -> str:
    left, top, width, height = _emu_box(box)
    return (
        f'<{prefix}:xfrm><a:off x="{left}" y="{top}"/><a:ext cx="{width}" cy="{height}"/>'
        f"</{prefix}:xfrm>"
    )


def _paragraph_properties(para: Para, scale: float, index: int) -> str:
    """Return a paragraph's `a:pPr`: alignment, indent, space before, bullet."""
    spacing = ""
    if index and para.space_before:
        spacing = (
            f'<a:spcBef><a:spcPts val="{centipoints(round(para.space_before * scale, 1))}"/>'
            "</a:spcBef>"
        )
    if para.level < 0:
        align = _ALIGN[para.align]
        return f'<a:pPr marL="0" indent="0" algn="{align}">{spacing}<a:buNone/></a:pPr>'
    hanging = 0.3 if para.level == 0 else 0.28
    color = ""
    if para.bullet_color:
        color = f'<a:buClr><a:srgbClr val="{para.bullet_color.lstrip("#").upper()}"/></a:buClr>'
    return (
        f'<a:pPr marL="{emu(para.indent())}" indent="{-emu(hanging)}" algn="{_ALIGN[para.align]}">'
        f'{spacing}{color}<a:buSzPct val="100000"/><a:buFont typeface="Arial"/>'
        f'<a:buChar char="{_BULLETS[min(para.level, 2)]}"/></a:pPr>'
    )


def contain(box: Box, aspect: float) -> Box:
    """Return the largest box of proportion `aspect` centred in `box`."""
    if box.width / box.height > aspect:
        width = box.height * aspect
        return Box(box.left + (box.width - width) / 2, box.top, width, box.height)
    height = box.width / aspect
    return Box(box.left, box.top + (box.height - height) / 2, box.width, height)
