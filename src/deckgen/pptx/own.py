"""deckgen's own base package: the theme, the slide master and a slide layout per design.

Written as XML text from the layout stage's designs, so that every slide type has a named layout
(Bullets, Statement, Quote, Figure with Text...) whose placeholders are where the slides put
their content. The deck's fonts and colours are written once, into the theme; the master's and
the layouts' text styles refer to them (`+mj-lt`, `+mn-ea`, `schemeClr`) and hold the sizes,
spacing and bullets of all nine levels, and the layouts hold the fixed ornaments (the accent bar
under the title). The slides state only what departs, so changing the theme, the master or a
layout in PowerPoint restyles every slide. The notes master and
the theme's effects come from python-pptx's default template (read as files, not imported).
"""

from __future__ import annotations

import contextlib
import zipfile
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path

from deckgen.figures.style import EXTRA_COLORS
from deckgen.layout.design import Color, Decor, Design, Slot, SlotName, Style
from deckgen.layout.grid import Box, Grid
from deckgen.layout.shapes import SlidePlan, TextShape
from deckgen.outline.model import Deck
from deckgen.pptx import internals
from deckgen.pptx.package import SECTIONS_MARK, SLIDES_MARK, ZIP_DATE, Base
from deckgen.pptx.slidexml import (
    ALIGN,
    ANCHOR,
    BULLET_CHARS,
    DECORATIVE,
    OWN_COLORS,
    ROOT_NS,
    SLIDENUM_ID,
    TABLE_STYLE,
    TINT,
    Layout,
    NotesPlaceholder,
    Placeholder,
)
from deckgen.pptx.xml import (
    DECLARATION,
    NS_A,
    NS_P,
    Rel,
    centipoints,
    emu,
    esc,
    rels_xml,
)
from deckgen.record import replace

_T = "application/vnd.openxmlformats-officedocument."
_PROMPTS = {
    "title": "Click to edit Master title style",
    "ctrTitle": "Click to edit Master title style",
    "subTitle": "Click to edit Master subtitle style",
    "ftr": "",
    "sldNum": "",
}
HEADER_FOOTER = '<p:hf hdr="0" ftr="0" dt="0"/>'
"""The master's header and footer settings (Insert > Header & Footer): slide numbers on, the
date and a repeated footer off; a slide's source line is its own footer placeholder."""
NOTES_HEADER_FOOTER = HEADER_FOOTER
"""The notes master's: the slide number on, the header, date and footer off."""
DATE_ID = "{6C9A3D0E-8F42-4B1D-9E57-2A0F4C3B8D61}"
"""The id of the master's date field (a constant, so the same deck gives the same bytes)."""
_LAYOUT_ID = 2147483649
"""The first slide layout's id: ids of masters and layouts are unique and at least 2^31."""


def placeholder_index(design: Design) -> dict[SlotName, int | None]:
    """Return the index of each slot's placeholder: titles have none, footer and slide number
    have PowerPoint's own (11, 12), the others count from 1."""
    found: dict[SlotName, int | None] = {}
    count = 0
    for slot in design.slots:
        if slot.kind in ("title", "ctrTitle"):
            found[slot.name] = None
        elif slot.kind == "ftr":
            found[slot.name] = 11
        elif slot.kind == "sldNum":
            found[slot.name] = 12
        else:
            count += 1
            while count in _FURNITURE_INDEXES:  # the date's, footer's and slide number's
                count += 1
            found[slot.name] = count
    return found


_FURNITURE_INDEXES = frozenset({10, 11, 12})
"""The placeholder indexes of the date, footer and slide number, as PowerPoint numbers them."""


