"""`deckgen pull` under random edits: text typed over words, words added, words set bold, notes
rewritten, on random shapes of random slides of the every-type deck; then pull and rebuild.

Each case is seeded (its id names the seed): a failure is reproduced by running that case alone.
"""

from __future__ import annotations

import copy
import difflib
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import every_type_deck, run
from pptx import Presentation

CASES = 30
"""Seeds tried: each case builds nothing (the deck is built once), edits, pulls twice and
rebuilds, a fraction of a second."""

WORDS = [
    "새 낱말",
    "Latin",
    "한글English",
    '"인용"',
    "“굽은 따옴표”",
    "it's",
    "주의:",
    "a: b",
    "#태그",
    "- 대시",
    "{중괄호}",
    "**별**",
    "==형광==",
    "[괄호](x)",
    "null",
    "yes",
    "1.5",
    "100%",
    "~",
]
"""What is typed: Hangul, Latin, quotes, colons, and text YAML or deckgen's markup would read
as something else unless written with care."""

_WORD = re.compile(r"[0-9A-Za-z\uac00-\ud7a3]+")
"""A word someone edits: letters and digits, never the marks deckgen sets itself (a quote's
marks, the dash before an author)."""


@dataclass
class Target:
    """Something on a slide that can be edited: a text shape or a table's cell, or the notes;
    and its place in deck.yaml, from the mark."""

    slide: int
    place: tuple[str | int, ...]
    frame: Any
    """python-pptx's text frame (None: the notes)."""


_QUOTES = str.maketrans("\u201c\u201d\u2018\u2019", "\"\"''")


def _loose(text: str) -> str:
    """Return `text` white space aside, its quotation marks straight: deckgen sets typographic
    quotes (a straight quote typed in PowerPoint is curly in the rebuilt deck, as in any)."""
    return " ".join(text.split()).translate(_QUOTES)


def _shown(pptx: Path) -> dict[tuple[int, int], tuple[tuple[str | int, ...], str]]:
    """Return each text of the deck at `pptx` by slide and place in the mark's order (the notes
    last), with its place in deck.yaml and its text as a reader sees it."""
    from deckgen.pptx import readback

    found = readback.read(pptx)
    assert found.mark is not None
    shown = {}
    for number, (source, slide) in enumerate(
        zip(found.mark.sources, found.slides, strict=True), start=1
    ):
        for k, (place, item) in enumerate(zip(source.shapes, slide.items, strict=True)):
            rows = "\n".join("\t".join(row) for row in item.rows)
            text = item.text or rows or repr(item.chart)
            shown[number, k] = (place, _loose(text))
        shown[number, len(source.shapes)] = ((*source.slide, "notes"), _loose(slide.notes))
    return shown


def _targets(prs: Any, pptx: Path) -> list[Target]:
    """Return what can be edited on `prs` (the deck at `pptx`): each shape whose text the mark
    places in deck.yaml (a table by its cells), and each slide's notes."""
    from deckgen.pptx import mark, readback

    found = readback.read(pptx)
    assert found.mark is not None
    targets = []
    for number, (slide, source, now) in enumerate(
        zip(prs.slides, found.mark.sources, found.slides, strict=True), start=1
    ):
        places = {
            item.digest: place
            for item, place in zip(now.items, source.shapes, strict=True)
            if place
        }
        for shape in slide.shapes:
            if getattr(shape, "has_table", False) and shape.has_table:
                rows = shape.table.rows
                text = "\n".join("\t".join(c.text for c in row.cells) for row in rows)
                place = places.get(mark.text_digest(text))
                if place:
                    targets += [
                        Target(number, place, cell.text_frame)
                        for row in rows
                        for cell in row.cells
                        if _WORD.search(cell.text)
                    ]
            elif shape.has_text_frame:
                place = places.get(mark.text_digest(shape.text_frame.text))
                if place and _WORD.search(shape.text_frame.text):
                    targets.append(Target(number, place, shape.text_frame))
        if slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip():
            targets.append(Target(number, (*source.slide, "notes"), None))
    return targets


def _edit(target: Target, rng: random.Random) -> str:
    """Edit `target` as someone would in PowerPoint, at random; return what was done."""
    if target.frame is None:
        return "notes"
    runs = [
        (run, match)
        for para in target.frame.paragraphs
        for run in para.runs
        for match in _WORD.finditer(run.text)
    ]
    run, word = rng.choice(runs)
    start, end = word.span()
    how = rng.choice(["type over", "add", "bold"])
    if how == "type over":
        run.text = run.text[:start] + rng.choice(WORDS) + run.text[end:]
    elif how == "add":
        run.text = run.text[:end] + " " + rng.choice(WORDS) + run.text[end:]
    else:  # the word set bold: the run cut in three, the middle one bold
        text = run.text
        before, middle, after = (copy.deepcopy(run._r) for _ in range(3))
        for element, part in ((before, text[:start]), (middle, text[start:end])):
            element.find("{*}t").text = part
        after.find("{*}t").text = text[end:]
        run._r.addprevious(before)
        run._r.addprevious(middle)
        run._r.addprevious(after)
        run._r.getparent().remove(run._r)
        middle.get_or_add_rPr().set("b", "1")
        for element in (before, after):
            if not element.find("{*}t").text:
                element.getparent().remove(element)
    return how


