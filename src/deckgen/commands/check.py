"""`deckgen check`: every check `build` makes, fit included, and the talk's speaking time."""

from __future__ import annotations

from dataclasses import field
from pathlib import Path

from deckgen.commands.build import prepare
from deckgen.errors import Problem, printable
from deckgen.layout import script
from deckgen.layout.script import SPEAKING_RATE
from deckgen.outline import markup
from deckgen.outline.model import Deck
from deckgen.record import record


@record(frozen=False)
class Report:
    """What `check` found: the slides and figures, the warnings and the speaking time."""

    slides: int
    figures: int
    warnings: list[Problem]
    minutes: list[tuple[str, float]]
    """Each section's title and its estimated speaking time."""
    notices: list[str] = field(default_factory=list)
    """What the layout did to make slides fit (split, shrunk, off a template's boxes)."""

    def lines(self, deck_file: Path) -> list[str]:
        """Return the summary `check` prints: counts, then the time of each section and in all."""
        count = len(self.warnings)
        lines = [
            f"{printable(str(deck_file))}: {self.slides} slides, {self.figures} figures, "
            f"{count} warning{'s' if count != 1 else ''}",
            f"Speaking time from the notes, at {SPEAKING_RATE} syllables a minute:",
        ]
        lines += [f"  {minutes:5.1f} min  {printable(title)}" for title, minutes in self.minutes]
        lines.append(f"  {sum(m for _, m in self.minutes):5.1f} min  in all")
        return lines


def check(deck_file: Path, *, allow_outside: bool = False) -> Report:
    """Return what checking `deck_file` found, or raise with every error."""
    prepared = prepare(deck_file, allow_outside=allow_outside)
    return Report(
        len(prepared.laid.plans),
        len(prepared.laid.figures),
        prepared.warnings,
        speaking_minutes(prepared.deck),
        prepared.notices,
    )


def speaking_minutes(deck: Deck) -> list[tuple[str, float]]:
    """Return the estimated speaking time of each section's notes, in minutes."""
    times = []
    for section in deck.sections:
        notes = " ".join(markup.plain(s.notes or "") for s in section.slides if not s.hidden)
        times.append((markup.plain(section.title), script.speaking_minutes(notes)))
    return times
