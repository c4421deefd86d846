"""Write output files atomically: a failed or killed build never leaves half a file."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

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
        if exc.filename2 is not None and _held_open(exc):  # the rename (two names) failed
            raise DeckgenError(
                f"{target}: cannot be replaced: is it open in another program, such as "
                "PowerPoint? Close it and try again; the previous file is unchanged"
            ) from None
        reason = "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror
        raise DeckgenError(
            f"{target}: cannot write ({reason}); the previous file is unchanged"
        ) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _held_open(error: OSError) -> bool:
    """Return whether a failed rename over a file means another program holds it open: Windows
    refuses to replace a file PowerPoint has open (sharing violation, or access denied)."""
    return (
        isinstance(error, PermissionError)
        or error.errno == errno.EBUSY
        or (
            getattr(error, "winerror", None) in (5, 32)  # ERROR_ACCESS_DENIED, SHARING_VIOLATION
        )
    )


def remove_stale_temps(folder: Path) -> None:
    """Delete temporary files that a killed build (a process no longer running) left in `folder`."""
    with contextlib.suppress(OSError):
        for entry in folder.glob(f"{TEMP_PREFIX}*.tmp"):
            pid = entry.name[len(TEMP_PREFIX) :].split("-", 1)[0]
            if pid.isdigit() and not running(int(pid)):
                with contextlib.suppress(OSError):
                    entry.unlink()


def running(pid: int) -> bool:
    """Return whether a process with id `pid` exists (without signalling it on Windows, where
    `os.kill` would terminate it)."""
    if sys.platform == "win32":
        return _running_on_windows(pid)
    try:
        os.kill(pid, 0)  # signal 0: only checks that the process exists
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _running_on_windows(pid: int) -> bool:  # pragma: no cover - tested on Windows only
    """Return whether process `pid` exists, asking Windows through OpenProcess."""
    import ctypes

    kernel32: Any = ctypes.windll.kernel32  # type: ignore[attr-defined]  # Windows only
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return bool(kernel32.GetLastError() == 5)  # ERROR_ACCESS_DENIED: it exists, not ours
    try:
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


@contextlib.contextmanager
def temporary_folder(kind: str, on_stale: Callable[[Path], None] | None = None) -> Iterator[Path]:
    """Yield a new temporary folder named for this process, deleted afterwards; first delete
    the folders of `kind` that processes no longer running left behind (a killed render),
    after `on_stale(folder)` has stopped what may still use them."""
    base = Path(tempfile.gettempdir())
    prefix = f"{TEMP_PREFIX.lstrip('.')}{kind}-"
    with contextlib.suppress(OSError):
        for entry in base.glob(f"{prefix}*"):
            pid = entry.name[len(prefix) :].split("-", 1)[0]
            stale = pid.isdigit() and entry.is_dir() and not running(int(pid))
            if stale and not entry.is_symlink():
                if on_stale is not None:
                    on_stale(entry)
                shutil.rmtree(entry, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix=f"{prefix}{os.getpid()}-") as folder:
        yield Path(folder)


class NotAFile(OSError):
    """The path names a folder, a FIFO, a device or a socket, not a regular file."""


class TooLarge(OSError):
    """The file holds more bytes than the caller accepts."""


def read_bounded(path: Path, most: int) -> bytes:
    """Return the bytes of the regular file at `path`, at most `most` of them.

    Raise NotAFile for anything but a regular file, checked on the opened file before a byte is
    read (a FIFO would block a plain open, /dev/zero never ends), and TooLarge past `most`.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as handle:
        found = os.fstat(fd)
        if not stat.S_ISREG(found.st_mode):
            raise NotAFile(errno.EINVAL, _kind_of(found.st_mode), str(path))
        if found.st_size > most:
            raise TooLarge(errno.EFBIG, f"{found.st_size:,} bytes", str(path))
        data = handle.read(most + 1)  # a file still being written may have grown
    if len(data) > most:
        raise TooLarge(errno.EFBIG, f"more than {most:,} bytes", str(path))
    return data


def _kind_of(mode: int) -> str:
    """Return what a file of `mode` is, in a message's words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"
