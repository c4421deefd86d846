"""How the processes that draw a build's figures start, and their fork server started early.

Light to import (neither matplotlib nor the rest of deckgen), so that a build starts the fork
server first thing (`deckgen.commands.early`): it loads matplotlib (0.35 s) while the build
loads deckgen and reads the deck.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext


def start_method() -> str:
    """Return how worker processes start: the platform's default way, but never a fork while
    other Python threads run (one could hold a lock a worker needs).

    Fork is Linux's default (before Python 3.14) and the fastest: a worker starts with matplotlib
    already loaded. macOS and Windows spawn a new interpreter (CPython chose spawn on macOS
    because its system libraries are not safe to fork).
    """
    import threading
    from multiprocessing import get_all_start_methods

    default = get_all_start_methods()[0]  # the first is the platform's default
    if default == "fork" and threading.active_count() > 1:
        return "spawn"
    return default


PRELOAD = (
    "deckgen.figures.server",  # first: the server dies with the build, even while loading
    "matplotlib.style",
    "matplotlib.figure",
    "matplotlib.backends.backend_agg",
    "matplotlib.backends.backend_svg",
    "deckgen.figures.draw",
    "deckgen.figures.draw.chart",
    "deckgen.figures.draw.diagram",
    "deckgen.figures.draw.svgtext",
    "deckgen.figures.draw.png",
)
"""What a fork server loads once for all the workers it forks: matplotlib and the drawing."""


def background_context() -> BaseContext:
    """Return how a build's background workers start.

    Where workers are forked, and this process has not loaded matplotlib (a build's), they are
    forked from a fork server that loads it once (`PRELOAD`), instead of each worker loading it
    (0.35 s of a core each, the largest part of a cold build's work). A process that has it
    loaded (`deckgen watch`) forks its workers itself: they start with it.
    """
    from multiprocessing import get_all_start_methods, get_context

    method = start_method()
    forked = method == "fork" and "matplotlib" not in sys.modules
    if forked and "forkserver" in get_all_start_methods():
        context = get_context("forkserver")
        context.set_forkserver_preload(list(PRELOAD))
        return context
    return get_context(method)


def start_early() -> None:
    """Start the fork server now (`background_context`), if workers would be forked from one:
    it loads matplotlib while this process loads deckgen, reads and lays out the deck."""
    context = background_context()
    if context.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()