def settled(designs: dict[str, Design], plans: Sequence[SlidePlan]) -> dict[str, Design]:
    """Return `designs` with a text slot's size made the one every slide of its design sets
    the slot's text in, where that is a single size other than the slot's own (short columns
    set a step larger): the layout then holds the size, and the slides' runs need not. A
    design placed by its slides' texts (a timeline's) is kept only if a slide uses it, each
    slot where all its slides put it."""
    sizes: dict[tuple[str, SlotName], set[float]] = {}
    boxes: dict[tuple[str, SlotName], set[Box]] = {}
    for plan in plans:
        for shape in plan.shapes:
            if isinstance(shape, TextShape) and shape.slot is not None:
                found = sizes.setdefault((plan.layout, shape.slot), set())
                found.update(para.size for para in shape.paras)
                boxes.setdefault((plan.layout, shape.slot), set()).add(shape.box)
    used = {plan.layout for plan in plans}
    out = {key: d for key, d in designs.items() if not d.fitted or key in used}
    for (key, name), placed in sorted(boxes.items(), key=lambda item: item[0]):
        design = out.get(key)
        if design is None or not design.fitted or len(placed) != 1:
            continue
        (box,) = placed
        if box.width <= 0 or box.height <= 0:  # a layout's placeholder needs room
            continue
        if design.slot(name).held:  # a template's placeholder: its layout is not deckgen's
            continue
        slots = tuple(replace(s, box=box) if s.name == name else s for s in design.slots)
        out[key] = replace(design, slots=slots)
    for (key, name), found in sorted(sizes.items()):
        design = out.get(key)
        slot = next((s for s in design.slots if s.name == name), None) if design else None
        style = slot.style if slot else None
        if design is None or slot is None or style is None or len(found) != 1 or slot.held:
            continue
        (size,) = found
        if len(set(style.sizes)) == 1 and size != style.sizes[0]:
            moved = replace(slot, style=replace(style, sizes=(size,)))
            slots = tuple(moved if s is slot else s for s in design.slots)
            out[key] = replace(design, slots=slots)
    return out


_MADE: dict[tuple[object, ...], tuple[Base, Path | None]] = {}
"""The bases made in this process, by what they depend on and the cache they are kept in, with
their entry there: `deckgen watch` rebuilds on the same one at every edit."""


def make_base(
    deck: Deck, designs: dict[str, Design], grid: Grid, cache: Path | None = None
) -> Base:
    """Return the base package of `deck` on deckgen's own designs: no slides yet. With `cache`
    (a folder), the base is read from there, or made and kept there for the next build."""
    import json

    from deckgen import cache as cache_store

    theme = json.dumps(deck.theme.as_dict(), sort_keys=True)
    key = (theme, deck.lang, *designs.values(), grid, cache)
    made = _MADE.get(key)
    if made is None:
        if len(_MADE) >= 4:
            _MADE.clear()
        made = _MADE[key] = _kept_base(deck, designs, grid, cache)
    elif made[1] is not None:
        cache_store.touch(made[1])  # used, as if read again: pruning keeps it
    return made[0]


def _kept_base(
    deck: Deck, designs: dict[str, Design], grid: Grid, cache: Path | None
) -> tuple[Base, Path | None]:
    """Return the base and its entry in `cache`: read from there, else made and kept there
    (made, it took a rebuild 10 ms; read back, 2 ms)."""
    import hashlib
    import json

    from deckgen import cache as cache_store

    if cache is None:
        return _make_base(deck, designs, grid), None
    what = {
        "own": deck.theme.as_dict(),
        "lang": deck.lang,
        "designs": {key: repr(design) for key, design in designs.items()},
        "grid": repr(grid),
        "code": cache_store.code_digest(),
    }
    text = json.dumps(what, sort_keys=True, ensure_ascii=False)
    entry = hashlib.sha256(text.encode()).hexdigest()[:32]
    found = cache_store.lookup(cache, [entry], "pptx").get(entry)
    if found is not None:
        with contextlib.suppress(ValueError, KeyError, TypeError):  # made by another deckgen
            return Base.unpack(found), cache / cache_store.figure_name(entry, "pptx", found)
    base = _make_base(deck, designs, grid)
    packed = base.packed()
    cache_store.store(cache, entry, "pptx", packed)  # unwritable: it only costs time
    return base, cache / cache_store.figure_name(entry, "pptx", packed)


