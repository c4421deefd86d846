"""Rules that span several keys of a valid-shaped deck, and the files it refers to."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path as FsPath
from typing import IO, Literal

from deckgen.errors import Path, did_you_mean, format_path, quote
from deckgen.files import read_bounded
from deckgen.outline import markup, model
from deckgen.outline.model import (
    Bullet,
    Chart,
    ChartSlide,
    Deck,
    Diagram,
    DiagramSlide,
    ImageSlide,
    Slide,
    Strict,
    Table,
    TableSlide,
)
from deckgen.record import record

MAX_BULLET_DEPTH = 3
MAX_TEMPLATE_BYTES = 200_000_000
"""A template larger than this is refused: company templates are a few MB."""
MAX_IMAGE_BYTES = 30_000_000
"""An image file larger than this is refused: a slide's picture needs a few MB at most."""
MAX_IMAGE_PIXELS = 50_000_000
"""An image larger than this (about 8K x 6K) is refused as a likely decompression bomb."""
IMAGE_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "GIF": "GIF"}
_PLAIN_FIELDS = {"notes", "id", "type", "image", "lang", "theme"}


@record
class Finding:
    """A rule broken at `path`."""

    path: Path
    message: str
    severity: Literal["error", "warning"] = "error"


TemplateCheck = Callable[[Deck, FsPath], list["Finding"]]
"""Return what is wrong inside the template file a deck names (its path already checked): the
writer stage knows the format, so it hands this check to the outline stage."""


def check(
    deck: Deck,
    folder: FsPath,
    *,
    allow_outside: bool = False,
    template_check: TemplateCheck | None = None,
) -> list[Finding]:
    """Return every cross-key rule `deck` breaks; files resolve against `folder`."""
    findings: list[Finding] = []
    for name in (f.name for f in dataclasses.fields(deck)):
        if name != "sections" and name not in _PLAIN_FIELDS:
            findings += _markup(getattr(deck, name), (name,))
    for s, section in enumerate(deck.sections):
        findings += _markup(section.title, ("sections", s, "title"))
    findings += _template(deck, folder, allow_outside, template_check)
    findings += check_slides(
        slides_with_paths(deck), folder, allow_outside=allow_outside, charts=deck.theme.charts
    )
    return findings


def check_slides(
    slides: Iterable[tuple[Path, Slide]],
    folder: FsPath,
    *,
    allow_outside: bool = False,
    charts: str = "image",
) -> list[Finding]:
    """Return every rule `slides` break, alone and together (ids): all of a deck's slides, or
    those that are well-formed in a deck that has errors elsewhere. `charts` is the deck's
    default chart renderer (`theme.charts`)."""
    findings: list[Finding] = []
    seen: dict[str, Path] = {}
    for at, slide in slides:
        if slide.id is not None:
            if slide.id in seen:
                message = (
                    f"id '{slide.id}' is already used by {format_path(seen[slide.id])}; "
                    "ids must be unique"
                )
                findings.append(Finding((*at, "id"), message))
            else:
                seen[slide.id] = at
        findings += _markup(slide, at)
        findings += _depths(slide, at)
        findings += _title(slide, at)
        if isinstance(slide, ChartSlide):
            native = (slide.chart.render or charts) == "native"
            findings += _chart(slide.chart, (*at, "chart"), native)
        elif isinstance(slide, DiagramSlide):
            findings += _diagram(slide.diagram, (*at, "diagram"))
        elif isinstance(slide, TableSlide):
            findings += _table(slide.table, (*at, "table"))
        elif isinstance(slide, ImageSlide):
            findings += _image(slide.image, folder, (*at, "image"), allow_outside)
    return findings


def slides_with_paths(deck: Deck) -> Iterator[tuple[Path, Slide]]:
    """Yield (path, slide) for every slide of `deck`, hidden ones included."""
    for s, section in enumerate(deck.sections):
        for i, slide in enumerate(section.slides):
            yield ("sections", s, "slides", i), slide


def _title(slide: Strict, at: Path) -> list[Finding]:
    """Return an error for an empty required title: the slide would have no title shape."""
    title = getattr(slide, "title", None)
    required = any(f.name == "title" and model.required(f) for f in dataclasses.fields(slide))
    if isinstance(title, str) and not title.strip() and required:
        return [Finding((*at, "title"), "is empty; write the slide's title")]
    return []


