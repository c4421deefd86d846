"""Layout: text measured against its box, shapes kept on the slide and apart."""

from __future__ import annotations

from deckgen.layout import fit
from deckgen.layout.checks import geometry_findings
from deckgen.layout.grid import Box, Grid
from deckgen.layout.shapes import Para, SlidePlan, TextShape
from deckgen.outline.markup import Run


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
    plan = SlidePlan(
        "content",
        [
            text(Box(1, 1, 4, 2), ("a",)),
            text(Box(3, 2, 4, 2), ("b",)),
            text(Box(12, 6, 3, 3), ("c",)),
        ],
    )
    assert geometry_findings(plan, Grid.for_size("16:9")) == [
        (("c",), "lies partly outside the slide"),
        (("b",), "overlaps another shape on the slide"),
    ]


def test_every_layout_of_the_sample_deck_is_clean(tmp_path):
    from deckgen.commands.build import prepare
    from helpers import every_type_deck

    prepared = prepare(every_type_deck(tmp_path))
    laid = prepared.laid
    assert all(geometry_findings(plan, laid.grid) == [] for plan in laid.plans)
