"""The copy of a deck that LibreOffice renders: the user's slides, lines ended as measured."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from deckgen.commands.build import build

ROOT = Path(__file__).resolve().parents[2]


def slide_xml(pptx: Path) -> list[str]:
    """Return the XML of every slide of `pptx`, in order."""
    with zipfile.ZipFile(pptx) as package:
        names = [n for n in package.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
        names.sort(key=lambda n: int(re.sub(r"\D", "", n)))
        return [package.read(n).decode() for n in names]


@pytest.mark.slow
def test_the_users_deck_is_the_same_with_or_without_a_render_copy(tmp_path):
    shutil.copy(ROOT / "deck.yaml", tmp_path / "deck.yaml")
    plain = build(tmp_path / "deck.yaml", tmp_path / "plain.pptx")
    copy = tmp_path / "render" / "deck.pptx"
    built = build(tmp_path / "deck.yaml", tmp_path / "deck.pptx", render=copy)
    assert (tmp_path / "plain.pptx").read_bytes() == built.output.read_bytes()
    assert built.slides == plain.slides
    user, rendered = slide_xml(built.output), slide_xml(copy)
    assert len(user) == len(rendered)
    # Same text; the copy ends its lines with breaks where the fit measure ends them.
    for mine, theirs in zip(user, rendered, strict=True):
        strip = re.compile(r"<[^>]+>")
        assert "".join(strip.sub("", mine).split()) == "".join(strip.sub("", theirs).split())
    breaks = sum(x.count("<a:br>") for x in rendered) - sum(x.count("<a:br>") for x in user)
    assert breaks >= 5  # the talk's paragraphs that take more than one line
    # Lines 1.2 em apart, as the fit counts them, whatever the face's own line height.
    assert not any("<a:lnSpc>" in x for x in user)
    assert all(x.count("<a:p>") == x.count("<a:lnSpc>") for x in rendered)
    assert '<a:lnSpc><a:spcPts val="3360"/></a:lnSpc>' in rendered[7]  # 28 pt bullets
