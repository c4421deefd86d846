"""The command line as a user meets it: help, version, summaries, exit codes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from deckgen import __version__
from deckgen.cli import main
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


README = Path(__file__).parents[1] / "README.md"
COMMANDS = sorted(main.commands)


def _help(*args: str) -> str:
    """Return `deckgen ARGS --help` as an 80-column terminal shows it."""
    result = CliRunner().invoke(main, [*args, "--help"], prog_name="deckgen", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("args", [[], *([c] for c in COMMANDS)], ids=["deckgen", *COMMANDS])
def test_help_reads_whole_in_80_columns(args):
    """No description cut short with "...", no line wider than the terminal, no word broken
    at its hyphen."""
    text = _help(*args)
    assert "..." not in text.replace("[ARGS]...", ""), text
    for line in text.splitlines():
        assert len(line) <= 80, line
        assert not re.search(r"\w-$", line), line


def _readme_row(command: str) -> str:
    """Return the README's line for `command` in its table of commands."""
    text = README.read_text(encoding="utf-8")
    table = text.split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]
    rows = [
        line
        for line in table.splitlines()
        if line.startswith((f"| `deckgen {command} ", f"| `deckgen {command}`"))
    ]
    assert len(rows) == 1, f"README: one row of the commands table for {command}: {rows}"
    return rows[0].split("` |", 1)[0]


@pytest.mark.parametrize("command", COMMANDS, ids=COMMANDS)
def test_every_argument_and_option_is_in_the_readme_as_help_names_it(command):
    """The README's table gives each command's usage with the names `--help` gives: the
    argument (`init [FOLDER]`), every option and its value (`preview --dpi N`)."""
    row = _readme_row(command)
    usage = _help(command).splitlines()[0]
    for param in main.commands[command].params:
        if param.name == "help":
            continue
        if isinstance(param, click.Argument):
            assert param.metavar is not None and param.metavar in usage, (param.name, usage)
            assert param.metavar in row, (param.metavar, row)
            continue
        assert isinstance(param, click.Option)
        value = "" if param.is_flag else f" {param.metavar}"
        assert param.is_flag or param.metavar, param.name
        forms = [f"{name}{value}" for name in param.opts]
        assert any(f"[{form}]" in row for form in forms), (forms, row)


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


# --- the process's end: without the interpreter's teardown, nothing lost ------------------------

ENDS = """
import atexit, sys
from deckgen.cli import run
atexit.register(lambda: print("exit handler ran"))
sys.argv = ["deckgen", *sys.argv[1:]]
run()
"""


@pytest.mark.parametrize(
    ("args", "status"),
    [(["--version"], 0), (["build", "no-such.yaml"], 1), (["build", "--no-such-option"], 2)],
    ids=["done", "deck-error", "usage-error"],
)
def test_a_command_line_run_ends_with_its_status_and_its_exit_handlers_run(tmp_path, args, status):
    done = run_python("-c", ENDS, *args, cwd=tmp_path)
    assert done.returncode == status, done.stderr
    assert done.stdout.endswith("exit handler ran\n")


@pytest.mark.parametrize("closed", [">&-", "2>&-"], ids=["stdout", "stderr"])
def test_a_closed_standard_stream_ends_as_python_ends_without_a_traceback(closed):
    done = subprocess.run(
        f"{sys.executable} -m deckgen --version {closed}",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


def test_a_profiler_still_reports_when_the_command_ends():
    done = run_python("-m", "cProfile", "-m", "deckgen", "--version")
    assert done.returncode == 0, done.stderr
    assert "function calls" in done.stdout  # the profile, printed as the process ends


def test_long_output_to_a_pipe_arrives_whole():
    done = run_python("-m", "deckgen", "schema")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["$id"] == "urn:deckgen:deck.schema.json"


# --- output as the terminal and the shell take it ------------------------------------------------


def _deckgen(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "deckgen", *args],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(("strict", "status"), [("", 0), ("--strict", 1)], ids=["plain", "strict"])
def test_a_reader_that_stops_early_changes_nothing(tmp_path, strict, status):
    """`deckgen check | head -1`: the pipe closes early; check still ends with its own status."""
    write_deck(tmp_path, DECK + "      - {type: statement, text: '**열림'}\n")  # a warning
    shell = f"{sys.executable} -m deckgen check {strict} deck.yaml 2>&1 | head -1; " + (
        "exit ${PIPESTATUS[0]}"
    )
    done = subprocess.run(
        ["bash", "-c", shell], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == status, done.stderr
    assert len(done.stdout.splitlines()) == 1
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["build", "deck.yaml"], id="build"),
        pytest.param(["check", "deck.yaml"], id="check"),
        pytest.param(["schema"], id="schema"),
        pytest.param(["--help"], id="help"),
        pytest.param(["--version"], id="version"),
        pytest.param(["build", "--help"], id="command-help"),
    ],
)
def test_a_full_disk_on_standard_output_is_one_line(tmp_path, args):
    """`deckgen build > /dev/full`: exit 1 and one line on standard error, no traceback."""
    done = _to_full_disk(tmp_path, args)
    assert done.returncode == 1
    assert done.stderr == "standard output: cannot write (No space left on device)\n"


