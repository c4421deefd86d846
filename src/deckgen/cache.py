"""The build cache (`out/.cache/`): drawn figures and base packages, shared by builds, bounded.

A figure's entry is named `<key>.<checksum>.<format>`: the key says which figure, the checksum
(of the bytes) lets a read reject a truncated or damaged file. A base package's entry is
`base-<key>.pptx` (`deckgen.slides` checks its zip's CRCs instead). Entries appear by rename,
complete, so builds running at once may share a cache.

A read marks an entry used (its modification time). After each build the entries used longest
ago are deleted until the cache is under its limit, `DECKGEN_CACHE_MAX_MB` (256 by default);
the entries the build used are kept even past it. Only files named as entries are ever deleted.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
import re
import tempfile
from collections.abc import Collection, Sequence
from pathlib import Path

from deckgen.errors import DeckgenError
from deckgen.files import TEMP_PREFIX

DEFAULT_LIMIT_MB = 256
"""The cache's size limit unless `DECKGEN_CACHE_MAX_MB` sets one: the talk's figures take
under 1 MB, a 1000-slide deck's 200 figures about 10 MB."""

ENTRY = re.compile(
    r"(?P<key>[0-9a-f]{32})(\.[0-9a-f]{16})?\.(png|svg|pdf|pptx|jpeg)"
    r"|base-(?P<base>[0-9a-f]{32})\.pptx"
)
"""The name of an entry: a figure, a base package (`.pptx`) or a thumbnail (`.jpeg`); without
a checksum, or named
`base-<key>.pptx`, an entry of an earlier deckgen, which is only pruned."""

_CLOCK_SLACK = 2.0
"""Seconds of doubt about a modification time: some file systems keep them to 2 s."""


def folder(default: Path) -> Path:
    """Return the cache folder: $DECKGEN_CACHE_DIR, or `default`."""
    env = os.environ.get("DECKGEN_CACHE_DIR")
    return Path(env) if env else default


def limit() -> float:
    """Return the cache's size limit in bytes, from $DECKGEN_CACHE_MAX_MB (`inf`: none)."""
    text = os.environ.get("DECKGEN_CACHE_MAX_MB", "").strip()
    if not text:
        return DEFAULT_LIMIT_MB * 1_000_000
    try:
        megabytes = float(text)
    except ValueError:
        megabytes = math.nan
    if not megabytes >= 0:  # negative, NaN or not a number
        raise DeckgenError(
            f"DECKGEN_CACHE_MAX_MB: {text!r} is not a size in megabytes, such as 500"
        )
    return megabytes * 1_000_000


def stamp(path: Path) -> str:
    """Return what tells a changed file apart in a key: its name, size and modification time.

    Not its bytes: hashing the 3 MB of bundled fonts would cost every build 4 ms.
    """
    stat = path.stat()
    return f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}"


def figure_name(key: str, fmt: str, data: bytes) -> str:
    """Return the name of the entry holding figure `key`'s `data`."""
    return f"{key}.{hashlib.sha256(data).hexdigest()[:16]}.{fmt}"


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
        if key not in wanted or key in found or not rest.endswith(f".{fmt}"):
            continue
        try:
            data = (cache / name).read_bytes()
        except OSError:
            continue
        if figure_name(key, fmt, data) == name:
            found[key] = data
            touch(cache / name)
        else:  # damaged: drop it, the figure is drawn again
            with contextlib.suppress(OSError):
                (cache / name).unlink()
    return found


def store(cache: Path, key: str, fmt: str, data: bytes) -> None:
    """Add an entry to the cache; a concurrent build sees it whole or not at all."""
    target = cache / figure_name(key, fmt, data)
    try:
        cache.mkdir(parents=True, exist_ok=True)
        # Named as files.write_atomic names its temporary files: a killed build's are swept.
        prefix = f"{TEMP_PREFIX}{os.getpid()}-"
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
    with contextlib.suppress(OSError):  # a read-only cache, or another user's entry
        os.utime(entry)


def prune(
    cache: Path, *, keep: Collection[str] = (), used_since: float, limit_bytes: float
) -> list[Path]:
    """Delete the least recently used entries past `limit_bytes`; return those deleted.

    Entries whose key is in `keep`, or used at or after `used_since` (a `time.time()`, when the
    build that calls this started), are never deleted, even when they alone pass the limit.
    """
    total, candidates = 0, []
    try:
        with os.scandir(cache) as found:
            for item in found:
                name = ENTRY.fullmatch(item.name)
                with contextlib.suppress(OSError):
                    if name and item.is_file(follow_symlinks=False):
                        stat = item.stat(follow_symlinks=False)
                        total += stat.st_size
                        kept = name["key"] in keep or name["base"] in keep
                        recent = stat.st_mtime >= used_since - _CLOCK_SLACK
                        if not (kept or recent):
                            candidates.append((stat.st_mtime, stat.st_size, Path(item.path)))
    except OSError:
        return []
    deleted = []
    for _used, size, path in sorted(candidates):
        if total <= limit_bytes:
            break
        try:
            path.unlink()
            deleted.append(path)
        except FileNotFoundError:  # another build pruned it first
            pass
        except OSError:
            continue
        total -= size
    return deleted
