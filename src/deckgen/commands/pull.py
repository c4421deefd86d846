"""`deckgen pull`: bring the text someone changed in the .pptx (in PowerPoint or LibreOffice) back
into deck.yaml, rewriting only the values that changed.

What deckgen wrote is in the .pptx's mark (`deckgen.pptx.mark`): each slide's place in deck.yaml,
and for each text on it, in order, its digest and its place. Identity is carried by order, not
by shape names or ids, which LibreOffice renumbers: slides are matched by their texts' digests in
order (an unedited text matches exactly), then the texts of each pair of slides the same way;
a text whose digest changed, between texts that match, is the edited one. Its new value is read
back (`deckgen.pptx.readback`) and written at its place in deck.yaml (`deckgen.outline.edit`):
bullets with their levels, emphasis, highlights and links as deckgen's markup. A value that also
changed in deck.yaml since the build is a conflict: nothing is written. What cannot be brought
back (slides added, deleted or moved; shapes added; text with no place in deck.yaml) is listed.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence
from dataclasses import field
from pathlib import Path
from typing import Any

from deckgen.commands.build import default_output, prepare
from deckgen.errors import DeckgenError, format_path, quote
from deckgen.files import write_atomic
from deckgen.layout.design import Design
from deckgen.layout.shapes import SlidePlan, TableShape, TextShape
from deckgen.outline import edit, markup
from deckgen.outline.model import Bullet
from deckgen.record import record

Source = tuple[str | int, ...]

_SPLIT = re.compile(r" \(\d+/\d+\)$")
"""The part number deckgen adds to the title of a slide it split: "Title (1/2)"."""
_BY = "\u2014 "


@record
class _Look:
    """What a text's placeholder sets by itself, so that a run set so is no emphasis: bold,
    and the colours of a highlight (the theme's accent, by slot or, as LibreOffice writes it,
    by value)."""

    bold: bool
    accents: frozenset[str]


_PLAIN = _Look(False, frozenset())
"""A text read back as plain text (a table's cell, the cover's date): no style to judge by."""


@record(frozen=False)
class Pulled:
    """What `pull` found and did."""

    deck_file: Path
    pptx: Path
    diff: str = ""
    changes: int = 0
    conflicts: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)
    """What could not be brought back, a line each (by slide)."""
    written: bool = False


@record
class _Edit:
    """A text edited in the .pptx: its slide (from 1), its place in deck.yaml and its content."""

    slide: int
    source: Source
    item: Any
    """The `readback.Item` as it is now (or the notes text, for notes)."""
    same_text: bool = False
    """Its text is as deckgen wrote it: only its emphasis may have changed."""


def pull(
    deck_file: Path,
    pptx: Path | None = None,
    *,
    dry_run: bool = False,
    allow_outside: bool = False,
) -> Pulled:
    """Return what pulling the edits of `pptx` (default: the deck's output) into `deck_file`
    found, having written deck.yaml unless `dry_run` or a conflict; raise DeckgenError when
    the .pptx cannot be pulled from."""
    from deckgen.pptx import mark, readback

    pptx = pptx or default_output(deck_file)
    result = Pulled(deck_file, pptx)
    try:
        found = readback.read(pptx)
    except readback.ReadError as exc:
        raise DeckgenError(f"{pptx}: {exc}; nothing to pull") from None
    if found.mark is None:
        raise DeckgenError(
            f"{pptx}: deckgen did not write it (it has no deckgen mark), so its text cannot be "
            "placed in deck.yaml; nothing to pull"
        )
    if not found.mark.sources:
        raise DeckgenError(
            f"{pptx}: written by a deckgen too old to say where its texts came from; build it "
            "again (deckgen build --force keeps this copy), then edit the new one"
        )
    prepared = prepare(deck_file, allow_outside=allow_outside)
    now_texts = _digests_now(prepared.laid.plans, prepared.deck)
    then_texts = _digests_written(found.mark)
    if not _same_deck(then_texts, now_texts):
        raise DeckgenError(
            f"{pptx}: written from another deck than {deck_file} (none of the texts deckgen "
            "wrote into it is still the deck's); nothing to pull"
        )
    seen: dict[Source, list[Any]] = {}
    edits = _joined(list(_edits(found, result, seen)), seen, found.mark.sources)
    result.left += _moved(edits, prepared.laid.plans)
    data = deck_file.read_bytes()
    raw = data.decode("utf-8")
    text = raw.removeprefix("\ufeff")
    changes: dict[Source, object] = {}
    plans = {plan.source: plan for plan in prepared.laid.plans}
    designs = prepared.laid.designs
    for item in edits:
        current = now_texts.get(item.source)
        if current is None and item.same_text:
            continue  # gone from deck.yaml since the build, and not edited in the .pptx
        if current is None:
            result.left.append(
                f"slide {item.slide}: {format_path(item.source)} is no longer in deck.yaml"
            )
            continue
        if item.same_text and current != then_texts.get(item.source):
            continue  # changed in deck.yaml; in the .pptx at most its emphasis: deck.yaml wins
        agreed = mark.text_digest(item.item) if isinstance(item.item, str) else item.item.digest
        if not item.same_text and current == (agreed,):
            continue  # deck.yaml shows the .pptx's text already (pulled before)
        if current != then_texts.get(item.source):
            ours, theirs = _shown(prepared.deck, item.source), _item_text(item.item)
            result.conflicts.append(
                f"slide {item.slide}: {format_path(item.source)} changed in deck.yaml and in "
                f"the .pptx since the last build: deck.yaml has {quote(ours)}, the .pptx has "
                f"{quote(theirs)}"
            )
            continue
        slide_source = _slide_source(item.source, plans)
        look = _Look(
            _bold(plans.get(slide_source), designs, item.source),
            frozenset({"accent2", str(prepared.deck.theme.colors.accent).upper()}),
        )
        values = _values(prepared.deck, prepared.outline, item, look, result, changes)
        for path, value in values:
            if item.same_text and (not isinstance(value, str) or value == _at(prepared.deck, path)):
                continue  # a text with its emphasis as written
            changes[path] = value
    if result.conflicts:
        return result
    rewritten = edit.rewrite(raw, changes, deck_file.name)
    result.left += [str(refused) for refused in rewritten.refused]
    new = rewritten.text
    result.changes = len(rewritten.applied)
    if new != raw:
        result.diff = "".join(
            difflib.unified_diff(
                text.splitlines(keepends=True),
                new.removeprefix("\ufeff").splitlines(keepends=True),
                f"a/{deck_file.name}",
                f"b/{deck_file.name}",
            )
        )
        if not dry_run:
            if deck_file.read_bytes() != data:
                raise DeckgenError(
                    f"{deck_file} changed while pull read it; nothing written: pull again"
                )
            write_atomic(deck_file, new.encode("utf-8"))
            result.written = True
    return result


# --- what deckgen wrote and what it would write now ------------------------------------------


def _digests_now(plans: Sequence[SlidePlan], deck: Any) -> dict[Source, tuple[str, ...]]:
    """Return the digests of the texts the deck's slides would hold now, by their place in
    deck.yaml (several where a list is split over slides; the notes by the slide's place and
    "notes"), as the mark digests them."""
    from deckgen.pptx import mark

    found: dict[Source, tuple[str, ...]] = {}

    def add(place: Source, text: str) -> None:
        digest = mark.text_digest(text)
        if digest:
            found[place] = (*found.get(place, ()), digest)

    models = _slides_by_source(deck)
    for plan in plans:
        for shape in plan.shapes:
            if isinstance(shape, TextShape) and shape.source and not shape.number_field:
                add(shape.source, "\n".join(para.text for para in shape.paras))
            elif isinstance(shape, TableShape) and shape.source:
                rows = [shape.columns, *shape.rows]
                cells = ([markup.parse(cell).plain for cell in row] for row in rows)
                add(shape.source, mark.table_text(cells))
        chart = getattr(models.get(plan.source), "chart", None)
        if chart is not None and _native(chart, deck):
            add((*plan.source, "chart"), _chart_text(chart, deck.lang))
        if plan.notes:
            add((*plan.source, "notes"), plan.notes)
    return found


def _digests_written(written: Any) -> dict[Source, tuple[str, ...]]:
    """Return the digests of the texts deckgen wrote, by their place in deck.yaml, as
    `_digests_now` gives them."""
    found: dict[Source, tuple[str, ...]] = {}
    for slide, source in zip(written.slides, written.sources, strict=True):
        for place, digest in zip(source.shapes, slide.shapes, strict=True):
            if place:
                found[place] = (*found.get(place, ()), digest)
        if slide.notes:
            notes: Source = (*source.slide, "notes")
            found[notes] = (*found.get(notes, ()), slide.notes)
    return found


def _native(chart: Any, deck: Any) -> bool:
    """Return whether `chart` is drawn as a native chart."""
    return bool((chart.render or deck.theme.charts) == "native")


def _chart_text(chart: Any, lang: str) -> str:
    """Return a native chart's text as the mark reads its cached data: each series' name,
    categories and values (a reference line a series of its own), numbers in one spelling."""
    from deckgen.figures.spec import shown
    from deckgen.pptx import mark

    chart = shown(chart, lang)
    series = [(s.name, list(s.values)) for s in chart.series]
    if chart.reference is not None and chart.kind != "barh":
        series.append((chart.reference.label, [chart.reference.value] * len(chart.categories)))
    categories = [str(c) for c in chart.categories]
    return mark.chart_text(
        [("tx", [name]), ("cat", categories), ("val", [str(v) for v in values if v is not None])]
        for name, values in series
    )


def _same_deck(then: dict[Source, tuple[str, ...]], now: dict[Source, tuple[str, ...]]) -> bool:
    """Return whether the .pptx was written from the deck as it is now: some text deckgen
    wrote into it is still the deck's at its place (every deck has a title and sections, so
    places alone tell nothing)."""
    return not then or any(now.get(place) == digests for place, digests in then.items())


# --- matching the .pptx's slides and texts with what deckgen wrote ---------------------------


def _edits(found: Any, result: Pulled, seen: dict[Source, list[Any]]) -> Iterator[_Edit]:
    """Yield each text edited in the .pptx, and list in `result` what cannot be brought back;
    record in `seen` every text now on the matched slides by its place, in slide order."""
    written, sources = found.mark.slides, found.mark.sources
    now = found.slides
    old_keys = [tuple(s.shapes) for s in written]
    new_keys = [tuple(i.digest for i in s.items) for s in now]
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        pairs = list(zip(range(i1, i2), range(j1, j2), strict=False))
        if op != "equal":
            for i in range(i1 + len(pairs), i2):
                moved = old_keys[i] in new_keys[:j1] + new_keys[j2:]
                what = "moved" if moved else "deleted"
                result.left.append(
                    f"slide {i + 1} of the build was {what} in the .pptx: slides are added, "
                    "deleted and ordered in deck.yaml"
                )
            for j in range(j1 + len(pairs), j2):
                if new_keys[j] not in old_keys[:i1] + old_keys[i2:]:
                    result.left.append(
                        f"slide {j + 1} was added in the .pptx: add it to deck.yaml to keep it"
                    )
        for i, j in pairs:
            yield from _slide_edits(written[i], sources[i], now[j], j + 1, result, seen)


def _slide_edits(
    written: Any,
    source: Any,
    now: Any,
    number: int,
    result: Pulled,
    seen: dict[Source, list[Any]],
) -> Iterator[_Edit]:
    """Yield the edited texts of one slide, matched with those deckgen wrote by their order."""
    matcher = difflib.SequenceMatcher(
        None, list(written.shapes), [i.digest for i in now.items], autojunk=False
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        for i, j in zip(range(i1, i2), range(j1, j2), strict=False):
            seen.setdefault(source.shapes[i], []).append(now.items[j])
            if op == "equal" and source.shapes[i] and now.items[j].paragraphs:
                yield _Edit(number, source.shapes[i], now.items[j], same_text=True)
        if op == "equal":
            continue
        pairs = list(zip(range(i1, i2), range(j1, j2), strict=False))
        for i, j in pairs:
            place = source.shapes[i]
            if not place:
                shown = now.items[j].text or "(a table or chart)"
                result.left.append(
                    f"slide {number}: {quote(shown)} replaces a text deckgen makes itself (a "
                    "section's number, a quote's mark): not kept"
                )
                continue
            yield _Edit(number, place, now.items[j])
        if i2 - i1 > len(pairs):
            result.left.append(
                f"slide {number}: {i2 - i1 - len(pairs)} text(s) deleted in the .pptx: delete "
                "them in deck.yaml"
            )
        for j in range(j1 + len(pairs), j2):
            result.left.append(
                f"slide {number}: text added in the .pptx ({quote(now.items[j].text)}): shapes "
                "added in PowerPoint have no place in deck.yaml"
            )
    if written.notes != now.notes_digest:
        yield _Edit(number, (*source.slide, "notes"), now.notes)


MOVED_EMU = 45_720
"""How far (0.05 in) a text's box may be from the one deckgen gave it before it counts as moved
or resized: an office rounds positions (LibreOffice to hundredths of a millimetre)."""


def _moved(edits: list[_Edit], plans: Sequence[SlidePlan]) -> list[str]:
    """Return a line for each text moved or resized in the .pptx, which no deck.yaml value
    holds: its box is its layout's (or the fit's)."""
    from deckgen.pptx.xml import emu

    boxes: dict[Source, list[tuple[int, int, int, int]]] = {}
    for plan in plans:
        for shape in plan.shapes:
            if isinstance(shape, TextShape) and shape.source:
                box = shape.box
                boxes.setdefault(shape.source, []).append(
                    (emu(box.left), emu(box.top), emu(box.width), emu(box.height))
                )
    found = []
    for item in edits:
        stated: tuple[int, int, int, int] | None = getattr(item.item, "box", None)
        placed = boxes.get(item.source, [])
        if stated is None or len(placed) != 1:
            continue  # as its layout puts it, or a text of several slides
        if max(abs(a - b) for a, b in zip(stated, placed[0], strict=True)) > MOVED_EMU:
            found.append(
                f"slide {item.slide}: {quote(_item_text(item.item))} was moved or resized in "
                "the .pptx: positions and sizes come from the layout (theme, template)"
            )
    return found


def _joined(edits: list[_Edit], seen: dict[Source, list[Any]], sources: Any) -> list[_Edit]:
    """Return `edits` with a list deckgen split over several slides (bullets "(1/2)",
    "(2/2)") edited as one: its parts' paragraphs together, in slide order."""
    from deckgen.pptx import readback

    counts: dict[Source, int] = {}
    for slide in sources:
        for place in slide.shapes:
            counts[place] = counts.get(place, 0) + 1
    found, done = [], set()
    for item in edits:
        parts = seen.get(item.source, [])
        split = counts.get(item.source, 0) > 1 and item.source[-1] == "bullets"
        if not split:
            found.append(item)
        elif item.source not in done and len(parts) == counts[item.source]:
            done.add(item.source)
            paragraphs = tuple(p for part in parts for p in part.paragraphs)
            found.append(_Edit(item.slide, item.source, readback.Item("", paragraphs)))
    return found


