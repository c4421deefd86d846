"""The `deckgen` command line: click's parsing and printing around `deckgen.commands`.

No logic lives here: each command calls its module in `deckgen.commands` and prints what comes
back. deckgen's own error (`DeckgenError`) becomes exit status 1 with its lines on standard error,
in one place (`DeckgenGroup`); wrong command-line use is click's exit status 2.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

import click

from deckgen import __version__
from deckgen.errors import DeckgenError, OutputFailed, listed

DECK = click.argument(
    "deck", default="deck.yaml", metavar="[DECK]", type=click.Path(path_type=Path, dir_okay=False)
)
PPTX_OUTPUT = click.option(
    "-o",
    "--output",
    metavar="FILE",
    type=click.Path(path_type=Path),
    help="Where to write the .pptx (default: out/<name>.pptx beside a deck <name>.yaml).",
)
NO_CACHE = click.option(
    "--no-cache",
    is_flag=True,
    help="Draw every figure again, ignoring the cache (out/.cache, or $DECKGEN_CACHE_DIR; "
    "kept under $DECKGEN_CACHE_MAX_MB, 256 by default).",
)
FORCE = click.option(
    "--force",
    is_flag=True,
    help="Replace a .pptx edited since deckgen wrote it (or not written by deckgen), keeping it "
    "first beside it as <name>.edited-<date>-<time>.pptx.",
)
ALLOW_OUTSIDE = click.option(
    "--allow-outside",
    is_flag=True,
    help="Let the deck use images and templates outside its own folder.",
)


def echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Print a line; a reader that stopped reading (`deckgen check | head -1`) is no error.

    The rest of the output is then dropped, and the command ends with its own exit status.
    Any other failure to write (a full disk, `> /dev/full`) raises OutputFailed.
    """
    try:
        click.echo(text, err=err, nl=nl)
    except BrokenPipeError:
        _silence(sys.stderr if err else sys.stdout)
    except OSError as exc:
        stream = sys.stderr if err else sys.stdout
        _silence(stream)
        raise OutputFailed(_name(err), exc) from None


def _name(err: bool) -> str:
    return "standard error" if err else "standard output"


def _silence(stream: TextIO) -> None:
    """Point `stream`'s descriptor at the null device: later writes, and the flush when Python
    exits, then succeed silently instead of failing again."""
    with contextlib.suppress(OSError, ValueError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, stream.fileno())
        os.close(null)


def _click_output(error: OSError) -> bool | None:
    """Return whether `error` came from click writing its own output (help, version, usage):
    True for standard error, False for standard output, None when it came from elsewhere."""
    trace = error.__traceback__
    while trace is not None and trace.tb_next is not None:
        trace = trace.tb_next
    if trace is None:
        return None
    frame = trace.tb_frame
    if frame.f_globals.get("__name__") != "click.utils" or frame.f_code.co_name != "echo":
        return None
    return bool(frame.f_locals.get("err"))


def _report(message: str) -> None:
    """Print `message` on standard error if it still works, never raising."""
    try:
        click.echo(message, err=True)
    except (OSError, ValueError):
        _silence(sys.stderr)


def _utf8(stream: TextIO) -> None:
    """Make `stream` write UTF-8 whatever the locale says: Hangul on a Latin-1 or ASCII console
    must not end the command with an encoding error."""
    encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
    if encoding != "utf8" and hasattr(stream, "reconfigure"):
        with contextlib.suppress(ValueError, OSError):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")


def run() -> None:
    """Run the command line as the process's own (`deckgen`, `python -m deckgen`), and end the
    process as soon as the command has (`_end_process`)."""
    try:
        main()
    except SystemExit as exc:
        _end_process(exc.code)
        raise


def _end_process(code: object) -> None:
    """End the process with exit status `code` now, without the interpreter's teardown of every
    module and object, which took a cached rebuild 30 ms, a sixth of its time; return (to exit
    as usual) where that could lose anything: another thread running, a closed or failing
    standard stream, a message for an exit status, a profiler or debugger that reports as the
    process ends.

    What an exit runs first still runs: the exit handlers (multiprocessing's, finalizers) and
    the flush of standard output and error. deckgen writes its files whole before it returns.
    """
    import atexit
    import threading

    if not (code is None or isinstance(code, int)) or threading.active_count() > 1:
        return
    if sys.stdout is None or sys.stderr is None or sys.getprofile() or sys.gettrace():
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return  # the interpreter reports it as it ends
    atexit._run_exitfuncs()
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code or 0)


