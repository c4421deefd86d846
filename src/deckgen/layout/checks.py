"""What a laid-out deck gets wrong that its author can fix: the warnings of `check` and `build`.

Fit: text that overflows its box or shrinks below a readable size, tables that do not fit, shapes
that leave the slide or overlap, and text drawn where other text is (measured where it sits in
its box, as its anchor puts it, overflow included). Accessibility: every slide gets a title
placeholder (screen readers list slides by it) and every picture alt text by construction, so
neither is reported; what is left to the deck is titles that tell slides apart and colours that
read against the background (WCAG 2 contrast: 4.5:1 for body text, 3:1 for large or bold text).
Figures: characters the bundled font cannot draw, which a chart or diagram would show as empty
boxes.
"""

from __future__ import annotations

from collections.abc import Sequence

from deckgen import fonts
from deckgen.colors import BODY_CONTRAST, LARGE_CONTRAST, contrast, luminance
from deckgen.errors import Path, format_path, quote
from deckgen.layout import fit
from deckgen.layout.compose import READABLE_MIN_PT
from deckgen.layout.deck import DeckLayout
from deckgen.layout.grid import Box, Grid
from deckgen.layout.shapes import (
    INSET,
    GroupShape,
    RectShape,
    Shape,
    SlidePlan,
    TableShape,
    TextShape,
)
from deckgen.outline import markup
from deckgen.outline.model import Chart, ChartSlide, Deck, Diagram, DiagramSlide

Finding = tuple[Path, str]
"""Where in the deck (a key path) and what to fix there."""

# (foreground, background, least contrast, what it is used for)
_PAIRS = (
    ("text", "background", BODY_CONTRAST, "body text"),
    ("muted", "background", BODY_CONTRAST, "footnotes and captions"),
    ("primary", "background", LARGE_CONTRAST, "statements, numbers and chart bars"),
    ("accent", "background", LARGE_CONTRAST, "highlighted text"),
)


def fit_findings(laid: DeckLayout) -> list[Finding]:
    """Return what does not fit: text, tables and shapes, one finding per place in the deck."""
    found: dict[str, Finding] = {}
    for plan in laid.plans:
        findings = [(getattr(s, "source", ()), _fit_message(s)) for s in plan.shapes]
        # A diagram drawn as shapes: each of its texts fits its band or card.
        findings += [
            (t.source, _fit_message(t))
            for s in plan.shapes
            if isinstance(s, GroupShape)
            for t in s.texts
        ]
        # Text on text first: where two boxes overlap and their texts collide, that is the
        # more useful of the two messages about the same shape.
        findings += collision_findings(plan)
        findings += geometry_findings(plan, laid.grid)
        for source, message in findings:
            if message and source:
                found.setdefault(format_path(source), (source, message))
    return list(found.values())


def _fit_message(shape: Shape) -> str | None:
    """Return what does not fit about `shape`, or None."""
    if isinstance(shape, TableShape) and not shape.fits:
        return (
            f"{len(shape.rows)} rows x {len(shape.columns)} columns do not fit "
            "the slide even at 12 pt: split the table or shorten the cells"
        )
    if not isinstance(shape, TextShape):
        return None
    if not shape.fits:
        return (
            f"{shape.lines()} lines in a box that holds {shape.capacity()}: "
            "split the slide or shorten the text"
        )
    split = shape.split_word()
    if split is not None:
        return (
            f"{quote(split)} is wider than its line and would break inside the word: "
            "shorten it, or give it a space where it may break"
        )
    smallest = min(p.size for p in shape.paras) * shape.scale
    if shape.role != "footnote" and smallest < READABLE_MIN_PT:
        return (
            f"text shrinks to {smallest:.0f} pt, under the readable "
            f"{READABLE_MIN_PT:.0f} pt: shorten the text"
        )
    return None


def geometry_findings(plan: SlidePlan, grid: Grid) -> list[Finding]:
    """Return the shapes of `plan` that leave the slide or overlap, where they come from."""
    found: list[Finding] = []
    content = [s for s in plan.shapes if not isinstance(s, RectShape)]
    for shape in content:
        box = shape.box
        if box.width <= 0 or box.height <= 0:
            message = "has no room left on the slide: shorten the texts before it, or split it"
            found.append((_source(shape, plan), message))
            continue
        if (
            box.left < -1e-6
            or box.top < -1e-6
            or box.right > grid.width + 1e-6
            or (box.bottom > grid.height + 1e-6)
        ):
            found.append((_source(shape, plan), "lies partly outside the slide"))
    for i, first in enumerate(content):
        for second in content[i + 1 :]:
            if _overlap(first.box, second.box) > 0.01:  # square inches
                found.append((_source(second, plan), "overlaps another shape on the slide"))
    return found


