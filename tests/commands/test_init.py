"""`deckgen init`: a starter deck that shows every slide type, builds, and checks clean."""

from __future__ import annotations

import os

import pytest

from deckgen.commands import init as scaffold
from deckgen.outline import schema
from deckgen.outline.model import SLIDE_TYPES
from helpers import run
from package_check import assert_sound
from pptx import Presentation


@pytest.fixture
def started(tmp_path):
    folder = tmp_path / "talk"
    result = run("init", str(folder))
    assert result.exit_code == 0, result.output
    return folder, result


def test_init_writes_the_deck_its_picture_and_the_schema(started):
    folder, result = started
    assert result.output.splitlines() == [
        str(folder / "assets" / "example.png"),
        str(folder / "deck.schema.json"),
        str(folder / "deck.yaml"),
        f"Next: cd {folder} && deckgen build",
    ]
    assert (folder / "deck.yaml").read_text(encoding="utf-8") == scaffold.starter_text()
    assert (folder / "deck.schema.json").read_text(encoding="utf-8") == schema.text()


def test_starter_shows_every_slide_type():
    text = scaffold.starter_text()
    assert text.startswith("# yaml-language-server: $schema=deck.schema.json\n")
    for slide_type in SLIDE_TYPES:
        assert f"- type: {slide_type}\n" in text, slide_type


@pytest.mark.slow
def test_starter_builds_as_it_stands(started, monkeypatch):
    folder, _ = started
    monkeypatch.chdir(folder)
    result = run("build")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Wrote 14 slides, 3 figures")
    assert_sound(folder / "out" / "deck.pptx")  # openxml-audit: 0 errors
    prs = Presentation(str(folder / "out" / "deck.pptx"))
    titles = [slide.shapes.title.text_frame.text for slide in prs.slides]
    assert titles[0] == "Your Talk Title"
    assert "A picture" in titles and "Revenue by year" in titles


def test_starter_checks_without_warnings(started, monkeypatch):
    folder, _ = started
    monkeypatch.chdir(folder)
    result = run("check", "--strict")
    assert result.exit_code == 0, result.output
    assert "deck.yaml: 14 slides, 3 figures, 0 warnings" in result.output


@pytest.mark.parametrize(
    ("args", "step"),
    [
        ([], "deckgen build"),
        (["."], "deckgen build"),
        (["my talk"], "cd 'my talk' && deckgen build"),
    ],
    ids=["no-folder", "dot", "folder-with-a-space"],
)
def test_init_says_the_next_command_as_it_can_be_typed(tmp_path, monkeypatch, args, step):
    monkeypatch.chdir(tmp_path)
    result = run("init", *args)
    assert result.exit_code == 0, result.output
    folder = tmp_path / (args[0] if args else ".")
    assert sorted(os.listdir(folder)) == ["assets", "deck.schema.json", "deck.yaml"]
    assert result.stdout.splitlines()[-1] == f"Next: {step}"


def test_init_refuses_to_overwrite_a_deck(tmp_path):
    deck = tmp_path / "deck.yaml"
    deck.write_text("title: Mine\n", encoding="utf-8")
    result = run("init", str(tmp_path))
    assert result.exit_code == 1
    assert result.output == (
        f"{deck}: already exists; deckgen init never overwrites a file "
        "(choose another folder, or move the file away)\n"
    )
    assert deck.read_text(encoding="utf-8") == "title: Mine\n"
    assert not (tmp_path / "assets").exists()


@pytest.mark.parametrize(
    "mine",
    [
        pytest.param(["deck.schema.json"], id="schema"),
        pytest.param(["assets/example.png"], id="picture"),
        pytest.param(["assets/example.png", "deck.schema.json"], id="both"),
    ],
)
def test_init_replaces_no_file_and_names_every_one_in_the_way(tmp_path, mine):
    for name in mine:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("the user's own", encoding="utf-8")
    result = run("init", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{tmp_path / name}: already exists; deckgen init never overwrites a file "
        "(choose another folder, or move the file away)"
        for name in ["assets/example.png", "deck.schema.json"]
        if name in mine
    ]
    for name in mine:
        assert (tmp_path / name).read_text(encoding="utf-8") == "the user's own"
    assert not (tmp_path / "deck.yaml").exists()


def test_init_again_keeps_what_it_wrote(tmp_path):
    """The files of an earlier init, unchanged, are no obstacle: only the deck is written."""
    assert run("init", str(tmp_path)).exit_code == 0
    (tmp_path / "deck.yaml").unlink()
    schema_file = tmp_path / "deck.schema.json"
    stamp = schema_file.stat().st_mtime_ns
    os.utime(schema_file, ns=(stamp - 10**9, stamp - 10**9))
    result = run("init", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "deck.yaml").is_file()
    assert schema_file.stat().st_mtime_ns == stamp - 10**9  # not written again


def test_init_refuses_a_file_as_folder(tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("x", encoding="utf-8")
    result = run("init", str(target))
    assert result.exit_code == 1
    assert result.output == (f"{target}: is a file, not a folder; give a folder for the new deck\n")


def test_example_picture_is_the_same_every_time():
    assert scaffold.example_png() == scaffold.example_png()
    assert scaffold.example_png().startswith(b"\x89PNG")
