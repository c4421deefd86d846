"""Build a deck: outline -> layout -> figures -> slides -> file. Also `check` and `charts`."""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from deckgen import cache as cache_store
from deckgen import charts, compose, markup, outline, rules
from deckgen.compose import Composer, SlidePlan, TableShape, TextShape
from deckgen.errors import DeckgenError, Problem, format_path
from deckgen.files import write_atomic
from deckgen.model import Chart, ChartSlide, DiagramSlide, ImageSlide

SPEAKING_RATE = 300
"""Korean syllables spoken per minute (a word of other text counts as two); see the README."""


@dataclass
class Prepared:
    """A loaded deck laid out into slide plans, with its figures still to draw."""

    outline: outline.Outline
    plans: list[SlidePlan]
    composer: Composer
    template: Path | None = None
    """The company template the deck is built on, resolved."""

    @property
    def warnings(self) -> list[Problem]:
        """Return the outline's, the layout's fit and the accessibility warnings, in file order."""
        return sorted(self.outline.warnings + fit_warnings(self) + access_warnings(self))

    def figure_specs(self) -> list[charts.FigureSpec]:
        """Return the spec of every figure, in deck order."""
        theme = self.outline.deck.theme
        specs = []
        for ref in self.composer.figures:
            slide = ref.slide
            content: object
            if isinstance(slide, ChartSlide):
                content = slide.chart
            elif isinstance(slide, DiagramSlide):
                content = slide.diagram
            else:
                assert isinstance(slide, ImageSlide)
                content = slide.image
            specs.append(
                charts.FigureSpec(
                    content, theme, ref.box.width, ref.box.height, markup.plain(slide.title)
                )
            )
        return specs


@dataclass
class Result:
    """What a build did."""

    output: Path
    slides: int
    figures: int
    drawn: int
    seconds: float
    warnings: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    inputs: list[Path] = field(default_factory=list)
    """The files the deck was built from: the deck, its template and its images."""


def prepare(deck_file: Path, *, allow_outside: bool = False) -> Prepared:
    """Return the deck in `deck_file` loaded and laid out, or raise with every problem."""
    loaded = outline.load(deck_file, allow_outside=allow_outside)
    template_file = None
    if loaded.deck.theme.template:
        from deckgen import template

        template_file = rules.resolve_asset(
            loaded.deck.theme.template, loaded.folder, allow_outside=allow_outside
        )
        # The template's size, colours and fonts stand wherever the deck sets none.
        loaded.deck = template.effective_deck(loaded.deck, template.read(template_file))
    composer = Composer(loaded.deck)
    return Prepared(loaded, composer.plan(), composer, template_file)


def default_output(deck_file: Path) -> Path:
    """Return where `build` writes by default: out/<deck stem>.pptx beside the deck."""
    return deck_file.parent / "out" / f"{deck_file.stem}.pptx"


def build(
    deck_file: Path,
    output: Path | None = None,
    *,
    use_cache: bool = True,
    allow_outside: bool = False,
    progress: Callable[[int, int], None] | None = None,
    write: Callable[..., bytes] | None = None,
) -> Result:
    """Build `deck_file` into a .pptx at `output` and return what was done.

    `progress(done, total)` is called as each figure that was not cached is drawn; `write`
    stands in for `slides.write`.
    """
    start, started = time.perf_counter(), time.time()
    output = output or default_output(deck_file)
    _check_output(deck_file, output)
    cache = cache_store.folder(output.parent / ".cache") if use_cache else None
    budget = cache_store.limit() if cache is not None else 0
    prepared = prepare(deck_file, allow_outside=allow_outside)
    # Figures the cache lacks are drawn by other processes while this one writes the slides.
    with _drawing(prepared, cache, progress) as drawing:
        pictures = _pictures(prepared, drawing, allow_outside)
        if write is None:
            from deckgen import slides

            write = slides.write
        data = write(prepared.outline.deck, prepared.plans, pictures, prepared.template, cache)
    write_atomic(output, data)
    if cache is not None:
        cache_store.prune(cache, keep=drawing.keys, used_since=started, limit_bytes=budget)
    notices = [
        f"{format_path(plan.source)}: {notice}"
        for plan in prepared.plans
        for notice in plan.notices
    ]
    return Result(
        output,
        len(prepared.plans),
        len(pictures),
        drawing.drawn,
        time.perf_counter() - start,
        prepared.warnings,
        notices,
        inputs(prepared, allow_outside),
    )