def _depths(node: Strict, at: Path) -> list[Finding]:
    """Return a finding for every bullet nested deeper than MAX_BULLET_DEPTH."""
    findings: list[Finding] = []

    def walk(bullets: list[Bullet], path: Path, depth: int) -> None:
        for index, bullet in enumerate(bullets):
            if depth > MAX_BULLET_DEPTH:
                findings.append(
                    Finding(
                        (*path, index),
                        f"bullets nest {depth} levels deep; "
                        f"at most {MAX_BULLET_DEPTH} read well on a slide",
                    )
                )
                return
            walk(bullet.bullets, (*path, index, "bullets"), depth + 1)

    for name in ("bullets",):
        if isinstance(getattr(node, name, None), list):
            walk(getattr(node, name), (*at, name), 1)
    for c, column in enumerate(getattr(node, "columns", None) or []):
        walk(column.bullets, (*at, "columns", c, "bullets"), 1)
    return findings


def _chart(chart: Chart, at: Path, native: bool = False) -> list[Finding]:
    findings = _chart_options(chart, at, native)
    count = len(chart.categories)
    for s, series in enumerate(chart.series):
        if len(series.values) != count:
            findings.append(
                Finding(
                    (*at, "series", s, "values"),
                    f"has {len(series.values)} "
                    f"value{'s' if len(series.values) != 1 else ''} for "
                    f"{count} categor{'ies' if count != 1 else 'y'}; give one "
                    "value per category",
                )
            )
        if chart.log:
            for v, value in enumerate(series.values):
                if value <= 0:
                    findings.append(
                        Finding(
                            (*at, "series", s, "values", v),
                            f"{value:g} cannot be drawn on a log axis; every "
                            "value must be positive (or set log: false)",
                        )
                    )
                elif value < LOG_LEAST:
                    findings.append(Finding((*at, "series", s, "values", v), _too_small(value)))
    if chart.kind == "stacked" and not chart.log:
        for s, series in enumerate(chart.series):
            for v, value in enumerate(series.values):
                if value < 0:
                    findings.append(
                        Finding(
                            (*at, "series", s, "values", v),
                            f"{value:g}: stacked bars need values of 0 or more",
                        )
                    )
    return findings


BARS = ("bar", "barh", "stacked")
LOG_LEAST = 1e-300
"""The smallest value a log axis takes: the power of ten under a smaller one is 0 in a float."""


def _too_small(value: float) -> str:
    return (
        f"{value:g} is too close to 0 for a log axis (at least {LOG_LEAST:g}); write the "
        "values in a smaller unit"
    )


def _chart_options(chart: Chart, at: Path, native: bool) -> list[Finding]:
    """Return what is wrong with the chart's highlight, sort, annotations, reference and axis."""
    findings = []
    categories = list(chart.categories)
    series = [s.name for s in chart.series] if len(chart.series) > 1 else []
    marked = chart.highlight if isinstance(chart.highlight, list) else [chart.highlight]
    for i, name in enumerate(marked):
        if name is None or name in categories or name in series:
            continue
        where = (*at, "highlight", i) if isinstance(chart.highlight, list) else (*at, "highlight")
        names = categories + series
        what = "a category or a series" if series else "a category"
        findings.append(
            Finding(where, f"'{name}' is not {what} of this chart{_choices(name, names)}")
        )
    if chart.sort and chart.kind not in ("bar", "barh"):
        findings.append(
            Finding(
                (*at, "sort"),
                f"sort orders bar and barh charts; a {chart.kind} chart keeps its categories "
                "in the order written (remove sort)",
            )
        )
    for i, note in enumerate(chart.annotations):
        if note.at not in categories:
            message = f"'{note.at}' is not a category of this chart{_choices(note.at, categories)}"
            findings.append(Finding((*at, "annotations", i, "at"), message))
    if chart.reference is not None and chart.log and chart.reference.value <= 0:
        findings.append(
            Finding(
                (*at, "reference", "value"),
                f"{chart.reference.value:g} cannot be drawn on a log axis; give a positive value",
            )
        )
    elif chart.reference is not None and chart.log and chart.reference.value < LOG_LEAST:
        findings.append(Finding((*at, "reference", "value"), _too_small(chart.reference.value)))
    if chart.log and chart.kind in BARS:
        findings.append(
            Finding(
                (*at, "log"),
                "bars on a log axis misstate how values compare (a bar ten times as long is "
                "drawn only a little longer); use kind: line for a log axis, or log: false",
                "warning",
            )
        )
    if native and chart.reference is not None and chart.kind == "barh":
        findings.append(
            Finding(
                (*at, "reference"),
                "a native chart cannot draw a reference line across horizontal bars, so it is "
                "left out; use kind: bar, or render: image",
                "warning",
            )
        )
    return findings