def _make_base(deck: Deck, designs: dict[str, Design], grid: Grid) -> Base:
    parts: list[tuple[str, bytes]] = []
    layouts: dict[str, Layout] = {}
    ordered = list(designs.values())
    for number, design in enumerate(ordered, start=1):
        name = f"ppt/slideLayouts/slideLayout{number}.xml"
        parts.append((name, layout_xml(design, deck.lang)))
        master = Rel("rId1", "slideMaster", "../slideMasters/slideMaster1.xml")
        parts.append((_rels(name), rels_xml([master])))
        index = placeholder_index(design)
        layouts[design.key] = Layout(
            name,
            {slot.name: Placeholder(slot.kind, index[slot.name]) for slot in design.slots},
            own=True,
        )
    master_rels = [
        Rel(f"rId{n}", "slideLayout", f"../slideLayouts/slideLayout{n}.xml")
        for n in range(1, len(ordered) + 1)
    ]
    master_rels.append(Rel(f"rId{len(ordered) + 1}", "theme", "../theme/theme1.xml"))
    parts.append(("ppt/slideMasters/slideMaster1.xml", master_xml(grid, len(ordered), deck.lang)))
    parts.append(("ppt/slideMasters/_rels/slideMaster1.xml.rels", rels_xml(master_rels)))
    parts.append(("ppt/theme/theme1.xml", theme_xml(deck)))
    parts.append(("ppt/notesMasters/notesMaster1.xml", notes_master_xml()))
    parts.append(
        (
            "ppt/notesMasters/_rels/notesMaster1.xml.rels",
            rels_xml([Rel("rId1", "theme", "../theme/theme2.xml")]),
        )
    )
    parts.append(("ppt/theme/theme2.xml", internals.template_file("theme.xml")))
    parts.append(("ppt/presentation.xml", presentation_xml(grid, deck)))
    parts.append(
        (
            "ppt/_rels/presentation.xml.rels",
            rels_xml(
                [
                    Rel("rId1", "slideMaster", "slideMasters/slideMaster1.xml"),
                    Rel("rId2", "notesMaster", "notesMasters/notesMaster1.xml"),
                    Rel("rId3", "presProps", "presProps.xml"),
                    Rel("rId4", "viewProps", "viewProps.xml"),
                    Rel("rId5", "theme", "theme/theme1.xml"),
                    Rel("rId6", "tableStyles", "tableStyles.xml"),
                ]
            ),
        )
    )
    parts.append(("ppt/presProps.xml", internals.default_part("ppt/presProps.xml")))
    parts.append(("ppt/viewProps.xml", view_props()))
    parts.append(("ppt/tableStyles.xml", table_styles_xml()))
    parts.append(("_rels/.rels", _package_rels()))
    # The file's properties and thumbnail are the deck's: the writer writes them over these.
    parts.append(("docProps/core.xml", b""))
    parts.append(("docProps/app.xml", b""))
    parts.append(("docProps/thumbnail.jpeg", b""))
    parts.append(("[Content_Types].xml", _content_types(len(ordered))))
    parts.sort(key=lambda part: (part[0] != "[Content_Types].xml", part[0]))
    import io

    buffer = io.BytesIO()
    # Stored, not compressed: this zip lives only in memory, as the source the writer reads its
    # parts back from (`Package.save` compresses them, once, into the deck's file).
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in parts:
            archive.writestr(zipfile.ZipInfo(name, date_time=ZIP_DATE), data)
    return Base(
        buffer.getvalue(),
        layouts,
        "ppt/notesMasters/notesMaster1.xml",
        _notes_placeholders(),
        "ppt/presentation.xml",
        "docProps/core.xml",
    )


# --- the theme -----------------------------------------------------------------------------------


def theme_slots(deck: Deck) -> dict[str, str]:
    """Return the deck's colour of each theme slot (dk1, lt1, accent1...)."""
    from deckgen.colors import tint

    c = deck.theme.colors
    return {
        "dk1": c.text,
        "lt1": c.background,
        "dk2": c.primary,
        "lt2": tint(c.primary, 0.9),
        "accent1": c.primary,
        "accent2": c.accent,
        "accent3": EXTRA_COLORS[0],
        "accent4": EXTRA_COLORS[1],
        "accent5": EXTRA_COLORS[2],
        "accent6": c.muted,
        "hlink": c.primary,
        "folHlink": c.muted,
    }