COLLISION = 0.02
"""Inches two texts must share, across and down, to collide: less is a rounding error."""
NUMBER_TEXT = "000"
"""What a slide number field is measured as: the widest number a deck shows."""


def collision_findings(plan: SlidePlan) -> list[Finding]:
    """Return the texts of `plan` drawn over another text: one finding for each text that runs
    into one before it on the slide, located where it comes from (else at the slide)."""
    found: list[Finding] = []
    drawn = [(s, e) for s in plan.shapes if (e := text_extent(s)) is not None]
    for i, (first, one) in enumerate(drawn):
        for second, other in drawn[i + 1 :]:
            across = min(one.right, other.right) - max(one.left, other.left)
            down = min(one.bottom, other.bottom) - max(one.top, other.top)
            if across > COLLISION and down > COLLISION:
                culprit, victim = _culprit(first, second)
                found.append(
                    (
                        _source(culprit, plan),
                        f"its text overlaps {_named(victim)} by {down:.2f} in: shorten one of them",
                    )
                )
    return found


def _culprit(first: Shape, second: Shape) -> tuple[Shape, Shape]:
    """Return which of two colliding texts a warning is about, then the other: the one that
    overflows its box, else one with words from the deck (not a slide number), else the later."""
    for one, other in ((second, first), (first, second)):
        if isinstance(one, TextShape) and not one.fits:
            return one, other
    if _sourced(first) and not _sourced(second):
        return first, second
    return second, first


def _sourced(shape: Shape) -> bool:
    """Return whether `shape` holds words of the deck (it knows where they come from)."""
    return isinstance(shape, TextShape | TableShape) and bool(shape.source)


def text_extent(shape: Shape) -> Box | None:
    """Return where `shape` draws text on the slide (a table: its box), or None for no text:
    the lines as the fit measures them, placed in the box by its alignment and anchor, running
    out of the box where they overflow it."""
    if isinstance(shape, TableShape):
        return shape.box
    if not isinstance(shape, TextShape):
        return None
    paras = shape.measured()
    if shape.number_field:
        paras = [fit.Paragraph(NUMBER_TEXT, p.size_pt, p.bold) for p in paras]
    if not any(p.text.strip() for p in paras):
        return None
    box, room = shape.box, shape.room
    widths = [
        fit.width_pt(line, p.size_pt * shape.scale, p.bold) / 72 + p.indent_in
        for p in paras
        for line in fit.wrap(p.text, p.size_pt * shape.scale, room - p.indent_in, p.bold)
    ]
    width = min(max(widths), room)
    height = fit.height_in(paras, room, shape.scale)
    align = shape.paras[0].align if shape.paras else "left"
    left = {
        "left": box.left + shape.inset,
        "center": box.left + (box.width - width) / 2,
        "right": box.right - shape.inset - width,
    }[align]
    top = {
        "top": box.top + INSET,
        "middle": box.top + (box.height - height) / 2,
        "bottom": box.bottom - INSET - height,
    }[shape.anchor]
    return Box(left, top, width, height)


def _named(shape: Shape) -> str:
    """Return how a message names `shape`: where it comes from, or its words."""
    if isinstance(shape, TextShape) and shape.role in ("title", "footnote", "number"):
        return {"title": "the title", "footnote": "the source line", "number": "the slide number"}[
            shape.role
        ]
    source = getattr(shape, "source", ())
    if source:
        return format_path(source)
    words = " ".join(markup.plain(p.text) for p in getattr(shape, "paras", ())).strip()
    return f"'{words[:30]}'" if words else "another text"


def _source(shape: Shape, plan: SlidePlan) -> Path:
    """Return where in the deck `shape` comes from, or its slide."""
    return getattr(shape, "source", ()) or plan.source


def _overlap(a: Box, b: Box) -> float:
    """Return the area two boxes share, in square inches."""
    width = min(a.right, b.right) - max(a.left, b.left)
    height = min(a.bottom, b.bottom) - max(a.top, b.top)
    return max(width, 0.0) * max(height, 0.0)


def access_findings(deck: Deck, plans: Sequence[SlidePlan]) -> list[Finding]:
    """Return every accessibility problem the deck's author can fix."""
    return _colors(deck) + _titles(plans)


