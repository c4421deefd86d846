"""`outline.edit.rewrite`: values of deck.yaml rewritten in place, the rest byte for byte."""

from __future__ import annotations

import copy
import difflib
import functools
import random
import re
from pathlib import Path

import pytest
import yaml

from deckgen.errors import DeckError
from deckgen.outline import reader
from deckgen.outline.edit import DELETE, Rewritten, rewrite

ROOT = Path(__file__).resolve().parents[2]
TALK = (ROOT / "deck.yaml").read_text(encoding="utf-8")
CORPUS = ROOT / "tests" / "corpus" / "valid"


def data(text: str):
    """Return the data of a YAML text, read as deckgen reads a deck."""
    return reader.construct(reader.compose(text, "deck.yaml"), "deck.yaml")


def rewritten(text: str, changes: dict) -> Rewritten:
    """Return the rewrite of `text`, checked to refuse nothing."""
    result = rewrite(text, changes)
    assert result.refused == (), result.refused
    return result


# -- styles ---------------------------------------------------------------------------------

STYLES = {
    "plain-stays-plain": (
        "a: old text\n",
        {("a",): "새 텍스트 ==강조=="},
        "a: 새 텍스트 ==강조==\n",
    ),
    "plain-keeps-comment": ("a: old  # note\n", {("a",): "new"}, "a: new  # note\n"),
    "plain-bold-start-quoted": ("a: old\n", {("a",): "**굵게** 시작"}, 'a: "**굵게** 시작"\n'),
    "plain-italic-start-quoted": ("a: old\n", {("a",): "*기울임*"}, 'a: "*기울임*"\n'),
    "plain-link-start-quoted": (
        "a: old\n",
        {("a",): "[docs](https://x.org) here"},
        'a: "[docs](https://x.org) here"\n',
    ),
    "plain-colon-space-quoted": ("a: old\n", {("a",): "기반: NVIDIA"}, 'a: "기반: NVIDIA"\n'),
    "plain-hash-quoted": ("a: old\n", {("a",): "순위 #1 서비스"}, 'a: "순위 #1 서비스"\n'),
    "plain-bool-word-quoted": ("a: old\n", {("a",): "yes"}, 'a: "yes"\n'),
    "plain-number-text-quoted": ("a: old\n", {("a",): "2024"}, 'a: "2024"\n'),
    "plain-dash-quoted": ("a: old\n", {("a",): "- item"}, 'a: "- item"\n'),
    "plain-merge-word-quoted": ("a: old\n", {("a",): "<<"}, 'a: "<<"\n'),
    "plain-time-stays-plain": ("a: old\n", {("a",): "9:30"}, "a: 9:30\n"),
    "single-stays-single": ("a: 'old'\n", {("a",): "it's **big**"}, "a: 'it''s **big**'\n"),
    "single-multiline-double": ("a: 'old'\n", {("a",): "one\ntwo"}, 'a: "one\\ntwo"\n'),
    "double-stays-double": (
        'a: "old"\n',
        {("a",): 'say "hi" \\ ok'},
        'a: "say \\"hi\\" \\\\ ok"\n',
    ),
    "double-control-escaped": ('a: "old"\n', {("a",): "a\tb\x07"}, 'a: "a\\tb\\x07"\n'),
    "double-multiline-one-line": (
        'a: "old"\n',
        {("a",): "one\ntwo\n"},
        'a: "one\\ntwo\\n"\n',
    ),
    "literal-keeps-indent-and-clip": (
        "notes: |\n    one\n    two\nnext: 1\n",
        {("notes",): "첫째\n둘째\n셋째\n"},
        "notes: |\n    첫째\n    둘째\n    셋째\nnext: 1\n",
    ),
    "literal-keeps-strip": (
        "notes: |-\n  one\nnext: 1\n",
        {("notes",): "a\nb"},
        "notes: |-\n  a\n  b\nnext: 1\n",
    ),
    "literal-chomping-follows-value": (
        "notes: |\n  one\n\nnext: 1\n",
        {("notes",): "a\nb"},
        "notes: |-\n  a\n  b\n\nnext: 1\n",
    ),
    "literal-keep": (
        "notes: |+\n  one\n\nnext: 1\n",
        {("notes",): "a\n\n"},
        "notes: |+\n  a\n\nnext: 1\n",
    ),
    "literal-clip-to-kept-end-quoted": (
        "notes: |\n  one\n\nnext: 1\n",
        {("notes",): "a\n\n"},
        'notes: "a\\n\\n"\n\nnext: 1\n',
    ),
    "literal-keeps-header-comment": (
        "notes: |  # spoken\n  one\n",
        {("notes",): "two\n"},
        "notes: |  # spoken\n  two\n",
    ),
    "literal-indented-first-line": (
        "notes: |\n  one\n",
        {("notes",): "  indented\nnot\n"},
        "notes: |2\n    indented\n  not\n",
    ),
    "literal-blank-lines-inside": (
        "notes: |\n  one\n",
        {("notes",): "a\n\nb\n"},
        "notes: |\n  a\n\n  b\n",
    ),
    "literal-in-list-item": (
        "l:\n  - |\n    one\n  - b\n",
        {("l", 0): "x\ny\n"},
        "l:\n  - |\n    x\n    y\n  - b\n",
    ),
    "folded-stays-folded": (
        "a: >\n  one two\n",
        {("a",): "three four\nfive\n"},
        "a: >\n  three four\n\n  five\n",
    ),
    "folded-indented-becomes-literal": (
        "a: >\n  one\n",
        {("a",): "x\n  y\n"},
        "a: |\n  x\n    y\n",
    ),
    "plain-to-literal-for-lines": (
        "s:\n  - notes: old\n    id: x\n",
        {("s", 0, "notes"): "한 줄\n두 줄"},
        "s:\n  - notes: |-\n      한 줄\n      두 줄\n    id: x\n",
    ),
    "number-stays-number": ("v: 10\n", {("v",): 12.5}, "v: 12.5\n"),
    "int-stays-int": ("v: 10  # m\n", {("v",): -3}, "v: -3  # m\n"),
    "float-exponent": ("v: 1.5\n", {("v",): 1e20}, "v: 1.0e+20\n"),
    "bool": ("v: false\n", {("v",): True}, "v: true\n"),
    "text-over-number-quoted": ("v: 10\n", {("v",): "12"}, 'v: "12"\n'),
    "number-over-quoted-text": ('v: "10"\n', {("v",): 12}, "v: 12\n"),
    "anchor-unshared-kept": ("a: &x old\n", {("a",): "new"}, "a: &x new\n"),
    "str-tag-kept": ("a: !!str 12\n", {("a",): "13"}, 'a: !!str "13"\n'),
}


