"""Check parsed YAML against the model's declarations and build the model's objects from it.

The model (`deckgen.outline.model`) declares each mapping as a frozen dataclass and each constraint
as `Annotated` metadata; this module turns each declared type into a checker once, then runs the
checkers over the data, collecting every problem instead of stopping at the first. A purpose-built
checker (rather than a general validation library) keeps a build's start-up short: see
`bench/RESULTS.md`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
import re
import types
from collections.abc import Callable
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

from deckgen.errors import KEY_MAX, Path, did_you_mean, quote
from deckgen.outline import model
from deckgen.record import record

T = TypeVar("T")


@record
class Issue:
    """A value that does not fit the model: where it is and what is wrong with it."""

    path: Path
    message: str
    at_key: bool = False
    """Point at the key rather than at its value (an unknown key)."""
    where: str | None = None
    """Point at this key of `path` instead (keys indented at the wrong level)."""


INVALID: Any = object()
"""What a checker returns for a value it reported an issue about."""

Checker = Callable[[Any, Path, list[Issue]], Any]
"""Return the checked value (converted where the model allows), or INVALID after reporting."""


def validate(cls: type[T], data: Any) -> tuple[T | None, list[Issue]]:
    """Return the `cls` object `data` describes (None if it has issues) and every issue."""
    issues: list[Issue] = []
    value = _checker(cls)(data, (), issues)
    return (None if issues or value is INVALID else value), issues


def _checker(tp: Any) -> Checker:
    """Return the checker of the declared type `tp`, made once."""
    return _make_checker(tp)


@functools.cache
def _make_checker(tp: Any) -> Checker:
    """Return a new checker of the declared type `tp`."""
    tp, meta = model.unwrap(tp)
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        tag = next((m for m in meta if isinstance(m, model.Tag)), None)
        members = get_args(tp)
        return _tagged(members, tag) if tag else _union(members)
    if origin is Literal:
        return _literal(get_args(tp))
    if origin is list:
        return _list(get_args(tp)[0], meta)
    simple = {str: _text, bool: _bool, int: _int, float: _float, dt.date: _date}
    if tp in simple:
        return simple[tp](meta)
    if isinstance(tp, type) and issubclass(tp, model.Strict):
        return _mapping(tp)
    raise TypeError(f"the model declares a type the validator cannot check: {tp!r}")


# --- how values are named in messages -----------------------------------------------------------

_KINDS = {
    str: "text",
    bool: "true/false",
    int: "a number",
    float: "a number",
    list: "a list",
    dict: "a mapping",
    type(None): "nothing",
}


def _kind(value: Any) -> str:
    """Return what `value` is, in a message's words: "text", "a number", "a list"."""
    return _KINDS.get(type(value), type(value).__name__)


SHOW_MAX = 40
"""Characters of a value a message quotes."""


def _show(value: Any) -> str:
    """Return `value` as a message quotes it: text quoted and cut short, lists by their kind.

    Never raises, and takes no longer for a huge value: a whole number past Python's digit limit
    (a hex `!!int` of 5,000 digits) cannot be written out, so it is named by its size.
    """
    if isinstance(value, str):
        return repr(value if len(value) <= SHOW_MAX else value[: SHOW_MAX - 3] + "...")
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, list | dict):
        return _kind(value)
    text = _as_text(value, repr)
    return text if len(text) <= SHOW_MAX else text[: SHOW_MAX - 3] + "..."


def _as_text(value: Any, write: Callable[[Any], str] = str) -> str:
    """Return a key or a value as text, written by `write` (a string as it is); never raises."""
    if isinstance(value, str):
        return value
    try:
        return write(value)
    except ValueError:  # a whole number past Python's digit limit (a hex `!!int` of 5,000)
        return f"a number of about {int(value.bit_length() * math.log10(2)) + 1:,} digits"


