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
from deckgen.layout.compose import UNTITLED
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

    from deckgen.pptx.template import Holder, Template

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
        "designs": {key: repr(design) for key, design in designs.items()},
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

    from deckgen.pptx.scheme import TemplateError

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

    from deckgen.pptx import template as templates

    prs = _open(template)
    grid = Grid.for_size(deck.theme.size)
    old_width, old_height = prs.slide_width or 1, prs.slide_height or 1
    new_width, new_height = Emu(emu(grid.width)), Emu(emu(grid.height))
    prs.slide_width, prs.slide_height = new_width, new_height
    _set_size_type(prs, deck.theme.size)
    _stretch_masters(prs, new_width / old_width, new_height / old_height)
    found = _template_theme(prs, deck, template)
    _set_default_language(prs, deck.lang)
    _name_furniture_faces(prs)
    _ensure_parts(prs)
    by_name: dict[str, SlideLayout] = {}
    for layout in prs.slide_layouts:
        by_name.setdefault(layout.name, layout)
    chosen = templates.choose_layouts(found, deck.theme.layouts.as_dict())
    assigned = templates.assign(found, chosen, templates.usable(found, deck))
    layouts = {}
    for key, design in designs.items():
        if key in assigned:
            name, held = assigned[key]
            layouts[key] = _layout(by_name[name], held)
        else:
            name, held = assigned[templates.OWN]
            layouts[key] = _added_layout(prs, by_name[name], design, held, deck.lang)
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


def _layout(layout: SlideLayout, held: dict[SlotName, Holder]) -> Layout:
    """Return the template's `layout` as a design's slides use it: the placeholder of each
    slot it holds (a title's without index, as PowerPoint matches titles by type)."""
    return Layout(
        str(layout.part.partname).lstrip("/"),
        {name: _placeholder(holder) for name, holder in held.items()},
        own=False,
    )


def _placeholder(holder: Holder) -> Placeholder:
    return Placeholder(holder.kind, None if holder.kind in ("title", "ctrTitle") else holder.idx)


def _added_layout(
    prs: Presentation,
    base: SlideLayout,
    design: Design,
    held: dict[SlotName, Holder],
    lang: str,
) -> Layout:
    """Add a layout of `design` to the template's first master, made from its title-only
    layout `base` (see `own.added_layout_xml`); return it as the design's slides use it."""
    from lxml import etree
    from pptx.opc.constants import CONTENT_TYPE as CT
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.parts.slide import SlideLayoutPart

    from deckgen.pptx import own

    kept = {name for name in held if not (name == "title" and design.key.endswith(UNTITLED))}
    taken = {holder.idx for holder in held.values()}
    taken |= {
        int(ph.get("idx", "0"))
        for ph in internals.element(base).iter(f"{{{NS['p']}}}ph")
        if ph.get("idx", "0").isdigit() and len(ph.get("idx", "0")) < 10
    }
    index: dict[SlotName, int | None] = {}
    mapped: dict[SlotName, Placeholder] = {}
    number = 0
    for slot in design.slots:
        if slot.name in kept:
            mapped[slot.name] = _placeholder(held[slot.name])
            continue
        if slot.kind in ("title", "ctrTitle"):
            index[slot.name] = None
        else:
            number += 1
            while number in taken:
                number += 1
            index[slot.name] = number
        mapped[slot.name] = Placeholder(slot.kind, index[slot.name])
    blob = own.added_layout_xml(base.part.blob, design, index, kept, lang)
    package = prs.part.package
    partname = package.next_partname("/ppt/slideLayouts/slideLayout%d.xml")
    part = SlideLayoutPart.load(partname, CT.PML_SLIDE_LAYOUT, package, blob)
    # The same relationships as the title-only layout (its master, pictures of its ornaments),
    # under the same ids, which its shapes refer to.
    for rid, rel in sorted(base.part.rels.items(), key=lambda item: _rid_number(item[0])):
        if rel.is_external:
            new = part.relate_to(rel.target_ref, rel.reltype, is_external=True)
        else:
            new = part.relate_to(rel.target_part, rel.reltype)
        if new != rid:
            raise ValueError(f"the title-only layout's relationship {rid} could not be kept")
    master = base.slide_master
    rid = master.part.relate_to(part, RT.SLIDE_LAYOUT)
    ids = [
        int(e.get("id", "0")) for e in internals.element(prs.part).iter(f"{{{NS['p']}}}sldMasterId")
    ]
    for each in prs.slide_masters:
        ids += [
            int(e.get("id", "0")) for e in internals.element(each).iter(f"{{{NS['p']}}}sldLayoutId")
        ]
    listed = child(internals.element(master), "p:sldLayoutIdLst")
    entry = etree.SubElement(listed, f"{{{NS['p']}}}sldLayoutId")
    entry.set("id", str(max(ids, default=2**31) + 1))
    entry.set(f"{{{NS['r']}}}id", rid)
    return Layout(str(partname).lstrip("/"), mapped, own=False)


def _rid_number(rid: str) -> int:
    digits = rid.removeprefix("rId")
    return int(digits) if digits.isdigit() else 0


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


def _template_theme(prs: Presentation, deck: Deck, template: Path) -> Template:
    """Write the deck's own colours and fonts into the template's themes; return what deckgen
    reads of the template."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    from deckgen.pptx import template as templates

    found = templates.read(template)
    for master in prs.slide_masters:
        part = master.part.part_related_by(RT.THEME)
        internals.set_blob(part, templates.rewrite_theme(part.blob, deck.theme, found.east_asian))
    return found


_FURNITURE = ("dt", "ftr", "sldNum")
_AFTER_FACES = ("sym", "hlinkClick", "hlinkMouseOver", "rtl", "extLst")
"""What follows the faces in a run's properties (ISO/IEC 29500's order)."""


def _name_furniture_faces(prs: Presentation) -> None:
    """Name the theme's body faces in the style of each master's date, footer and slide number
    where it names none: PowerPoint then takes the master's other-text style, as before, but
    LibreOffice sets such a placeholder in its own default face (a source line or page number
    in another family than the slide's)."""
    from lxml import etree

    a = NS["a"]
    for master in prs.slide_masters:
        for shape in internals.element(master).iterfind("p:cSld/p:spTree/p:sp", NS):
            ph = shape.find("p:nvSpPr/p:nvPr/p:ph", NS)
            frame = shape.find("p:txBody/a:bodyPr", NS)
            if ph is None or ph.get("type") not in _FURNITURE or frame is None:
                continue
            styles = frame.getnext()
            if styles is None or styles.tag != f"{{{a}}}lstStyle":
                styles = etree.Element(f"{{{a}}}lstStyle")
                frame.addnext(styles)
            level = styles.find("a:lvl1pPr", NS)
            if level is None:
                level = etree.Element(f"{{{a}}}lvl1pPr")
                styles.insert(0, level)
            run = level.find("a:defRPr", NS)
            if run is None:
                run = etree.SubElement(level, f"{{{a}}}defRPr")
                after = level.find("a:extLst", NS)
                if after is not None:
                    after.addprevious(run)
            if run.find("a:latin", NS) is not None or run.find("a:ea", NS) is not None:
                continue
            faces = [
                etree.Element(f"{{{a}}}{kind}", typeface=f"+mn-{ref}")
                for kind, ref in (("latin", "lt"), ("ea", "ea"), ("cs", "cs"))
            ]
            stop = next((c for c in run if etree.QName(c).localname in _AFTER_FACES), None)
            for face in faces:
                if stop is not None:
                    stop.addprevious(face)
                else:
                    run.append(face)


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
