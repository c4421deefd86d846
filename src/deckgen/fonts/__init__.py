"""The bundled Korean + Latin font (a subset of Noto Sans CJK KR, SIL OFL 1.1: see OFL.txt)."""

from __future__ import annotations

import itertools
import struct
import unicodedata
from functools import lru_cache
from pathlib import Path

FAMILY = "Deckgen Sans KR"
FOLDER = Path(__file__).resolve().parent


def path(bold: bool = False) -> Path:
    """Return the file of the bundled font, regular or bold."""
    return FOLDER / f"DeckgenSansKR-{'Bold' if bold else 'Regular'}.otf"


def missing(text: str) -> str:
    """Return the characters of `text` the bundled font has no glyph for, each once, in order.

    As a figure sets the text: composed (NFC, so "e" and a combining accent are "é"), line
    breaks and the invisible characters a shaper drops (joiners, variation selectors) left out.
    """
    if text.isascii() and text.isprintable():
        return ""  # the font has every printable ASCII character: the common case, at once
    covered = coverage()
    found = dict.fromkeys(
        ch
        for ch in unicodedata.normalize("NFC", text)
        if ord(ch) not in covered and ch != "\n" and not _ignorable(ch)
    )
    return "".join(found)


def _ignorable(ch: str) -> bool:
    """Return whether a shaper drops `ch` unseen: a format character (a zero-width joiner or
    space, a direction mark) or a variation selector."""
    code = ord(ch)
    return (
        unicodedata.category(ch) == "Cf"
        or 0xFE00 <= code <= 0xFE0F
        or 0xE0100 <= code <= 0xE01EF
        or code == 0x034F  # combining grapheme joiner
    )


@lru_cache(maxsize=1)
def coverage() -> frozenset[int]:
    """Return the code points both bundled faces have a glyph for (read once, in about 5 ms)."""
    return _cmap(path(bold=False)) & _cmap(path(bold=True))


def _cmap(font: Path) -> frozenset[int]:
    """Return the code points the Unicode cmap of the OpenType font `font` maps to a glyph."""
    with font.open("rb") as handle:
        _version, tables = struct.unpack(">IH", handle.read(6))
        handle.seek(12)
        directory = handle.read(16 * tables)
        for index in range(tables):
            tag, _checksum, offset, length = struct.unpack_from(">4sIII", directory, 16 * index)
            if tag == b"cmap":
                handle.seek(offset)
                return _code_points(handle.read(length))
    raise ValueError(f"{font} has no cmap table")


def _code_points(cmap: bytes) -> frozenset[int]:
    """Return the code points of the best Unicode subtable of a cmap table: format 12 (all of
    Unicode) where there is one, else format 4 (the Basic Multilingual Plane)."""
    _version, count = struct.unpack_from(">HH", cmap, 0)
    offsets: dict[int, int] = {}
    for index in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", cmap, 4 + 8 * index)
        if (platform, encoding) in ((3, 10), (0, 4), (0, 6), (3, 1), (0, 3)):
            offsets.setdefault(struct.unpack_from(">H", cmap, offset)[0], offset)
    if 12 in offsets:
        return _format_12(cmap, offsets[12])
    if 4 in offsets:
        return _format_4(cmap, offsets[4])
    raise ValueError("the font has no Unicode cmap of format 4 or 12")


def _format_12(cmap: bytes, at: int) -> frozenset[int]:
    """Return the code points of a format 12 subtable: groups of consecutive characters."""
    (groups,) = struct.unpack_from(">I", cmap, at + 12)
    found: set[int] = set()
    for start, end, glyph in struct.iter_unpack(">III", cmap[at + 16 : at + 16 + 12 * groups]):
        found.update(range(start + (glyph == 0), end + 1))  # glyph 0 is "missing"
    return frozenset(found)


def _format_4(cmap: bytes, at: int) -> frozenset[int]:
    """Return the code points of a format 4 subtable whose glyph is not glyph 0 ("missing")."""
    (segments,) = struct.unpack_from(">H", cmap, at + 6)
    segments //= 2
    ends = struct.unpack_from(f">{segments}H", cmap, at + 14)
    starts_at = at + 16 + 2 * segments
    starts = struct.unpack_from(f">{segments}H", cmap, starts_at)
    deltas = struct.unpack_from(f">{segments}h", cmap, starts_at + 2 * segments)
    ranges_at = starts_at + 4 * segments
    ranges = struct.unpack_from(f">{segments}H", cmap, ranges_at)
    found: set[int] = set()
    for index, (start, end, delta, offset) in enumerate(
        zip(starts, ends, deltas, ranges, strict=True)
    ):
        end = min(end, 0xFFFE)  # the last segment ends at U+FFFF, which maps to no glyph
        if end < start:
            continue
        if offset == 0:  # each character's glyph is its code plus `delta`
            segment = set(range(start, end + 1))
            segment.discard(-delta & 0xFFFF)  # the one code whose glyph would be 0, if here
            found |= segment
            continue
        where = ranges_at + 2 * index + offset  # the glyphs of the segment, one after another
        glyphs = struct.unpack_from(f">{end - start + 1}H", cmap, where)
        found.update(itertools.compress(range(start, end + 1), glyphs))  # glyph 0: none
    return frozenset(found)
