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
import zlib
from collections.abc import Collection, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from deckgen.errors import DeckgenError
from deckgen.files import NotAFile, TooLarge, create_temporary, read_bounded

DEFAULT_LIMIT_MB = 256
"""The cache's size limit unless `DECKGEN_CACHE_MAX_MB` sets one: the talk's figures take
under 1 MB, a 1000-slide deck's 200 figures about 10 MB."""

ENTRY = re.compile(
    r"(?P<key>[0-9a-f]{32})(\.[0-9a-f]{16})?\.(png|svg|pdf|slide|pptx|jpeg|widths|texts|zip)"
    r"|base-(?P<base>[0-9a-f]{32})\.pptx"
)
"""The name of an entry: a figure (a slide's picture, its PNG and SVG together, is `.slide`), a
base package (`.pptx`), a thumbnail (`.jpeg`), the text widths measured (`.widths`), the
digests of slides' texts (`.texts`) or a compressed zip member (`.zip`); without
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
numpy draw the figures, Pillow encodes the titled ones (`charts --titled`) and the thumbnail
(deckgen encodes the other PNGs with zlib, whose version counts too), python-pptx and lxml make
a template's base package."""

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


HASHED_MAX_BYTES = 256_000
"""The largest file of deckgen's own whose bytes `code_digest` reads, where it reads them: its
sources are at most 50 KB, its fonts 1.5 MB."""


@lru_cache(maxsize=1)
def code_digest() -> str:
    """Return a digest of all but the deck that can change an entry: every file of the deckgen
    package (its code, bundled fonts and data), and the versions of Python and of LIBRARIES.

    Computed once per process, from the files as they are when first asked for, so an edited
    source or a reinstalled deckgen is a new key whatever its version number says; no library
    is imported to ask its version. A file counts by its name, size and modification time, as
    a build tool judges its inputs (reading the package's 1 MB of sources took a rebuild 3 ms),
    with the package's folder; where every file has the same time (a Nix or Guix store, an
    archive that sets them all alike), also by its bytes, fonts but by their size.
    """
    digest = hashlib.sha256()
    root = os.path.dirname(os.path.realpath(__file__))
    digest.update(f"{root}\0".encode())
    found = [(name, os.stat(os.path.join(root, name))) for name in _package_files(root)]
    alike = len({status.st_mtime_ns for _name, status in found}) == 1
    for name, status in found:
        digest.update(f"{name}\0{status.st_size}\0{status.st_mtime_ns}\0".encode())
        if alike and status.st_size <= HASHED_MAX_BYTES:
            with open(os.path.join(root, name), "rb") as handle:
                digest.update(handle.read())
    versions = [sys.version.split()[0], *(library_version(*lib) for lib in LIBRARIES)]
    versions.append(zlib.ZLIB_RUNTIME_VERSION)  # deflates the slides' PNGs (figures.draw.png)
    digest.update(repr(versions).encode())
    return digest.hexdigest()[:16]


def _package_files(root: str) -> list[str]:
    """Return every file of the package at `root` by its path from there, with "/" between
    folders, in a fixed order: not compiled bytecode."""
    found = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        inside = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if inside == "." else f"{inside}/"
        found += [prefix + n for n in sorted(names) if not n.endswith((".pyc", ".pyo"))]
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
    found = {version for site in sites for version in _installed(site).get(wanted, ())}
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
def _installed(folder: Path) -> dict[str, tuple[str, ...]]:
    """Return the versions of each distribution whose `.dist-info` folder is in `folder`, by
    its name `_normalised` (none when `folder` cannot be listed)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return {}
    found: dict[str, tuple[str, ...]] = {}
    for name in names:
        if name.endswith(".dist-info"):
            distribution, _, version = name[: -len(".dist-info")].partition("-")
            key = _normalised(distribution)
            found[key] = (*found.get(key, ()), version)
    return found


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
        fd, tmp = create_temporary(cache)
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


MEMO_MAX = {"widths": 100_000, "texts": 20_000}
"""The most entries each memo keeps (text widths; slides' text digests): past it, a build keeps
only those it found."""
Memo = Literal["widths", "texts"]
"""What a build remembers for the next one: the widths of texts the fit measured, the digests
of the slides' texts the mark read from their XML."""


def memo_key(kind: Memo) -> str:
    """Return the key of a memo's entry: it depends on deckgen (and so the fonts) and Pillow."""
    return hashlib.sha256(f"{kind}\0{code_digest()}".encode()).hexdigest()[:32]


def load_memo(cache: Path | None, kind: Memo) -> dict[str, Any]:
    """Return what earlier builds kept in the `kind` memo: widths (floats) or digests (text);
    nothing without a cache (None)."""
    import json

    if cache is None:
        return {}
    data = lookup(cache, [memo_key(kind)], kind).get(memo_key(kind))
    if data is None:
        return {}
    try:
        found = json.loads(data)
    except ValueError:
        return {}
    if not isinstance(found, dict):
        return {}
    valid = float if kind == "widths" else str
    return {k: v for k, v in found.items() if isinstance(k, str) and type(v) is valid}


def store_memo(cache: Path, kind: Memo, known: dict[str, Any], found: dict[str, Any]) -> None:
    """Keep `known` and `found` for the next build, in place of `known`'s entry."""
    import json

    new = {key: value for key, value in found.items() if key not in known}
    if not new:
        return
    key = memo_key(kind)
    kept = {**known, **new} if len(known) + len(new) <= MEMO_MAX[kind] else new
    store(cache, key, kind, json.dumps(kept, ensure_ascii=False).encode())
    if known:
        old = json.dumps(known, ensure_ascii=False).encode()
        with contextlib.suppress(OSError):
            (cache / figure_name(key, kind, old)).unlink()
