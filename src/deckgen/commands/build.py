"""`deckgen build`: the whole pipeline, outline -> layout -> figures -> pptx -> file.

`prepare` runs the stages that write nothing (read, check, lay out), which `check` and `charts`
share; `build` draws the figures and writes the .pptx. `pdf`, `preview` and `watch` build first;
`pdf` and `preview` also have it write the copy LibreOffice renders (`layout.lines`).
"""

from __future__ import annotations

import dataclasses
import functools
import os
import stat
import time
from collections.abc import Callable, Sequence
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING

from deckgen import cache as cache_store
from deckgen import files
from deckgen.commands import early
from deckgen.commands.early import default_output as default_output  # the commands use it
from deckgen.errors import (
    DeckError,
    DeckgenError,
    Problem,
    Severity,
    format_path,
    printable,
    quote,
)
from deckgen.figures import describe, readable
from deckgen.figures.pool import Drawing, FigureError
from deckgen.figures.spec import (
    DEFAULT_DPI,
    FigureSpec,
    NativeChart,
    NativeDiagram,
    Picture,
    shown,
    unpack,
)
from deckgen.files import write_atomic
from deckgen.layout import checks, diagram, fit
from deckgen.layout.deck import DeckLayout, lay_out
from deckgen.layout.grid import Grid
from deckgen.outline import markup, reader, rules
from deckgen.outline.model import Chart, ChartSlide, Deck, Diagram, DiagramSlide, ImageSlide
from deckgen.record import record

if TYPE_CHECKING:
    from deckgen.outline.rules import Finding
    from deckgen.pptx import mark

Progress = Callable[[int, int], None]
"""Called with (done, total) as each figure the cache lacked is drawn."""


@record(frozen=False)
class Prepared:
    """A loaded deck laid out into slide plans, with its figures still to draw."""

    outline: reader.Outline
    laid: DeckLayout
    template: Path | None = None
    """The company template the deck is built on, resolved."""

    @property
    def deck(self) -> Deck:
        """Return the deck, with its template's size, colours and fonts where it sets none."""
        return self.outline.deck

    @property
    def warnings(self) -> list[Problem]:
        """Return the outline's, the layout's fit, the charts', the accessibility and the
        figures' glyph warnings, in file order."""
        found = checks.fit_findings(self.laid) + checks.access_findings(self.deck, self.laid.plans)
        found += checks.glyph_findings(self.deck, self.laid)
        charts = [self.warning(f.path, f.message, f.severity) for f in self.chart_findings]
        return sorted(
            self.outline.warnings
            + [self.warning(p, m) for p, m in found]
            + [c for c in charts if c.severity == "warning"]
        )

    @functools.cached_property
    def chart_findings(self) -> list[readable.Finding]:
        """Return the drawn charts and diagrams whose texts need more room than their figure
        gives them (measured once: the check, the warnings and an error all read them)."""
        found = []
        for i in drawn_figures(self):
            ref = self.laid.figures[i]
            if isinstance(ref.slide, ChartSlide):
                chart = shown(ref.slide.chart, self.deck.lang)
                at = (*ref.path, "chart")
                found += readable.findings(chart, ref.box.width, ref.box.height, at)
            elif isinstance(ref.slide, DiagramSlide):
                at = (*ref.path, "diagram")
                box = ref.box
                found += readable.diagram_findings(ref.slide.diagram, box.width, box.height, at)
        return found

    def warning(
        self, path: tuple[str | int, ...], message: str, severity: Severity = "warning"
    ) -> Problem:
        """Return a problem about `path` (a warning unless said), located in the deck file."""
        line, column = self.outline.locate(path)
        where = str(self.outline.file)
        return Problem(line, column, where, format_path(path), message, severity)

    def notice(self, path: tuple[str | int, ...], message: str) -> str:
        """Return what the layout did at `path` to make it fit, located as a problem is."""
        line, column = self.outline.locate(path)
        where = f"{self.outline.file}:{line}:{column}"
        return printable(f"{where}: {format_path(path)}: {message}")

    @property
    def notices(self) -> list[str]:
        """Return what the layout did to make slides fit (split, shrunk, off a template's boxes),
        one located line each: the lines `build`, `check` and `watch` print."""
        return [
            self.notice(plan.source, notice) for plan in self.laid.plans for notice in plan.notices
        ]

    def figure_failed(self, figure: int, error: FigureError) -> DeckError:
        """Return the located error of figure `figure`, which could not be drawn."""
        ref = self.laid.figures[figure]
        path = (*ref.path, "diagram" if isinstance(ref.slide, DiagramSlide) else "chart")
        line, column = self.outline.locate(path)
        message = f"could not be drawn ({error.reason}); please report this with the deck"
        where = str(self.outline.file)
        return DeckError([Problem(line, column, where, format_path(path), message)])

    def figure_specs(self) -> list[FigureSpec]:
        """Return the spec of every figure, in deck order."""
        theme = self.deck.theme
        specs = []
        for ref in self.laid.figures:
            slide = ref.slide
            content: Chart | Diagram | str
            if isinstance(slide, ChartSlide):
                content = shown(slide.chart, self.deck.lang)
            elif isinstance(slide, DiagramSlide):
                content = slide.diagram
            elif isinstance(slide, ImageSlide):
                content = slide.image
            else:
                raise TypeError(f"{type(slide).__name__} has no figure")
            specs.append(
                FigureSpec(content, theme, ref.box.width, ref.box.height, markup.plain(slide.title))
            )
        return specs


