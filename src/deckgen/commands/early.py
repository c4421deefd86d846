"""What a build does first, before it loads the rest of deckgen: start the process that loads
matplotlib for the figures it will likely draw, which then loads while the build reads the deck.

Light to import, so that the command line calls it before it imports the build (0.08 s).
"""

from __future__ import annotations

from pathlib import Path


def default_output(deck_file: Path) -> Path:
    """Return where `build` writes by default: out/<deck stem>.pptx beside the deck."""
    return deck_file.parent / "out" / f"{deck_file.stem}.pptx"


def cache_folder(output: Path, use_cache: bool) -> Path | None:
    """Return the cache folder of a build writing `output` (None: no cache)."""
    from deckgen import cache as cache_store

    return cache_store.folder(output.parent / ".cache") if use_cache else None


def start_drawing(deck_file: Path, output: Path | None = None, *, use_cache: bool = True) -> None:
    """Start the fork server that loads matplotlib (`figures.forking.start_early`) if building
    `deck_file` into `output` likely draws figures; at once, before the build loads."""
    from deckgen.figures import forking

    cache = cache_folder(output or default_output(deck_file), use_cache)
    if drawing_likely(deck_file, cache):
        forking.start_early()


def drawing_likely(deck_file: Path, cache: Path | None) -> bool:
    """Return whether the build will likely draw figures: the deck names charts or diagrams
    and no figure is cached (a first build, or `--no-cache`). A guess that only decides when
    the drawing processes start: wrong, it costs a process that loaded matplotlib for naught."""
    from deckgen import cache as cache_store
    from deckgen import files

    if cache is not None and any(cache_store.figure_entries(cache)):
        return False
    try:
        text = files.read_bounded(deck_file, 1_000_000)
    except OSError:  # a deck too large, or no file: `prepare` says so
        return False
    return b"chart:" in text or b"diagram:" in text