# --- the values to write --------------------------------------------------------------------


def _values(
    deck: Any,
    outline: Any,
    edited: _Edit,
    look: _Look,
    result: Pulled,
    pending: dict[Source, object],
) -> Iterator[tuple[Source, object]]:
    """Yield the places in deck.yaml and the values that bring `edited` back (`pending`: the
    values to write found so far, which a card's other part may have changed)."""
    path = edited.source
    key = path[-1]
    current = _at(deck, path)
    item = edited.item
    if key == "notes":
        yield path, _plain_lines(str(item))
        return
    if getattr(item, "chart", None) is not None:
        yield from _chart(deck, path, item.chart, edited.slide, result)
        return
    if getattr(item, "rows", ()):
        yield from _table(deck, path, item.rows, result, edited.slide)
        return
    paragraphs = item.paragraphs
    if path in (("event",), ("date",)):  # the cover's occasion: "date · event"
        yield from _occasion(deck, paragraphs)
        return
    if "items" in path and key in ("examples", "text"):  # a diagram's item
        yield from _diagram_item(deck, path, paragraphs, look)
        return
    if isinstance(current, list):  # bullets
        yield from _bullets(outline, path, current, paragraphs, look)
        return
    if _card(path):
        yield from _card_point(deck, outline, path, paragraphs, look, pending)
        return
    if key in (
        "label",
        "when",
        "detail",
        "heading",
        "title",
        "text",
        "quote",
        "by",
        "value",
        "caption",
        "source",
        "subtitle",
        "author",
        "closing",
        "event",
        "date",
    ):
        old = current if isinstance(current, str) else ""
        value = _markup(paragraphs, old, look)
        if key == "quote":  # the marks deckgen sets around it (straightened as old's are)
            value = value.strip()
            value = value[1:] if value[:1] in '\u201c"' else value
            value = value[:-1] if value[-1:] in '\u201d"' else value
        elif key == "by":
            value = value.removeprefix(_BY).removeprefix("\u2014").strip()
        elif key == "title":
            value = _SPLIT.sub("", value)
        yield path, value
        return
    if isinstance(key, int) and path[-2] == "events":  # a timeline event's label and detail
        label, *rest = paragraphs or (None,)
        event = current
        yield (*path, "label"), _markup((label,) if label else (), event.label, look)
        detail = "\n".join(p.text for p in rest).strip()
        if rest and detail:
            yield (*path, "detail"), _markup(tuple(rest), event.detail or "", look)
        elif event.detail:
            yield (*path, "detail"), edit.DELETE
        return
    result.left.append(f"slide {edited.slide}: {format_path(path)}: not a text pull can place")


