"""Timeline slides: events along a horizontal line, each with its date, label and detail.

Every event has a column: its date above the line, anchored to it, and its label with the detail
under it in one placeholder below (a layout per number of events holds them), so however a
renderer wraps the label, the detail follows it and never runs into it. Each row (dates,
labels, details) is set in one size, the largest at which every text of the row fits its
column without breaking a word, within a floor; the whole stack is measured and placed a
little above the middle of the content area.
"""

from __future__ import annotations

from collections.abc import Sequence

from deckgen.errors import Path
from deckgen.layout import fit
from deckgen.layout.balance import balance
from deckgen.layout.compose import READABLE_MIN_PT, Composer, content_design
from deckgen.layout.design import DATE_SLOTS, EVENT_SLOTS, Design, Slot, Style
from deckgen.layout.grid import Box, Grid
from deckgen.layout.shapes import INSET, Para, RectShape, Shape, SlidePlan, TextShape
from deckgen.layout.typescale import BODY, SECONDARY, SMALL
from deckgen.outline import markup
from deckgen.outline.model import Event, TimelineSlide
from deckgen.record import record, replace

SLIDES = (TimelineSlide,)

GAP = 0.2
"""Between two events' columns, in inches; half as much from six events on, where a column's
width decides whether a word fits."""
DOT = 0.28
"""The diameter of an event's dot on the line."""
ABOVE = 0.12
"""Between the dates' last line and the dots."""
BELOW = 0.14
"""Between the dots and the labels' first line."""
DETAIL_SPACE = 4.0
"""Points between a label and its detail."""
DATE_LINES = 2
"""The most lines a date takes ("2022년 / 11월") before its row is set smaller."""
LABEL_LINES = 3
"""The most lines a label takes before its row is set smaller."""
RAISE = 0.4
"""The share of the spare height above the stack: a little above the middle reads as centred."""


@record
class Row:
    """One row of the events' texts: its base size, smallest size, weight and most lines."""

    size: float
    floor: float
    bold: bool
    lines: int | None


DATE = Style((BODY,), "primary", bold=True, align="center", anchor="bottom")
"""An event's date: on the line, whatever its height."""
EVENT = Style((SECONDARY,), "text", bold=True, align="center")
"""An event's label (its detail under it departs: smaller, muted, not bold)."""


def designs(grid: Grid) -> list[Design]:
    """Return a design per number of events: a title, and for each event a placeholder for its
    date and one for its label and detail (deckgen's base offers those a deck uses, each
    placeholder where the deck's slides put it)."""
    found = []
    for count in range(2, len(DATE_SLOTS) + 1):
        date_row, label_row, detail_row = rows(count)
        # Where a date of one line and a label and detail of a line each put them.
        dates = date_row.size * fit.LINE_PITCH / 72 + 2 * INSET
        texts = (label_row.size + detail_row.size) * fit.LINE_PITCH / 72 + 2 * INSET
        slots = []
        for i, (date, text) in enumerate(_places(grid.content, count, dates, texts)):
            date_style = replace(DATE, sizes=(date_row.size,))
            slots.append(Slot(DATE_SLOTS[i], "body", date, date_style))
            slots.append(Slot(EVENT_SLOTS[i], "body", text, EVENT))
        found.append(
            replace(
                content_design(grid, f"timeline-{count}", f"Timeline, {count} Events", *slots),
                fitted=True,
            )
        )
    return found


def compose(composer: Composer, slide: TimelineSlide, path: Path) -> list[SlidePlan]:
    """Return the slide."""
    design = f"timeline-{len(slide.events)}"
    return [composer.page(design, slide, path, body(composer, slide, path))]


def _line(area: Box, dates: float, texts: float) -> float:
    """Return where the line runs in `area` under dates `dates` inches tall, over texts
    `texts` inches tall: the stack a little above the middle."""
    stack = dates + ABOVE + DOT + BELOW - INSET + texts
    top = area.top + max(0.0, area.height - stack) * RAISE
    return top + dates + ABOVE + DOT / 2