@pytest.mark.parametrize(("before", "changes", "after"), STYLES.values(), ids=STYLES.keys())
def test_scalar_styles(before, changes, after):
    result = rewritten(before, changes)
    assert result.text == after
    expected = copy.deepcopy(data(before))
    for path, value in changes.items():
        cur = expected
        for part in path[:-1]:
            cur = cur[part]
        cur[path[-1]] = value
    assert data(result.text) == expected


COLLECTIONS = {
    "flow-list-item": ("b: [a, b]\n", {("b", 1): "c, d"}, 'b: [a, "c, d"]\n'),
    "flow-list-grows": ("b: [a, b]\n", {("b",): ["a", "b", "c"]}, "b: [a, b, c]\n"),
    "flow-list-grows-front": ("b: [a, b]\n", {("b",): ["z", "a", "b"]}, "b: [z, a, b]\n"),
    "flow-list-shrinks": ("b: [a, b, c]\n", {("b",): ["a", "c"]}, "b: [a, c]\n"),
    "flow-list-shrinks-end": ("b: [a, b, c]\n", {("b",): ["a"]}, "b: [a]\n"),
    "flow-list-empties": ("b: [a, b]\n", {("b",): []}, "b: []\n"),
    "flow-list-from-empty": ("b: []\n", {("b",): ["x: y"]}, 'b: ["x: y"]\n'),
    "flow-list-delete-item": ("b: [a, b, c]\n", {("b", 1): DELETE}, "b: [a, c]\n"),
    "flow-list-append-item": ("b: [a]  # c\n", {("b", 1): "*b*"}, 'b: [a, "*b*"]  # c\n'),
    "flow-numbers": ("v: [10, 2.3]\n", {("v",): [11, 2.5, 7]}, "v: [11, 2.5, 7]\n"),
    "flow-mapping-value": (
        "- {type: statement, text: A}\n",
        {(0, "text"): "B: c"},
        '- {type: statement, text: "B: c"}\n',
    ),
    "flow-mapping-new-key": ("- {a: 1}\n", {(0, "b"): "x"}, "- {a: 1, b: x}\n"),
    "flow-mapping-delete-key": ("- {a: 1, b: 2}\n", {(0, "a"): DELETE}, "- {b: 2}\n"),
    "block-list-item": ("l:\n  - a\n  - b\n", {("l", 1): "[c]"}, 'l:\n  - a\n  - "[c]"\n'),
    "block-list-grows-keeps-comments": (
        "l:\n  - a  # ca\n  # about b\n  - b\nnext: 1\n",
        {("l",): ["a", "b", "c"]},
        "l:\n  - a  # ca\n  # about b\n  - b\n  - c\nnext: 1\n",
    ),
    "block-list-inserts-middle": (
        "l:\n  - a  # ca\n  - b  # cb\n",
        {("l",): ["a", "x", "b"]},
        "l:\n  - a  # ca\n  - x\n  - b  # cb\n",
    ),
    "block-list-shrinks-with-its-comment": (
        "l:\n  - a  # ca\n  # about b\n  - b\n  - c  # cc\n",
        {("l",): ["a", "c"]},
        "l:\n  - a  # ca\n  - c  # cc\n",
    ),
    "block-list-delete-first": ("l:\n  - a\n  - b\n", {("l", 0): DELETE}, "l:\n  - b\n"),
    "block-list-empties": ("l:\n  - a\n  - b\nn: 1\n", {("l",): []}, "l: []\nn: 1\n"),
    "block-nested-bullets": (
        "bullets:\n  - one\n  - two\n",
        {("bullets",): ["one", {"text": "two", "bullets": ["2.1", "**2.2**"]}]},
        'bullets:\n  - one\n  - text: two\n    bullets:\n      - "2.1"\n      - "**2.2**"\n',
    ),
    "block-item-mappings": (
        "e:\n  - when: 1994\n    label: a\n",
        {("e",): [{"when": 1994, "label": "a"}, {"when": "2000년대", "label": "b"}]},
        "e:\n  - when: 1994\n    label: a\n  - when: 2000년대\n    label: b\n",
    ),
    "block-mapping-new-key": (
        "s:\n  - type: quote\n    quote: q\n\nnext: 1\n",
        {("s", 0, "by"): "누군가: 2023"},
        's:\n  - type: quote\n    quote: q\n    by: "누군가: 2023"\n\nnext: 1\n',
    ),
    "block-mapping-new-notes": (
        "s:\n  - type: quote\n    quote: q\n",
        {("s", 0, "notes"): "one\ntwo\n"},
        "s:\n  - type: quote\n    quote: q\n    notes: |\n      one\n      two\n",
    ),
    "block-mapping-delete-key": (
        "s:\n  - type: quote\n    # the source\n    source: x\n    quote: q\n",
        {("s", 0, "source"): DELETE},
        "s:\n  - type: quote\n    quote: q\n",
    ),
    "block-mapping-delete-first-key": (
        "s:\n  - id: x\n    type: quote\n    quote: q\n",
        {("s", 0, "id"): DELETE},
        "s:\n  - type: quote\n    quote: q\n",
    ),
    "table-row": (
        "rows:\n  - [a, b]\n  - [c, d]\n",
        {("rows", 1): ["c", "d: e"], ("rows", 0, 0): "A"},
        'rows:\n  - [A, b]\n  - [c, "d: e"]\n',
    ),
    "scalar-to-list": ("b: one\n", {("b",): ["one", "two"]}, "b:\n  - one\n  - two\n"),
    "list-to-scalar": ("b:\n  - one\nn: 1\n", {("b",): "one"}, "b: one\nn: 1\n"),
    "bullet-text-shorthand": (
        "bullets:\n  - one\n  - {text: two}\n",
        {("bullets", 0, "text"): "uno", ("bullets", 1, "text"): "dos"},
        "bullets:\n  - uno\n  - {text: dos}\n",
    ),
    "appends-in-order": ("l: [a]\n", {("l", 2): "c", ("l", 1): "b"}, "l: [a, b, c]\n"),
    "delete-and-edit-old-indexes": (
        "l:\n  - a\n  - b\n  - c\n",
        {("l", 0): DELETE, ("l", 2): "C"},
        "l:\n  - b\n  - C\n",
    ),
}