def theme_xml(deck: Deck) -> bytes:
    """Return the theme part: python-pptx's default theme with the deck's colours and fonts."""
    from lxml import etree

    from deckgen.pptx.scheme import write_scheme

    root = etree.fromstring(internals.default_part("ppt/theme/theme1.xml"))
    fonts = deck.theme.fonts
    write_scheme(root, theme_slots(deck), latin=fonts.latin, east_asian=fonts.east_asian)
    for scheme in root.iterfind(f".//{{{NS_A}}}clrScheme"):
        scheme.set("name", "deckgen")
    for scheme in root.iterfind(f".//{{{NS_A}}}fontScheme"):
        scheme.set("name", "deckgen")
    root.set("name", "deckgen")
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data


# --- master and layouts --------------------------------------------------------------------------


def master_xml(grid: Grid, layouts: int, lang: str) -> bytes:
    """Return the slide master: title, body, footer and slide-number placeholders on `grid`,
    the text styles every layout starts from, and the list of `layouts`."""
    from deckgen.layout.compose import BULLETS, FOOTNOTE, NUMBER, TITLE

    master = Design(
        "master",
        "master",
        (
            Slot("title", "title", grid.title, TITLE),
            Slot("body", "body", grid.content, BULLETS),
            Slot("footer", "ftr", grid.footnote, FOOTNOTE),
            Slot("number", "sldNum", grid.number, NUMBER),
        ),
    )
    ids = "".join(
        f'<p:sldLayoutId id="{_LAYOUT_ID + n}" r:id="rId{n + 1}"/>' for n in range(layouts)
    )
    title_style = _levels(TITLE, major=True)
    body_style = _levels(BULLETS)
    other = _levels(Style((18.0,), "text"))
    return (
        f"{DECLARATION}<p:sldMaster {ROOT_NS}><p:cSld>"
        '<p:bg><p:bgRef idx="1001"><a:schemeClr val="bg1"/></p:bgRef></p:bg>'
        f"{_tree(master, lang, styled=False)[: -len('</p:spTree>')]}"
        f"{_date_placeholder(grid, lang, len(master.slots) + len(master.decor) + 2)}"
        "</p:spTree></p:cSld>"
        '<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" '
        'accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" '
        'folHlink="folHlink"/>'
        f"<p:sldLayoutIdLst>{ids}</p:sldLayoutIdLst>{HEADER_FOOTER}"
        f"<p:txStyles><p:titleStyle>{title_style}</p:titleStyle>"
        f"<p:bodyStyle>{body_style}</p:bodyStyle><p:otherStyle>{other}</p:otherStyle>"
        "</p:txStyles></p:sldMaster>"
    ).encode()


def _date_placeholder(grid: Grid, lang: str, shape_id: int) -> str:
    """Return the master's date placeholder, left of the slide number: PowerPoint's Header and
    Footer dialog puts a slide's date there (the master's `p:hf` leaves it off)."""
    from deckgen.layout.compose import NUMBER

    number = grid.number
    box = Box(number.left - 2.5, number.top, 2.4, number.height)
    inset = emu(0.05)
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="Date Placeholder {shape_id - 1}"/>'
        '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
        '<p:nvPr><p:ph type="dt" sz="half" idx="10"/></p:nvPr></p:nvSpPr>'
        f"<p:spPr>{xfrm(box)}</p:spPr>"
        f'<p:txBody><a:bodyPr vert="horz" wrap="square" lIns="{inset}" tIns="{inset}" '
        f'rIns="{inset}" bIns="{inset}" anchor="b"><a:normAutofit/></a:bodyPr>'
        f"<a:lstStyle>{_levels(NUMBER)}</a:lstStyle>"
        f'<a:p><a:fld id="{DATE_ID}" type="datetime1"><a:rPr lang="{esc(lang)}"/><a:t></a:t>'
        "</a:fld></a:p></p:txBody></p:sp>"
    )