def _got(value: Any) -> str:
    """Return "got ..." for `value`, in the words YAML would write it with."""
    if value is None:
        return "got nothing"
    if isinstance(value, bool):
        return f"got {str(value).lower()}"
    if isinstance(value, list | dict):
        return f"got {_kind(value)}"
    if isinstance(value, dt.datetime):
        return f"got a date and time ({value.isoformat(' ')})"
    if isinstance(value, dt.date):
        return f"got a date ({value.isoformat()})"
    return f"got {_kind(value)} ({_show(value)})"


def _quote_hint(value: Any) -> str:
    """Return the hint for a value YAML read as something else than the text it looks like."""
    return "; put it in quotes" if isinstance(value, int | float | dt.date) else ""


# --- checkers ------------------------------------------------------------------------------------


def _text(meta: tuple[Any, ...]) -> Checker:
    whole_numbers = any(isinstance(m, model.WholeNumbersAsText) for m in meta)
    chars = [m for m in meta if isinstance(m, model.Chars)]
    patterns = [(re.compile(m.regex), m.says) for m in meta if isinstance(m, model.Pattern)]

    def check(value: Any, path: Path, issues: list[Issue]) -> Any:
        if whole_numbers and type(value) is int:
            try:
                value = str(value)
            except ValueError:  # past Python's digit limit: no text to stand for
                return _report(issues, path, f"expected text, got {_show(value)}")
        if not isinstance(value, str):
            if value is None:
                message = "is empty; write some text or remove the key"
            else:
                message = f"expected text, {_got(value)}{_quote_hint(value)}"
            return _report(issues, path, message)
        for rule in chars:
            if len(value) < rule.least:
                plural = "s" if rule.least != 1 else ""
                return _report(issues, path, f"needs at least {rule.least} character{plural}")
            if rule.most is not None and len(value) > rule.most:
                return _report(
                    issues, path, f"takes at most {rule.most:,} characters, got {len(value):,}"
                )
        for regex, says in patterns:
            found = regex.search(value)
            if not found or found.group() != value:  # `$` also matches before a final newline
                return _report(issues, path, f"{_show(value)} {says}")
        wrong = model.xml_problem(value)  # every string reaches the package's XML somewhere
        if wrong:
            return _report(issues, path, wrong)
        return value

    return check


_TRUE = {"true", "t", "yes", "y", "on", "1"}
_FALSE = {"false", "f", "no", "n", "off", "0"}


def _bool(meta: tuple[Any, ...]) -> Checker:
    def check(value: Any, path: Path, issues: list[Issue]) -> Any:
        if type(value) is bool:
            return value
        # Quoted words and 0 or 1 have always been taken: decks that say `hidden: 'yes'` build.
        if type(value) in (int, float) and value in (0, 1):
            return bool(value)
        word = value.strip().lower() if isinstance(value, str) else None
        if word in _TRUE or word in _FALSE:
            return word in _TRUE
        return _report(issues, path, f"expected true or false, {_got(value)}")

    return check


def _number(text: Any, convert: Callable[[Any], Any]) -> Any:
    """Return `text` (a string a user quoted, such as "2.5") as a number, or INVALID."""
    if not text.isascii():  # Python reads other scripts' digits ("٥", "５"); a deck may not
        return INVALID
    try:
        return convert(text.strip())
    except ValueError:
        return INVALID


def _int(meta: tuple[Any, ...]) -> Checker:
    least = next((m.least for m in meta if isinstance(m, model.AtLeast)), None)

    def check(value: Any, path: Path, issues: list[Issue]) -> Any:
        number = INVALID
        if type(value) is int:
            number = value
        elif type(value) is float and value.is_integer():
            number = int(value)
        elif isinstance(value, str):
            number = _number(value, int)
        if number is INVALID:
            return _report(issues, path, f"expected a whole number, {_got(value)}")
        if least is not None and number < least:
            return _report(issues, path, f"must be at least {least}, got {_show(value)}")
        return number

    return check


