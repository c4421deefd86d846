"""Cards: a short list shown as two to four key-point cards side by side.

Each card is a tinted panel with the point's key term large (accent, bold) and the rest of the
point under it; the keys share one baseline, the texts one top. The key term of a point is,
first that applies: a leading **bold** phrase; the words before a colon (at most `HEAD_MOST`
characters: "Latency: the answers come slowly"); a leading number with its unit ("10-20%",
"3배", "$4B"). A list shows keys only when every point has one; otherwise each card shows its
number (01, 02, ...) large and the whole point under it.

A bullets slide becomes cards when it says `form: cards`, or when it says nothing and its list
is short (2-4 points), flat (no sub-points) and terse (every key on one line, every text in at
most `TEXT_LINES` lines, at the cards' sizes, without shrinking), its notes are not long (a
slide talked over at length keeps the list the speaker walks down), and the slide before it is
not cards (a run of slides in one form reads as one long slide).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from deckgen.errors import Path
from deckgen.layout import fit
from deckgen.layout.compose import Composer, content_design
from deckgen.layout.design import KEY_SLOTS, POINT_SLOTS, Decor, Design, Slot, Style
from deckgen.layout.grid import Box, Grid
from deckgen.layout.shapes import INSET, Shape, SlidePlan, TextShape
from deckgen.layout.typescale import BODY, HEADLINE, NESTED, SECONDARY
from deckgen.outline import markup
from deckgen.outline.model import Bullet, BulletsSlide
from deckgen.record import record, replace

LEAST, MOST = 2, 4
"""A list of this many points, and no sub-points, may be cards."""
HEAD_MOST = 20
"""The most characters before a colon that make a key term."""
TEXT_LINES = 4
"""The most lines a card's text takes for the list to be terse."""
NOTES_MOST = 500
"""Notes longer than this (characters) keep a list a list unless it asks for cards."""
POINT_SIZES = {2: BODY, 3: NESTED, 4: SECONDARY}
"""The size of the cards' texts, by their number: one size a layout holds."""
KEY_SIZES = (HEADLINE, BODY)
"""The sizes of the keys, largest first: every card's key at the largest at which all fit."""
PAD = 0.25
"""The panel's inner margin, in inches, around the key and the text."""
ABOVE, BELOW = 0.15, 0.1
"""Between the body area's top and the panels, and the panels and its bottom, in inches."""
UNDER_KEY = 0.1
"""Between a key's box and its text's, in inches."""
KEY = Style((HEADLINE,), "accent", bold=True, anchor="bottom")
"""A card's key: set at the foot of its box, so that the keys share their baseline."""
POINT = Style((SECONDARY,), "text")
"""A card's text."""

_NUMBER = re.compile(r"(?:[$€£₩]|US\$)?\d[\d,.]*(?:[-–~]\d[\d,.]*)?[^\s\d]{0,3}")
"""A leading number with its unit glued to it: 10-20%, 3배, $4B, 2,000억."""
_SEPARATORS = " \t:·—–-,"
"""What may stand between a bold key and the rest of its point."""


@record
class Split:
    """A point's text in four parts, in deck.yaml's markup, which together are the text: what
    stands before its key (a bold marker), the key, what stands between the key and the rest
    (a marker, a colon), and the rest."""

    before: str
    key: str
    between: str
    rest: str

    def joined(self, key: str | None = None, rest: str | None = None) -> str:
        """Return the text with `key` or `rest` in place of its own."""
        return f"{self.before}{self.key if key is None else key}{self.between}" + (
            self.rest if rest is None else rest
        )


def split(text: str) -> Split | None:
    """Return `text` split at its key term (see the module's docstring), or None without one."""
    found = _split(text)
    if found is None or not found.rest.strip() or not markup.plain(found.key).strip():
        return None
    # The parts must read as the whole does: no marker opened in one part and closed in another.
    head = markup.plain(found.before + found.key + found.between)
    if head + markup.plain(found.rest) != markup.plain(text):
        return None
    if markup.plain(found.key) != markup.plain(found.key.strip()) or markup.parse(found.key).errors:
        return None
    return found


def _split(text: str) -> Split | None:
    if text.startswith("**"):
        end = text.find("**", 2)
        if end < 0:
            return None
        after = text[end + 2 :]
        rest = after.lstrip(_SEPARATORS)
        return Split("**", text[2:end], "**" + after[: len(after) - len(rest)], rest)
    head, colon, rest = text.partition(": ")
    if colon and 0 < len(markup.plain(head)) <= HEAD_MOST:
        return Split("", head, colon, rest)
    number = _NUMBER.match(text)
    if number and text[number.end() : number.end() + 1] == " ":
        return Split("", number.group(), " ", text[number.end() + 1 :])
    return None


def keys(bullets: Sequence[Bullet]) -> list[Split] | None:
    """Return each point split at its key term, or None when one has none (numbers stand for
    the keys then)."""
    found = [split(bullet.text) for bullet in bullets]
    return None if any(s is None for s in found) else [s for s in found if s is not None]