@record(frozen=False)
class Result:
    """What a build did."""

    output: Path
    slides: int
    figures: int
    drawn: int
    seconds: float
    prepared: Prepared
    """The deck as loaded and laid out: the plan (title, notes, source) of every slide."""
    warnings: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    inputs: list[Path] = field(default_factory=list)
    """The files the deck was built from: the deck, its template and its images."""
    kept: Path | None = None
    """Where `--force` kept the edited .pptx it replaced, if it did."""


def prepare(deck_file: Path, *, allow_outside: bool = False) -> Prepared:
    """Return the deck in `deck_file` loaded and laid out, or raise with every problem."""
    loaded = reader.load(deck_file, allow_outside=allow_outside, template_check=_template_check)
    template_file = None
    if loaded.deck.theme.template:
        from deckgen.pptx import template

        template_file = rules.resolve_asset(
            loaded.deck.theme.template, loaded.folder, allow_outside=allow_outside
        )
        # The template's size, colours and fonts stand wherever the deck sets none, and its
        # layouts say where the titles, bodies and footers go.
        found = template.read(template_file)
        loaded.deck = template.effective_deck(loaded.deck, found)
        grid = Grid.for_size(loaded.deck.theme.size, template.frame(found, loaded.deck))
        return _readable(Prepared(loaded, lay_out(loaded.deck, grid), template_file))
    return _readable(Prepared(loaded, lay_out(loaded.deck), template_file))


def _readable(prepared: Prepared) -> Prepared:
    """Return `prepared`, or raise when a chart of it cannot be drawn readably: matplotlib
    would draw it for seconds into a picture nobody can read."""
    errors = [
        prepared.warning(f.path, f.message, "error")
        for f in prepared.chart_findings
        if f.severity == "error"
    ]
    if errors:
        raise DeckError(errors + prepared.warnings)
    return prepared


def _template_check(deck: Deck, path: Path) -> list[Finding]:
    """Return what keeps the template at `path` from being used (read by the pptx stage)."""
    from deckgen.pptx import template

    return template.findings(deck, path)


