"""How a number reads on a slide, in a table cell, a chart label or an alt text: one place.

The figures (matplotlib and native charts) and the tables all format values here, so "1,500.5"
is written the same way wherever it appears.
"""

from __future__ import annotations


def format_value(value: float, unit: str = "") -> str:
    """Return `value` with thousands separators and the unit as written: "1,500억 달러"."""
    if float(value).is_integer():
        text = f"{int(value):,}"
    else:
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{text}{unit}"


def decimals(value: float) -> int:
    """Return how many decimals `format_value` shows for `value` (0 to 2)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0
