"""Accessibility warnings `deckgen check` and `build` report: only what the user can fix.

Every slide gets a title placeholder (screen readers list slides by it) and every picture alt text
by construction, so neither is reported. What is left to the deck: titles that tell slides apart,
and colours that read against the background (WCAG 2 contrast: 4.5:1 for body text, 3:1 for
large or bold text).
"""

from __future__ import annotations

from collections.abc import Sequence

from deckgen import markup
from deckgen.colors import luminance
from deckgen.compose import SlidePlan, TextShape
from deckgen.errors import Path, format_path
from deckgen.model import Deck

BODY_CONTRAST = 4.5
LARGE_CONTRAST = 3.0
# (foreground, background, least contrast, what it is used for)
_PAIRS = (
    ("text", "background", BODY_CONTRAST, "body text"),
    ("muted", "background", BODY_CONTRAST, "footnotes and captions"),
    ("primary", "background", LARGE_CONTRAST, "statements, numbers and chart bars"),
    ("accent", "background", LARGE_CONTRAST, "highlighted text"),
)


def contrast(one: str, other: str) -> float:
    """Return the WCAG contrast ratio of two #RRGGBB colours (1 to 21)."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def findings(deck: Deck, plans: Sequence[SlidePlan]) -> list[tuple[Path, str]]:
    """Return (path, message) for every accessibility problem the deck's author can fix."""
    return _colors(deck) + _titles(plans)


def _colors(deck: Deck) -> list[tuple[Path, str]]:
    colors, found = deck.theme.colors, []
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


def _titles(plans: Sequence[SlidePlan]) -> list[tuple[Path, str]]:
    """Return a finding for each content slide whose title repeats an earlier one's."""
    seen: dict[str, Path] = {}
    found = []
    for plan in plans:
        if plan.layout != "content":
            continue
        shape = next(
            (s for s in plan.shapes if isinstance(s, TextShape) and s.role == "title"), None
        )
        if shape is None or not shape.source:
            continue
        title = " ".join(markup.plain(p.text) for p in shape.paras).strip()
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
