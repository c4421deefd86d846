"""Write output files atomically: a failed or killed build never leaves half a file."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from deckgen.errors import DeckgenError

TEMP_PREFIX = ".deckgen-"
"""How the temporary files of atomic writes begin: `.deckgen-<pid>-...tmp`."""


def write_atomic(target: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `target`, then rename it into place."""
    if target.is_dir():
        raise DeckgenError(
            f"{target}: is a folder; give a file name such as {target / 'deck.pptx'}"
        )
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        remove_stale_temps(folder)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=".tmp")
    except OSError as exc:
        reason = exc.strerror
        if exc.errno in (errno.EEXIST, errno.ENOTDIR):  # a file stands where a folder should be
            blocker = next((p for p in (folder, *folder.parents) if p.is_file()), None)
            reason = f"{blocker} is a file, not a folder" if blocker else reason
        raise DeckgenError(f"{folder}: cannot write here ({reason})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        reason = "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror
        raise DeckgenError(
            f"{target}: cannot write ({reason}); the previous file is unchanged"
        ) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def remove_stale_temps(folder: Path) -> None:
    """Delete temporary files that a killed build (a process no longer running) left in `folder`."""
    with contextlib.suppress(OSError):
        for entry in folder.glob(f"{TEMP_PREFIX}*.tmp"):
            pid = entry.name[len(TEMP_PREFIX) :].split("-", 1)[0]
            if pid.isdigit() and not _running(int(pid)):
                with contextlib.suppress(OSError):
                    entry.unlink()


def _running(pid: int) -> bool:
    """Return whether a process with id `pid` exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