def _occasion(deck: Any, paragraphs: Sequence[Any]) -> Iterator[tuple[Source, object]]:
    """Yield the date and the event the cover's occasion line shows ("date · event")."""
    text = " ".join(p.text for p in paragraphs).strip()
    parts = [part.strip() for part in text.split("\u00b7")]
    keys = [key for key in ("date", "event") if getattr(deck, key, None)]
    if len(parts) == len(keys):
        for key, part in zip(keys, parts, strict=True):
            before = str(getattr(deck, key))
            if part != markup.parse(before).plain:
                yield (key,), _markup((_paragraph(part),), before, _PLAIN)


def _diagram_item(
    deck: Any, path: Source, paragraphs: Sequence[Any], look: _Look
) -> Iterator[tuple[Source, object]]:
    """Yield a diagram item's description and examples: a band's examples on one line, a
    step's description then its examples one a line."""
    from deckgen.layout.diagram import EXAMPLES

    item = _at(deck, path[:-1])
    lines = [_unbound(p) for p in paragraphs if p.text.strip()]
    if path[-1] == "examples":
        text = " ".join(p.text for p in lines)
        yield path, [e.strip() for e in text.split(EXAMPLES.strip()) if e.strip()]
        return
    if item.text and lines:
        yield path, _markup(lines[:1], item.text, look)
        lines = lines[1:]
    if item.examples:
        yield (*path[:-1], "examples"), [p.text.strip() for p in lines]


