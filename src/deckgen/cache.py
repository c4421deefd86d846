"""The build cache (`out/.cache/`): drawn figures and base packages, shared by builds, bounded.

An entry is named `<key>.<checksum>.<format>`: the key says which figure, the checksum (of the
bytes) lets a read reject a truncated or damaged file. Entries appear by rename, complete, so
builds running at once may share a cache. A read marks an entry used (its modification time);
after a build that added entries, the least recently used ones go until the cache is back under
its limit, `DECKGEN_CACHE_MAX_MB` (256 by default). Entries the build itself used always stay.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

from deckgen.errors import DeckgenError
from deckgen.files import _TEMP_PREFIX, remove_stale_temps

DEFAULT_LIMIT_MB = 256
"""The cache's size limit unless `DECKGEN_CACHE_MAX_MB` sets one: the talk's figures take
under 1 MB, a 1000-slide deck's 200 figures about 10 MB."""


ENTRY = re.compile(r"[0-9a-f]{32}\.[0-9a-f]{16}\.(png|svg|pdf)|base-[0-9a-f]{32}\.pptx")
"""The name of a cache entry: a figure, or a base package (`deckgen.slides`). Pruning deletes
nothing else, so a cache folder set to hold other files too loses none of them."""

_CLOCK_SLACK = 2.0
"""Seconds of doubt about a modification time: some file systems keep them to 2 s."""


def folder(default: Path) -> Path:
    """Return the cache folder: $DECKGEN_CACHE_DIR, or `default`."""
    env = os.environ.get("DECKGEN_CACHE_DIR")
    return Path(env) if env else default


def limit() -> int:
    """Return the cache's size limit in bytes, from $DECKGEN_CACHE_MAX_MB or the default."""
    text = os.environ.get("DECKGEN_CACHE_MAX_MB", "").strip()
    if not text:
        return DEFAULT_LIMIT_MB * 1_000_000
    try:
        megabytes = float(text)
    except ValueError:
        megabytes = -1.0
    if not megabytes >= 0:  # also NaN
        raise DeckgenError(
            f"DECKGEN_CACHE_MAX_MB: {text!r} is not a size in megabytes, such as 500"
        )
    return int(megabytes * 1_000_000)


def lookup(cache: Path, keys: Sequence[str], fmt: str) -> dict[str, bytes]:
    """Return the cached bytes of each of `keys` that has a sound entry in `cache`."""
    wanted = set(keys)
    found: dict[str, bytes] = {}
    try:
        names = os.listdir(cache)
    except OSError:
        return found
    for name in names:
        key, _, rest = name.partition(".")
        if key not in wanted or key in found:
            continue
        checksum, _, ext = rest.partition(".")
        if ext != fmt:
            continue
        try:
            data = (cache / name).read_bytes()
        except OSError:
            continue
        if hashlib.sha256(data).hexdigest()[:16] == checksum:
            found[key] = data
            touch(cache / name)
        else:  # damaged: drop it, the figure is drawn again
            with contextlib.suppress(OSError):
                (cache / name).unlink()
    return found


def store(cache: Path, key: str, fmt: str, data: bytes) -> None:
    """Add an entry to the cache; a concurrent build sees it whole or not at all."""
    target = cache / f"{key}.{hashlib.sha256(data).hexdigest()[:16]}.{fmt}"
    try:
        cache.mkdir(parents=True, exist_ok=True)
        # Named as files.write_atomic names its temporary files: a killed build's are swept.
        prefix = f"{_TEMP_PREFIX}{os.getpid()}-"
        fd, tmp = tempfile.mkstemp(dir=cache, prefix=prefix, suffix=".tmp")
    except OSError:
        return  # a cache that cannot be written only costs time
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def touch(entry: Path) -> None:
    """Mark `entry` used now, so that pruning keeps it over entries used longer ago."""
    with contextlib.suppress(OSError):  # a read-only cache is still a cache
        os.utime(entry)


def prune(cache: Path, *, used_since: float, limit_bytes: int | None = None) -> list[Path]:
    """Delete the least recently used entries past the size limit; return those deleted.

    Entries used at or after `used_since` (a `time.time()`, when the build that calls this
    started) are never deleted, even when they alone pass the limit.
    """
    used_since -= _CLOCK_SLACK
    remove_stale_temps(cache)
    budget = limit() if limit_bytes is None else limit_bytes
    entries: list[tuple[float, int, Path]] = []
    try:
        with os.scandir(cache) as found:
            for item in found:
                if not ENTRY.fullmatch(item.name) or not item.is_file(follow_symlinks=False):
                    continue
                with contextlib.suppress(OSError):
                    stat = item.stat(follow_symlinks=False)
                    entries.append((stat.st_mtime, stat.st_size, Path(item.path)))
    except OSError:
        return []
    total = sum(size for _, size, _ in entries)
    deleted = []
    for used, size, path in sorted(entries):
        if total <= budget or used >= used_since:
            break
        with contextlib.suppress(OSError):
            path.unlink()
            total -= size
            deleted.append(path)
    return deleted
