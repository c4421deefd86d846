"""How a number reads on a slide, in a table cell, a chart label or an alt text: one place.

The figures (matplotlib and native charts) and the tables all format values here, so "1,500.5"
is written the same way wherever it appears.

Two styles: western ("32,000 토큰", "1,000,000") and Korean, where large values read by the
Korean scale words 만 (10^4), 억 (10^8), 조 (10^12) and 경 (10^16): 32000 -> "3.2만",
1000000 -> "100만". A unit that begins with a scale word ("억 달러", "만원") says the values are
already in that scale: 15,000 in 억 달러 reads "1.5조 달러", continuing from the unit's own word.
The scale word belongs to the number, so it stays when a label leaves the unit out.

One number style per chart: every label of a chart is written in the same style and carries
the whole unit ("2,000억 달러", "6,000억 달러"), never the first label only. A unit word and a
unit symbol stand apart from the number ("2,000 토큰", "217 GW", SI's rule); a Korean scale
word, a one-syllable Korean counter as its author wrote it ("3배", "10명", "5,000억 원": 한글
맞춤법 제43항 lets a counter after Arabic digits be written attached) and a symbol read as part
of the number ("%", "°", "K", "M") are attached.
"""

from __future__ import annotations

import math
import re
from typing import Literal

NumberStyle = Literal["western", "korean"]

SCALE_WORDS: tuple[tuple[str, int], ...] = (("만", 4), ("억", 8), ("조", 12), ("경", 16))
"""The Korean scale words and their powers of ten, smallest first."""
_AFTER_SCALE = ("", " ", "\u00a0", "원")
"""What may follow a scale word at the start of a unit ("억 달러", "만원"): the unit then
counts in that scale. Anything else ("조회") is a word of its own."""


def style_for(numbers: NumberStyle | None, lang: str) -> NumberStyle:
    """Return the number style a chart uses: its own, else Korean in a Korean deck."""
    if numbers is not None:
        return numbers
    return "korean" if lang.lower().split("-")[0] == "ko" else "western"


def split_unit(unit: str) -> tuple[int, str, str]:
    """Return the power of ten of the unit's leading scale word, the word, and the rest.

    "억 달러" -> (8, "억", " 달러"); " 토큰" -> (0, "", " 토큰"); "%" -> (0, "", "%").
    """
    for word, power in SCALE_WORDS:
        if unit.startswith(word) and any(
            unit[1:] == after if not after else unit[1:].startswith(after) for after in _AFTER_SCALE
        ):
            return power, word, unit[1:]
    return 0, "", unit


ATTACHED = frozenset(
    {"%", "%p", "‰", "°", "°C", "°F", "×", "x", "K", "M", "B", "T", "k", "bn", "mn"}
)
"""Units written against the number: percent, degrees, times and the western scale letters."""


def _hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3" or "\u3131" <= ch <= "\u318e"


def attached(unit: str) -> bool:
    """Return whether `unit` is written against its number: a symbol of `ATTACHED`, or one
    Korean syllable (a counter: 배, 명, 개, 원). A word ("토큰", "달러") or a unit symbol ("GW",
    "kg") takes a space before it."""
    unit = unit.strip()
    return unit in ATTACHED or (len(unit) == 1 and _hangul(unit))


def spaced(unit: str) -> str:
    """Return `unit` as it follows a number: with the one space it needs ("GW" -> " GW",
    "달러" -> " 달러"), or none ("%", "배"). A counter keeps the space its author gave it:
    "5,000억 원" is the newspapers' way after a scale word (the unit "억 원"), "5,000원" after
    digits."""
    word = unit.strip()
    if not word:
        return ""
    if word in ATTACHED:
        return word
    if attached(word):
        return " " + word if unit[0].isspace() else word
    return " " + word


def short_unit(unit: str) -> bool:
    """Return whether `unit` is a symbol that goes with every number ("%", "K", "GB"): one or
    two characters written without a space, no Hangul. A word ("명", " 토큰") is stated once."""
    return 0 < len(unit) <= 2 and unit == unit.strip() and not any(_hangul(ch) for ch in unit)


def _digits(value: float, places: int = 2) -> str:
    """Return `value` with thousands separators and at most `places` decimals, zeros dropped."""
    value = round(value, places)
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.{places}f}".rstrip("0").rstrip(".")


