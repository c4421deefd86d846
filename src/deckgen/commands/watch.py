"""Rebuild a deck whenever its file or a file it uses changes: `deckgen watch`.

One long-lived process: the code stays imported, the fonts stay measured, and figures and the
base package come from the cache, so a text edit is written in a few hundredths of a second.
An edit that breaks the deck prints its located problems and leaves the last good .pptx in place.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from threading import Event

from deckgen.commands import build
from deckgen.errors import DeckgenError, listed

STEP_MS = 20
"""Quiet time after a change before rebuilding: an editor's save can be several writes."""

Echo = Callable[[str], None]


def run(
    deck_file: Path,
    output: Path | None = None,
    *,
    use_cache: bool = True,
    allow_outside: bool = False,
    say: Echo = print,
    warn: Echo = print,
    progress: Callable[[int, int], None] | None = None,
    stop: Event | None = None,
) -> None:
    """Build `deck_file`, then rebuild it on every change until Ctrl-C or until `stop` is set.

    `say` gets what was built, `warn` the problems; Ctrl-C returns normally.
    """

    def rebuild(reason: str) -> list[Path] | None:
        built = build_once(
            deck_file,
            output,
            reason,
            use_cache=use_cache,
            allow_outside=allow_outside,
            say=say,
            warn=warn,
            progress=progress,
        )
        return None if isinstance(built, DeckgenError) else built.inputs

    try:
        follow(deck_file, rebuild, say=say, stop=stop)
    except KeyboardInterrupt:
        say("Stopped")


def build_once(
    deck_file: Path,
    output: Path | None,
    reason: str,
    *,
    use_cache: bool = True,
    allow_outside: bool = False,
    say: Echo = print,
    warn: Echo = print,
    progress: Callable[[int, int], None] | None = None,
    render: Path | None = None,
) -> build.Result | DeckgenError:
    """Build once, saying what was written or warning the problems; return the result or error.

    `reason` ("deck.yaml changed: ", or "" for the first build) begins the line said; `render`,
    if given, is where the copy LibreOffice renders is written too (see `build.build`).
    """
    start = time.perf_counter()
    try:
        result = build.build(
            deck_file,
            output,
            use_cache=use_cache,
            allow_outside=allow_outside,
            progress=progress,
            render=render,
        )
    except DeckgenError as exc:
        warn(exc.format_message())
        target = output or build.default_output(deck_file)
        kept = f"{target} is unchanged" if target.exists() else f"{target} is not written"
        warn(f"{reason}not rebuilt in {time.perf_counter() - start:.2f} s: {kept}")
        return exc
    for line in listed(result.warnings):
        warn(line)
    for notice in result.notices:
        warn(notice)
    drawn = f" ({result.drawn} drawn)" if result.figures else ""
    done = (
        f"rote {result.slides} slides, {result.figures} figures{drawn} to "
        f"{result.output} in {time.perf_counter() - start:.2f} s"
    )
    say(f"{reason}w{done}" if reason else f"W{done}")
    return result


def follow(
    deck_file: Path,
    rebuild: Callable[[str], list[Path] | None],
    *,
    say: Echo = print,
    stop: Event | None = None,
) -> None:
    """Call `rebuild("")`, then `rebuild("<names> changed: ")` on every change of the files it
    last returned (the deck's own file when it failed), until `stop` is set; Ctrl-C propagates.
    """
    try:
        import watchfiles
    except ImportError:  # pragma: no cover - a core dependency
        raise DeckgenError("deckgen watch needs watchfiles: pip install watchfiles") from None

    inputs = rebuild("") or [deck_file]
    from deckgen.figures import draw

    draw.warm()  # an edited figure is then drawn without loading matplotlib again
    while True:
        wanted = {_real(path) for path in inputs}
        folders = sorted({path.parent for path in wanted})
        missing = [folder for folder in folders if not folder.is_dir()]
        if missing:
            raise DeckgenError(f"{missing[0]}: no such folder to watch")
        others = len(wanted) - 1
        uses = f" and {others} file{'s' if others != 1 else ''} it uses" if others else ""
        say(f"Watching {deck_file}{uses}; press Ctrl-C to stop")

        def used(_change: watchfiles.Change, path: str, wanted: set[Path] = wanted) -> bool:
            return _real(Path(path)) in wanted

        for changes in watchfiles.watch(
            *folders,
            watch_filter=used,
            step=STEP_MS,
            stop_event=stop,
            recursive=False,
        ):
            names = ", ".join(sorted({_shown(Path(path)) for _change, path in changes}))
            found = rebuild(f"{names} changed: ")
            if found is not None and {_real(path) for path in found} != wanted:
                inputs = found
                break  # the deck uses other files now: watch those
        else:
            return  # `stop` was set


def _real(path: Path) -> Path:
    """Return `path` with symbolic links resolved, as the watcher reports paths."""
    return Path(os.path.realpath(path))


def _shown(path: Path) -> str:
    """Return `path` relative to the working folder when it is inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
