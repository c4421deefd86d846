"""Problems found in a deck, and the exception the command line reports without a traceback."""

from __future__ import annotations

import contextlib
import contextvars
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

Path = tuple[str | int, ...]
Severity = Literal["error", "warning"]
_CONTROL = "[\x00-\x1f\x7f-\x9f\u2028\u2029]"
QUOTE_MAX = 200
"""Characters of a deck's text a message quotes; longer quotes are cut."""
LINE_MAX = 1_000
"""Characters of one message line at most."""


def printable(text: str) -> str:
    """Return `text` safe for a terminal, one line, at most LINE_MAX characters.

    Keys and values quoted from an untrusted deck must not break the line or drive the terminal
    (an escape sequence in a key): such characters are written as escapes.
    """
    if not text.isprintable():  # each of _CONTROL is not: most messages skip the regex
        text = re.sub(_CONTROL, lambda m: repr(m.group())[1:-1], text)
    return text if len(text) <= LINE_MAX else text[: LINE_MAX - 3] + "..."


def quote(text: str, most: int = QUOTE_MAX) -> str:
    """Return `text` from a deck in single quotes for a message, cut to `most` characters
    (a key or a path in a deck can be a megabyte long)."""
    return f"'{text if len(text) <= most else text[: most - 3] + '...'}'"


KEY_MAX = 40
"""Characters of a key a message's path or quote shows: an unknown key can be a megabyte long,
and the reason after it must still be read."""


def format_path(path: Path) -> str:
    """Return `path` written as in the messages: `sections[0].slides[2].chart.kind`, each key cut
    to KEY_MAX characters."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            key = str(part) if len(str(part)) <= KEY_MAX else str(part)[: KEY_MAX - 3] + "..."
            text += f".{key}" if text else key
    return text


HINT_WORK = 10_000_000
"""Pairs of characters the "did you mean" hints of one deck may compare (about 0.3 s): a deck
of a thousand misspelt 100-character names gets hints for the first ones, then none."""
_CLOSE = 0.6
"""How alike (difflib's ratio) a choice must be to be suggested."""
_work: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("hint_work", default=None)


@contextlib.contextmanager
def hint_budget(work: int = HINT_WORK) -> Iterator[None]:
    """Bound the work of every `did_you_mean` inside the block to `work` character pairs."""
    token = _work.set([work])
    try:
        yield
    finally:
        _work.reset(token)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return "; did you mean 'x'?" for the closest of `choices`, or "" when none is close (or
    the hint budget of the deck being read is spent)."""
    close = _closest(word, list(choices))
    return f"; did you mean '{close}'?" if close else ""


def _closest(word: str, choices: list[str]) -> str | None:
    """Return the choice most like `word` (as difflib's `get_close_matches` picks it), or None."""
    longest = max((len(c) for c in choices), default=0)
    if 3 * len(word) > 7 * longest:  # too long to be alike enough to any choice
        return None
    budget = _work.get()
    import difflib  # only when a hint is asked for

    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    best: tuple[float, str] | None = None
    for choice in choices:
        matcher.set_seq1(choice)
        if matcher.real_quick_ratio() < _CLOSE or matcher.quick_ratio() < _CLOSE:
            continue
        if budget is not None:
            budget[0] -= len(word) * len(choice)  # ratio() takes about this many steps
            if budget[0] < 0:
                return None
        found = (matcher.ratio(), choice)
        if found[0] >= _CLOSE and (best is None or found > best):
            best = found
    return best[1] if best else None


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in a deck file."""

    line: int
    column: int
    file: str
    path: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        label = "warning: " if self.severity == "warning" else ""
        key = f"{self.path}: " if self.path else ""
        return printable(f"{where}: {label}{key}{self.message}")


class OutputFailed(Exception):
    """Standard output or standard error could not be written (a full disk, a device error).

    Not a DeckgenError: `watch` and `serve` go on after a failed build, but not after their
    terminal stopped taking output.
    """

    def __init__(self, stream: str, error: OSError) -> None:
        super().__init__(f"{stream}: cannot write ({error.strerror or error})")


class DeckgenError(Exception):
    """An error the command line reports as plain lines, exit status 1, no traceback.

    The core raises it without knowing about click: `deckgen.cli` maps it to the exit status.
    """

    exit_code = 1

    def __init__(self, message: str) -> None:
        # Each line made safe for a terminal here, once for every message: a text quoted from a
        # deck, a file name or another library's error can hold control characters.
        message = "\n".join(printable(line) for line in message.split("\n"))
        super().__init__(message)
        self.message = message

    def format_message(self) -> str:
        """Return the lines the command line prints, without a prefix."""
        return self.message


PROBLEM_LINES_MAX = 200
"""Problems listed one per line; the rest are counted on one line."""


def listed(problems: Sequence[Problem]) -> list[str]:
    """Return a line for each of `problems`, at most PROBLEM_LINES_MAX, then one that counts the
    rest: a deck with 100,000 mistakes must not bury the first ones, nor the terminal."""
    lines = [str(p) for p in problems[:PROBLEM_LINES_MAX]]
    rest = problems[PROBLEM_LINES_MAX:]
    if rest:
        lines.append(f"... and {len(rest):,} more ({counted(rest)})")
    return lines


def counted(problems: Sequence[Problem]) -> str:
    """Return "3 errors, 1 warning": the errors and the warnings of `problems`, each when there
    are some (the errors also when there are none of either)."""
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    parts = [f"{errors:,} error{'s' if errors != 1 else ''}"] if errors or not warnings else []
    if warnings:
        parts.append(f"{warnings:,} warning{'s' if warnings != 1 else ''}")
    return ", ".join(parts)


class DeckError(DeckgenError):
    """The deck has problems: each is reported on its own line (the first PROBLEM_LINES_MAX),
    then their count."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = sorted(problems)
        lines = listed(self.problems)
        lines.append(printable(f"{counted(self.problems)} in {self.problems[0].file}"))
        super().__init__("\n".join(lines))
