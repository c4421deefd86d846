"""What script a text is in: Hangul runs are tagged ko-KR and set in the East Asian face; and how
long a text takes to say."""

from __future__ import annotations

import re

_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")


def has_hangul(text: str) -> bool:
    """Return whether `text` holds a Hangul letter."""
    return bool(_HANGUL.search(text))


SPEAKING_RATE = 300
"""Korean syllables spoken per minute (a word of other text counts as two); see the README."""
_WORD = re.compile(r"[A-Za-z0-9]+")


def speaking_minutes(text: str) -> float:
    """Return about how many minutes saying `text` aloud takes, at SPEAKING_RATE."""
    hangul = sum(1 for ch in text if "\uac00" <= ch <= "\ud7a3")
    return (hangul + len(_WORD.findall(text)) * 2.0) / SPEAKING_RATE