def inputs(prepared: Prepared, allow_outside: bool = False) -> list[Path]:
    """Return the files a build of `prepared` reads: the deck, its template and its images."""
    found = [prepared.outline.file]
    if prepared.template is not None:
        found.append(prepared.template)
    for ref in prepared.composer.figures:
        if isinstance(ref.slide, ImageSlide):
            found.append(
                rules.resolve_asset(
                    ref.slide.image, prepared.outline.folder, allow_outside=allow_outside
                )
            )
    return list(dict.fromkeys(found))


def _check_output(deck_file: Path, output: Path) -> None:
    resolved = output.resolve()
    if resolved == deck_file.resolve():
        raise DeckgenError(f"{output}: is the deck file itself; choose another output path")
    caches = {
        cache_store.folder(folder / ".cache").resolve()
        for folder in (output.parent, default_output(deck_file).parent)
    }
    for cache in sorted(caches):
        if resolved.is_relative_to(cache):
            raise DeckgenError(
                f"{output}: is inside the chart cache ({cache}); choose another path"
            )
    if output.is_dir():
        raise DeckgenError(
            f"{output}: is a folder; give a file name such as {output / (deck_file.stem + '.pptx')}"
        )
    if output.suffix.lower() != ".pptx":
        raise DeckgenError(f"{output}: the output must end in .pptx")


def _drawable(prepared: Prepared) -> list[int]:
    """Return the indexes of the figures deckgen draws: charts and diagrams, not native charts."""
    theme = prepared.outline.deck.theme
    return [
        i
        for i, spec in enumerate(prepared.figure_specs())
        if not isinstance(spec.content, str)
        and not (
            isinstance(spec.content, Chart) and (spec.content.render or theme.charts) == "native"
        )
    ]


def _drawing(
    prepared: Prepared, cache: Path | None, progress: Callable[[int, int], None] | None
) -> charts.Drawing:
    """Return the drawing of the deck's drawn figures, those the cache lacks under way."""
    specs = prepared.figure_specs()
    drawable = [specs[i] for i in _drawable(prepared)]
    return charts.Drawing(drawable, "png", charts.DEFAULT_DPI, cache, progress, background=True)


class _Pictures(Sequence):
    """The pictures of every figure slide; a drawn one is made when the writer first needs it."""

    def __init__(self, items: list) -> None:
        self.items = items

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: int) -> object:  # type: ignore[override]
        if callable(self.items[index]):
            self.items[index] = self.items[index]()
        return self.items[index]


def _pictures(prepared: Prepared, drawing: charts.Drawing, allow_outside: bool) -> _Pictures:
    """Return the pictures of every figure slide, drawn figures taken from `drawing`."""
    from deckgen.slides import NativeChart, Picture

    specs = prepared.figure_specs()
    drawn = {index: n for n, index in enumerate(_drawable(prepared))}
    items: list = []
    for i, spec in enumerate(specs):
        if i in drawn:
            width, height = (
                round(spec.width * charts.DEFAULT_DPI),
                round(spec.height * charts.DEFAULT_DPI),
            )
            alt = charts.describe(spec)

            def made(n: int = drawn[i], w: int = width, h: int = height, a: str = alt) -> Picture:
                return Picture(drawing.get(n), "png", w, h, a)

            items.append(made)
        elif isinstance(spec.content, Chart):  # drawn by PowerPoint
            items.append(NativeChart(spec.content, charts.describe(spec)))
        else:
            path = rules.resolve_asset(
                str(spec.content), prepared.outline.folder, allow_outside=allow_outside
            )
            data = path.read_bytes()
            width, height, ext = _image_size(data)
            caption = getattr(prepared.composer.figures[i].slide, "caption", None)
            alt = f"{spec.title}" + (f": {markup.plain(caption)}" if caption else "")
            items.append(Picture(data, ext, width, height, alt))
    return _Pictures(items)


def _image_size(data: bytes) -> tuple[int, int, str]:
    import io

    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return image.size[0], image.size[1], {"JPEG": "jpg"}.get(image.format, image.format.lower())


