"""`deckgen charts`: every chart and diagram of a deck as image files, for a blog or a post."""

from __future__ import annotations

import re
import time
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, cast

from deckgen import cache as cache_store
from deckgen import files
from deckgen.commands import early
from deckgen.commands.build import CACHE_LINK_HINT, Progress, default_output, inputs, prepare
from deckgen.figures.pool import FigureError, render_all
from deckgen.figures.spec import FORMATS, FigureSpec, Format, Frame
from deckgen.files import write_atomic
from deckgen.layout import checks, numbers
from deckgen.outline import markup
from deckgen.outline.model import Chart
from deckgen.record import replace

if TYPE_CHECKING:
    from collections.abc import Callable

LISTING = ".deckgen-charts.json"
"""The list of files charts wrote into its folder, kept there: it replaces only those."""
_NAME = re.compile(r"\d{2,}-[^/\\]+\.(png|svg|pdf)")


def _ours(name: str) -> bool:
    """Return whether `name` is one charts writes: `NN-<id or title>.<format>`."""
    return _NAME.fullmatch(name) is not None


def parse_formats(text: str) -> list[Format]:
    """Return the formats of a comma-separated list such as "png,svg"; raise ValueError if bad."""
    # Each format once: `png,png` writes (and counts) each file once.
    chosen = list(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    bad = [f for f in chosen if f not in FORMATS]
    if bad or not chosen:
        raise ValueError(f"{', '.join(bad) or text!r}: choose from {', '.join(FORMATS)}")
    return [cast(Format, f) for f in chosen]


def export_charts(
    deck_file: Path,
    folder: Path,
    formats: list[Format],
    dpi: int,
    *,
    use_cache: bool = True,
    allow_outside: bool = False,
    titled: bool = False,
    progress: Progress | None = None,
    warn: Callable[[str], None] | None = None,
) -> list[Path]:
    """Write every chart and diagram of the deck into `folder`; return the files written.

    `titled`: each picture carries its slide's title, the unit and the source line. `warn` is
    told, one line each, of the texts the pictures would show as empty boxes (characters the
    bundled font cannot draw).
    """
    within = deck_file.parent
    files.check_folder(folder, within)
    cache = early.cache_folder(default_output(deck_file), use_cache)
    if cache is not None:
        files.check_folder(cache, within, CACHE_LINK_HINT)
    prepared = prepare(deck_file, allow_outside=allow_outside)
    if warn is not None:
        found = checks.glyph_findings(prepared.deck, prepared.laid, native=True, titled=titled)
        for problem in sorted(prepared.warning(path, message) for path, message in found):
            warn(str(problem))
    specs = prepared.figure_specs()
    refs = prepared.laid.figures
    figures = [i for i, spec in enumerate(specs) if not isinstance(spec.content, str)]
    chosen = []
    for i in figures:
        spec, ref = specs[i], refs[i]
        if titled:
            spec = replace(spec, frame=frame(spec, ref.slide, prepared.deck.lang))
        chosen.append((spec, ref))
    names = []
    for number, (_spec, ref) in enumerate(chosen, start=1):
        stem = getattr(ref.slide, "id", None) or slug(ref.slide.title) or "figure"
        names.append(f"{number:02d}-{stem}")
    targets = [folder / f"{name}.{fmt}" for fmt in formats for name in names]
    for target in targets:
        files.check_output(target, (target.suffix,), within=within, example=target.name)
    files.check_folder(folder / LISTING, within)
    used = inputs(prepared)
    files.refuse_inputs([*targets, folder / LISTING], used)
    default = default_output(deck_file).parent / "charts"
    owned = files.owned(folder, LISTING, _ours, legacy=folder == default, used=used)
    files.refuse_unowned(targets, owned, "charts")
    started = time.time()
    budget = cache_store.limit() if cache is not None else 0
    written = []
    for fmt in formats:
        try:
            data, _drawn = render_all([s for s, _ in chosen], fmt, dpi, cache, progress)
        except FigureError as exc:
            raise prepared.figure_failed(figures[exc.index], exc) from None
        for name, blob in zip(names, data, strict=True):
            target = folder / f"{name}.{fmt}"
            write_atomic(target, blob)
            written.append(target)
    # Its files of earlier runs (other formats, other slides) stay its own.
    kept = {name for name in owned if files.exists(folder / name)}
    files.record(folder, LISTING, kept | {path.name for path in written})
    if cache is not None:
        keep = {spec.key(fmt, dpi) for spec, _ in chosen for fmt in formats}
        cache_store.prune(cache, keep=keep, used_since=started, limit_bytes=budget)
    return written


def frame(spec: FigureSpec, slide: object, lang: str) -> Frame:
    """Return the headline, unit line and source line of a figure exported for a post."""
    content = spec.content
    unit = ""
    if isinstance(content, Chart):
        style = content.numbers or "western"
        unit = numbers.unit_line(content.unit, style, lang, labelled=content.labels)
    source = getattr(slide, "source", None) or ""
    return Frame(spec.title, unit, markup.plain(source))


def slug(text: str) -> str:
    """Return `text` as a file-name slug that keeps Hangul: "AI 투자 규모" -> "ai-투자-규모"."""
    plain = unicodedata.normalize("NFC", markup.plain(text)).lower()
    return re.sub(r"[^\w]+", "-", plain).strip("-_")[:60]