@pytest.mark.parametrize(
    ("before", "changes", "after"), COLLECTIONS.values(), ids=COLLECTIONS.keys()
)
def test_lists_and_mappings(before, changes, after):
    result = rewritten(before, changes)
    assert result.text == after
    assert set(result.applied) == set(changes)


# -- what is refused ------------------------------------------------------------------------

ANCHORS = """\
defaults: &d
  kind: bar
  unit: 억
one: &x 하나
two: *x
chart:
  <<: *d
  title: t
other: o
"""

REFUSED = {
    "alias": (("two",), "shared through the YAML anchor &x at line 4: edit it there"),
    "anchor": (("one",), "shared through the YAML anchor &x at line 4: edit it there"),
    "inside-anchor": (
        ("defaults", "unit"),
        "shared through the YAML anchor &d at line 1: edit it there",
    ),
    "merged": (("chart", "kind"), "comes through the merge key << at line 7: edit it there"),
    "missing-parent": (("nothing", "here"), "cannot be created: nothing does not exist"),
    "past-the-end": (
        ("chart", "title", "x"),
        "cannot be created: chart.title is a single value, not a mapping or list",
    ),
    "delete-missing": (("absent",), "does not exist: nothing to delete"),
}


@pytest.mark.parametrize(("path", "reason"), REFUSED.values(), ids=REFUSED.keys())
def test_shared_and_missing_values_are_refused(path, reason):
    value = DELETE if path == ("absent",) else "new"
    result = rewrite(ANCHORS, {path: value, ("other",): "kept"})
    assert [(r.path, r.reason) for r in result.refused] == [(path, reason)]
    assert result.text == ANCHORS.replace("other: o", "other: kept")


