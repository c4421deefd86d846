"""`deckgen schema -o`: a .json file, never over a file that is not a schema deckgen wrote."""

from __future__ import annotations

import json

import pytest

from deckgen.outline import schema
from helpers import run


@pytest.mark.parametrize(
    ("name", "message"),
    [
        pytest.param("deck.yaml", "deck.yaml: the output must end in .json", id="deck"),
        pytest.param(
            "package.json",
            "package.json: already exists and is not a deck schema deckgen wrote; choose another "
            "name, or move the file away",
            id="other-json",
        ),
    ],
)
def test_schema_replaces_only_a_schema_it_wrote(tmp_path, monkeypatch, name, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_text('{"name": "mine"}\n', encoding="utf-8")
    result = run("schema", "-o", name)
    assert result.exit_code == 1
    assert result.stderr == message + "\n"
    assert (tmp_path / name).read_text(encoding="utf-8") == '{"name": "mine"}\n'
    # A schema deckgen wrote, of an earlier version, is replaced.
    old = schema.generate()
    old["description"] = "an earlier version"
    (tmp_path / "deck.schema.json").write_text(json.dumps(old), encoding="utf-8")
    assert run("schema", "-o", "deck.schema.json").exit_code == 0
    assert (tmp_path / "deck.schema.json").read_text(encoding="utf-8") == schema.text()
