"""`deckgen schema`: the JSON Schema editors use agrees with the model that validates decks."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from deckgen.commands import init as scaffold
from deckgen.outline import schema
from deckgen.outline.model import Deck
from deckgen.outline.validator import validate
from helpers import EVERY_TYPE, run

ROOT = Path(__file__).resolve().parents[2]


class _EditorLoader(yaml.SafeLoader):
    """Read YAML as an editor's language server does: dates stay text."""


_EditorLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _data(text: str) -> object:
    return yaml.load(text, Loader=_EditorLoader)


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema.generate())


def _errors(validator, data) -> list[str]:
    return [error.message for error in validator.iter_errors(data)]


def test_committed_schema_is_the_generated_one():
    committed = (ROOT / "deck.schema.json").read_text(encoding="utf-8")
    assert committed == schema.text(), "run: deckgen schema -o deck.schema.json"


def test_the_talk_points_editors_at_the_schema():
    first = (ROOT / "deck.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=deck.schema.json"


def test_schema_is_a_valid_draft_2020_12_schema_with_a_name():
    generated = schema.generate()
    jsonschema.Draft202012Validator.check_schema(generated)
    assert generated["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert generated["$id"] == "urn:deckgen:deck.schema.json"
    assert generated["title"] == "deckgen deck"


def test_every_property_has_a_description():
    assert schema.undocumented(schema.generate()) == []


@pytest.mark.parametrize(
    "text",
    [
        pytest.param((ROOT / "deck.yaml").read_text(encoding="utf-8"), id="talk"),
        pytest.param(EVERY_TYPE, id="every-type"),
        pytest.param(scaffold.starter_text(), id="starter"),
    ],
)
def test_decks_that_build_validate(validator, text):
    assert _errors(validator, _data(text)) == []


MINIMAL = {
    "title": "T",
    "sections": [{"title": "S", "slides": [{"type": "statement", "text": "x"}]}],
}


def _with(change) -> dict:
    data = json.loads(json.dumps(MINIMAL))
    change(data)
    return data


def _slide(data) -> dict:
    return data["sections"][0]["slides"][0]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(_with(lambda d: d.update(titel="x")), id="top-level-typo"),
        pytest.param(_with(lambda d: _slide(d).update(txt="x")), id="slide-key-typo"),
        pytest.param(_with(lambda d: _slide(d).update(type="statment")), id="unknown-slide-type"),
        pytest.param(_with(lambda d: d.update(theme={"colours": {}})), id="theme-typo"),
        pytest.param(
            _with(lambda d: d.update(theme={"layouts": {"titel": "Title Slide"}})),
            id="layouts-typo",
        ),
        pytest.param(_with(lambda d: d.update(theme={"charts": "editable"})), id="charts-value"),
        pytest.param(
            _with(
                lambda d: d["sections"][0]["slides"].append(
                    {
                        "type": "chart",
                        "title": "c",
                        "chart": {
                            "kind": "bar",
                            "categories": ["a"],
                            "series": [{"name": "s", "values": [1]}],
                            "render": "svg",
                        },
                    }
                )
            ),
            id="chart-render-value",
        ),
        pytest.param(_with(lambda d: d.pop("sections")), id="missing-sections"),
    ],
)
def test_schema_and_model_reject_the_same_mistakes(validator, data):
    assert _errors(validator, data)
    deck, issues = validate(Deck, data)
    assert deck is None
    assert issues


def test_schema_accepts_the_shorthands_the_model_accepts(validator):
    text = """
    title: T
    date: 2025-01-15
    sections:
      - title: S
        slides:
          - {type: bullets, title: b, bullets: [plain text, {text: mapped, bullets: [nested]}]}
          - type: timeline
            title: t
            events: [{when: 2010, label: a}, {when: "1994-95", label: b}]
          - type: chart
            title: c
            chart: {kind: bar, categories: [2023, 2024], series: [{name: s, values: [1, 2.5]}]}
    """
    data = _data(text.replace("\n    ", "\n"))
    assert _errors(validator, data) == []
    deck, issues = validate(Deck, data)
    assert issues == []
    assert isinstance(deck, Deck)


def test_cli_prints_the_schema():
    result = run("schema")
    assert result.exit_code == 0
    assert result.output == schema.text()
    assert json.loads(result.output)["$schema"].endswith("2020-12/schema")


def test_cli_writes_the_schema_to_a_file(tmp_path):
    target = tmp_path / "editor" / "deck.schema.json"
    result = run("schema", "-o", str(target))
    assert result.exit_code == 0
    assert result.output == f"Wrote {target}\n"
    assert target.read_text(encoding="utf-8") == schema.text()
