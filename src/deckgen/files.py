"""Where and how deckgen writes: every output checked, then written atomically.

Every command that writes checks each of its outputs here before writing (`check_output`,
`check_folder`, `refuse_inputs`): it must end in the suffix of what is written, must not be a
folder, must not be one of the files the deck is made from, and, when it lies in the deck's
folder as written, must not reach out of that folder through a symbolic link. Then
`write_atomic` writes it whole or not at all: a failed or killed build never leaves half a file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from deckgen.errors import DeckgenError, printable

TEMP_PREFIX = ".deckgen-"
"""How the temporary files of atomic writes begin: `.deckgen-<pid>-...tmp`."""


def write_atomic(target: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `target`, then rename it into place."""
    found = status(target)
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise DeckgenError(
            f"{target}: is a folder; give a file name such as {target / 'deck.pptx'}"
        )
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        remove_stale_temps(folder)
        fd, tmp = create_temporary(folder)
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


def create_temporary(folder: Path) -> tuple[int, str]:
    """Return an open descriptor and the name of a new file in `folder`, readable by its owner
    only, named as `remove_stale_temps` sweeps them: `.deckgen-<pid>-<random>.tmp`."""
    # What tempfile.mkstemp does, without importing tempfile and random for it (2 ms a build).
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    flags |= getattr(os, "O_BINARY", 0)
    for _attempt in range(100):
        name = os.path.join(folder, f"{TEMP_PREFIX}{os.getpid()}-{os.urandom(6).hex()}.tmp")
        try:
            return os.open(name, flags, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused temporary file name", str(folder))


def status(path: Path, *, follow: bool = True) -> os.stat_result | None:
    """Return the status of `path` (of a link itself when not `follow`), None when nothing is
    there; raise DeckgenError when the system refuses the name (too long, not searchable)."""
    try:
        return os.stat(path, follow_symlinks=follow)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # a link that leads to itself: no file there
            return None
        raise DeckgenError(printable(f"{path}: cannot write here ({exc.strerror})")) from None
    except ValueError:  # a NUL byte in the name
        raise DeckgenError(printable(f"{path}: is not a file name the system accepts")) from None


def exists(path: Path) -> bool:
    """Return whether anything is at `path`: a file, a folder, or a link, even a broken one."""
    return status(path, follow=False) is not None


def check_output(
    target: Path, suffixes: tuple[str, ...], *, within: Path | None, example: str
) -> None:
    """Raise unless `target` may be written: it ends in one of `suffixes`, is not a folder, and,
    when `within` (the deck's folder) holds it as written, no link leads it out of `within`.

    `example` is a file name to suggest when `target` is a folder.
    """
    found = status(target)
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise DeckgenError(
            printable(f"{target}: is a folder; give a file name such as {target / example}")
        )
    if target.suffix.lower() not in suffixes:
        raise DeckgenError(printable(f"{target}: the output must end in {' or '.join(suffixes)}"))
    if within is not None:
        check_folder(target, within)


LINK_HINT = "remove the link, or choose where to write with -o"


def check_folder(path: Path, within: Path, hint: str = LINK_HINT) -> None:
    """Raise when `path` (a file or a folder deckgen writes into) lies in the folder `within` as
    written, but a symbolic link on the way (`out`, `out/preview`, the file itself) leads it out.

    A path written outside `within` is the user's own choice and is not checked: deckgen
    writes where the command line says. A link inside the deck's folder may have come with a
    deck from someone else, and could aim a write, or preview's deletions, at any folder.
    """
    status(path)  # a name the system refuses (too long) is refused before anything is written
    outside = _outside(path, within)
    if outside is None:
        return
    if outside == path and not os.path.islink(path):  # a `..` after a link
        what = f"leads to {os.path.realpath(path)} through a link"
    else:
        what = f"is a link to {os.path.realpath(outside)}"
    raise DeckgenError(printable(f"{outside}: {what}, outside the deck's folder; {hint}"))


def _outside(path: Path, within: Path) -> Path | None:
    """Return the first part of `path`, as written, where a link leads out of `within` (`path`
    itself when only `..` after a link does), or None when `path` stays in or is not in it."""
    base, real = Path(os.path.abspath(within)), Path(os.path.realpath(within))
    written = Path(os.path.abspath(path))
    if not (written.is_relative_to(base) or written.is_relative_to(real)):
        return None  # written outside the deck's folder: the user's choice
    if Path(os.path.realpath(path)).is_relative_to(real):
        return None
    for count in range(1, len(path.parts) + 1):
        part = Path(*path.parts[:count])
        inside = Path(os.path.abspath(part))
        if not (inside.is_relative_to(base) or inside.is_relative_to(real)):
            continue  # above the deck's folder
        if os.path.islink(part) and not Path(os.path.realpath(part)).is_relative_to(real):
            return part
    return path


def refuse_inputs(targets: Iterable[Path], used: Sequence[Path]) -> None:
    """Raise when a file a command would write is one of `used`, the files the deck is made from
    (the deck first, as `commands.build.inputs` lists them)."""
    resolved = [path.resolve() for path in used]
    for target in targets:
        if target.resolve() in resolved:
            deck = target.resolve() == resolved[0]
            what = "the deck file itself" if deck else "a file the deck uses"
            raise DeckgenError(printable(f"{target}: is {what}; choose another output path"))


MAX_LIST_BYTES = 1_000_000
"""The size past which a command's list of its files is not one it wrote."""


def owned(
    folder: Path, listing: str, ours: Callable[[str], bool], *, legacy: bool, used: Iterable[Path]
) -> set[str]:
    """Return the names of the files a command wrote into `folder` before, as its list there
    (the file `listing`) says, each a name `ours` accepts; none of `used`, the deck's inputs (a
    picture the deck now shows is the user's).

    Without a list, in a folder of deckgen's own (`legacy`: `out/preview`, `out/charts`, from a
    deckgen that kept no list), every file whose name `ours` accepts counts as the command's.
    """
    try:
        import json

        names = json.loads(read_bounded(folder / listing, MAX_LIST_BYTES))
    except (OSError, ValueError):
        names = None
    found: set[str] = set()
    if isinstance(names, list):
        found = {n for n in names if isinstance(n, str) and ours(n)}
    elif legacy:
        with contextlib.suppress(OSError):
            found = {p.name for p in folder.iterdir() if ours(p.name)}
    inputs = {path.resolve() for path in used}
    return {n for n in found if (folder / n).resolve() not in inputs}


def refuse_unowned(targets: Iterable[Path], mine: set[str], command: str) -> None:
    """Raise when one of `targets` exists (a file, a folder, a link) but is not one of `mine`,
    the names `command` wrote there before."""
    for target in targets:
        if exists(target) and target.name not in mine:
            raise DeckgenError(
                printable(
                    f"{target}: already exists and {command} did not write it; choose another "
                    "folder with -o, or move the file away"
                )
            )


def record(folder: Path, listing: str, names: Iterable[str]) -> None:
    """Write the list `listing` of the files a command wrote into `folder`."""
    import json

    write_atomic(folder / listing, json.dumps(sorted(set(names))).encode())


def remove_own(path: Path) -> None:
    """Delete the file at `path` that deckgen wrote before: only a regular file, never a link
    or a folder someone put in its place; a file that cannot be deleted stays."""
    found = status(path, follow=False)
    if found is not None and stat.S_ISREG(found.st_mode):
        with contextlib.suppress(OSError):
            path.unlink()


def keep_aside(path: Path, name: Callable[[int], Path]) -> Path:
    """Give the file at `path` a second name too, the first of `name(1)`, `name(2)`... that is
    free, and return it: never over an existing file, and whole or not at all.

    A hard link where the file system has them (the same bytes under both names, at once; the
    next `write_atomic` of `path` leaves them to the second); elsewhere the name is taken first
    (created exclusively), then a copy renamed over it.
    """
    for number in range(1, 1000):
        target = name(number)
        try:
            os.link(path, target)
            return target
        except FileExistsError:
            continue
        except (OSError, NotImplementedError):
            pass  # no hard links here (FAT, some network shares): a copy
        try:
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
        except FileExistsError:
            continue
        except OSError as exc:
            raise DeckgenError(
                printable(f"{target}: cannot keep {path} here ({exc.strerror})")
            ) from None
        try:
            with path.open("rb") as source:
                data = source.read()
            write_atomic(target, data)
        except OSError as exc:
            remove_own(target)
            raise DeckgenError(printable(f"{path}: cannot be kept ({exc.strerror})")) from None
        except DeckgenError:
            remove_own(target)
            raise
        return target
    raise DeckgenError(printable(f"{name(1)}: taken, and so are its numbered names"))


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
    import shutil
    import tempfile

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
