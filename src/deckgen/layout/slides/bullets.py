"""Bullets slides: a title and a list, shrunk to fit or split into "(1/2)", "(2/2)"."""

from __future__ import annotations

from deckgen.errors import Path
from deckgen.layout import cards
from deckgen.layout.compose import BULLETS, Composer, content_design
from deckgen.layout.design import Design, Slot
from deckgen.layout.grid import Grid
from deckgen.layout.shapes import SlidePlan
from deckgen.outline.model import Bullet, BulletsSlide
from deckgen.record import replace

SLIDES = (BulletsSlide,)
SHORT = replace(BULLETS, space_before=(28.0, 8.0))
"""A short list: one line of air between its points, its first line where every list's is."""
SHORT_MOST = 4
"""At most this many points, none nested, make a short list."""


def designs(grid: Grid) -> list[Design]:
    """Return the design of bullets slides: a title and a body placeholder for the list."""
    body = Slot("body", "body", grid.content, BULLETS)
    return [content_design(grid, "bullets", "Bullets", body, kind="obj")]


def compose(composer: Composer, slide: BulletsSlide, path: Path) -> list[SlidePlan]:
    """Return a bullets slide as cards where `cards.chosen` says so, else as a list, split in
    parts with "(1/2)" titles when it cannot fit."""
    shown = cards.chosen(composer, slide, path)
    if shown is not None:
        return [shown]
    parts = [list(range(len(slide.bullets)))]
    body = composer.bullets("bullets", "body", slide.bullets, (*path, "bullets"))
    if not body.fits and len(slide.bullets) > 1:
        parts = _split(composer, slide.bullets, path)
    plans = []
    for number, indexes in enumerate(parts, start=1):
        title = slide.title if len(parts) == 1 else f"{slide.title} ({number}/{len(parts)})"
        bullets = [slide.bullets[i] for i in indexes]
        box = composer.bullets("bullets", "body", bullets, (*path, "bullets"))
        if _short(bullets) and len(parts) == 1 and not composer.held("bullets", "body"):
            # A few points, with air between them, starting where every list starts.
            box = composer.bullets("bullets", "body", bullets, (*path, "bullets"), style=SHORT)
        plan = composer.page("bullets", slide, path, [box], title=title, notes=number == 1)
        refused = cards.refused(slide)
        if refused and number == 1:
            plan.notices.append(refused)
        if len(parts) > 1 and number == 1:  # said once, of the outline slide
            plan.notices.append(f"split into {len(parts)} slides to fit")
        elif box.scale < 1:
            plan.notices.append(f"text shrunk to {box.scale:.0%} to fit")
        plans.append(plan)
    return plans


def _short(bullets: list[Bullet]) -> bool:
    """Return whether `bullets` are a short list: a few points, none with points under it."""
    return len(bullets) <= SHORT_MOST and not any(b.bullets for b in bullets)


def _split(composer: Composer, bullets: list[Bullet], path: Path) -> list[list[int]]:
    """Return the top-level bullets grouped into as few slides as fit."""
    parts: list[list[int]] = [[]]
    for index in range(len(bullets)):
        trial = [bullets[i] for i in [*parts[-1], index]]
        if parts[-1] and not composer.bullets("bullets", "body", trial, path).fits:
            parts.append([])
        parts[-1].append(index)
    return parts