class DeckgenGroup(click.Group):
    """The command group: reports a `DeckgenError` as plain lines and its exit status."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command line with UTF-8 output, whatever the console's locale."""
        _utf8(sys.stdout)
        _utf8(sys.stderr)
        try:
            return super().main(*args, **kwargs)
        except OutputFailed as exc:
            _report(str(exc))
        except OSError as exc:  # click's own help, version or usage lines
            err = _click_output(exc)
            if err is None:
                raise
            _silence(sys.stderr if err else sys.stdout)
            _report(str(OutputFailed(_name(err), exc)))
        sys.exit(1)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; a `DeckgenError` prints its lines, no traceback, and exits 1."""
        try:
            return super().invoke(ctx)
        except DeckgenError as exc:
            _report(exc.format_message())
            ctx.exit(exc.exit_code)


@click.group(
    cls=DeckgenGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="""\b
Examples:
  deckgen init mytalk         # mytalk/deck.yaml: a starter deck
  deckgen build               # deck.yaml -> out/deck.pptx
  deckgen build talk.yaml -o talk.pptx
  deckgen watch               # build again on every save
  deckgen serve --open        # a live page of the rendered slides
  deckgen check talk.yaml     # every check, nothing written
  deckgen charts -f png,svg   # the figures as files in out/charts/
  deckgen pdf                 # out/deck.pdf through LibreOffice
  deckgen preview             # out/preview/: PNGs and a contact sheet
  deckgen schema -o deck.schema.json

pdf, preview and serve need LibreOffice; preview and serve poppler too.
""",
)
@click.version_option(__version__, "-V", "--version", prog_name="deckgen")
def main() -> None:
    """Turn a YAML outline of a talk into a PowerPoint deck with charts and diagrams."""
    # Each command is a process of its own that allocates much and frees little until it ends: look
    # for reference cycles after 50,000 new objects instead of 700 (a command's imports and a deck's
    # model set off hundreds of collections otherwise, a twentieth of a rebuild).
    gc.set_threshold(50_000, 20, 10)


@main.command(short_help="Build DECK (default: deck.yaml) into a .pptx.")
@DECK
@PPTX_OUTPUT
@NO_CACHE
@FORCE
@ALLOW_OUTSIDE
def build(
    deck: Path, output: Path | None, no_cache: bool, force: bool, allow_outside: bool
) -> None:
    """Build DECK (default: deck.yaml) into a .pptx."""
    from deckgen.commands import early

    early.start_drawing(deck, output, use_cache=not no_cache)  # before the build loads
    from deckgen.commands import build as builder

    result = builder.build(
        deck,
        output,
        use_cache=not no_cache,
        allow_outside=allow_outside,
        progress=_progress(),
        force=force,
    )
    _kept(result.kept)
    for line in listed(result.warnings):
        echo(line, err=True)
    for notice in result.notices:
        echo(notice, err=True)
    drawn = f" ({result.drawn} drawn)" if result.figures else ""
    echo(
        f"Wrote {result.slides} slides, {result.figures} figures{drawn} to "
        f"{result.output} in {result.seconds:.2f} s"
    )


@main.command(short_help="Build DECK, then again on every change (Ctrl-C stops).")
@DECK
@PPTX_OUTPUT
@NO_CACHE
@FORCE
@ALLOW_OUTSIDE
def watch(
    deck: Path, output: Path | None, no_cache: bool, force: bool, allow_outside: bool
) -> None:
    """Build DECK, then again whenever it or a file it uses changes (Ctrl-C stops)."""
    from deckgen.commands import watch as watcher

    watcher.run(
        deck,
        output,
        use_cache=not no_cache,
        allow_outside=allow_outside,
        force=force,
        say=echo,
        warn=lambda line: echo(line, err=True),
        progress=_progress(),
    )


@main.command(short_help="Serve a live page of DECK's slides (needs LibreOffice).")
@DECK
@PPTX_OUTPUT
@click.option(
    "--port",
    default=8040,
    show_default=True,
    metavar="N",
    type=click.IntRange(0, 65535),
    help="Port to listen on; 0 picks a free one.",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    metavar="HOST",
    help="Address to listen on. The page answers only requests for localhost or an IP address.",
)
@click.option(
    "--open",
    "open_browser",
    is_flag=True,
    help="Open the page in the default browser (or say that there is none).",
)
@NO_CACHE
@FORCE
@ALLOW_OUTSIDE
def serve(
    deck: Path,
    output: Path | None,
    port: int,
    host: str,
    open_browser: bool,
    no_cache: bool,
    force: bool,
    allow_outside: bool,
) -> None:
    """Build DECK and serve a page of its rendered slides that follows every save (Ctrl-C stops).

    Needs LibreOffice and poppler, as preview does. With LibreOffice's Python module uno
    (Debian and Ubuntu: python3-uno; or set DECKGEN_UNO_PYTHON to a Python that has it),
    LibreOffice keeps running between saves and a save is on the page in about half a second;
    without it, LibreOffice starts afresh for every change, and serve says so.
    """
    from deckgen.commands import serve as server

    server.run(
        deck,
        output,
        host=host,
        port=port,
        open_browser=open_browser,
        use_cache=not no_cache,
        allow_outside=allow_outside,
        force=force,
        say=echo,
        warn=lambda line: echo(line, err=True),
        progress=_progress(),
    )


def _kept(path: Path | None) -> None:
    """Say where `--force` kept the .pptx it replaced, if it did."""
    if path is not None:
        echo(f"Kept the .pptx it replaced as {path}", err=True)


PROGRESS_MIN = 8
"""Figures to draw before `build` shows a counter: fewer take about a second."""


def _progress() -> Callable[[int, int], None] | None:
    """Return a figure counter for standard error when it is a terminal, else None."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        if total < PROGRESS_MIN:
            return
        line = f"Drawing figures: {done}/{total}"
        # The counter rewrites its own line and clears it when done: the summary follows.
        text = f"\r{line}" if done < total else "\r" + " " * len(line) + "\r"
        echo(text, nl=False, err=True)

    return show