def designs(grid: Grid) -> list[Design]:
    """Return a design for two, three and four cards: a tinted panel each, with a key and a
    text placeholder."""
    found = []
    for count in (2, 3, 4):
        slots, panels = [], []
        for i, panel in enumerate(_panels(grid, count)):
            panels.append(Decor(panel, "tint"))
            key, point = _boxes(panel)
            slots.append(Slot(KEY_SLOTS[i], "body", key, KEY))
            style = replace(POINT, sizes=(POINT_SIZES[count],))
            slots.append(Slot(POINT_SLOTS[i], "body", point, style))
        design = content_design(
            grid, f"cards-{count}", f"{count} Cards", *slots, decor=tuple(panels)
        )
        found.append(design)
    return found


def _panels(grid: Grid, count: int) -> list[Box]:
    """Return the cards' panels, side by side across the body area, from the grid's left line
    (where text starts) to its right."""
    area = grid.inner(grid.content)
    area = Box(area.left, area.top + ABOVE, area.width, area.height - ABOVE - BELOW)
    return area.split_columns(count)


def _boxes(panel: Box) -> tuple[Box, Box]:
    """Return the boxes of a panel's key (one line of the largest key) and its text."""
    key_height = HEADLINE * fit.LINE_PITCH / 72 + 2 * INSET
    key = Box(panel.left + PAD, panel.top + PAD, panel.width - 2 * PAD, key_height)
    top = key.bottom + UNDER_KEY
    return key, Box(key.left, top, key.width, panel.bottom - PAD - top)


def chosen(composer: Composer, slide: BulletsSlide, path: Path) -> SlidePlan | None:
    """Return `slide` as cards when it asks for them, or says nothing and is a short, flat,
    terse list with short notes after a slide that is not cards; else None (a list)."""
    bullets = slide.bullets
    fitting = LEAST <= len(bullets) <= MOST and not any(b.bullets for b in bullets)
    if slide.form == "list" or (slide.form is None and not fitting):
        return None
    if not fitting:
        return None  # asked for, but cards hold 2-4 points without sub-points: `check` says so
    if slide.form is None:
        if len(markup.plain(slide.notes or "")) > NOTES_MOST:
            return None
        if composer.previous.startswith("cards-"):
            return None
    plan = _terse(composer, slide, path)
    if plan is None and slide.form == "cards":
        text = POINT_SIZES[len(bullets)]
        plan = _compose(composer, slide, path, KEY_SIZES[-1], text, numbered=False)
    return plan


def refused(slide: BulletsSlide) -> str | None:
    """Return why `slide` asks for cards and cannot have them, or None."""
    if slide.form != "cards":
        return None
    bullets = slide.bullets
    if LEAST <= len(bullets) <= MOST and not any(b.bullets for b in bullets):
        return None
    return f"shown as a list: cards hold {LEAST}-{MOST} points without sub-points"


def _terse(composer: Composer, slide: BulletsSlide, path: Path) -> SlidePlan | None:
    """Return the cards at the largest sizes at which every key takes one line and every text
    at most `TEXT_LINES` lines, unshrunk: with the key terms where every point has one that
    fits, else numbered; None when even the smallest sizes do not fit."""
    text = POINT_SIZES[len(slide.bullets)]
    tries = [(False, k, text) for k in KEY_SIZES] if keys(slide.bullets) else []
    tries += [(True, KEY_SIZES[0], text)]  # numbers are short: the largest
    for numbered, key_size, text_size in tries:
        plan = _compose(composer, slide, path, key_size, text_size, numbered=numbered)
        texts = [s for s in plan.shapes if isinstance(s, TextShape) and s.slot]
        heads = [t for t in texts if t.slot in KEY_SLOTS]
        points = [t for t in texts if t.slot in POINT_SLOTS]
        if (
            all(t.fits and t.scale == 1.0 and t.split_word() is None for t in texts)
            and all(t.lines() == 1 for t in heads)
            and all(t.lines() <= TEXT_LINES for t in points)
        ):
            return plan
    return None


def _compose(
    composer: Composer,
    slide: BulletsSlide,
    path: Path,
    key_size: float,
    text_size: float,
    *,
    numbered: bool,
) -> SlidePlan:
    """Return the cards with keys set in `key_size` and texts in `text_size` points, the keys
    the points' numbers when `numbered` or when a point has no key term."""
    count = len(slide.bullets)
    design = f"cards-{count}"
    split_ = None if numbered else keys(slide.bullets)
    key_style = replace(KEY, sizes=(key_size,))
    point_style = replace(POINT, sizes=(text_size,))
    shapes: list[Shape] = []
    for i, bullet in enumerate(slide.bullets):
        at: Path = (*path, "bullets", i)
        key_at: Path
        if split_ is None:
            key, text = f"{i + 1:02d}", bullet.text
            key_at, text_at = (), at
        else:
            key, text = split_[i].key, split_[i].rest
            key_at, text_at = (*at, "key"), (*at, "rest")
        shapes.append(composer.fill(design, KEY_SLOTS[i], key, key_at, style=key_style))
        shapes.append(composer.fill(design, POINT_SLOTS[i], text, text_at, style=point_style))
    return composer.page(design, slide, path, shapes)