def build(
    deck_file: Path,
    output: Path | None = None,
    *,
    use_cache: bool = True,
    allow_outside: bool = False,
    progress: Progress | None = None,
    render: Path | None = None,
    force: bool = False,
) -> Result:
    """Build `deck_file` into a .pptx at `output` and return what was done.

    With `render`, also write there the copy of the deck a renderer draws: the same slides with
    every line ended where the fit measure ends it (`layout.lines`), for LibreOffice, which
    would otherwise break Korean words.

    A .pptx at `output` that was edited since deckgen wrote it, or that deckgen did not write,
    is refused (`guard`); with `force` it is kept beside under another name, then replaced.
    """
    from deckgen.pptx import mark, writer
    from deckgen.pptx.scheme import TemplateError

    start, started = time.perf_counter(), time.time()
    output = output or default_output(deck_file)
    cache = early.cache_folder(output, use_cache)
    _check_output(deck_file, output, cache)
    budget = cache_store.limit() if cache is not None else 0
    # Text widths an earlier build measured: a rebuild then loads neither Pillow nor the fonts;
    # and the digests of the texts of the slides it wrote, which the mark lists.
    known = cache_store.load_memo(cache, "widths")
    fit.remember(known)
    digests = cache_store.load_memo(cache, "texts")
    mark.remember(digests)
    early.start_drawing(deck_file, output, use_cache=use_cache)  # started already from the CLI
    prepared = prepare(deck_file, allow_outside=allow_outside)
    used = inputs(prepared)
    files.refuse_inputs([output], used)
    # Before the figures: refusing a file deckgen did not write costs no drawing (an edited deck
    # is refused once the new one is made, unless that shows the same text: its edits pulled).
    seen = guard(deck_file, output, force=force)
    # Figures the cache lacks are drawn by other processes while this one writes the slides.
    ahead: dict[bytes, bytes] = {}  # the pictures compressed for the zip as they are drawn
    try:
        with _drawing(prepared, cache, progress, ahead) as drawing:
            pictures = _pictures(prepared, drawing, allow_outside)
            # The checks measure text too (before the widths are kept); made while the figures
            # are drawn, they take nothing from the end of a cold build (0.02 s).
            warnings = prepared.warnings
            data = writer.write(
                prepared.deck, prepared.laid, pictures, prepared.template, cache, ahead=ahead
            )
            if render is not None:
                from deckgen.layout import lines  # the rendered copy's line breaks

                laid = lines.set_lines(prepared.laid)
                copy = writer.write(
                    prepared.deck, laid, pictures, prepared.template, cache, lines.PITCH, ahead
                )
    except FigureError as exc:
        raise prepared.figure_failed(drawn_figures(prepared)[exc.index], exc) from None
    except TemplateError as exc:
        line, column = prepared.outline.locate(("theme", "template"))
        message = f"{quote(prepared.deck.theme.template or '')} {exc}"
        where = str(prepared.outline.file)
        raise DeckError([Problem(line, column, where, "theme.template", message)]) from None
    if _signature(files.status(output)) != seen.signature:  # saved while the deck was built
        seen = guard(deck_file, output, force=force)
    seen.check(output, data)
    kept = files.keep_aside(output, _edited_name(output)) if seen.keep else None
    write_atomic(output, data)
    if render is not None:
        write_atomic(render, copy)
    if cache is not None:
        cache_store.store_memo(cache, "widths", known, fit.measured())
        cache_store.store_memo(cache, "texts", digests, mark.found())
        cache_store.prune(cache, keep=drawing.keys, used_since=started, limit_bytes=budget)
    return Result(
        output,
        len(prepared.laid.plans),
        len(pictures),
        drawing.drawn,
        time.perf_counter() - start,
        prepared,
        warnings,
        prepared.notices,
        used,
        kept,
    )


@record
class Guarded:
    """What `guard` found at the output, and whether to keep it aside before replacing it."""

    signature: tuple[int, ...] | None
    """The file's device, inode, size and modification time, None when there was none."""
    keep: bool = False
    refusal: DeckgenError | None = None
    """Why the file, edited since deckgen wrote it, may not be replaced: unless the new deck
    shows the same text (its edits brought into deck.yaml with `deckgen pull`)."""

    def check(self, output: Path, data: bytes) -> None:
        """Raise the refusal, if any, unless the deck in `data` shows the text `output` does."""
        from deckgen.pptx import mark

        if self.refusal is not None and not mark.same_text(output, data):
            raise self.refusal


def _signature(found: os.stat_result | None) -> tuple[int, ...] | None:
    """Return what changes when a file is saved over: its device, inode, size and time (not
    its access time, which reading it may change)."""
    if found is None:
        return None
    return (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns)


CHANGES_LISTED = 20
"""Slide numbers a refusal names; more are counted."""