def _notes(slide: Any, rng: random.Random) -> None:
    """Give `slide` new notes: one to three lines of typed words."""
    lines = [" ".join(rng.sample(WORDS, 3)) for _ in range(rng.randint(1, 3))]
    slide.notes_slide.notes_text_frame.text = "\n".join(lines)


def _spans(text: str) -> dict[tuple[str | int, ...], tuple[int, int]]:
    """Return the first and last line (from 0) of every value of the YAML `text`, by path."""
    found: dict[tuple[str | int, ...], tuple[int, int]] = {}

    def walk(node: yaml.Node, path: tuple[str | int, ...]) -> None:
        end = node.end_mark.line - (1 if node.end_mark.column == 0 else 0)
        found[path] = (node.start_mark.line, max(node.start_mark.line, end))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                walk(value, (*path, key.value))
        elif isinstance(node, yaml.SequenceNode):
            for n, value in enumerate(node.value):
                walk(value, (*path, n))

    walk(yaml.compose(text), ())
    return found


def _outside(before: str, after: str, places: set[tuple[str | int, ...]]) -> list[str]:
    """Return the lines of deck.yaml that changed outside the values at `places`."""
    spans = _spans(before)
    allowed: set[int] = set()
    for place in places:
        if place in (("date",), ("event",)):  # the cover's "date · event" line: either
            place_spans = [spans[p] for p in (("date",), ("event",)) if p in spans]
        else:
            place_spans = [spans[place]]
        for first, last in place_spans:
            allowed.update(range(first, last + 1))
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    wrong = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        lines = set(range(i1, i2)) if i2 > i1 else {i1 - 1, i1} & allowed or {i1}
        if not lines <= allowed:
            wrong += [f"-{line}" for line in old[i1:i2]] + [f"+{line}" for line in new[j1:j2]]
    return wrong


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the folder of the every-type deck, built."""
    folder = tmp_path_factory.mktemp("built")
    deck = every_type_deck(folder)
    done = run("build", str(deck))
    assert done.exit_code == 0, done.output
    return folder


def _copy(built: Path, tmp_path: Path) -> Path:
    """Return the deck file of a copy of the built folder in `tmp_path`."""
    folder = tmp_path / "deck"
    shutil.copytree(built, folder)
    return folder / "deck.yaml"


@pytest.mark.parametrize(
    "seed",
    range(CASES),
    ids=[f"seed-{n}" for n in range(CASES)],
)
def test_random_edits_come_back_and_change_only_their_values(built, tmp_path, seed):
    rng = random.Random(seed)
    deck = _copy(built, tmp_path)
    out = deck.parent / "out" / "deck.pptx"
    before = deck.read_bytes()
    prs = Presentation(str(out))
    targets = _targets(prs, out)
    chosen = rng.sample(targets, rng.randint(1, 4))
    done = []
    for target in chosen:
        if target.frame is None:
            _notes(prs.slides[target.slide - 1], rng)
            done.append(f"slide {target.slide} notes")
        else:
            done.append(f"slide {target.slide} {target.place}: {_edit(target, rng)}")
    prs.save(str(out))
    edited_pptx = out.read_bytes()
    edited = _shown(out)
    case = f"seed {seed}: " + "; ".join(done)

    dry = run("pull", "--deck", str(deck), "--dry-run")
    assert dry.exit_code == 0, f"{case}\n{dry.output}"
    assert deck.read_bytes() == before, case  # --dry-run writes nothing
    assert out.read_bytes() == edited_pptx, case

    pulled = run("pull", "--deck", str(deck))
    assert pulled.exit_code == 0, f"{case}\n{pulled.output}"
    assert "not brought back" not in pulled.output, f"{case}\n{pulled.output}"
    assert dry.output.splitlines()[:-1] == pulled.output.splitlines()[:-1], case  # the same diff
    after = deck.read_bytes()
    places = {target.place for target in chosen}
    wrong = _outside(before.decode(), after.decode(), places)
    assert wrong == [], f"{case}: lines changed outside the edited values:\n" + "".join(wrong)

    rebuilt = run("build", str(deck))
    assert rebuilt.exit_code == 0, f"{case}\n{pulled.output}\n{rebuilt.output}"
    now = _shown(out)
    assert now.keys() == edited.keys(), case  # no slide or text more or less
    # Every text as edited; but a value shown twice (the date on the cover and at the end),
    # edited in one place, shows the edit in the other too.
    ours = {(target.slide, target.place) for target in chosen}
    differ = [
        f"slide {key[0]}: {edited[key][1]!r} is {now[key][1]!r}"
        for key, (place, text) in edited.items()
        if now[key][1] != text and not (place in places and (key[0], place) not in ours)
    ]
    assert differ == [], f"{case}\n{pulled.output}\n" + "\n".join(differ)
