"""`deckgen charts`: every chart and diagram of a deck as image files, for a blog or a post."""

from __future__ import annotations

import re
import time
import unicodedata
from pathlib import Path
from typing import cast

from deckgen import cache as cache_store
from deckgen.commands.build import Progress, default_output, prepare
from deckgen.figures.pool import FigureError, render_all
from deckgen.figures.spec import FORMATS, Format
from deckgen.files import write_atomic
from deckgen.outline import markup


def parse_formats(text: str) -> list[Format]:
    """Return the formats of a comma-separated list such as "png,svg"; raise ValueError if bad."""
    chosen = [f.strip().lower() for f in text.split(",") if f.strip()]
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
    progress: Progress | None = None,
) -> list[Path]:
    """Write every chart and diagram of the deck into `folder`; return the files written."""
    prepared = prepare(deck_file, allow_outside=allow_outside)
    specs = prepared.figure_specs()
    refs = prepared.laid.figures
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
    figures = [i for i, spec in enumerate(specs) if not isinstance(spec.content, str)]
    for fmt in formats:
        try:
            data, _drawn = render_all([s for s, _ in chosen], fmt, dpi, cache, progress)
        except FigureError as exc:
            raise prepared.figure_failed(figures[exc.index], exc) from None
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
