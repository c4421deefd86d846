"""The build cache (`out/.cache/`): drawn figures and base packages, shared by builds, bounded.

A figure's entry is named `<key>.<checksum>.<format>`: the key says which figure, the checksum
(of the bytes) lets a read reject a truncated or damaged file. A base package's entry is
`base-<key>.pptx` (`deckgen.slides` checks its zip's CRCs instead). Entries appear by rename,
complete, so builds running at once may share a cache.

Every key includes `code_digest()`: deckgen's own files and the versions of the libraries that
draw and write, so a changed deckgen or library never serves an entry made by the old one.

An entry is read as `files.read_bounded` reads a deck's files: anything but a regular file of at
most ENTRY_MAX_BYTES (a FIFO, a device, a huge file) is a miss, deleted and written again.
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
import sys
import tempfile
from collections.abc import Collection, Iterator, Sequence
from functools import lru_cache
from pathlib import Path

from deckgen.errors import DeckgenError
from deckgen.files import TEMP_PREFIX, NotAFile, TooLarge, read_bounded

DEFAULT_LIMIT_MB = 256
"""The cache's size limit unless `DECKGEN_CACHE_MAX_MB` sets one: the talk's figures take
under 1 MB, a 1000-slide deck's 200 figures about 10 MB."""

ENTRY = re.compile(
    r"(?P<key>[0-9a-f]{32})(\.[0-9a-f]{16})?\.(png|svg|pdf|slide|pptx|jpeg|widths|zip)"
    r"|base-(?P<base>[0-9a-f]{32})\.pptx"
)
"""The name of an entry: a figure (a slide's picture, its PNG and SVG together, is `.slide`), a
base package (`.pptx`), a thumbnail (`.jpeg`), the text widths measured (`.widths`) or a
compressed zip member (`.zip`); without
a checksum, or named
`base-<key>.pptx`, an entry of an earlier deckgen, which is only pruned."""

ENTRY_MAX_BYTES = 500_000_000
"""The most an entry may hold: more than any deckgen writes (the largest, a template's base
package, is about its template's size, at most 200 MB). A larger file is no entry."""

LIBRARIES = (
    ("matplotlib", "matplotlib"),
    ("numpy", "numpy"),
    ("pillow", "PIL"),
    ("python-pptx", "pptx"),
    ("lxml", "lxml"),
)
"""The libraries whose release can change an entry, as (distribution, package): matplotlib and
numpy draw the figures, Pillow encodes them and the thumbnail, python-pptx and lxml make a
template's base package."""

HASHED_MAX_BYTES = 256_000
"""The largest file of deckgen's own that `code_digest` reads: its sources are at most 30 KB."""

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


@lru_cache(maxsize=1)
def code_digest() -> str:
    """Return a digest of all but the deck that can change an entry: every file of the deckgen
    package (its code, bundled fonts and data), and the versions of Python and of LIBRARIES.

    Computed once per process, from the files as they are when first asked for, so an edited
    source or a reinstalled deckgen is a new key whatever its version number says; no library
    is imported to ask its version. Files are hashed by their bytes (about 1 ms for all of
    them), but for those over HASHED_MAX_BYTES, the fonts: by their size and modification time,
    as reading 3 MB costs a fresh process 10 ms, a twentieth of a cached rebuild.
    """
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent
    for path in _package_files(root):
        name = path.relative_to(root).as_posix()
        found = path.stat()
        if found.st_size > HASHED_MAX_BYTES:
            digest.update(f"{name}\0{found.st_size}\0{found.st_mtime_ns}\0".encode())
        else:
            data = path.read_bytes()
            digest.update(f"{name}\0{len(data)}\0".encode())
            digest.update(data)
    versions = [sys.version.split()[0], *(library_version(*lib) for lib in LIBRARIES)]
    digest.update(repr(versions).encode())
    return digest.hexdigest()[:16]


