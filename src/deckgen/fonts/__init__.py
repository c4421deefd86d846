"""The bundled Korean + Latin font (a subset of Noto Sans CJK KR, SIL OFL 1.1: see OFL.txt)."""

from __future__ import annotations

from pathlib import Path

FAMILY = "Deckgen Sans KR"
FOLDER = Path(__file__).resolve().parent


def path(bold: bool = False) -> Path:
    """Return the file of the bundled font, regular or bold."""
    return FOLDER / f"DeckgenSansKR-{'Bold' if bold else 'Regular'}.otf"
