"""The base package of a deck: masters, layouts, theme and notes master, made with python-pptx.

python-pptx makes the base once per theme and template, and the cache keeps it, so a rebuild
never imports python-pptx. Korean needs more than python-pptx offers: the theme's font scheme
names the East Asian face for Hangul, and the presentation's default language is the deck's.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from deckgen import cache as cache_store
from deckgen.layout.design import Design, SlotName
from deckgen.layout.grid import Grid
from deckgen.outline.model import Deck
from deckgen.pptx import internals
from deckgen.pptx.package import SLIDES_MARK, Base, put
from deckgen.pptx.slidexml import TABLE_STYLE, Layout, NotesPlaceholder, Placeholder
from deckgen.pptx.xml import NS, NS_A, child, emu

if TYPE_CHECKING:
    from lxml import etree
    from pptx.presentation import Presentation
    from pptx.slide import SlideLayout

_NOTES_TYPES = ("sldImg", "body", "sldNum")
"""The notes master's placeholders a notes page repeats, as python-pptx and PowerPoint do."""


# --- the base package ----------------------------------------------------------------------------


def base_package(
    deck: Deck, template: Path, cache: Path | None, designs: dict[str, Design]
) -> Base:
    """Return the base package of `deck` on `template`: from `cache` when it holds one, else made
    and kept."""
    if cache is None:
        return _make_base(deck, template, designs)
    key = _base_key(deck, template, designs)
    # The entry's name carries its checksum: a changed or damaged entry is never read.
    found = cache_store.lookup(cache, [key], "pptx").get(key)
    if found is not None:
        with contextlib.suppress(ValueError, KeyError, TypeError):  # made by another deckgen
            return Base.unpack(found)
    base = _make_base(deck, template, designs)
    cache_store.store(cache, key, "pptx", base.packed())  # unwritable: it only costs time
    return base