def test_an_index_past_the_end_of_a_list_is_refused():
    result = rewrite("l: [a]\n", {("l", 3): "d"})
    assert result.text == "l: [a]\n"
    assert [r.reason for r in result.refused] == ["cannot be created: the list has 1 items"]


LAYERS_LINE = next(n for n, line in enumerate(TALK.splitlines(), 1) if "items: &layers" in line)
"""The line of deck.yaml that holds the talk's anchor &layers (comments above it may move it)."""


def test_the_talk_anchor_is_refused_where_used():
    path = ("sections", 3, "slides", 0, "diagram", "items", 0, "name")
    result = rewrite(TALK, {path: "x"})
    assert result.text == TALK
    assert str(result.refused[0]) == (
        "sections[3].slides[0].diagram.items[0].name: shared through the YAML anchor "
        f"&layers at line {LAYERS_LINE}: edit it there"
    )


def test_a_merge_corpus_deck_edits_its_own_keys():
    text = (CORPUS / "anchors-and-merge-keys.yaml").read_text(encoding="utf-8")
    chart = ("sections", 0, "slides", 1, "chart")
    result = rewrite(
        text,
        {(*chart, "series", 0, "name"): "c", (*chart, "kind"): "line", (*chart, "x"): DELETE},
    )
    assert result.applied == ((*chart, "series", 0, "name"),)
    assert "series: [{name: c, values: [3, 4]}]" in result.text
    assert {r.path[-1] for r in result.refused} == {"kind", "x"}


def test_not_yaml_raises_a_deck_error():
    with pytest.raises(DeckError):
        rewrite("a: [b\n", {("a",): "c"})


