"""A build's figures: the cached ones read, the others drawn by worker processes meanwhile."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from deckgen import cache as cache_store
from deckgen.figures.draw import render
from deckgen.figures.spec import DEFAULT_DPI, FigureSpec, Format
from deckgen.files import remove_stale_temps, running

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext


def available_cpus() -> int:
    """Return the CPUs this process may use (`deckgen.procs`: imported only when drawing, as
    it imports subprocess, which a build whose figures are cached does without)."""
    from deckgen.procs import available_cpus as count

    return count()


class FigureError(Exception):
    """A figure could not be drawn: `index` says which, `reason` why."""

    def __init__(self, index: int, cause: BaseException) -> None:
        self.index = index
        self.reason = f"{type(cause).__name__}: {cause}"[:300]
        super().__init__(f"figure {index} could not be drawn ({self.reason})")


def render_all(
    specs: Sequence[FigureSpec],
    fmt: Format = "png",
    dpi: int = DEFAULT_DPI,
    cache: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[bytes], int]:
    """Return every figure's bytes (cached ones read, others drawn) and how many were drawn.

    `progress(done, total)` is called after each figure drawn.
    """
    with Drawing(specs, fmt, dpi, cache, progress) as drawing:
        return [drawing.get(i) for i in range(len(specs))], drawing.drawn


class Drawing:
    """A build's figures: the cached ones read, the others drawn now or in the background.

    `get(index)` returns a figure's bytes, waiting for it if need be. In the background (for a
    build that writes its slides meanwhile) forked workers start at once on the figures the
    cache lacks, and `arrived(bytes)` is called with each as it is drawn (in another thread);
    otherwise they are drawn when first asked for, many at a time in a pool.
    """

    def __init__(
        self,
        specs: Sequence[FigureSpec],
        fmt: Format = "png",
        dpi: int = DEFAULT_DPI,
        cache: Path | None = None,
        progress: Callable[[int, int], None] | None = None,
        *,
        background: bool = False,
        arrived: Callable[[bytes], None] | None = None,
    ) -> None:
        self.specs, self.fmt, self.dpi, self.cache, self.progress = specs, fmt, dpi, cache, progress
        self.arrived = arrived
        self.keys = [spec.key(fmt, dpi) for spec in specs]
        found = cache_store.lookup(cache, self.keys, fmt) if cache is not None else {}
        self.results = {i: found[key] for i, key in enumerate(self.keys) if key in found}
        self.missing = [i for i in range(len(specs)) if i not in self.results]
        self.drawn = len(self.missing)
        """How many figures the cache lacked."""
        self._futures: dict[int, Any] = {}
        self._pool: Any = None
        self._submitting: Any = None
        self._refused: BaseException | None = None
        if cache is not None and self.missing:
            remove_stale_temps(cache)
        if background and self.missing and available_cpus() > 1:
            import threading
            from concurrent.futures import ProcessPoolExecutor

            from deckgen.figures import forking

            # A worker per core even for a few figures: the slides take this process about as
            # long as the figures take the workers (bench/RESULTS.md, "drawn in").
            context: BaseContext = forking.background_context()
            self._pool = ProcessPoolExecutor(
                min(self.drawn, cpus()),
                mp_context=context,
                initializer=_start_worker,
                initargs=(os.getpid(),),
            )
            if context.get_start_method() == "forkserver":
                # Submitting starts the workers, which waits for the fork server to load
                # matplotlib (0.3 s): a thread waits for it while this process writes the slides.
                # The server is started here, not by the thread: a process started by a thread
                # dies with it (PR_SET_PDEATHSIG follows the thread: `server.tie_to_parent`).
                forking.start_early()
                self._submitting = threading.Thread(target=self._submit, daemon=True)
                self._submitting.start()
            else:  # forked or spawned here, each at once (forking from a thread is unsafe)
                self._submit()

    def _submit(self) -> None:
        """Give the pool every missing figure, the largest first (the last to end ends sooner)."""
        try:
            for i in sorted(self.missing, key=lambda i: -_area(self.specs[i])):
                future = self._pool.submit(render, self.specs[i], self.fmt, self.dpi)
                if self.arrived is not None:
                    future.add_done_callback(self._arrive)
                self._futures[i] = future
        except BaseException as exc:  # the pool broke or was shut down: `get` says so
            self._refused = exc

    def _arrive(self, future: Any) -> None:
        """Hand a figure drawn to `arrived`, in the pool's thread; a failure is `get`'s to say."""
        if future.cancelled() or future.exception() is not None or self.arrived is None:
            return
        with contextlib.suppress(Exception):  # only work done ahead: `get` does it otherwise
            self.arrived(future.result())

    def _submitted(self) -> None:
        """Wait until every figure is given to the pool; raise what stopped that."""
        if self._submitting is not None:
            self._submitting.join()
            self._submitting = None
        if self._refused is not None:
            raise self._refused

    def get(self, index: int) -> bytes:
        """Return figure `index`'s bytes, drawn if need be."""
        if index not in self.results:
            if self._pool is not None:
                try:
                    self._submitted()
                except Exception as exc:  # the pool broke before it had every figure
                    raise FigureError(index, exc) from None
            if index in self._futures:
                future = self._futures.pop(index)
                try:
                    data = future.result()
                except Exception as exc:  # whatever drawing raised, in whichever process
                    raise FigureError(index, exc) from None
                self._done(index, data)
            else:
                waiting = [i for i in self.missing if i not in self.results]
                drawn = _draw_many([self.specs[i] for i in waiting], self.fmt, self.dpi)
                for i in waiting:
                    try:
                        data = next(drawn)
                    except Exception as exc:
                        raise FigureError(i, exc) from None
                    self._done(i, data)
        return self.results[index]

    def _done(self, index: int, data: bytes) -> None:
        self.results[index] = data
        if self.cache is not None:
            cache_store.store(self.cache, self.keys[index], self.fmt, data)
        if self.progress is not None:
            self.progress(len(self.results) - (len(self.specs) - self.drawn), self.drawn)

    def __enter__(self) -> Drawing:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_rest: object) -> None:
        if self._pool is None:
            return
        try:
            if kind is None:  # keep what was drawn but not asked for
                self._submitted()
                for index in list(self._futures):
                    self.get(index)
        finally:
            if self._submitting is not None:  # the build failed: what was refused is moot
                self._submitting.join()
            self._pool.shutdown(wait=kind is None, cancel_futures=True)


