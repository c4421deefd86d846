"""The JSON Schema of `deck.yaml`, generated from the model that validates it.

Editors (VS Code's YAML extension, JetBrains IDEs) read it to complete keys, show each key's
documentation and flag mistakes as you type; `deck.yaml`'s first line points at it:
`# yaml-language-server: $schema=deck.schema.json`.
"""

from __future__ import annotations

import ast
import functools
import inspect
import json
from typing import Any

from pydantic import BaseModel

from deckgen import model
from deckgen.model import Deck

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "urn:deckgen:deck.schema.json"
FILE_NAME = "deck.schema.json"


def generate() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a deck file."""
    _document_fields()
    body = Deck.model_json_schema()
    return {
        "$schema": DIALECT,
        "$id": SCHEMA_ID,
        **body,
        "title": "deckgen deck",
        "description": f"{body['description']} `deckgen build` turns it into a PowerPoint deck.",
    }


@functools.cache
def _document_fields() -> None:
    """Give each model field the docstring under its declaration as its description.

    pydantic's `use_attribute_docstrings` does the same when the model is imported, which every
    build would pay for; only the schema needs the descriptions.
    """
    written: dict[str, dict[str, str]] = {}
    for node in ast.parse(inspect.getsource(model)).body:
        if isinstance(node, ast.ClassDef):
            pairs = zip(node.body, node.body[1:], strict=False)
            written[node.name] = {
                field.target.id: inspect.cleandoc(doc.value.value)
                for field, doc in pairs
                if isinstance(field, ast.AnnAssign)
                and isinstance(field.target, ast.Name)
                and isinstance(doc, ast.Expr)
                and isinstance(doc.value, ast.Constant)
                and isinstance(doc.value.value, str)
            }
    models = [
        value
        for value in vars(model).values()
        if isinstance(value, type)
        and issubclass(value, BaseModel)
        and value.__module__ == model.__name__
    ]
    for cls in models:
        for name, info in cls.model_fields.items():
            docs = (written.get(klass.__name__, {}).get(name) for klass in cls.__mro__)
            info.description = info.description or next((d for d in docs if d), None)
    for _ in range(2):  # twice: a model's schema embeds those of models declared after it
        for cls in models:
            cls.model_rebuild(force=True)


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