@main.command(short_help="Make every check build makes and time the talk; write nothing.")
@DECK
@click.option("--strict", is_flag=True, help="Exit with status 1 on warnings too.")
@ALLOW_OUTSIDE
def check(deck: Path, strict: bool, allow_outside: bool) -> None:
    """Make every check `build` makes, fit included, and estimate the speaking time from the
    notes; write nothing."""
    from deckgen.commands import check as checker

    report = checker.check(deck, allow_outside=allow_outside)
    for line in listed(report.warnings):
        echo(line, err=True)
    for notice in report.notices:
        echo(notice, err=True)
    for line in report.lines(deck):
        echo(line)
    if strict and report.warnings:
        raise click.exceptions.Exit(1)


@main.command(short_help="Bring text edited in the .pptx back into the deck file.")
@click.argument(
    "pptx", required=False, metavar="[PPTX]", type=click.Path(path_type=Path, dir_okay=False)
)
@click.option(
    "--deck",
    default="deck.yaml",
    show_default=True,
    metavar="DECK",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The deck file to bring the edits into.",
)
@click.option("--dry-run", is_flag=True, help="Print what would change in the deck; write nothing.")
@ALLOW_OUTSIDE
def pull(pptx: Path | None, deck: Path, dry_run: bool, allow_outside: bool) -> None:
    """Bring text edited in PPTX (default: the deck's .pptx) back into the deck file."""
    from deckgen.commands import pull as puller

    result = puller.pull(deck, pptx, dry_run=dry_run, allow_outside=allow_outside)
    for line in result.conflicts:
        echo(f"conflict: {line}", err=True)
    if result.diff:
        echo(result.diff, nl=False)
    for line in result.left:
        echo(f"not brought back: {line}", err=True)
    if result.conflicts:
        echo(f"{len(result.conflicts)} conflict(s): {deck} left as it was", err=True)
        raise click.exceptions.Exit(1)
    if result.changes or result.left:
        echo(
            "Only text is brought back: fonts, colours and sizes set in the .pptx, and pictures "
            "edited there, are set anew by the next build (deckgen build --force keeps the "
            "edited file beside it)",
            err=True,
        )
    if not result.changes:
        echo(f"No text edited in {result.pptx} to bring back into {deck}")
    elif dry_run:
        echo(f"Would write {result.changes} change(s) into {deck} (--dry-run: nothing written)")
    else:
        echo(f"Wrote {result.changes} change(s) from {result.pptx} into {deck}")


