"""What script a text is in: Hangul runs are tagged ko-KR and set in the East Asian face."""

from __future__ import annotations

import re

_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")


def has_hangul(text: str) -> bool:
    """Return whether `text` holds a Hangul letter."""
    return bool(_HANGUL.search(text))
