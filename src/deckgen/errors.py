"""Problems found in a deck, and the exception the command line reports without a traceback."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

Path = tuple[str | int, ...]
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
QUOTE_MAX = 200
"""Characters of a deck's text a message quotes; longer quotes are cut."""
LINE_MAX = 1_000
"""Characters of one message line at most."""


def printable(text: str) -> str:
    """Return `text` safe for a terminal, one line, at most LINE_MAX characters.

    Keys and values quoted from an untrusted deck must not break the line or drive the terminal
    (an escape sequence in a key): such characters are written as escapes.
    """
    text = _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)
    return text if len(text) <= LINE_MAX else text[: LINE_MAX - 3] + "..."


def quote(text: str) -> str:
    """Return `text` from a deck in single quotes for a message, cut to QUOTE_MAX characters
    (a key or a path in a deck can be a megabyte long)."""
    return f"'{text if len(text) <= QUOTE_MAX else text[: QUOTE_MAX - 3] + '...'}'"


def format_path(path: Path) -> str:
    """Return `path` written as in the messages: `sections[0].slides[2].chart.kind`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return "; did you mean 'x'?" for the closest of `choices`, or "" when none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in a deck file."""

    line: int
    column: int
    file: str
    path: str
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        label = "warning: " if self.severity == "warning" else ""
        key = f"{self.path}: " if self.path else ""
        return printable(f"{where}: {label}{key}{self.message}")


class DeckgenError(Exception):
    """An error the command line reports as plain lines, exit status 1, no traceback.

    The core raises it without knowing about click: `deckgen.cli` maps it to the exit status.
    """

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def format_message(self) -> str:
        """Return the lines the command line prints, without a prefix."""
        return self.message


class DeckError(DeckgenError):
    """The deck has problems: each is reported on its own line."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = sorted(problems)
        errors = sum(p.severity == "error" for p in self.problems)
        lines = [str(p) for p in self.problems]
        lines.append(f"{errors} error{'s' if errors != 1 else ''} in {self.problems[0].file}")
        super().__init__("\n".join(lines))