@pytest.mark.parametrize(
    "value", [None, b"bytes", {1: "x"}, object()], ids=["none", "bytes", "int-key", "object"]
)
def test_values_that_are_not_deck_data_are_refused(value):
    result = rewrite("a: b\n", {("a",): value})
    assert result.text == "a: b\n"
    assert result.refused[0].reason.startswith("cannot be written")


# -- line endings, BOM ----------------------------------------------------------------------


FILES = {
    "crlf": "a: old\r\nl:\r\n  - x\r\nnotes: |\r\n  one\r\n",
    "crlf-no-final-newline": "a: old\r\nl:\r\n  - x\r\nnotes: |\r\n  one",
    "lf-no-final-newline": "a: old\nl:\n  - x\nnotes: one",
    "bom": "\ufeffa: old\nl:\n  - x\nnotes: |\n  one\n",
    "bom-crlf": "\ufeffa: old\r\nl:\r\n  - x\r\nnotes: |\r\n  one\r\n",
}


@pytest.mark.parametrize("text", FILES.values(), ids=FILES.keys())
def test_line_endings_and_bom_are_kept(text):
    changes = {
        ("a",): "new: value",
        ("l",): ["x", "y"],
        ("notes",): "two\nthree\n",
        ("added",): ["p", "q"],
    }
    result = rewritten(text, changes)
    crlf = "\r\n" in text
    assert result.text.startswith("\ufeff") == text.startswith("\ufeff")
    assert result.text.endswith(("\n", "\r")) == text.endswith("\n")
    if crlf:
        assert "\n" not in result.text.replace("\r\n", "")
    else:
        assert "\r" not in result.text
    assert data(result.text.removeprefix("\ufeff")) == {
        "a": "new: value",
        "l": ["x", "y"],
        "notes": "two\nthree\n",
        "added": ["p", "q"],
    }


# -- the talk -------------------------------------------------------------------------------

SLIDE = ("sections", 1, "slides")
TALK_EDITS = {
    "title": {("title",): "AI 2026 트렌드"},
    "subtitle": {("subtitle",): "변곡점: 2025-26년"},
    "slide-title": {("sections", 0, "slides", 1, "title"): "2023년의 *한* 문장"},
    "bullet-block": {(*SLIDE, 1, "bullets", 0): "ChatGPT·Claude·Gemini 같은 모델"},
    "bullet-quoted": {(*SLIDE, 1, "bullets", 1): "기반 **NVIDIA**"},
    "bullets-grow": {
        (*SLIDE, 1, "bullets"): [
            "ChatGPT·Claude 같은 모델이 막 깔리는 중",
            {"text": "기반: **NVIDIA 반도체 + 클라우드 데이터센터**", "bullets": ["GPU #1"]},
            "PC와 스마트폰이 처음 보급되던 시기와 같은 단계",
            "그래서 ==인프라 관점에서== AI 시대의 시작",
            "[새 링크](https://example.com) 추가",
        ]
    },
    "bullets-flow": {("sections", 2, "slides", 1, "columns", 1, "bullets"): ["카카오톡", "라인"]},
    "notes-literal": {("sections", 0, "slides", 0, "notes"): '한 줄.\n"인용" 둘째 줄: 끝\n'},
    "notes-no-trailing": {("sections", 0, "slides", 3, "notes"): "마지막 줄"},
    "quote": {
        ("sections", 0, "slides", 2, "quote"): "특이점 근방, 어느 편인지는 모름",
        ("sections", 0, "slides", 2, "by"): "샘 알트먼 (2025)",
    },
    "stat": {
        (*SLIDE, 2, "value"): "1,600억 달러",
        (*SLIDE, 2, "label"): "네 회사의 AI 투자",
        (*SLIDE, 2, "detail"): "# 한 해",
    },
    "statement": {("sections", 0, "slides", 3, "text"): "이제는 **'한계'**를 고민할 때"},
    "columns": {
        ("sections", 2, "slides", 1, "columns", 0, "heading"): "Web",
        ("sections", 2, "slides", 1, "columns", 2, "bullets", 1): "==다음 주인공==",
    },
    "timeline": {
        (*SLIDE, 0, "events", 1, "when"): "2000s",
        (*SLIDE, 0, "events", 2, "label"): "iPhone + 4G",
        (*SLIDE, 0, "events", 3, "detail"): "아직 없음",
    },
    "chart": {
        (*SLIDE, 3, "chart", "categories"): ["SSI", "World Labs", "Thinking Machines"],
        (*SLIDE, 3, "chart", "series", 0, "values"): [10, 2.3, 20],
    },
    "chart-value": {("sections", 2, "slides", 0, "chart", "series", 0, "values", 1): 6500},
    "source-caption": {(*SLIDE, 3, "source"): "Reuters (2024)"},
}


