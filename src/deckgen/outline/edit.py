"""Rewrite values of `deck.yaml` in place: what `deckgen pull` brings back from an edited deck.

Targeted edits, not a round-trip library (ruamel.yaml): the composer the reader already uses
(PyYAML's, bounded as `reader.compose` reads a deck) gives each node's start and end in the text
and each scalar's style, so a change is a splice of the text at those positions and everything
outside the spliced spans stays byte for byte as it was: comments, key order, quoting, blank
lines, line endings, a byte-order mark. A round-trip library re-emits the whole file from its
model, which keeps most of that but not all (it re-indents and requotes what it does not track),
and it would be a second YAML dependency for one command; YAML stays inside the outline stage.

Each rewrite is checked: the new text is read again and must hold exactly the old data with the
changes made, nothing else; a change that would not is refused with its reason, never written
wrong. Paths name places in the text as it is, before any change (deleting item 1 of a list and
editing item 2 edits what was item 2).
"""

from __future__ import annotations

import copy
import difflib
import itertools
import json
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import field
from typing import Any, Final

import yaml

from deckgen.errors import DeckError, Path, format_path
from deckgen.outline import reader
from deckgen.record import record


class _Delete:
    """The type of `DELETE`."""

    def __repr__(self) -> str:
        return "DELETE"


DELETE: Final = _Delete()
"""A change's value that removes the mapping key or list item at its path."""


@record
class Refused:
    """A change left out of the rewrite, and why (one line)."""

    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{format_path(self.path)}: {self.reason}"


@record
class Rewritten:
    """The rewritten text, the changes made in it, and the changes refused."""

    text: str
    applied: tuple[Path, ...] = ()
    refused: tuple[Refused, ...] = ()


def rewrite(text: str, changes: Mapping[Path, object], name: str = "deck.yaml") -> Rewritten:
    """Return `text` with the value at each path of `changes` replaced (or removed: `DELETE`).

    A value is text, a number, true/false, or a list or mapping of those. Raise `DeckError`
    when `text` is not YAML a deck can be read from.
    """
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    doc = _Doc(text[len(bom) :], name)
    units, refused = _Planner(doc).plan(changes)
    accepted = units
    if not _holds(doc, accepted):  # one change spoils the rest: take them one by one
        accepted = []
        for unit in units:
            if _holds(doc, [*accepted, unit]):
                accepted.append(unit)
            else:
                reason = "could not be written without changing other values: edit it by hand"
                refused.extend(Refused(path, reason) for path, _ in unit.changes)
    result = _apply(doc, [s for unit in accepted for s in unit.splices])
    applied = tuple(path for unit in accepted for path, _ in unit.changes)
    order = {path: i for i, path in enumerate(changes)}
    refused.sort(key=lambda r: order.get(r.path, 0))
    return Rewritten(bom + (result or doc.text), applied, tuple(refused))


class _Refuse(Exception):
    """A change that cannot be made, with the one-line reason."""


@record
class _Splice:
    """Replace text[start:end] with `text` (line breaks as "\\n"); `seq` orders insertions."""

    start: int
    end: int
    text: str
    seq: int


@record(frozen=False)
class _Unit:
    """Changes written together (those to one list or mapping's items) and their splices."""

    changes: list[tuple[Path, object]]
    splices: list[_Splice]


_BREAK = re.compile(r"\r\n|\n|\r")
_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_PROPS = re.compile(r"(?:(?:&[^\s,\[\]{}]+|![^\s,\[\]{}]*)\s+)*")
_HEADER = re.compile(r"([|>])([1-9]?)([-+]?)([1-9]?)")


class _Doc:
    """The text, its node tree and data, and what each node's place in it is."""

    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.name = name
        found = _BREAK.search(text)
        self.newline = found.group() if found else "\n"
        self.root = reader.compose(text, name)
        # Constructing merges `<<` keys into the nodes: read the data from a tree of its own.
        self.data = reader.construct(reader.compose(text, name), name)
        self.uses: dict[int, int] = {}
        self.home: dict[int, tuple[int, int]] = {}
        """Where each node is written: (id of its container, its index there)."""
        self.in_flow: set[int] = set()
        stack: list[tuple[yaml.Node, int, int, bool]] = [(self.root, 0, 0, False)]
        while stack:  # in document order: a node is written where it is first met
            node, container, index, flow = stack.pop()
            seen = id(node) in self.uses
            self.uses[id(node)] = self.uses.get(id(node), 0) + 1
            if seen:
                continue
            if container:
                self.home[id(node)] = (container, index)
            if flow:
                self.in_flow.add(id(node))
            inner = flow or (isinstance(node, yaml.CollectionNode) and bool(node.flow_style))
            for i, child in reversed(list(enumerate(_items(node)))):
                stack.append((child, id(node), i, inner))

    def holds_anchor(self, node: yaml.Node) -> str | None:
        """Return why `node` cannot be removed (it is, or holds, an anchor used elsewhere)."""
        stack = [node]
        while stack:
            item = stack.pop()
            if (why := self.shared(item)) is not None:
                return why
            stack.extend(
                child
                for index, child in enumerate(_items(item))
                if self.home.get(id(child)) == (id(item), index)  # not an alias
            )
        return None

    def line_start(self, pos: int) -> int:
        """Return where the line holding `pos` starts."""
        return max(self.text.rfind("\n", 0, pos), self.text.rfind("\r", 0, pos)) + 1

    def line_end(self, pos: int) -> int:
        """Return where the line after the one holding `pos` starts (or the end of the text)."""
        found = _BREAK.search(self.text, pos)
        return found.end() if found else len(self.text)

    def shared(self, node: yaml.Node) -> str | None:
        """Return why `node` cannot be edited on its own (an anchor used elsewhere), or None."""
        if self.uses.get(id(node), 0) <= 1:
            return None
        props = _PROPS.match(self.text, node.start_mark.index)
        anchor = re.search(r"&([^\s,\[\]{}]+)", props.group() if props else "")
        name = f"&{anchor.group(1)} " if anchor else ""
        line = node.start_mark.line + 1
        return f"shared through the YAML anchor {name}at line {line}: edit it there"


