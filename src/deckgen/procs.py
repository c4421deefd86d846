"""The processes deckgen runs: how many at once, how long each may take, and how they are ended.

One home for what the figures' workers and the export stage (LibreOffice, poppler) share: the
CPUs this process may use (its affinity and its container's quota, not the machine's count), the
time an outside program may take before it is taken for hung, and the one way a program and
everything it started are ended.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

TIMEOUT = 300.0
"""Seconds an outside program (LibreOffice, pdftoppm) may take for a whole deck before it is
taken for hung and killed: `deckgen pdf` and `deckgen preview` of the largest decks."""
LIVE_START = 20.0
"""Seconds a live render (`deckgen serve`) may take besides its slides: loading the deck."""
LIVE_PER_SLIDE = 1.0
"""Seconds a live render may take per slide of the deck loaded and per slide exported (an
edited slide takes LibreOffice about a tenth of a second on a laptop)."""
GRACE = 3.0
"""Seconds a process group asked to end (SIGTERM) has before it is made to (SIGKILL)."""


def render_limit(slides: int) -> float:
    """Return the seconds a live render that loads or exports `slides` slides may take: soon
    enough that a hung LibreOffice is restarted before the next save matters, never past
    TIMEOUT."""
    return min(TIMEOUT, LIVE_START + LIVE_PER_SLIDE * max(0, slides))


def available_cpus() -> int:
    """Return the CPUs this process may use: its affinity and its container's CPU quota."""
    count: int | None = None
    if hasattr(os, "process_cpu_count"):  # Python 3.13: affinity included
        count = os.process_cpu_count()
    elif hasattr(os, "sched_getaffinity"):
        count = len(os.sched_getaffinity(0))
    count = count or os.cpu_count() or 1
    quota = _cpu_quota()
    if quota is not None:
        count = min(count, max(1, int(quota)))
    return max(1, count)


def _cpu_quota() -> float | None:
    """Return the CPUs a Linux container's quota allows (cgroup v2 or v1), or None."""
    try:
        text = Path("/sys/fs/cgroup/cpu.max").read_text(encoding="ascii").split()
        if text and text[0] != "max":
            return int(text[0]) / int(text[1])
    except (OSError, ValueError, IndexError, ZeroDivisionError):
        pass
    try:
        folder = Path("/sys/fs/cgroup/cpu")
        quota = int((folder / "cpu.cfs_quota_us").read_text(encoding="ascii"))
        period = int((folder / "cpu.cfs_period_us").read_text(encoding="ascii"))
        return quota / period if quota > 0 and period > 0 else None
    except (OSError, ValueError):
        return None


def spawn(command: list[str], **options: Any) -> subprocess.Popen[Any]:
    """Start `command` in a process group of its own, which `end` ends whole (Ctrl-C reaches
    deckgen, which ends it)."""
    if os.name == "posix":
        options["start_new_session"] = True
    else:  # pragma: no cover - Windows
        options["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP  # type: ignore[attr-defined]
    return subprocess.Popen(command, **options)


def end(process: subprocess.Popen[Any], wait: float = 0.0) -> None:
    """Wait `wait` seconds for `process` (started by `spawn`) to end, then end it and every
    process of its group: SIGTERM, then SIGKILL after GRACE seconds; return once it is reaped."""
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(wait)
    if os.name != "posix":  # pragma: no cover - Windows
        if process.poll() is None:
            process.kill()
        process.wait()
        return
    # soffice is a script that starts oosplash, which starts soffice.bin: the group holds all.
    for sig in (signal.SIGTERM, KILL):
        if not kill_group(process.pid, sig):
            break  # the group is empty
        deadline = time.monotonic() + GRACE
        while group_alive(process.pid) and time.monotonic() < deadline:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(0.05)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(GRACE)


KILL = getattr(signal, "SIGKILL", signal.SIGTERM)


def kill_group(group: int, sig: int = KILL) -> bool:
    """Send `sig` to every process of process group `group`; return whether it had any."""
    try:
        os.killpg(group, sig)
    except ProcessLookupError:
        return False
    except OSError:  # pragma: no cover - someone else's group took the number
        return False
    return True


def group_alive(group: int) -> bool:
    """Return whether process group `group` still has a member (its leader's zombie counts)."""
    return kill_group(group, 0)