def _float(meta: tuple[Any, ...]) -> Checker:
    finite = next((m for m in meta if isinstance(m, model.Finite)), None)

    def check(value: Any, path: Path, issues: list[Issue]) -> Any:
        number = INVALID
        try:
            if type(value) in (int, float):
                number = float(value)
            elif isinstance(value, str):
                number = _number(value, float)
        except OverflowError:  # a whole number past a float's range
            number = math.inf
        if number is INVALID:
            return _report(issues, path, f"expected a number, {_got(value)}")
        if finite and not math.isfinite(number):
            return _report(issues, path, f"expected a finite number, got {_show(value)}")
        if finite and abs(number) > finite.most:
            return _report(
                issues,
                path,
                f"{_show(value)} is larger than {finite.most:,.0f} in size; write it in a "
                "larger unit (such as 억 or billions) and name the unit",
            )
        return number

    return check


def _date(meta: tuple[Any, ...]) -> Checker:
    def check(value: Any, path: Path, issues: list[Issue]) -> Any:
        if isinstance(value, dt.datetime):
            if value.timetz().replace(tzinfo=None) == dt.time():  # a midnight is its date
                return value.date()
        elif isinstance(value, dt.date):
            return value
        return _report(issues, path, f"expected a date, {_got(value)}")

    return check


def _literal(choices: tuple[Any, ...]) -> Checker:
    def check(value: Any, path: Path, issues: list[Issue]) -> Any:
        if any(value == c and type(value) is type(c) for c in choices):
            return value
        words = [str(c) for c in choices]
        hint = did_you_mean(value, words) if isinstance(value, str) else ""
        return _report(issues, path, f"{_show(value)} is not one of {', '.join(words)}{hint}")

    return check


def _list(item_type: Any, meta: tuple[Any, ...]) -> Checker:
    counts = [m for m in meta if isinstance(m, model.Count)]

    def check(value: Any, path: Path, issues: list[Issue]) -> Any:
        if type(value) is not list:
            message = f"expected a list, {_got(value)}; write `- item` lines"
            return _report(issues, path, message)
        for rule in counts:  # one line for a list past its limit, not one per item
            if rule.most is not None and len(value) > rule.most:
                message = f"takes at most {rule.most:,} items, got {len(value):,}"
                return _report(issues, path, message)
        item = _checker(item_type)
        items = [item(v, (*path, i), issues) for i, v in enumerate(value)]
        for rule in counts:
            if len(value) < rule.least:
                plural = "s" if rule.least != 1 else ""
                message = f"needs at least {rule.least} item{plural}, got {len(value)}"
                return _report(issues, path, message)
        return INVALID if any(item is INVALID for item in items) else items

    return check


def _union(members: tuple[Any, ...]) -> Checker:
    optional = type(None) in members
    choices = [m for m in members if m is not type(None)]
    if len(choices) == 1:  # `X | None`: X's own issues say best what is wrong
        only = _checker(choices[0])

        def check_optional(value: Any, path: Path, issues: list[Issue]) -> Any:
            return None if value is None else only(value, path, issues)

        return check_optional
    nouns = " or ".join(_noun(m) for m in choices)
    takes_text = str in [model.unwrap(m)[0] for m in choices]

    def check(value: Any, path: Path, issues: list[Issue]) -> Any:
        if value is None:
            return None if optional else _report(issues, path, f"is empty; write {nouns}")
        tried: list[tuple[Any, list[Issue]]] = []
        for member in choices:  # left to right: the first that accepts the value wins
            scratch: list[Issue] = []
            checked = _checker(member)(value, path, scratch)
            if not scratch:
                return checked
            tried.append((member, scratch))
        for member, scratch in tried:  # text with a control character says so, not "expected"
            if _natural(value, model.unwrap(member)[0]):
                issues.extend(scratch)
                return INVALID
        hint = _quote_hint(value) if takes_text else ""
        return _report(issues, path, f"expected {nouns}, {_got(value)}{hint}")

    return check


def _natural(value: Any, tp: Any) -> bool:
    """Return whether `value` is what YAML writes for a `tp` (a number for float, not text)."""
    if tp is float:
        return type(value) in (int, float)
    if get_origin(tp) is list:
        return type(value) is list
    if isinstance(tp, type) and issubclass(tp, model.Strict):
        return type(value) is dict or (bool(tp.shorthand) and isinstance(value, str))
    return type(value) is tp


