"""Timeline slides: events along a horizontal line, each with its date, label and detail."""

from __future__ import annotations

from dataclasses import replace

from deckgen.errors import Path
from deckgen.layout import fit
from deckgen.layout.compose import Composer, content_design
from deckgen.layout.design import Design
from deckgen.layout.grid import Box, Grid
from deckgen.layout.shapes import INSET, RectShape, Shape, SlidePlan
from deckgen.layout.typescale import BODY, SECONDARY, SMALL
from deckgen.outline.model import TimelineSlide

SLIDES = (TimelineSlide,)


def designs(grid: Grid) -> list[Design]:
    """Return the design of timeline slides: a title (the events are shapes of their own, as
    many as the slide has)."""
    return [content_design(grid, "timeline", "Timeline", kind="titleOnly")]


def compose(composer: Composer, slide: TimelineSlide, path: Path) -> list[SlidePlan]:
    """Return the slide."""
    return [composer.page("timeline", slide, path, body(composer, slide, path))]


def body(composer: Composer, slide: TimelineSlide, path: Path) -> list[Shape]:
    """Return the shapes under the title of a timeline slide."""
    area = composer.grid.content
    count = len(slide.events)
    line_y = area.top + max(1.25, area.height * 0.3)
    shapes: list[Shape] = [RectShape(Box(area.left, line_y - 0.025, area.width, 0.05), "muted")]
    slots = area.split_columns(count, gap=0.2)
    for i, (event, slot) in enumerate(zip(slide.events, slots, strict=True)):
        at = (*path, "events", i)
        centre = slot.left + slot.width / 2
        shapes.append(
            RectShape(
                Box(centre - 0.14, line_y - 0.14, 0.28, 0.28),
                "accent" if i == count - 1 else "primary",
                "ellipse",
            )
        )
        shapes.append(
            composer.text(
                Box(slot.left, line_y - 1.2, slot.width, 0.95),
                event.when,
                BODY if count <= 5 else SECONDARY,
                "primary",
                bold=True,
                align="center",
                anchor="bottom",
                source=(*at, "when"),
                floor=0.6,
            )
        )
        label = composer.text(
            Box(slot.left, line_y + 0.35, slot.width, 1.3),
            event.label,
            SECONDARY,
            "text",
            bold=True,
            align="center",
            source=(*at, "label"),
            floor=0.7,
        )
        if label.fits:  # hug the text, so the detail sits right under it
            size = label.paras[0].size * label.scale
            used = label.lines() * size * fit.LINE_PITCH / 72 + 2 * INSET
            label = replace(label, box=replace(label.box, height=used))
        shapes.append(label)
        if event.detail:
            top = label.box.bottom + 0.1
            shapes.append(
                composer.text(
                    Box(slot.left, top, slot.width, area.bottom - top),
                    event.detail,
                    SMALL,
                    "muted",
                    align="center",
                    source=(*at, "detail"),
                    floor=0.8,
                )
            )
    return shapes