def _choices(name: str, names: list[str]) -> str:
    """Return the hint after an unknown name: "did you mean ...?", else the names there are."""
    return did_you_mean(name, names) or f" ({', '.join(names)})"


def _diagram(diagram: Diagram, at: Path) -> list[Finding]:
    names = [item.name for item in diagram.items]
    if diagram.highlight is None or diagram.highlight in names:
        return []
    message = (
        f"'{diagram.highlight}' is not an item of this diagram{_choices(diagram.highlight, names)}"
    )
    return [Finding((*at, "highlight"), message)]


def _table(table: Table, at: Path) -> list[Finding]:
    findings = []
    width = len(table.columns)
    for r, row in enumerate(table.rows):
        if len(row) != width:
            findings.append(
                Finding(
                    (*at, "rows", r),
                    f"has {len(row)} cell"
                    f"{'s' if len(row) != 1 else ''} for {width} columns; "
                    "give one cell per column",
                )
            )
    if table.highlight is not None:
        marked, column = table.highlight.row, table.highlight.column
        if (marked is None) == (column is None):
            findings.append(Finding((*at, "highlight"), "give either `row` or `column`"))
        elif marked is not None and marked >= len(table.rows):
            findings.append(
                Finding(
                    (*at, "highlight", "row"),
                    f"row {marked} does not exist; rows count from 0 to {len(table.rows) - 1}",
                )
            )
        elif column is not None and column >= width:
            findings.append(
                Finding(
                    (*at, "highlight", "column"),
                    f"column {column} does not exist; columns count from 0 to {width - 1}",
                )
            )
    return findings


def _markup(node: object, at: Path) -> list[Finding]:
    """Return markup warnings and link errors for every text shown on a slide."""
    findings: list[Finding] = []
    if isinstance(node, Chart | Diagram):
        return findings  # figure text is drawn by matplotlib, without markup
    if isinstance(node, str):
        parsed = markup.parse(node)
        findings += [Finding(at, message) for message in parsed.errors]
        findings += [Finding(at, message, "warning") for message in parsed.warnings]
    elif isinstance(node, list):
        for index, item in enumerate(node):
            findings += _markup(item, (*at, index))
    elif isinstance(node, Strict):
        for name in (f.name for f in dataclasses.fields(node)):
            if name not in _PLAIN_FIELDS:
                findings += _markup(getattr(node, name), (*at, name))
    return findings


def resolve_asset(ref: str, folder: FsPath, *, allow_outside: bool = False) -> FsPath:
    """Return the file `ref` names, relative to `folder`; raise ValueError if it may not be used."""
    candidate = FsPath(ref)
    if candidate.is_absolute() and not allow_outside:
        raise ValueError(
            f"{quote(ref)} is an absolute path; use a path relative to the deck's folder "
            "(or pass --allow-outside)"
        )
    path = (folder / candidate).resolve()
    if not allow_outside and not path.is_relative_to(folder.resolve()):
        raise ValueError(
            f"{quote(ref)} points outside the deck's folder; copy the file next to the "
            "deck (or pass --allow-outside)"
        )
    return path