def notes_master_xml() -> bytes:
    """Return the notes master: python-pptx's, with PowerPoint's header and footer settings for
    notes pages (the slide number on, header, date and footer off, as the pages are written)."""
    master = internals.template_file("notesMaster.xml")
    return master.replace(b"<p:notesStyle>", NOTES_HEADER_FOOTER.encode() + b"<p:notesStyle>", 1)


def layout_xml(design: Design, lang: str) -> bytes:
    """Return the slide layout of `design`: its placeholders with their text styles, its fixed
    shapes and its background."""
    background = ""
    if design.background:
        background = (
            f"<p:bg><p:bgPr><a:solidFill>{OWN_COLORS[design.background]}</a:solidFill>"
            "<a:effectLst/></p:bgPr></p:bg>"
        )
    return (
        f'{DECLARATION}<p:sldLayout {ROOT_NS} type="{design.kind}" preserve="1">'
        f'<p:cSld name="{esc(design.name)}">{background}{_tree(design, lang)}</p:cSld>'
        "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>"
    ).encode()


def _tree(design: Design, lang: str, *, styled: bool = True) -> str:
    """Return the shape tree of a master or layout: a placeholder per slot, then its decor."""
    index = placeholder_index(design)
    shapes = []
    for n, slot in enumerate(design.slots, start=2):
        shapes.append(_placeholder(slot, index[slot.name], n, lang, styled))
    for n, decor in enumerate(design.decor, start=len(design.slots) + 2):
        shapes.append(_decor(decor, n))
    return (
        '<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
        '<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/>'
        f'<a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>{"".join(shapes)}</p:spTree>'
    )


def _placeholder(
    slot: Slot,
    idx: int | None,
    shape_id: int,
    lang: str,
    styled: bool,
    colors: dict[Color, str] = OWN_COLORS,
    faces: bool = True,
) -> str:
    """Return the placeholder of `slot`, with its text style unless the master's holds it."""
    kind = "" if slot.kind == "obj" else f' type="{slot.kind}"'
    index = f' idx="{idx}"' if idx is not None else ""
    name = f"{slot.name.replace('-', ' ').title()} Placeholder {shape_id - 1}"
    style = slot.style
    anchor = ANCHOR[style.anchor] if style else "t"
    inset = emu(0.05)
    body_pr = (
        f'<a:bodyPr vert="horz" wrap="square" lIns="{inset}" tIns="{inset}" rIns="{inset}" '
        f'bIns="{inset}" anchor="{anchor}"><a:normAutofit/></a:bodyPr>'
    )
    # The master's title and body take their styles from its text styles; its footer and slide
    # number, like every layout placeholder, carry their own (renderers differ on defaults).
    own_style = styled or slot.kind in ("ftr", "sldNum")
    major = slot.kind in ("title", "ctrTitle")
    levels = _levels(style, major=major, colors=colors, faces=faces) if style and own_style else ""
    if slot.kind == "sldNum":
        content = (
            f'<a:fld id="{SLIDENUM_ID}" type="slidenum"><a:rPr lang="{esc(lang)}"/>'
            "<a:t>\u2039#\u203a</a:t></a:fld>"
        )
    else:
        prompt = _PROMPTS.get(slot.kind, "Click to edit Master text styles")
        content = (
            f'<a:r><a:rPr lang="{esc(lang)}"/><a:t>{esc(prompt)}</a:t></a:r>' if prompt else ""
        )
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{esc(name)}"/>'
        '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
        f"<p:nvPr><p:ph{kind}{index}/></p:nvPr></p:nvSpPr>"
        f"<p:spPr>{xfrm(slot.box)}</p:spPr>"
        f"<p:txBody>{body_pr}<a:lstStyle>{levels}</a:lstStyle><a:p>{content}</a:p></p:txBody>"
        "</p:sp>"
    )


