"""poppler's tools on a rendered PDF: a pdftoppm or pdfinfo that hangs is stopped and reported,
never a traceback."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from PIL import Image

from deckgen import procs
from deckgen.errors import DeckgenError
from deckgen.export import pages


def hanging(folder: Path, name: str) -> None:
    """Put a `name` on PATH that never ends."""
    folder.mkdir(exist_ok=True)
    tool = folder / name
    tool.write_text("#!/bin/sh\nexec sleep 3600\n")
    tool.chmod(0o755)


@pytest.fixture
def pdf(tmp_path) -> Path:
    path = tmp_path / "deck.pdf"
    Image.new("RGB", (64, 36), "white").save(path)
    return path


@pytest.mark.slow
@pytest.mark.parametrize(
    ("tool", "use"),
    [
        ("pdftoppm", lambda pdf: pages.render(pdf, 40)),
        ("pdfinfo", pages.page_count),
    ],
    ids=["pdftoppm", "pdfinfo"],
)
def test_a_poppler_tool_that_hangs_is_stopped_and_reported(tmp_path, monkeypatch, pdf, tool, use):
    hanging(tmp_path / "bin", tool)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(procs, "TIMEOUT", 0.5)
    start = time.monotonic()
    with pytest.raises(DeckgenError) as caught:
        use(pdf)
    assert str(caught.value) == f"{pdf}: {tool} did not finish within 0.5 s and was stopped"
    assert time.monotonic() - start < 30
