"""Fixtures of the slide-type tests: a deck of one slide, at either size."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from textwrap import indent

import pytest

from helpers import write_deck

SlideDeck = Callable[..., Path]


@pytest.fixture
def slide_deck(tmp_path: Path) -> SlideDeck:
    """Return a function that writes a Korean deck of one slide (its YAML mapping, unindented)
    at a slide size, without a divider, and returns its path."""

    def write(slide: str, size: str = "16:9", name: str = "deck.yaml") -> Path:
        head = f"""
title: 한 장
lang: ko-KR
theme: {{size: "{size}"}}
sections:
  - title: S
    divider: false
    slides:
"""
        body = indent(slide.strip("\n"), " " * 8)
        return write_deck(tmp_path, head + "      - " + body.lstrip() + "\n", name)

    return write