def _decor(decor: Decor, shape_id: int, colors: dict[Color, str] = OWN_COLORS) -> str:
    """Return a fixed shape of a layout: a filled rectangle, or a line of text."""
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="Decoration {shape_id}">{DECORATIVE}'
        '</p:cNvPr><p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr>'
        f'<p:spPr>{xfrm(decor.box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        f"<a:solidFill>{colors[decor.color]}</a:solidFill><a:ln><a:noFill/></a:ln></p:spPr>"
        "</p:sp>"
    )


def added_layout_xml(
    base: bytes,
    design: Design,
    index: dict[SlotName, int | None],
    held: AbstractSet[str],
    lang: str,
) -> bytes:
    """Return a layout of `design` for a company template, made from the template's title-only
    layout `base`: its title, footer, slide number and ornaments as they are (the title moved
    and restyled where the design's words stand in its place: a slot not in `held`), the
    design's other slots added as placeholders (styles in the template's theme colours, faces
    left to its master) and the design's ornaments."""
    from deckgen.pptx.slidexml import THEME_COLORS
    from deckgen.pptx.xml import NS, parse, serialize

    root = parse(base)
    root.set("type", design.kind)
    for stale in root.findall("p:extLst", NS):  # the layout's creation id is the base's
        root.remove(stale)
    csld = root.find("p:cSld", NS)
    tree = root.find("p:cSld/p:spTree", NS)
    if csld is None or tree is None:
        raise ValueError("the title-only layout has no shape tree")
    csld.set("name", design.name)
    for shape in list(tree.iterfind("p:sp", NS)):  # its content placeholders are not the design's
        ph = shape.find("p:nvSpPr/p:nvPr/p:ph", NS)
        if ph is not None and ph.get("type", "obj") not in _KEPT_PLACEHOLDERS:
            tree.remove(shape)
    ids = [e.get("id", "") for e in root.iter(f"{{{NS['p']}}}cNvPr")]
    next_id = max((int(i) for i in ids if i.isdigit() and len(i) < 10), default=1) + 1
    wrap = f"<p:spTree {ROOT_NS}>{{}}</p:spTree>"
    for slot in design.slots:
        own_kind = slot.kind in ("title", "ctrTitle", "ftr", "sldNum")
        if own_kind and slot.name in held:
            continue
        if own_kind and slot.kind in ("title", "ctrTitle"):
            for shape in list(tree.iterfind("p:sp", NS)):
                ph = shape.find("p:nvSpPr/p:nvPr/p:ph", NS)
                if ph is not None and ph.get("type") in ("title", "ctrTitle"):
                    tree.remove(shape)
        xml = _placeholder(slot, index[slot.name], next_id, lang, True, THEME_COLORS, False)
        tree.append(parse(wrap.format(xml).encode())[0])
        next_id += 1
    for decor in design.decor:
        tree.append(parse(wrap.format(_decor(decor, next_id, THEME_COLORS)).encode())[0])
        next_id += 1
    return serialize(root)


_KEPT_PLACEHOLDERS = frozenset({"title", "ctrTitle", "dt", "ftr", "sldNum", "hdr"})
"""The placeholders of a template's layout that the layouts deckgen makes from it keep."""
STYLE_LEVELS = 9
"""The levels a text style defines: all of PowerPoint's, so that text indented past the
deck's three levels in PowerPoint keeps the style (and a bullet) rather than the defaults."""


