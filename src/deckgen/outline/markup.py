"""Inline markup in slide text: `**bold**`, `*italic*`, `==highlight==`, `[text](url)`.

A marker opens only before a non-space character and closes only after one, as in Markdown, so
"5 * 3" stays as written. A backslash makes the next `*`, `=`, `[`, `]` or `\\` literal. A link's
address may hold balanced parentheses, as Wikipedia's do. Text whose markers do not balance is
kept exactly as written, and `problems` says why. Straight quotation marks become typographic
ones: "a" 'b' it's -> “a” ‘b’ it’s.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from functools import lru_cache
from urllib.parse import urlsplit

from deckgen.errors import quote
from deckgen.record import record

ALLOWED_SCHEMES = ("http://", "https://", "mailto:")
_HOST = re.compile(r"(?:[^\W_]|[-_])+(?:\.(?:[^\W_]|[-_])+)*\.?")
"""A host name: labels of letters (any script), digits, `-` and `_`, joined by dots."""
_ESCAPABLE = "*=[]\\()"
_PLAIN_RUN = re.compile(r"[^*=\\]+")
"""Text without a marker or an escape in it: copied as it is."""


@record
class Run:
    """A stretch of text with one set of formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    highlight: bool = False
    link: str | None = None


@record
class Parsed:
    """The runs of a text, and what is wrong with its markup."""

    runs: tuple[Run, ...]
    warnings: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()

    @property
    def plain(self) -> str:
        """Return the text without markers."""
        return "".join(run.text for run in self.runs)


@lru_cache(maxsize=4096)
def parse(text: str) -> Parsed:
    """Return the runs of `text`; unbalanced markers keep the text as written, with a warning.

    The same text is parsed by the rules, the layout and the checks: the result is kept.
    """
    errors: list[str] = []
    runs: list[Run] = []
    pos = 0
    unclosed: list[int] = []
    for start, end, label, url in _links(text, unclosed):
        problem = link_problem(url)
        if problem:
            errors.append(problem)
            continue
        runs_before, open_before = _styled(text[pos:start])
        inner, open_inner = _styled(label, link=url)
        if open_before or open_inner:
            return _as_written(text, open_before or open_inner, errors)
        runs += runs_before + inner
        pos = end
    tail, still_open = _styled(text[pos:])
    if still_open:
        return _as_written(text, still_open, errors)
    runs += tail
    warnings = (
        (
            "'](' starts a link address that is never closed, so the link shows as written: "
            "an address holds no space and ends with ')' (escape a literal [ as \\[)",
        )
        if unclosed
        else ()
    )
    return Parsed(tuple(_typographic(_merge(runs))), warnings=warnings, errors=tuple(errors))


def link_problem(url: str) -> str | None:
    """Return what keeps `url` from being a link PowerPoint opens, or None.

    The .pptx stores a link as a URI that PowerPoint (and .NET's packaging) parses as the file
    opens: one it cannot parse, such as `http://` or a port past 65535, fails the whole file.
    """
    if not url.lower().startswith(ALLOWED_SCHEMES):
        return f"link {quote(url)} is not allowed: use an http, https or mailto address"
    if url.lower().startswith("mailto:"):
        if "@" not in url[len("mailto:") :].split("?")[0]:
            return f"link {quote(url)} is not an e-mail address: write mailto:name@example.com"
        return None
    try:
        parts = urlsplit(url)
        _port = parts.port  # a port that is not a number from 0 to 65535 raises ValueError
    except ValueError as error:
        reason = str(error)
        return f"link {quote(url)} is not a valid address: {reason[:1].lower()}{reason[1:]}"
    host = parts.hostname or ""
    if not host:
        return f"link {quote(url)} has no host: write it as https://example.com/page"
    if ":" in host:  # an IPv6 address, in brackets
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return f"link {quote(url)} has an invalid IPv6 host {quote(host)}"
    elif not _HOST.fullmatch(host):
        return f"link {quote(url)} has an invalid host {quote(host)}"
    return None


