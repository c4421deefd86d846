"""Errors in deck.yaml: every problem in one run, located, with a hint, exit 1."""

from __future__ import annotations

import os

import pytest

from deckgen.outline.reader import load
from helpers import run, write_deck

VALID = """
title: 발표
sections:
  - title: 하나
    slides:
      - type: bullets
        title: 제목
        bullets: [가, 나]
"""

CASES = {
    "typo-key": (
        """
        title: T
        sections:
          - title: S
            slides:
              - type: bullets
                titel: X
                bullets: [a]
        """,
        [
            "deck.yaml:5:9: sections[0].slides[0]: missing required key 'title'",
            "deck.yaml:6:9: sections[0].slides[0].titel: unknown key 'titel'; "
            "did you mean 'title'?",
        ],
    ),
    "wrong-type": (
        """
        title: T
        sections:
          - title: S
            divider: maybe
            slides:
              - {type: stat, value: 3, label: L}
        """,
        [
            "deck.yaml:4:14: sections[0].divider: expected true or false, got text ('maybe')",
            "deck.yaml:6:29: sections[0].slides[0].value: expected text, got a number (3); "
            "put it in quotes",
        ],
    ),
    "missing-required": (
        """
        title: T
        sections:
          - title: S
            slides:
              - type: stat
                value: "1"
        """,
        ["deck.yaml:5:9: sections[0].slides[0]: missing required key 'label'"],
    ),
    "syntax-error": (
        """
        title: T
        sections:
          - title: "S
            slides: []
        """,
        ["deck.yaml:5:1: YAML syntax error: found unexpected end of stream"],
    ),
    "tab": (
        "title: T\nsections:\n\t- title: S\n",
        [
            "deck.yaml:3:1: YAML syntax error: found character '\\t' that cannot start any token; "
            "indent with spaces, not tabs"
        ],
    ),
    "unknown-slide-type": (
        """
        title: T
        sections:
          - title: S
            slides:
              - type: bulets
                title: X
        """,
        [
            "deck.yaml:5:15: sections[0].slides[0].type: 'bulets' is not a slide type (one of "
            "bullets, quote, statement, stat, columns, timeline, chart, diagram, image, table); "
            "did you mean 'bullets'?"
        ],
    ),
    "diagram-render": (
        """
        title: T
        sections:
          - title: S
            slides:
              - type: diagram
                title: D
                diagram:
                  kind: layers
                  render: shapes
                  items: [{name: a}, {name: b}]
        """,
        [
            "deck.yaml:9:19: sections[0].slides[0].diagram.render: 'shapes' is not one of "
            "image, native"
        ],
    ),
    "chart-kind": (
        """
        title: T
        sections:
          - title: S
            slides:
              - type: chart
                title: C
                chart:
                  kind: pi
                  categories: [a]
                  series: [{name: s, values: [1]}]
        """,
        [
            "deck.yaml:8:17: sections[0].slides[0].chart.kind: 'pi' is not one of bar, barh, "
            "stacked, line"
        ],
    ),
    "several": (
        """
        title: T
        lang: 12
        theme:
          colors: {primary: red}
          size: 16x9
        sections:
          - title: S
            slides:
              - type: chart
                title: C
                chart:
                  kind: bar
                  categories: [a, b]
                  series: [{name: s, values: [1, 2, 3]}]
              - type: bullets
                title: B
                bullets: [[nested list]]
        """,
        [
            "deck.yaml:2:7: lang: expected text, got a number (12); put it in quotes",
            "deck.yaml:4:21: theme.colors.primary: 'red' is not a colour; write #RRGGBB, "
            "such as #1F4E79",
            "deck.yaml:5:9: theme.size: '16x9' is not one of 16:9, 4:3; did you mean '16:9'?",
            "deck.yaml:17:19: sections[0].slides[1].bullets[0]: expected text or a mapping with "
            "`text`, got a list",
        ],
    ),
    "every-missing-key": (
        """
        subtitle: S
        sections:
          - slides:
              - type: chart
                title: C
                chart: {kind: bar}
        """,
        [
            "deck.yaml:1:1: missing required key 'title'",
            "deck.yaml:3:5: sections[0]: missing required key 'title'",
            "deck.yaml:6:16: sections[0].slides[0].chart: missing required key 'categories'",
            "deck.yaml:6:16: sections[0].slides[0].chart: missing required key 'series'",
        ],
    ),
    "table-cells": (
        """
        title: T
        sections:
          - title: S
            slides:
              - type: table
                title: X
                table:
                  columns: [a, b, c]
                  rows:
                    - [x, null, true]
                    - [y, 2, {n: 1}]
        """,
        [
            "deck.yaml:10:19: sections[0].slides[0].table.rows[0][1]: is empty; write text or "
            "a number",
            "deck.yaml:10:25: sections[0].slides[0].table.rows[0][2]: expected text or a number, "
            "got true; put it in quotes",
            "deck.yaml:11:22: sections[0].slides[0].table.rows[1][2]: expected text or a number, "
            "got a mapping",
        ],
    ),
    "yaml-1.2-numbers": (
        """
        title: T
        theme: {size: 4:3}
        sections:
          - title: S
            slides:
              - type: timeline
                id: 007
                title: X
                events: [{when: 9:30, label: a}, {when: 010, label: b}]
              - {type: bullets, title: B, bullets: [a], hidden: 16:9}
        """,
        # 4:3, 9:30, 007 and 010 are read as written, as editors read them: only the last is wrong
        [
            "deck.yaml:10:57: sections[0].slides[1].hidden: expected true or false, "
            "got text ('16:9')"
        ],
    ),
    "cross-key": (
        """
        title: T
        sections:
          - title: S
            slides:
              - type: chart
                id: same
                title: C
                chart:
                  kind: barh
                  log: true
                  categories: [a, b]
                  series: [{name: s, values: [1, -2, 3]}]
              - type: bullets
                id: same
                title: B
                bullets:
                  - text: a
                    bullets:
                      - text: b
                        bullets:
                          - text: c
                            bullets: [d]
        """,
        [
            "deck.yaml:12:42: sections[0].slides[0].chart.series[0].values[1]: -2 cannot be "
            "drawn on a log axis; every value must be positive (or set log: false)",
            "deck.yaml:12:38: sections[0].slides[0].chart.series[0].values: has 3 values for "
            "2 categories; give one value per category",
        ],
    ),
}