def _levels(
    style: Style,
    *,
    major: bool = False,
    colors: dict[Color, str] = OWN_COLORS,
    faces: bool = True,
) -> str:
    """Return the nine list-style levels of `style`: faces (the theme's; none with `faces`
    false, for a template's master to hold), size, weight, colour (from `colors`), spacing and,
    for a list, bullets."""
    fonts = "+mj" if major else "+mn"
    named = (
        f'<a:latin typeface="{fonts}-lt"/><a:ea typeface="{fonts}-ea"/>'
        f'<a:cs typeface="{fonts}-cs"/>'
    )
    named = named if faces else ""
    levels = []
    # Every level stated: a level left out would take PowerPoint's defaults, not the slot's.
    for level in range(STYLE_LEVELS):
        bold = ' b="1"' if style.bold else ' b="0"'
        run = (
            f'<a:defRPr sz="{centipoints(style.size(level))}"{bold} kern="1200">'
            f"<a:solidFill>{colors[style.color]}</a:solidFill>{named}</a:defRPr>"
        )
        space = f'<a:spcBef><a:spcPts val="{centipoints(style.spacing(level))}"/></a:spcBef>'
        line = '<a:lnSpc><a:spcPct val="100000"/></a:lnSpc>'
        align = ALIGN[style.align]
        if style.bullets:
            margin, hanging = emu(0.32 + 0.4 * level), emu(0.3 if level == 0 else 0.28)
            color = colors["accent" if level == 0 else "muted"]
            # No bullet size: 100% is the default (and `buSzPct val="100000"` fails ISO 29500).
            bullet = (
                f'<a:buClr>{color}</a:buClr><a:buFont typeface="Arial"/>'
                f'<a:buChar char="{BULLET_CHARS[min(level, 2)]}"/>'
            )
            attrs = f'marL="{margin}" indent="{-hanging}" algn="{align}"'
        else:
            bullet, attrs = "<a:buNone/>", f'marL="0" indent="0" algn="{align}"'
        attrs += ' eaLnBrk="0"'  # text typed in PowerPoint keeps Korean words whole too
        levels.append(
            f"<a:lvl{level + 1}pPr {attrs}>{line}{space}{bullet}{run}</a:lvl{level + 1}pPr>"
        )
    return "".join(levels)


def xfrm(box: Box, prefix: str = "a") -> str:
    """Return the `xfrm` of `box`: its offset and size in EMU."""
    return (
        f'<{prefix}:xfrm><a:off x="{emu(box.left)}" y="{emu(box.top)}"/>'
        f'<a:ext cx="{emu(box.width)}" cy="{emu(box.height)}"/></{prefix}:xfrm>'
    )


# --- the presentation and the package -------------------------------------------------------------


def presentation_xml(grid: Grid, deck: Deck) -> bytes:
    """Return the presentation part, its slide list and sections still to fill in."""
    width, height = emu(grid.width), emu(grid.height)
    kind = ' type="screen4x3"' if deck.theme.size == "4:3" else ""
    levels = "".join(
        f'<a:lvl{n}pPr marL="{457200 * (n - 1)}" algn="l" defTabSz="914400" rtl="0" '
        f'eaLnBrk="0" latinLnBrk="0" hangingPunct="1"><a:defRPr sz="1800" kern="1200">'
        '<a:solidFill><a:schemeClr val="tx1"/></a:solidFill><a:latin typeface="+mn-lt"/>'
        f'<a:ea typeface="+mn-ea"/><a:cs typeface="+mn-cs"/></a:defRPr></a:lvl{n}pPr>'
        for n in range(1, 10)
    )
    return (
        f'{DECLARATION}<p:presentation {ROOT_NS} saveSubsetFonts="1">'
        '<p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst>'
        '<p:notesMasterIdLst><p:notesMasterId r:id="rId2"/></p:notesMasterIdLst>'
        f"<p:sldIdLst>{SLIDES_MARK.decode()}</p:sldIdLst>"
        f'<p:sldSz cx="{width}" cy="{height}"{kind}/><p:notesSz cx="6858000" cy="9144000"/>'
        f'<p:defaultTextStyle><a:defPPr><a:defRPr lang="{esc(deck.lang)}"/></a:defPPr>'
        f"{levels}</p:defaultTextStyle>{SECTIONS_MARK.decode()}</p:presentation>"
    ).encode()


def view_props() -> bytes:
    """Return the view properties PowerPoint opens the deck with (python-pptx's default)."""
    return internals.default_part("ppt/viewProps.xml")


def table_styles_xml() -> bytes:
    """Return the table styles: deckgen's, the default, drawn from the theme's colours."""
    return (
        f'{DECLARATION}<a:tblStyleLst xmlns:a="{NS_A}" def="{TABLE_STYLE}">'
        f"{table_style()}</a:tblStyleLst>"
    ).encode()


