"""Imported first by a build's fork server (`deckgen.figures.forking.PRELOAD`): ties it to the
build.

The fork server is a process of its own that loads matplotlib once and forks the workers that
draw a build's figures. Importing this module asks the kernel to kill the server when the
build dies (PR_SET_PDEATHSIG, Linux), at once, even while it is still loading matplotlib; its
workers end with it, as each asks the same of its parent (`pool._start_worker`).

Importing it also sets the server's garbage collection as the command line sets a build's
(`deckgen.cli.main`): loading matplotlib sets off hundreds of collections otherwise, 5% of the
0.35 s it takes the server before its workers can start; the workers it forks inherit it.
"""

from __future__ import annotations

import gc
import os
import signal
import sys


def tie_to_parent() -> None:
    """Ask the kernel to kill this process when its parent dies; exit if it already has."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    parent = os.getppid()
    ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent or parent == 1:  # the build died before the request
        os._exit(1)


if __name__ != "__main__":
    tie_to_parent()
    gc.set_threshold(50_000, 20, 10)