@pytest.mark.parametrize(("text", "expected"), CASES.values(), ids=CASES.keys())
@pytest.mark.parametrize("command", ["check", "build"])
def test_errors_are_located_one_per_line(tmp_path, monkeypatch, command, text, expected):
    monkeypatch.chdir(tmp_path)
    import textwrap

    (tmp_path / "deck.yaml").write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    result = run(command, "deck.yaml")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    for line in expected:
        assert line in lines, "\n".join(lines)
    assert "Traceback" not in result.output
    assert lines[-1].endswith("in deck.yaml")


def test_cross_key_rules_report_ids_and_depth(tmp_path):
    import textwrap

    path = tmp_path / "deck.yaml"
    path.write_text(textwrap.dedent(CASES["cross-key"][0]).lstrip("\n"), encoding="utf-8")
    result = run("check", str(path))
    text = result.stderr
    assert "sections[0].slides[1].id: id 'same' is already used by sections[0].slides[0]" in text
    assert (
        "sections[0].slides[1].bullets[0].bullets[0].bullets[0].bullets[0]: bullets nest 4 "
        "levels deep; at most 3 read well on a slide"
    ) in text


def test_failed_build_leaves_previous_output_untouched(tmp_path):
    deck = write_deck(tmp_path, VALID)
    out = tmp_path / "talk.pptx"
    assert run("build", str(deck), "-o", str(out)).exit_code == 0
    before = out.read_bytes()
    deck.write_text(VALID.replace("title: 제목", "titel: 제목"), encoding="utf-8")
    result = run("build", str(deck), "-o", str(out))
    assert result.exit_code == 1
    assert out.read_bytes() == before


def test_check_writes_nothing(tmp_path):
    deck = write_deck(tmp_path, VALID)
    result = run("check", str(deck))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.yaml"]


def test_missing_deck_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("build")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "deck.yaml: no such file"


def test_bad_command_line_exits_2(tmp_path):
    result = run("build", "--frobnicate")
    assert result.exit_code == 2
    assert "No such option" in result.stderr


def test_bom_is_accepted_and_anchors_expand(tmp_path):
    text = (
        "\ufeff"
        + VALID.replace("bullets: [가, 나]", "bullets: &b [가, 나]")
        + ("      - {type: bullets, title: 또, bullets: *b}\n")
    )
    (tmp_path / "deck.yaml").write_text(text, encoding="utf-8")
    deck = load(tmp_path / "deck.yaml").deck
    assert [b.text for b in deck.sections[0].slides[1].bullets] == ["가", "나"]


def test_unbalanced_markup_is_a_located_warning(tmp_path):
    deck = write_deck(tmp_path, VALID.replace("[가, 나]", '["**가", 나]'))
    result = run("check", str(deck))
    assert result.exit_code == 0
    assert (
        f"{deck}:7:19: warning: sections[0].slides[0].bullets[0]: '**' is opened but not "
        "closed; the text is shown as written (escape a literal one as \\*)"
    ) in result.stderr
    assert run("check", "--strict", str(deck)).exit_code == 1