def table_style() -> str:
    """Return deckgen's table style: a heading row in the primary colour with background text,
    every second body row tinted with the primary colour, no borders."""
    none = "<a:ln><a:noFill/></a:ln>"
    borders = "".join(f"<a:{side}>{none}</a:{side}>" for side in ("left", "right", "top", "bottom"))
    font = '<a:fontRef idx="minor"><a:prstClr val="black"/></a:fontRef>'

    def cell(fill: str) -> str:
        return (
            f"<a:tcStyle><a:tcBdr>{borders}</a:tcBdr>"
            f"<a:fill><a:solidFill>{fill}</a:solidFill></a:fill></a:tcStyle>"
        )

    tinted = TINT
    background, primary = '<a:schemeClr val="bg1"/>', '<a:schemeClr val="accent1"/>'
    return (
        f'<a:tblStyle styleId="{TABLE_STYLE}" styleName="deckgen">'
        f'<a:wholeTbl><a:tcTxStyle>{font}<a:schemeClr val="tx1"/></a:tcTxStyle>'
        f"{cell(background)}</a:wholeTbl>"
        f"<a:band2H>{cell(tinted)}</a:band2H>"
        f'<a:firstRow><a:tcTxStyle b="on">{font}{background}</a:tcTxStyle>'
        f"{cell(primary)}</a:firstRow>"
        "</a:tblStyle>"
    )


def _package_rels() -> bytes:
    """Return the package's relationships: the presentation, its properties, its thumbnail."""
    base = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
    return (
        f'{DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="ppt/presentation.xml"/>'
        f'<Relationship Id="rId2" Type="{base}core-properties" Target="docProps/core.xml"/>'
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/extended-properties" Target="docProps/app.xml"/>'
        f'<Relationship Id="rId4" Type="{base}thumbnail" Target="docProps/thumbnail.jpeg"/>'
        "</Relationships>"
    ).encode()


def _content_types(layouts: int) -> bytes:
    """Return `[Content_Types].xml` of the base (the writer adds slides, media and charts)."""
    overrides = {
        "/ppt/presentation.xml": "presentationml.presentation.main+xml",
        "/ppt/slideMasters/slideMaster1.xml": "presentationml.slideMaster+xml",
        "/ppt/notesMasters/notesMaster1.xml": "presentationml.notesMaster+xml",
        "/ppt/theme/theme1.xml": "theme+xml",
        "/ppt/theme/theme2.xml": "theme+xml",
        "/ppt/presProps.xml": "presentationml.presProps+xml",
        "/ppt/viewProps.xml": "presentationml.viewProps+xml",
        "/ppt/tableStyles.xml": "presentationml.tableStyles+xml",
        "/docProps/app.xml": "extended-properties+xml",
        **{
            f"/ppt/slideLayouts/slideLayout{n}.xml": "presentationml.slideLayout+xml"
            for n in range(1, layouts + 1)
        },
    }
    entries = "".join(
        f'<Override PartName="{name}" ContentType="{_T}{kind}"/>'
        for name, kind in overrides.items()
    )
    return (
        f'{DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="jpeg" ContentType="image/jpeg"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
        f'package.core-properties+xml"/>{entries}</Types>'
    ).encode()


def _notes_placeholders() -> tuple[NotesPlaceholder, ...]:
    """Return the placeholders of python-pptx's notes master that a notes page repeats."""
    from lxml import etree

    root = etree.fromstring(internals.template_file("notesMaster.xml"))
    return tuple(
        NotesPlaceholder(ph.get("type", ""), ph.get("idx", "0"), ph.get("sz"))
        for ph in root.iter(f"{{{NS_P}}}ph")
        if ph.get("type") in ("sldImg", "body", "sldNum")
    )


def _rels(part: str) -> str:
    """Return the name of `part`'s relationships part."""
    folder, name = part.rsplit("/", 1)
    return f"{folder}/_rels/{name}.rels"