def _card(path: Source) -> bool:
    """Return whether `path` is the place of a card's text: a point of a list shown as cards,
    or its key term or the rest of it."""
    if path[-1] in ("key", "rest"):
        path = path[:-1]
    return len(path) > 1 and isinstance(path[-1], int) and path[-2] == "bullets"


def _card_point(
    deck: Any,
    outline: Any,
    path: Source,
    paragraphs: Sequence[Any],
    look: _Look,
    pending: dict[Source, object],
) -> Iterator[tuple[Source, object]]:
    """Yield the point a card shows, its key term or its rest put back where they came from."""
    from deckgen.layout.cards import split

    part = path[-1]
    place = path if isinstance(part, int) else path[:-1]
    bullet = _at(deck, place)
    if bullet is None:
        return
    write = (*place, "text") if (*place, "text") in outline.positions else place
    text = pending.get(write, bullet.text)
    lines = tuple(p for p in paragraphs if p.text.strip())
    parts = split(text) if isinstance(text, str) else None
    if part == "key" and parts is not None:
        value = parts.joined(key=_markup(lines, parts.key, look))
    elif part == "rest" and parts is not None:
        value = parts.joined(rest=_markup(lines, parts.rest, look))
    else:
        value = _markup(lines, bullet.text, look)
    if value != bullet.text:
        yield write, value


