"""The JSON Schema of `deck.yaml`, generated from the model that validates it.

Editors (VS Code's YAML extension, JetBrains IDEs) read it to complete keys, show each key's
documentation and flag mistakes as you type; `deck.yaml`'s first line points at it:
`# yaml-language-server: $schema=deck.schema.json`.
"""

from __future__ import annotations

import json
from typing import Any

from deckgen.model import Deck

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "urn:deckgen:deck.schema.json"
FILE_NAME = "deck.schema.json"


def generate() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a deck file."""
    body = Deck.model_json_schema()
    return {
        "$schema": DIALECT,
        "$id": SCHEMA_ID,
        **body,
        "title": "deckgen deck",
        "description": f"{body['description']} `deckgen build` turns it into a PowerPoint deck.",
    }


def text() -> str:
    """Return the schema as the JSON text `deckgen schema` prints and the repository commits."""
    return json.dumps(generate(), indent=2, ensure_ascii=False) + "\n"


def undocumented(schema: dict[str, Any]) -> list[str]:
    """Return "Model.key" for every property of `schema` that has no description."""
    missing = []
    for name, definition in [("Deck", schema), *schema.get("$defs", {}).items()]:
        for variant in [definition, *definition.get("anyOf", [])]:
            for key, prop in variant.get("properties", {}).items():
                if not prop.get("description"):
                    missing.append(f"{name}.{key}")
    return missing