def _base_key(deck: Deck, template: Path, designs: dict[str, Design]) -> str:
    """Return a digest of all the base depends on: the theme, language, template, designs,
    deckgen's code and python-pptx's version."""
    what = {
        "theme": deck.theme.as_dict(),
        "lang": deck.lang,
        "template": hashlib.sha256(template.read_bytes()).hexdigest(),
        "designs": {key: [s.name for s in design.slots] for key, design in designs.items()},
        "code": cache_store.code_digest(),
    }
    text = json.dumps(what, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _make_base(deck: Deck, template: Path, designs: dict[str, Design]) -> Base:
    """Return the base package of `deck` on `template`, made with python-pptx: no slides, a
    notes master.

    Raise TemplateError when python-pptx cannot use the template, however it fails.
    """
    from lxml import etree

    from deckgen.pptx.template import TemplateError

    # First: a python-pptx that renamed what deckgen uses is named, not taken for a bad template.
    internals.require()
    try:
        return _made(deck, template, designs)
    except TemplateError:
        raise
    except (KeyError, ValueError, AttributeError, TypeError, IndexError, etree.LxmlError) as exc:
        message = f"could not be opened by the writer ({type(exc).__name__}: {exc})"
        raise TemplateError(message) from None


def _made(deck: Deck, template: Path, designs: dict[str, Design]) -> Base:
    """Return the base package of `deck` on `template`, made with python-pptx."""
    from lxml import etree
    from pptx.oxml.ns import qn
    from pptx.util import Emu

    prs = _open(template)
    grid = Grid.for_size(deck.theme.size)
    old_width, old_height = prs.slide_width or 1, prs.slide_height or 1
    new_width, new_height = Emu(emu(grid.width)), Emu(emu(grid.height))
    prs.slide_width, prs.slide_height = new_width, new_height
    _set_size_type(prs, deck.theme.size)
    _stretch_masters(prs, new_width / old_width, new_height / old_height)
    names = _template_theme(prs, deck, template)
    _set_default_language(prs, deck.lang)
    _ensure_parts(prs)
    by_name: dict[str, SlideLayout] = {}
    for layout in prs.slide_layouts:
        by_name.setdefault(layout.name, layout)
    layouts = {key: _layout(by_name[names[_role(key)]], design) for key, design in designs.items()}
    master = prs.notes_master  # made from python-pptx's default when the template has none
    _set_notes_header_footer(internals.element(master))
    holders = tuple(
        NotesPlaceholder(ph.get("type", ""), ph.get("idx", "0"), ph.get("sz"))
        for ph in internals.element(master).iter(qn("p:ph"))
        if ph.get("type") in _NOTES_TYPES
    )
    root: etree._Element = internals.element(prs.part)
    if root.find(qn("p:notesMasterIdLst")) is None:  # python-pptx leaves the master unlisted
        rid = next(r for r, rel in prs.part.rels.items() if rel.target_part is master.part)
        listed = etree.Element(qn("p:notesMasterIdLst"))
        etree.SubElement(listed, qn("p:notesMasterId")).set(qn("r:id"), rid)
        child(root, "p:sldMasterIdLst").addnext(listed)
    internals.slide_id_list(prs).append(etree.Comment(SLIDES_MARK.decode()[4:-3]))
    buffer = io.BytesIO()
    _save_fixed(prs, buffer)
    package = prs.part.package
    return Base(
        buffer.getvalue(),
        layouts,
        str(master.part.partname).lstrip("/"),
        holders,
        str(prs.part.partname).lstrip("/"),
        str(package.core_properties.partname).lstrip("/"),
    )


_BODY_DESIGNS = ("bullets", "figure", "figure-text", "table", "columns-2")
"""The designs that go on the template's layout with a body placeholder ("Title and
Content"): their main content then fills the template's own placeholder."""


def _role(key: str) -> str:
    """Return which of the template's chosen layouts a design goes on."""
    if key in ("title", "section"):
        return key
    if key == "closing":
        return "section"
    return "body" if key in _BODY_DESIGNS else "content"


def _layout(layout: SlideLayout, design: Design) -> Layout:
    """Return the template's `layout` as a design's slides use it: which of its placeholders
    takes each slot (title, body, picture, table, footer, slide number)."""
    from pptx.oxml.ns import qn

    found = [
        (ph.get("type", "obj"), int(ph.get("idx", "0")))
        for ph in internals.element(layout).iter(qn("p:ph"))
    ]
    taken: set[int] = set()

    def take(*types: str) -> Placeholder | None:
        for kind, idx in found:
            if kind in types and idx not in taken:
                taken.add(idx)
                return Placeholder(kind, None if kind in ("title", "ctrTitle") else idx)
        return None

    mapped: dict[SlotName, Placeholder] = {}
    for slot in design.slots:
        holder = None
        if slot.kind in ("title", "ctrTitle"):
            holder = take("title", "ctrTitle")
        elif slot.kind in ("ftr", "sldNum", "subTitle"):
            holder = take(slot.kind)
        elif slot.kind == "pic" or slot.name == "figure":
            holder = take("pic", "obj")
        elif slot.kind == "tbl":
            holder = take("tbl", "obj")
        elif slot.name in ("body", "text") or slot.name.startswith("column-"):
            holder = take("body", "obj")
        if holder is not None:
            mapped[slot.name] = holder
    return Layout(str(layout.part.partname).lstrip("/"), mapped, own=False)


def _ensure_parts(prs: Presentation) -> None:
    """Add what a template made elsewhere (LibreOffice) may lack: view properties and table
    styles, the latter with deckgen's table style, which the tables name."""
    from lxml import etree
    from pptx.opc.constants import CONTENT_TYPE as CT
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.opc.package import Part
    from pptx.opc.packuri import PackURI

    from deckgen.pptx import own

    part = prs.part
    package = part.package
    if not any(rel.reltype == RT.VIEW_PROPS for rel in part.rels.values()):
        view = Part(PackURI("/ppt/viewProps.xml"), CT.PML_VIEW_PROPS, package, own.view_props())
        part.relate_to(view, RT.VIEW_PROPS)
    styles = next((r.target_part for r in part.rels.values() if r.reltype == RT.TABLE_STYLES), None)
    if styles is None:
        blob = own.table_styles_xml()
        styles = Part(PackURI("/ppt/tableStyles.xml"), CT.PML_TABLE_STYLES, package, blob)
        part.relate_to(styles, RT.TABLE_STYLES)
    elif TABLE_STYLE.encode() not in styles.blob:
        root = etree.fromstring(styles.blob)
        wrapped = f'<a:tblStyleLst xmlns:a="{NS_A}">{own.table_style()}</a:tblStyleLst>'
        root.append(etree.fromstring(wrapped)[0])
        xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        internals.set_blob(styles, xml)


# --- python-pptx helpers -------------------------------------------------------------------------


def _set_notes_header_footer(master: etree._Element) -> None:
    """Give a notes master without header and footer settings deckgen's (slide number on, the
    rest off, as its notes pages are written); a template's own settings stay."""
    from lxml import etree

    from deckgen.pptx import own

    if master.find("p:hf", NS) is not None:
        return
    settings = etree.fromstring(f'<root xmlns:p="{NS["p"]}">{own.NOTES_HEADER_FOOTER}</root>')[0]
    after = master.find("p:notesStyle", NS)
    if after is None:
        after = master.find("p:extLst", NS)
    if after is not None:
        after.addprevious(settings)
    else:
        master.append(settings)


_SIZE_TYPES_4X3 = ("screen4x3", "letter", "overhead")
"""The slide size types of ISO/IEC 29500 that are 10 x 7.5 inches, deckgen's 4:3 size."""


def _set_size_type(prs: Presentation, size: str) -> None:
    """Name the slide size PowerPoint's way (Design > Slide Size): 16:9 as its Widescreen, with
    no type (custom); 4:3 as the template's 10 x 7.5 inch type, or `screen4x3`."""
    element = child(internals.element(prs.part), "p:sldSz")
    if size == "4:3":
        if element.get("type") not in _SIZE_TYPES_4X3:
            element.set("type", "screen4x3")
    elif "type" in element.attrib:
        del element.attrib["type"]


def _stretch_masters(prs: Presentation, ratio: float, ratio_y: float = 1.0) -> None:
    """Fit the masters' and layouts' shapes to the new slide size; pictures keep their shape."""
    from lxml import etree
    from pptx.shapes.picture import Picture
    from pptx.util import Emu

    if abs(ratio - 1) < 1e-6 and abs(ratio_y - 1) < 1e-6:
        return
    positioned = etree.XPath(_POSITIONED, namespaces=NS)
    for master in prs.slide_masters:
        for owner in [master, *master.slide_layouts]:
            for shape in owner.shapes:
                # A placeholder without its own position inherits the (already fitted) master's;
                # ink and other kinds python-pptx has no sizes for stay where they are.
                element = internals.element(shape)
                if etree.QName(element).localname not in _SIZED or not positioned(element):
                    continue
                sx, sy = ratio, ratio_y
                # By its class, not `shape_type`, which raises for a shape without geometry.
                if isinstance(shape, Picture) and not shape.is_placeholder:
                    sx = sy = min(ratio, ratio_y)  # a logo must not be distorted
                shape.left = Emu(int(shape.left * ratio))
                shape.width = Emu(int(shape.width * sx))
                shape.top = Emu(int(shape.top * ratio_y))
                shape.height = Emu(int(shape.height * sy))


_POSITIONED = (
    " | ".join(f"./{frame}/a:xfrm[a:off and a:ext]" for frame in ("p:spPr", "p:grpSpPr"))
    + " | ./p:xfrm[a:off and a:ext]"
)
"""A shape's own position and size (a frame without both is left to the master's)."""
_SIZED = {"sp", "pic", "graphicFrame", "grpSp", "cxnSp"}
"""The shapes whose position and size python-pptx reads and writes."""


def _open(template: Path | None) -> Presentation:
    """Return the default presentation, or `template`'s without its own slides."""
    from lxml import etree
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.oxml.ns import qn

    from pptx import Presentation

    if template is None:
        return Presentation()
    from deckgen.pptx import template as templates

    prs = Presentation(io.BytesIO(templates.package_bytes(template)))
    id_list = internals.slide_id_list(prs)
    for sld_id in list(id_list):
        id_list.remove(sld_id)
        prs.part.drop_rel(sld_id.rId)
    # The template's file properties list its slides' titles, company, category: not the deck's.
    with contextlib.suppress(KeyError):  # a template may have none
        app = prs.part.package.part_related_by(RT.EXTENDED_PROPERTIES)
        internals.set_blob(app, templates.default_app_properties())
    props = prs.core_properties
    props.category = props.content_status = props.identifier = props.version = ""
    root = internals.element(prs.part)
    # Sections and custom shows list the template's slides: they would point at nothing.
    for stale in [*root.iter(qn("p:custShowLst")), *root.iter(qn("p:ext"))]:
        if stale.tag == qn("p:custShowLst") or "sectionLst" in etree.tostring(stale).decode():
            parent = stale.getparent()
            if parent is not None:
                parent.remove(stale)
    return prs


def _template_theme(prs: Presentation, deck: Deck, template: Path) -> dict[str, str]:
    """Write the deck's own colours and fonts into the template's themes; return its layouts."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    from deckgen.pptx import template as templates

    found = templates.read(template)
    for master in prs.slide_masters:
        part = master.part.part_related_by(RT.THEME)
        internals.set_blob(part, templates.rewrite_theme(part.blob, deck.theme, found.east_asian))
    return templates.choose_layouts(found, deck.theme.layouts.as_dict())


def _set_default_language(prs: Presentation, lang: str) -> None:
    """Make the deck's language the default for new text (PowerPoint's proofing)."""
    from pptx.oxml.ns import qn

    root = internals.element(prs.part)
    for rpr in root.iter(qn("a:defRPr")):
        if rpr.get("lang") is not None:
            rpr.set("lang", lang)
    master = internals.element(prs.slide_master)
    for rpr in master.iter(qn("a:defRPr")):
        rpr.set("lang", lang)


def _save_fixed(prs: Presentation, out: io.BytesIO) -> None:
    """Write `prs` into `out` as `Presentation.save` does, with fixed dates, compressing once.

    Saving and then re-zipping with fixed dates compresses every part twice: 0.6 s of a
    1000-slide build. The bytes are the same.
    """
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        internals.write_package(prs, lambda name, blob: put(target, name.membername, blob))