def _unbound(para: Any) -> Any:
    """Return a paragraph without the no-break spaces and joiners deckgen binds words with."""
    from dataclasses import replace

    table = str.maketrans({"\u00a0": " ", "\u2060": None, "\u200d": None})
    return replace(para, runs=tuple(replace(r, text=r.text.translate(table)) for r in para.runs))


def _plain_lines(text: str) -> str:
    """Return notes as deck.yaml holds them: lines without trailing spaces, one final newline."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip("\n") + "\n"


def _bullets(
    outline: Any, path: Source, current: list[Bullet], paragraphs: Sequence[Any], look: _Look
) -> Iterator[tuple[Source, object]]:
    """Yield the bullets' changes: each bullet's text where the list keeps its shape, else the
    whole list."""
    old = list(_flat(current, path))
    new = [(min(p.level, 2), p) for p in paragraphs if p.text.strip()]
    if [level for level, _, _ in old] == [level for level, _ in new]:
        for (_, place, bullet), (_, para) in zip(old, new, strict=True):
            value = _markup((para,), bullet.text, look)
            if value != bullet.text:
                mapping = (*place, "text") in outline.positions
                yield ((*place, "text") if mapping else place), value
        return
    olds = {markup.plain(b.text): b.text for _, _, b in old}
    yield path, _tree(new, olds, look)


def _flat(
    bullets: list[Bullet], path: Source, level: int = 0
) -> Iterator[tuple[int, Source, Bullet]]:
    for i, bullet in enumerate(bullets):
        yield level, (*path, i), bullet
        yield from _flat(bullet.bullets, (*path, i, "bullets"), level + 1)


def _tree(items: list[tuple[int, Any]], olds: dict[str, str], look: _Look) -> list[object]:
    """Return paragraphs with levels as deck.yaml's nested bullets (a level skipped nests under
    the paragraph before); a text as it was where it still reads the same."""
    root: list[_Node] = []
    stack: list[tuple[int, list[_Node]]] = [(-1, root)]
    for level, para in items:
        while stack[-1][0] >= level:
            stack.pop()
        node = _Node(_markup((para,), olds.get(para.text.strip(), ""), look))
        stack[-1][1].append(node)
        stack.append((level, node.children))
    return [node.value() for node in root]


@record(frozen=False)
class _Node:
    """A bullet being read back: its text and its sub-bullets."""

    text: str
    children: list[_Node] = field(default_factory=list)

    def value(self) -> object:
        """Return the bullet as deck.yaml writes it: its text alone without sub-bullets."""
        if not self.children:
            return self.text
        return {"text": self.text, "bullets": [child.value() for child in self.children]}


def _markup(paragraphs: Sequence[Any], old: str, look: _Look) -> str:
    """Return paragraphs' text in deckgen's markup: `old` where the text and its look are as
    deckgen wrote `old`, else the runs' emphasis (bold beyond the style's, italic, a highlight,
    a link) as markers."""
    shown: list[_Styled] = []
    runs: list[markup.Run] = []
    for n, para in enumerate(paragraphs):
        if n:
            shown.append(("\n", look.bold, False, False, None))
            runs.append(markup.Run("\n"))
        for run in para.runs:
            bold = run.bold if run.bold is not None else look.bold
            highlight = run.color in look.accents
            shown.append((run.text, bold or highlight, run.italic, highlight, run.link))
            strong = bold and not look.bold and not highlight
            runs.append(markup.Run(run.text, strong, run.italic, highlight, run.link))
    if old and _as_shown(_written(old, look)) == _as_shown(shown):
        return old
    if "\n" not in old:  # line breaks deckgen balanced a headline with, not the writer's
        runs = [
            markup.Run(r.text.replace("\n", " "), r.bold, r.italic, r.highlight, r.link)
            for r in runs
        ]
    if "\u00a0" not in old:  # no-break spaces deckgen held words together with
        runs = [
            markup.Run(r.text.replace("\u00a0", " "), r.bold, r.italic, r.highlight, r.link)
            for r in runs
        ]
    value = markup.unparse(runs)
    if old and not any(c in old for c in _CURLY):
        value = value.translate(_STRAIGHT)  # markup makes them curly again, as they were
    return value


_CURLY = "\u201c\u201d\u2018\u2019"
_STRAIGHT = str.maketrans(_CURLY, "\"\"''")
_Styled = tuple[str, bool, bool, bool, str | None]
"""A run as a slide shows it: text, bold, italic, highlight, link."""


def _written(text: str, look: _Look) -> list[_Styled]:
    """Return the runs of `text` as deckgen writes them in a placeholder of `look`: emphasised
    Hangul as bold (Hangul has no italic), a highlight bold, all bold in a bold style."""
    from deckgen.layout.script import has_hangul

    found: list[_Styled] = []
    for run in markup.parse(text).runs:
        italic, bold = run.italic, run.bold
        if italic and has_hangul(run.text):
            italic, bold = False, True
        found.append(
            (run.text, bold or run.highlight or look.bold, italic, run.highlight, run.link)
        )
    return found


def _as_shown(runs: list[_Styled]) -> tuple[_Styled, ...]:
    """Return `runs` with neighbours of one look joined and white space in one spelling."""
    merged: list[_Styled] = []
    for entry in runs:
        if merged and merged[-1][1:] == entry[1:]:
            merged[-1] = (merged[-1][0] + entry[0], *entry[1:])
        elif entry[0]:
            merged.append(entry)
    return tuple((" ".join(t.split()), b, i, h, link) for t, b, i, h, link in merged)


def _table(
    deck: Any, path: Source, rows: Sequence[Sequence[str]], result: Pulled, slide: int
) -> Iterator[tuple[Source, object]]:
    """Yield the changed cells of a table: its heading row, then its rows."""
    table = _at(deck, path)
    old = [list(table.columns), *table.rows]
    if len(rows) != len(old) or any(len(r) != len(o) for r, o in zip(rows, old, strict=False)):
        result.left.append(
            f"slide {slide}: rows or columns added or deleted in a table: do it in deck.yaml"
        )
        return
    for r, (new_row, old_row) in enumerate(zip(rows, old, strict=True)):
        for c, (cell, before) in enumerate(zip(new_row, old_row, strict=True)):
            place = (*path, "columns", c) if r == 0 else (*path, "rows", r - 1, c)
            if isinstance(before, str):
                if cell != markup.parse(before).plain:
                    yield place, _markup((_paragraph(cell),), before, _PLAIN)
                continue
            number = _number(cell)
            if number is None:  # a number typed over with words
                yield place, _markup((_paragraph(cell),), "", _PLAIN)
            elif number != before:
                yield place, number


def _paragraph(text: str) -> Any:
    """Return `text` as a paragraph of one plain run."""
    from deckgen.pptx import readback

    return readback.Paragraph(0, (readback.Run(text),))


def _chart(
    deck: Any, path: Source, chart: Any, slide: int, result: Pulled
) -> Iterator[tuple[Source, object]]:
    """Yield a native chart's changed categories and values."""
    from deckgen.figures.spec import shown

    spec = _at(deck, path)
    order = _order(spec)
    shown_spec = shown(spec, deck.lang)
    if len(chart.categories) != len(spec.categories):
        result.left.append(
            f"slide {slide}: categories added or deleted in a chart: do it in deck.yaml"
        )
        return
    for k, category in enumerate(chart.categories):
        before = shown_spec.categories[k]
        if category != str(before) and str(_number(category)) != str(before):
            yield (*path, "categories", order[k]), category
    extra = len(chart.series) - len(spec.series)
    if extra > (1 if spec.reference is not None and spec.kind != "barh" else 0):
        result.left.append(f"slide {slide}: a series added to a chart: add it in deck.yaml")
    for s, (name, values) in enumerate(chart.series[: len(spec.series)]):
        series = spec.series[s]
        if name and name != series.name:
            yield (*path, "series", s, "name"), name
        for k, value in enumerate(values[: len(series.values)]):
            if value is not None and value != series.values[order[k]]:
                yield (*path, "series", s, "values", order[k]), _whole(value)