def guard(deck_file: Path, output: Path, *, force: bool = False) -> Guarded:
    """Return what is at `output`, which a build may replace: nothing, a deck deckgen wrote and
    nobody edited since, or (with `force`) anything, to be kept aside first.

    Raise DeckgenError naming the file, its text changes by slide and the ways on, when it holds
    text edited since deckgen wrote it, or is no deck deckgen wrote: a user's own file, a deck
    an earlier deckgen wrote and another program saved since.
    """
    from deckgen.pptx import mark

    found = files.status(output)
    if found is None:
        return Guarded(None)
    if not stat.S_ISREG(found.st_mode):
        verdict = mark.Verdict("foreign", reason="is not a regular file")
    else:
        verdict = mark.examine(output)
    if verdict.state in ("unedited", "legacy"):
        return Guarded(_signature(found))
    if force:
        return Guarded(_signature(found), keep=True)
    kept = output.with_name(f"{output.stem}.edited-<date>-<time>{output.suffix}")
    way = f"To build anyway: deckgen build --force keeps it as {kept}, then writes the new deck"
    if verdict.state == "foreign":
        raise DeckgenError(
            f"{output}: {verdict.reason}: deckgen did not write it, or an earlier deckgen did "
            "and another program saved it since; not replaced\n"
            f"{way}; or write elsewhere with -o"
        )
    return Guarded(
        _signature(found),
        refusal=DeckgenError(
            f"{output}: edited since deckgen wrote it: {_changes(verdict)}; not replaced\n"
            f"To bring the edits into {deck_file.name}: deckgen pull {output}\n{way}"
        ),
    )


def _changes(verdict: mark.Verdict) -> str:
    """Return "3 text changes, on slides 8, 10 and 44" (and slides added or deleted)."""
    parts = []
    if verdict.changes:
        count = sum(change.count for change in verdict.changes)
        numbers = [str(change.slide) for change in verdict.changes]
        if len(numbers) > CHANGES_LISTED:
            numbers[CHANGES_LISTED - 1 :] = [f"{len(numbers) - CHANGES_LISTED + 1} more"]
        where = (
            f" {numbers[0]}"
            if len(numbers) == 1
            else f"s {', '.join(numbers[:-1])} and {numbers[-1]}"
        )
        parts.append(f"{count} text change{'s' if count != 1 else ''}, on slide{where}")
    written, now = verdict.slides
    if now != written:
        moved = "added" if now > written else "deleted"
        number = abs(now - written)
        parts.append(f"{number} slide{'s' if number != 1 else ''} {moved} ({now} of {written})")
    return "; ".join(parts)


def _stamp() -> str:
    return time.strftime("%Y%m%d-%H%M%S")


def _edited_name(output: Path) -> Callable[[int], Path]:
    """Return the names the edited deck at `output` is kept under: `deck.edited-<date>-<time>
    .pptx` beside it, then the same with -2, -3..."""
    stamp = _stamp()

    def name(number: int) -> Path:
        extra = f"-{number}" if number > 1 else ""
        return output.with_name(f"{output.stem}.edited-{stamp}{extra}{output.suffix}")

    return name


def inputs(prepared: Prepared) -> list[Path]:
    """Return the files a build of `prepared` reads: the deck, its template and its images, by
    the names the deck gives them (`watch` follows a name wherever its links lead)."""
    folder = prepared.outline.folder
    found = [prepared.outline.file]
    if prepared.template is not None and prepared.deck.theme.template:
        found.append(folder / prepared.deck.theme.template)
    for ref in prepared.laid.figures:
        if isinstance(ref.slide, ImageSlide):
            found.append(folder / ref.slide.image)
    return list(dict.fromkeys(found))


def _check_output(deck_file: Path, output: Path, cache: Path | None) -> None:
    """Raise unless the .pptx may be written at `output` (see `files.check_output`), outside
    the chart cache, and the cache folder `cache` (None: no cache) too."""
    resolved = output.resolve()
    if resolved == deck_file.resolve():
        raise DeckgenError(f"{output}: is the deck file itself; choose another output path")
    caches = {
        cache_store.folder(folder / ".cache").resolve()
        for folder in (output.parent, default_output(deck_file).parent)
    }
    for found in sorted(caches):
        if resolved.is_relative_to(found):
            raise DeckgenError(
                f"{output}: is inside the chart cache ({found}); choose another path"
            )
    files.check_output(
        output, (".pptx",), within=deck_file.parent, example=f"{deck_file.stem}.pptx"
    )
    if cache is not None:
        files.check_folder(cache, deck_file.parent, CACHE_LINK_HINT)


