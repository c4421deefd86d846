"""`deckgen schema`: the JSON Schema of deck.yaml, printed or written to a file."""

from __future__ import annotations

from pathlib import Path

from deckgen.files import write_atomic
from deckgen.outline import schema


def text() -> str:
    """Return the schema as the JSON text `deckgen schema` prints and the repository commits."""
    return schema.text()


def write(target: Path) -> Path:
    """Write the schema to `target`; return it."""
    write_atomic(target, schema.text().encode())
    return target
