"""Inline markup in slide text: `**bold**`, `*italic*`, `==highlight==`, `[text](url)`.

A marker opens only before a non-space character and closes only after one, as in Markdown, so
"5 * 3" stays as written. A backslash makes the next `*`, `=`, `[`, `]` or `\\` literal. Text whose
markers do not balance is kept exactly as written, and `problems` says why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ALLOWED_SCHEMES = ("http://", "https://", "mailto:")
_LINK = re.compile(r"\[((?:\\.|[^\\\]])*)\]\(([^()\s]*)\)")
_ESCAPABLE = "*=[]\\()"


@dataclass(frozen=True)
class Run:
    """A stretch of text with one set of formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    highlight: bool = False
    link: str | None = None


@dataclass
class Parsed:
    """The runs of a text, and what is wrong with its markup."""

    runs: list[Run]
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def plain(self) -> str:
        """Return the text without markers."""
        return "".join(run.text for run in self.runs)


def parse(text: str) -> Parsed:
    """Return the runs of `text`; unbalanced markers keep the text as written, with a warning."""
    errors: list[str] = []
    runs: list[Run] = []
    pos = 0
    for match in _LINK.finditer(text):
        if _escaped(text, match.start()):
            continue
        url = match.group(2)
        if not url.lower().startswith(ALLOWED_SCHEMES):
            errors.append(f"link '{url}' is not allowed: use an http, https or mailto address")
            continue
        runs_before, open_before = _styled(text[pos : match.start()])
        inner, open_inner = _styled(match.group(1), link=url)
        if open_before or open_inner:
            return _as_written(text, open_before or open_inner, errors)
        runs += runs_before + inner
        pos = match.end()
    tail, still_open = _styled(text[pos:])
    if still_open:
        return _as_written(text, still_open, errors)
    runs += tail
    return Parsed(_merge(runs), errors=errors)


def plain(text: str) -> str:
    """Return `text` without its markup (for speaker notes and alt text)."""
    return parse(text).plain


def _escaped(text: str, index: int) -> bool:
    slashes = 0
    while index - slashes - 1 >= 0 and text[index - slashes - 1] == "\\":
        slashes += 1
    return slashes % 2 == 1


def _as_written(text: str, marker: str, errors: list[str]) -> Parsed:
    warning = (
        f"'{marker}' is opened but not closed; the text is shown as written "
        f"(escape a literal one as \\{marker[0]})"
    )
    return Parsed([Run(text)], warnings=[warning], errors=errors)


def _styled(text: str, link: str | None = None) -> tuple[list[Run], str]:
    """Return the runs of `text` (no links inside) and the marker left open, if any."""
    runs: list[Run] = []
    buf: list[str] = []
    state = {"**": False, "*": False, "==": False}
    i = 0

    def flush() -> None:
        if buf:
            runs.append(Run("".join(buf), state["**"], state["*"], state["=="], link))
            buf.clear()

    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] in _ESCAPABLE:
            buf.append(text[i + 1])
            i += 2
            continue
        marker = (
            "**"
            if text.startswith("**", i)
            else "=="
            if text.startswith("==", i)
            else ("*" if ch == "*" else None)
        )
        if marker:
            after = text[i + len(marker) : i + len(marker) + 1]
            before = text[i - 1 : i] if i else ""
            closes = state[marker] and before and not before.isspace()
            opens = not state[marker] and after and not after.isspace()
            if closes or opens:
                flush()
                state[marker] = not state[marker]
                i += len(marker)
                continue
        buf.append(ch)
        i += 1
    flush()
    still_open = next((m for m, on in state.items() if on), "")
    return runs, still_open


def _merge(runs: list[Run]) -> list[Run]:
    """Return `runs` with neighbours of the same format joined."""
    merged: list[Run] = []
    for run in runs:
        if merged and (
            merged[-1].bold,
            merged[-1].italic,
            merged[-1].highlight,
            merged[-1].link,
        ) == (run.bold, run.italic, run.highlight, run.link):
            merged[-1] = Run(
                merged[-1].text + run.text, run.bold, run.italic, run.highlight, run.link
            )
        elif run.text:
            merged.append(run)
    return merged or [Run("")]