def _places(area: Box, count: int, dates: float, texts: float) -> list[tuple[Box, Box]]:
    """Return the boxes of each event's date and of its label and detail, left to right."""
    line_y = _line(area, dates, texts)
    below = line_y + DOT / 2 + BELOW - INSET
    return [
        (
            Box(slot.left, area.top, slot.width, line_y - DOT / 2 - ABOVE - area.top),
            Box(slot.left, below, slot.width, area.bottom - below),
        )
        for slot in _columns(area, count)
    ]


def _columns(area: Box, count: int) -> list[Box]:
    """Return the columns of `count` events in `area`."""
    return area.split_columns(count, gap=GAP if count <= 5 else GAP / 2)


def rows(count: int) -> tuple[Row, Row, Row]:
    """Return how the dates, labels and details of a timeline of `count` events are set."""
    date = BODY if count <= 5 else SECONDARY
    return (
        Row(date, max(date * 0.6, READABLE_MIN_PT), True, DATE_LINES),
        Row(SECONDARY, SMALL, True, LABEL_LINES),
        Row(SMALL, READABLE_MIN_PT, False, None),
    )


def body(composer: Composer, slide: TimelineSlide, path: Path) -> list[Shape]:
    """Return the shapes under the title of a timeline slide."""
    area = composer.grid.content
    events = slide.events
    slots = _columns(area, len(events))
    room = slots[0].width - 2 * INSET
    sizes = _sizes(events, room, area.height)
    date_size, label_size, detail_size = sizes
    # The dates take at most half the height (a date too long for that overflows its box, and
    # `check` says so): the line, the dots and the labels always stay on the slide.
    around = ABOVE + DOT + BELOW - INSET
    dates = min(_height([[_date(e, date_size)] for e in events], room), (area.height - around) / 2)
    # Every detail on one baseline: an event whose label takes fewer lines than the longest's
    # has the difference as space above its detail.
    pads = _pads(events, label_size, room)
    texts = _height([_texts(e, sizes, pad) for e, pad in zip(events, pads, strict=True)], room)
    line_y = _line(area, dates, texts)
    places = _places(area, len(events), dates, texts)
    axis = replace(composer.grid.inner(area), top=line_y - 0.025, height=0.05)
    shapes: list[Shape] = [RectShape(axis, "muted")]
    for i, (event, slot, (date_box, text_box)) in enumerate(
        zip(events, slots, places, strict=True)
    ):
        at = (*path, "events", i)
        centre = slot.left + slot.width / 2
        last = i == len(events) - 1
        shapes.append(
            RectShape(
                Box(centre - DOT / 2, line_y - DOT / 2, DOT, DOT),
                "accent" if last else "primary",
                "ellipse",
            )
        )
        # The date sits on the line whatever its height: anchored to the bottom of its box.
        date = composer.text(
            date_box,
            event.when,
            date_size,
            "primary",
            bold=True,
            align="center",
            anchor="bottom",
            source=(*at, "when"),
            floor=1.0,
        )
        shapes.append(replace(date, slot=DATE_SLOTS[i]))
        paras = _paras(composer, event, label_size, detail_size, pads[i])
        source = (*at, "label") if not event.detail else at
        # The label and detail break where their phrases do, in lines of about one length.
        text = balance(composer.fitted(TextShape(text_box, paras, source=source), floor=1.0))
        shapes.append(replace(text, slot=EVENT_SLOTS[i]))
    return shapes


