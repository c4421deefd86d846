"""Fixtures shared by the tests: the CLI as a bounded subprocess, and small tmpfs mounts."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

SECONDS = 2.0
"""Wall-clock bound of one bounded `deckgen` run: a bound against hangs, not a benchmark."""
MEMORY = 300 * 1024 * 1024
"""Address-space bound of one bounded `deckgen` run, in bytes."""

Runner = Callable[..., subprocess.CompletedProcess]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "requires(*programs): the test runs programs (soffice, pdftotext...) that may be missing",
    )


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
