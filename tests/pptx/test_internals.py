"""python-pptx's private internals: used only through `deckgen.pptx.internals`, and only on a
python-pptx release deckgen supports; another release is one clear line, exit 1."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

import pptx
from deckgen.pptx import internals
from helpers import make_template, run, run_python, write_deck

SRC = Path(internals.__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("version", "supported"),
    [
        ("1.0.2", True),
        ("1.0.3", True),
        ("1.0.10", True),
        ("1.0.2.post1", True),
        ("1.0.1", False),
        ("1.0", False),
        ("1.0.2rc1", False),
        ("1.1.0", False),
        ("1.1.0rc1", False),
        ("2.0.0", False),
        ("0.6.23", False),
        ("garbage", False),
    ],
    ids=str,
)
def test_the_supported_range_is_checked(version, supported):
    expected = "" if supported else f"python-pptx {version} is not supported; deckgen needs "
    assert internals.unsupported(version)[: len(expected)] == expected
    assert bool(internals.unsupported(version)) is not supported


def test_the_range_is_the_one_pyproject_pins():
    pyproject = (SRC.parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    assert f'"python-pptx{internals.SUPPORTED}"' in pyproject


def test_the_installed_python_pptx_is_supported():
    assert internals.unsupported(pptx.__version__) == ""
    internals.require()


def test_no_python_pptx_is_named_as_missing():
    assert internals.unsupported("none") == (
        "python-pptx is not installed; deckgen needs python-pptx>=1.0.2,<1.1"
    )


OWN = {"etree._Element", "os._exit", "atexit._run_exitfuncs", "self.writer._link"}
"""Private names that are not python-pptx's: lxml's element type, how the command line ends
its process (`deckgen.cli._end_process`), deckgen's own."""


def _private_uses(path: Path) -> list[str]:
    """Return every `x._name` in `path` but `self._name` and `cls._name`, and OWN."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Attribute) or not node.attr.startswith("_"):
            continue
        mine = isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")
        if not (node.attr.startswith("__") or mine or ast.unparse(node) in OWN):
            found.append(f"{path.name}:{node.lineno}: {ast.unparse(node)}")
    return found


@pytest.mark.slow
def test_only_internals_touches_private_names():
    uses = {p: _private_uses(p) for p in sorted(SRC.rglob("*.py"))}
    outside = [use for path, found in uses.items() if path.name != "internals.py" for use in found]
    assert outside == []
    assert len(uses[SRC / "pptx" / "internals.py"]) >= 10  # the scan sees what it looks for


def test_only_internals_reads_python_pptx_files():
    for path in sorted(SRC.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if path.name != "internals.py":
            assert "default.pptx" not in text and "pptx.__file__" not in text, path
            assert 'find_spec("pptx")' not in text, path


# --- an unsupported python-pptx installed -------------------------------------------------------


@pytest.fixture
def newer_pptx(tmp_path) -> Path:
    """Return a folder for PYTHONPATH where python-pptx says it is 1.1.0: the real package,
    beside a .dist-info of that version."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "pptx").symlink_to(Path(pptx.__file__).parent, target_is_directory=True)
    info = site / "python_pptx-1.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: python-pptx\nVersion: 1.1.0\n")
    return site


DECK = """
title: T
sections:
  - title: S
    slides:
      - {type: statement, text: A}
"""


@pytest.mark.parametrize("template", [False, True], ids=["own-design", "on-a-template"])
def test_an_unsupported_python_pptx_is_one_clear_line(tmp_path, newer_pptx, template):
    deck = write_deck(tmp_path, DECK)
    if template:
        make_template(tmp_path / "company.pptx")
        deck.write_text(DECK.replace("title: T\n", "title: T\ntheme: {template: company.pptx}\n"))
    out = tmp_path / "out" / "deck.pptx"
    assert run("build", str(deck)).exit_code == 0  # the previous deck, which must stay
    previous = out.read_bytes()
    src = str(SRC.parent)
    done = run_python(
        "-m", "deckgen", "build", str(deck), "--no-cache",
        cwd=tmp_path, PYTHONPATH=os.pathsep.join([str(newer_pptx), src]),
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr == ("python-pptx 1.1.0 is not supported; deckgen needs >=1.0.2,<1.1\n"), (
        done.stderr
    )
    assert out.read_bytes() == previous