def _items(node: yaml.Node) -> list[yaml.Node]:
    """Return the values of a mapping, the items of a list, nothing for a scalar."""
    if isinstance(node, yaml.MappingNode):
        return [value for _, value in node.value]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _merge(node: yaml.MappingNode) -> yaml.Node | None:
    """Return the `<<` key of a mapping, if it has one."""
    return next((key for key, _ in node.value if key.tag == _MERGE), None)


def _index(node: yaml.MappingNode, key: object) -> int | None:
    """Return the index of the pair with text key `key` in a mapping, or None."""
    for index, (key_node, _) in enumerate(node.value):
        if key_node.tag == _STR and isinstance(key, str) and key_node.value == key:
            return index
    return None


@record(frozen=False)
class _Place:
    """Where a change's path leads: an existing node, or a key or index to create."""

    node: yaml.Node | None
    data: Any
    parent: yaml.Node | None
    key: str | int | None
    parent_data: Any = None


def _order(path: Path) -> tuple[tuple[int, int | str], ...]:
    """Return a sort key for paths: indexes by number, keys by name."""
    return tuple((0, part) if isinstance(part, int) else (1, part) for part in path)


def _check_value(value: object, depth: int = 0) -> None:
    """Raise `_Refuse` unless `value` is plain data a deck holds."""
    if depth > reader.MAX_DEPTH:
        raise _Refuse(f"cannot be written: nests deeper than {reader.MAX_DEPTH} levels")
    if isinstance(value, (str, int, float, bool)):
        return
    if isinstance(value, list):
        for item in value:
            _check_value(item, depth + 1)
        return
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        for item in value.values():
            _check_value(item, depth + 1)
        return
    raise _Refuse(
        "cannot be written: a value is text, a number, true or false, or a list or mapping "
        f"of those, not {type(value).__name__}"
    )


