"""Broken decks in tests/corpus/: refused alike by `check` and `build`, located, bounded, harmless.

Each broken deck is named for what it breaks; tests/corpus/expected.txt pins the first line each
one prints. tests/corpus/valid/ holds odd decks that must be accepted. The image decks refer to
tests/corpus/assets/, so every test copies the corpus into its own folder and runs there.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from deckgen.outline import rules
from helpers import run, write_deck
from package_check import assert_sound
from pptx import Presentation

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
BROKEN = sorted(p.name for p in CORPUS.glob("*.yaml"))
VALID = sorted(p.name for p in (CORPUS / "valid").glob("*.yaml"))
PREVIOUS = b"PK\x03\x04 the previous build, which a failed build must leave alone"


def _expected() -> dict[str, list[str]]:
    """Return the pinned first lines of every broken deck, by file name."""
    pinned: dict[str, list[str]] = {}
    for line in (CORPUS / "expected.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pinned.setdefault(line.split(":", 1)[0], []).append(line)
    return pinned


EXPECTED = _expected()


def _copy_corpus(folder: Path) -> None:
    for name in BROKEN:
        shutil.copyfile(CORPUS / name, folder / name)
    shutil.copytree(CORPUS / "assets", folder / "assets")


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def test_the_corpus_is_complete():
    assert len(BROKEN) >= 40
    assert sorted(EXPECTED) == BROKEN, "every broken deck needs its line in expected.txt"
    assert "utf8-bom.yaml" in VALID


@pytest.mark.parametrize("name", BROKEN)
def test_broken_deck_is_rejected_alike_located_bounded(tmp_path, bounded_deckgen, name):
    _copy_corpus(tmp_path)
    (tmp_path / "out.pptx").write_bytes(PREVIOUS)
    before = _files(tmp_path)

    check = bounded_deckgen("check", name, cwd=tmp_path)
    build = bounded_deckgen("build", name, "-o", "out.pptx", cwd=tmp_path)

    for result in (check, build):
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert result.stdout == ""
    assert build.stderr == check.stderr
    lines = check.stderr.splitlines()
    assert lines[: len(EXPECTED[name])] == EXPECTED[name]
    # One located line per problem, then the count.
    assert re.fullmatch(rf"[\d,]+ errors?(, [\d,]+ warnings?)? in {re.escape(name)}", lines[-1])
    for line in lines[:-1]:
        assert re.match(rf"{re.escape(name)}:\d+:\d+: \S", line), line
    # Nothing written, nothing run: the previous output and the folder are as they were.
    assert _files(tmp_path) == before


SAID_WHOLE = {
    "key-indented-too-far.yaml": "1 error",
    "bad-indentation.yaml": "1 error",
    "list-item-indented-too-little.yaml": "1 error",
    "chart-keys-indented-too-little.yaml": "1 error",
    "chart-keys-without-chart.yaml": "1 error",
    "key-indented-into-chart.yaml": "1 error",
    "missing-image.yaml": "1 error",
    "errors-and-a-warning.yaml": "3 errors, 1 warning",
}


@pytest.mark.parametrize(("name", "count"), SAID_WHOLE.items(), ids=SAID_WHOLE.keys())
def test_indentation_and_paths_are_said_at_their_line_in_one_line(
    tmp_path, monkeypatch, name, count
):
    """A key or an item at the wrong indentation is said to be one, at its line, once per
    block, with no "did you mean" from another level; a missing file's path is said to be read
    from the deck's folder; the count names the warnings too. Bad CLI use is status 2."""
    _copy_corpus(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run("check", name)
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [*EXPECTED[name], f"{count} in {name}"]
    if "indent" in name or "chart" in name:
        assert "indent" in result.stderr and "did you mean" not in result.stderr
    assert run("check", name, "--no-such-option").exit_code == 2


def test_a_yaml_tag_never_runs_code(tmp_path, bounded_deckgen):
    deck = write_deck(
        tmp_path,
        """
        title: !!python/object/apply:os.system ["touch ran-a-command"]
        sections:
          - title: !!python/object/new:pathlib.Path ["new-object"]
            slides: [{type: statement, text: x}]
        """,
    )
    result = bounded_deckgen("check", deck.name, cwd=tmp_path)
    assert result.returncode == 1
    assert not (tmp_path / "ran-a-command").exists()
    assert "the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed" in (
        result.stderr
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "title: T\nsections: " + "[" * 100_000 + "]" * 100_000 + "\n",
            "deck.yaml:2:51: nests deeper than 40 levels",
            id="100k-brackets",
        ),
        pytest.param(
            "title:\n" + "- " * 100_000 + "x\n",
            "deck.yaml:2:81: nests deeper than 40 levels",
            id="100k-dashes",
        ),
        pytest.param(
            "title: T\nsections: [" + "{}, " * 1_000_000 + "]\n",
            "deck.yaml:2:399992: holds more than 100,000 values, far more than a talk needs; "
            "split it into several decks",
            id="a-million-values",
        ),
        pytest.param(
            "title: T\nsections: [" + "{}, " * 1_300_000 + "]\n",
            "deck.yaml: is 5,200,022 bytes; a deck may have at most 5,000,000",
            id="over-5-MB",
        ),
        pytest.param(
            "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n"
                for i in range(8)
            ),
            "deck.yaml:5:4: aliases expand this document past 100,000 values (an alias bomb?); "
            "write the values out instead",
            id="alias-bomb-10-to-the-9",
        ),
        pytest.param(
            "sections: [{title: S, slides: [{type: statement, text: x}]}]\n"
            "title: !!int 1" + ":1" * 200_000 + "\n",
            "deck.yaml:2:8: a number of 400,001 digits is too long to read; a deck's numbers "
            "have at most 4,300 (put text in quotes)",
            id="sexagesimal-int-read-in-square-time",
        ),
    ],
)
def test_inputs_too_big_to_parse_are_refused_early(tmp_path, bounded_deckgen, text, expected):
    (tmp_path / "deck.yaml").write_text(text, encoding="utf-8")
    result = bounded_deckgen("check", "deck.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == expected
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", VALID)
def test_odd_but_valid_deck_builds(tmp_path, bounded_deckgen, name):
    shutil.copyfile(CORPUS / "valid" / name, tmp_path / name)
    check = bounded_deckgen("check", name, cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    assert check.stderr == ""
    out = tmp_path / "out.pptx"
    result = run("build", str(tmp_path / name), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert_sound(out)
    title = Presentation(str(out)).slides[0].shapes.title.text_frame.text
    assert not title.startswith("\ufeff")  # the byte-order mark is not part of the title


# --- image paths: inside the deck's folder unless --allow-outside ---------------------------

IMAGE_DECK = """
title: Paths
sections:
  - title: S
    slides:
      - type: image
        title: Picture
        image: {ref}
"""


@pytest.fixture
def layout(tmp_path):
    """Return (deck folder, a folder beside it), with a picture in each and some symlinks."""
    deck_dir, outside = tmp_path / "talk", tmp_path / "elsewhere"
    (deck_dir / "assets").mkdir(parents=True)
    outside.mkdir()
    for folder in (deck_dir / "assets", outside):
        Image.new("RGB", (40, 30), "#336699").save(folder / "pic.png")
    (deck_dir / "assets" / "inside-link.png").symlink_to(deck_dir / "assets" / "pic.png")
    (deck_dir / "assets" / "outside-link.png").symlink_to(outside / "pic.png")
    (deck_dir / "linked-folder").symlink_to(outside, target_is_directory=True)
    return deck_dir, outside


INSIDE = {
    "relative": "assets/pic.png",
    "dot-segments-staying-inside": "./assets/../assets/pic.png",
    "symlink-to-inside": "assets/inside-link.png",
}
OUTSIDE = {
    "parent": ("../elsewhere/pic.png", "points outside the deck's folder"),
    "dot-segments-leaving": ("assets/../../elsewhere/pic.png", "points outside the deck's folder"),
    "absolute": ("{outside}/pic.png", "is an absolute path"),
    "symlink-to-outside": ("assets/outside-link.png", "points outside the deck's folder"),
    "through-a-linked-folder": ("linked-folder/pic.png", "points outside the deck's folder"),
}


@pytest.mark.parametrize("ref", INSIDE.values(), ids=INSIDE.keys())
def test_an_image_inside_the_deck_folder_is_used(layout, ref):
    deck_dir, _ = layout
    deck = write_deck(deck_dir, IMAGE_DECK.format(ref=ref))
    result = run("build", str(deck), "-o", str(deck_dir / "out.pptx"))
    assert result.exit_code == 0, result.output
    assert_sound(deck_dir / "out.pptx")


@pytest.mark.parametrize(("ref", "reason"), OUTSIDE.values(), ids=OUTSIDE.keys())
def test_an_image_outside_the_deck_folder_needs_allow_outside(layout, ref, reason):
    deck_dir, outside = layout
    ref = ref.format(outside=outside)
    deck = write_deck(deck_dir, IMAGE_DECK.format(ref=ref))
    out = deck_dir / "out.pptx"
    for command in (["check", str(deck)], ["build", str(deck), "-o", str(out)]):
        refused = run(*command)
        assert refused.exit_code == 1
        assert refused.stderr.splitlines()[0] == (
            f"{deck}:7:16: sections[0].slides[0].image: '{ref}' {reason}; "
            + (
                "use a path relative to the deck's folder (or pass --allow-outside)"
                if reason.startswith("is an absolute")
                else "copy the file next to the deck (or pass --allow-outside)"
            )
        )
    assert not out.exists()
    allowed = run("build", str(deck), "-o", str(out), "--allow-outside")
    assert allowed.exit_code == 0, allowed.output
    assert_sound(out)


def test_a_deck_reached_through_a_symlinked_folder_uses_its_own_images(layout, tmp_path):
    deck_dir, _ = layout
    write_deck(deck_dir, IMAGE_DECK.format(ref="assets/pic.png"))
    (tmp_path / "shortcut").symlink_to(deck_dir, target_is_directory=True)
    result = run("check", str(tmp_path / "shortcut" / "deck.yaml"))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("ref", "allowed"),
    [
        ("assets/pic.png", True),
        ("assets/../assets/pic.png", True),
        ("assets/../../elsewhere/pic.png", False),
        ("/etc/hostname", False),
        ("assets/outside-link.png", False),
        ("linked-folder/pic.png", False),
    ],
)
def test_resolve_asset(layout, ref, allowed):
    deck_dir, _ = layout
    if allowed:
        path = rules.resolve_asset(ref, deck_dir)
        assert path == (deck_dir / "assets" / "pic.png").resolve()
    else:
        with pytest.raises(ValueError, match="--allow-outside"):
            rules.resolve_asset(ref, deck_dir)
        assert rules.resolve_asset(ref, deck_dir, allow_outside=True).is_absolute()


def test_resolve_asset_with_a_relative_folder(layout, monkeypatch):
    deck_dir, _ = layout
    monkeypatch.chdir(deck_dir.parent)
    assert rules.resolve_asset("assets/pic.png", Path("talk")) == deck_dir / "assets" / "pic.png"
    with pytest.raises(ValueError, match="points outside"):
        rules.resolve_asset("../elsewhere/pic.png", Path("talk"))
    assert os.path.samefile(
        rules.resolve_asset("../elsewhere/pic.png", Path("talk"), allow_outside=True),
        deck_dir.parent / "elsewhere" / "pic.png",
    )


def test_a_template_that_unpacks_to_400_mb_is_refused(tmp_path, bounded_deckgen):
    import zipfile

    with zipfile.ZipFile(tmp_path / "bomb.potx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("ppt/presentation.xml", "w", force_zip64=True) as part:
            part.write(b'<p:presentation xmlns:p="p">')
            for _ in range(400):
                part.write(b" " * 1_000_000)
            part.write(b"</p:presentation>")
    write_deck(
        tmp_path,
        """
        title: T
        theme: {template: bomb.potx}
        sections:
          - title: S
            slides: [{type: statement, text: x}]
        """,
    )
    result = bounded_deckgen("check", "deck.yaml", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "deck.yaml:2:19: theme.template: 'bomb.potx' unpacks to 400,000,053 bytes of XML "
        "(a zip bomb?); a template may hold at most 50,000,000"
    )


def test_misspelt_names_by_the_thousand_are_checked_in_bounded_time(tmp_path, bounded_deckgen):
    # 30 charts, each highlighting 60 names that are each one character off one of its 60
    # categories of 100 characters: every name a "did you mean" that compares long strings.
    stem = "카테고리 이름 " * 12
    categories = [stem[:96] + f"{i:04d}" for i in range(60)]
    chart = {
        "type": "chart",
        "title": "C",
        "chart": {
            "kind": "bar",
            "categories": categories,
            "series": [{"name": "s", "values": [1] * 60}],
            "highlight": [stem[:96] + f"x{i:03d}" for i in range(60)],
        },
    }
    deck = {"title": "T", "sections": [{"title": "S", "slides": [chart] * 30}]}
    (tmp_path / "deck.yaml").write_text(json.dumps(deck, ensure_ascii=False), encoding="utf-8")
    result = bounded_deckgen("check", "deck.yaml", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert re.fullmatch(
        r"deck\.yaml:1:\d+: sections\[0\]\.slides\[0\]\.chart\.highlight\[0\]: '.*' is not a "
        rf"category of this chart; did you mean '{categories[50]}'\?",
        lines[0],
    ), lines[0]
    assert lines[-1] == "1,800 errors in deck.yaml"
    assert "Traceback" not in result.stderr