def _table_edit() -> dict:
    """Return an edit of a table cell of the talk (found, not hard-coded)."""
    talk = data(TALK)
    for s, section in enumerate(talk["sections"]):
        for i, slide in enumerate(section["slides"]):
            if slide["type"] == "table":
                return {("sections", s, "slides", i, "table", "rows", 0, 1): "새 칸: 값"}
    raise AssertionError("the talk has a table")


TALK_EDITS["table-cell"] = _table_edit()


def _node_lines(text: str, paths) -> set[int]:
    """Return the 0-based lines the values at `paths` (or, for new keys, their mapping) span."""
    root = reader.compose(text, "deck.yaml")
    lines: set[int] = set()
    for path in paths:
        node = root
        for part in path:
            if isinstance(node, yaml.MappingNode):
                found = [v for k, v in node.value if k.value == part]
                if not found:
                    break
                node = found[0]
            elif isinstance(node, yaml.SequenceNode) and part < len(node.value):
                node = node.value[part]
            else:
                break
        lines.update(range(node.start_mark.line, node.end_mark.line + 1))
    return lines


def assert_only_values_changed(old: str, new: str, paths) -> None:
    """Assert every line of `old` outside the values at `paths` is in `new`, in order."""
    allowed = _node_lines(old, paths)
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            assert set(range(i1, i2)) <= allowed, (tag, a[i1:i2])
        elif tag == "insert":
            assert {i1 - 1, i1} & allowed, (tag, i1)


@functools.lru_cache(maxsize=4)
def _data_once(text: str):
    """Return `data(text)`, read once per text (the callers copy it before they change it)."""
    return data(text)


def _expected_data(text: str, changes: dict):
    expected = copy.deepcopy(_data_once(text))
    for path, value in changes.items():
        cur = expected
        for part in path[:-1]:
            cur = cur[part]
        cur[path[-1]] = value
    return expected


@pytest.mark.parametrize("changes", TALK_EDITS.values(), ids=TALK_EDITS.keys())
def test_the_talk_edited_reads_as_the_edited_deck(changes):
    result = rewritten(TALK, changes)
    assert data(result.text) == _expected_data(TALK, changes)
    edited = reader.parse(result.text.encode(), "deck.yaml", folder=ROOT)
    dumped = yaml.safe_dump(_expected_data(TALK, changes), allow_unicode=True, sort_keys=False)
    assert edited.deck == reader.parse(dumped.encode(), "deck.yaml", folder=ROOT).deck
    assert_only_values_changed(TALK, result.text, changes)


def test_all_talk_edits_at_once():
    changes = {
        path: value
        for name, edit in TALK_EDITS.items()
        if name not in ("bullet-block", "bullet-quoted")  # inside bullets-grow
        for path, value in edit.items()
    }
    result = rewritten(TALK, changes)
    assert data(result.text) == _expected_data(TALK, changes)
    assert_only_values_changed(TALK, result.text, changes)
    assert result.text.count("#") >= TALK.count("#") - 1  # comments kept (one value had '#')


# -- property: random texts on random values of the talk ------------------------------------

PIECES = [
    "가",
    "한국어",
    "텍스트",
    " ",
    " ",
    "a",
    "Z",
    "9",
    "'",
    '"',
    ": ",
    ":",
    " #",
    "#",
    "*",
    "**",
    "==",
    "[",
    "](u)",
    "{",
    "}",
    ",",
    "-",
    "- ",
    "\n",
    "\n\n",
    "\\",
    "&",
    "!",
    "|",
    ">",
    "%",
    "@",
    "`",
    "\t",
    "😀",
    "é",
    "?",
    "yes",
    "null",
    "2024",
    "1.5",
    "<<",
    "~",
]


