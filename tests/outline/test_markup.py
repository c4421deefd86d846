"""Inline markup: what each marker makes of the text."""

from __future__ import annotations

import pytest

from deckgen.outline.markup import Run, parse, plain
from helpers import run_python

CASES = {
    "plain": ("그대로", [Run("그대로")]),
    "bold": ("**굵게** 보통", [Run("굵게", bold=True), Run(" 보통")]),
    "italic": ("*기울임*", [Run("기울임", italic=True)]),
    "highlight": ("==2025-26년==이", [Run("2025-26년", highlight=True), Run("이")]),
    "nested": (
        "**a *b* c**",
        [Run("a ", bold=True), Run("b", bold=True, italic=True), Run(" c", bold=True)],
    ),
    "link": (
        "[보고서](https://x.org/a) 참고",
        [Run("보고서", link="https://x.org/a"), Run(" 참고")],
    ),
    "bold-link": (
        "[**굵은 링크**](mailto:a@b.c)",
        [Run("굵은 링크", bold=True, link="mailto:a@b.c")],
    ),
    "spaced-star": ("5 * 3 = 15", [Run("5 * 3 = 15")]),
    "escapes": (r"\*별\* \=\= \[괄호]", [Run("*별* == [괄호]")]),
    "bracket-not-link": ("[주] 참고", [Run("[주] 참고")]),
}


@pytest.mark.parametrize(("text", "runs"), CASES.values(), ids=CASES.keys())
def test_runs(text, runs):
    parsed = parse(text)
    assert list(parsed.runs) == runs
    assert parsed.warnings == () and parsed.errors == ()


@pytest.mark.parametrize("text", ["**열림", "==반쯤", "*하나"], ids=["bold", "highlight", "italic"])
def test_unbalanced_markers_keep_the_text_as_written(text):
    parsed = parse(text)
    assert parsed.runs == (Run(text),)
    assert len(parsed.warnings) == 1 and "is opened but not closed" in parsed.warnings[0]


def test_disallowed_link_is_an_error():
    assert list(parse("[x](javascript:void)").errors) == [
        "link 'javascript:void' is not allowed: use an http, https or mailto address"
    ]


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("http://", "has no host: write it as https://example.com/page"),
        ("https://:80/", "has no host: write it as https://example.com/page"),
        ("http://x:99999/", "is not a valid address: port out of range 0-65535"),
        ("http://x:port/", "is not a valid address: port could not be cast to integer value"),
        ("http://a..b/", "has an invalid host 'a..b'"),
        ("http://[zz]/", "is not a valid address: 'zz' does not appear to be an IPv4 or IPv6"),
        ("mailto:someone", "is not an e-mail address: write mailto:name@example.com"),
    ],
    ids=[
        "no-host",
        "port-only",
        "port-too-big",
        "port-not-a-number",
        "empty-label",
        "bad-ipv6",
        "mail-without-at",
    ],
)
def test_a_link_powerpoint_cannot_parse_is_an_error(url, error):
    # PowerPoint parses every link as the file opens; one it cannot parse fails the whole file.
    [found] = parse(f"[x]({url})").errors
    assert found.startswith(f"link {url!r} {error}"), found


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/r?a=1#b",
        "http://x:8080",
        "http://[::1]/",
        "http://한국.kr/",
        "http://a_b.example.com.",
        "mailto:a@b.c?subject=hi",
    ],
    ids=["query", "port", "ipv6", "idn", "underscore-and-dot", "mail"],
)
def test_sound_links_pass(url):
    parsed = parse(f"[x]({url})")
    assert parsed.errors == ()
    assert parsed.runs[0].link == url


def test_plain_drops_markers():
    assert plain("**굵게**와 ==강조==, [링크](https://a.b)") == "굵게와 강조, 링크"


@pytest.mark.parametrize(
    "text",
    [
        '"[" * 200_000',
        '"[a](" * 50_000',
        '"[" * 100_000 + "](https://x.org)"',
        r'"\\[" * 100_000',
        '"[]((" * 50_000',
        '"[a](" + "(" * 100_000 + "[b](x" * 30_000',
    ],
    ids=["open-brackets", "open-links", "one-closing", "escaped", "open-parens", "deep-parens"],
)
def test_links_are_found_in_linear_time(text):
    """A run of brackets is read in one pass (a regular expression took minutes on 30 KB)."""
    done = run_python("-c", f"from deckgen.outline.markup import parse; parse({text})", timeout=20)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("text", "runs"),
    [
        (
            "[Foo](https://en.wikipedia.org/wiki/Foo_(bar)) 참고",
            [Run("Foo", link="https://en.wikipedia.org/wiki/Foo_(bar)"), Run(" 참고")],
        ),
        (
            "([x](https://a.org/b_(c)_(d)))",
            [Run("("), Run("x", link="https://a.org/b_(c)_(d)"), Run(")")],
        ),
        (
            "[x](https://a.org/((deep)))",
            [Run("x", link="https://a.org/((deep))")],
        ),
        ("[x](https://a.org/(open", [Run("[x](https://a.org/(open")]),
        ("[x](https://a.org/(a b))", [Run("[x](https://a.org/(a b))")]),
    ],
    ids=["wikipedia", "in-brackets", "nested", "unbalanced", "space-inside"],
)
def test_link_addresses_may_hold_balanced_parentheses(text, runs):
    parsed = parse(text)
    assert list(parsed.runs) == runs
    assert parsed.errors == ()


@pytest.mark.parametrize(
    "text",
    ["[x](https://a.org/(open", "[z](https://a.org/a_(b) tail)", "[보고서](https://x.org 참고"],
    ids=["unbalanced", "space-inside", "never-closed"],
)
def test_a_link_whose_address_is_never_closed_is_shown_as_written_with_a_warning(text):
    parsed = parse(text)
    assert list(parsed.runs) == [Run(text)]
    assert len(parsed.warnings) == 1 and "never closed" in parsed.warnings[0]


@pytest.mark.parametrize("text", ["[주석] (참고)", "배열 a[0](1)은", "[x](https://a.org)"])
def test_brackets_that_are_no_unclosed_link_give_no_warning(text):
    assert parse(text).warnings == ()


def test_a_link_after_an_escaped_bracket_is_still_a_link():
    assert list(parse(r"\[주 [보고서](https://x.org)").runs) == [
        Run("[주 "),
        Run("보고서", link="https://x.org"),
    ]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ('"The Age of AI has begun" (2023.3)', "\u201cThe Age of AI has begun\u201d (2023.3)"),
        ('"AI\'s $200B Question"(2023.9)', "\u201cAI\u2019s $200B Question\u201d(2023.9)"),
        ("그 '한계'를", "그 \u2018한계\u2019를"),
        ('("인용")', "(\u201c인용\u201d)"),
    ],
    ids=["double", "apostrophe-inside", "single-before-a-particle", "in-brackets"],
)
def test_straight_quotes_become_typographic(text, shown):
    assert plain(text) == shown


def test_quotes_open_and_close_across_markup():
    # The quotation mark inside a bold run opens after the space before the run.
    assert list(parse("그 **'한계'**를").runs) == [
        Run("그 "),
        Run("\u2018한계\u2019", bold=True),
        Run("를"),
    ]


def test_text_shown_as_written_still_gets_typographic_quotes():
    assert parse('**"열림').runs == (Run("**\u201c열림"),)