def _noun(tp: Any) -> str:
    """Return how a message names a value of type `tp`: "text", "a number", "a date"."""
    tp, _meta = model.unwrap(tp)
    nouns = {str: "text", float: "a number", int: "a whole number", bool: "true or false"}
    if tp in nouns:
        return nouns[tp]
    if tp is dt.date:
        return "a date"
    if get_origin(tp) is list:
        return f"a list of {_noun(get_args(tp)[0]).removeprefix('a ')}"
    if isinstance(tp, type) and issubclass(tp, model.Strict):
        return "a mapping of keys"
    raise TypeError(f"the validator cannot name a value of type {tp!r}")


def _tagged(members: tuple[Any, ...], tag: model.Tag) -> Checker:
    by_tag = {model.tag_value(m, tag.key): m for m in members}
    names = ", ".join(by_tag)

    def check(value: Any, path: Path, issues: list[Issue]) -> Any:
        if type(value) is not dict:
            return _report(issues, path, f"expected a mapping of keys, {_got(value)}")
        if tag.key not in value:
            return _report(issues, path, f"missing required key '{tag.key}' (one of {names})")
        found = value[tag.key]
        if not isinstance(found, str):
            message = f"expected a {tag.noun} (one of {names}), {_got(found)}"
            return _report(issues, (*path, tag.key), message)
        member = by_tag.get(found)
        if member is None:
            hint = did_you_mean(found, by_tag)
            message = f"{quote(found)} is not a {tag.noun} (one of {names}){hint}"
            return _report(issues, (*path, tag.key), message)
        return _checker(member)(value, path, issues)

    return check


def _mapping(cls: type[model.Strict]) -> Checker:
    shorthand = cls.shorthand
    want = f"text or a mapping with `{shorthand}`" if shorthand else "a mapping of keys"

    def check(value: Any, path: Path, issues: list[Issue]) -> Any:
        fields = _fields(cls)
        if shorthand and isinstance(value, str):
            # The string is the value of one key: its issues point at the string itself.
            checked = fields[shorthand][0](value, path, issues)
            return INVALID if checked is INVALID else _made(cls, {shorthand: checked})
        if type(value) is not dict:
            return _report(issues, path, f"expected {want}, {_got(value)}")
        if shorthand and _colon_text(value, fields):
            ((key, after),) = value.items()
            text = f"{key}: {after}" if after is not None else f"{key}:"
            message = (
                f"{_show(text)} reads as a key and its value because of ': '; "
                "put the text in quotes"
            )
            return _report(issues, path, message)
        values: dict[str, Any] = {}
        valid = True
        strays = _strays(cls, value)
        for name, (check_field, required) in fields.items():
            if name in strays and not value.get(name):
                valid = False  # its keys are indented at this level: one line says so, below
            elif name in value:
                before = len(issues)
                checked = check_field(value[name], (*path, name), issues)
                valid = valid and checked is not INVALID
                values[name] = checked
                _too_far(issues, before, (*path, name), fields)
            elif required:
                issues.append(Issue(path, f"missing required key '{name}'"))
                valid = False
        for name, keys in strays.items():
            issues.append(Issue(path, _indent_under(name, keys, name in value), where=keys[0]))
            valid = False
        placed = {key for keys in strays.values() for key in keys}
        for key in value:
            if key not in fields and key not in placed:
                issues.append(
                    Issue((*path, key), _unknown(_as_text(key), list(fields)), at_key=True)
                )
                valid = False
        return _made(cls, values) if valid else INVALID

    return check


_FIELDS: dict[type, dict[str, tuple[Checker, bool]]] = {}


def _fields(cls: type[model.Strict]) -> dict[str, tuple[Checker, bool]]:
    """Return each key of `cls` with its checker and whether the deck must write it."""
    found = _FIELDS.get(cls)
    if found is None:
        fields = dataclasses.fields(cls)
        found = _FIELDS[cls] = {f.name: (_checker(f.type), model.required(f)) for f in fields}
    return found


