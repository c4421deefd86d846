"""Layout: text measured against its box, shapes kept on the slide and apart."""

from __future__ import annotations

from deckgen import fit
from deckgen.compose import Composer, Para, SlidePlan, TextShape
from deckgen.layout import Box
from deckgen.markup import Run
from deckgen.model import Deck, Section, StatementSlide

DECK = Deck(
    title="t", sections=[Section(title="s", slides=[StatementSlide(type="statement", text="x")])]
)


def text(box: Box, source=("sections", 0)) -> TextShape:
    return TextShape(box, (Para((Run("글"),), 20, "#000000"),), source=source)


def test_wrap_breaks_between_words_and_inside_overlong_ones():
    assert fit.wrap("가나다 라마바", 20, 60 / 72 * 1.01) == ["가나다", "라마바"]
    assert fit.wrap("가나다라마바", 20, 60 / 72 * 1.01) == ["가나다", "라마바"]


def test_shrink_to_fit_stops_at_the_floor():
    paras = [fit.Paragraph("가" * 200, 20)]
    scale, fits = fit.shrink_to_fit(paras, 5, 1, floor=0.6)
    assert (scale, fits) == (0.6, False)
    scale, fits = fit.shrink_to_fit([fit.Paragraph("가나다", 20)], 5, 1, floor=0.6)
    assert (scale, fits) == (1.0, True)


def test_geometry_flags_shapes_off_the_slide_and_overlapping():
    composer = Composer(DECK)
    plan = SlidePlan(
        "content",
        [
            text(Box(1, 1, 4, 2), ("a",)),
            text(Box(3, 2, 4, 2), ("b",)),
            text(Box(12, 6, 3, 3), ("c",)),
        ],
    )
    assert composer.geometry_problems(plan) == [
        (("c",), "lies partly outside the slide"),
        (("b",), "overlaps another shape on the slide"),
    ]


def test_every_layout_of_the_sample_deck_is_clean(tmp_path):
    from deckgen.build import prepare
    from helpers import every_type_deck

    prepared = prepare(every_type_deck(tmp_path))
    assert all(prepared.composer.geometry_problems(plan) == [] for plan in prepared.plans)
