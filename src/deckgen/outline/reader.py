"""Read `deck.yaml` into a validated `Deck`, or report every problem with its line and column.

This is the only module that reads YAML. Loading runs in four passes, each of which collects
problems instead of stopping at the first: decode the bytes, parse the YAML into nodes (one syntax
error ends this pass: the parser cannot go on), walk the nodes (positions, duplicate keys, depth and
alias-expansion bounds), then validate the data against the model and the cross-key rules.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import field
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any

import yaml

from deckgen.errors import KEY_MAX, DeckError, Path, Problem, format_path, hint_budget, quote
from deckgen.files import NotAFile, TooLarge, read_bounded
from deckgen.outline import rules, validator
from deckgen.outline.model import Deck, Slide
from deckgen.record import record

MAX_NODES = 100_000
"""Nodes a deck may expand to through aliases: far above any real talk, far below a YAML bomb."""
MAX_DEPTH = 40
"""Nesting depth of mappings and lists a deck may have."""
MAX_BYTES = 5_000_000
"""Size of a deck file: a 1000-slide outline is about 300 kB."""
MAX_TEXT = 10_000_000
"""Characters of text a deck may expand to through aliases: twice the largest file."""
MAX_SLIDES = 2_000
"""Slides a deck may hold (hidden ones too, dividers not counted): a talk of a slide a minute
runs 33 hours; checking and building stay within seconds."""
MAX_DIGITS = 4_300
"""Digits a number may have, as written or in decimal: Python's limit for reading one (a hex
`!!int 0x...` is read without it, and could then not be written out in a message)."""
_INT = "tag:yaml.org,2002:int"

if TYPE_CHECKING:
    _BaseLoader = yaml.SafeLoader
else:  # libyaml's loader, unless PyYAML was built without it
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# YAML 1.2's numbers, as editors read them: YAML 1.1's base-60 numbers would make `size: 16:9`
# the number 969 and `when: 9:30` 570, and its octal `010` the number 8.
_NUMBERS = {
    "tag:yaml.org,2002:int": re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$"),
    "tag:yaml.org,2002:float": re.compile(
        r"^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
}


class _Loader(_BaseLoader):
    """A safe loader: plain data only (no Python objects), timestamps kept as dates."""

    yaml_implicit_resolvers = {  # noqa: RUF012 - PyYAML reads it from the class
        first: [(tag, _NUMBERS.get(tag, regex)) for tag, regex in resolvers]
        for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
    }


@record(frozen=False)
class Outline:
    """A validated deck with what is known about where it came from."""

    deck: Deck
    file: FsPath
    """The deck file."""
    warnings: list[Problem] = field(default_factory=list)
    """Located warnings (the deck still builds)."""
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict, repr=False)

    @property
    def folder(self) -> FsPath:
        """Return the folder that relative paths in the deck resolve against."""
        return self.file.parent

    def locate(self, path: Path) -> tuple[int, int]:
        """Return the (line, column) of the value at `path`, or of its nearest ancestor."""
        return _locate(self.positions, path)


def load(
    file: FsPath,
    *,
    allow_outside: bool = False,
    template_check: rules.TemplateCheck | None = None,
) -> Outline:
    """Return the deck in `file`, validated, or raise `DeckError` listing every problem.

    `template_check` reports what is wrong inside the template the deck names, if any.
    """
    name = str(file)
    try:
        raw = read_bounded(file, MAX_BYTES)
    except FileNotFoundError:
        raise DeckError([Problem(0, 0, name, "", "no such file")]) from None
    except (NotAFile, IsADirectoryError) as exc:
        what = "a folder" if isinstance(exc, IsADirectoryError) else exc.strerror
        message = f"is {what}, not a deck file"
        raise DeckError([Problem(0, 0, name, "", message)]) from None
    except TooLarge as exc:
        message = f"is {exc.strerror}; a deck may have at most {MAX_BYTES:,}"
        raise DeckError([Problem(0, 0, name, "", message)]) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise DeckError([Problem(0, 0, name, "", f"cannot be read: {reason}")]) from None
    return parse(
        raw, name, folder=file.parent, allow_outside=allow_outside, template_check=template_check
    )


def parse(
    raw: bytes,
    name: str,
    *,
    folder: FsPath | None = None,
    allow_outside: bool = False,
    template_check: rules.TemplateCheck | None = None,
) -> Outline:
    """Return the deck held in `raw` (the bytes of a file called `name`), validated."""
    text = _decode(raw, name)
    node = _compose(text, name)
    walk = _Walk(name)
    walk.visit(node, ())
    if walk.fatal:
        raise DeckError(walk.problems)
    data, unread = _construct(node, name, walk.problems)
    problems = list(walk.problems) + unread
    count = _slide_count(data)
    if count > MAX_SLIDES:  # one line, before a single slide is checked or laid out
        line, column = _locate(walk.positions, ("sections",))
        message = (
            f"holds {count:,} slides; a deck may have at most {MAX_SLIDES:,}: split it into "
            "several decks"
        )
        raise DeckError([*problems, Problem(line, column, name, "sections", message)])
    unread_at = {(p.line, p.column) for p in unread}  # the validator would repeat them
    warnings: list[Problem] = _cut_short(node, text, name)
    base = folder if folder is not None else FsPath.cwd()
    with hint_budget():  # a thousand misspelt names get hints in bounded time
        deck, issues = validator.validate(Deck, data)
        if deck is not None:
            found = rules.check(
                deck, base, allow_outside=allow_outside, template_check=template_check
            )
        else:  # the rules that span keys, on the slides that are well-formed
            found = rules.check_slides(
                _sound_slides(data), base, allow_outside=allow_outside, charts=_charts(data)
            )
    for issue in issues:
        at = (*issue.path, "<key>") if issue.at_key else issue.path
        if issue.where is not None:
            at = (*issue.path, issue.where, "<key>")
        line, column = _locate(walk.positions, at)
        if (line, column) not in unread_at:
            problems.append(Problem(line, column, name, format_path(issue.path), issue.message))
    for finding in found:
        path = _data_path(finding.path, data)
        line, column = _locate(walk.positions, path)
        problem = Problem(line, column, name, format_path(path), finding.message, finding.severity)
        (warnings if finding.severity == "warning" else problems).append(problem)
    if problems or deck is None:
        raise DeckError(problems + warnings)
    return Outline(deck, FsPath(name), sorted(warnings), walk.positions)


def _slide_count(data: Any) -> int:
    """Return how many slides the sections of `data` (the deck as YAML read it) list."""
    sections = data.get("sections") if isinstance(data, dict) else None
    if not isinstance(sections, list):
        return 0
    return sum(
        len(slides)
        for section in sections
        if isinstance(section, dict) and isinstance(slides := section.get("slides"), list)
    )


_COMMENT_AFTER = re.compile(r" #\S")
"""A `#` after one space and before a letter: YAML starts a comment there, the writer meant
text ("순위 #1 서비스"). A comment written as one, "  # note", has a space after the `#`."""


def _cut_short(node: yaml.Node, text: str, name: str) -> list[Problem]:
    """Return a warning for each value YAML cut short: at a ` #` it read as a comment, or after
    a `! ` it read as a tag."""
    lines = text.splitlines()
    found = []
    for item in _nodes(node):
        if not isinstance(item, yaml.ScalarNode) or item.style or not item.value:
            continue
        start, end = item.start_mark, item.end_mark
        before = (
            lines[start.line][start.column : start.column + 2] if start.line < len(lines) else ""
        )
        after = lines[end.line][end.column :] if end.line < len(lines) else ""
        if _COMMENT_AFTER.match(after):
            message = (
                f"the text ends at '{item.value[-20:]}': YAML reads '{after.strip()[:30]}' "
                "as a comment; put the whole value in quotes"
            )
            found.append(Problem(end.line + 1, end.column + 2, name, "", message, "warning"))
        elif before == "! ":
            message = "the '!' before the text is a YAML tag and is dropped; put it in quotes"
            found.append(Problem(start.line + 1, start.column + 1, name, "", message, "warning"))
    return found


def _charts(data: object) -> str:
    """Return the deck's `theme.charts` as far as it can be read: "image" unless it says so."""
    theme = data.get("theme") if isinstance(data, dict) else None
    charts = theme.get("charts") if isinstance(theme, dict) else None
    return charts if charts in ("image", "native") else "image"