def _to_full_disk(tmp_path, args):
    """Return deckgen run on a one-slide deck with `args`, its standard output on a full disk."""
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "wb") as full:
        return _run_into(tmp_path, args, full)


def _run_into(tmp_path, args, stdout):
    """Return deckgen run on a one-slide deck with `args`, its standard output `stdout`."""
    write_deck(tmp_path, DECK)
    return subprocess.run(
        [sys.executable, "-m", "deckgen", *args],
        cwd=tmp_path,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "status"),
    [
        pytest.param(["build", "deck.yaml"], 0, id="build"),
        pytest.param(["check", "deck.yaml"], 0, id="check"),
        pytest.param(["schema"], 0, id="schema"),
        pytest.param(["--help"], 1, id="help"),
    ],
)
def test_a_closed_pipe_is_no_traceback(tmp_path, args, status):
    """Standard output a pipe whose reader is gone before the first line: the output is
    dropped, as for `| head -1`, and nothing is said (click's own help exits 1)."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = _run_into(tmp_path, args, write)
    finally:
        os.close(write)
    assert done.returncode == status
    assert done.stderr == ""


def test_hangul_prints_on_a_console_that_is_not_utf8(tmp_path):
    write_deck(tmp_path, DECK.replace("title: S", "title: 본론"))
    done = _deckgen("check", "deck.yaml", cwd=tmp_path, PYTHONIOENCODING="latin-1")
    assert done.returncode == 0, done.stderr
    assert "본론".encode() in done.stdout


def test_control_characters_of_a_deck_never_reach_the_terminal(tmp_path):
    """A section title may hold C1 controls (legal in XML): the terminal sees escapes."""
    write_deck(tmp_path, DECK.replace("title: S", 'title: "본론\\x9b31m\\u2028"'))
    done = _deckgen("check", "deck.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert b"\xc2\x9b" not in done.stdout and "\u2028".encode() not in done.stdout
    assert b"\\x9b31m\\u2028" in done.stdout


def _bullets(title: str, count: int) -> str:
    """Return a bullets slide of `count` long items, as deck.yaml text."""
    items = "".join(
        f"          - 항목 {i} 이 문장은 슬라이드를 넘치게 합니다\n" for i in range(count)
    )
    return f"      - type: bullets\n        title: {title}\n        bullets:\n" + items


@pytest.mark.parametrize("command", ["build", "check"], ids=["build", "check"])
def test_a_split_slide_is_said_once_at_its_line(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    write_deck(
        tmp_path, "title: T\nsections:\n  - title: S\n    slides:\n" + _bullets("긴 목록", 30)
    )
    result = run(command, "deck.yaml")
    assert result.exit_code == 0, result.output
    notices = [line for line in result.stderr.splitlines() if "split into" in line]
    assert len(notices) == 1
    pattern = r"deck\.yaml:5:9: sections\[0\]\.slides\[0\]: split into \d slides to fit"
    assert re.fullmatch(pattern, notices[0])


def test_check_says_every_split_and_shrink_build_says(tmp_path, monkeypatch):
    """What the layout did to make slides fit reads the same from `check` as from `build`."""
    monkeypatch.chdir(tmp_path)
    slides = _bullets("조금 긴 목록", 7) + _bullets("긴 목록", 30)
    write_deck(tmp_path, "title: T\nsections:\n  - title: S\n    slides:\n" + slides)
    built, checked = run("build", "deck.yaml"), run("check", "deck.yaml")
    assert built.exit_code == checked.exit_code == 0, built.output + checked.output
    said = [line for line in built.stderr.splitlines() if line.endswith("to fit")]
    assert any("split into" in line for line in said), said
    assert any("shrunk to" in line for line in said), said
    assert [line for line in checked.stderr.splitlines() if line.endswith("to fit")] == said


def test_watch_ends_when_its_standard_output_fails(tmp_path):
    """`deckgen watch > /dev/full` writes the deck, then cannot say so: it ends with one line and
    exit 1, instead of taking the failure for a build's and watching on, unheard."""
    done = _to_full_disk(tmp_path, ["watch", "deck.yaml"])
    assert done.returncode == 1
    assert done.stderr.endswith("standard output: cannot write (No space left on device)\n")
    assert "Traceback" not in done.stderr and "unexpectedly" not in done.stderr