_CHILDREN: dict[type, dict[str, frozenset[str]]] = {}


def _children(cls: type[model.Strict]) -> dict[str, frozenset[str]]:
    """Return each key of `cls` whose value is a mapping of its own, with that mapping's keys."""
    found = _CHILDREN.get(cls)
    if found is None:
        found = {}
        for field in dataclasses.fields(cls):
            tp, _meta = model.unwrap(field.type)
            if get_origin(tp) in (Union, types.UnionType):
                members = [m for m in get_args(tp) if m is not type(None)]
                tp = model.unwrap(members[0])[0] if len(members) == 1 else None
            if isinstance(tp, type) and issubclass(tp, model.Strict):
                found[field.name] = frozenset(f.name for f in dataclasses.fields(tp))
        _CHILDREN[cls] = found
    return found


def _strays(cls: type[model.Strict], value: dict[Any, Any]) -> dict[str, list[str]]:
    """Return the unknown keys of `value` that are keys of a mapping inside it (`kind:` of a
    `chart:`, indented as far as `chart:` itself), by the key they belong under."""
    fields = _fields(cls)
    found: dict[str, list[str]] = {}
    for key in value:
        if isinstance(key, str) and key not in fields:
            home = next((name for name, keys in _children(cls).items() if key in keys), None)
            if home is not None:
                found.setdefault(home, []).append(key)
    return found


def _too_far(issues: list[Issue], start: int, path: Path, keys: dict[str, Any]) -> None:
    """Say of each key unknown in the mapping at `path` (issues from `start` on) that is one of
    `keys`, the keys beside it, that it is indented too far; no "did you mean" from the level
    it strayed into."""
    name = path[-1]
    for i in range(start, len(issues)):
        issue = issues[i]
        key = issue.path[-1] if issue.at_key and issue.path[:-1] == path else None
        if isinstance(key, str) and key in keys:
            message = f"{quote(key, KEY_MAX)} is a key beside `{name}:`, not under it; "
            issues[i] = Issue(issue.path, message + f"indent it as far as `{name}:`", at_key=True)


def _indent_under(name: str, keys: list[str], written: bool) -> str:
    """Return the message for `keys` of the mapping `name`, written beside `name:` instead of
    indented under it."""
    listed = [quote(k, KEY_MAX) for k in keys]
    words = listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " and " + listed[-1]
    verb, these = ("is a key", "it") if len(keys) == 1 else ("are keys", "these")
    if written:
        return f"{words} {verb} of `{name}:`; indent {these} under `{name}:`"
    them = "it" if len(keys) == 1 else "them"
    return (
        f"{words} {verb} of `{name}:`, which is missing; write `{name}:` above {them} and "
        f"indent {them} under `{name}:`"
    )


def _colon_text(value: dict[Any, Any], fields: dict[str, Any]) -> bool:
    """Return whether `value` is text with ': ' in it that YAML made a one-key mapping of
    (`- 결론: 좋다` in a list of bullets)."""
    if len(value) != 1:
        return False
    ((key, after),) = value.items()
    return (
        isinstance(key, str)
        and key not in fields
        and not did_you_mean(key, fields)  # `txt: ...` is a misspelt key
        and not isinstance(after, dict | list)
    )


def _made(cls: type[model.Strict], values: dict[str, Any]) -> model.Strict:
    """Return the `cls` object of `values`, remembering which keys the deck wrote."""
    made = cls(**values)
    object.__setattr__(made, "keys_set", frozenset(values))
    return made


def _unknown(key: str, allowed: list[str]) -> str:
    hint = did_you_mean(key, allowed)
    if hint or not allowed:
        return f"unknown key {quote(key, KEY_MAX)}{hint}"
    return f"unknown key {quote(key, KEY_MAX)} (allowed: {', '.join(allowed)})"


def _report(issues: list[Issue], path: Path, message: str) -> Any:
    issues.append(Issue(path, message))
    return INVALID
