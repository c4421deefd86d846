"""The end of a zip archive, read before `zipfile` reads its whole central directory: what a
template's or an edited deck's size is checked against first."""

from __future__ import annotations

import zipfile
from typing import BinaryIO

END = b"PK\x05\x06"
"""The signature of the end-of-central-directory record."""
_RECORD = 22
"""The record's size without its comment."""


def end_record(file: BinaryIO) -> tuple[bytes, int, int]:
    """Return the tail of the open zip `file` (its last 64 KiB and the record), where the
    end-of-central-directory record starts in it, and where the tail starts in the file;
    raise BadZipFile when it has none."""
    file.seek(0, 2)
    length = file.tell()
    start = max(0, length - _RECORD - 0xFFFF)
    file.seek(start)
    tail = file.read()
    end = tail.rfind(END)
    if end < 0 or len(tail) - end < _RECORD:
        raise zipfile.BadZipFile("no end of central directory")
    return tail, end, start