def _package_files(root: Path) -> list[Path]:
    """Return every file of the package at `root`, in a fixed order: not compiled bytecode."""
    found = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        found += [Path(folder, n) for n in sorted(names) if not n.endswith((".pyc", ".pyo"))]
    return found


def library_version(distribution: str, package: str) -> str:
    """Return the installed version of `distribution` (which provides `package`), or "none".

    Read from the name of its `.dist-info` folder beside the package, without importing either
    (importlib.metadata alone takes 25 ms); from importlib.metadata when that folder is not
    there or not alone (an editable install, leftovers of an old one).
    """
    from importlib.util import find_spec

    spec = find_spec(package)
    if spec is None:
        return "none"
    sites = [Path(place).parent for place in spec.submodule_search_locations or ()]
    if not sites and spec.origin:  # a module, not a package
        sites = [Path(spec.origin).parent]
    wanted = _normalised(distribution)
    found = {
        name[: -len(".dist-info")].partition("-")[2]
        for site in sites
        for name in _listing(site)
        if name.endswith(".dist-info") and _normalised(name.partition("-")[0]) == wanted
    }
    if len(found) == 1:
        return found.pop()
    from importlib import metadata

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "unknown"


def _normalised(distribution: str) -> str:
    """Return a distribution's name as its `.dist-info` folder spells it, lower case."""
    return re.sub(r"[-_.]+", "_", distribution).lower()


@lru_cache(maxsize=8)
def _listing(folder: Path) -> tuple[str, ...]:
    """Return the names in `folder` (none when it cannot be listed)."""
    try:
        return tuple(os.listdir(folder))
    except OSError:
        return ()


def figure_entries(cache: Path) -> Iterator[str]:
    """Yield the names of the slide pictures in `cache` (none if it cannot be listed)."""
    try:
        names = os.listdir(cache)
    except OSError:
        return
    yield from (name for name in names if name.endswith(".slide"))


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
        data: bytes | None = None
        try:  # a FIFO would block a plain read, a device or a huge file never end
            data = read_bounded(cache / name, ENTRY_MAX_BYTES)
        except (NotAFile, TooLarge):
            pass  # no entry deckgen wrote: dropped below, like a damaged one
        except OSError:  # gone meanwhile, or another user's
            continue
        if data is not None and figure_name(key, fmt, data) == name:
            found[key] = data
            touch(cache / name)
        else:  # damaged, or no file: drop it, the figure is drawn again and stored afresh
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


WIDTHS_MAX = 100_000
"""The most text widths the cache keeps: past it, a build keeps only those it measured."""


def widths_key() -> str:
    """Return the key of the text widths entry: they depend on the fonts, Pillow and deckgen."""
    return hashlib.sha256(f"widths\0{code_digest()}".encode()).hexdigest()[:32]


def load_widths(cache: Path) -> dict[str, float]:
    """Return the text widths earlier builds measured (`deckgen.layout.fit.remember`)."""
    import json

    data = lookup(cache, [widths_key()], "widths").get(widths_key())
    if data is None:
        return {}
    try:
        widths = json.loads(data)
    except ValueError:
        return {}
    if not isinstance(widths, dict):
        return {}
    return {k: v for k, v in widths.items() if isinstance(k, str) and type(v) is float}


def store_widths(cache: Path, known: dict[str, float], measured: dict[str, float]) -> None:
    """Keep `known` and `measured` widths for the next build, in place of `known`'s entry."""
    import json

    new = {text: width for text, width in measured.items() if text not in known}
    if not new:
        return
    key = widths_key()
    kept = {**known, **new} if len(known) + len(new) <= WIDTHS_MAX else new
    store(cache, key, "widths", json.dumps(kept, ensure_ascii=False).encode())
    if known:
        old = json.dumps(known, ensure_ascii=False).encode()
        with contextlib.suppress(OSError):
            (cache / figure_name(key, "widths", old)).unlink()