def _sizes(events: Sequence[Event], room: float, height: float) -> tuple[float, float, float]:
    """Return the sizes of the dates, labels and details: each row the largest at which every
    text fits its column in whole words, then all of them smaller until the stack fits
    `height`, each within its floor."""
    date_row, label_row, detail_row = rows(len(events))
    label = _row_size([e.label for e in events], label_row, room)
    # A detail stays a step below its label: as much smaller as the scale's steps are.
    detail_row = replace(detail_row, size=min(detail_row.size, label * SMALL / SECONDARY))
    chosen = (
        _row_size([e.when for e in events], date_row, room),
        label,
        _row_size([e.detail or "" for e in events], detail_row, room),
    )
    floors = (date_row.floor, label_row.floor, detail_row.floor)
    scale = 1.0
    while True:
        sizes = tuple(max(round(s * scale, 1), f) for s, f in zip(chosen, floors, strict=True))
        date, label, detail = sizes
        dates = _height([[_date(e, date)] for e in events], room)
        texts = _height([_texts(e, (date, label, detail)) for e in events], room)
        if dates + ABOVE + DOT + BELOW - INSET + texts <= height or all(
            s <= f for s, f in zip(sizes, floors, strict=True)
        ):
            return date, label, detail
        scale -= 0.05


def _row_size(texts: Sequence[str], row: Row, room: float) -> float:
    """Return the largest size, from the row's own down to its floor, at which each of `texts`
    fits `room` inches in whole words and within the row's lines; the floor if none does."""
    size = row.size
    while size > row.floor:
        if all(_fits(markup.plain(t), size, room, row) for t in texts):
            return size
        size = max(round(size - 1.0, 1), row.floor)
    return row.floor


def _fits(text: str, size: float, room: float, row: Row) -> bool:
    """Return whether `text` at `size` fits `room` inches with no word broken, in at most the
    row's lines."""
    if not text:
        return True
    words = text.split()
    if max(fit.width_pt(w, size, row.bold) for w in words) / 72 > room:
        return False
    return row.lines is None or len(fit.wrap(text, size, room, row.bold)) <= row.lines


def _date(event: Event, size: float) -> fit.Paragraph:
    """Return the date of `event` as the fit measures it."""
    return fit.Paragraph(markup.plain(event.when), size, True)


def _label_lines(event: Event, size: float, room: float) -> int:
    """Return how many lines the label of `event` takes at `size` in `room` inches."""
    return sum(
        len(fit.wrap(markup.plain(line), size, room, True)) for line in event.label.split("\n")
    )


def _pads(events: Sequence[Event], size: float, room: float) -> list[float]:
    """Return the points to add above each event's detail so that every detail starts on the
    line under the longest label: its missing label lines."""
    lines = [_label_lines(e, size, room) for e in events]
    pitch = size * fit.LINE_PITCH
    most = max(lines)
    return [(most - n) * pitch if e.detail else 0.0 for e, n in zip(events, lines, strict=True)]


def _texts(
    event: Event, sizes: tuple[float, float, float], pad: float = 0.0
) -> list[fit.Paragraph]:
    """Return the label and detail of `event` as the fit measures them, `pad` points more
    above the detail."""
    _date_size, label, detail = sizes
    paras = [fit.Paragraph(markup.plain(line), label, True) for line in event.label.split("\n")]
    if event.detail:
        for index, line in enumerate(event.detail.split("\n")):
            space = DETAIL_SPACE + pad if index == 0 else 0.0
            paras.append(fit.Paragraph(markup.plain(line), detail, False, 0.0, space))
    return paras


def _height(texts: Sequence[list[fit.Paragraph]], room: float) -> float:
    """Return the height of the tallest of `texts` in a column `room` inches wide, with the
    text box's insets."""
    return max(fit.height_in(t, room) for t in texts) + 2 * INSET


def _paras(
    composer: Composer, event: Event, label: float, detail: float, pad: float = 0.0
) -> tuple[Para, ...]:
    """Return the paragraphs of an event's text box: its label, then its detail (`pad` points
    lower, on the other details' baseline)."""
    paras = [
        Para(composer.runs(line), label, "text", bold=True, align="center")
        for line in event.label.split("\n")
    ]
    for index, line in enumerate((event.detail or "").split("\n") if event.detail else []):
        paras.append(
            Para(
                composer.runs(line),
                detail,
                "muted",
                align="center",
                space_before=DETAIL_SPACE + pad if index == 0 else 0.0,
            )
        )
    return tuple(paras)