CACHE_LINK_HINT = "remove the link, or build with --no-cache"


def drawn_figures(prepared: Prepared) -> list[int]:
    """Return the indexes of the figures deckgen draws: charts and diagrams, not native ones."""
    return [
        i
        for i, spec in enumerate(prepared.figure_specs())
        if not isinstance(spec.content, str) and not _native(prepared.deck, spec.content)
    ]


def _native(deck: Deck, content: Chart | Diagram) -> bool:
    """Return whether a chart or diagram is drawn by PowerPoint: its `render`, else the theme's."""
    if isinstance(content, Diagram):
        return diagram.is_native(deck, content)
    return (content.render or deck.theme.charts) == "native"


def _drawing(
    prepared: Prepared, cache: Path | None, progress: Progress | None, ahead: dict[bytes, bytes]
) -> Drawing:
    """Return the drawing of the deck's drawn figures, those the cache lacks under way: each
    picture compressed for the zip into `ahead` as it arrives."""
    from deckgen.pptx import package

    specs = prepared.figure_specs()
    drawable = [specs[i] for i in drawn_figures(prepared)]
    return Drawing(
        drawable,
        "slide",
        DEFAULT_DPI,
        cache,
        progress,
        background=True,
        arrived=lambda data: package.prime(ahead, *unpack(data)),
    )


Figure = Picture | NativeChart | NativeDiagram
"""What a figure slide shows: a picture, or what the writer needs to draw it natively."""


class _Pictures(Sequence[Figure]):
    """The pictures of every figure slide; a drawn one is made when the writer first needs it."""

    def __init__(self, items: list[Figure | Callable[[], Picture]]) -> None:
        self.items = items

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: int) -> Figure:  # type: ignore[override]
        item = self.items[index]
        if callable(item):
            item = self.items[index] = item()
        return item


def _pictures(prepared: Prepared, drawing: Drawing, allow_outside: bool) -> _Pictures:
    """Return the pictures of every figure slide, drawn figures taken from `drawing`."""
    from deckgen.figures import images

    specs = prepared.figure_specs()
    drawn = {index: n for n, index in enumerate(drawn_figures(prepared))}
    items: list[Figure | Callable[[], Picture]] = []
    read: dict[Path, Picture] = {}  # an image shown on many slides is read once
    for i, spec in enumerate(specs):
        if i in drawn:
            width, height = round(spec.width * DEFAULT_DPI), round(spec.height * DEFAULT_DPI)
            alt = describe.describe(spec)

            def made(n: int = drawn[i], w: int = width, h: int = height, a: str = alt) -> Picture:
                png, svg = unpack(drawing.get(n))
                return Picture(png, "png", w, h, a, svg)

            items.append(made)
        elif isinstance(spec.content, Chart):  # drawn by PowerPoint
            items.append(NativeChart(spec.content, describe.describe(spec)))
        elif isinstance(spec.content, Diagram):  # shapes the layout placed
            items.append(NativeDiagram(describe.describe(spec)))
        else:
            path = rules.resolve_asset(
                str(spec.content), prepared.outline.folder, allow_outside=allow_outside
            )
            caption = getattr(prepared.laid.figures[i].slide, "caption", None)
            alt = f"{spec.title}" + (f": {markup.plain(caption)}" if caption else "")
            if path not in read:
                try:
                    read[path] = images.picture(path, alt)
                except images.ImageChanged as exc:
                    at = prepared.laid.figures[i].path
                    raise _changed(prepared, at, spec.content, exc) from None
            items.append(dataclasses.replace(read[path], alt=alt))
    return _Pictures(items)


def _changed(
    prepared: Prepared, at: tuple[str | int, ...], ref: object, error: Exception
) -> DeckError:
    """Return the located error of an image that changed between its check and its use."""
    path = (*at, "image")
    line, column = prepared.outline.locate(path)
    message = (
        f"{quote(str(ref))} changed while the deck was built: it {error}; "
        "build again once it is saved"
    )
    where = str(prepared.outline.file)
    return DeckError([Problem(line, column, where, format_path(path), message)])
