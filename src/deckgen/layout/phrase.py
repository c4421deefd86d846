"""Where a line may break: after a clause rather than inside a phrase, never after a separator.

A headline reads in phrases: "AI 시대가 온다는 확신은 100%. / 관건은 속도입니다." keeps its
sentences whole, "…키우고, 신흥 / 산업이…" cuts a noun phrase in two. Each space of a text is a
place a line may end, and `cost` says how well it reads there:

- after a punctuation mark that ends a clause (`, . ? ! : ;`): best;
- after a Korean connective ending ("-지만", "-는데", "-하며", "-하고", "-면서"): good. Only
  two-syllable endings: a noun rarely ends in one, where one-syllable ones ("-고", "-면", "-며")
  end many ("최고", "화면");
- after a word that closes its phrase with a particle or a verb ending ("확신은", "운명이",
  "합니다"): neutral;
- after a word that leans on the next one: a genitive ("산업의"), an adnominal form ("온다는",
  "걸린", "많은"), a bare noun before another word ("신흥 산업", "이쪽 편", "AI 산업"), an English
  article, preposition or determiner ("with the / key phrase"), the first word of a name ("Microsoft
  Azure", two capitalised Latin words): a modifier, to be broken only where no other break
  balances as well;
- after a separator ("·", "+", "→", "&", "/"): never; the separator begins the next line.

The rules are a handful of endings, not a morphological analyser: a headline has at most a few
breaks to choose between, and the choice needs only to know which words end a phrase. An
analyser (kiwipiepy) would tag more words right but costs tens of megabytes and seconds of
import on every build; a word the rules do not know is treated as neutral, which is how every
break was treated before.
"""

from __future__ import annotations

import re
from typing import Final

SEPARATORS: Final = frozenset({"\u00b7", "+", "\u2192", "&", "/"})
"""Words that join what stands on either side: a line never ends in one."""
NBSP: Final = "\u00a0"
"""The space that holds two words on one line, in PowerPoint, LibreOffice and the fit measure."""

PUNCTUATION: Final = -0.5
"""A break after a punctuation mark: taken whenever its lines balance (the shorter at least
half the longer), over any break without one."""
CLAUSE: Final = -0.15
"""A break after a Korean connective ending."""
NEUTRAL: Final = 0.0
MODIFIER: Final = 0.35
"""A break between a modifier and the word it modifies: lines that balance worse by less than
this share of their width read better."""
NEVER: Final = 10.0
"""A break after a separator."""

_PUNCTUATION = ",.?!:;\u3001\u3002"
_CLOSING_MARKS = "\"'\u201d\u2019)]\u300d\u300f"
_LATIN_WORD = re.compile(r"[A-Za-z0-9]")
_NAME_FIRST = re.compile(r"^[A-Z][A-Za-z0-9+#&'.-]*[A-Za-z0-9+#]$|^[A-Z]$")
_NAME_NEXT = re.compile(r"^[A-Z][A-Za-z]")
_CONNECTIVES: Final = (
    "지만",
    "는데",
    "은데",
    "인데",
    "으며",
    "하며",
    "이며",
    "되며",
    "하고",
    "되고",
    "이고",
    "있고",
    "없고",
    "으면",
    "하면",
    "되면",
    "면서",
    "므로",
)
_CLOSING: Final = frozenset(
    "은는이가을를에서로와과도만고며면다요까지게데나듯록께야여죠니든엔론랑해라터럼음함됨임등"
)
"""Last syllables of a word that closes its phrase: particles and verb endings."""
_LEANING: Final = re.compile(
    "(?:(?:하|되|있|없|다|라|않)는"
    "|(?:같|많|좋|높|작|낮|넓|깊|적|짧|않|젊|늦|옳|맞)은"
    "|(?:있|없|같|많|좋)을)$"
)
"""Words that end like a particle but are adnominal: "온다는 확신", "많은 기업", "있을 때"."""
_DETERMINERS: Final = frozenset(
    [
        "그",
        "이",
        "저",
        "한",
        "두",
        "세",
        "네",
        "각",
        "새",
        "옛",
        "온",
        "모든",
        "여러",
        "몇",
        "어느",
        "무슨",
        "어떤",
        "이런",
        "그런",
        "저런",
        "다른",
        "약",
    ]
)
"""Korean determiners (관형사), which stand before the word they modify: "그 '한계'"."""
_OPENING: Final = "\"'\u201c\u2018(["
"""Marks that open a quotation or an aside: the word after them is what a modifier leans on."""
_FUNCTION_WORDS: Final = re.compile(
    "a|an|the|of|to|in|on|at|by|for|with|from|into|onto|over|under|about|as|and|or|nor|but"
    "|your|our|my|its|their|his|her|this|that|these|those|each|every|no|some|any",
    re.IGNORECASE,
)
"""English words that lean on the next one: a line does not end in them."""


def cost(word: str, following: str) -> float:
    """Return how badly a line reads that ends with `word` when `following` starts the next
    one: below zero where a break is good there, `NEVER` after a separator."""
    if word in SEPARATORS or word[-1:] in SEPARATORS:
        return NEVER
    if _ends_sentence_or_clause(word):
        return PUNCTUATION
    if is_name(word, following):
        return MODIFIER
    if word in _DETERMINERS:
        return MODIFIER
    if _syllable(word[-1:]):
        if word.endswith(_CONNECTIVES):
            return CLAUSE
        if word.endswith("의") or _LEANING.search(word):
            return MODIFIER
        if word[-1] in _CLOSING:
            return NEUTRAL
        return MODIFIER if _starts_word(following) else NEUTRAL
    if _FUNCTION_WORDS.fullmatch(word):
        return MODIFIER
    if _LATIN_WORD.search(word[-1:]) and _syllable(following[:1]):
        return MODIFIER  # "AI 산업", "3 개"
    return NEUTRAL


def is_name(word: str, following: str) -> bool:
    """Return whether `word` and `following` are two capitalised Latin words, as a product or
    proper name is ("Microsoft Azure", "Savings Plans"): they stay on one line."""
    return bool(_NAME_FIRST.match(word) and _NAME_NEXT.match(following))


def _ends_sentence_or_clause(word: str) -> bool:
    """Return whether `word` ends in punctuation, maybe then a closing quote or bracket."""
    # Not a regex: a class with CJK marks in it took 1 ms to compile, in every build.
    last = word.rstrip(_CLOSING_MARKS)[-1:]
    return bool(last) and last in _PUNCTUATION


def _syllable(char: str) -> bool:
    """Return whether `char` (one character, or none) is a Hangul syllable."""
    # Compared, not matched: a regex of the 11,172 syllables took 1 ms to compile.
    return "\uac00" <= char <= "\ud7a3"


def _starts_word(text: str) -> bool:
    """Return whether `text` starts with a letter or digit: a word a modifier can lean on."""
    text = text.lstrip(_OPENING)
    return bool(text[:1] and (_syllable(text[:1]) or _LATIN_WORD.match(text[:1])))
