"""Which slides `deckgen serve` draws again: a key changes with what is drawn on the slide only."""

from __future__ import annotations

import pytest

from deckgen.commands import build
from deckgen.export import pages
from deckgen.export.live import LivePictures, excerpt, picture_keys
from helpers import every_type_deck


def keys_after(deck, old: str = "", new: str = "") -> list[str]:
    if old:
        text = deck.read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        deck.write_text(text.replace(old, new), encoding="utf-8")
    return picture_keys(build.build(deck).output)


def changed(before: list[str], after: list[str]) -> list[int]:
    return [n for n, (a, b) in enumerate(zip(before, after, strict=True), 1) if a != b]


def test_each_slide_has_its_own_key(tmp_path):
    keys = keys_after(every_type_deck(tmp_path))
    assert len(keys) == len(set(keys)) == build.build(tmp_path / "deck.yaml").slides


def test_a_text_edit_changes_that_slides_key_only(tmp_path):
    deck = every_type_deck(tmp_path)
    before = keys_after(deck)
    after = keys_after(deck, "- 첫째 **굵게**", "- 첫째 **아주 굵게**")
    assert len(changed(before, after)) == 1


def test_a_notes_edit_changes_no_key(tmp_path):
    deck = every_type_deck(tmp_path)
    before = keys_after(deck)
    assert keys_after(deck, "발표자 노트입니다.", "고친 발표자 노트입니다.") == before


def test_a_changed_image_changes_the_key_of_the_slide_that_shows_it(tmp_path):
    from PIL import Image

    deck = every_type_deck(tmp_path)
    before = keys_after(deck)
    Image.new("RGB", (320, 200), "#AA3366").save(tmp_path / "assets" / "pic.png")
    assert len(changed(before, keys_after(deck))) == 1


@pytest.mark.slow
def test_the_slide_size_changes_every_key(tmp_path):
    deck = every_type_deck(tmp_path)
    before = keys_after(deck)
    after = keys_after(deck, "lang: ko-KR\n", "lang: ko-KR\ntheme:\n  size: '4:3'\n")
    assert changed(before, after) == list(range(1, len(before) + 1))


def test_an_excerpt_shows_only_the_slides_asked_for_with_their_own_numbers(tmp_path):
    import re
    import zipfile

    built = build.build(every_type_deck(tmp_path))
    numbered = []  # the slides whose number is drawn, with it
    with zipfile.ZipFile(built.output) as package:
        main = package.read("ppt/presentation.xml").decode()
        for n in range(1, built.slides + 1):
            xml = package.read(f"ppt/slides/slide{n}.xml").decode()
            if 'type="slidenum"' in xml:
                numbered.append(n)
    chosen = [numbered[-1], numbered[1]]
    copy = tmp_path / "excerpt.pptx"
    excerpt(built.output, chosen, copy)
    with zipfile.ZipFile(copy) as package:
        assert all(info.compress_type == zipfile.ZIP_STORED for info in package.infolist())
        shown = re.findall(r"<p:sldId [^>]*/>", package.read("ppt/presentation.xml").decode())
        assert shown == [re.findall(r"<p:sldId [^>]*/>", main)[n - 1] for n in sorted(chosen)]
        for n in chosen:
            xml = package.read(f"ppt/slides/slide{n}.xml").decode()
            assert 'type="slidenum"' not in xml
            # The field's run keeps its properties, empty or not (written either way).
            assert re.search(rf"<a:r><a:rPr [^>]*?(/>|>.*?</a:rPr>)<a:t>{n}</a:t></a:r>", xml)


def test_spans_cut_pages_into_runs_of_consecutive_pages():
    assert pages.spans([1, 2, 3, 4, 5], 2) == [(1, 2), (3, 4), (5, 5)]
    assert pages.spans([9, 3, 4, 20, 21], 8) == [(3, 4), (9, 9), (20, 21)]
    assert pages.spans([], 4) == []


@pytest.mark.requires("pdftoppm")
def test_a_full_picture_drawn_before_its_thumbnail_is_kept(tmp_path):
    """The two are drawn at once on two cores: under load the full picture can finish first."""
    from PIL import Image

    pdf = tmp_path / "page.pdf"
    Image.new("RGB", (400, 225), "#3366AA").save(pdf)
    pictures = LivePictures()
    try:
        for thumb in (False, True):  # the full picture first, then the thumbnail
            pictures._rasterize(pdf, 1, 1, [1], ["key"], lambda: None, thumb)
        drawn = pictures._known["key"]
        assert drawn.thumb is not None
        assert drawn.full is not None
        assert pictures.png(drawn.full.digest) == drawn.full.png
    finally:
        pictures.close()