def format_value(
    value: float, unit: str = "", numbers: NumberStyle = "western", *, with_unit: bool = True
) -> str:
    """Return `value` as it reads with its unit: "1,500억 달러", or "3.2만 토큰" in Korean.

    Without `with_unit`, the unit is left out but a scale word stays: "6,000억". A unit word
    stands one space apart ("217 GW", "2,000 토큰"), a symbol or counter does not ("12%", "3배").
    """
    power, word, rest = split_unit(unit)
    if numbers == "korean":
        text, word = _korean(value, power, word)
    else:
        text = _digits(value)
    return text + word + (spaced(rest) if with_unit else "")


def _korean(value: float, power: int, word: str) -> tuple[str, str]:
    """Return the digits and the scale word of `value`, counted in 10^`power` (`word`)."""
    size = abs(value) * 10.0**power
    words = [(name, e) for name, e in SCALE_WORDS if e > power and size >= 10.0**e]
    if not words:
        return _digits(value), word
    index = SCALE_WORDS.index(words[-1])
    while True:
        name, exponent = SCALE_WORDS[index]
        mantissa = value / 10.0 ** (exponent - power)
        # About three significant digits, never dropping a whole digit: 3.28만, 12.3만, 123만.
        places = 2 if abs(mantissa) < 10 else 1 if abs(mantissa) < 100 else 0
        if abs(round(mantissa, places)) < 10_000 or index == len(SCALE_WORDS) - 1:
            return _digits(mantissa, places), name
        index += 1  # 9,999.9999만 rounds to 10,000만: the next word up says it


def labels(values: list[float], unit: str, numbers: NumberStyle = "western") -> list[str]:
    """Return the labels of `values` in reading order, in one style, each with the whole unit:
    "2,000억 달러", "6,000억 달러" (never the unit on the first label only)."""
    return [format_value(v, unit, numbers) for v in values]


def systems(texts: list[str]) -> set[str]:
    """Return the scale systems the number labels `texts` are written in: "korean" for a label
    with 만, 억, 조 or 경 after its digits, "western" for K, M, B or T after them, "plain"
    otherwise (a small number, which either system writes alike). One chart's labels share
    one of the first two."""
    found = set()
    for text in texts:
        match = re.match(r"-?[\d,.]+(.)?", text.strip())
        after = match.group(1) if match else None
        if after in {w for w, _ in SCALE_WORDS}:
            found.add("korean")
        elif after in {"K", "M", "B", "T"}:
            found.add("western")
        else:
            found.add("plain")
    return found


def unit_words(unit: str, numbers: NumberStyle = "western") -> str:
    """Return what a "unit" line says: the unit, without its scale word where every number
    carries its own (Korean numbers): "억 달러" -> "억 달러", or "달러" in Korean."""
    _power, word, rest = split_unit(unit)
    return (rest if numbers == "korean" and word else unit).strip()


def unit_line(unit: str, numbers: NumberStyle, lang: str, *, labelled: bool = False) -> str:
    """Return the line that states a chart's unit under an exported picture's headline, in the
    deck's language: "단위: 억 달러" ("단위: 달러" with Korean numbers), "Unit: M"; "" for none,
    and "" for a `labelled` chart, whose every label carries the unit."""
    words = unit_words(unit, numbers)
    if not words or labelled:
        return ""
    korean = lang.lower().split("-")[0] == "ko"
    return f"{'단위' if korean else 'Unit'}: {words}"


def reference_text(label: str, value: float, unit: str, numbers: NumberStyle) -> str:
    """Return what a reference line says: its label with its value ("목표 4,000억 원"), in the
    style of the chart's values; a label that already states the value stays as written."""
    text = format_value(value, unit, numbers)
    digits = format_value(value, unit, numbers, with_unit=False)
    plain = _digits(value)
    if any(part in label for part in (text, digits, plain)):
        return label
    return f"{label} {text}"


def decimals(value: float) -> int:
    """Return how many decimals `format_value` shows for `value` (0 to 2)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


def is_number(text: str) -> bool:
    """Return whether `text` is a plain number ("2024", "2024.5"), as a year category is."""
    try:
        return math.isfinite(float(text)) and text.strip() == text and text.isascii()
    except ValueError:
        return False