@pytest.mark.parametrize(
    "url", ["javascript:alert", "file:///etc/passwd", "ftp://x.org/a"], ids=["js", "file", "ftp"]
)
def test_only_web_and_mail_links_are_allowed(tmp_path, url):
    deck = write_deck(tmp_path, VALID.replace("[가, 나]", f'["[click]({url})", 나]'))
    result = run("check", str(deck))
    assert result.exit_code == 1
    assert (
        f"{deck}:7:19: sections[0].slides[0].bullets[0]: link '{url}' is not allowed: use "
        "an http, https or mailto address"
    ) in result.stderr


def test_ragged_table_is_an_error(tmp_path):
    deck = write_deck(
        tmp_path,
        """
        title: T
        sections:
          - title: S
            slides:
              - type: table
                title: Tab
                table:
                  columns: [a, b]
                  rows:
                    - [1, 2]
                    - [1]
    """,
    )
    result = run("check", str(deck))
    assert result.exit_code == 1
    assert (
        f"{deck}:11:15: sections[0].slides[0].table.rows[1]: has 1 cell for 2 columns; "
        "give one cell per column"
    ) in result.stderr


# --- hostile files: refused before a byte is read --------------------------------------------


@pytest.mark.parametrize(
    ("make", "message"),
    [
        pytest.param(lambda p: os.mkfifo(p), "is a named pipe (FIFO), not a deck file", id="fifo"),
        pytest.param(
            lambda p: p.symlink_to("/dev/zero"), "is a device, not a deck file", id="zero"
        ),
        pytest.param(lambda p: p.mkdir(), "is a folder, not a deck file", id="folder"),
        pytest.param(
            lambda p: p.write_bytes(b"#" * 5_000_001),
            "is 5,000,001 bytes; a deck may have at most 5,000,000",
            id="too-large",
        ),
    ],
)
def test_a_deck_that_is_no_regular_file_is_refused_unread(tmp_path, bounded_deckgen, make, message):
    make(tmp_path / "deck.yaml")
    result = bounded_deckgen("check", "--", "deck.yaml", cwd=tmp_path)
    assert result.returncode in (1, 2), result.stderr
    if result.returncode == 1:  # (click itself refuses a folder: exit 2)
        assert result.stderr.splitlines()[0] == f"deck.yaml: {message}"


def test_an_unreadably_long_file_name_is_one_line(tmp_path, bounded_deckgen):
    name = "a" * 300 + ".yaml"
    result = bounded_deckgen("check", name, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].endswith(": cannot be read: File name too long")


# --- YAML that silently drops text: warned at its place ----------------------------------------


def test_text_cut_short_by_a_comment_or_a_tag_is_a_located_warning(tmp_path):
    deck = write_deck(
        tmp_path,
        """
        title: T
        sections:
          - title: S  # a comment written as one: no warning
            slides:
              - type: bullets
                title: B
                bullets:
                  - 순위 #1 서비스
                  - ! 느낌표
                  - 셋째 # 셋
        """,
    )
    result = run("check", str(deck))
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert warnings == [
        f"{deck}:8:16: warning: the text ends at '순위': YAML reads '#1 서비스' as a comment; "
        "put the whole value in quotes",
        f"{deck}:9:13: warning: the '!' before the text is a YAML tag and is dropped; "
        "put it in quotes",
    ]


def test_every_problem_in_one_run_even_cross_key_ones_beside_structural_errors(tmp_path):
    deck = write_deck(
        tmp_path,
        """
        title: T
        sections:
          - title: S
            slides:
              - {type: statment, text: a}
              - type: chart
                id: c
                title: C
                chart: {kind: bar, categories: [a, b], series: [{name: s, values: [1]}]}
              - {type: statement, id: c, text: "[x](ftp://a)"}
              - {type: table, title: T, table: {columns: [a, b], rows: [[1]]}}
          - title: !!int ''
            slides: [{type: quote, quote: q, titel: x}]
        """,
    )
    lines = run("check", str(deck)).stderr.splitlines()
    assert [line.split(": ", 2)[1] for line in lines[:-1]] == [
        "sections[0].slides[0].type",
        "sections[0].slides[1].chart.series[0].values",
        "sections[0].slides[2].id",
        "sections[0].slides[2].text",
        "sections[0].slides[3].table.rows[0]",
        "'' cannot be read as !!int; remove the tag or fix the value",
        "sections[1].slides[0].titel",
    ]
