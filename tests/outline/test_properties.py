"""Random damage to valid decks never gives a traceback: a deck comes back, or located errors.

Two kinds of damage: to the data (values of another type, keys dropped or misspelt, unknown keys,
text with any Unicode) and to the YAML text itself (characters inserted or deleted, tabs, repeated
lines, bytes that are not UTF-8). `outline.parse` may raise only `DeckError`, every problem in it
on one line with a line and column; a deck that parses can be laid out. A few examples also go
through the CLI.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from deckgen.commands import build
from deckgen.commands.build import prepare
from deckgen.errors import DeckError, DeckgenError
from deckgen.layout.deck import lay_out
from deckgen.outline.reader import Outline, parse
from package_check import assert_sound

# Hypothesis: hundreds of generated decks per test.
pytestmark = pytest.mark.slow

SETTINGS = {
    "deadline": None,
    "database": None,  # nothing written into the work tree; a failure prints its example
    "print_blob": True,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.filter_too_much],
}

BASES: list[dict] = [
    {
        "title": "발표 제목",
        "subtitle": "A subtitle",
        "author": "Speaker",
        "date": dt.date(2025, 1, 15),
        "lang": "ko-KR",
        "theme": {"size": "4:3", "colors": {"primary": "#1F4E79"}, "fonts": {"latin": "Arial"}},
        "closing": "감사합니다",
        "sections": [
            {
                "title": "Text",
                "slides": [
                    {
                        "type": "bullets",
                        "id": "intro",
                        "title": "Bullets",
                        "bullets": ["one **bold**", {"text": "two", "bullets": ["2.1"]}],
                        "notes": "Notes.",
                        "source": "Source",
                    },
                    {"type": "quote", "quote": "Words", "by": "Someone"},
                    {"type": "statement", "text": "==Big== sentence"},
                    {"type": "stat", "value": "42", "label": "Answer", "detail": "Detail"},
                    {
                        "type": "columns",
                        "title": "Columns",
                        "columns": [
                            {"heading": "A", "bullets": ["a"]},
                            {"heading": "B", "bullets": ["b"]},
                        ],
                    },
                    {
                        "type": "timeline",
                        "title": "Timeline",
                        "events": [{"when": 2023, "label": "x"}, {"when": "2024", "label": "y"}],
                    },
                ],
            }
        ],
    },
    {
        "title": "Figures",
        "sections": [
            {
                "title": "Figures",
                "divider": False,
                "slides": [
                    {
                        "type": "chart",
                        "title": "Chart",
                        "chart": {
                            "kind": "bar",
                            "categories": [2023, 2024],
                            "series": [{"name": "s", "values": [1, 2.5]}],
                            "unit": "%",
                            "log": True,
                            "labels": True,
                        },
                        "bullets": ["takeaway"],
                        "caption": "Caption",
                    },
                    {
                        "type": "diagram",
                        "title": "Diagram",
                        "diagram": {
                            "kind": "steps",
                            "items": [{"name": "a", "text": "t", "examples": ["e"]}, {"name": "b"}],
                        },
                    },
                    {"type": "image", "title": "Image", "image": "pic.png"},
                    {
                        "type": "table",
                        "title": "Table",
                        "table": {
                            "columns": ["a", "b"],
                            "rows": [["x", 1], ["y", 2.5]],
                            "highlight": {"column": 1},
                        },
                    },
                ],
            }
        ],
    },
]

HOSTILE = st.sampled_from(
    [
        "$5 vs $10",  # matplotlib math
        "x$^$y",
        "<&>\"'",  # XML's own characters
        "R&D %",
        "\x85\u2028\u202e",  # line breaks and bidi controls that XML can hold
        "\ud800",  # a lone surrogate
        "가" * 2500,  # past the length limits
        "[" * 3000,
        "**" * 40,
        "#1",
        "9" * 5000,
        1e308,
        -1.7e308,
        10**400,
    ]
)
"""Values that broke deckgen before (issue 15): each must be a located error or build cleanly."""

VALUES = st.one_of(
    HOSTILE,
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),  # NaN, infinities and -0.0 included
    st.text(max_size=30),
    st.dates(),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=8), st.integers(), max_size=2),
)


def _slots(node: object) -> list[tuple[dict | list, str | int]]:
    """Return (container, key) for every value inside `node`."""
    slots: list[tuple[dict | list, str | int]] = []
    if isinstance(node, dict):
        for key in node:
            slots += [(node, key), *_slots(node[key])]
    elif isinstance(node, list):
        for index, item in enumerate(node):
            slots += [(node, index), *_slots(item)]
    return slots


@st.composite
def misspelt(draw: st.DrawFn, word: str) -> str:
    """Return `word` with one typo: a letter dropped, doubled, swapped, changed or capitalised."""
    if not word:
        return "x"
    i = draw(st.integers(0, len(word) - 1))
    kind = draw(st.sampled_from(["drop", "double", "swap", "change", "upper"]))
    if kind == "drop":
        return word[:i] + word[i + 1 :] or "x"
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    if kind == "swap" and i + 1 < len(word):
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "upper":
        return word.upper()
    return word[:i] + draw(st.characters()) + word[i + 1 :]


@st.composite
def damaged_data(draw: st.DrawFn) -> dict:
    """Return a valid deck with one to four random changes to its data."""
    deck = copy.deepcopy(draw(st.sampled_from(BASES)))
    for _ in range(draw(st.integers(1, 4))):
        slots = _slots(deck)
        if not slots:
            break
        container, key = draw(st.sampled_from(slots))
        change = draw(st.sampled_from(["value", "text", "drop", "misspell", "add", "repeat"]))
        if change == "value":
            container[key] = draw(VALUES)  # type: ignore[index]
        elif change == "text":
            container[key] = draw(st.text(max_size=60))  # type: ignore[index]
        elif change == "drop":
            del container[key]  # type: ignore[arg-type]
        elif change == "misspell" and isinstance(container, dict):
            container[draw(misspelt(str(key)))] = container.pop(key)
        elif change == "add" and isinstance(container, dict):
            container[draw(st.text(min_size=1, max_size=12))] = draw(VALUES)
        elif change == "repeat" and isinstance(container, list):
            container.append(copy.deepcopy(container[key]))  # type: ignore[index]
    return deck


@st.composite
def damaged_text(draw: st.DrawFn) -> bytes:
    """Return the YAML of a valid deck with one to four random edits to its text or bytes."""
    text = _dump(draw(st.sampled_from(BASES)))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        edit = draw(st.sampled_from(["insert", "syntax", "delete", "tab", "line"]))
        if edit == "insert":
            text = text[:at] + draw(st.text(min_size=1, max_size=8)) + text[at:]
        elif edit == "syntax":
            text = text[:at] + draw(st.sampled_from(list(":-[]{}&*!|>'\"%@`#,? \n"))) + text[at:]
        elif edit == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 30)) :]
        elif edit == "tab":
            text = text[:at] + "\t" + text[at:]
        else:
            lines = text.splitlines(keepends=True) or [""]
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(i, lines[i])
            text = "".join(lines)
    raw = text.encode("utf-8")
    if draw(st.booleans()) and raw:
        at = draw(st.integers(0, len(raw) - 1))
        raw = raw[:at] + bytes([draw(st.integers(0, 255))]) + raw[at + 1 :]
    return raw


def _dump(deck: dict) -> str:
    return yaml.safe_dump(deck, allow_unicode=True, sort_keys=False)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Return the folder the decks' files resolve against, holding the picture they use."""
    path = tmp_path_factory.mktemp("decks")
    Image.new("RGB", (32, 24), "#336699").save(path / "pic.png")
    return path