class _Planner:
    """Turn changes into splices of the text, unit by unit."""

    def __init__(self, doc: _Doc) -> None:
        self.doc = doc
        self.seq = 0

    def plan(self, changes: Mapping[Path, object]) -> tuple[list[_Unit], list[Refused]]:
        """Return the units of splices for `changes` and the changes refused."""
        units: list[_Unit] = []
        refused: list[Refused] = []
        groups: dict[int, tuple[_Place, list[tuple[Path, object]]]] = {}
        for path, value in sorted(changes.items(), key=lambda pair: _order(pair[0])):
            try:
                outer = next((path[:i] for i in range(len(path)) if path[:i] in changes), None)
                if outer is not None:
                    raise _Refuse(f"lies inside another change ({format_path(outer)})")
                if not isinstance(value, _Delete):
                    _check_value(value)
                place = self.resolve(path, value)
                if place.node is None or isinstance(value, _Delete):
                    assert place.parent is not None
                    groups.setdefault(id(place.parent), (place, []))[1].append((path, value))
                    continue
                splices = self.edit(place.node, place.data, value, place.parent, place.key)
                units.append(_Unit([(path, value)], splices))
            except _Refuse as exc:
                refused.append(Refused(path, str(exc)))
        for place, members in groups.values():
            try:
                units.append(_Unit(*self.structure(place, members)))
            except _Refuse as exc:
                refused.extend(Refused(path, str(exc)) for path, _ in members)
        return units, refused

    # -- finding ---------------------------------------------------------------------------

    def resolve(self, path: Path, value: object) -> _Place:
        """Return where `path` leads, or raise `_Refuse`."""
        if not path:
            raise _Refuse("the whole deck cannot be replaced")
        doc = self.doc
        node, data = doc.root, doc.data
        parent: yaml.Node | None = None
        parent_data: Any = None
        key: str | int | None = None
        for depth, part in enumerate(path):
            if (why := doc.shared(node)) is not None:
                raise _Refuse(why)
            last = depth == len(path) - 1
            here = format_path(path[: depth + 1])
            if isinstance(node, yaml.MappingNode) and isinstance(data, dict):
                index = _index(node, part)
                merge = _merge(node)
                if merge is not None and index is None and part in data:
                    line = merge.start_mark.line + 1
                    raise _Refuse(f"comes through the merge key << at line {line}: edit it there")
                if index is None:
                    if last and isinstance(part, str):
                        if isinstance(value, _Delete):
                            raise _Refuse("does not exist: nothing to delete")
                        return _Place(None, None, node, part, data)
                    raise _Refuse(f"cannot be created: {here} does not exist")
                parent, parent_data, key = node, data, part
                node, data = node.value[index][1], data[part]
            elif isinstance(node, yaml.SequenceNode) and isinstance(data, list):
                if not isinstance(part, int) or isinstance(part, bool) or part < 0:
                    raise _Refuse(f"cannot be created: {format_path(path[:depth])} is a list")
                if part >= len(node.value):
                    if last and not isinstance(value, _Delete):
                        return _Place(None, None, node, part, data)
                    if last:
                        raise _Refuse("does not exist: nothing to delete")
                    raise _Refuse(f"cannot be created: {here} does not exist")
                parent, parent_data, key = node, data, part
                node, data = node.value[part], data[part]
            elif (
                isinstance(node, yaml.ScalarNode)
                and isinstance(data, str)
                and path[depth:] == ("text",)
            ):  # a bullet written as text is the mapping {text: ...}
                if not isinstance(value, str):
                    raise _Refuse("is written as text: change the whole item instead")
                break
            else:
                raise _Refuse(
                    f"cannot be created: {format_path(path[:depth]) or 'the deck'} is a single "
                    "value, not a mapping or list"
                )
        if (why := doc.shared(node)) is not None:
            raise _Refuse(why)
        return _Place(node, data, parent, key, parent_data)

    # -- positions -------------------------------------------------------------------------

    def splice(self, start: int, end: int, text: str) -> _Splice:
        """Return a splice, its line breaks those of the file."""
        self.seq += 1
        return _Splice(start, end, text.replace("\n", self.doc.newline), self.seq)

    def insert_lines(self, pos: int, lines: list[str]) -> _Splice:
        """Return a splice inserting whole `lines` at `pos`, the start of a line or the end."""
        text = "\n".join(lines)
        doc = self.doc
        if pos == len(doc.text) and doc.text and doc.text[-1] not in "\r\n":
            return self.splice(pos, pos, "\n" + text)  # a missing final line break stays missing
        return self.splice(pos, pos, text + "\n")

    def props_end(self, node: yaml.Node) -> int:
        """Return where the text of `node` starts, after its anchor and tag."""
        found = _PROPS.match(self.doc.text, node.start_mark.index)
        return found.end() if found else node.start_mark.index

    def end(self, node: yaml.Node) -> int:
        """Return where the text of `node` ends: its last character, comments not included."""
        if isinstance(node, yaml.ScalarNode):
            if node.style in ("|", ">"):
                return self.block_end(node, keep=_header(self.doc.text, node)[2] == "+")
            return int(node.end_mark.index)
        assert isinstance(node, yaml.CollectionNode)
        if node.flow_style or not node.value:
            return int(node.end_mark.index)
        return self.spans(node)[-1][1]

    def block_end(self, node: yaml.ScalarNode, *, keep: bool) -> int:
        """Return where a block scalar's last line ends (before its line break); with `keep`,
        its trailing blank lines are counted in."""
        text = self.doc.text
        start, end = node.start_mark.index, node.end_mark.index
        if keep:
            found = re.search(r"(?:\r\n|\n|\r)\Z", text[start:end])
            return end - (len(found.group()) if found else 0)
        last = start + len(text[start:end].split("\n", 1)[0].split("\r", 1)[0])
        for found in re.finditer(r"[^\s][^\r\n]*", text[start:end]):
            last = start + found.end()
        return last

    def spans(self, node: yaml.CollectionNode) -> list[tuple[int, int]]:
        """Return (start, end) of the text of each item of a list or pair of a mapping."""
        spans: list[tuple[int, int]] = []
        after = node.start_mark.index
        for index, child in enumerate(_items(node)):
            first = after
            if isinstance(node, yaml.MappingNode):
                key = node.value[index][0]
                first, after = key.start_mark.index, key.end_mark.index
            if self.doc.home.get(id(child)) == (id(node), index):
                start, stop = child.start_mark.index, self.end(child)
            else:  # an alias: the node is written where its anchor is
                found = re.compile(r"\*[^\s,\[\]{}]+").search(self.doc.text, after)
                if found is None:
                    raise _Refuse(f"the alias at line {node.start_mark.line + 1} was not found")
                start, stop = found.span()
            spans.append((first if isinstance(node, yaml.MappingNode) else start, stop))
            after = stop
        return spans

    def dash(self, node: yaml.SequenceNode, start: int) -> int:
        """Return where the `-` of the block list item starting at `start` is; raise `_Layout`
        unless it starts its line."""
        text = self.doc.text
        pos = start - 1
        while pos >= 0 and text[pos] in " \t\r\n":
            pos -= 1
        if pos < 0 or text[pos] != "-" or text[self.doc.line_start(pos) : pos].strip():
            raise _Layout
        return pos

    def comments_above(self, pos: int, previous: int | None) -> int:
        """Return where the line holding `pos` starts, or the comment lines right above it
        (after the previous item's text ends at `previous`): they go with a deleted item."""
        doc = self.doc
        start = doc.line_start(pos)
        if previous is None:
            return start
        bound = doc.line_end(previous)
        while start > bound:
            above = doc.line_start(start - (2 if doc.text[start - 2 : start] == "\r\n" else 1))
            if not doc.text[above:start].lstrip().startswith("#"):
                break
            start = above
        return start

    def column(self, pos: int) -> int:
        """Return the column of `pos`."""
        return pos - self.doc.line_start(pos)

    def indent(self, parent: yaml.Node | None, key: str | int | None) -> int:
        """Return the indentation of the block collection holding the value at `key`."""
        if isinstance(parent, yaml.MappingNode):
            index = _index(parent, key)
            assert index is not None
            return self.column(parent.value[index][0].start_mark.index)
        if isinstance(parent, yaml.SequenceNode) and isinstance(key, int):
            return self.column(self.dash(parent, self.spans(parent)[key][0]))
        return 0

    # -- values ----------------------------------------------------------------------------

    def edit(
        self,
        node: yaml.Node,
        old: Any,
        new: object,
        parent: yaml.Node | None,
        key: str | int | None,
    ) -> list[_Splice]:
        """Return the splices that make the value of `node` (now `old`) `new`."""
        if _same(old, new):
            return []
        if (why := self.doc.shared(node)) is not None:
            raise _Refuse(why)
        try:
            if (
                isinstance(node, yaml.SequenceNode)
                and isinstance(new, list)
                and isinstance(old, list)
            ):
                if node.value and new:
                    return self.sequence(node, old, _diff(old, new), parent, key)
            elif (
                isinstance(node, yaml.MappingNode)
                and isinstance(new, dict)
                and isinstance(old, dict)
                and node.value
                and new
                and _merge(node) is None
            ):
                deletes = [k for k in old if k not in new]
                adds = [(k, v) for k, v in new.items() if k not in old]
                edits = {k: v for k, v in new.items() if k in old}
                return self.mapping(node, old, edits, deletes, adds, parent, key)
            elif isinstance(node, yaml.ScalarNode) and not isinstance(new, (list, dict)):
                return [self.scalar(node, new, parent, key)]
        except _Layout:
            pass
        return [self.replace(node, new, parent, key)]

    def removable(self, container: yaml.CollectionNode, index: int) -> None:
        """Raise `_Refuse` if item `index` of `container` is, or holds, an anchor used elsewhere
        (an alias may go)."""
        child = _items(container)[index]
        written_here = self.doc.home.get(id(child)) == (id(container), index)
        if written_here and (why := self.doc.holds_anchor(child)) is not None:
            raise _Refuse(why)

    def structure(
        self, place: _Place, members: list[tuple[Path, object]]
    ) -> tuple[list[tuple[Path, object]], list[_Splice]]:
        """Return the changes and splices that add and delete keys or items of one container."""
        parent = place.parent
        assert parent is not None
        grand, at = self.locate(parent)
        if (why := self.doc.shared(parent)) is not None:
            raise _Refuse(why)
        try:
            if isinstance(parent, yaml.MappingNode):
                deletes = [p[-1] for p, v in members if isinstance(v, _Delete)]
                adds = [(p[-1], v) for p, v in members if not isinstance(v, _Delete)]
                return members, self.mapping(
                    parent, place.parent_data, {}, deletes, adds, grand, at
                )
            assert isinstance(parent, yaml.SequenceNode)
            count = len(parent.value)
            deletes_at = {int(p[-1]) for p, v in members if isinstance(v, _Delete)}
            appends = sorted(
                ((int(p[-1]), v) for p, v in members if not isinstance(v, _Delete)),
                key=lambda pair: pair[0],
            )
            if [i for i, _ in appends] != list(range(count, count + len(appends))):
                raise _Refuse(f"cannot be created: the list has {count} items")
            inserts = {count - 1: [v for _, v in appends]} if appends else {}
            plan = _Plan({}, deletes_at, inserts)
            return members, self.sequence(parent, place.parent_data, plan, grand, at)
        except _Layout:
            new = _expected(place.parent_data, [((p[-1],), v) for p, v in members])
            return members, [self.replace(parent, new, grand, at)]

    def locate(self, node: yaml.Node) -> tuple[yaml.Node | None, str | int | None]:
        """Return the container of `node` and its key or index there."""
        home = self.doc.home.get(id(node))
        if home is None:
            return None, None
        container = self._by_id(home[0])
        if isinstance(container, yaml.MappingNode):
            key_node = container.value[home[1]][0]
            return container, key_node.value
        return container, home[1]

    def _by_id(self, wanted: int) -> yaml.Node:
        stack = [self.doc.root]
        while stack:
            node = stack.pop()
            if id(node) == wanted:
                return node
            stack.extend(_items(node))
        raise AssertionError("a node outside the tree")

    def sequence(
        self,
        node: yaml.SequenceNode,
        old: list[Any],
        plan: _Plan,
        parent: yaml.Node | None,
        key: str | int | None,
    ) -> list[_Splice]:
        """Return the splices that edit, delete and insert items of a list in place."""
        count = len(node.value)
        survivors = count - len(plan.deletes)
        inserted = [v for after in sorted(plan.inserts) for v in plan.inserts[after]]
        if survivors == 0:  # nothing of the list is left to keep
            return [self.replace(node, inserted, parent, key)]
        for index in plan.deletes:
            self.removable(node, index)
        splices: list[_Splice] = []
        for index, value in plan.edits.items():
            splices += self.edit(node.value[index], old[index], value, node, index)
        spans = self.spans(node)
        if node.flow_style:
            splices += self._flow_deletes(spans, plan.deletes)
            for after, values in plan.inserts.items():
                items = ", ".join(self.flow(v) for v in values)
                if after < 0:
                    splices.append(self.splice(spans[0][0], spans[0][0], items + ", "))
                else:
                    splices.append(self.splice(spans[after][1], spans[after][1], ", " + items))
            return splices
        dashes = [self.dash(node, start) for start, _ in spans]
        column = self.column(dashes[0])
        for index in plan.deletes:
            start = self.comments_above(dashes[index], spans[index - 1][1] if index else None)
            splices.append(self.splice(start, self.doc.line_end(spans[index][1]), ""))
        for after, values in plan.inserts.items():
            lines = [ln for v in values for ln in self.entry(" " * column + "-", v, column, True)]
            pos = (
                self.doc.line_start(dashes[0]) if after < 0 else self.doc.line_end(spans[after][1])
            )
            splices.append(self.insert_lines(pos, lines))
        return splices

    def _flow_deletes(self, spans: list[tuple[int, int]], deletes: set[int]) -> list[_Splice]:
        """Return the splices that delete items of a flow list or mapping, with their commas."""
        splices = []
        for first, stop in _runs(sorted(deletes)):
            if stop < len(spans):
                splices.append(self.splice(spans[first][0], spans[stop][0], ""))
            else:
                splices.append(self.splice(spans[first - 1][1], spans[stop - 1][1], ""))
        return splices

    def mapping(
        self,
        node: yaml.MappingNode,
        old: dict[str, Any],
        edits: dict[str, object],
        deletes: list[Any],
        adds: list[tuple[Any, object]],
        parent: yaml.Node | None,
        key: str | int | None,
    ) -> list[_Splice]:
        """Return the splices that edit, delete and add keys of a mapping in place."""
        if deletes and _merge(node) is not None:
            line = _merge(node).start_mark.line + 1  # type: ignore[union-attr]
            raise _Refuse(
                f"the mapping takes keys through the merge key << at line {line}: edit it by hand"
            )
        indexes = {k: _index(node, k) for k in deletes}
        gone = {i for i in indexes.values() if i is not None}
        if len(gone) == len(node.value) and not adds:
            return [self.replace(node, {}, parent, key)]
        if len(gone) == len(node.value):
            return [self.replace(node, dict(adds), parent, key)]
        for index in gone:
            self.removable(node, index)
        splices: list[_Splice] = []
        for name, value in edits.items():
            at = _index(node, name)
            if at is None:
                raise _Layout
            splices += self.edit(node.value[at][1], old[name], value, node, name)
        spans = self.spans(node)
        if node.flow_style:
            splices += self._flow_deletes(spans, gone)
            if adds:
                pairs = ", ".join(f"{_key(k)}: {self.flow(v)}" for k, v in adds)
                splices.append(self.splice(spans[-1][1], spans[-1][1], ", " + pairs))
            return splices
        column = self.column(spans[0][0])
        text = self.doc.text
        done: set[int] = set()
        for index in sorted(gone - done):
            if index in done:
                continue
            start = spans[index][0]
            line = self.doc.line_start(start)
            if not text[line:start].strip():
                line = self.comments_above(start, spans[index - 1][1] if index else None)
                splices.append(self.splice(line, self.doc.line_end(spans[index][1]), ""))
                continue
            # the first key after `- `: the next key kept moves up to its place
            after = next((i for i in range(index + 1, len(spans)) if i not in gone), None)
            if after is None:
                raise _Layout
            done.update(range(index, after))
            splices.append(self.splice(start, spans[after][0], ""))
        if adds:
            lines = [
                ln
                for k, v in adds
                for ln in self.entry(" " * column + _key(k) + ":", v, column, False)
            ]
            splices.append(self.insert_lines(self.doc.line_end(spans[-1][1]), lines))
        return splices

    def scalar(
        self, node: yaml.ScalarNode, new: object, parent: yaml.Node | None, key: str | int | None
    ) -> _Splice:
        """Return the splice that writes `new` over a scalar, in its style where it holds it."""
        doc = self.doc
        start = self.props_end(node)
        props = doc.text[node.start_mark.index : start]
        if "!" in props and not (props.strip().startswith("!!str") and isinstance(new, str)):
            raise _Refuse(f"carries the YAML tag {props.split()[0]}: edit it by hand")
        in_flow = id(node) in doc.in_flow
        style = node.style or ""
        if style in ("|", ">"):
            kind, digit, chomp, rest = _header(doc.text, node)
            if not isinstance(new, str):
                return self.splice(start, self.block_end(node, keep=chomp == "+"), _number(new))
            base = self.indent(parent, key)
            if digit:
                indent = base + int(digit)
            else:
                body = doc.text[doc.line_end(start) : node.end_mark.index]
                lines = [ln for ln in _BREAK.split(body) if ln.strip()]
                indent = len(lines[0]) - len(lines[0].lstrip(" ")) if lines else base + 2
            for form_kind in (kind, "|") if kind == ">" else (kind,):
                form = _block_form(new, form_kind, indent, base, rest)
                # A kept end takes the blank lines after the block: only where it took them.
                if form is not None and (form[1] != "+" or chomp == "+"):
                    return self.splice(start, self.block_end(node, keep=chomp == "+"), form[0])
            return self.splice(start, self.block_end(node, keep=chomp == "+"), _double(str(new)))
        end = int(node.end_mark.index)
        if style == "" and not in_flow:
            block = self.lines_form(new, end, self.indent(parent, key))
            if block is not None:
                return self.splice(start, block[1], block[0])
        return self.splice(start, end, next(self.forms(new, style, in_flow)))

    def forms(self, new: object, style: str, in_flow: bool) -> Iterator[str]:
        """Yield the one-line texts that write the scalar `new`, the preferred first."""
        if not isinstance(new, str):
            yield _number(new)
            return
        if style == "" and "\n" not in new and _plain(new, in_flow):
            yield new
        if style == "'" and _single_ok(new):
            yield "'" + new.replace("'", "''") + "'"
        yield _double(new)

    def lines_form(self, new: object, end: int, column: int) -> tuple[str, int] | None:
        """Return a literal block holding the text `new` for a value that ends at `end` (its
        collection at `column`), and where it ends with the comment after it on its line,
        which goes on the block's first line; None when no block holds it."""
        if not isinstance(new, str) or "\n" not in new:
            return None
        doc = self.doc
        found = _BREAK.search(doc.text, end)
        stop = found.start() if found else len(doc.text)
        rest = doc.text[end:stop]
        if rest.strip() and not rest.strip().startswith("#"):
            return None
        form = _block_form(new, "|", column + 2, column, rest.rstrip() if rest.strip() else "")
        if form is None or form[1] == "+":  # a kept end would take the lines after it
            return None
        return form[0], stop

    def replace(
        self, node: yaml.Node, new: object, parent: yaml.Node | None, key: str | int | None
    ) -> _Splice:
        """Return the splice that writes `new` in place of the whole value of `node`."""
        doc = self.doc
        if (why := doc.holds_anchor(node)) is not None:
            raise _Refuse(why)
        in_flow = id(node) in doc.in_flow or parent is None
        start, end = self.props_end(node), self.end(node)
        flow_node = isinstance(node, yaml.CollectionNode) and bool(node.flow_style)
        if in_flow or (flow_node and isinstance(new, (list, dict))):
            return self.splice(start, end, self.flow(new))
        block_node = isinstance(node, yaml.CollectionNode) and not flow_node
        if isinstance(node, yaml.ScalarNode) and not isinstance(new, (list, dict)):
            return self.scalar(node, new, parent, key)
        # Write after the key's colon, or the item's dash.
        if isinstance(parent, yaml.MappingNode):
            index = _index(parent, key)
            assert index is not None
            key_node = parent.value[index][0]
            lead = doc.text.index(":", key_node.end_mark.index) + 1
            column = self.column(key_node.start_mark.index)
        else:
            assert isinstance(parent, yaml.SequenceNode)
            lead = self.dash(parent, self.spans(parent)[key][0]) + 1  # type: ignore[index]
            column = self.column(lead - 1)
        if isinstance(new, (list, dict)) and new:
            lines = self.block(new, column + 2)
            if isinstance(parent, yaml.MappingNode):
                return self.splice(lead, end, "\n" + "\n".join(lines))
            return self.splice(lead, end, " " + "\n".join([lines[0].lstrip(), *lines[1:]]))
        if isinstance(new, (list, dict)):
            text = "[]" if isinstance(new, list) else "{}"
        elif (block := self.lines_form(new, end, column)) is not None:
            text, end = block
        else:
            text = next(self.forms(new, "", False))
        return self.splice(lead if block_node else start, end, (" " if block_node else "") + text)

    # -- writing new values ----------------------------------------------------------------

    def flow(self, value: object) -> str:
        """Return `value` written in flow style, on one line."""
        if isinstance(value, list):
            return "[" + ", ".join(self.flow(v) for v in value) + "]"
        if isinstance(value, dict):
            return "{" + ", ".join(f"{_key(k)}: {self.flow(v)}" for k, v in value.items()) + "}"
        if isinstance(value, str):
            return value if "\n" not in value and _plain(value, True) else _double(value)
        return _number(value)

    def block(self, value: list[Any] | dict[str, Any], indent: int) -> list[str]:
        """Return the lines of a non-empty list or mapping written in block style at `indent`."""
        pad = " " * indent
        if isinstance(value, dict):
            return [
                ln
                for k, v in value.items()
                for ln in self.entry(f"{pad}{_key(k)}:", v, indent, False)
            ]
        return [ln for v in value for ln in self.entry(f"{pad}-", v, indent, True)]

    def entry(self, head: str, value: object, indent: int, item: bool) -> list[str]:
        """Return the lines of one pair (`head` is `key:`) or item (`head` is `-`) at `indent`."""
        if isinstance(value, (list, dict)) and value:
            lines = self.block(value, indent + 2)
            if item:
                return [f"{head} {lines[0].lstrip()}", *lines[1:]]
            return [head, *lines]
        if isinstance(value, str) and "\n" in value:
            form = _block_form(value, "|", indent + 2, indent, "")
            if form is not None and form[1] != "+":
                return [f"{head} {form[0]}"]
        if isinstance(value, (list, dict)):
            return [f"{head} {'[]' if isinstance(value, list) else '{}'}"]
        if isinstance(value, str):
            return [f"{head} {value if _plain(value, False) else _double(value)}"]
        return [f"{head} {_number(value)}"]


