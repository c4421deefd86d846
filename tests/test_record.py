"""`@record`: a dataclass whose methods are shared, that behaves as `@dataclass(frozen=True)`."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from deckgen.record import record, replace


@record
class Point:
    x: float
    y: float = 0.0
    tags: list[str] = dataclasses.field(default_factory=list, compare=False)


@record
class Labelled(Point):
    label: str = ""


@record(frozen=False)
class Counter:
    count: int = 0


@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        ((1.0, 2.0), {}, (1.0, 2.0)),
        ((1.0,), {"y": 3.0}, (1.0, 3.0)),
        ((), {"x": 4.0}, (4.0, 0.0)),
    ],
    ids=["positional", "mixed", "keyword-and-default"],
)
def test_a_record_is_made_as_a_dataclass_is(args, kwargs, expected):
    point = Point(*args, **kwargs)
    assert (point.x, point.y) == expected
    assert point.tags == []
    assert point.tags is not Point(1.0).tags  # a default factory is called for each


@pytest.mark.parametrize(
    ("args", "kwargs", "says"),
    [
        ((), {}, "missing required argument 'x'"),
        ((1.0, 2.0, [], 4.0), {}, "takes 3 positional arguments, 4 given"),
        ((1.0,), {"z": 1}, "unexpected keyword argument 'z'"),
        ((1.0,), {"x": 2.0}, "multiple values for argument 'x'"),
    ],
    ids=["missing", "too-many", "unknown", "twice"],
)
def test_wrong_arguments_raise_type_error(args, kwargs, says):
    with pytest.raises(TypeError, match=says):
        Point(*args, **kwargs)


def test_a_record_is_frozen():
    point = Point(1.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 2.0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del point.x  # type: ignore[misc]


def test_equality_and_hash_are_by_value_of_the_compared_fields():
    assert Point(1.0, 2.0) == Point(1.0, 2.0, ["a"])  # tags: compare=False
    assert hash(Point(1.0, 2.0)) == hash(Point(1.0, 2.0, ["a"]))
    assert Point(1.0) != Point(2.0)
    assert Point(1.0) != Labelled(1.0)  # another class is never equal
    assert len({Point(1.0), Point(1.0), Point(2.0)}) == 2


def test_repr_names_every_field():
    assert repr(Labelled(1.0, label="a")) == "Labelled(x=1.0, y=0.0, tags=[], label='a')"


def test_dataclass_functions_work_on_records():
    point = Labelled(1.0, 2.0, label="a")
    assert [f.name for f in dataclasses.fields(point)] == ["x", "y", "tags", "label"]
    assert dataclasses.replace(point, label="b") == Labelled(1.0, 2.0, label="b")
    assert dataclasses.asdict(point) == {"x": 1.0, "y": 2.0, "tags": [], "label": "a"}
    assert pickle.loads(pickle.dumps(point)) == point


def test_a_record_not_frozen_can_be_set_and_is_not_hashable():
    counter = Counter()
    counter.count += 1
    assert counter == Counter(1)
    with pytest.raises(TypeError):
        hash(counter)


def test_a_method_the_class_defines_is_kept():
    @record
    class Shown:
        name: str

        def __repr__(self) -> str:
            return f"<{self.name}>"

    assert repr(Shown("a")) == "<a>"
    assert Shown("a") == Shown("a")


def test_replace_copies_a_record_with_changes():
    point = Labelled(1.0, 2.0, label="a")
    changed = replace(point, y=3.0)
    assert changed == Labelled(1.0, 3.0, label="a")
    assert point.y == 2.0
    with pytest.raises(TypeError, match="unexpected keyword argument 'z'"):
        replace(point, z=1)


def test_replace_falls_back_to_dataclasses_for_other_dataclasses():
    @dataclasses.dataclass(frozen=True)
    class Plain:
        a: int

    assert replace(Plain(1), a=2) == Plain(2)


def test_one_compared_field_compares_as_a_tuple_does():
    @record
    class One:
        value: float

    nan = float("nan")
    assert One(nan) == One(nan)  # the same object: equal, as in a dataclass's tuple
    assert One(1.0) != One(2.0)


@pytest.mark.parametrize(
    "body",
    [
        "def __post_init__(self): pass",
        "x: int = dataclasses.field(init=False, default=0)",
        "_: dataclasses.KW_ONLY\n    x: int = 0",
    ],
    ids=["post-init", "init-false", "kw-only"],
)
def test_what_a_record_does_not_do_is_refused(body):
    source = f"@record\nclass Odd:\n    a: int = 0\n    {body}\n"
    code = compile(source, "odd", "exec", dont_inherit=True)  # annotations evaluated
    with pytest.raises(TypeError, match="use a dataclass"):
        exec(code, {"record": record, "dataclasses": dataclasses})
