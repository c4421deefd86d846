"""Rebuild a deck whenever its file or a file it uses changes: `deckgen watch`.

One long-lived process: the code stays imported, the fonts stay measured, and figures and the
base package come from the cache, so a text edit is written in a few hundredths of a second.
An edit that breaks the deck prints its located problems and leaves the last good .pptx in place;
so does anything else a build raises (one line, no traceback), and the next save is built.
It follows the names it was given: a file replaced by a symbolic link, or a link aimed at
another file, is watched where it leads now.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from threading import Event

from deckgen.commands import build
from deckgen.errors import DeckgenError, OutputFailed, listed

STEP_MS = 20
"""Quiet time after a change before rebuilding: an editor's save can be several writes."""

Echo = Callable[[str], None]


def run(
    deck_file: Path,
    output: Path | None = None,
    *,
    use_cache: bool = True,
    allow_outside: bool = False,
    force: bool = False,
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
            force=force,
            say=say,
            warn=warn,
            progress=progress,
        )
        return None if isinstance(built, DeckgenError) else built.inputs

    try:
        follow(deck_file, rebuild, say=say, warn=warn, stop=stop)
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
    force: bool = False,
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
            force=force,
        )
    except OutputFailed:
        raise  # the terminal is gone: nobody would see the next build either
    except Exception as exc:  # whatever a build raises, the watcher goes on
        error = exc if isinstance(exc, DeckgenError) else unexpected(deck_file, exc)
        warn(error.format_message())
        target = output or build.default_output(deck_file)
        kept = f"{target} is unchanged" if target.exists() else f"{target} is not written"
        warn(f"{reason}not rebuilt in {time.perf_counter() - start:.2f} s: {kept}")
        return error
    for line in listed(result.warnings):
        warn(line)
    for notice in result.notices:
        warn(notice)
    if result.kept is not None:
        warn(f"Kept the .pptx it replaced as {result.kept}")
    drawn = f" ({result.drawn} drawn)" if result.figures else ""
    done = (
        f"rote {result.slides} slides, {result.figures} figures{drawn} to "
        f"{result.output} in {time.perf_counter() - start:.2f} s"
    )
    say(f"{reason}w{done}" if reason else f"W{done}")
    return result


def unexpected(deck_file: Path, error: Exception) -> DeckgenError:
    """Return what a build or render that raised something deckgen did not foresee says: one
    line naming it (no traceback), and where to report it."""
    what = f"{type(error).__name__}: {error}".strip().removesuffix(":")
    if len(what) > MESSAGE_MAX:
        what = what[: MESSAGE_MAX - 1] + "…"
    return DeckgenError(
        f"{deck_file}: failed unexpectedly ({what}); please report this with the deck"
    )


def follow(
    deck_file: Path,
    rebuild: Callable[[str], list[Path] | None],
    *,
    say: Echo = print,
    warn: Echo = print,
    stop: Event | None = None,
) -> None:
    """Call `rebuild("")`, then `rebuild("<names> changed: ")` on every change of the files it
    last returned (the deck's own file when it failed), until `stop` is set; Ctrl-C propagates.

    The files are followed by the names given and, through any symbolic links, where those lead
    now: after every change the links are read again. Whatever `rebuild` raises is warned in
    one line and the watch goes on.
    """
    try:
        import watchfiles
    except ImportError:  # pragma: no cover - a core dependency
        raise DeckgenError("deckgen watch needs watchfiles: pip install watchfiles") from None

    def attempt(reason: str) -> list[Path] | None:
        try:
            return rebuild(reason)
        except OutputFailed:
            raise
        except Exception as exc:  # the watch outlives any one build
            warn(unexpected(deck_file, exc).format_message())
            return None

    inputs = attempt("") or [deck_file]
    from deckgen.figures import draw

    draw.warm()  # an edited figure is then drawn without loading matplotlib again
    deck_folder = _absolute(deck_file).parent
    if not deck_folder.is_dir():
        raise DeckgenError(f"{deck_folder}: no such folder to watch")
    while True:
        wanted = watched(inputs)
        folders = sorted({path.parent for path in wanted if path.parent.is_dir()})
        others = len({_absolute(path) for path in inputs} - {_absolute(deck_file)})
        uses = f" and {others} file{'s' if others != 1 else ''} it uses" if others else ""
        say(f"Watching {deck_file}{uses}; press Ctrl-C to stop")

        def used(_change: watchfiles.Change, path: str, wanted: set[Path] = wanted) -> bool:
            return _absolute(Path(path)) in wanted or _real(Path(path)) in wanted

        for changes in watchfiles.watch(
            *folders,
            watch_filter=used,
            step=STEP_MS,
            stop_event=stop,
            recursive=False,
        ):
            names = ", ".join(sorted({_shown(Path(path)) for _change, path in changes}))
            found = attempt(f"{names} changed: ")
            if found is not None:
                inputs = found
            if watched(inputs) != wanted:
                break  # the deck uses other files now, or a link leads elsewhere: watch those
        else:
            return  # `stop` was set


LINKS_MAX = 40
"""Symbolic links followed in a row, at most (as the kernel's own limit)."""
MESSAGE_MAX = 300
"""Characters of an unexpected error's own message shown, at most."""


def watched(inputs: list[Path]) -> set[Path]:
    """Return the paths whose change changes what `inputs` hold: each name as given, every
    symbolic link on the way from it (a folder's too) and the file it leads to now."""
    found: set[Path] = set()
    for path in inputs:
        name = _absolute(path)
        for _ in range(LINKS_MAX):
            found.add(name)
            found.update(link for link in name.parents if link.is_symlink())
            if not name.is_symlink():
                break
            try:
                name = _absolute(name.parent / os.readlink(name))
            except OSError:
                break
        found.add(_real(path))
    return found


def _absolute(path: Path) -> Path:
    """Return `path` made absolute and normalised, its symbolic links left as they are."""
    return Path(os.path.abspath(path))


def _real(path: Path) -> Path:
    """Return `path` with symbolic links resolved."""
    return Path(os.path.realpath(path))


def _shown(path: Path) -> str:
    """Return `path` relative to the working folder when it is inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