def _colors(deck: Deck) -> list[Finding]:
    colors = deck.theme.colors
    found: list[Finding] = []
    for fg, bg, least, use in _PAIRS:
        ratio = contrast(getattr(colors, fg), getattr(colors, bg))
        if ratio >= least:
            continue
        chosen = {fg, bg} & colors.keys_set
        origin = " (from the template)" if deck.theme.template and not chosen else ""
        found.append(
            (
                ("theme", "colors", fg if fg in chosen or not chosen else bg),
                f"{fg} {getattr(colors, fg)} on {bg} {getattr(colors, bg)}{origin} has a "
                f"contrast of {ratio:.1f}:1, under {least:g}:1 for {use}; set a "
                f"{'darker' if luminance(getattr(colors, bg)) > 0.5 else 'lighter'} "
                f"theme.colors.{fg}",
            )
        )
    return found


def _titles(plans: Sequence[SlidePlan]) -> list[Finding]:
    """Return a finding for each content slide whose title repeats an earlier one's."""
    seen: dict[str, Path] = {}
    found: list[Finding] = []
    for plan in plans:
        if not plan.content:
            continue
        shape = next(
            (s for s in plan.shapes if isinstance(s, TextShape) and s.role == "title"), None
        )
        if shape is None or not shape.source:
            continue
        title = shape.one_line()
        if title in seen:
            found.append(
                (
                    shape.source,
                    f"'{title}' is also the title of {format_path(seen[title])}; screen readers "
                    "list slides by title, so give each slide its own",
                )
            )
        else:
            seen[title] = plan.source
    return found


SHOWN_MOST = 8
"""The most characters a message about a figure's missing glyphs lists."""


def glyph_findings(
    deck: Deck, laid: DeckLayout, *, native: bool = False, titled: bool = False
) -> list[Finding]:
    """Return each text of a drawn chart or diagram that holds characters the bundled font has
    no glyph for (Hanja, emoji, Hebrew...): the picture would show them as empty boxes.

    Native charts and diagrams are drawn by PowerPoint, in the theme's fonts, so they are left
    out unless `native` (`deckgen charts` draws them as pictures too); `titled`: the pictures
    also show their slide's title and source line (`deckgen charts --titled`).
    """
    found: list[Finding] = []
    for ref in laid.figures:
        slide = ref.slide
        texts: list[tuple[Path, str]] = []
        if titled and isinstance(slide, ChartSlide | DiagramSlide):
            texts += [((*ref.path, "title"), markup.plain(slide.title))]
            if slide.source:
                texts += [((*ref.path, "source"), markup.plain(slide.source))]
        if isinstance(slide, ChartSlide):
            if native or (slide.chart.render or deck.theme.charts) != "native":
                texts += [
                    ((*ref.path, "chart", *at), text) for at, text in chart_texts(slide.chart)
                ]
        elif isinstance(slide, DiagramSlide) and (
            native or (slide.diagram.render or deck.theme.charts) != "native"
        ):
            texts += [
                ((*ref.path, "diagram", *at), text) for at, text in diagram_texts(slide.diagram)
            ]
        for path, text in texts:
            lacking = fonts.missing(text)
            if lacking:
                found.append((path, _glyph_message(text, lacking)))
    return found


def chart_texts(chart: Chart) -> list[tuple[Path, str]]:
    """Return every text a chart's picture shows, with where it is in the chart: categories,
    series names (in the legend, with several series), the unit, the reference line's label
    and the notes."""
    texts: list[tuple[Path, str]] = [(("categories", i), c) for i, c in enumerate(chart.categories)]
    if len(chart.series) > 1:
        texts += [(("series", i, "name"), s.name) for i, s in enumerate(chart.series)]
    texts.append((("unit",), chart.unit))
    if chart.reference is not None:
        texts.append((("reference", "label"), chart.reference.label))
    texts += [(("annotations", i, "text"), a.text) for i, a in enumerate(chart.annotations)]
    return texts


def diagram_texts(diagram: Diagram) -> list[tuple[Path, str]]:
    """Return every text a diagram's picture shows, with where it is in the diagram."""
    texts: list[tuple[Path, str]] = []
    for i, item in enumerate(diagram.items):
        texts.append((("items", i, "name"), item.name))
        if item.text:
            texts.append((("items", i, "text"), item.text))
        texts += [(("items", i, "examples", j), e) for j, e in enumerate(item.examples)]
    return texts


def _glyph_message(text: str, lacking: str) -> str:
    """Return what a warning says of `text`, whose characters `lacking` the font cannot draw."""
    shown = ", ".join(f"{quote(ch)} (U+{ord(ch):04X})" for ch in lacking[:SHOWN_MOST])
    more = f" and {len(lacking) - SHOWN_MOST} more" if len(lacking) > SHOWN_MOST else ""
    way = "write them another way, or use `render: native`"
    return (
        f"{quote(text)} has characters the figure font {fonts.FAMILY} cannot draw: "
        f"{shown}{more}; a picture shows them as empty boxes: {way}"
    )