class _Layout(Exception):
    """A list or mapping laid out in a way item-by-item edits do not handle: rewrite it whole."""


@record(frozen=False)
class _Plan:
    """What to do to a list's items: edit some, delete some, insert new ones after others."""

    edits: dict[int, object]
    deletes: set[int]
    inserts: dict[int, list[object]] = field(default_factory=dict)
    """New items by the index of the old item they follow (-1: before the first)."""


def _diff(old: list[Any], new: list[Any]) -> _Plan:
    """Return the plan that turns list `old` into `new`, keeping the items that stay."""
    if len(old) == len(new):
        return _Plan({i: v for i, v in enumerate(new) if not _same(old[i], v)}, set())
    plan = _Plan({}, set())
    matcher = difflib.SequenceMatcher(
        None, [_canon(v) for v in old], [_canon(v) for v in new], autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1)
        for offset in range(paired):
            if not _same(old[i1 + offset], new[j1 + offset]):
                plan.edits[i1 + offset] = new[j1 + offset]
        plan.deletes.update(range(i1 + paired, i2))
        if j2 - j1 > paired:
            plan.inserts.setdefault(i1 + paired - 1, []).extend(new[j1 + paired : j2])
    return plan


def _runs(indexes: list[int]) -> Iterator[tuple[int, int]]:
    """Yield (first, stop) of each run of consecutive `indexes` (sorted)."""
    start = previous = None
    for index in indexes:
        if start is None or previous is None or index != previous + 1:
            if start is not None and previous is not None:
                yield start, previous + 1
            start = index
        previous = index
    if start is not None and previous is not None:
        yield start, previous + 1