def _outcome(raw: bytes, folder: Path) -> Outline | DeckError:
    """Return the parsed deck or the DeckError; any other exception fails the test."""
    try:
        outline = parse(raw, "deck.yaml", folder=folder)
    except DeckError as exc:
        for problem in exc.problems:
            assert problem.file == "deck.yaml"
            assert problem.line >= 1 and problem.column >= 1, problem
            assert problem.message, problem
            assert len(str(problem).splitlines()) == 1, problem  # breaks in keys are escaped
        lines = str(exc).splitlines()
        assert len(lines) == len(exc.problems) + 1
        return exc
    lay_out(outline.deck)  # what `check` does next must not fail either
    return outline


def test_the_bases_are_valid(folder):
    for deck in BASES:
        assert isinstance(_outcome(_dump(deck).encode(), folder), Outline)


@settings(max_examples=1000, **SETTINGS)
@given(deck=damaged_data())
def test_damaged_data_gives_a_deck_or_located_errors(folder, deck):
    _outcome(_dump(deck).encode("utf-8"), folder)


@settings(max_examples=1000, **SETTINGS)
@given(raw=damaged_text())
def test_damaged_text_gives_a_deck_or_located_errors(folder, raw):
    _outcome(raw, folder)


@settings(max_examples=60, **{**SETTINGS, "suppress_health_check": list(HealthCheck)})
@given(deck=damaged_data())
def test_what_check_passes_builds_into_a_sound_package(folder, deck):
    """`check` rejects everything `build` would: a deck that passes it builds, whatever was
    damaged, and the package is sound (figures drawn for real, in every kind)."""
    deck_file = folder / "checked.yaml"
    deck_file.write_text(_dump(deck), encoding="utf-8")
    try:
        prepare(deck_file)
    except DeckgenError:
        return
    out = folder / "out" / "checked.pptx"
    build.build(deck_file, out)
    assert_sound(out)


@settings(
    max_examples=5,
    **{**SETTINGS, "suppress_health_check": [HealthCheck.function_scoped_fixture]},
)
@given(raw=st.one_of(damaged_text(), damaged_data().map(lambda d: _dump(d).encode())))
def test_the_cli_reports_damage_without_a_traceback(folder, bounded_deckgen, raw):
    (folder / "deck.yaml").write_bytes(raw)
    for args in (["check", "deck.yaml"], ["build", "deck.yaml", "-o", "out.pptx", "--no-cache"]):
        result = bounded_deckgen(*args, cwd=folder, seconds=30, memory=1 << 30)
        assert "Traceback" not in result.stderr
        assert result.returncode in (0, 1), result.stderr
        if result.returncode == 1:
            *problems, summary = result.stderr.splitlines()
            assert re.fullmatch(r"[\d,]+ errors?(, [\d,]+ warnings?)? in deck\.yaml", summary), (
                result.stderr
            )
            assert all(re.match(r"deck\.yaml:\d+:\d+: ", line) for line in problems)
