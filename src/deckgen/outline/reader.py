"""Read `deck.yaml` into a validated `Deck`, or report every problem with its line and column.

This is the only module that reads YAML. Loading runs in four passes, each of which collects
problems instead of stopping at the first: decode the bytes, parse the YAML into nodes (one syntax
error ends this pass: the parser cannot go on), walk the nodes (positions, duplicate keys, depth and
alias-expansion bounds), then validate the data against the model and the cross-key rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any

import yaml

from deckgen.errors import DeckError, Path, Problem, format_path
from deckgen.outline import rules, validator
from deckgen.outline.model import Deck

MAX_NODES = 100_000
"""Nodes a deck may expand to through aliases: far above any real talk, far below a YAML bomb."""
MAX_DEPTH = 40
"""Nesting depth of mappings and lists a deck may have."""
MAX_BYTES = 5_000_000
"""Size of a deck file: a 1000-slide outline is about 300 kB."""

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


@dataclass
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
        raw = file.read_bytes()
    except FileNotFoundError:
        raise DeckError([Problem(0, 0, name, "", "no such file")]) from None
    except IsADirectoryError:
        raise DeckError([Problem(0, 0, name, "", "is a folder, not a deck file")]) from None
    except OSError as exc:
        raise DeckError([Problem(0, 0, name, "", f"cannot be read: {exc.strerror}")]) from None
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
    data = _construct(node, name)
    problems = list(walk.problems)
    deck, issues = validator.validate(Deck, data)
    for issue in issues:
        line, column = _locate(
            walk.positions, (*issue.path, "<key>") if issue.at_key else issue.path
        )
        problems.append(Problem(line, column, name, format_path(issue.path), issue.message))
    warnings: list[Problem] = []
    if deck is not None:
        base = folder if folder is not None else FsPath.cwd()
        found = rules.check(deck, base, allow_outside=allow_outside, template_check=template_check)
        for finding in found:
            path = _data_path(finding.path, data)
            line, column = _locate(walk.positions, path)
            problem = Problem(
                line, column, name, format_path(path), finding.message, finding.severity
            )
            (warnings if finding.severity == "warning" else problems).append(problem)
    if problems or deck is None:
        raise DeckError(problems + warnings)
    return Outline(deck, FsPath(name), sorted(warnings), walk.positions)


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
    if found == "\t" or "'\\t'" in problem:
        hint = "; indent with spaces, not tabs"
    elif "mapping values are not allowed" in problem:
        hint = "; a value with ': ' in it needs quotes"
    elif "could not find expected ':'" in problem:
        hint = "; a key needs ': ' after it, or the line above needs closing quotes"
    elif "found character '@'" in problem or "found character '`'" in problem:
        hint = "; put the value in quotes"
    elif "found another document" in problem:
        hint = "; a deck is one document: remove the second `---` or what follows it"
    return Problem(line, column, name, "", f"YAML syntax error: {problem}{hint}")


class _Walk:
    """Walk a node tree: record positions, find duplicate keys, bound depth and expansion."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.positions: dict[Path, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.fatal = False
        self._sizes: dict[int, int] = {}

    def visit(self, node: yaml.Node, path: Path) -> None:
        """Record `node` at `path` and walk its children."""
        if self._size(node, 0) > MAX_NODES:
            self._report_bomb(node)
            return
        self._visit(node, path, 0)

    def _report_bomb(self, node: yaml.Node) -> None:
        # Name the innermost node that alone expands past the bound: the alias bomb itself.
        while True:
            children = [c for c in _children(node) if self._sizes.get(id(c), 0) > MAX_NODES]
            if not children:
                break
            node = children[0]
        mark = node.start_mark
        self._add(
            mark.line + 1,
            mark.column + 1,
            (),
            f"aliases expand this document past "
            f"{MAX_NODES:,} values (an alias bomb?); write the values out instead",
        )
        self.fatal = True

    def _size(self, node: yaml.Node, depth: int) -> int:
        key = id(node)
        if key in self._sizes:
            return self._sizes[key]
        if depth > MAX_DEPTH:
            size = 1
        else:
            self._sizes[key] = MAX_NODES + 1  # a cycle (a recursive alias) counts as a bomb
            size = 1 + sum(self._size(c, depth + 1) for c in _children(node))
        self._sizes[key] = min(size, MAX_NODES + 1)
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
                        f"duplicate key '{key}' (first at line {seen[key]}); remove one of them",
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


def _construct(node: yaml.Node, name: str) -> Any:
    """Return the plain data of `node`: only YAML's standard types, never Python objects."""
    loader = _Loader("")
    try:
        return loader.construct_document(node)
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        tag = re.search(r"tag '([^']*)'", str(exc.problem))
        what = (
            (
                f"the YAML tag '{tag.group(1)}' is not allowed: a deck holds plain data "
                "(text, numbers, lists, mappings)"
            )
            if tag
            else f"YAML error: {exc.problem}"
        )
        raise DeckError([Problem(line, column, name, "", what)]) from None
    except (ValueError, OverflowError) as exc:  # e.g. a timestamp like 2024-13-45
        mark = _failing_scalar(node).start_mark
        raise DeckError(
            [
                Problem(
                    mark.line + 1,
                    mark.column + 1,
                    name,
                    "",
                    f"YAML value error: {exc}; put the value in quotes",
                )
            ]
        ) from None
    finally:
        loader.dispose()


def _failing_scalar(node: yaml.Node) -> yaml.Node:
    """Return the first scalar under `node` that cannot be constructed, or `node` itself."""
    loader = _Loader("")
    seen: set[int] = set()
    stack = [node]
    try:
        while stack:
            item = stack.pop()
            if id(item) in seen:
                continue
            seen.add(id(item))
            if isinstance(item, yaml.ScalarNode):
                try:
                    loader.construct_object(item)
                except (ValueError, OverflowError):
                    return item
            stack.extend(reversed(_children(item)))  # document order
    finally:
        loader.dispose()
    return node


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