def _order(chart: Any) -> list[int]:
    """Return the index in deck.yaml of each category as the chart shows them (`sort`)."""
    indexes = list(range(len(chart.categories)))
    if chart.sort is None or chart.kind not in ("bar", "barh"):
        return indexes
    first = chart.series[0].values
    return sorted(indexes, key=lambda i: first[i], reverse=chart.sort == "descending")


def _whole(value: float) -> float | int:
    return int(value) if value == int(value) else value


def _number(text: str) -> float | int | None:
    try:
        return _whole(float(text.replace(",", "")))
    except ValueError:
        return None


# --- helpers -----------------------------------------------------------------------------------


def _slides_by_source(deck: Any) -> dict[Source, Any]:
    """Return the deck's slides by their place in deck.yaml."""
    return {
        ("sections", s, "slides", i): slide
        for s, section in enumerate(deck.sections)
        for i, slide in enumerate(section.slides)
    }


def _at(deck: Any, path: Source) -> Any:
    """Return the model's value at `path`."""
    value = deck
    for key in path:
        value = value[key] if isinstance(key, int) else getattr(value, key, None)
        if value is None:
            return None
    return value


def _shown(deck: Any, path: Source) -> str:
    value = _at(deck, path)
    if isinstance(value, list):
        return " / ".join(getattr(v, "text", str(v)) for v in value)
    return str(getattr(value, "label", value))


def _item_text(item: Any) -> str:
    return item if isinstance(item, str) else (item.text or "(a table or chart)")


def _slide_source(path: Source, plans: dict[Source, SlidePlan]) -> Source:
    """Return the place of the slide `path` is on."""
    for end in range(len(path), -1, -1):
        if path[:end] in plans:
            return path[:end]
    return ()


def _bold(plan: SlidePlan | None, designs: dict[str, Design], path: Source) -> bool:
    """Return whether `path`'s text is set bold by its placeholder's style or its slide type
    (a column's heading), so that a bold run there is no emphasis."""
    if plan is None:
        return False
    shape = next((s for s in plan.shapes if isinstance(s, TextShape) and s.source == path), None)
    if shape is None:
        return False
    design = designs.get(plan.layout)
    style = design.slot(shape.slot).style if design and shape.slot else None
    return bool(style and style.bold) or bool(shape.paras and shape.paras[0].bold)