def _scalars(text: str):
    """Return (path, node) for each scalar value of `text` written once (no anchor shared)."""
    root = reader.compose(text, "deck.yaml")
    uses: dict[int, int] = {}

    def count(node):
        uses[id(node)] = uses.get(id(node), 0) + 1
        if uses[id(node)] == 1:
            for child in _children(node):
                count(child)

    count(root)
    found = []

    def walk(node, path):
        if uses[id(node)] > 1:
            return
        if isinstance(node, yaml.ScalarNode):
            found.append((path, node))
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                walk(value, (*path, key.value))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, (*path, index))

    walk(root, ())
    return found


def _children(node):
    if isinstance(node, yaml.MappingNode):
        return [v for _, v in node.value]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _random_value(rng: random.Random) -> object:
    roll = rng.random()
    if roll < 0.08:
        return rng.choice([rng.randint(-(10**6), 10**6), rng.uniform(-1e6, 1e6), True, False])
    text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 12)))
    if rng.random() < 0.2:
        text = rng.choice(["*", "[", "{", "&", "!", "|", ">", "'", '"', "%", "@", "`", "- "]) + text
    if rng.random() < 0.2:
        text += "\n" * rng.randint(1, 3)
    return text


def _span(node, value) -> tuple[int, int]:
    """Return the span of the text `rewrite` may change to write `value` over `node`."""
    end = node.end_mark.index
    if isinstance(value, str) and "\n" in value and node.style not in ("|", ">"):
        end = TALK.find("\n", end)
    return node.start_mark.index, end


def _in_order(parts: list[str], text: str) -> bool:
    """Return whether `text` is the parts in order with anything between them: what
    `re.fullmatch("(.*?)".join(map(re.escape, parts)), text, re.DOTALL)` says, without compiling a
    pattern the size of the talk per case (most of the test's time)."""
    first, *middle, last = parts
    if not (text.startswith(first) and text.endswith(last)):
        return False
    at, end = len(first), len(text) - len(last)
    for part in middle:  # the earliest place of each part leaves the most room for the rest
        found = text.find(part, at, end)
        if found < 0:
            return False
        at = found + len(part)
    return at <= end


@pytest.mark.parametrize(
    ("parts", "text"),
    [
        (["a", "b"], "ab"),
        (["a", "b"], "axxb"),
        (["a", "x", "b"], "axxb"),
        (["ab", "ba"], "aba"),
        (["a", "a", "a"], "aaaa"),
        (["a", "b"], "ba"),
        (["a", "c", "b"], "acb\nc"),
        (["", "x", ""], "yxy"),
        (["a", "bb", "b"], "abb"),
        (["\n", "\n"], "\n\n"),
    ],
)
def test_in_order_says_what_the_pattern_it_stands_for_says(parts, text):
    pattern = "(.*?)".join(re.escape(part) for part in parts)
    assert _in_order(parts, text) == bool(re.fullmatch(pattern, text, re.DOTALL))


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(30), ids=lambda seed: f"seed{seed}")
def test_random_texts_on_random_values_of_the_talk(seed):
    rng = random.Random(seed)
    scalars = _scalars(TALK)
    for _ in range(10):  # 30 seeds x 10 cases
        picked = rng.sample(scalars, rng.randint(1, 3))
        changes = {path: _random_value(rng) for path, _ in picked}
        result = rewritten(TALK, changes)
        assert data(result.text) == _expected_data(TALK, changes), changes
        # The text outside the picked values is untouched, byte for byte (but that a comment
        # after a value turned into a block of lines moves to the block's first line).
        spans = sorted(_span(n, changes[path]) for path, n in picked)
        cuts = [0] + [i for span in spans for i in span] + [len(TALK)]
        kept = [TALK[cuts[i] : cuts[i + 1]] for i in range(0, len(cuts), 2)]
        assert _in_order(kept, result.text), changes


