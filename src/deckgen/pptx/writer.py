"""Write a deck's .pptx: its slides, notes, pictures and charts put on its base package.

The base (masters, layouts, theme, notes master) comes from `deckgen.pptx.base`, kept in the cache;
the slides are written as XML by `deckgen.pptx.slidexml` and put into the base by
`deckgen.pptx.package`, so a build with a cached base never imports python-pptx. Native charts
are the exception: python-pptx makes them (`deckgen.pptx.native`) on a scratch slide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from deckgen.figures.spec import NativeChart, Picture
from deckgen.layout.shapes import SlidePlan
from deckgen.outline import markup
from deckgen.outline.model import Deck
from deckgen.pptx.base import base_package
from deckgen.pptx.package import CHART_TYPE, CoreProperties, Package
from deckgen.pptx.slidexml import PictureRef, SlideWriter
from deckgen.pptx.xml import Rel, child, relative, rels_name, rels_xml

if TYPE_CHECKING:
    from pptx.slide import Slide


def write(
    deck: Deck,
    plans: Sequence[SlidePlan],
    pictures: Sequence[Picture | NativeChart],
    template: Path | None = None,
    cache: Path | None = None,
) -> bytes:
    """Return the bytes of a .pptx holding `plans`, built on `template` (or the default).

    With `cache` (a folder), the base package is kept there for the next build.
    """
    base = base_package(deck, template, cache)
    package = Package(base)
    natives = _NativeCharts(deck, pictures, package)
    media: dict[int, PictureRef] = {}

    def picture(index: int) -> PictureRef | None:
        item = pictures[index]
        if isinstance(item, NativeChart):
            return None
        if index not in media:
            name = package.name(f"ppt/media/image{{}}.{item.ext}")
            package.add(name, item.data)
            media[index] = PictureRef(relative(name), item.width_px, item.height_px, item.alt)
        return media[index]

    writer = SlideWriter(
        deck, base.layouts, base.notes_placeholders, base.notes_master, picture, natives.frame
    )
    for number, plan in enumerate(plans, start=1):
        name = package.name("ppt/slides/slide{}.xml")
        notes = package.name("ppt/notesSlides/notesSlide{}.xml") if plan.notes else ""
        written = writer.slide(plan, number, relative(notes) if notes else "")
        package.add_slide(name, written, notes, writer.notes_rels(relative(name)))
    return package.save(core_properties(deck))


def core_properties(deck: Deck) -> CoreProperties:
    """Return the file properties of `deck`: its title, subtitle, author, language and date."""
    return CoreProperties(
        markup.plain(deck.title)[:255],
        markup.plain(deck.subtitle or "")[:255],
        markup.plain(deck.author or "")[:255],
        deck.lang,
        deck.date if isinstance(deck.date, dt.date) else None,
    )


class _NativeCharts:
    """Native charts made with python-pptx on a scratch slide, their parts put in `package`."""

    def __init__(
        self, deck: Deck, pictures: Sequence[Picture | NativeChart], package: Package
    ) -> None:
        self.deck, self.pictures, self.package = deck, pictures, package
        self.slide: Slide | None = None

    def frame(
        self, index: int, shape_id: int, name: str, box: tuple[int, int, int, int], rid: str
    ) -> tuple[str, str]:
        """Return the `p:graphicFrame` of chart `index`, related as `rid`, and its target."""
        from lxml import etree
        from pptx.oxml.ns import qn

        from deckgen.pptx import native

        if self.slide is None:
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
        )
        part = frame.chart_part  # found by the scratch slide's relationship id, changed below
        element: etree._Element = frame._element
        child(element, "p:nvGraphicFramePr/p:cNvPr").set("id", str(shape_id))
        child(element, ".//c:chart").set(qn("r:id"), rid)
        xml = etree.tostring(element, encoding="unicode")
        tree: etree._Element = self.slide.shapes._spTree
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
