"""The same input gives the same bytes, whichever process, cache or hash seed builds it; a build
that fails leaves the previous output as it was."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from helpers import every_type_deck, run, run_python

# Builds in processes of their own.
pytestmark = pytest.mark.slow


def deckgen(*args: str, cwd: Path, **env: str) -> None:
    """Run `python -m deckgen ARGS` in a process of its own, asserting success."""
    done = run_python("-m", "deckgen", *args, cwd=cwd, **env)
    assert done.returncode == 0, done.stderr


def test_two_processes_build_the_same_bytes(tmp_path):
    deck = every_type_deck(tmp_path)
    outputs = []
    for name, seed, extra in (("a", "1", ["--no-cache"]), ("b", "2", []), ("c", "3", [])):
        out = tmp_path / name / "deck.pptx"
        deckgen(
            "build",
            str(deck),
            "-o",
            str(out),
            *extra,
            cwd=tmp_path,
            DECKGEN_CACHE_DIR=str(tmp_path / f"cache-{name}"),
            PYTHONHASHSEED=seed,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]


def test_nothing_in_the_package_varies_by_run(tmp_path):
    """No dates but the deck's own, no random ids: what differs between runs is nothing."""
    deck = every_type_deck(tmp_path)
    out = tmp_path / "out" / "deck.pptx"
    assert run("build", str(deck), "-o", str(out)).exit_code == 0
    with zipfile.ZipFile(out) as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        names = package.namelist()
        assert len(names) == len(set(names))
        text = b"".join(package.read(name) for name in names if name.endswith((".xml", ".rels")))
    core = zipfile.ZipFile(out).read("docProps/core.xml").decode()
    assert "2025-01-15T00:00:00Z" in core  # the deck's date, not the build's
    assert "lastPrinted" not in core  # nothing printed it
    # A GUID that is not a constant of deckgen or of python-pptx's templates is made up per run,
    # unless it names a section: those are derived from the section's place and title.
    found = set(GUID.findall(text))
    sections = set(re.findall(rb'<p14:section name="[^"]*" id="(\{[^}]+\})"', text))
    assert len(sections) == 3  # the first slides', and two of the deck's
    assert found - sections <= _constant_guids(), found - sections - _constant_guids()


GUID = re.compile(rb"\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}")


def _constant_guids() -> set[bytes]:
    """Return the GUIDs written in deckgen's source and python-pptx's template files."""
    import deckgen
    import pptx

    sources = [*Path(deckgen.__file__).parent.rglob("*.py")]
    sources += [p for p in (Path(pptx.__file__).parent / "templates").iterdir() if p.is_file()]
    found: set[bytes] = set()
    for source in sources:
        data = source.read_bytes()
        if source.suffix == ".pptx":
            with zipfile.ZipFile(source) as package:
                data = b"".join(package.read(name) for name in package.namelist())
        found |= set(GUID.findall(data))
    return found


def test_a_failed_build_leaves_the_previous_output(tmp_path):
    deck = every_type_deck(tmp_path)
    out = tmp_path / "out" / "deck.pptx"
    assert run("build", str(deck), "-o", str(out)).exit_code == 0
    before = out.read_bytes()
    text = deck.read_text(encoding="utf-8")
    deck.write_text(text.replace("kind: bar", "kind: pie"), encoding="utf-8")
    result = run("build", str(deck), "-o", str(out))
    assert result.exit_code == 1
    assert "kind" in result.output
    assert out.read_bytes() == before
    assert sorted(p.name for p in out.parent.iterdir() if p.name.startswith(".deckgen")) == []