def _canon(value: object) -> str:
    """Return a text equal for equal values (of the same types), for aligning lists."""
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, default=lambda o: f"<{type(o).__name__} {o}>"
    )


def _same(a: object, b: object) -> bool:
    """Return whether `a` and `b` are the same data: same types, NaN equal to NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return a == b


def _expected(data: Any, changes: list[tuple[Path, object]]) -> Any:
    """Return a copy of `data` with `changes` made (paths name places in `data` before any)."""
    result = copy.deepcopy(data)
    sets = [(p, v) for p, v in changes if not isinstance(v, _Delete)]
    deletes = [p for p, v in changes if isinstance(v, _Delete)]
    for path, value in sorted(sets, key=lambda pair: _order(pair[0])):
        cur = result
        for i, part in enumerate(path[:-1]):
            if isinstance(cur[part], str) and path[i + 1 :] == ("text",):  # a bullet as text
                cur[part] = value
                break
            cur = cur[part]
        else:
            if isinstance(cur, list) and path[-1] == len(cur):
                cur.append(copy.deepcopy(value))
            else:
                cur[path[-1]] = copy.deepcopy(value)
    for path in sorted(deletes, key=_order, reverse=True):  # later items first
        cur = result
        for part in path[:-1]:
            cur = cur[part]
        del cur[path[-1]]
    return result


def _apply(doc: _Doc, splices: list[_Splice]) -> str | None:
    """Return the text with `splices` made, or None when two of them overlap."""
    ordered = sorted(splices, key=lambda s: (s.start, s.end, s.seq))
    for a, b in itertools.pairwise(ordered):
        if b.start < a.end:
            return None
    text = doc.text
    for splice in reversed(ordered):
        text = text[: splice.start] + splice.text + text[splice.end :]
    return text


def _holds(doc: _Doc, units: list[_Unit]) -> bool:
    """Return whether the text with `units` made reads as the data with their changes made."""
    text = _apply(doc, [s for unit in units for s in unit.splices])
    if text is None:
        return False
    try:
        data = reader.construct(reader.compose(text, doc.name), doc.name)
    except DeckError:
        return False
    return _same(data, _expected(doc.data, [c for unit in units for c in unit.changes]))


# -- scalars --------------------------------------------------------------------------------


def _header(text: str, node: yaml.ScalarNode) -> tuple[str, str, str, str]:
    """Return the kind (| or >), indentation digit, chomping and the rest of a block scalar's
    first line (spaces, a comment)."""
    start = node.start_mark.index
    start = (_PROPS.match(text, start) or re.match("", "")).end() or start  # type: ignore[union-attr]
    line = _BREAK.split(text[start:], 1)[0]
    found = _HEADER.match(line)
    assert found is not None
    return found.group(1), found.group(2) or found.group(4), found.group(3), line[found.end() :]


def _printable(text: str, breaks: bool) -> bool:
    """Return whether YAML can hold `text` unescaped (line feeds only if `breaks`)."""
    for char in text:
        code = ord(char)
        if char == "\t" or (char == "\n" and breaks):
            continue
        if (
            code < 0x20
            or 0x7F <= code < 0xA0
            or code in (0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF)
            or 0xD800 <= code < 0xE000
        ):
            return False
    return True


def _double(text: str) -> str:
    """Return `text` as a double-quoted YAML scalar on one line."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif char == "\r":
            out.append("\\r")
        elif _printable(char, False):
            out.append(char)
        elif code <= 0xFF:
            out.append(f"\\x{code:02X}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04X}")
        else:
            out.append(f"\\U{code:08X}")
    return '"' + "".join(out) + '"'


