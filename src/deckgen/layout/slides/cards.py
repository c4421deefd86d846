"""Cards slides: the designs of a short list shown as key-point cards (`deckgen.layout.cards`
chooses and lays out the bullets slides shown so)."""

from __future__ import annotations

from deckgen.layout.cards import designs

SLIDES = ()
"""Cards lay out bullets slides, which `deckgen.layout.slides.bullets` hands over."""
__all__ = ["SLIDES", "designs"]
