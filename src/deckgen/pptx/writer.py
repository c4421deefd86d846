"""Write a deck's .pptx: its slides, notes, pictures and charts put on its base package.

The base (theme, master, a layout per design, notes master) is deckgen's own (`deckgen.pptx.own`)
or made on a company template by `deckgen.pptx.base`, which the cache keeps;
the slides are written as XML by `deckgen.pptx.slidexml` and put into the base by
`deckgen.pptx.package`, so a build with a cached base never imports python-pptx. Native charts
are the exception: python-pptx makes them (`deckgen.pptx.native`) on a scratch slide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from deckgen.figures.spec import NativeChart, NativeDiagram, Picture
from deckgen.layout.deck import DeckLayout
from deckgen.layout.grid import Grid
from deckgen.layout.shapes import SlidePlan, TextShape
from deckgen.outline import markup
from deckgen.outline.model import Deck
from deckgen.pptx import internals, own
from deckgen.pptx.package import CHART_TYPE, AppProperties, CoreProperties, Package
from deckgen.pptx.slidexml import PictureRef, SlideWriter
from deckgen.pptx.xml import Rel, child, relative, rels_name, rels_xml

if TYPE_CHECKING:
    from pptx.slide import Slide


def write(
    deck: Deck,
    laid: DeckLayout,
    pictures: Sequence[Picture | NativeChart | NativeDiagram],
    template: Path | None = None,
    cache: Path | None = None,
    pitch: float | None = None,
    ahead: Mapping[bytes, bytes] | None = None,
) -> bytes:
    """Return the bytes of a .pptx holding the slides `laid` out, built on `template` (or on
    deckgen's own designs).

    With `cache` (a folder), the base package is kept there for the next build. With
    `pitch` (em), every slide paragraph states its line spacing as exactly that times its size.
    `ahead` holds the pictures compressed while they were drawn (`package.prime`).
    """
    # Before the slides, which wait for the figures a cold build draws meanwhile: the thumbnail
    # (0.016 s when drawn) is then made while the workers draw, not after the last figure.
    thumb = _thumbnail(deck, laid.grid, cache, on_template=template is not None)
    designs = own.settled(laid.designs, laid.plans)
    if template is None:
        base = own.make_base(deck, designs, laid.grid, cache)
    else:
        from deckgen.pptx.base import base_package  # a template's: read with its own code

        base = base_package(deck, template, cache, designs)
    package = Package(base)
    natives = _NativeCharts(deck, pictures, package, _theme_slots(deck, deckgens=template is None))
    media: dict[int, PictureRef] = {}

    def picture(index: int) -> PictureRef | None:
        item = pictures[index]
        if isinstance(item, NativeChart | NativeDiagram):
            return None
        if index not in media:
            name = package.name(f"ppt/media/image{{}}.{item.ext}")
            package.add(name, item.data)
            svg = ""
            if item.svg is not None:  # beside its PNG, as PowerPoint stores an SVG picture
                svg_name = package.name("ppt/media/image{}.svg")
                package.add(svg_name, item.svg)
                svg = relative(svg_name)
            media[index] = PictureRef(relative(name), item.width_px, item.height_px, item.alt, svg)
        return media[index]

    writer = SlideWriter(
        deck,
        base.layouts,
        designs,
        base.notes_placeholders,
        base.notes_master,
        picture,
        natives.frame,
        pitch,
        alt=lambda index: pictures[index].alt,
    )
    for number, plan in enumerate(laid.plans, start=1):
        name = package.name("ppt/slides/slide{}.xml")
        notes = package.name("ppt/notesSlides/notesSlide{}.xml") if plan.notes else ""
        written = writer.slide(plan, number, relative(notes) if notes else "")
        package.add_slide(name, written, notes, writer.notes_rels(relative(name)))
    return package.save(
        core_properties(deck),
        app_properties(deck, laid.plans, package.fonts()),
        sections(deck, laid.plans),
        thumb,
        cache,
        ahead,
    )


def _thumbnail(deck: Deck, grid: Grid, cache: Path | None, *, on_template: bool) -> bytes:
    """Return the file's thumbnail, from `cache` when it holds it: drawing one loads Pillow's
    image plugins, a fifth of a rebuild's time."""
    if cache is None:
        return thumbnail(deck, grid, on_template=on_template)
    import hashlib
    import json

    from deckgen import cache as cache_store

    what = [
        "thumbnail",
        markup.plain(deck.title),
        deck.theme.colors.as_dict(),
        [grid.width, grid.height, grid.margin],
        on_template,
        cache_store.code_digest(),  # deckgen's code and fonts, Pillow's version
    ]
    key = hashlib.sha256(json.dumps(what, ensure_ascii=False).encode()).hexdigest()[:32]
    found = cache_store.lookup(cache, [key], "jpeg").get(key)
    if found is None:
        found = thumbnail(deck, grid, on_template=on_template)
        cache_store.store(cache, key, "jpeg", found)
    return found


def core_properties(deck: Deck) -> CoreProperties:
    """Return the file properties of `deck`: its title, subtitle, author, language and date."""
    return CoreProperties(
        markup.plain(deck.title)[:255],
        markup.plain(deck.subtitle or "")[:255],
        markup.plain(deck.author or "")[:255],
        deck.lang,
        deck.date if isinstance(deck.date, dt.date) else None,
    )


def app_properties(deck: Deck, plans: Sequence[SlidePlan], fonts: tuple[str, ...]) -> AppProperties:
    """Return the application properties of a deck of `plans` whose package names `fonts`:
    counts, titles and fonts."""
    titles = []
    for plan in plans:
        title = next(
            (s for s in plan.shapes if isinstance(s, TextShape) and s.role == "title"), None
        )
        # Para.text is the text as shown (markup already read): reading it again as markup
        # would drop an escaped \*\*.
        titles.append(title.one_line()[:255] if title else "")
    notes = sum(1 for plan in plans if plan.notes)
    return AppProperties(deck.theme.size, len(plans), notes, tuple(titles), fonts)


def sections(deck: Deck, plans: Sequence[SlidePlan]) -> list[tuple[str, list[int]]]:
    """Return PowerPoint's sections of a deck of `plans`: the title slide's (named after the
    deck), then each of the deck's sections with its divider and slides; the closing slide
    ends the last."""
    found: list[tuple[str, list[int]]] = [(markup.plain(deck.title)[:255], [])]
    current: int | None = None
    for number, plan in enumerate(plans):
        source = plan.source
        if len(source) >= 2 and source[0] == "sections" and source[1] != current:
            current = int(source[1])
            found.append((markup.plain(deck.sections[current].title)[:255], []))
        found[-1][1].append(number)
    return [(name, numbers) for name, numbers in found if numbers]


def thumbnail(deck: Deck, grid: Grid, *, on_template: bool = False) -> bytes:
    """Return a JPEG of the title slide as the file's thumbnail: the deck's primary colour, its
    accent bar and its title, drawn with the bundled font (on a template: its background and
    text colours, without deckgen's bar)."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    from deckgen import fonts

    width = 256
    height = round(width * grid.height / grid.width)
    scale = width / grid.width
    c = deck.theme.colors
    ground, ink = (c.background, c.text) if on_template else (c.primary, c.background)
    image = Image.new("RGB", (width, height), ground)
    draw = ImageDraw.Draw(image)
    left = round((grid.margin + 0.1) * scale)
    if not on_template:
        bar = (left, round(2.0 * scale), left + round(scale), round(2.08 * scale))
        draw.rectangle(bar, c.accent)
    font = ImageFont.truetype(str(fonts.path(bold=True)), max(8, round(20 * scale / 9)))
    title = markup.plain(deck.title)
    lines, line = [], ""
    for word in title.split():
        candidate = f"{line} {word}".strip()
        if line and draw.textlength(candidate, font=font) > width - 2 * left:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    y = round(2.25 * scale)
    for text in lines[:3]:
        draw.text((left, y), text, fill=ink, font=font)
        y += round(font.size * 1.25)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _theme_slots(deck: Deck, *, deckgens: bool) -> dict[str, str]:
    """Return the colour of each theme slot the package's theme holds: all of deckgen's own
    theme's, or those of a template's that the deck's colours stand for."""
    if deckgens:
        return own.theme_slots(deck)
    from deckgen.pptx.scheme import COLOR_SLOTS

    colors = deck.theme.colors
    return {slot: str(getattr(colors, key)) for key, slot in COLOR_SLOTS.items()}


class _NativeCharts:
    """Native charts made with python-pptx on a scratch slide, their parts put in `package`."""

    def __init__(
        self,
        deck: Deck,
        pictures: Sequence[Picture | NativeChart | NativeDiagram],
        package: Package,
        slots: dict[str, str],
    ) -> None:
        self.deck, self.pictures, self.package = deck, pictures, package
        self.slots = slots
        """The colour of each slot of the package's theme (dk1, accent1...)."""
        self.slide: Slide | None = None

    def frame(
        self, index: int, shape_id: int, name: str, box: tuple[int, int, int, int], rid: str
    ) -> tuple[str, str]:
        """Return the `p:graphicFrame` of chart `index`, related as `rid`, and its target."""
        from lxml import etree
        from pptx.oxml.ns import qn

        from deckgen.pptx import native

        if self.slide is None:
            internals.require()
            from pptx import Presentation

            scratch = Presentation()
            self.slide = scratch.slides.add_slide(scratch.slide_layouts[6])
        chart = self.pictures[index]
        if not isinstance(chart, NativeChart):
            raise TypeError(f"figure {index} is a picture, not a native chart")
        frame = native.add_chart(
            self.slide.shapes,
            box,
            chart.chart,
            self.deck.theme,
            name=name,
            alt=chart.alt,
            lang=self.deck.lang,
            scheme=native.scheme_colors(self.slots),
        )
        part = frame.chart_part  # found by the scratch slide's relationship id, changed below
        element = internals.element(frame)
        child(element, "p:nvGraphicFramePr/p:cNvPr").set("id", str(shape_id))
        child(element, ".//c:chart").set(qn("r:id"), rid)
        xml = etree.tostring(element, encoding="unicode")
        tree = internals.shape_tree(self.slide.shapes)
        tree.remove(element)
        chart_name = self.package.name("ppt/charts/chart{}.xml")
        workbook = part.chart_workbook.xlsx_part
        workbook_name = self.package.name("ppt/embeddings/Microsoft_Excel_Sheet{}.xlsx")
        rels = [
            Rel(r, "package", relative(workbook_name))
            for r, rel in part.rels.items()
            if rel.target_part is workbook
        ]
        self.package.add(chart_name, part.blob, CHART_TYPE)
        self.package.add(rels_name(chart_name), rels_xml(rels))
        self.package.add(workbook_name, workbook.blob)
        return xml, relative(chart_name)