def _single_ok(text: str) -> bool:
    """Return whether `text` can be written single-quoted on one line."""
    return "\n" not in text and "\t" not in text and _printable(text, False)


def _plain(text: str, in_flow: bool) -> bool:
    """Return whether `text` reads back as itself written plain (unquoted)."""
    if (
        not text
        or text != text.strip()
        or "\t" in text
        or "\n" in text
        or not _printable(text, False)
        or ": " in text
        or " #" in text
        or text.endswith(":")
        or text[0] in "!&*[]{}|>'\"%@`#,"
        or (in_flow and any(c in text for c in ",[]{}"))
    ):
        return False
    tests = ("[" + text + "]", "{k: " + text + "}") if in_flow else ("k: " + text, "- " + text)
    return all(_reads(source, text) for source in tests)


def _reads(source: str, value: object) -> bool:
    """Return whether the one-value YAML `source` (`k: v`, `- v`, `[v]`, `{k: v}`) holds
    `value`, written as a scalar (not a merge key)."""
    try:
        node = reader.compose(source, "<value>")
        values = _items(node)
        if len(values) != 1 or not isinstance(values[0], yaml.ScalarNode):
            return False
        if values[0].tag == _MERGE:
            return False
        data = reader.construct(node, "<value>")
    except DeckError:
        return False
    got = next(iter(data.values())) if isinstance(data, dict) else data[0]
    return _same(got, value)


