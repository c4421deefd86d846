"""The command line as a user meets it: help, version, summaries, exit codes."""

from __future__ import annotations

import re

import pytest

from deckgen import __version__
from helpers import run, run_python, write_deck

DECK = """
title: CLI
sections:
  - title: S
    slides:
      - {type: bullets, title: T, bullets: [a, b], notes: 노트 하나 둘 셋}
"""


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"deckgen, version {__version__}"


def test_help_lists_commands_and_examples():
    result = run("--help")
    assert result.exit_code == 0
    for command in ("build", "check", "charts", "pdf", "preview"):
        assert re.search(rf"^\s+{command}\s", result.output, re.MULTILINE), command
    assert "deckgen build talk.yaml -o talk.pptx" in result.output


def test_build_prints_a_one_line_summary(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_deck(tmp_path, DECK)
    result = run("build")
    assert result.exit_code == 0
    assert re.fullmatch(
        r"Wrote 3 slides, 0 figures to out/deck\.pptx in \d+\.\d\d s\n", result.stdout
    )
    assert (tmp_path / "out" / "deck.pptx").is_file()


def test_check_prints_counts_and_speaking_time(tmp_path):
    deck = write_deck(tmp_path, DECK)
    result = run("check", str(deck))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == f"{deck}: 3 slides, 0 figures, 0 warnings"
    assert "at 300 syllables a minute" in result.stdout
    assert result.stdout.splitlines()[-1].endswith("min  in all")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", "-o", "deck.yaml"], "is the deck file itself"),
        (["build", "-o", "out"], "is a folder"),
        (["build", "-o", "deck.pdf"], "the output must end in .pptx"),
    ],
    ids=["deck-itself", "folder", "suffix"],
)
def test_bad_output_paths(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    write_deck(tmp_path, DECK)
    (tmp_path / "out").mkdir()
    result = run(*args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_python_dash_m_runs_the_same_cli():
    done = run_python("-m", "deckgen", "--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"deckgen, version {__version__}"