def access_warnings(prepared: Prepared) -> list[Problem]:
    """Return a located warning for every accessibility problem the author can fix."""
    from deckgen import accessibility

    out = prepared.outline
    found = []
    for path, message in accessibility.findings(out.deck, prepared.plans):
        line, column = out.locate(path)
        found.append(Problem(line, column, str(out.file), format_path(path), message, "warning"))
    return found


def fit_warnings(prepared: Prepared) -> list[Problem]:
    """Return a located warning for text that overflows or is too small, and shapes that
    leave the slide or overlap."""
    found: dict[str, Problem] = {}
    out = prepared.outline
    for plan in prepared.plans:
        findings = [(getattr(s, "source", ()), _fit_message(s)) for s in plan.shapes]
        findings += prepared.composer.geometry_problems(plan)
        for source, message in findings:
            if message and source:
                line, column = out.locate(source)
                problem = Problem(
                    line, column, str(out.file), format_path(source), message, "warning"
                )
                found.setdefault(problem.path, problem)
    return list(found.values())


def _fit_message(shape: compose.Shape) -> str | None:
    """Return what does not fit about `shape`, or None."""
    if isinstance(shape, TableShape) and not shape.fits:
        return (
            f"{len(shape.rows)} rows x {len(shape.columns)} columns do not fit "
            "the slide even at 12 pt: split the table or shorten the cells"
        )
    if not isinstance(shape, TextShape):
        return None
    if not shape.fits:
        return (
            f"{shape.lines()} lines in a box that holds {shape.capacity()}: "
            "split the slide or shorten the text"
        )
    smallest = min(p.size for p in shape.paras) * shape.scale
    if shape.role != "footnote" and smallest < compose.READABLE_MIN_PT:
        return (
            f"text shrinks to {smallest:.0f} pt, under the readable "
            f"{compose.READABLE_MIN_PT:.0f} pt: shorten the text"
        )
    return None


def speaking_minutes(prepared: Prepared) -> list[tuple[str, float]]:
    """Return the estimated speaking time of each section's notes, in minutes."""
    times = []
    for section in prepared.outline.deck.sections:
        notes = " ".join(markup.plain(s.notes or "") for s in section.slides if not s.hidden)
        hangul = sum(1 for ch in notes if "\uac00" <= ch <= "\ud7a3")
        others = len(re.findall(r"[A-Za-z0-9]+", notes))
        times.append((markup.plain(section.title), (hangul + others * 2.0) / SPEAKING_RATE))
    return times


def export_charts(
    deck_file: Path,
    folder: Path,
    formats: list[charts.Format],
    dpi: int,
    *,
    use_cache: bool = True,
    allow_outside: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> list[Path]:
    """Write every chart and diagram of the deck into `folder`; return the files written."""
    prepared = prepare(deck_file, allow_outside=allow_outside)
    specs = prepared.figure_specs()
    refs = prepared.composer.figures
    chosen = [
        (spec, ref)
        for spec, ref in zip(specs, refs, strict=True)
        if not isinstance(spec.content, str)
    ]
    names = []
    for number, (_spec, ref) in enumerate(chosen, start=1):
        stem = getattr(ref.slide, "id", None) or slug(ref.slide.title) or "figure"
        names.append(f"{number:02d}-{stem}")
    started = time.time()
    cache = cache_store.folder(default_output(deck_file).parent / ".cache") if use_cache else None
    budget = cache_store.limit() if cache is not None else 0
    written = []
    for fmt in formats:
        data, _drawn = charts.render_all([s for s, _ in chosen], fmt, dpi, cache, progress)
        for name, blob in zip(names, data, strict=True):
            target = folder / f"{name}.{fmt}"
            write_atomic(target, blob)
            written.append(target)
    if cache is not None:
        keep = {spec.key(fmt, dpi) for spec, _ in chosen for fmt in formats}
        cache_store.prune(cache, keep=keep, used_since=started, limit_bytes=budget)
    return written


def slug(text: str) -> str:
    """Return `text` as a file-name slug that keeps Hangul: "AI 투자 규모" -> "ai-투자-규모"."""
    plain = unicodedata.normalize("NFC", markup.plain(text)).lower()
    return re.sub(r"[^\w]+", "-", plain).strip("-_")[:60]
