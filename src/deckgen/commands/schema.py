"""`deckgen schema`: the JSON Schema of deck.yaml, printed or written to a file."""

from __future__ import annotations

import json
from pathlib import Path

from deckgen import files
from deckgen.errors import DeckgenError, printable
from deckgen.outline import schema

MAX_SCHEMA_BYTES = 10_000_000
"""The size past which an existing file cannot be a schema deckgen wrote."""


def text() -> str:
    """Return the schema as the JSON text `deckgen schema` prints and the repository commits."""
    return schema.text()


def write(target: Path) -> Path:
    """Write the schema to `target`, a .json file that is new or a schema deckgen wrote; return
    it."""
    files.check_output(target, (".json",), within=None, example=schema.FILE_NAME)
    if files.exists(target) and not _a_schema(target):
        raise DeckgenError(
            printable(
                f"{target}: already exists and is not a deck schema deckgen wrote; choose "
                "another name, or move the file away"
            )
        )
    files.write_atomic(target, schema.text().encode())
    return target


def _a_schema(path: Path) -> bool:
    """Return whether the file at `path` holds a deck schema that deckgen wrote (of any version)."""
    try:
        found = json.loads(files.read_bounded(path, MAX_SCHEMA_BYTES))
    except (OSError, ValueError):
        return False
    return isinstance(found, dict) and found.get("$id") == schema.SCHEMA_ID