def _image(ref: str, folder: FsPath, at: Path, allow_outside: bool) -> list[Finding]:
    try:
        path = resolve_asset(ref, folder, allow_outside=allow_outside)
    except ValueError as exc:
        return [Finding(at, str(exc))]
    problem = file_problem(path, MAX_IMAGE_BYTES)
    if problem is None:
        try:
            problem = image_problem(read_bounded(path, MAX_IMAGE_BYTES))
        except OSError as exc:
            problem = f"cannot be read ({exc.strerror or exc})"
    return [Finding(at, f"{quote(ref)} {problem}{_relative(problem, folder)}")] if problem else []


def _relative(problem: str, folder: FsPath) -> str:
    """Return, for a file that does not exist, where its path was read from: the deck's folder."""
    if problem != "does not exist":
        return ""
    place = "the current folder" if str(folder) in ("", ".") else str(folder)
    return f"; its path is read relative to the deck's folder ({place})"


def file_problem(path: FsPath, most: int) -> str | None:
    """Return what keeps the file at `path` from being read (missing, not a regular file, more
    than `most` bytes, unreadable), or None. A FIFO or a device is never opened."""
    try:
        found = path.stat()
    except FileNotFoundError:
        return "does not exist"
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if not stat.S_ISREG(found.st_mode):
        return "is not a file"  # a folder, a FIFO, a device
    if found.st_size > most:
        return f"is {found.st_size:,} bytes; a deck may use at most {most:,}"
    return None


def _template(
    deck: Deck, folder: FsPath, allow_outside: bool, template_check: TemplateCheck | None
) -> list[Finding]:
    """Return what keeps `theme.template` and `theme.layouts` from being used."""
    ref, chosen = deck.theme.template, deck.theme.layouts.as_dict()
    if ref is None:
        return [
            Finding(
                ("theme", "layouts", key),
                "names a template layout, but the deck has no `theme.template`; "
                "add one or remove this key",
                "warning",
            )
            for key, name in chosen.items()
            if name
        ]
    try:
        path = resolve_asset(ref, folder, allow_outside=allow_outside)
    except ValueError as exc:
        return [Finding(("theme", "template"), str(exc))]
    problem = file_problem(path, MAX_TEMPLATE_BYTES)
    if problem:
        return [
            Finding(("theme", "template"), f"{quote(ref)} {problem}{_relative(problem, folder)}")
        ]
    return template_check(deck, path) if template_check is not None else []


def image_problem(data: bytes) -> str | None:
    """Return what is wrong with the picture in `data` (a file's bytes), or None when it is a
    usable PNG/JPEG/GIF.

    The picture is decoded in full (past the pixel limit, never), so a file cut short is found
    here, at its line, not drawn half grey. The answer is kept for the same bytes: a picture
    checked, then placed by the build, used on several slides or checked again by `watch`, is
    decoded once.
    """
    key = hashlib.blake2b(data, digest_size=16).digest()
    if key not in _DECODED:
        if len(_DECODED) >= _DECODED_MAX:
            del _DECODED[next(iter(_DECODED))]  # the oldest answer
        _DECODED[key] = _decode_problem(io.BytesIO(data))
    return _DECODED[key]


_DECODED: dict[bytes, str | None] = {}
"""What `image_problem` found, by a digest of the bytes it decoded."""
_DECODED_MAX = 256


def _decode_problem(source: IO[bytes]) -> str | None:
    """Return what is wrong with the picture in `source`, decoding it in full."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(source) as image:
            kind = image.format
            width, height = image.size
            if kind not in IMAGE_FORMATS:
                return f"is a {kind} image; use PNG, JPEG or GIF"
            if width * height > MAX_IMAGE_PIXELS:
                return (
                    f"is {width} x {height} pixels, more than {MAX_IMAGE_PIXELS:,}; scale it down"
                )
            image.verify()  # a PNG's checksums
        source.seek(0)
        with Image.open(source) as image:
            if image.format == "JPEG":
                # Every scan is decoded all the same, at an eighth of the size: 1/64 of the memory.
                image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))
            image.load()
    except UnidentifiedImageError:
        return "is not a PNG, JPEG or GIF image"
    except Image.DecompressionBombError:
        return "is too large to open safely (a decompression bomb?); scale it down"
    except (OSError, SyntaxError, ValueError) as exc:
        if "truncated" in str(exc).lower():
            return "is cut short (the file is incomplete); copy or export it again"
        return f"is a damaged image ({exc})"
    return None
