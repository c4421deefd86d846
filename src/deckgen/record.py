"""Dataclasses whose methods are written once for all of them, not compiled for each class.

`@record` makes a class a dataclass as `@dataclass(frozen=True)` does (`dataclasses.fields`,
`replace` and `asdict` work on it), but its `__init__`, `__repr__`, `__eq__`, `__hash__` and
frozen `__setattr__` are shared functions that read the class's fields, where `dataclass` writes
and compiles five or six functions a class. deckgen has about 80 such classes: compiled, they
cost every command 25 ms before it did anything (bench/RESULTS.md), a sixth of a rebuild. A
record is built about 0.6 microseconds slower; a rebuild builds a few thousand.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, overload

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_options: object) -> Any:
        """Return a no-op decorator: the options are read by type checkers, never at run time."""
        return lambda function: function


T = TypeVar("T")
_MISSING = dataclasses.MISSING


class _Shape:
    """What the shared methods of one record class read: its fields, in order."""

    def __init__(self, cls: type) -> None:
        fields = dataclasses.fields(cls)
        self.name = cls.__qualname__
        self.names = tuple(f.name for f in fields)
        self.known = frozenset(self.names)
        self.defaults = tuple((f.name, f.default, f.default_factory) for f in fields)
        self.shown = tuple(f.name for f in fields if f.repr)
        self.values = _values(tuple(f.name for f in fields if f.compare))


def _values(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """Return what gives a record's values of `names` as a tuple, as a dataclass compares them
    (a tuple holding the same NaN twice is equal to itself)."""
    if len(names) > 1:
        return operator.attrgetter(*names)
    if names:
        one = operator.attrgetter(names[0])
        return lambda obj: (one(obj),)
    return lambda _obj: ()


def _init(self: Any, *args: Any, **kwargs: Any) -> None:
    shape: _Shape = self.__record__
    # Set through the instance's dict: a frozen record refuses `setattr`, as a frozen
    # dataclass's `__init__` goes around its own.
    values = self.__dict__
    if not kwargs and len(args) == len(shape.names):  # every field, in order: the most common
        values.update(zip(shape.names, args, strict=True))
        return
    if len(args) > len(shape.names):
        raise TypeError(
            f"{shape.name}() takes {len(shape.names)} positional arguments, {len(args)} given"
        )
    values.update(zip(shape.names, args, strict=False))
    if kwargs:
        if not kwargs.keys() <= shape.known or not kwargs.keys().isdisjoint(values):
            _refuse(shape, values, kwargs)
        values.update(kwargs)
    if len(values) < len(shape.names):
        for name, default, factory in shape.defaults:
            if name in values:
                continue
            if default is not _MISSING:
                values[name] = default
            elif factory is not _MISSING:
                values[name] = factory()
            else:
                raise TypeError(f"{shape.name}() missing required argument {name!r}")


def _refuse(shape: _Shape, given: dict[str, Any], kwargs: dict[str, Any]) -> None:
    """Raise TypeError for the first keyword argument that names no field or one given."""
    for name in kwargs:
        if name not in shape.known:
            raise TypeError(f"{shape.name}() got an unexpected keyword argument {name!r}")
        if name in given:
            raise TypeError(f"{shape.name}() got multiple values for argument {name!r}")


def replace(obj: T, /, **changes: Any) -> T:
    """Return a copy of `obj` with `changes` to its fields, as `dataclasses.replace` does
    (which it calls for a dataclass that is no record): copied, not made again, 4 times faster."""
    shape: _Shape | None = getattr(obj, "__record__", None)
    if shape is None:
        return dataclasses.replace(obj, **changes)  # type: ignore[type-var]
    if not changes.keys() <= shape.known:
        _refuse(shape, {}, changes)
    made = object.__new__(type(obj))
    values = made.__dict__
    source = obj.__dict__
    for name in shape.names:
        values[name] = changes[name] if name in changes else source[name]
    return made


def _repr(self: Any) -> str:
    shape: _Shape = self.__record__
    return f"{shape.name}({', '.join(f'{n}={getattr(self, n)!r}' for n in shape.shown)})"


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    values = self.__record__.values
    return values(self) == values(other)


def _hash(self: Any) -> int:
    return hash(self.__record__.values(self))


def _refuse_set(self: Any, name: str, value: object) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _refuse_delete(self: Any, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def _make(cls: type[T], frozen: bool) -> type[T]:
    """Return `cls` made a record: a dataclass with the shared methods it does not define."""
    made: Any = cls  # its methods are set here, which a checker forbids on a `type`
    own = vars(cls)
    if frozen and ("__setattr__" in own or "__delattr__" in own):
        raise TypeError(f"{cls.__qualname__}: a frozen record cannot define __setattr__")
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__qualname__}: a record has no __post_init__; use a dataclass")
    # The fields, their defaults as class attributes and `__match_args__`; no code compiled.
    dataclasses.dataclass(cls, init=False, repr=False, eq=False)
    odd = [f.name for f in dataclasses.fields(made) if not f.init or f.kw_only is True]
    if odd:
        raise TypeError(
            f"{cls.__qualname__}: a record's fields are all set by __init__, "
            f"by position or keyword: not {', '.join(odd)}; use a dataclass"
        )
    made.__record__ = _Shape(cls)
    for name, method in (("__init__", _init), ("__repr__", _repr), ("__eq__", _eq)):
        if name not in own:
            setattr(made, name, method)
    # Equal by value, so hashable only when frozen, as a dataclass; a class that defines
    # `__eq__` has its `__hash__` set to None by Python, which is no hash of its own.
    if own.get("__hash__") is None:
        made.__hash__ = _hash if frozen else None
    if frozen:
        made.__setattr__ = _refuse_set
        made.__delattr__ = _refuse_delete
    return cls


@overload
def record(cls: type[T], /) -> type[T]: ...
@overload
def record(*, frozen: bool = True) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def record(cls: type[T] | None = None, /, *, frozen: bool = True) -> Any:
    """Return `cls` made a record (`@record`), or the decorator that makes one
    (`@record(frozen=False)` for a record whose fields may be set)."""
    if cls is None:
        return lambda cls: _make(cls, frozen)
    return _make(cls, frozen)