def _sound_slides(data: Any) -> Iterator[tuple[Path, Slide]]:
    """Yield (path, slide) for each slide of `data` that is valid on its own."""
    sections = data.get("sections") if isinstance(data, dict) else None
    for s, section in enumerate(sections if isinstance(sections, list) else []):
        slides = section.get("slides") if isinstance(section, dict) else None
        for i, item in enumerate(slides if isinstance(slides, list) else []):
            slide, issues = validator.validate(Slide, item)  # type: ignore[arg-type]
            if slide is not None and not issues:
                yield ("sections", s, "slides", i), slide


def _decode(raw: bytes, name: str) -> str:
    """Return the text of a deck file, accepting a UTF-8 byte-order mark."""
    if len(raw) > MAX_BYTES:
        raise DeckError(
            [
                Problem(
                    0, 0, name, "", f"is {len(raw):,} bytes; a deck may have at most {MAX_BYTES:,}"
                )
            ]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DeckError(
            [
                Problem(
                    line,
                    column,
                    name,
                    "",
                    f"is not UTF-8 text (byte 0x{raw[exc.start]:02X}); save it as UTF-8",
                )
            ]
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise DeckError([Problem(line, 1, name, "", "holds a NUL byte: a binary file, not a deck")])
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise DeckError(
            [
                Problem(
                    1,
                    1,
                    name,
                    "",
                    "is empty; a deck needs at least `title` and "
                    "`sections` (run `deckgen init` for a starter deck)",
                )
            ]
        )
    return text


def compose(text: str, name: str) -> yaml.Node:
    """Return the node tree of `text`, composed and bounded as a deck is read, or raise
    `DeckError` (a syntax error, a bomb, nesting past MAX_DEPTH)."""
    node = _compose(text, name)
    walk = _Walk(name)
    walk.visit(node, ())
    if walk.fatal:
        raise DeckError(walk.problems)
    return node


def construct(node: yaml.Node, name: str) -> Any:
    """Return the plain data of a node tree from `compose`, as `parse` reads it (a value YAML
    cannot read comes back as its text)."""
    return _construct(node, name, [])[0]


def _compose(text: str, name: str) -> yaml.Node:
    """Return the YAML node tree of `text`, or raise a located syntax error."""
    _check_bounds(text, name)
    loader = _Loader(text)
    try:
        node: yaml.Node | None = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise DeckError([_syntax_problem(exc, name, text)]) from None
    except yaml.reader.ReaderError as exc:
        # No mark: the reader gives a byte offset (C loader) or a character offset; the
        # character it stopped at is the first of its kind in the text either way.
        at = text.find(chr(exc.character)) if isinstance(exc.character, int) else -1
        line = text.count("\n", 0, at) + 1 if at >= 0 else 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1 if at >= 0 else 1
        kind = "control character" if at >= 0 and exc.character < 0xA0 else "character"
        what = f"{kind} U+{exc.character:04X}" if at >= 0 else "a character"
        raise DeckError(
            [Problem(line, column, name, "", f"YAML error: {what} is not allowed; delete it")]
        ) from None
    except yaml.YAMLError as exc:
        raise DeckError([Problem(1, 1, name, "", f"YAML error: {exc}")]) from None
    except RecursionError:
        raise DeckError(
            [Problem(1, 1, name, "", f"nests deeper than {MAX_DEPTH} levels")]
        ) from None
    finally:
        loader.dispose()
    if node is None:
        raise DeckError(
            [Problem(1, 1, name, "", "is empty; a deck needs at least `title` and `sections`")]
        )
    return node


def _check_bounds(text: str, name: str) -> None:
    """Raise where `text` nests deeper than MAX_DEPTH or passes MAX_NODES, reading only events.

    libyaml's composer recurses in C and its scanner slows with every open bracket: 20,000
    levels took seconds and 100,000 crashed the interpreter. Composing a million values took
    10 s. The parser streams events, so stopping at the first one past a bound is cheap.
    """
    loader = _Loader(text)
    depth = nodes = 0
    try:
        while loader.check_event():
            event = loader.get_event()  # type: ignore[no-untyped-call]  # PyYAML: unannotated
            if isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            elif isinstance(event, yaml.NodeEvent):
                nodes += 1
                too_deep = isinstance(event, yaml.CollectionStartEvent) and depth > MAX_DEPTH
                # (a scalar that deep is left to the walk, which names its path)
                if too_deep or nodes > MAX_NODES:
                    mark = event.start_mark
                    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                    message = (
                        f"nests deeper than {MAX_DEPTH} levels"
                        if too_deep
                        else f"holds more than {MAX_NODES:,} values, far more than a talk "
                        "needs; split it into several decks"
                    )
                    raise DeckError([Problem(line, column, name, "", message)])
                if isinstance(event, yaml.CollectionStartEvent):
                    depth += 1
    except yaml.YAMLError:
        return  # composing again reports it, with its hint
    finally:
        loader.dispose()


def _deep_bracket(text: str) -> tuple[int, int] | None:
    """Return (line, column) of the first `[` or `{` opening a level past MAX_DEPTH, if any.

    libyaml's scanner looks ahead through open brackets, so it gives up where its own bound
    (1,000 levels) runs out, far past the place worth pointing at.
    """
    depth, line, column, quote = 0, 1, 0, ""
    for index, char in enumerate(text):
        column += 1
        if char == "\n":
            line, column = line + 1, 0
        elif quote:
            if char == quote and text[index - 1 : index] != "\\":
                quote = ""
        elif char in "'\"":
            quote = char
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:  # the top-level mapping is one more level
                return line, column
        elif char in "]}":
            depth -= 1
    return None


_PITFALLS = {
    "*": "; a value that starts with * (bold or italic) reads as an alias: put it in quotes",
    "&": "; a value that starts with & reads as an anchor: put it in quotes",
    "[": "; a value that starts with [ (a link) reads as a list: put the whole value in quotes",
    "{": "; a value that starts with { reads as a mapping: put the whole value in quotes",
    ">": "; > and | start a block of text on the next lines: put the value in quotes",
    "|": "; > and | start a block of text on the next lines: put the value in quotes",
    "%": "; put the value in quotes",
    "@": "; put the value in quotes",
    "`": "; put the value in quotes",
}
"""Hints for values whose first character YAML reads as syntax, by that character."""
_PITFALL_SHAPES = {
    **{char: re.compile("") for char in _PITFALLS},
    "*": re.compile(r"\*\S*\*"),  # markup (**bold**, *italic*), not an alias (*name)
    "[": re.compile(r"\[[^\]]*\]\s*[^\s,\]}#]"),  # text after the list: a link
    "{": re.compile(r"\{[^}]*\}\s*[^\s,\]}#]"),
}
"""When a value that starts with one of those characters is that pitfall, not valid YAML gone
wrong for another reason (an indentation error on a line holding `[a]`)."""
_VALUE = re.compile(r"^\s*(?:-\s+)*(?:(?:[^\s\"'#][^:#]*?|\"[^\"]*\"|'[^']*'):(?:\s+|$))?")


def _value_start(line: str) -> str:
    """Return the value written on `line` (after `- ` and `key: `), as written."""
    return line[_VALUE.match(line).end() :]  # type: ignore[union-attr]  # matches any line


def _quoted(value: str) -> str:
    """Return `value` in the quotes it does not use: "2024년" 아직 -> '"2024년" 아직'."""
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _syntax_problem(exc: yaml.MarkedYAMLError, name: str, text: str) -> Problem:
    """Return a located problem for a YAML syntax error, with a hint for the common ones."""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (exc.problem or exc.context or "invalid YAML").strip()
    if exc.context and problem.startswith("but "):  # "but found another document" needs its start
        problem = f"{exc.context.strip()}, {problem}"
    lines = text.splitlines()
    found = lines[line - 1][column - 1 : column] if mark and line <= len(lines) else ""
    # libyaml leaves the character out of "found character that cannot start any token"
    problem = problem.replace("found character that", f"found character {found!r} that")
    if "maximum nesting depth" in problem:  # libyaml's own bound (1,000), past ours
        line, column = _deep_bracket(text) or (line, column)
        return Problem(line, column, name, "", f"nests deeper than {MAX_DEPTH} levels")
    hint = ""
    start = _value_start(lines[line - 1]) if mark and line <= len(lines) else ""
    if found == "\t" or "'\\t'" in problem:
        hint = "; indent with spaces, not tabs"
    elif "undefined alias" in problem:
        alias = re.match(r"\*([^\s,\[\]{}]*)", start)
        name_ = alias.group(1) if alias else ""
        problem = f"found undefined alias {quote(name_)}"
        hint = f"; define it with &{name_} before its use, or put the value in quotes"
    elif start and start[0] in _PITFALLS and _PITFALL_SHAPES[start[0]].match(start):
        hint = _PITFALLS[start[0]]
    elif start and start[0] in "\"'" and start.rstrip()[-1:] != start[0]:
        hint = (
            f"; the quotes end before the text does: put the whole value in the other "
            f"quotes ({_quoted(start.rstrip())})"
        )
    elif indented := _indentation(lines, line, problem):
        hint = indented
    elif "mapping values are not allowed" in problem:
        hint = "; a value with ': ' in it needs quotes"
    elif "could not find expected ':'" in problem:
        hint = "; a key needs ': ' after it, or the line above needs closing quotes"
    elif "found character '@'" in problem or "found character '`'" in problem:
        hint = "; put the value in quotes"
    elif "found another document" in problem:
        hint = "; a deck is one document: remove the second `---` or what follows it"
    return Problem(line, column, name, "", f"YAML syntax error: {problem}{hint}")


_LEVELS = re.compile(r"( *)(?:(-)( +))?(?:([A-Za-z_][\w-]*)[ ]*:(?: +|$)(.*))?")
"""A line's indentation, its `- ` (a list item), its key and what follows the key's colon."""
_INDENT_ERRORS = (
    "mapping values are not allowed",
    "did not find expected '-' indicator",
    "did not find expected key",
    "expected <block end>",
)
"""libyaml's words for the errors a line indented to the wrong level gives."""


@record
class _Level:
    """Where a line opens a key or a list item: its column (from 0), and how a message names it."""

    column: int
    key: str | None
    """The key, or None for a list item."""
    number: int
    """The line, from 1."""
    item: str = "-"
    """A list item's line as written, for a message (cut short)."""

    def __str__(self) -> str:
        return f"`{self.key}:`" if self.key is not None else f"`{self.item}`"


def _levels(text: str, number: int) -> list[_Level]:
    """Return the list item and the key the line `text` (line `number`) opens, if any."""
    found = _LEVELS.match(text)
    if found is None or not text.strip() or text.lstrip().startswith("#"):
        return []
    spaces, dash, gap, key, _rest = found.groups()
    item = text.strip() if len(text.strip()) <= 30 else text.strip()[:27] + "..."
    levels = [_Level(len(spaces), None, number, item.replace("`", "'"))] if dash else []
    if key is not None:
        levels.append(_Level(len(spaces) + (1 + len(gap) if dash else 0), key, number))
    return levels


def _indentation(lines: list[str], line: int, problem: str) -> str:
    """Return the hint for a YAML syntax error at `line` that is a key or a list item indented
    to no level open above it, or "" when the error is not that."""
    if not any(words in problem for words in _INDENT_ERRORS) or not 0 < line <= len(lines):
        return ""
    here = _levels(lines[line - 1], line)
    if not here or len(lines[line - 1]) - len(lines[line - 1].lstrip(" ")) != here[0].column:
        return ""
    first = here[0]
    kind = "key" if first.key is not None else "item"
    # The line above, then each line above it indented less: the levels still open.
    open_levels: list[_Level] = []
    floor = None
    for number in range(line - 1, 0, -1):
        levels = _levels(lines[number - 1], number)
        if not levels or (floor is not None and levels[0].column >= floor):
            continue
        if floor is None:
            above = levels[-1]
            rest = _LEVELS.match(lines[number - 1]).group(5) or ""  # type: ignore[union-attr]
            if (
                "mapping values" in problem
                and first.key is not None
                and above.key is not None
                and first.column > above.column
                and rest.strip()
                and rest.lstrip()[0] not in "|>&*!'\"[{#"
            ):
                return (
                    f"; {first} is indented {_spaces(first.column - above.column)} more than "
                    f"{above} on line {above.number}, so YAML reads it as more of the text of "
                    f"{above}: indent it as far as {above}"
                )
        open_levels += levels
        floor = levels[0].column
        if floor == 0:
            break
    alike = [level for level in open_levels if (level.key is not None) == (kind == "key")]
    if not alike or any(level.column == first.column for level in alike):
        return ""
    near = min(alike, key=lambda level: (abs(level.column - first.column), -level.number))
    more = "more" if first.column > near.column else "fewer"
    what = "the keys of one mapping" if kind == "key" else "the items of one list"
    return (
        f"; {first} is indented {_spaces(abs(first.column - near.column))} {more} than {near} "
        f"on line {near.number}: {what} line up, so indent it as far as {near}"
    )


def _spaces(count: int) -> str:
    """Return "1 space" or "3 spaces"."""
    return f"{count} space{'s' if count != 1 else ''}"


class _Walk:
    """Walk a node tree: record positions, find duplicate keys, bound depth and expansion."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.positions: dict[Path, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.fatal = False
        self._sizes: dict[int, tuple[int, int]] = {}
        self._open: set[int] = set()
        self._cycle: yaml.Node | None = None

    def visit(self, node: yaml.Node, path: Path) -> None:
        """Record `node` at `path` and walk its children."""
        values, characters = self._size(node, 0)
        if self._cycle is not None:
            self._report_at(
                self._cycle,
                "this value contains itself through an alias; write the values out instead",
            )
        elif values > MAX_NODES:
            self._report_at(
                self._innermost(node, 0),
                f"aliases expand this document past {MAX_NODES:,} values (an alias bomb?); "
                "write the values out instead",
            )
        elif characters > MAX_TEXT:
            self._report_at(
                self._innermost(node, 1),
                f"aliases expand this document past {MAX_TEXT:,} characters of text (an alias "
                "bomb?); write the values out instead",
            )
        else:
            self._visit(node, path, 0)

    def _innermost(self, node: yaml.Node, which: int) -> yaml.Node:
        """Return the innermost node under `node` that alone passes bound `which`: the bomb."""
        bound = (MAX_NODES, MAX_TEXT)[which]
        seen = {id(node)}
        while True:
            over = [
                c
                for c in _children(node)
                if self._sizes.get(id(c), (0, 0))[which] > bound and id(c) not in seen
            ]
            if not over:
                return node
            node = over[0]
            seen.add(id(node))

    def _report_at(self, node: yaml.Node, message: str) -> None:
        mark = node.start_mark
        self._add(mark.line + 1, mark.column + 1, (), message)
        self.fatal = True

    def _size(self, node: yaml.Node, depth: int) -> tuple[int, int]:
        """Return how many values `node` expands to and how many characters of text they hold,
        each counted up to one past its bound; aliases count every time they are used."""
        key = id(node)
        if key in self._sizes:
            return self._sizes[key]
        if key in self._open:  # an alias to a node that holds it: infinite
            self._cycle = self._cycle or node
            return MAX_NODES + 1, MAX_TEXT + 1
        values, characters = 1, len(node.value) if isinstance(node, yaml.ScalarNode) else 0
        if depth <= MAX_DEPTH:  # deeper is reported by the walk, which names the path
            self._open.add(key)
            for child in _children(node):
                more, text = self._size(child, depth + 1)
                values, characters = values + more, characters + text
                if values > MAX_NODES or characters > MAX_TEXT:
                    break
            self._open.discard(key)
        self._sizes[key] = min(values, MAX_NODES + 1), min(characters, MAX_TEXT + 1)
        return self._sizes[key]

    def _add(self, line: int, column: int, path: Path, message: str) -> None:
        self.problems.append(Problem(line, column, self.name, format_path(path), message))

    def _visit(self, node: yaml.Node, path: Path, depth: int) -> None:
        mark = node.start_mark
        self.positions.setdefault(path, (mark.line + 1, mark.column + 1))
        if depth > MAX_DEPTH:
            self._add(mark.line + 1, mark.column + 1, path, f"nests deeper than {MAX_DEPTH} levels")
            self.fatal = True
            return
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
                kmark = key_node.start_mark
                if key is not None and key in seen:
                    self._add(
                        kmark.line + 1,
                        kmark.column + 1,
                        (*path, key),
                        f"duplicate key {quote(str(key), KEY_MAX)} (first at line {seen[key]}); "
                        "remove one of them",
                    )
                    continue
                if key is not None:
                    seen[key] = kmark.line + 1
                    self.positions.setdefault(
                        (*path, key, "<key>"), (kmark.line + 1, kmark.column + 1)
                    )
                    self._visit(value_node, (*path, key), depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self._visit(item, (*path, index), depth + 1)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{kind}"
    for kind in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map", "merge")
}
"""The YAML tags a deck may use: plain data. (PyYAML's safe loader would also make bytes,
sets and pairs, which no key of a deck takes.)"""


_MERGE = "tag:yaml.org,2002:merge"


def _construct(node: yaml.Node, name: str, earlier: list[Problem]) -> tuple[Any, list[Problem]]:
    """Return the plain data of `node` (only YAML's plain types, never Python objects) and the
    problems of the values YAML cannot read.

    Each such value is read as its text instead, so that the rest of the deck is still checked:
    every problem in one run, each at its place. Raise only when the document cannot be built
    at all (a list used as a mapping key), with the `earlier` problems.
    """
    found = []
    reader = _Loader("")
    for item in _nodes(node):
        problem = _value_problem(item, name, reader)
        if problem is not None:
            found.append(problem)
            item.tag = _PLAIN[type(item)]  # read as text (or a plain list, mapping)
    loader = _Loader("")
    try:
        return loader.construct_document(node), found
    except yaml.constructor.ConstructorError as exc:  # such as a list used as a mapping key
        mark = exc.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = Problem(line, column, name, "", f"YAML error: {exc.problem}")
        raise DeckError([*earlier, *found, problem]) from None
    finally:
        loader.dispose()
        reader.dispose()


_PLAIN = {
    yaml.ScalarNode: "tag:yaml.org,2002:str",
    yaml.SequenceNode: "tag:yaml.org,2002:seq",
    yaml.MappingNode: "tag:yaml.org,2002:map",
}


def _nodes(node: yaml.Node) -> Iterator[yaml.Node]:
    """Yield every node under `node` once, in document order (an alias's target once)."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        stack.extend(reversed(_children(item)))


def _value_problem(node: yaml.Node, name: str, loader: _Loader) -> Problem | None:
    """Return what keeps YAML from reading `node` as plain data, located, or None."""
    mark = node.start_mark
    line, column = mark.line + 1, mark.column + 1
    if node.tag not in _PLAIN_TAGS:
        message = (
            f"the YAML tag {quote(node.tag)} is not allowed: a deck holds plain data "
            "(text, numbers, lists, mappings)"
        )
        return Problem(line, column, name, "", message)
    if not isinstance(node, yaml.ScalarNode) or node.tag == _MERGE:
        return None
    if node.tag == _INT and len(node.value) > MAX_DIGITS:  # `!!int 1:2:...` reads in square time
        return Problem(line, column, name, "", _too_long(len(node.value)))
    try:
        value = loader.construct_object(node)
    except (
        yaml.YAMLError,
        ValueError,
        OverflowError,
        KeyError,
        TypeError,
        IndexError,
        AttributeError,
    ) as exc:
        kind = node.tag.rsplit(":", 1)[-1]
        shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
        if "integer string conversion" in str(exc):
            message = _too_long(len(node.value))
        elif not node.style and not _explicit(node):  # plain text YAML took for a value
            message = f"YAML value error: {exc}; put the value in quotes"
        else:
            message = f"'{shown}' cannot be read as !!{kind}; remove the tag or fix the value"
        return Problem(line, column, name, "", message)
    if type(value) is int and abs(value) >= _TOO_LARGE:  # `!!int 0xffff...`
        return Problem(line, column, name, "", _too_long(_digits(value)))
    return None


_TOO_LARGE = 10**MAX_DIGITS
"""The smallest whole number of more than MAX_DIGITS digits."""


def _digits(value: int) -> int:
    """Return about how many decimal digits `value` has, without writing it out."""
    return int(value.bit_length() * math.log10(2)) + 1


def _too_long(digits: int) -> str:
    """Return the message for a number of `digits` digits, more than MAX_DIGITS."""
    return (
        f"a number of {digits:,} digits is too long to read; a deck's numbers have at most "
        f"{MAX_DIGITS:,} (put text in quotes)"
    )


def _explicit(node: yaml.ScalarNode) -> bool:
    """Return whether `node` was written with a tag (`!!int 5`), not resolved from its text."""
    loader = _Loader("")
    resolved = loader.resolve(  # type: ignore[no-untyped-call]  # PyYAML: unannotated
        yaml.ScalarNode, node.value, (True, False)
    )
    loader.dispose()
    return bool(resolved != node.tag)


def _data_path(path: Path, data: Any) -> Path:
    """Return `path` cut where the data holds text: a bullet written as a string has no `text`."""
    cur = data
    for depth, part in enumerate(path):
        if isinstance(cur, dict) and part in cur:
            cur = cur[part]
        elif isinstance(cur, list) and isinstance(part, int) and part < len(cur):
            cur = cur[part]  # (a branch of its own: it narrows `part` to an index)
        else:
            return path[:depth]
    return path


def _locate(positions: dict[Path, tuple[int, int]], path: Path) -> tuple[int, int]:
    for end in range(len(path), -1, -1):
        if path[:end] in positions:
            return positions[path[:end]]
    return (1, 1)