def _number(value: object) -> str:
    """Return a number or true/false written as YAML reads it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    assert isinstance(value, float)
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value)
    if "e" in text and "." not in text.split("e")[0]:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}.0e{exponent}"
    return text


def _key(key: str) -> str:
    """Return a mapping key written plain where it can be, else double-quoted."""
    if _plain(key, False) and _plain(key, True):
        try:
            data = reader.construct(reader.compose(f"{key}: 1", "<key>"), "<key>")
        except DeckError:
            return _double(key)
        if isinstance(data, dict) and list(data) == [key]:
            return key
    return _double(key)


def _block_form(
    text: object, kind: str, indent: int, base: int, rest: str
) -> tuple[str, str] | None:
    """Return a block scalar (| or >) holding `text` with its lines at `indent` (the collection
    around it at `base`), and its chomping; None when one cannot hold it."""
    if not isinstance(text, str) or not _printable(text, True) or "\r" in text:
        return None
    body = text.rstrip("\n")
    trailing = len(text) - len(body)
    if not body.strip() or indent <= base:
        return None
    lines = body.split("\n")
    if kind == ">":
        if body.startswith("\n") or any(ln[:1] in (" ", "\t") for ln in lines):
            return None
        body = re.sub(r"\n+", lambda m: "\n" * (len(m.group()) + 1), body)
        lines = body.split("\n")
    chomp = "-" if trailing == 0 else "" if trailing == 1 else "+"
    first = next(ln for ln in lines if ln.strip())
    digit = str(indent - base) if first[:1] in (" ", "\t") or lines[0] == "" else ""
    if digit and len(digit) > 1:
        return None
    header = f"{kind}{digit}{chomp}{rest}"
    content = [" " * indent + ln if ln else "" for ln in lines] + [""] * max(trailing - 1, 0)
    # Check it alone, the collection around it at column 0.
    relative = [" " * (indent - base) + ln if ln else "" for ln in lines] + [""] * max(
        trailing - 1, 0
    )
    if not _reads("k: " + header + "\n" + "\n".join(relative) + "\n", text):
        return None
    return header + "\n" + "\n".join(content), chomp