@main.command(short_help="Export every chart and diagram of DECK as image files.")
@DECK
@click.option(
    "-f",
    "--format",
    "formats",
    default="png",
    show_default=True,
    metavar="FORMATS",
    help="Comma-separated formats: png, svg, pdf.",
)
@click.option(
    "--dpi",
    default=200,
    show_default=True,
    metavar="N",
    type=click.IntRange(50, 600),
    help="Resolution of PNG files.",
)
@click.option(
    "-o",
    "--output",
    metavar="FOLDER",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the files (default: out/charts/ beside the deck).",
)
@click.option(
    "--titled",
    is_flag=True,
    help="Put each slide's title above its picture, the unit under it and the source below: "
    "ready for a blog or a post.",
)
@NO_CACHE
@ALLOW_OUTSIDE
def charts(
    deck: Path,
    formats: str,
    dpi: int,
    output: Path | None,
    titled: bool,
    no_cache: bool,
    allow_outside: bool,
) -> None:
    """Export every chart and diagram of DECK as image files."""
    from deckgen.commands import build as builder
    from deckgen.commands import charts as exporter

    try:
        chosen = exporter.parse_formats(formats)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--format") from None
    folder = output or builder.default_output(deck).parent / "charts"
    written = exporter.export_charts(
        deck,
        folder,
        chosen,
        dpi,
        use_cache=not no_cache,
        allow_outside=allow_outside,
        titled=titled,
        progress=_progress(),
        warn=lambda line: echo(line, err=True),
    )
    for path in written:
        echo(str(path))
    echo(f"Wrote {len(written)} files to {folder}")


@main.command(short_help="Build DECK and convert it to PDF with LibreOffice.")
@DECK
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where to write the PDF (default: beside the .pptx).",
)
@FORCE
@ALLOW_OUTSIDE
def pdf(deck: Path, output: Path | None, force: bool, allow_outside: bool) -> None:
    """Build DECK and convert it to PDF with LibreOffice."""
    from deckgen.commands import pdf as publish

    written = publish.pdf(deck, output, allow_outside=allow_outside, force=force)
    _kept(written.kept)
    echo(f"Wrote {written.path}")


@main.command(short_help="Render DECK's slides to PNGs and a contact sheet (LibreOffice).")
@DECK
@click.option(
    "-o",
    "--output",
    metavar="FOLDER",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the PNGs (default: out/preview/ beside the deck).",
)
@click.option(
    "--dpi",
    default=96,
    show_default=True,
    metavar="N",
    type=click.IntRange(30, 300),
    help="Resolution of the slide PNGs.",
)
@click.option(
    "--sheet",
    metavar="FILE",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where to write the contact sheet (default: the folder's contact-sheet.png).",
)
@FORCE
@ALLOW_OUTSIDE
def preview(
    deck: Path,
    output: Path | None,
    dpi: int,
    sheet: Path | None,
    force: bool,
    allow_outside: bool,
) -> None:
    """Build DECK and render each slide to PNG with LibreOffice, plus a contact sheet of them
    all."""
    from deckgen.commands import preview as previewer

    done = previewer.preview(
        deck, output, dpi=dpi, sheet_file=sheet, allow_outside=allow_outside, force=force
    )
    _kept(done.kept)
    echo(f"Wrote {len(done.pages)} slide images and {done.sheet}")


@main.command(short_help="Print the JSON Schema of deck.yaml, for editors.")
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the schema to this file instead of printing it.",
)
def schema(output: Path | None) -> None:
    """Print the JSON Schema of deck.yaml, for editors that complete and check it."""
    from deckgen.commands import schema as deck_schema

    if output is None:
        echo(deck_schema.text(), nl=False)
        return
    echo(f"Wrote {deck_schema.write(output)}")


@main.command(short_help="Write a starter deck into FOLDER (default: this one).")
@click.argument("folder", default=".", metavar="[FOLDER]", type=click.Path(path_type=Path))
def init(folder: Path) -> None:
    """Write a starter deck.yaml (every slide type), its picture and schema into FOLDER
    (default: the current folder); never overwrites a file."""
    from deckgen.commands import init as scaffold

    written = scaffold.create(folder)
    for path in written:
        echo(str(path))
    echo(f"Next: {scaffold.next_step(folder)}")