def _area(spec: FigureSpec) -> float:
    """Return the size of a figure's picture, square inches: how long it takes to draw."""
    return spec.width * spec.height


WORKERS_MAX = 8
"""Processes that draw figures at once, at most."""
PARALLEL_MIN = 4
"""Figures `deckgen charts` draws in this process before it draws them in a worker per core
(a build always draws in workers, beside its slides; see bench/RESULTS.md)."""


def cpus() -> int:
    """Return how many processes may draw at once: `available_cpus()`, at most WORKERS_MAX."""
    return max(1, min(available_cpus(), WORKERS_MAX))


def _draw_many(specs: Sequence[FigureSpec], fmt: Format, dpi: int) -> Iterator[bytes]:
    """Yield the drawn figures in order; many are drawn in parallel across the machine's cores."""
    workers = min(len(specs), cpus())
    if workers < 2 or len(specs) < PARALLEL_MIN:
        for spec in specs:
            yield render(spec, fmt, dpi)
        return
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from deckgen.figures import forking

    method = forking.start_method()
    if method == "fork":
        # Draw the first figure here: workers forked after it start with matplotlib imported
        # and the fonts loaded (0.4 s each otherwise). A spawned worker starts a new
        # interpreter and imports all that itself.
        yield render(specs[0], fmt, dpi)
        specs = specs[1:]
    context = get_context(method)
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),)
    ) as pool:
        yield from pool.map(render, specs, [fmt] * len(specs), [dpi] * len(specs))


def _start_worker(build: int) -> None:
    """Prepare a pool worker of the process `build`: leave Ctrl-C to the build, and end when
    the build ends."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # else each worker prints its own traceback
    if sys.platform.startswith("linux"):
        import ctypes

        # A worker waits on a pipe it holds open itself, so it would outlive a killed build:
        # ask the kernel to kill it when its parent dies (PR_SET_PDEATHSIG). Its parent is the
        # build, or the build's fork server, which ends when the build ends.
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)
        if os.getppid() != build and not running(build):  # it died before the request
            os._exit(1)