def _links(text: str, unclosed: list[int]) -> Iterator[tuple[int, int, str, str]]:
    """Yield (start, end, label, url) of each `[label](url)` in `text`, in time linear in it;
    add to `unclosed` where a `](` opens an address that nothing closes.

    A label runs from an unescaped `[` to the next unescaped `]`; every `[` before the same `]`
    shares its fate, so each `]` is tried once (a regular expression tried each `[` to the end
    of the text: 30,000 of them took minutes).
    """
    if "](" not in text:  # no link can be there: the common case, at once
        return
    escaped = [False] * (len(text) + 1)
    for i in range(1, len(text)):
        escaped[i] = text[i - 1] == "\\" and not escaped[i - 1]
    closing = [len(text)] * (len(text) + 1)  # the first unescaped "]" at or after each index
    for i in range(len(text) - 1, -1, -1):
        closing[i] = i if text[i] == "]" and not escaped[i] else closing[i + 1]
    matching = _matching_parentheses(text)
    search = 0
    while (start := text.find("[", search)) >= 0:
        if escaped[start]:
            search = start + 1
            continue
        close = closing[start + 1]
        if close >= len(text):
            return  # no "]" left: no later "[" can close either
        end = matching.get(close + 1)
        if end is None:
            if text.startswith("](", close):
                unclosed.append(close)  # `[text](address` with no `)` closing the address
            search = close + 1  # every "[" before this "]" fails alike
            continue
        yield start, end + 1, text[start + 1 : close], text[close + 2 : end]
        search = end + 1


def _matching_parentheses(text: str) -> dict[int, int]:
    """Return, for each `(` of `text`, the `)` that balances it with no space between: a link's
    address may hold balanced parentheses (`https://en.wikipedia.org/wiki/Foo_(bar)`), as in
    Markdown. One pass with a stack, so every `(` is matched at once."""
    matching: dict[int, int] = {}
    opened: list[int] = []
    for i, char in enumerate(text):
        if char == "(":
            opened.append(i)
        elif char == ")" and opened:
            matching[opened.pop()] = i
        elif char.isspace():
            opened.clear()  # an address holds no space: nothing before it can close after it
    return matching


def plain(text: str) -> str:
    """Return `text` without its markup (for speaker notes and alt text)."""
    return parse(text).plain


def _as_written(text: str, marker: str, errors: list[str]) -> Parsed:
    warning = (
        f"'{marker}' is opened but not closed; the text is shown as written "
        f"(escape a literal one as \\{marker[0]})"
    )
    return Parsed(tuple(_typographic([Run(text)])), warnings=(warning,), errors=tuple(errors))


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
        plain = _PLAIN_RUN.match(text, i)  # characters that are never markup, in one step
        if plain:
            buf.append(plain.group())
            i = plain.end()
            continue
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


_OPENS_AFTER = frozenset(" \t\n([{<\u2018\u201c-\u2013\u2014/*=")
"""Characters after which a quotation mark opens (and at the start of the text)."""
_CURLY = {
    ('"', True): "\u201c",
    ('"', False): "\u201d",
    ("'", True): "\u2018",
    ("'", False): "\u2019",
}


def _typographic(runs: list[Run]) -> list[Run]:
    """Return `runs` with straight quotation marks turned typographic, by what stands before
    each (across runs): opening at the start or after a space or bracket, else closing; an
    apostrophe (it's, '한계'를) is a closing single mark."""
    if not any('"' in run.text or "'" in run.text for run in runs):
        return runs
    out, before = [], " "
    for run in runs:
        chars = []
        for char in run.text:
            if char in "\"'":
                char = _CURLY[char, before in _OPENS_AFTER]
            chars.append(char)
            before = char
        out.append(Run("".join(chars), run.bold, run.italic, run.highlight, run.link))
    return out


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


def unparse(runs: tuple[Run, ...] | list[Run]) -> str:
    """Return text in deckgen's markup that `parse` reads back as `runs` (their quotation
    marks as they are): each run's formatting as markers around it, spaces at its ends
    outside them, and every character that would read as a marker escaped."""
    out = []
    for run in _merge(list(runs)):
        text = run.text
        core = text.strip(" ")
        if not core:
            out.append(_escaped(text))
            continue
        lead, trail = text[: len(text) - len(text.lstrip(" "))], text[len(text.rstrip(" ")) :]
        inner = _escaped(core)
        for on, marker in ((run.italic, "*"), (run.bold, "**"), (run.highlight, "==")):
            if on:
                inner = f"{marker}{inner}{marker}"
        if run.link:
            inner = f"[{inner}]({run.link})"
        out.append(f"{_escaped(lead)}{inner}{_escaped(trail)}")
    return "".join(out)


def _escaped(text: str) -> str:
    """Return `text` with the characters that could open or close markup escaped."""
    found = []
    for i, char in enumerate(text):
        if char in "*[]\\" or (char == "=" and "=" in text[i - 1 : i] + text[i + 1 : i + 2]):
            found.append("\\")
        found.append(char)
    return "".join(found)