# -- property: random lists and mappings of the talk grown, shrunk, replaced, deleted ------


def _collections(text: str):
    """Return (path, node) for each list and mapping of `text` below the top, written once."""
    found = []
    root = reader.compose(text, "deck.yaml")

    def walk(node, path, seen):
        if id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, yaml.CollectionNode) and path:
            found.append((path, node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                walk(value, (*path, key.value), seen)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, (*path, index), seen)

    walk(root, (), set())
    return found


def _changed_list(rng: random.Random, old: list) -> list:
    new = copy.deepcopy(old)
    for _ in range(rng.randint(1, 3)):
        roll = rng.random()
        if roll < 0.35 and new:
            del new[rng.randrange(len(new))]
        elif roll < 0.7:
            item = rng.choice(
                [
                    _random_value(rng),
                    [_random_value(rng)],
                    {"text": _random_value(rng), "bullets": [_random_value(rng)]},
                ]
            )
            new.insert(rng.randint(0, len(new)), item)
        elif new:
            new[rng.randrange(len(new))] = _random_value(rng)
    return new


def _changed_mapping(rng: random.Random, old: dict) -> dict:
    new = copy.deepcopy(old)
    for _ in range(rng.randint(1, 3)):
        roll = rng.random()
        if roll < 0.3 and new:
            del new[rng.choice(list(new))]
        elif roll < 0.6:
            new[f"k{rng.randint(0, 99)}"] = rng.choice(
                [_random_value(rng), [_random_value(rng)], {"a": _random_value(rng)}]
            )
        elif new:
            new[rng.choice(list(new))] = _random_value(rng)
    return new


def _lines_of(text: str, node) -> range:
    """Return the lines a collection's change may touch: its key's line (and the comments
    right above it) to its last written character."""
    lines = text.splitlines()
    first = node.start_mark.line - 1
    while first > 0 and lines[first - 1].lstrip().startswith("#"):
        first -= 1
    last = text[: node.end_mark.index].rstrip().count("\n")
    return range(max(first, 0), last + 1)


@pytest.mark.slow
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("seed", range(5), ids=lambda seed: f"seed{seed}")
def test_random_lists_and_mappings_of_the_talk(seed, newline):
    text = TALK.replace("\n", newline)
    rng = random.Random(seed)
    base = data(text)
    collections = _collections(text)
    for _ in range(20):  # 5 seeds x 20 cases, each way of ending lines
        changes: dict = {}
        nodes = {}
        for path, node in rng.sample(collections, 2):
            if any(path[: len(p)] == p or p[: len(path)] == path for p in changes):
                continue
            old = base
            for part in path:
                old = old[part]
            if rng.random() < 0.15:
                changes[path] = DELETE
            elif isinstance(old, list):
                changes[path] = _changed_list(rng, old)
            else:
                changes[path] = _changed_mapping(rng, old)
            nodes[path] = node
        result = rewrite(text, changes)
        for refused in result.refused:  # only what holds the talk's anchor &layers
            assert f"&layers at line {LAYERS_LINE}" in refused.reason, refused
        expected = copy.deepcopy(base)
        # Paths name places before any change: deletes last, the later items first.
        order = sorted(result.applied, key=lambda p: (changes[p] is DELETE, p), reverse=True)
        for path in sorted(order, key=lambda p: changes[p] is DELETE):
            parent = expected
            for part in path[:-1]:
                parent = parent[part]
            if changes[path] is DELETE:
                del parent[path[-1]]
            else:
                parent[path[-1]] = changes[path]
        assert data(result.text) == expected, changes
        if newline == "\r\n":
            assert "\n" not in result.text.replace("\r\n", "")
        allowed = set().union(*(_lines_of(text, nodes[p]) for p in result.applied))
        a, b = text.splitlines(keepends=True), result.text.splitlines(keepends=True)
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        for tag, i1, i2, _, _ in matcher.get_opcodes():
            if tag in ("replace", "delete"):
                assert set(range(i1, i2)) <= allowed, (changes, a[i1:i2])
            elif tag == "insert":
                assert {i1 - 1, i1} & allowed, (changes, i1)
