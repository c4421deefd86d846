"""The JSON Schema of `deck.yaml`, generated from the model that validates it.

Editors (VS Code's YAML extension, JetBrains IDEs) read it to complete keys, show each key's
documentation and flag mistakes as you type; `deck.yaml`'s first line points at it:
`# yaml-language-server: $schema=deck.schema.json`.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import functools
import inspect
import json
import types
from typing import Any, Literal, Union, get_args, get_origin

from deckgen.outline import model
from deckgen.outline.model import Deck

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "urn:deckgen:deck.schema.json"
FILE_NAME = "deck.schema.json"


def generate() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a deck file."""
    defs: dict[str, dict[str, Any]] = {}
    body = _object(Deck, defs)
    defs.pop(Deck.__name__, None)
    schema = {
        **body,
        "$defs": dict(sorted(defs.items())),
        "title": "deckgen deck",
        "description": f"{body['description']} `deckgen build` turns it into a PowerPoint deck.",
    }
    return {"$schema": DIALECT, "$id": SCHEMA_ID, **_sorted(schema)}


def _object(cls: type[model.Strict], defs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Return the schema of the mapping `cls`, adding the mappings it refers to to `defs`."""
    properties: dict[str, Any] = {}
    required: list[str] = []
    for f in dataclasses.fields(cls):
        prop = _schema(f.type, defs)
        refers = "$ref" in prop or any("$ref" in member for member in prop.get("anyOf", []))
        if not refers:
            prop["title"] = f.name.replace("_", " ").title()
        prop["description"] = _field_docs(cls)[f.name]
        if model.required(f):
            required.append(f.name)
        elif f.default_factory is not dataclasses.MISSING:
            prop["default"] = _plain(f.default_factory())
        else:
            prop["default"] = _plain(f.default)
        properties[f.name] = prop
    mapping: dict[str, Any] = {
        "additionalProperties": False,
        "description": inspect.cleandoc(cls.__doc__ or ""),
        "properties": properties,
        "title": cls.__name__,
        "type": "object",
    }
    if required:
        mapping["required"] = required
    if not cls.shorthand:
        return mapping
    # A string stands for the mapping with one key set: the schema accepts either.
    description = mapping.pop("description")
    return {
        "anyOf": [{"type": "string"}, mapping],
        "description": description,
        "title": cls.__name__,
    }


_SCALARS: dict[Any, dict[str, str]] = {
    str: {"type": "string"},
    bool: {"type": "boolean"},
    int: {"type": "integer"},
    float: {"type": "number"},
    dt.date: {"format": "date", "type": "string"},
    type(None): {"type": "null"},
}


def _schema(tp: Any, defs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Return the schema of a value of the declared type `tp`."""
    tp, meta = model.unwrap(tp)
    origin = get_origin(tp)
    schema: dict[str, Any]
    if origin in (Union, types.UnionType):
        members = get_args(tp)
        tag = next((m for m in meta if isinstance(m, model.Tag)), None)
        if tag is None:
            return {"anyOf": [_schema(m, defs) for m in members]}
        refs = [_schema(m, defs)["$ref"] for m in members]
        tags = [model.tag_value(m, tag.key) for m in members]
        return {
            "discriminator": {
                "mapping": dict(sorted(zip(tags, refs, strict=True))),
                "propertyName": tag.key,
            },
            "oneOf": [{"$ref": ref} for ref in refs],
        }
    if origin is Literal:  # the model's literals are all strings
        choices = list(get_args(tp))
        schema = {"const": choices[0]} if len(choices) == 1 else {"enum": choices}
        return {**schema, "type": "string"}
    if origin is list:
        schema = {"items": _schema(get_args(tp)[0], defs), "type": "array"}
    elif isinstance(tp, type) and issubclass(tp, model.Strict):
        if tp.__name__ not in defs:
            defs[tp.__name__] = {}  # taken: a mapping may refer to itself
            defs[tp.__name__] = _object(tp, defs)
        return {"$ref": f"#/$defs/{tp.__name__}"}
    elif tp in _SCALARS:
        schema = dict(_SCALARS[tp])
    else:
        raise TypeError(f"the model declares a type the schema cannot state: {tp!r}")
    for rule in meta:
        schema.update(_constraint(rule))
    return schema


def _constraint(rule: Any) -> dict[str, Any]:
    """Return the schema keywords that state `rule`."""
    found: dict[str, Any] = {}
    if isinstance(rule, model.Count | model.Chars):
        prefix = "Items" if isinstance(rule, model.Count) else "Length"
        if rule.least:
            found[f"min{prefix}"] = rule.least
        if rule.most is not None:
            found[f"max{prefix}"] = rule.most
    elif isinstance(rule, model.Pattern):
        found["pattern"] = rule.regex
        if rule.examples:
            found["examples"] = list(rule.examples)
    elif isinstance(rule, model.AtLeast):
        found["minimum"] = rule.least
    elif isinstance(rule, model.WholeNumbersAsText):
        found["type"] = ["string", "integer"]
    return found


def _plain(value: Any) -> Any:
    """Return a default as JSON data."""
    if isinstance(value, model.Strict):
        return value.as_dict()
    return value


def _sorted(schema: Any, *, keep_order: bool = False) -> Any:
    """Return `schema` with each object's keywords sorted, but properties in declared order."""
    if isinstance(schema, list):
        return [_sorted(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    items = schema.items() if keep_order else sorted(schema.items())
    return {
        key: value if key == "default" else _sorted(value, keep_order=key == "properties")
        for key, value in items
    }


@functools.cache
def _docs() -> dict[str, dict[str, str]]:
    """Return the docstring written under each field's declaration, by class and field name."""
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
    return written


def _field_docs(cls: type) -> dict[str, str]:
    """Return the docstring of each field of `cls`, inherited ones included."""
    found: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        found.update(_docs().get(klass.__name__, {}))
    return found


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
