"""Fixtures shared by the tests (the CLI as a bounded subprocess, small tmpfs mounts), and how
the suite is run: in parallel, with a fast subset.

Parallel workers. pyproject.toml's addopts run the suite on one worker per core
(pytest-xdist's `-n auto`) with `--dist loadfile`: each test file runs whole in one worker, so a
module- or class-scoped fixture (a deck built or rendered once, a served page, a browser) is
made once, not once per worker, and a new test that uses one needs no mark. Files go out
largest first, to whichever worker is free. (`--dist loadgroup` would spread a file's tests
that share nothing, but xdist 3.8 names its groups by setting an item's `_nodeid`, which
pytest 9.2 no longer reads: the groups are silently ignored.) `-n0` runs everything in this process
(for a debugger or a single test: `--pdb` does it by itself).

Independence. A test may run before or after any other, in either worker, so it must not
change what it is handed by a shared fixture, nor rely on files, ports or processes another
test made (temporary folders are the worker's own). A deck many tests build and then edit is
built once per worker by a session fixture that hands each test a copy: `every_type_built`
below (the every-type deck, its pptx and figure cache) is the pattern to follow.

The fast subset. `slow` marks the tests a contributor's edit-test loop can leave to CI:
`python -m pytest -m "not slow"`. A test is slow when it is marked so (itself, or its module's
`pytestmark`), when it needs LibreOffice or a browser (a `requires` naming `soffice`,
`chromedriver` or `chromium`: marked here), or when it uses `bounded_deckgen` (a process of its
own per run). Mark a test `slow` yourself when it starts LibreOffice, a browser or processes of
deckgen otherwise, or takes longer than about half a second: the end of a run lists the tests
not marked slow that took longer (`pytest_terminal_summary`), so one that should be is seen.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

WORKERS = max(int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")), 1)
"""How many processes run the tests at once (pytest-xdist's workers), each its own tests."""
SECONDS = 2.0 * WORKERS
"""Wall-clock bound of one bounded `deckgen` run: a bound against hangs, not a benchmark. 2 s
when the tests run in one process; 2 s per worker when several share the cores, as a run of
0.3 s alone can then wait on the other workers' LibreOffice and builds."""
MEMORY = 300 * 1024 * 1024
"""Address-space bound of one bounded `deckgen` run, in bytes."""

Runner = Callable[..., subprocess.CompletedProcess]


SLOW_PROGRAMS = frozenset({"soffice", "chromedriver", "chromium"})
"""Programs whose tests are `slow` by themselves: LibreOffice and the browser."""
SLOW_FIXTURES = frozenset({"bounded_deckgen", "browser"})
"""Fixtures whose tests are `slow` by themselves: a process of deckgen per run, a browser."""
SLOW_SECONDS = 0.5
"""A test not marked `slow` that takes longer (setup and call) is named at the end of a run."""
SLOW_LISTED = 15
"""How many of them are named, the longest first."""


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "requires(*programs): the test runs programs (soffice, pdftotext...) that may be missing",
    )
    config.addinivalue_line(
        "markers",
        "slow: left out of the fast subset, `pytest -m 'not slow'` (LibreOffice, a browser, "
        "processes of deckgen, or longer than about half a second)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark `slow` the tests that need LibreOffice or a browser, or run deckgen bounded."""
    for item in items:
        programs = {p for mark in item.iter_markers("requires") for p in mark.args}
        fixtures = set(getattr(item, "fixturenames", ()))
        if programs & SLOW_PROGRAMS or fixtures & SLOW_FIXTURES:
            item.add_marker(pytest.mark.slow)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """Name the tests not marked `slow` that took longer than SLOW_SECONDS (setup and call)."""
    took: dict[str, float] = {}
    keywords: dict[str, Any] = {}
    for reports in terminalreporter.stats.values():
        for report in reports:
            if isinstance(report, pytest.TestReport) and report.when in ("setup", "call"):
                took[report.nodeid] = took.get(report.nodeid, 0.0) + report.duration
                keywords[report.nodeid] = report.keywords
    slow = sorted(
        (seconds, nodeid)
        for nodeid, seconds in took.items()
        if seconds > SLOW_SECONDS and "slow" not in keywords[nodeid]
    )
    if slow:
        terminalreporter.section(f"tests not marked slow that took longer than {SLOW_SECONDS} s")
        for seconds, nodeid in reversed(slow[-SLOW_LISTED:]):
            terminalreporter.write_line(f"{seconds:5.2f} s  {nodeid}")
        if len(slow) > SLOW_LISTED:  # a machine busy with other work makes many tests slow
            terminalreporter.write_line(f"and {len(slow) - SLOW_LISTED} more")


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip a test whose programs are missing, saying which; under CI=true, where .ci/run
    installs them, fail it instead: a green run must not hide a missing install step."""
    for mark in item.iter_markers("requires"):
        missing = [program for program in mark.args if shutil.which(program) is None]
        if not missing:
            continue
        reason = f"needs {', '.join(missing)} on PATH"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason}, and CI=true: .ci/run must install it", pytrace=False)
        pytest.skip(reason)


def _limit_memory(limit: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crash leaves no core file

    return apply


@pytest.fixture
def bounded_deckgen() -> Runner:
    """Return a function that runs `python -m deckgen ARGS` in `cwd`, within time and memory.

    It fails the test when the run takes longer than `seconds` (default SECONDS) and runs the
    process with its address space capped at `memory` bytes (default MEMORY): a run that needs
    more gets MemoryError, which shows as a traceback on standard error.
    """

    def run(
        *args: str,
        cwd: Path,
        seconds: float = SECONDS,
        memory: int = MEMORY,
    ) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if not k.startswith("DECKGEN_")}
        try:
            return subprocess.run(
                [sys.executable, "-m", "deckgen", *args],
                cwd=cwd,
                env=env,
                capture_output=True,
                text=True,
                errors="replace",
                timeout=seconds,
                preexec_fn=_limit_memory(memory),
                check=False,
            )
        except subprocess.TimeoutExpired:
            pytest.fail(f"deckgen {' '.join(args)} ran longer than {seconds} s")

    return run


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Callable[..., Path]]:
    """Return a function that mounts a small tmpfs under tmp_path and returns its folder.

    Skips the test where mounting is not allowed (it needs root and CAP_SYS_ADMIN); everything
    mounted is unmounted when the test ends.
    """
    mounted: list[Path] = []

    def mount(name: str, *, size: str = "1m", readonly: bool = False) -> Path:
        point = tmp_path / name
        point.mkdir()
        options = f"size={size}" + (",ro" if readonly else "")
        if shutil.which("mount") is None:
            pytest.skip("no `mount` command to make a tmpfs with")
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
        mounted.append(point)
        return point

    yield mount
    for point in reversed(mounted):
        subprocess.run(["umount", str(point)], capture_output=True, check=False)


@pytest.fixture(scope="session")
def every_type_built(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], Path]:
    """Return a function that copies the every-type deck (helpers.EVERY_TYPE), built by
    `deckgen build` once per worker, into a folder, and returns the copy's deck.yaml.

    The copy holds what the build left (deck.yaml, assets/, out/deck.pptx and out/.cache) and is
    the test's own to edit; the built folder itself is never handed out.
    """
    from helpers import every_type_deck, run

    source = tmp_path_factory.mktemp("every-type-built")
    deck = every_type_deck(source)
    result = run("build", str(deck))
    assert result.exit_code == 0, result.output

    def copy(folder: Path) -> Path:
        shutil.copytree(source, folder, dirs_exist_ok=True)
        return folder / deck.name

    return copy
