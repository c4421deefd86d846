"""How a number reads on a slide, in a table cell, a chart label or an alt text: one place.

The figures (matplotlib and native charts) and the tables all format values here, so "1,500.5"
is written the same way wherever it appears.

Two styles: western ("32,000 토큰", "1,000,000") and Korean, where large values read by the
Korean scale words 만 (10^4), 억 (10^8), 조 (10^12) and 경 (10^16): 32000 -> "3.2만",
1000000 -> "100만". A unit that begins with a scale word ("억 달러", "만원") says the values are
already in that scale: 15,000 in 억 달러 reads "1.5조 달러", continuing from the unit's own word.
The scale word belongs to the number, so it stays when a label leaves the unit out.
"""

from __future__ import annotations

import math
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


def short_unit(unit: str) -> bool:
    """Return whether `unit` is a symbol that goes with every number ("%", "K", "GB"): one or
    two characters written without a space, no Hangul. A word ("명", " 토큰") is stated once."""
    return (
        0 < len(unit) <= 2
        and unit == unit.strip()
        and not any("\uac00" <= ch <= "\ud7a3" or "\u3131" <= ch <= "\u318e" for ch in unit)
    )


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

    Without `with_unit`, the unit is left out but a scale word stays: "6,000억".
    """
    power, word, rest = split_unit(unit)
    if numbers == "korean":
        text, word = _korean(value, power, word)
    else:
        text = _digits(value)
    return text + word + (rest if with_unit else "")


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
    """Return the labels of `values` in reading order, the unit stated once, on the first.

    A short unit ("%", "K") is part of every number and stays on each.
    """
    keep = short_unit(unit)
    return [format_value(v, unit, numbers, with_unit=keep or i == 0) for i, v in enumerate(values)]


def unit_words(unit: str, numbers: NumberStyle = "western") -> str:
    """Return what a "unit" line says: the unit, without its scale word where every number
    carries its own (Korean numbers): "억 달러" -> "억 달러", or "달러" in Korean."""
    _power, word, rest = split_unit(unit)
    return (rest if numbers == "korean" and word else unit).strip()


def unit_line(unit: str, numbers: NumberStyle, lang: str) -> str:
    """Return the line that states a chart's unit under an exported picture's headline, in the
    deck's language: "단위: 억 달러" ("단위: 달러" with Korean numbers), "Unit: M"; "" for none."""
    words = unit_words(unit, numbers)
    if not words:
        return ""
    korean = lang.lower().split("-")[0] == "ko"
    return f"{'단위' if korean else 'Unit'}: {words}"


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
